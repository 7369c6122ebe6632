// What a collective with `async_op: true` returns: c10d's Work.
import { native, DistHandle } from '../native';
import { TorchError } from '../errors';
import type { Tensor } from '../tensor';

/**
 * A collective in flight. `wait()` blocks this thread until it ends (PyTorch's form);
 * `get_future()` is a Promise that settles when it ends without blocking the event loop (the wait
 * runs on a thread of its own). A failure (a dead peer, the group timeout) throws / rejects with a
 * TorchError.
 */
export class Work {
  /** @internal */
  readonly _handle: DistHandle;
  /** @internal what the future resolves to (the collective's output tensors) */
  readonly _result: Tensor[];
  private future: Promise<Tensor[]> | null = null;

  /** @internal */
  constructor(handle: DistHandle, result: Tensor[]) {
    this._handle = handle;
    this._result = result;
  }

  /** Blocks until the collective ends; returns true, or throws its TorchError. */
  wait(): boolean { return native.distWorkWait(this._handle); }

  is_completed(): boolean { return native.distWorkIsCompleted(this._handle); }

  /** A Promise of the collective's output tensors, settled from the event loop. */
  get_future(): Promise<Tensor[]> {
    this.future ??= new Promise<Tensor[]>((resolve, reject) => {
      native.distWorkWaitAsync(this._handle, (error) => {
        if (error === null) resolve(this._result);
        else reject(new TorchError(error, 'RuntimeError'));
      });
    });
    return this.future;
  }

  /** The rank a `recv` without `src` received from (after it completed). */
  _source_rank(): number { return native.distWorkSourceRank(this._handle); }
}
