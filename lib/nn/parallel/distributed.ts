// DistributedDataParallel (PyTorch's torch/nn/parallel/distributed.py): the module runs as it is
// on every rank; construction broadcasts rank 0's parameters and buffers, and backward all-reduces
// the gradients bucket by bucket as they are produced (native/distributed.cc's reducer, on the
// parameters' gradient accumulators), leaving every rank with the average.
import { native, DistHandle } from '../../native';
import { Module } from '../module';
import { inspect } from 'util';
import { Tensor } from '../../tensor';
import { device } from '../../device';
import { cat } from '../../creation';
import { TorchError } from '../../errors';
import { no_grad, is_grad_enabled } from '../../autograd';
import { pyBind } from '../../python/binder';
import { typed } from '../../python/check';
import * as dist from '../../distributed/distributed_c10d';
import * as default_hooks from '../../distributed/algorithms/ddp_comm_hooks/default_hooks';
import { describeValue } from '../../python/check';

const bool = typed<boolean>('bool', (v) => typeof v === 'boolean');
const positive = typed<number>('number > 0', (v) => typeof v === 'number' && v > 0);
const deviceIds = typed<unknown[] | null>('list or None', (v) => v === null || Array.isArray(v));

export interface DistributedDataParallelOptions {
  /** GPU modules only: must be null for a CPU module (PyTorch's rule). */
  device_ids?: (number | string)[] | null;
  output_device?: number | string | null;
  dim?: number;
  broadcast_buffers?: boolean;
  process_group?: dist.ProcessGroup | null;
  bucket_cap_mb?: number;
  find_unused_parameters?: boolean;
  check_reduction?: boolean;
  gradient_as_bucket_view?: boolean;
  static_graph?: boolean;
}

/**
 * DistributedDataParallel(module, {device_ids=null, broadcast_buffers=true, process_group=null,
 * bucket_cap_mb=25, find_unused_parameters=false}): data parallelism over the process group. Each
 * rank feeds its own share of every batch; after `loss.backward()` every rank holds the average of
 * all ranks' gradients, so identical optimizer steps keep the replicas identical.
 * `ddp.module` is the wrapped module; `state_dict()` keys start with `module.` as in PyTorch.
 */
export class DistributedDataParallel extends Module {
  declare module: Module;
  declare broadcast_buffers: boolean;
  declare find_unused_parameters: boolean;
  declare bucket_bytes_cap: number;
  declare process_group: dist.ProcessGroup;
  /** False inside no_sync(): the next forward's backward keeps its gradients local. */
  declare require_backward_grad_sync: boolean;
  declare require_forward_param_sync: boolean;
  declare private _reducer: DistHandle;
  /** The single device of device_ids (inputs move there), or null. */
  declare device_ids: number[] | null;
  declare private _inputDevice: device | null;

  constructor(module: Module, options?: DistributedDataParallelOptions);
  constructor(module: Module, ...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const [module, ids, outputDevice, , broadcastBuffers, processGroup, bucketCapMb, findUnused] = pyBind<
      [Module, unknown[] | null, unknown, number, boolean, dist.Group, number, boolean]>('DistributedDataParallel.__init__', args,
      ['module', 'device_ids', 'output_device', 'dim', 'broadcast_buffers', 'process_group', 'bucket_cap_mb', 'find_unused_parameters', 'check_reduction', 'gradient_as_bucket_view', 'static_graph'],
      { device_ids: null, output_device: null, dim: 0, broadcast_buffers: true, process_group: null, bucket_cap_mb: 25, find_unused_parameters: false, check_reduction: false, gradient_as_bucket_view: false, static_graph: false });
    if (!(module instanceof Module)) throw new TypeError(`DistributedDataParallel.__init__(): argument 'module' must be Module, not ${typeof module}`);
    deviceIds.verify('DistributedDataParallel', 'device_ids', ids);
    bool.verify('DistributedDataParallel', 'broadcast_buffers', broadcastBuffers);
    positive.verify('DistributedDataParallel', 'bucket_cap_mb', bucketCapMb);
    bool.verify('DistributedDataParallel', 'find_unused_parameters', findUnused);
    const params = uniqueParams(module);
    // PyTorch's device rules: one device type; device_ids (a single entry) only for a module on one GPU.
    const types = new Set(params.map((p) => p.device.type));
    const placed = new Map(params.map((p) => [p.device.toString(), p.device]));
    const shown = `{${[...placed.values()].map((d) => d[inspect.custom]()).join(', ')}}`;
    if (ids !== null && ids.length > 1) throw new TorchError('device_ids can only be None or contain a single element.', 'ValueError');
    if (types.size > 1) throw new TorchError(`DistributedDataParallel's input module must be on the same type of devices, but input module parameters locate in ${shown}.`, 'ValueError');
    const gpuModule = !types.has('cpu') && placed.size === 1;
    if (!gpuModule && ((ids !== null && ids.length > 0) || outputDevice !== null)) {
      throw new TorchError(`DistributedDataParallel device_ids and output_device arguments only work with single-device/multiple-device GPU modules or CPU modules, but got device_ids ${pyList(ids)}, output_device ${outputDevice ?? 'None'}, and module parameters ${shown}.`, 'ValueError');
    }
    // Inputs go to device_ids[0] before forward, as PyTorch's _to_kwargs moves them.
    const inputDevice = gpuModule && ids !== null && ids.length > 0 ? new device(typeof ids[0] === 'number' ? `${[...types][0]}:${ids[0]}` : String(ids[0])) : null;
    if (params.length === 0) throw new TorchError("DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.", 'RuntimeError');
    const pg = dist._groupHandle(processGroup);
    if (pg === null) throw new TorchError('DistributedDataParallel: this rank is not a member of the process group', 'RuntimeError');
    this.module = module;
    hide(this, 'process_group', pg);
    hide(this, 'broadcast_buffers', broadcastBuffers);
    hide(this, 'find_unused_parameters', findUnused);
    hide(this, 'bucket_bytes_cap', Math.floor(bucketCapMb * 1024 * 1024));
    hide(this, 'require_backward_grad_sync', true);
    hide(this, 'require_forward_param_sync', true);
    hide(this, 'device_ids', inputDevice === null ? null : [inputDevice.index ?? 0]);
    hide(this, '_inputDevice', inputDevice);
    // Every replica starts from rank 0's parameters and buffers.
    broadcastCoalesced([...params, ...module.buffers()], pg);
    hide(this, '_reducer', native.distReducer(pg._handle!, params, this.bucket_bytes_cap, pg.size(), findUnused));
  }

