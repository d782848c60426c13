// The solver worker: owns the one wasm instance, runs every call off the
// page's thread, reports progress and turns exceptions into messages.
import init, * as wasm from 'carematch-wasm';
import { readImport } from './import-read';
import type { CallRequest, IssueDto, WorkerMessage } from './protocol';

const PANIC_PREFIX = 'carematch internal error';

const post = (msg: WorkerMessage) => (self as unknown as Worker).postMessage(msg);

type Fn = (...args: unknown[]) => unknown;

/** The exports the page may call, by name. Calls with a progress callback get it last. */
const LONG_RUNS = new Set(['planRounds', 'matchPlacements', 'insertVisits', 'planWeek', 'dischargeOptions', 'capacityValue', 'recruitmentBrief', 'simulateFlow', 'compareSimulations']);

/** Calls answered in TypeScript, off the page's thread (reading imported files). */
const LOCAL: Record<string, Fn> = { readImport: readImport as Fn };

async function main() {
  await init();
  post({ type: 'ready', version: wasm.version() });
  self.onmessage = (ev: MessageEvent<CallRequest>) => void run(ev.data);
}

async function run(req: CallRequest) {
  const fn = LOCAL[req.method] ?? (wasm as unknown as Record<string, Fn>)[req.method];
  if (typeof fn !== 'function') {
    post({ type: 'error', id: req.id, kind: 'internal', message: `no such solver call: ${req.method}`, issues: [], fatal: false });
    return;
  }
  const started = performance.now();
  let lastPost = 0;
  const onProgress = (done: number, total: number): boolean => {
    const now = performance.now();
    if (now - lastPost > 100) {
      lastPost = now;
      post({ type: 'progress', id: req.id, done, total });
    }
    // The time budget is read from this thread's clock, never inside the core.
    return !(req.budgetMs > 0 && now - started > req.budgetMs);
  };
  try {
    const args = LONG_RUNS.has(req.method) ? [...req.args, onProgress] : req.args;
    const value = await fn(...args);
    post({ type: 'result', id: req.id, value, ms: performance.now() - started });
  } catch (e) {
    const err = e as { kind?: string; message?: string; issues?: IssueDto[] };
    const message = String(err?.message ?? e);
    const fatal = message.startsWith(PANIC_PREFIX) || e instanceof WebAssembly.RuntimeError;
    post({
      type: 'error',
      id: req.id,
      kind: err?.kind ?? (fatal ? 'internal' : 'unknown'),
      message,
      issues: Array.isArray(err?.issues) ? err.issues : [],
      fatal,
    });
  }
}

main().catch((e) => post({ type: 'error', id: -1, kind: 'internal', message: `the solver could not start: ${e}`, issues: [], fatal: true }));
