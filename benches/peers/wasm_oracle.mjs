// Times the oracle instances through the WebAssembly build in Node, to set
// beside the native `carematch oracle` timings (parse + solve in both).
//
//   ./scripts/build-wasm.sh          # builds wasm/pkg (release, wasm-opt)
//   node benches/peers/wasm_oracle.mjs [--repeat 3]
//
// Not part of CI.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const pkg = join(root, 'wasm', 'pkg');
const wasmModule = await import(join(pkg, 'carematch_wasm.js'));
wasmModule.initSync({ module: readFileSync(join(pkg, 'carematch_wasm_bg.wasm')) });

const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1] || 3);
const data = join(root, 'tests', 'data', 'oracles');
const cases = [
  ['cap-100x40', false], ['cap-1000x400', false], ['cap-10000x4000', false],
  ['cap-10000x4000', true], ['dense-500', false], ['dense-2000', false],
];
console.log('instance              objective   wasm median (parse+solve)   expected');
for (const [name, maxPlaced] of cases) {
  const text = readFileSync(join(data, `${name}.json`), 'utf8');
  const expected = JSON.parse(readFileSync(join(data, `${name}.expected.json`), 'utf8'));
  const want = name.startsWith('dense') ? expected.min_cost
    : maxPlaced ? expected.max_placed_then_score : expected.max_score;
  const times = [];
  let got;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    got = wasmModule.solveOracle(text, maxPlaced);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ok = got.objective === want.objective ? 'ok' : `MISMATCH (got ${got.objective})`;
  const label = `${name}${maxPlaced ? ' B' : name.startsWith('dense') ? '' : ' A'}`;
  console.log(`${label.padEnd(22)}${String(want.objective).padEnd(12)}${(times[Math.floor(repeat / 2)] / 1000).toFixed(3).padStart(8)} s                  ${ok}`);
}
