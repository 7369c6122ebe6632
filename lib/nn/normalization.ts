// BatchNorm1d/2d/3d, LayerNorm, GroupNorm (PyTorch's batchnorm.py and normalization.py).
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { zeros, ones, empty, tensor, stack, cat } from '../creation';
import { int64, dtype } from '../dtype';
import { DeviceLike } from '../device';
import { no_grad, is_grad_enabled } from '../autograd';
import { Module, LocalMetadata } from './module';
import { initName } from './init_owner';
import { Parameter } from './parameter';
import { FactoryParams, FACTORY_DEFAULTS, factory, checkSize } from './linear';
import { none } from './args';
import { pyBind, bind, signature } from '../python/binder';
import { numberRepr, pyValue } from './repr';
import { markFloatDefaults } from '../python/float_marks';
import * as F from './functional';
import { warnOnce } from '../python/warnings';
import { forRelease } from '../release';
import { describeValue } from '../python/check';
import * as dist from '../distributed/distributed_c10d';
import { ProcessGroup } from '../distributed/distributed_c10d';
import { SyncBatchNormFunction } from './sync_batch_norm';

// PyTorch 2.x fills a num_batches_tracked missing from an old state dict with the module's own.
const KEEP_NUM_BATCHES_TRACKED = forRelease([['1.13', false], ['2.0', true]]);
// PyTorch 2.14's BatchNorm, InstanceNorm, GroupNorm and LayerNorm print whether they have a bias.
const REPR_BIAS = forRelease([['1.13', false], ['2.14', true]]);
const biasRepr = (bias: Parameter | null): string => (REPR_BIAS ? `, bias=${bias ? 'True' : 'False'}` : '');
/** BatchNorm's, InstanceNorm's and GroupNorm's keyword-only `bias` (2.14 on): False leaves an affine norm without a bias. */
export const NORM_BIAS_KWONLY: string[] = forRelease([['1.13', []], ['2.14', ['bias']]]);

/** The shared part of BatchNorm1d/2d/3d: parameters, running statistics and the forward pass. */
export abstract class BatchNormBase extends Module {
  num_features: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  track_running_stats: boolean;
  // Optional parameters and buffers are typed non-null (like Tensor.grad): null at run time when
  // affine=False / track_running_stats=False.
  weight: Parameter;
  bias: Parameter;
  declare running_mean: Tensor;
  declare running_var: Tensor;
  declare num_batches_tracked: Tensor;

  constructor(...args: PyArgs<[['num_features', number], ['eps', number, '?'], ['momentum', number | null, '?'], ['affine', boolean, '?'], ['track_running_stats', boolean, '?'], ...FactoryParams], { bias?: boolean }>) {
    super();
    const [num_features, eps, momentum, affine, track, device, dt, bias = true] = pyBind<[number, number, number | null, boolean, boolean, DeviceLike | null, dtype | null, boolean?]>(
      initName(this), args, ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats', 'device', 'dtype'],
      { eps: 1e-5, momentum: 0.1, ...this.normDefaults(), ...FACTORY_DEFAULTS, bias: true }, NORM_BIAS_KWONLY);
    this.num_features = checkSize('num_features', num_features, !this.sizedLater());
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track;
    const f = factory(device, dt);
    this.weight = this.affine ? Parameter(empty([num_features], f)) : none();
    this.bias = this.affine && bias ? Parameter(empty([num_features], f)) : none();
    if (this.track_running_stats) {
      this.register_buffer('running_mean', zeros([num_features], f));
      this.register_buffer('running_var', ones([num_features], f));
      this.register_buffer('num_batches_tracked', tensor(0, { dtype: int64, device: f.device }));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
    this.reset_parameters();
  }

  /** Version 2 added num_batches_tracked. */
  get _version(): number { return 2; }

  _load_from_state_dict(state_dict: Record<string, unknown>, prefix: string, local_metadata: LocalMetadata, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[]): void {
    const version = local_metadata.version;
    const key = prefix + 'num_batches_tracked';
    // A state dict older than version 2 (or without metadata) may lack num_batches_tracked.
    if ((version === undefined || version === null || version < 2) && this.track_running_stats && !(key in state_dict)) {
      state_dict[key] = KEEP_NUM_BATCHES_TRACKED && this.num_batches_tracked ? this.num_batches_tracked : tensor(0, { dtype: int64 });
    }
    super._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs);
  }

  /** Whether num_features may be 0 (a Lazy* module learns it from its first input). */
  protected sizedLater(): boolean { return false; }
  /** affine and track_running_stats defaults: true for BatchNorm, false for InstanceNorm. */
  protected normDefaults(): { affine: boolean; track_running_stats: boolean } { return { affine: true, track_running_stats: true }; }

