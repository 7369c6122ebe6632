// torch.amp.GradScaler (PyTorch's torch/amp/grad_scaler.py): scales the loss so float16
// gradients do not underflow, unscales them before the optimizer step, skips steps whose
// gradients hold inf/NaN, and adapts the scale (times backoff_factor after a skipped step, times
// growth_factor after growth_interval clean steps in a row).
import { Tensor } from '../tensor';
import { full } from '../creation';
import { float16, float32, int32 } from '../dtype';
import { TorchError } from '../errors';
import { callAten } from '../ops/dispatch';
import { no_grad } from '../autograd';
import { warn } from '../python/warnings';
import { bindArgs } from '../python/binder';
import { forRelease } from '../release';
import { cuda } from '../cuda';
import { warnDeprecatedAmp } from './autocast_mode';
import type { Optimizer } from '../optim/optimizer';

export interface GradScalerOptions {
  /** Initial scale factor (default 2**16). */
  init_scale?: number;
  /** Factor the scale is multiplied by after growth_interval steps without inf/NaN (default 2). */
  growth_factor?: number;
  /** Factor the scale is multiplied by after a step with inf/NaN gradients (default 0.5). */
  backoff_factor?: number;
  /** Consecutive clean steps before the scale grows (default 2000). */
  growth_interval?: number;
  /** false makes every method a pass-through (step just calls optimizer.step()). Default true. */
  enabled?: boolean;
}

/** What state_dict() returns for an enabled scaler (an empty object for a disabled one). */
export interface GradScalerState {
  scale: number;
  growth_factor: number;
  backoff_factor: number;
  growth_interval: number;
  _growth_tracker: number;
}

type Stage = 'READY' | 'UNSCALED' | 'STEPPED';
interface OptimizerState { stage: Stage; found_inf_per_device: Map<string, Tensor> }

// LibTorch has CPU kernels for _amp_foreach_non_finite_check_and_unscale_ and _amp_update_scale_
// from 2.3 (when torch.amp.GradScaler('cpu') appeared); before, the same arithmetic runs here.
const CPU_AMP_KERNELS = forRelease([['1.13', false], ['2.3', true]]);
const usesKernels = (t: Tensor): boolean => t.device.type !== 'cpu' || CPU_AMP_KERNELS;

/** _amp_foreach_non_finite_check_and_unscale_: found_inf = 1 if any grad holds inf/NaN; grads *= inv_scale. */
function unscaleGrads(grads: Tensor[], found_inf: Tensor, inv_scale: Tensor): void {
  if (usesKernels(found_inf)) {
    callAten('_amp_foreach_non_finite_check_and_unscale_', [grads, found_inf, inv_scale]);
    return;
  }
  const inv = inv_scale.item() as number;
  for (const g of grads) {
    if (!(g.isfinite().all().item() as boolean)) found_inf.fill_(1);
    if (inv !== 1) g.mul_(inv_scale);
  }
}

/** _amp_update_scale_, as LibTorch's kernel computes it (float32 scale, int32 tracker). */
function updateScale(scale: Tensor, tracker: Tensor, found_inf: Tensor, growth: number, backoff: number, interval: number): void {
  if (usesKernels(scale)) {
    callAten('_amp_update_scale_', [scale, tracker, found_inf, growth, backoff, interval]);
    return;
  }
  const s = scale.item() as number;
  if ((found_inf.item() as number) !== 0) {
    scale.fill_(Math.fround(s * backoff));
    tracker.fill_(0);
    return;
  }
  const successful = (tracker.item() as number) + 1;
  if (successful === interval) {
    const grown = Math.fround(s * growth);
    if (Number.isFinite(grown)) scale.fill_(grown);
    tracker.fill_(0);
  } else tracker.fill_(successful);
}

/** Applies fn to every tensor in a (nested) array of outputs, keeping the structure. */
function mapTensors(outputs: unknown, fn: (t: Tensor) => Tensor): unknown {
  if (outputs instanceof Tensor) return fn(outputs);
  if (Array.isArray(outputs)) return outputs.map((o) => mapTensors(o, fn));
  if (outputs !== null && typeof outputs === 'object' && Symbol.iterator in outputs) return [...(outputs as Iterable<unknown>)].map((o) => mapTensors(o, fn));
  throw new TorchError('outputs must be a Tensor or an iterable of Tensors', 'ValueError');
}

const POSITIONAL = ['device', 'init_scale', 'growth_factor', 'backoff_factor', 'growth_interval', 'enabled'];

/**
 * torch.amp.GradScaler(device='cuda', { init_scale=2**16, growth_factor=2, backoff_factor=0.5,
 * growth_interval=2000, enabled=true }). The training step ports line for line:
 * `scaler.scale(loss).backward(); scaler.step(optimizer); scaler.update()`.
 * A 'cuda' scaler on a machine without CUDA warns and disables itself, as PyTorch's does.
 */
