// Messages between the page and the solver worker.

export interface IssueDto {
  code: string;
  record: string;
  path: string;
  message: string;
  hint: string;
}

/** A call into the wasm package, run inside the worker. */
export interface CallRequest {
  type: 'call';
  id: number;
  method: string;
  args: unknown[];
  /** Stop (keeping the best answer so far) after this many milliseconds; 0 = no budget. */
  budgetMs: number;
}

export type WorkerMessage =
  | { type: 'ready'; version: string }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; value: unknown; ms: number }
  | {
      type: 'error';
      id: number;
      kind: string;
      message: string;
      issues: IssueDto[];
      /** True when the wasm instance is unusable (a panic): the page restarts the worker. */
      fatal: boolean;
    };
