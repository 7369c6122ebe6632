// Loss modules (PyTorch's loss.py): each stores reduction (and its options) and calls F.
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { Module } from './module';
import * as F from './functional';

export type Reduction = 'none' | 'mean' | 'sum';
const REDUCTIONS = ['none', 'mean', 'sum'];

/** The shared part of every loss: the reduction. */
export abstract class Loss extends Module {
  reduction: Reduction;
  constructor(options: { reduction?: Reduction } = {}) {
    super();
    const r = options.reduction ?? 'mean';
    if (!REDUCTIONS.includes(r)) throw new TorchError(`${r} is not a valid value for reduction`, 'ValueError');
    this.reduction = r;
  }
}

/** A loss with optional per-class weights (registered as a buffer, as PyTorch's _WeightedLoss). */
export abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;
  constructor(options: { weight?: Tensor | null; reduction?: Reduction } = {}) {
    super(options);
    this.register_buffer('weight', options.weight ?? null);
  }
}

export interface CrossEntropyOptions { weight?: Tensor | null; ignore_index?: number; reduction?: Reduction; label_smoothing?: number }
/** Cross entropy of logits (N, C, ...) against class indices (N, ...) or class probabilities (N, C, ...). */
export class CrossEntropyLoss extends WeightedLoss {
  ignore_index: number;
  label_smoothing: number;
  constructor(options: CrossEntropyOptions = {}) {
    super(options);
    this.ignore_index = options.ignore_index ?? -100;
    this.label_smoothing = options.label_smoothing ?? 0.0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}

/** Negative log likelihood of log-probabilities. */
export class NLLLoss extends WeightedLoss {
  ignore_index: number;
  constructor(options: { weight?: Tensor | null; ignore_index?: number; reduction?: Reduction } = {}) {
    super(options);
    this.ignore_index = options.ignore_index ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

/** Binary cross entropy of probabilities. */
export class BCELoss extends WeightedLoss {
  forward(input: Tensor, target: Tensor): Tensor { return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction }); }
}

/** Sigmoid + binary cross entropy in one numerically stable op; pos_weight scales positives. */
export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(options: { weight?: Tensor | null; reduction?: Reduction; pos_weight?: Tensor | null } = {}) {
    super(options);
    this.register_buffer('weight', options.weight ?? null);
    this.register_buffer('pos_weight', options.pos_weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, reduction: this.reduction, pos_weight: this.pos_weight });
  }
}

/** Mean squared error. */
export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return F.mse_loss(input, target, { reduction: this.reduction }); }
}
/** Mean absolute error. */
export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return F.l1_loss(input, target, { reduction: this.reduction }); }
}
/** Quadratic below delta, linear above. */
export class HuberLoss extends Loss {
  delta: number;
  constructor(options: { reduction?: Reduction; delta?: number } = {}) { super(options); this.delta = options.delta ?? 1.0; }
  forward(input: Tensor, target: Tensor): Tensor { return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta }); }
}
/** Huber loss divided by beta. */
export class SmoothL1Loss extends Loss {
  beta: number;
  constructor(options: { reduction?: Reduction; beta?: number } = {}) { super(options); this.beta = options.beta ?? 1.0; }
  forward(input: Tensor, target: Tensor): Tensor { return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta }); }
}
