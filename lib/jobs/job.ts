// The main-thread side of a training job: a worker thread running a user's training module,
// with progress events, cooperative cancellation (terminate after a grace period), the result,
// and the current weights on request.
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { z } from 'zod';
import { checkArgs } from '../errors';
import { native } from '../native';
import {
  CANCEL, CONTROL_SLOTS, WEIGHTS_WANTED,
  type CheckpointOptions, type JobProgress, type SerializedError, type WorkerMessage, type WorkerSetup,
} from './protocol';

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface StartOptions<A = unknown> {
  /** The job's id (default `job-<n>`, numbered in start order). */
  id?: string;
  /** JSON-able arguments, passed to the training function as its second argument (and `ctx.args`). */
  args?: A;
  /** The module's export to run (default: `default`, else the module itself when it is a function). */
  export_name?: string;
  /** Aborting it cancels the job. */
  signal?: AbortSignal;
  /** Intra-op threads of the job (default: `thread_budget(running jobs + 1)`). */
  num_threads?: number;
  /** At most one progress event per this many ms (default 200). */
  progress_interval_ms?: number;
  /** After a cancel, how long the loop has to reach `ctx.step()` before the worker is terminated (default 5000). */
  grace_ms?: number;
  /** Checkpoints: `{ dir, every = 100, keep = 3 }`. */
  checkpoint?: CheckpointOptions;
  /** `'latest'` (the newest checkpoint in `checkpoint.dir`, if any) or a checkpoint path. */
  resume?: 'latest' | string;
  /** V8 heap limit of the worker in MiB: past it the job fails with an out-of-memory error, the process goes on. */
  max_old_generation_mb?: number;
}

/** Why a job failed: the error thrown in the job (its name, message and stack kept). */
export class JobError extends Error {
  constructor(error: SerializedError) {
    super(error.message);
    this.name = error.name;
    if (error.stack) this.stack = error.stack;
  }
}

const checkpointSchema = z.object({
  dir: z.string().min(1),
  every: z.number().int().positive().optional(),
  keep: z.number().int().positive().optional(),
}).strict();

const startSchema = z.object({
  id: z.string().min(1).optional(),
  args: z.unknown().optional(),
  export_name: z.string().optional(),
  signal: z.instanceof(AbortSignal).optional(),
  num_threads: z.number().int().positive().optional(),
  progress_interval_ms: z.number().nonnegative().optional(),
  grace_ms: z.number().nonnegative().optional(),
  checkpoint: checkpointSchema.optional(),
  resume: z.string().optional(),
  max_old_generation_mb: z.number().positive().optional(),
}).strict();

/**
 * Runs in the fresh worker: loads the runner, and first ts-node (found from the module, the
 * working directory or this package) when the module or the runner is TypeScript.
 */
const BOOTSTRAP = `
const path = require('path');
const { workerData } = require('worker_threads');
if (/\\.[cm]?ts$/.test(workerData.runner) || /\\.[cm]?ts$/.test(workerData.setup.module)) {
  let tsNode;
  try {
    tsNode = require.resolve('ts-node', { paths: [path.dirname(workerData.setup.module), process.cwd(), path.dirname(workerData.runner)] });
  } catch {
    throw new Error('a TypeScript job module needs ts-node (npm install ts-node), or compile it to JavaScript: ' + workerData.setup.module);
  }
  require(tsNode).register({ transpileOnly: true });
}
require(workerData.runner);
`;

/** The compiled worker runner: beside this file, or the package's build when this runs from source. */
function runnerPath(): string {
  const candidates = [path.join(__dirname, 'runner.js'), path.join(__dirname, '..', '..', 'dist', 'jobs', 'runner.js'), path.join(__dirname, 'runner.ts')];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`torchts jobs: no worker runner found (looked for ${candidates.join(', ')}); run \`npm run build\``);
  return found;
}

const running = new Set<Job>();

