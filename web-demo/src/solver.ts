// The page's one facade over the solver worker. Every wasm call goes through
// here; cancel terminates the worker (a synchronous wasm call cannot receive
// messages) and starts a fresh one.
import type { CallRequest, IssueDto, WorkerMessage } from './protocol';

export class SolverError extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly issues: IssueDto[],
  ) {
    super(message);
  }
}

/** Each kind of failure in words a person can act on (the kind codes never reach the page). */
export const ERROR_KIND_WORDS: Record<string, { title: string; hint: string }> = {
  invalid: { title: 'The input has problems', hint: 'fix the listed records and run again' },
  cancelled: { title: 'Cancelled', hint: '' },
  infeasible: { title: 'No plan is possible with this input', hint: 'relax a rule, add capacity or remove a constraint, then run again' },
  limit: { title: 'A size or search limit was reached before an answer', hint: 'split the input, or allow more time, then run again' },
  backend: { title: 'The solver failed on this input', hint: 'run again; if it keeps failing, please report it with the input' },
  internal: { title: 'Something went wrong inside carematch', hint: 'this is a bug in carematch; the solver was restarted' },
};

/** The words for a failure kind (unknown kinds are described as internal errors). */
export function describeErrorKind(kind: string): { title: string; hint: string } {
  return ERROR_KIND_WORDS[kind] ?? ERROR_KIND_WORDS.internal;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

export class Solver {
  private worker!: Worker;
  private ready!: Promise<string>;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor() {
    this.start();
  }

  /** The carematch version of the loaded wasm package. */
  version(): Promise<string> {
    return this.ready;
  }

  private start() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'carematch-solver' });
    this.ready = new Promise((resolve, reject) => {
      const first = (ev: MessageEvent<WorkerMessage>) => {
        const m = ev.data;
        if (m.type === 'ready') resolve(m.version);
        else if (m.type === 'error' && m.id === -1) reject(new SolverError(m.message, m.kind, []));
      };
      this.worker.addEventListener('message', first);
    });
    this.ready.catch(() => undefined);
    this.worker.addEventListener('message', (ev: MessageEvent<WorkerMessage>) => this.onMessage(ev.data));
    this.worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      this.failAll(new SolverError(`the solver stopped: ${ev.message || 'worker error'}`, 'internal', []));
      this.restart();
    });
  }

  private restart() {
    this.worker.terminate();
    this.start();
  }

  private failAll(err: Error) {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private onMessage(m: WorkerMessage) {
    if (m.type === 'ready') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.done, m.total);
      return;
    }
    this.pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.value);
    else {
      p.reject(new SolverError(m.message, m.kind, m.issues));
      if (m.fatal) this.restart();
    }
  }

  /** Calls a wasm export by name in the worker. */
  async call<T>(method: string, args: unknown[], opts: { budgetMs?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<T> {
    await this.ready;
    const id = this.nextId++;
    const req: CallRequest = { type: 'call', id, method, args, budgetMs: opts.budgetMs ?? 0 };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress });
      this.worker.postMessage(req);
    });
  }

  /** Abandons every running call (they reject with kind `cancelled`) and restarts the worker. */
  cancel() {
    this.failAll(new SolverError('cancelled', 'cancelled', []));
    this.restart();
  }
}
