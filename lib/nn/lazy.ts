// The Lazy* modules (PyTorch's lazy.py, LazyLinear, LazyConv*, LazyBatchNorm*, LazyInstanceNorm*):
// their input size is left out of the constructor and read from the first input. Until then their
// weights are UninitializedParameters; the first call materializes them, runs the module's own
// init, and turns the instance into the plain class (`LazyLinear` becomes `Linear`), as PyTorch's
// LazyModuleMixin does.
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { tensor as makeTensor } from '../creation';
import { int64, dtype } from '../dtype';
import { DeviceLike } from '../device';
import { sizeRepr } from '../python/repr';
import { warnOnce } from '../python/warnings';
import { pyBind } from '../python/binder';
import { Module, RemovableHandle } from './module';
import { Parameter, UninitializedParameter, UninitializedBuffer, isUninitialized } from './parameter';
import { FactoryParams, FACTORY_DEFAULTS, factory, Linear } from './linear';
import { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, ConvNd, PaddingMode } from './conv';
import { BatchNorm1d, BatchNorm2d, BatchNorm3d, BatchNormBase, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, NORM_BIAS_KWONLY } from './normalization';
import { none } from './args';
import { forRelease } from '../release';

/** LazyLinear sets in_features on its first call after load_state_dict materialized it (2.14 on; before, it stays 0). */
const IN_FEATURES_AFTER_LOAD = forRelease([['1.13', false], ['2.14', true]]);

/** What a lazy module adds to its plain class. */
export interface LazyModule {
  /** The class the module becomes once materialized. */
  readonly cls_to_become: Function;
  /** Whether some parameter or buffer still has no shape. */
  has_uninitialized_params(): boolean;
  /** Materializes the parameters and buffers from the shapes of a first call's args (and kwargs, as a trailing options object). */
  initialize_parameters(...input: any[]): void;
}

function hasUninitialized(m: Module): boolean {
  for (const [, p] of m.named_parameters({ recurse: false })) if (isUninitialized(p)) return true;
  for (const [, b] of m.named_buffers({ recurse: false })) if (isUninitialized(b)) return true;
  return false;
}

/** LazyModuleMixin.__init__: a forward pre-hook that infers the parameters on the first call, then switches the class. */
function inferOnFirstCall(m: Module & LazyModule): void {
  warnOnce('Lazy modules are a new feature under heavy development so changes to the API or functionality can happen at any moment.');
  const handle: RemovableHandle = m.register_forward_pre_hook((module, args, kwargs) => {
    const lazy = module as Module & LazyModule;
    lazy.initialize_parameters(...args, ...(Object.keys(kwargs).length ? [kwargs] : []));
    if (lazy.has_uninitialized_params()) throw new TorchError(`module ${lazy._get_name()} has not been fully initialized`);
    // By id, so that a deep copy made before the first call drops its own copy of this hook.
    module._forward_pre_hooks.delete(handle.id);
    Object.setPrototypeOf(module, lazy.cls_to_become.prototype);
  }, { with_kwargs: true });
}

type Factory = { device?: DeviceLike; dtype?: dtype };

// ---- LazyLinear ---------------------------------------------------------------------------

/** Linear with in_features taken from the last dim of the first input. Args: out_features, {bias, device, dtype}. */
export class LazyLinear extends Linear implements LazyModule {
  constructor(...args: PyArgs<[['out_features', number], ['bias', boolean, '?'], ...FactoryParams]>) {
    const [out_features, bias, device, dt] = pyBind<[number, boolean, DeviceLike | null, dtype | null]>('LazyLinear.__init__', args,
      ['out_features', 'bias', 'device', 'dtype'], { bias: true, ...FACTORY_DEFAULTS });
    super(0, 0, false, device, dt);
    const f = factory(device, dt);
    this.weight = UninitializedParameter(f);
    this.out_features = out_features;
    if (bias) this.bias = UninitializedParameter(f);
    inferOnFirstCall(this);
  }
  get cls_to_become(): Function { return Linear; }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  reset_parameters(): void {
    if (!this.has_uninitialized_params() && this.in_features !== 0) super.reset_parameters();
  }
  initialize_parameters(input: Tensor): void {
    if (this.has_uninitialized_params()) {
      this.in_features = input.size(-1);
      (this.weight as unknown as UninitializedParameter).materialize([this.out_features, this.in_features]);
      if (this.bias !== null) (this.bias as unknown as UninitializedParameter).materialize([this.out_features]);
      this.reset_parameters();
    }
    // Weights loaded from a state dict leave in_features at 0: 2.14 reads it from the first input.
    if (IN_FEATURES_AFTER_LOAD && this.in_features === 0) {
      if (input.size(-1) !== this.weight.size(-1)) {
        throw new TorchError(`The in_features inferred from input: ${input.size(-1)} is not equal to in_features from self.weight: ${this.weight.size(-1)}`, 'AssertionError');
      }
      this.in_features = input.size(-1);
    }
  }
}

