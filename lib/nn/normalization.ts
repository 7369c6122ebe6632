// BatchNorm1d/2d/3d, LayerNorm, GroupNorm (PyTorch's batchnorm.py and normalization.py).
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { zeros, ones, empty, tensor } from '../creation';
import { int64 } from '../dtype';
import { no_grad } from '../autograd';
import { Module } from './module';
import { Parameter } from './parameter';
import { FactoryKwargs } from './linear';
import { pyFloat } from './repr';
import * as F from './functional';

export interface BatchNormOptions extends FactoryKwargs {
  eps?: number;
  /** null: cumulative moving average. */
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}

/** The shared part of BatchNorm1d/2d/3d: parameters, running statistics and the forward pass. */
export abstract class BatchNormBase extends Module {
  num_features: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(num_features: number, options: BatchNormOptions = {}) {
    super();
    if (!Number.isInteger(num_features) || num_features <= 0) throw new RangeError(`Expected positive integer for num_features but received ${String(num_features)}`);
    this.num_features = num_features;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.track_running_stats = options.track_running_stats ?? true;
    const f = { dtype: options.dtype, device: options.device };
    this.weight = this.affine ? Parameter(empty([num_features], f)) : null;
    this.bias = this.affine ? Parameter(empty([num_features], f)) : null;
    if (this.track_running_stats) {
      this.register_buffer('running_mean', zeros([num_features], f));
      this.register_buffer('running_var', ones([num_features], f));
      this.register_buffer('num_batches_tracked', tensor(0, { dtype: int64, device: options.device }));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
    this.reset_parameters();
  }

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
    if (this.affine) no_grad(() => { this.weight!.fill_(1); this.bias!.zero_(); });
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
    const m = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${this.affine ? 'True' : 'False'}, track_running_stats=${this.track_running_stats ? 'True' : 'False'}`;
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
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(normalized_shape: number | number[], options: { eps?: number; elementwise_affine?: boolean; bias?: boolean } & FactoryKwargs = {}) {
    super();
    this.normalized_shape = Array.isArray(normalized_shape) ? [...normalized_shape] : [normalized_shape];
    this.eps = options.eps ?? 1e-5;
    this.elementwise_affine = options.elementwise_affine ?? true;
    const f = { dtype: options.dtype, device: options.device };
    this.weight = this.elementwise_affine ? Parameter(ones(this.normalized_shape, f)) : null;
    this.bias = this.elementwise_affine && (options.bias ?? true) ? Parameter(zeros(this.normalized_shape, f)) : null;
  }
  reset_parameters(): void {
    no_grad(() => { this.weight?.fill_(1); this.bias?.zero_(); });
  }
  forward(input: Tensor): Tensor { return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps); }
  extra_repr(): string {
    const shape = `(${this.normalized_shape.join(', ')}${this.normalized_shape.length === 1 ? ',' : ''})`;
    return `${shape}, eps=${pyFloat(this.eps)}, elementwise_affine=${this.elementwise_affine ? 'True' : 'False'}`;
  }
}

/** Normalises groups of channels. Args: num_groups, num_channels, {eps, affine}. */
export class GroupNorm extends Module {
  eps: number;
  affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(public num_groups: number, public num_channels: number, options: { eps?: number; affine?: boolean } & FactoryKwargs = {}) {
    super();
    if (num_channels % num_groups !== 0) throw new TorchError('num_channels must be divisible by num_groups', 'ValueError');
    this.eps = options.eps ?? 1e-5;
    this.affine = options.affine ?? true;
    const f = { dtype: options.dtype, device: options.device };
    this.weight = this.affine ? Parameter(ones([num_channels], f)) : null;
    this.bias = this.affine ? Parameter(zeros([num_channels], f)) : null;
  }
  forward(input: Tensor): Tensor { return F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps); }
  extra_repr(): string { return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${this.affine ? 'True' : 'False'}`; }
}