// This thread adopts ATen's process-wide intra-op thread count on its first parallel call; do that
// now, before any job's worker sets the count for itself.
native.getNumThreads();

/**
 * Intra-op threads for each of `jobs` concurrent jobs: the cores (os.availableParallelism()) less
 * one kept for the event loop, split evenly, at least 1.
 */
export function thread_budget(jobs: number, cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.floor((cores - 1) / Math.max(1, jobs)));
}

/** Jobs started in this thread that have not ended yet. */
export function running_jobs(): Job[] { return [...running]; }

let nextId = 1;

export class Job<R = unknown> extends EventEmitter {
  readonly id: string;
  readonly module: string;
  readonly num_threads: number;
  status: JobStatus = 'running';
  /** The latest progress report (null before the first). */
  progress: JobProgress | null = null;
  /** The error a failed job ended with. */
  error: Error | null = null;
  /** The checkpoint this run resumed from, and the last one it wrote. */
  resumed_from: string | null = null;
  last_checkpoint: string | null = null;
  readonly started_at = new Date();
  finished_at: Date | null = null;
  /** Resolves with the training function's return value; rejects when the job fails or is cancelled. */
  readonly result: Promise<R>;
  /** Resolves with the final status once the worker has exited (never rejects). */
  readonly done: Promise<JobStatus>;

  private readonly worker: Worker;
  private readonly control: Int32Array;
  private readonly graceMs: number;
  private finalWeights: Uint8Array | null = null;
  private weightWaiters: { ticket: number; resolve: (b: Uint8Array | null) => void }[] = [];
  private ending: { status: JobStatus; result?: unknown; error?: Error } | null = null;
  private killTimer: NodeJS.Timeout | null = null;

