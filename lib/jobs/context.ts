// The worker side of a job: what a training function receives as `ctx`. `ctx.step(loss)` between
// steps is where the job reports progress, writes checkpoints, answers weight requests and sees
// a cancel request; `ctx.track(...)` names what a checkpoint holds and restores it on resume.
import type { MessagePort } from 'worker_threads';
import { save, load } from '../serialization';
import { get_rng_state, set_rng_state } from '../random';
import { memory } from '../memory';
import { Tensor } from '../tensor';
import { latest_checkpoint, remove_stale_temps, write_checkpoint } from './checkpoint';
import { CANCEL, WEIGHTS_WANTED, type JobProgress, type WorkerMessage, type WorkerSetup } from './protocol';

/** Anything with PyTorch's state_dict()/load_state_dict(): a module, an optimizer, an LR scheduler. */
export interface Stateful {
  state_dict(): object;
  load_state_dict(state_dict: any): unknown;
}

/** What a checkpoint holds: the model (also what `job.weights()` returns), optimizer and scheduler. */
export interface Tracked {
  model: Stateful;
  optimizer?: Stateful;
  scheduler?: Stateful;
}

/** Where a (resumed) run starts: the number of steps done and the epoch of the last one. */
export interface TrainingPosition {
  step: number;
  epoch: number;
}

export interface StepOptions {
  /** The epoch this step belongs to (saved in checkpoints and reported). */
  epoch?: number;
}

/** Thrown by `ctx.step()` once the job has been cancelled; the job ends as cancelled. */
export class JobCancelled extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'JobCancelled';
  }
}

/** The contents of a checkpoint file (a plain object: Python's torch.load reads it as a dict). */
interface CheckpointContents {
  model: object;
  optimizer: object | null;
  scheduler: object | null;
  step: number;
  epoch: number;
  rng_state: Tensor;
}