  reset_running_stats(): void {
    if (!this.track_running_stats) return;
    no_grad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }
  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) no_grad(() => { this.weight!.fill_(1); this.bias?.zero_(); });
  }

  protected abstract check_input_dim(input: Tensor): void;

  forward(input: Tensor): Tensor {
    this.check_input_dim(input);
    let factor = this.momentum ?? 0.0;
    if (this.training && this.track_running_stats && this.num_batches_tracked) {
      no_grad(() => this.num_batches_tracked!.add_(1));
      factor = this.momentum === null ? 1.0 / (this.num_batches_tracked.item() as number) : this.momentum;
    }
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    const useStats = !this.training || this.track_running_stats;
    return F.batch_norm(input, useStats ? this.running_mean : null, useStats ? this.running_var : null,
      this.weight, this.bias, bnTraining, factor, this.eps);
  }

  extra_repr(): string {
    const m = this.momentum === null ? 'None' : numberRepr(this, 'momentum');
    return `${this.num_features}, eps=${numberRepr(this, 'eps')}, momentum=${m}, affine=${this.affine ? 'True' : 'False'}${biasRepr(this.bias)}, track_running_stats=${this.track_running_stats ? 'True' : 'False'}`;
  }
}

/** Batch normalisation over (N, C) or (N, C, L) input. */
export class BatchNorm1d extends BatchNormBase {
  protected check_input_dim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new TorchError(`expected 2D or 3D input (got ${input.dim()}D input)`, 'ValueError');
  }
}
/** Batch normalisation over (N, C, H, W) input. */
export class BatchNorm2d extends BatchNormBase {
  protected check_input_dim(input: Tensor): void {
    if (input.dim() !== 4) throw new TorchError(`expected 4D input (got ${input.dim()}D input)`, 'ValueError');
  }
}
/** Batch normalisation over (N, C, D, H, W) input. */
export class BatchNorm3d extends BatchNormBase {
  protected check_input_dim(input: Tensor): void {
    if (input.dim() !== 5) throw new TorchError(`expected 5D input (got ${input.dim()}D input)`, 'ValueError');
  }
}

/** Normalises over the trailing `normalized_shape` dims. Args: normalized_shape, {eps, elementwise_affine, bias}. */
export class LayerNorm extends Module {
  normalized_shape: number[];
  eps: number;
  elementwise_affine: boolean;
  /** Typed non-null (like Tensor.grad); null at run time when elementwise_affine=False. */
  weight: Parameter;
  /** Typed non-null (like Tensor.grad); null at run time when elementwise_affine=False (or bias=False, PyTorch 2.1's option). */
  bias: Parameter;
  constructor(...args: PyArgs<[['normalized_shape', number | number[]], ['eps', number, '?'], ['elementwise_affine', boolean, '?'], ...FactoryParams], { bias?: boolean }>) {
    super();
    const [shape, eps, affine, device, dt, bias] = pyBind<[number | number[], number, boolean, DeviceLike | null, dtype | null, boolean]>('LayerNorm.__init__', args,
      ['normalized_shape', 'eps', 'elementwise_affine', 'device', 'dtype'], { eps: 1e-5, elementwise_affine: true, ...FACTORY_DEFAULTS, bias: true }, ['bias']);
    this.normalized_shape = Array.isArray(shape) ? [...shape] : [shape];
    this.eps = eps;
    this.elementwise_affine = affine;
    const f = factory(device, dt);
    this.weight = this.elementwise_affine ? Parameter(ones(this.normalized_shape, f)) : none();
    this.bias = this.elementwise_affine && bias ? Parameter(zeros(this.normalized_shape, f)) : none();
  }
  reset_parameters(): void {
    no_grad(() => { this.weight?.fill_(1); this.bias?.zero_(); });
  }
  forward(input: Tensor): Tensor { return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps); }
  extra_repr(): string {
    const shape = `(${this.normalized_shape.join(', ')}${this.normalized_shape.length === 1 ? ',' : ''})`;
    return `${shape}, eps=${numberRepr(this, 'eps')}, elementwise_affine=${this.elementwise_affine ? 'True' : 'False'}${biasRepr(this.bias)}`;
  }
}

