// Throwaway timing (not committed): 260 weeks x 20 replications in the browser.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = 4190, BASE = `http://127.0.0.1:${PORT}`;
const server = spawn(join(root, 'node_modules/.bin/vite'), ['preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { cwd: root, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 4000));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(BASE + '/');
  for (const profile of ['realistic', 'generous']) {
    if (profile === 'generous') {
      await page.selectOption('#sample-profile', 'generous');
      await page.click('[data-testid="load-sample"]');
      await page.waitForFunction(() => document.querySelector('#scenario-select option:checked')?.textContent?.includes('generous'));
    }
    await page.fill('#sim-weeks', '260');
    await page.fill('#sim-reps', '20');
    const t0 = Date.now();
    await page.click('[data-testid="simulate-run"]');
    await page.waitForFunction(() => /Simulation: (done|failed)/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 300000 });
    const dt = (Date.now() - t0) / 1000;
    const status = await page.locator('#status').innerText();
    const summary = await page.locator('[data-testid="simulation-summary"]').innerText().catch(() => '');
    console.log(`${profile}: ${dt.toFixed(1)} s; ${status.replace(/\s+/g, ' ').slice(0, 200)} | ${summary.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
} finally {
  await browser.close();
  server.kill();
}