  /** Use `start()`. */
  constructor(module: string, options: StartOptions<unknown> = {}) {
    super();
    if (typeof module !== 'string' || module === '') throw new TypeError(`Expected a module path for module but received ${String(module)} of type ${typeof module}`);
    const opts = checkArgs(startSchema, options, 'start');
    this.id = opts.id ?? `job-${nextId++}`;
    this.module = path.resolve(module);
    this.num_threads = opts.num_threads ?? thread_budget(running.size + 1);
    this.graceMs = opts.grace_ms ?? 5000;
    const shared = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    this.control = new Int32Array(shared);
    const setup: WorkerSetup = {
      module: this.module,
      export_name: opts.export_name ?? 'default',
      args: opts.args ?? null,
      num_threads: this.num_threads,
      progress_interval_ms: opts.progress_interval_ms ?? 200,
      checkpoint: opts.checkpoint ? { every: 100, keep: 3, ...opts.checkpoint, dir: path.resolve(opts.checkpoint.dir) } : null,
      resume: opts.resume ?? null,
      control: shared,
    };
    let settle!: { resolve: (v: R) => void; reject: (e: Error) => void };
    this.result = new Promise<R>((resolve, reject) => { settle = { resolve, reject }; });
    this.result.catch(() => { /* callers who never await the result must not crash the process */ });
    let resolveDone!: (s: JobStatus) => void;
    this.done = new Promise<JobStatus>((resolve) => { resolveDone = resolve; });
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { runner: runnerPath(), setup },
      resourceLimits: opts.max_old_generation_mb ? { maxOldGenerationSizeMb: opts.max_old_generation_mb } : undefined,
    });
    this.worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    this.worker.on('error', (e) => { this.ending ??= { status: 'failed', error: e }; });
    this.worker.on('exit', (code) => {
      running.delete(this);
      if (this.killTimer) clearTimeout(this.killTimer);
      const end = this.ending
        ?? (Atomics.load(this.control, CANCEL) ? { status: 'cancelled' as const } : { status: 'failed' as const, error: new Error(`the job's worker exited with code ${code}`) });
      this.finish(end.status, end.error);
      for (const w of this.weightWaiters.splice(0)) w.resolve(this.finalWeights);
      if (end.status === 'succeeded') settle.resolve(end.result as R);
      else settle.reject(end.error ?? Object.assign(new Error('the job was cancelled'), { name: 'AbortError' }));
      // After the result's own handlers, so an 'end' listener finds what they recorded.
      queueMicrotask(() => {
        this.emit('end', this.status);
        resolveDone(this.status);
      });
    });
    running.add(this);
    const signal = opts.signal;
    if (signal) {
      if (signal.aborted) this.cancel();
      else signal.addEventListener('abort', () => this.cancel(), { once: true });
    }
  }

  /**
   * Asks the loop to stop at its next `ctx.step()` (it checkpoints, then ends as cancelled); if it
   * has not ended after the grace period, terminates the worker.
   */
  cancel(): void {
    if (this.status !== 'running' || Atomics.load(this.control, CANCEL)) return;
    Atomics.store(this.control, CANCEL, 1);
    this.killTimer = setTimeout(() => { void this.worker.terminate(); }, this.graceMs);
  }

  /**
   * The tracked model's state dict as torch.save bytes (a .pt file's contents): served by the
   * loop at its next step while running, the final weights once ended. Null when the job tracks
   * no model.
   */
  weights(): Promise<Uint8Array | null> {
    if (this.status !== 'running') return Promise.resolve(this.finalWeights);
    const ticket = Atomics.add(this.control, WEIGHTS_WANTED, 1) + 1;
    return new Promise((resolve) => this.weightWaiters.push({ ticket, resolve }));
  }

  /** Id, module, status, threads, progress and error as plain JSON. */
  toJSON(): object {
    return {
      id: this.id, module: this.module, status: this.status, num_threads: this.num_threads, progress: this.progress,
      error: this.error ? { name: this.error.name, message: this.error.message } : null,
      resumed_from: this.resumed_from, last_checkpoint: this.last_checkpoint,
      started_at: this.started_at.toISOString(), finished_at: this.finished_at ? this.finished_at.toISOString() : null,
    };
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.type) {
      case 'started': break;
      case 'resumed': this.resumed_from = m.path; break;
      case 'progress': this.progress = m.progress; this.emit('progress', m.progress); break;
      case 'checkpoint': this.last_checkpoint = m.path; this.emit('checkpoint', m.path, m.step); break;
      case 'weights': {
        if (m.served === -1) { this.finalWeights = m.bytes; break; }
        const ready = this.weightWaiters.filter((w) => w.ticket <= m.served);
        this.weightWaiters = this.weightWaiters.filter((w) => w.ticket > m.served);
        for (const w of ready) w.resolve(m.bytes);
        break;
      }
      case 'done': this.end(m.progress, { status: 'succeeded', result: m.result }); break;
      case 'cancelled': this.end(m.progress, { status: 'cancelled' }); break;
      case 'failed': this.end(m.progress, { status: 'failed', error: new JobError(m.error) }); break;
    }
  }

  /** The loop has ended: record how, and let the worker go (it has nothing left to do). */
  private end(progress: JobProgress | null, ending: NonNullable<Job['ending']>): void {
    if (progress) { this.progress = progress; this.emit('progress', progress); }
    this.ending = ending;
    void this.worker.terminate();
  }

  private finish(status: JobStatus, error?: Error): void {
    this.status = status;
    this.error = error ?? null;
    this.finished_at = new Date();
  }
}

/** Starts `module`'s training function (`(ctx, args) => result`) in a worker thread. */
export function start<R = unknown, A = unknown>(module: string, options: StartOptions<A> = {}): Job<R> {
  return new Job<R>(module, options as StartOptions<unknown>);
}

/** Cancels every running job and waits until all have ended (e.g. on SIGTERM). */
export async function shutdown(): Promise<void> {
  const jobs = [...running];
  for (const j of jobs) j.cancel();
  await Promise.all(jobs.map((j) => j.done));
}