/** Normalises groups of channels. Args: num_groups, num_channels, {eps, affine}. */
export class GroupNorm extends Module {
  num_groups: number;
  num_channels: number;
  eps: number;
  affine: boolean;
  /** Typed non-null (like Tensor.grad); null at run time when affine=False. */
  weight: Parameter;
  /** Typed non-null (like Tensor.grad); null at run time when affine=False. */
  bias: Parameter;
  constructor(...args: PyArgs<[['num_groups', number], ['num_channels', number], ['eps', number, '?'], ['affine', boolean, '?'], ...FactoryParams], { bias?: boolean }>) {
    super();
    const [num_groups, num_channels, eps, affine, device, dt, bias = true] = pyBind<[number, number, number, boolean, DeviceLike | null, dtype | null, boolean?]>('GroupNorm.__init__', args,
      ['num_groups', 'num_channels', 'eps', 'affine', 'device', 'dtype'], { eps: 1e-5, affine: true, ...FACTORY_DEFAULTS, bias: true }, NORM_BIAS_KWONLY);
    if (num_channels % num_groups !== 0) {
      throw new TorchError(forRelease([['1.13', 'num_channels must be divisible by num_groups'],
        ['2.14', `num_channels (${num_channels}) must be divisible by num_groups (${num_groups})`]]), 'ValueError');
    }
    this.num_groups = num_groups;
    this.num_channels = num_channels;
    this.eps = eps;
    this.affine = affine;
    const f = factory(device, dt);
    this.weight = this.affine ? Parameter(ones([num_channels], f)) : none();
    this.bias = this.affine && bias ? Parameter(zeros([num_channels], f)) : none();
  }
  reset_parameters(): void {
    if (this.affine) no_grad(() => { this.weight.fill_(1); this.bias?.zero_(); });
  }
  forward(input: Tensor): Tensor { return F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps); }
  extra_repr(): string { return `${this.num_groups}, ${this.num_channels}, eps=${numberRepr(this, 'eps')}, affine=${this.affine ? 'True' : 'False'}${biasRepr(this.bias)}`; }
}

/** The shared part of InstanceNorm1d/2d: per-sample, per-channel statistics (affine and running stats off by default). */
export abstract class InstanceNormBase extends BatchNormBase {
  protected normDefaults(): { affine: boolean; track_running_stats: boolean } { return { affine: false, track_running_stats: false }; }
  /** A state dict without version (before 0.4.0) may hold running stats this module does not track: an error, and they are dropped. */
  _load_from_state_dict(state_dict: Record<string, unknown>, prefix: string, local_metadata: LocalMetadata, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[]): void {
    if ((local_metadata.version === undefined || local_metadata.version === null) && !this.track_running_stats) {
      const keys = ['running_mean', 'running_var'].map((n) => prefix + n).filter((k) => k in state_dict);
      if (keys.length) {
        const klass = this._get_name();
        error_msgs.push(`Unexpected running stats buffer(s) ${keys.map((k) => `"${k}"`).join(' and ')} for ${klass} with track_running_stats=False. `
          + `If state_dict is a checkpoint saved before 0.4.0, this may be expected because ${klass} does not track running stats by default since 0.4.0. `
          + `Please remove these keys from state_dict. If the running stats are actually needed, instead set track_running_stats=True in ${klass} to enable them. `
          + `See the documentation of ${klass} for details.`);
        for (const k of keys) delete state_dict[k];
      }
    }
    super._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs);
  }
  /** Dims of an input without its batch dim. */
  protected abstract noBatchDim(): number;
  protected check_input_dim(input: Tensor): void {
    const d = this.noBatchDim();
    if (input.dim() !== d && input.dim() !== d + 1) throw new TorchError(`expected ${d}D or ${d + 1}D input (got ${input.dim()}D input)`, 'ValueError');
  }
  forward(input: Tensor): Tensor {
    this.check_input_dim(input);
    const featureDim = input.dim() - this.noBatchDim();
    if (input.size(featureDim) !== this.num_features) {
      if (this.affine) {
        throw new TorchError(`expected input's size at dim=${featureDim} to match num_features (${this.num_features}), but got: ${input.size(featureDim)}.`, 'ValueError');
      }
      warnOnce(`input's size at dim=${featureDim} does not match num_features. You can silence this warning by not passing in num_features, which is not used because affine=False`);
    }
    const apply = (x: Tensor) => F.instance_norm(x, this.running_mean, this.running_var, this.weight, this.bias,
      this.training || !this.track_running_stats, this.momentum ?? 0.1, this.eps);
    return input.dim() === this.noBatchDim() ? apply(input.unsqueeze(0)).squeeze(0) : apply(input);
  }
}
/** Instance normalisation over (N, C, L) or (C, L) input. */
export class InstanceNorm1d extends InstanceNormBase {
  protected noBatchDim(): number { return 2; }
}
/** Instance normalisation over (N, C, H, W) or (C, H, W) input. */
export class InstanceNorm2d extends InstanceNormBase {
  protected noBatchDim(): number { return 3; }
}
/** Instance normalisation over (N, C, D, H, W) or (C, D, H, W) input. */
export class InstanceNorm3d extends InstanceNormBase {
  protected noBatchDim(): number { return 4; }
}