export class GradScaler {
  private readonly _device: string;
  private _enabled: boolean;
  private _init_scale = 2 ** 16;
  private _scale: Tensor | null = null;
  private _growth_factor = 2;
  private _backoff_factor = 0.5;
  private _growth_interval = 2000;
  private _init_growth_tracker = 0;
  private _growth_tracker: Tensor | null = null;
  private _per_optimizer_states = new Map<Optimizer, OptimizerState>();

  constructor(...args: unknown[]) {
    const [device, init_scale, growth_factor, backoff_factor, growth_interval, enabled] = bindArgs<[string, number, number, number, number, boolean]>(
      args, POSITIONAL, { device: 'cuda', init_scale: 2 ** 16, growth_factor: 2, backoff_factor: 0.5, growth_interval: 2000, enabled: true }, 'GradScaler');
    this._device = device;
    this._enabled = enabled;
    if (device === 'cuda' && enabled && !cuda.is_available()) {
      warn('torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.');
      this._enabled = false;
    }
    if (!this._enabled) return;
    if (!(growth_factor > 1)) throw new TorchError('The growth factor must be > 1.0.', 'AssertionError');
    if (!(backoff_factor < 1)) throw new TorchError('The backoff factor must be < 1.0.', 'AssertionError');
    this._init_scale = init_scale;
    this._growth_factor = growth_factor;
    this._backoff_factor = backoff_factor;
    this._growth_interval = growth_interval;
  }

  private _state(optimizer: Optimizer): OptimizerState {
    let s = this._per_optimizer_states.get(optimizer);
    if (!s) this._per_optimizer_states.set(optimizer, (s = { stage: 'READY', found_inf_per_device: new Map() }));
    return s;
  }

  private _check_scale_growth_tracker(funcname: string): [Tensor, Tensor] {
    const fix = 'This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.';
    if (this._scale === null) throw new TorchError(`Attempted ${funcname} but _scale is None.  ${fix}`, 'AssertionError');
    if (this._growth_tracker === null) throw new TorchError(`Attempted ${funcname} but _growth_tracker is None.  ${fix}`, 'AssertionError');
    return [this._scale, this._growth_tracker];
  }

  /** Multiplies outputs (a Tensor or nested arrays of them) by the scale. */
  scale<T extends Tensor | unknown[]>(outputs: T): T {
    if (!this._enabled) return outputs;
    return mapTensors(outputs, (t) => {
      if (this._scale === null) {
        this._scale = full([], this._init_scale, { dtype: float32, device: t.device });
        this._growth_tracker = full([], this._init_growth_tracker, { dtype: int32, device: t.device });
      }
      return t.mul(this._scale.to(t.device, { non_blocking: true }));
    }) as T;
  }

  /** Divides the optimizer's gradients by the scale, recording whether any holds inf/NaN. */
  unscale_(optimizer: Optimizer): void {
    if (!this._enabled) return;
    const [scale] = this._check_scale_growth_tracker('unscale_');
    const state = this._state(optimizer);
    if (state.stage === 'UNSCALED') throw new TorchError('unscale_() has already been called on this optimizer since the last update().', 'RuntimeError');
    if (state.stage === 'STEPPED') throw new TorchError('unscale_() is being called after step().', 'RuntimeError');
    const inv_scale = scale.double().reciprocal().float();
    const found_inf = full([], 0, { dtype: float32, device: scale.device });
    state.found_inf_per_device = this._unscale_grads_(optimizer, inv_scale, found_inf);
    state.stage = 'UNSCALED';
  }

  private _unscale_grads_(optimizer: Optimizer, inv_scale: Tensor, found_inf: Tensor): Map<string, Tensor> {
    const perDevice = new Map<string, { inv_scale: Tensor; found_inf: Tensor; byDtype: Map<string, Tensor[]> }>();
    no_grad(() => {
      for (const group of optimizer.param_groups) {
        for (const param of group.params as Tensor[]) {
          const grad = param.grad;
          if (grad === null) continue;
          if (grad.dtype === float16) throw new TorchError('Attempting to unscale FP16 gradients.', 'ValueError');
          const key = String(grad.device);
          let entry = perDevice.get(key);
          if (!entry) {
            const replicate = (t: Tensor) => (String(t.device) === key ? t : t.to(grad.device, { non_blocking: true, copy: true }));
            perDevice.set(key, (entry = { inv_scale: replicate(inv_scale), found_inf: replicate(found_inf), byDtype: new Map() }));
          }
          const list = entry.byDtype.get(grad.dtype.name) ?? [];
          list.push(grad);
          entry.byDtype.set(grad.dtype.name, list);
        }
      }
      for (const entry of perDevice.values()) for (const grads of entry.byDtype.values()) unscaleGrads(grads, entry.found_inf, entry.inv_scale);
    });
    return new Map([...perDevice].map(([k, v]) => [k, v.found_inf]));
  }