/** torch.save(obj) into memory. */
export function saveToBytes(obj: unknown): Uint8Array {
  const chunks: Uint8Array[] = [];
  save(obj, { write: (chunk: Uint8Array) => { chunks.push(chunk); } });
  // A fresh buffer of its own (never a slice of Node's shared pool), so it can be transferred.
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

export class JobContext<A = unknown> {
  /** The JSON-able arguments the job was started with. */
  readonly args: A;
  /** Steps done so far (including those restored from a checkpoint). */
  step_count = 0;
  epoch = 0;
  /** The checkpoint this run resumed from, or null. */
  resumed_from: string | null = null;
  private tracked: Tracked | null = null;
  private readonly control: Int32Array;
  private weightsServed = 0;
  private lastCheckpointStep = -1;
  private loss = NaN;
  private readonly t0 = performance.now();
  private lastReport = { t: performance.now(), step: 0 };

  constructor(private readonly setup: WorkerSetup, private readonly port: MessagePort) {
    this.args = setup.args as A;
    this.control = new Int32Array(setup.control);
  }

  /** True once the job has been cancelled (ctx.step() throws JobCancelled from then on). */
  get cancelled(): boolean { return Atomics.load(this.control, CANCEL) !== 0; }

  /**
   * Names the model (and optimizer, scheduler) the job checkpoints and serves as weights. When the
   * job was started with `resume`, restores them, the step, the epoch and the RNG state from the
   * checkpoint, and returns that position; otherwise returns step 0, epoch 0.
   */
  track(objects: Tracked): TrainingPosition {
    if (!objects || typeof objects.model?.state_dict !== 'function') throw new TypeError('track(): expected { model, optimizer?, scheduler? } with state_dict() methods');
    this.tracked = objects;
    const file = this.resumeFile();
    if (file) {
      const ck = load(file) as CheckpointContents;
      objects.model.load_state_dict(ck.model);
      if (objects.optimizer && ck.optimizer) objects.optimizer.load_state_dict(ck.optimizer);
      if (objects.scheduler && ck.scheduler) objects.scheduler.load_state_dict(ck.scheduler);
      set_rng_state(ck.rng_state);
      this.step_count = ck.step;
      this.epoch = ck.epoch;
      this.lastCheckpointStep = ck.step;
      this.lastReport.step = ck.step;
      this.resumed_from = file;
      this.post({ type: 'resumed', path: file, step: ck.step, epoch: ck.epoch });
    }
    return { step: this.step_count, epoch: this.epoch };
  }

  /**
   * Call once per optimizer step: counts it, reports progress (throttled), writes the periodic
   * checkpoint, answers pending weight requests, and throws JobCancelled (after a checkpoint)
   * once the job has been cancelled.
   */
  step(loss?: number | Tensor, options: StepOptions = {}): void {
    this.step_count++;
    if (options.epoch !== undefined) this.epoch = options.epoch;
    if (loss !== undefined) this.loss = loss instanceof Tensor ? Number(loss.item()) : loss;
    const now = performance.now();
    if (now - this.lastReport.t >= this.setup.progress_interval_ms) this.post({ type: 'progress', progress: this.progress(now) });
    const ck = this.setup.checkpoint;
    if (ck && this.tracked && this.step_count % ck.every === 0) this.checkpoint();
    this.serveWeights();
    if (this.cancelled) {
      this.checkpoint();
      throw new JobCancelled();
    }
  }

  /** Writes a checkpoint of the current step now (when checkpoints are configured); its path or null. */
  checkpoint(): string | null {
    const ck = this.setup.checkpoint;
    if (!ck || !this.tracked || this.lastCheckpointStep === this.step_count) return null;
    const { model, optimizer, scheduler } = this.tracked;
    const contents: CheckpointContents = {
      model: model.state_dict(),
      optimizer: optimizer ? optimizer.state_dict() : null,
      scheduler: scheduler ? scheduler.state_dict() : null,
      step: this.step_count,
      epoch: this.epoch,
      rng_state: get_rng_state(),
    };
    const file = write_checkpoint(ck.dir, this.step_count, contents, ck.keep);
    this.lastCheckpointStep = this.step_count;
    this.post({ type: 'checkpoint', path: file, step: this.step_count });
    return file;
  }

  /** The tracked model's state dict as torch.save bytes, or null when nothing is tracked. */
  weights(): Uint8Array | null {
    return this.tracked ? saveToBytes(this.tracked.model.state_dict()) : null;
  }

  /** @internal The progress report at `now`. */
  progress(now = performance.now()): JobProgress {
    const dt = (now - this.lastReport.t) / 1000;
    const mem = memory();
    const p: JobProgress = {
      step: this.step_count,
      epoch: this.epoch,
      loss: this.loss,
      steps_per_s: dt > 0 ? (this.step_count - this.lastReport.step) / dt : 0,
      live_tensors: mem.tensors,
      native_mb: mem.bytes / 2 ** 20,
      elapsed_s: (now - this.t0) / 1000,
    };
    this.lastReport = { t: now, step: this.step_count };
    return p;
  }

  /** @internal Answers the weight requests made since the last answer. */
  serveWeights(): void {
    const wanted = Atomics.load(this.control, WEIGHTS_WANTED);
    if (wanted === this.weightsServed) return;
    const bytes = this.weights();
    this.weightsServed = wanted;
    this.post({ type: 'weights', bytes, served: wanted }, bytes ? [bytes.buffer as ArrayBuffer] : []);
  }

  /** @internal */
  post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void { this.port.postMessage(message, transfer); }

  private resumeFile(): string | null {
    const { resume, checkpoint } = this.setup;
    if (resume === null) return null;
    if (resume !== 'latest') return resume;
    if (!checkpoint) throw new TypeError("resume: 'latest' needs checkpoint.dir");
    remove_stale_temps(checkpoint.dir);
    return latest_checkpoint(checkpoint.dir);
  }
}