/** The hyper-parameters of the cross-channel normalizations: x / (k + α/n Σ x²)^β over `size` neighbouring channels. */
abstract class ResponseNormBase extends Module {
  size: number;
  alpha: number;
  beta: number;
  k: number;
  constructor(...args: PyArgs<[['size', number], ['alpha', number, '?'], ['beta', number, '?'], ['k', number, '?']]>) {
    super();
    [this.size, this.alpha, this.beta, this.k] = pyBind<[number, number, number, number]>(initName(this), args, ['size', 'alpha', 'beta', 'k'],
      { alpha: 1e-4, beta: 0.75, k: 1.0 });
    markFloatDefaults(this, args, ['size', 'alpha', 'beta', 'k'], this.floatDefaults);
  }
  /** The defaults that are whole-number Python floats: LocalResponseNorm's k=1.0 (CrossMapLRN2d's k=1 is an int). */
  protected get floatDefaults(): string[] { return []; }
}

/** Normalizes each element by the energy of its `size` neighbouring channels: x / (k + α/n Σ x²)^β. */
export class LocalResponseNorm extends ResponseNormBase {
  protected get floatDefaults(): string[] { return ['k']; }
  forward(input: Tensor): Tensor { return F.local_response_norm(input, this.size, this.alpha, this.beta, this.k); }
  extra_repr(): string { return `${this.size}, alpha=${numberRepr(this, 'alpha')}, beta=${numberRepr(this, 'beta')}, k=${numberRepr(this, 'k')}`; }
}

/** r[k] = Σ t[c] over channels c in [k + lo, k + hi] (zero outside), for (N, C, H, W) t. */
function channelWindowSum(t: Tensor, lo: number, hi: number): Tensor {
  const channels = t.size(1);
  const before = Math.max(0, -lo), after = Math.max(0, hi);
  const shape = t.shape;
  const padded = cat([zeros([shape[0], before, shape[2], shape[3]], { dtype: t.dtype }), t, zeros([shape[0], after, shape[2], shape[3]], { dtype: t.dtype })], 1);
  let out = padded.narrow(1, before + lo, channels);
  for (let d = lo + 1; d <= hi; d++) out = out.add(padded.narrow(1, before + d, channels));
  return out;
}

/**
 * The legacy cross-channel LRN of (N, C, H, W) input (PyTorch's _functions.CrossMapLRN2d, whose
 * running window keeps channel 0 in every sum after the first `size` channels, reproduced as is).
 */
export class CrossMapLRN2d extends ResponseNormBase {
  forward(input: Tensor): Tensor {
    if (input.dim() !== 4) throw new TorchError('', 'AssertionError');
    const channels = input.size(1);
    const x = input.detach();
    const square = x.pow(2);
    const prePad = Math.trunc((this.size - 1) / 2 + 1);
    const scales: Tensor[] = [];
    let sum = square.narrow(1, 0, Math.min(prePad, channels)).sum(1);
    scales.push(sum);
    for (let c = 1; c < channels; c++) {
      if (c < channels - prePad + 1) sum = sum.add(square.select(1, c + prePad - 1));
      if (c > prePad) sum = sum.sub(square.select(1, c - prePad));
      scales.push(sum);
    }
    const scale = stack(scales, 1).mul(this.alpha / this.size).add(this.k);
    const output = scale.pow(-this.beta).mul(x);
    if (!input.requires_grad || !is_grad_enabled()) return output;
    // PyTorch's hand-written backward, as a surrogate whose gradient is exactly it (its value adds 0):
    // grad = scale^-β g − (2αβ/size) x Σ_window(g · output / scale).
    const inversePrePad = Math.trunc(this.size - (this.size - 1) / 2);
    const ratio = output.div(scale);
    const tied = input.mul(x);
    const spread = channelWindowSum(tied, inversePrePad - this.size + 1, inversePrePad);
    const surrogate = input.mul(scale.pow(-this.beta)).sub(ratio.mul(spread).mul(2 * this.alpha * this.beta / this.size));
    return output.add(surrogate.sub(surrogate.detach()));
  }
  extra_repr(): string { return `${this.size}, alpha=${pyValue(this.alpha)}, beta=${pyValue(this.beta)}, k=${pyValue(this.k)}`; }
}