  /**
   * Unscales the gradients (unless unscale_ already did) and calls optimizer.step(...args) when
   * none holds inf/NaN; returns what step returned (undefined when skipped).
   */
  step(optimizer: Optimizer, ...args: unknown[]): unknown {
    const stepFn = optimizer.step as (...a: unknown[]) => unknown;
    if (!this._enabled) return stepFn.apply(optimizer, args);
    const last = args[args.length - 1];
    if (typeof last === 'object' && last !== null && 'closure' in last) throw new TorchError('Closure use is not currently supported if GradScaler is enabled.', 'RuntimeError');
    this._check_scale_growth_tracker('step');
    const state = this._state(optimizer);
    if (state.stage === 'STEPPED') throw new TorchError('step() has already been called since the last update().', 'RuntimeError');
    if (state.stage === 'READY') this.unscale_(optimizer);
    if (state.found_inf_per_device.size === 0) throw new TorchError('No inf checks were recorded for this optimizer.', 'AssertionError');
    let retval: unknown;
    let infs = 0;
    for (const f of state.found_inf_per_device.values()) infs += f.item() as number;
    if (!infs) retval = stepFn.apply(optimizer, args);
    state.stage = 'STEPPED';
    return retval;
  }

  /** Adapts the scale from this iteration's inf checks, or sets it to `new_scale`. */
  update(new_scale: number | Tensor | null = null): void {
    if (!this._enabled) return;
    const [scale, tracker] = this._check_scale_growth_tracker('update');
    if (new_scale !== null) {
      if (typeof new_scale === 'number') scale.fill_(new_scale);
      else {
        const reason = 'new_scale should be a float or a 1-element torch.cuda.FloatTensor or torch.FloatTensor with requires_grad=False.';
        if (new_scale.device.type !== this._device || new_scale.numel() !== 1 || new_scale.requires_grad) throw new TorchError(reason, 'AssertionError');
        scale.copy_(new_scale);
      }
    } else {
      const found = [...this._per_optimizer_states.values()].flatMap((s) => [...s.found_inf_per_device.values()].map((f) => f.to(scale.device, { non_blocking: true })));
      if (found.length === 0) throw new TorchError('No inf checks were recorded prior to update.', 'AssertionError');
      const combined = found[0];
      for (const f of found.slice(1)) combined.add_(f);
      updateScale(scale, tracker, combined, this._growth_factor, this._backoff_factor, this._growth_interval);
    }
    this._per_optimizer_states = new Map();
  }

  /** The current scale (1.0 when disabled). */
  get_scale(): number {
    if (!this._enabled) return 1;
    return this._scale === null ? this._init_scale : (this._scale.item() as number);
  }
  get_growth_factor(): number { return this._growth_factor; }
  set_growth_factor(new_factor: number): void { this._growth_factor = new_factor; }
  get_backoff_factor(): number { return this._backoff_factor; }
  set_backoff_factor(new_factor: number): void { this._backoff_factor = new_factor; }
  get_growth_interval(): number { return this._growth_interval; }
  set_growth_interval(new_interval: number): void { this._growth_interval = new_interval; }
  private _get_growth_tracker(): number {
    if (!this._enabled) return 0;
    return this._growth_tracker === null ? this._init_growth_tracker : (this._growth_tracker.item() as number);
  }
  is_enabled(): boolean { return this._enabled; }

  /** { scale, growth_factor, backoff_factor, growth_interval, _growth_tracker }, or {} when disabled. */
  state_dict(): GradScalerState | Record<string, never> {
    if (!this._enabled) return {};
    return {
      scale: this.get_scale(), growth_factor: this._growth_factor, backoff_factor: this._backoff_factor,
      growth_interval: this._growth_interval, _growth_tracker: this._get_growth_tracker(),
    };
  }
  load_state_dict(state_dict: Partial<GradScalerState>): void {
    if (!this._enabled) return;
    if (Object.keys(state_dict).length === 0) throw new TorchError('The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.', 'RuntimeError');
    const s = state_dict as GradScalerState;
    this._init_scale = s.scale;
    if (this._scale !== null) this._scale.fill_(s.scale);
    this._growth_factor = s.growth_factor;
    this._backoff_factor = s.backoff_factor;
    this._growth_interval = s.growth_interval;
    this._init_growth_tracker = s._growth_tracker;
    if (this._growth_tracker !== null) this._growth_tracker.fill_(s._growth_tracker);
  }
}

/** torch.cuda.amp.GradScaler(init_scale, growth_factor, backoff_factor, growth_interval, enabled): a 'cuda' GradScaler. */
export class CudaGradScaler extends GradScaler {
  constructor(...args: unknown[]) {
    warnDeprecatedAmp('GradScaler', 'cuda');
    super('cuda', ...args);
  }
}