  forward(...inputs: unknown[]): unknown {
    if (this.require_forward_param_sync && this.broadcast_buffers) {
      const buffers = [...this.module.buffers()];
      if (buffers.length > 0 && this.process_group.size() > 1) broadcastCoalesced(buffers, this.process_group);
    }
    const sync = is_grad_enabled() && this.require_backward_grad_sync;
    native.distReducerSetSync(this._reducer, sync);
    this.require_forward_param_sync = sync;
    const moved = this._inputDevice === null ? inputs : inputs.map((x) => (x instanceof Tensor ? x.to(this._inputDevice!) : x));
    return this.module(...moved);
  }

  /**
   * `with ddp.no_sync():` -> `ddp.no_sync(() => ...)`: backward passes of forwards run inside
   * accumulate gradients locally; the first synchronized backward after it all-reduces the sum.
   */
  no_sync<T>(fn: () => T): T {
    const previous = this.require_backward_grad_sync;
    this.require_backward_grad_sync = false;
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.require_backward_grad_sync = previous;
      throw e;
    }
    if (result instanceof Promise) return result.finally(() => { this.require_backward_grad_sync = previous; }) as unknown as T;
    this.require_backward_grad_sync = previous;
    return result;
  }

  /**
   * register_comm_hook(state, hook): how buckets are reduced. `hook` is one of PyTorch's
   * `torch.distributed.algorithms.ddp_comm_hooks.default_hooks` (`allreduce_hook`,
   * `fp16_compress_hook`) and `state` the process group it reduces over (null: the default
   * group); the hook runs natively in the reducer. Other hooks are not supported. Once only.
   */
  register_comm_hook(state: dist.ProcessGroup | null, hook: unknown): void {
    if (typeof hook !== 'function') throw new TorchError('Communication hook must be callable.', 'TypeError');
    const kind = hook === default_hooks.allreduce_hook ? 1 : hook === default_hooks.fp16_compress_hook ? 2 : 0;
    if (kind === 0) throw new TorchError('DistributedDataParallel.register_comm_hook: torchts runs only the hooks of torch.distributed.algorithms.ddp_comm_hooks.default_hooks (allreduce_hook, fp16_compress_hook)', 'NotImplementedError');
    if (state !== null && !(state instanceof dist.ProcessGroup)) throw new TypeError(`register_comm_hook(): expected a ProcessGroup or null for state but received ${describeValue(state)}`);
    const group = dist._groupHandle(state);
    if (group === null) throw new TorchError('register_comm_hook: this rank is not a member of the process group', 'RuntimeError');
    native.distReducerSetCommHook(this._reducer, group._handle!, kind);
  }

  extra_repr(): string { return ''; }
}

/** Broadcasts the group's first rank's values of `tensors` into everyone's: one flat broadcast per dtype. */
function broadcastCoalesced(tensors: Tensor[], pg: dist.ProcessGroup): void {
  const byDtype = new Map<unknown, Tensor[]>();
  for (const t of tensors) {
    const list = byDtype.get(t.dtype) ?? [];
    list.push(t);
    byDtype.set(t.dtype, list);
  }
  no_grad(() => {
    for (const list of byDtype.values()) {
      const flat = cat(list.map((t) => t.detach().reshape(-1)));
      dist.broadcast(flat, pg._ranks[0], { group: pg });
      let offset = 0;
      for (const t of list) {
        t.copy_(flat.narrow(0, offset, t.numel()).view(t.shape));
        offset += t.numel();
      }
    }
  });
}

function hide(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}

const pyList = (v: unknown[] | null): string => (v === null ? 'None' : `[${v.join(', ')}]`);

/** The module's parameters that require a gradient, each once (tied weights are one parameter). */
function uniqueParams(module: Module): Tensor[] {
  return [...new Set(module.parameters())].filter((p) => p.requires_grad);
}