const CONVERT_SYNC = signature('convert_sync_batchnorm', ['module', 'process_group'], { process_group: null });

/**
 * BatchNorm over (N, C, *) whose training statistics are those of the whole batch across the ranks
 * of `process_group` (default: the default group). Without an initialized process group, or in
 * eval mode, it normalizes as BatchNorm does. On LibTorch 1.13 it takes CUDA input only, as PyTorch
 * 1.13's; on 2.x it also synchronizes CPU tensors (over Gloo).
 */
export class SyncBatchNorm extends BatchNormBase {
  process_group: dist.Group;
  constructor(...args: PyArgs<[['num_features', number], ['eps', number, '?'], ['momentum', number | null, '?'], ['affine', boolean, '?'], ['track_running_stats', boolean, '?'],
    ['process_group', dist.Group, '?'], ...FactoryParams], { bias?: boolean }>) {
    const [num_features, eps, momentum, affine, track, process_group, device, dt, bias = true] = pyBind<[number, number, number | null, boolean, boolean, unknown, DeviceLike | null, dtype | null, boolean?]>(
      'SyncBatchNorm.__init__', args, ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats', 'process_group', 'device', 'dtype'],
      { eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, process_group: null, ...FACTORY_DEFAULTS, bias: true }, NORM_BIAS_KWONLY);
    super(num_features, eps, momentum, affine, track, device, dt, NORM_BIAS_KWONLY.length ? { bias } : undefined);
    if (process_group !== null && process_group !== dist.GroupMember.NON_GROUP_MEMBER && !(process_group instanceof ProcessGroup))
      throw new TypeError(`SyncBatchNorm.__init__(): expected a ProcessGroup or null for process_group but received ${describeValue(process_group)}`);
    this.process_group = process_group as dist.Group;
  }
  protected check_input_dim(input: Tensor): void {
    if (input.dim() < 2) throw new TorchError(`expected at least 2D input (got ${input.dim()}D input)`, 'ValueError');
  }
  /** `module` (or, inside it, every BatchNorm1d/2d/3d) replaced by a SyncBatchNorm sharing its parameters and buffers. */
  static convert_sync_batchnorm(...args: PyArgs<[['module', Module], ['process_group', dist.Group, '?']]>): Module {
    const [module, process_group] = bind(CONVERT_SYNC, args) as [Module, dist.Group];
    let output = module;
    if (module instanceof BatchNormBase && !(module instanceof InstanceNormBase)) {
      const sync = new SyncBatchNorm(module.num_features, module.eps, module.momentum, module.affine, module.track_running_stats, process_group);
      if (module.affine) no_grad(() => { sync.weight = module.weight; sync.bias = module.bias; });
      sync.running_mean = module.running_mean;
      sync.running_var = module.running_var;
      sync.num_batches_tracked = module.num_batches_tracked;
      // PyTorch 1.13 leaves the new module in training mode; later releases copy the mode.
      if (forRelease([['1.13', false], ['2.6', true]])) sync.training = module.training;
      output = sync;
    }
    for (const [name, child] of module.named_children()) output.add_module(name, SyncBatchNorm.convert_sync_batchnorm(child, process_group));
    return output;
  }
  forward(input: Tensor): Tensor {
    const pytorch113 = forRelease([['1.13', true], ['2.6', false]]);
    if (pytorch113 && !input.is_cuda) throw new TorchError('SyncBatchNorm expected input tensor to be on GPU', 'ValueError');
    this.check_input_dim(input);
    if (input.size(1) === 0) throw new TorchError('SyncBatchNorm number of input channels should be non-zero', 'ValueError');
    let factor = this.momentum ?? 0.0;
    if (this.training && this.track_running_stats) {
      no_grad(() => this.num_batches_tracked.add_(1));
      factor = this.momentum === null ? 1.0 / (this.num_batches_tracked.item() as number) : this.momentum;
    }
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    const useStats = !this.training || this.track_running_stats;
    const runningMean = useStats ? this.running_mean : null, runningVar = useStats ? this.running_var : null;
    // PyTorch 1.13 asks the group's size whenever it trains; later releases only once a group exists.
    let worldSize = 1;
    if (bnTraining && this.training && (pytorch113 || dist.is_initialized())) worldSize = dist.get_world_size(this.process_group);
    if (worldSize <= 1) return F.batch_norm(input, runningMean, runningVar, this.weight, this.bias, bnTraining, factor, this.eps);
    return SyncBatchNormFunction.apply(input, this.weight, this.bias, runningMean, runningVar, this.eps, factor, (this.process_group as ProcessGroup | null) ?? dist.GroupMember.WORLD, worldSize);
  }
}
