// What the main thread and a job's worker say to each other. Requests that must reach a busy
// training loop (cancel, "send me the weights") go through a SharedArrayBuffer the loop reads
// between steps, since a synchronous loop never lets the worker's message queue run.

/** Int32 slots of the shared control buffer. */
export const CANCEL = 0;
/** Bumped by the main thread for each weights request; the loop answers up to this count. */
export const WEIGHTS_WANTED = 1;
export const CONTROL_SLOTS = 2;

/** Progress as the job reports it, at most once per `progress_interval_ms` (and at the end). */
export interface JobProgress {
  step: number;
  epoch: number;
  /** The loss passed to the latest `ctx.step(loss)`, NaN before the first step. */
  loss: number;
  /** Steps per second since the previous report. */
  steps_per_s: number;
  /** Live native tensors in the job's thread. */
  live_tensors: number;
  /** Their bytes, in MiB. */
  native_mb: number;
  /** Seconds since the job's function started. */
  elapsed_s: number;
}

/** Checkpoint settings: a file every `every` steps (and on cancel), the last `keep` kept. */
export interface CheckpointOptions {
  dir: string;
  every?: number;
  keep?: number;
}

/** What the worker is started with (workerData). */
export interface WorkerSetup {
  module: string;
  export_name: string;
  args: unknown;
  num_threads: number;
  progress_interval_ms: number;
  checkpoint: Required<CheckpointOptions> | null;
  resume: 'latest' | string | null;
  control: SharedArrayBuffer;
}

export interface SerializedError { name: string; message: string; stack?: string }

export type WorkerMessage =
  | { type: 'started'; num_threads: number }
  | { type: 'resumed'; path: string; step: number; epoch: number }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'weights'; bytes: Uint8Array | null; served: number }
  | { type: 'checkpoint'; path: string; step: number }
  | { type: 'done'; result: unknown; progress: JobProgress }
  | { type: 'cancelled'; progress: JobProgress }
  | { type: 'failed'; error: SerializedError; progress: JobProgress | null };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}