// ---- LazyConv* ----------------------------------------------------------------------------

type Size = number | number[];
type LazyConvArgs = PyArgs<[['out_channels', number], ['kernel_size', Size], ['stride', Size, '?'], ['padding', Size | 'same' | 'valid', '?'],
  ['dilation', Size, '?'], ['groups', number, '?'], ['bias', boolean, '?'], ['padding_mode', PaddingMode, '?'], ...FactoryParams]>;
type LazyConvTransposeArgs = PyArgs<[['out_channels', number], ['kernel_size', Size], ['stride', Size, '?'], ['padding', Size, '?'],
  ['output_padding', Size, '?'], ['groups', number, '?'], ['bias', boolean, '?'], ['dilation', Size, '?'], ['padding_mode', 'zeros', '?'], ...FactoryParams]>;
const CONV = ['out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode', 'device', 'dtype'];
const CONV_TRANSPOSE = ['out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode', 'device', 'dtype'];
const CONV_DEFAULTS = { stride: 1, padding: 0, output_padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros', ...FACTORY_DEFAULTS };

type ConvClass = new (...args: any[]) => ConvNd;
/** A lazy class over a Conv or ConvTranspose class: in_channels comes from dim 1 (dim 0 unbatched) of the first input. */
function lazyConv<A extends unknown[]>(name: string, Base: ConvClass, transposed: boolean) {
  const names = transposed ? CONV_TRANSPOSE : CONV;
  abstract class LazyConv extends Base implements LazyModule {
    constructor(...args: unknown[]) {
      const values = pyBind<unknown[]>(`${name}.__init__`, args, names, CONV_DEFAULTS);
      const o: Record<string, any> = Object.fromEntries(names.map((n, i) => [n, values[i]]));
      const { out_channels, kernel_size, bias, ...rest } = o;
      super(0, 0, kernel_size, { ...rest, bias: false });
      const f: Factory = factory(o.device, o.dtype);
      this.weight = UninitializedParameter(f);
      this.out_channels = out_channels;
      if (bias) this.bias = UninitializedParameter(f);
      inferOnFirstCall(this);
    }
    get cls_to_become(): Function { return Base; }
    has_uninitialized_params(): boolean { return hasUninitialized(this); }
    reset_parameters(): void {
      if (!this.has_uninitialized_params() && this.in_channels !== 0) super.reset_parameters();
    }
    initialize_parameters(input: Tensor): void {
      if (!this.has_uninitialized_params()) return;
      const spatial = this.kernel_size.length;
      if (input.dim() !== spatial + 1 && input.dim() !== spatial + 2) {
        throw new TorchError(`Expected ${spatial + 1}D (unbatched) or ${spatial + 2}D (batched) input to ${name}, but got input of size: ${sizeRepr(input.shape)}`);
      }
      this.in_channels = input.dim() === spatial + 2 ? input.size(1) : input.size(0);
      if (this.in_channels % this.groups !== 0) throw new TorchError('in_channels must be divisible by groups', 'ValueError');
      const shape = this.transposed ? [this.in_channels, this.out_channels / this.groups] : [this.out_channels, this.in_channels / this.groups];
      (this.weight as unknown as UninitializedParameter).materialize([...shape, ...this.kernel_size]);
      if (this.bias !== null) (this.bias as unknown as UninitializedParameter).materialize([this.out_channels]);
      this.reset_parameters();
    }
  }
  Object.defineProperty(LazyConv, 'name', { value: name });
  return LazyConv as unknown as new (...args: A) => ConvNd & LazyModule;
}

/** Conv1d with in_channels taken from the first input. */
export const LazyConv1d = lazyConv<LazyConvArgs>('LazyConv1d', Conv1d, false);
export type LazyConv1d = InstanceType<typeof LazyConv1d>;
/** Conv2d with in_channels taken from the first input. */
export const LazyConv2d = lazyConv<LazyConvArgs>('LazyConv2d', Conv2d, false);
export type LazyConv2d = InstanceType<typeof LazyConv2d>;
/** Conv3d with in_channels taken from the first input. */
export const LazyConv3d = lazyConv<LazyConvArgs>('LazyConv3d', Conv3d, false);
export type LazyConv3d = InstanceType<typeof LazyConv3d>;
/** ConvTranspose1d with in_channels taken from the first input. */
export const LazyConvTranspose1d = lazyConv<LazyConvTransposeArgs>('LazyConvTranspose1d', ConvTranspose1d, true);
export type LazyConvTranspose1d = InstanceType<typeof LazyConvTranspose1d>;
/** ConvTranspose2d with in_channels taken from the first input. */
export const LazyConvTranspose2d = lazyConv<LazyConvTransposeArgs>('LazyConvTranspose2d', ConvTranspose2d, true);
export type LazyConvTranspose2d = InstanceType<typeof LazyConvTranspose2d>;
/** ConvTranspose3d with in_channels taken from the first input. */
export const LazyConvTranspose3d = lazyConv<LazyConvTransposeArgs>('LazyConvTranspose3d', ConvTranspose3d, true);
export type LazyConvTranspose3d = InstanceType<typeof LazyConvTranspose3d>;

// ---- LazyBatchNorm*, LazyInstanceNorm* ----------------------------------------------------

type LazyNormArgs = PyArgs<[['eps', number, '?'], ['momentum', number | null, '?'], ['affine', boolean, '?'], ['track_running_stats', boolean, '?'], ...FactoryParams], { bias?: boolean }>;
type NormClass = new (...args: any[]) => BatchNormBase;

/** A lazy class over a BatchNorm or InstanceNorm class (_LazyNormBase): num_features comes from dim 1 of the first input. */
function lazyNorm(name: string, Base: NormClass) {
  abstract class LazyNorm extends Base implements LazyModule {
    constructor(...args: unknown[]) {
      const [eps, momentum, affine, track, device, dt, bias = true] = pyBind<[number, number | null, boolean, boolean, DeviceLike | null, dtype | null, boolean?]>('_LazyNormBase.__init__', args,
        ['eps', 'momentum', 'affine', 'track_running_stats', 'device', 'dtype'], { eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, ...FACTORY_DEFAULTS, bias: true },
        NORM_BIAS_KWONLY);
      super(0, eps, momentum, false, false, device, dt);
      const f: Factory = factory(device, dt);
      this.affine = affine;
      this.track_running_stats = track;
      if (affine) {
        this.weight = UninitializedParameter(f) as unknown as Parameter;
        if (bias) this.bias = UninitializedParameter(f) as unknown as Parameter;
      }
      if (track) {
        this.running_mean = UninitializedBuffer(f);
        this.running_var = UninitializedBuffer(f);
        this.num_batches_tracked = makeTensor(0, { dtype: int64, device: f.device });
      }
      inferOnFirstCall(this);
    }
    protected sizedLater(): boolean { return true; }
    get cls_to_become(): Function { return Base; }
    has_uninitialized_params(): boolean { return hasUninitialized(this); }
    reset_parameters(): void {
      if (!this.has_uninitialized_params() && this.num_features !== 0) super.reset_parameters();
    }
    initialize_parameters(input: Tensor): void {
      if (!this.has_uninitialized_params()) return;
      this.num_features = input.size(1);
      if (this.affine) {
        (this.weight as unknown as UninitializedParameter).materialize([this.num_features]);
        if (this.bias !== null) (this.bias as unknown as UninitializedParameter).materialize([this.num_features]);
      }
      if (this.track_running_stats) {
        (this.running_mean as UninitializedBuffer).materialize([this.num_features]);
        (this.running_var as UninitializedBuffer).materialize([this.num_features]);
      }
      this.reset_parameters();
    }
  }
  Object.defineProperty(LazyNorm, 'name', { value: name });
  return LazyNorm as unknown as new (...args: LazyNormArgs) => BatchNormBase & LazyModule;
}

/** BatchNorm1d with num_features taken from the first input. */
export const LazyBatchNorm1d = lazyNorm('LazyBatchNorm1d', BatchNorm1d);
export type LazyBatchNorm1d = InstanceType<typeof LazyBatchNorm1d>;
/** BatchNorm2d with num_features taken from the first input. */
export const LazyBatchNorm2d = lazyNorm('LazyBatchNorm2d', BatchNorm2d);
export type LazyBatchNorm2d = InstanceType<typeof LazyBatchNorm2d>;
/** BatchNorm3d with num_features taken from the first input. */
export const LazyBatchNorm3d = lazyNorm('LazyBatchNorm3d', BatchNorm3d);
export type LazyBatchNorm3d = InstanceType<typeof LazyBatchNorm3d>;
/** InstanceNorm1d with num_features taken from the first input (affine and running stats on by default, as PyTorch's). */
export const LazyInstanceNorm1d = lazyNorm('LazyInstanceNorm1d', InstanceNorm1d);
export type LazyInstanceNorm1d = InstanceType<typeof LazyInstanceNorm1d>;
/** InstanceNorm2d with num_features taken from the first input. */
export const LazyInstanceNorm2d = lazyNorm('LazyInstanceNorm2d', InstanceNorm2d);
export type LazyInstanceNorm2d = InstanceType<typeof LazyInstanceNorm2d>;
/** InstanceNorm3d with num_features taken from the first input. */
export const LazyInstanceNorm3d = lazyNorm('LazyInstanceNorm3d', InstanceNorm3d);
export type LazyInstanceNorm3d = InstanceType<typeof LazyInstanceNorm3d>;

