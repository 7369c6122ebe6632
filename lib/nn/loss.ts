// Loss modules (PyTorch's loss.py): each stores reduction (and its options) and calls F.
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { Module } from './module';
import * as F from './functional';
import { bindNamed, pyBind, signature } from '../python/binder';
import { legacyReduction } from './reduction';
import { PairwiseDistance } from './padding';

export type Reduction = 'none' | 'mean' | 'sum';
const REDUCTIONS = ['none', 'mean', 'sum'];

type Legacy = [['size_average', boolean | null, '?'], ['reduce', boolean | null, '?']];
type Bound = Record<string, any> & { reduction: string };

/**
 * Binds a loss constructor's arguments (`names` in PyTorch's order; weight, size_average, reduce
 * and reduction default as in _Loss), resolving the deprecated size_average/reduce flags into
 * `reduction` as torch.nn._reduction.legacy_get_string does.
 */
function bindLoss(cls: string, args: unknown[], names: string[], defaults: Record<string, unknown> = {}): Bound {
  const all = { weight: null, size_average: null, reduce: null, reduction: 'mean', pos_weight: null, ...defaults };
  const o = bindNamed(signature(`${cls}.__init__`, names, all, { implicit: 1 }), args);
  if ((o.size_average ?? null) !== null || (o.reduce ?? null) !== null) o.reduction = legacyReduction(o.size_average ?? null, o.reduce ?? null);
  return o as Bound;
}

/** The shared part of every loss: the reduction. */
export abstract class Loss extends Module {
  /** 'none' | 'mean' | 'sum' ('batchmean' too for KLDivLoss). */
  reduction: string;
  constructor(o: { reduction?: string } = {}, allowed = REDUCTIONS) {
    super();
    const r = o.reduction ?? 'mean';
    if (!allowed.includes(r)) throw new TorchError(`${r} is not a valid value for reduction`, 'ValueError');
    this.reduction = r;
  }
}

/** A loss with optional per-class weights (registered as a buffer, as PyTorch's _WeightedLoss). */
export abstract class WeightedLoss extends Loss {
  /** Typed non-null (like Tensor.grad); null at run time when no weight was given. */
  declare weight: Tensor;
  constructor(o: { weight?: Tensor | null; reduction?: string } = {}) {
    super(o);
    this.register_buffer('weight', o.weight ?? null);
  }
}

/** Cross entropy of logits (N, C, ...) against class indices (N, ...) or class probabilities (N, C, ...). */
export class CrossEntropyLoss extends WeightedLoss {
  ignore_index: number;
  label_smoothing: number;
  constructor(...args: PyArgs<[['weight', Tensor | null, '?'], ['size_average', boolean | null, '?'], ['ignore_index', number, '?'], ['reduce', boolean | null, '?'], ['reduction', Reduction, '?'], ['label_smoothing', number, '?']]>) {
    const o = bindLoss('CrossEntropyLoss', args, ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'], { ignore_index: -100, label_smoothing: 0.0 });
    super(o);
    this.ignore_index = o.ignore_index;
    this.label_smoothing = o.label_smoothing;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}

/** Negative log likelihood of log-probabilities. */
type NLLLossParams = [['weight', Tensor | null, '?'], ['size_average', boolean | null, '?'], ['ignore_index', number, '?'], ['reduce', boolean | null, '?'], ['reduction', Reduction, '?']];
export class NLLLoss extends WeightedLoss {
  ignore_index: number;
  constructor(...args: PyArgs<NLLLossParams>) {
    // NLLLoss2d has an __init__ of its own, which its errors name.
    const o = bindLoss(new.target === NLLLoss2d || new.target.prototype instanceof NLLLoss2d ? 'NLLLoss2d' : 'NLLLoss', args, ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'], { ignore_index: -100 });
    super(o);
    this.ignore_index = o.ignore_index;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

/** Binary cross entropy of probabilities. */
export class BCELoss extends WeightedLoss {
  constructor(...args: PyArgs<[['weight', Tensor | null, '?'], ...Legacy, ['reduction', Reduction, '?']]>) {
    super(bindLoss('BCELoss', args, ['weight', 'size_average', 'reduce', 'reduction']));
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction }); }
}

/** Sigmoid + binary cross entropy in one numerically stable op; pos_weight scales positives. */
export class BCEWithLogitsLoss extends Loss {
  /** Typed non-null (like Tensor.grad); null at run time when not given. */
  declare weight: Tensor;
  /** Typed non-null (like Tensor.grad); null at run time when not given. */
  declare pos_weight: Tensor;
  constructor(...args: PyArgs<[['weight', Tensor | null, '?'], ...Legacy, ['reduction', Reduction, '?'], ['pos_weight', Tensor | null, '?']]>) {
    const o = bindLoss('BCEWithLogitsLoss', args, ['weight', 'size_average', 'reduce', 'reduction', 'pos_weight']);
    super(o);
    this.register_buffer('weight', o.weight);
    this.register_buffer('pos_weight', o.pos_weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, reduction: this.reduction, pos_weight: this.pos_weight });
  }
}

/** Mean squared error. */
export class MSELoss extends Loss {
  constructor(...args: PyArgs<[...Legacy, ['reduction', Reduction, '?']]>) { super(bindLoss('MSELoss', args, ['size_average', 'reduce', 'reduction'])); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mse_loss(input, target, { reduction: this.reduction }); }
}
/** Mean absolute error. */
export class L1Loss extends Loss {
  constructor(...args: PyArgs<[...Legacy, ['reduction', Reduction, '?']]>) { super(bindLoss('L1Loss', args, ['size_average', 'reduce', 'reduction'])); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1_loss(input, target, { reduction: this.reduction }); }
}
/** Quadratic below delta, linear above. */
export class HuberLoss extends Loss {
  delta: number;
  constructor(...args: PyArgs<[['reduction', Reduction, '?'], ['delta', number, '?']]>) {
    const o = bindLoss('HuberLoss', args, ['reduction', 'delta'], { delta: 1.0 });
    super(o);
    this.delta = o.delta;
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta }); }
}
/** Huber loss divided by beta. */
export class SmoothL1Loss extends Loss {
  beta: number;
  constructor(...args: PyArgs<[...Legacy, ['reduction', Reduction, '?'], ['beta', number, '?']]>) {
    const o = bindLoss('SmoothL1Loss', args, ['size_average', 'reduce', 'reduction', 'beta'], { beta: 1.0 });
    super(o);
    this.beta = o.beta;
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta }); }
}


/** KL divergence of log-probabilities; reduction may also be 'batchmean'. */
export class KLDivLoss extends Loss {
  log_target: boolean;
  constructor(...args: PyArgs<[...Legacy, ['reduction', Reduction | 'batchmean', '?'], ['log_target', boolean, '?']]>) {
    const o = bindLoss('KLDivLoss', args, ['size_average', 'reduce', 'reduction', 'log_target'], { log_target: false });
    super(o, [...REDUCTIONS, 'batchmean']);
    this.log_target = o.log_target;
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target }); }
}

/** Losses `f(input1, input2, target, margin=..., reduction)` (MarginRankingLoss, CosineEmbeddingLoss) and HingeEmbeddingLoss. */
abstract class MarginLoss extends Loss {
  margin: number;
  constructor(cls: string, args: unknown[], margin: number) {
    const o = bindLoss(cls, args, ['margin', 'size_average', 'reduce', 'reduction'], { margin });
    super(o);
    this.margin = o.margin;
  }
}
type MarginArgs = PyArgs<[['margin', number, '?'], ...Legacy, ['reduction', Reduction, '?']]>;
/** max(0, −y (x1 − x2) + margin). */
export class MarginRankingLoss extends MarginLoss {
  constructor(...args: MarginArgs) { super('MarginRankingLoss', args, 0.0); }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor { return F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction }); }
}
/** x where y = 1, max(0, margin − x) where y = −1. */
export class HingeEmbeddingLoss extends MarginLoss {
  constructor(...args: MarginArgs) { super('HingeEmbeddingLoss', args, 1.0); }
  forward(input: Tensor, target: Tensor): Tensor { return F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction }); }
}
/** 1 − cos(x1, x2) where y = 1, max(0, cos(x1, x2) − margin) where y = −1. */
export class CosineEmbeddingLoss extends MarginLoss {
  constructor(...args: MarginArgs) { super('CosineEmbeddingLoss', args, 0.0); }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor { return F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction }); }
}

/** log(1 + exp(−y x)) for targets ±1. */
export class SoftMarginLoss extends Loss {
  constructor(...args: PyArgs<[...Legacy, ['reduction', Reduction, '?']]>) { super(bindLoss('SoftMarginLoss', args, ['size_average', 'reduce', 'reduction'])); }
  forward(input: Tensor, target: Tensor): Tensor { return F.soft_margin_loss(input, target, { reduction: this.reduction }); }
}
/** Multi-label hinge loss with targets listing class indices (padded with −1). */
export class MultiLabelMarginLoss extends Loss {
  constructor(...args: PyArgs<[...Legacy, ['reduction', Reduction, '?']]>) { super(bindLoss('MultiLabelMarginLoss', args, ['size_average', 'reduce', 'reduction'])); }
  forward(input: Tensor, target: Tensor): Tensor { return F.multilabel_margin_loss(input, target, { reduction: this.reduction }); }
}

/** max(d(a, p) − d(a, n) + margin, 0) with p-norm distances. */
export class TripletMarginLoss extends Loss {
  margin: number;
  p: number;
  eps: number;
  swap: boolean;
  constructor(...args: PyArgs<[['margin', number, '?'], ['p', number, '?'], ['eps', number, '?'], ['swap', boolean, '?'], ...Legacy, ['reduction', Reduction, '?']]>) {
    const o = bindLoss('TripletMarginLoss', args, ['margin', 'p', 'eps', 'swap', 'size_average', 'reduce', 'reduction'], { margin: 1.0, p: 2.0, eps: 1e-6, swap: false });
    super(o);
    this.margin = o.margin;
    this.p = o.p;
    this.eps = o.eps;
    this.swap = o.swap;
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

/** Poisson negative log likelihood. */
export class PoissonNLLLoss extends Loss {
  log_input: boolean;
  full: boolean;
  eps: number;
  constructor(...args: PyArgs<[['log_input', boolean, '?'], ['full', boolean, '?'], ['size_average', boolean | null, '?'], ['eps', number, '?'], ['reduce', boolean | null, '?'], ['reduction', Reduction, '?']]>) {
    const o = bindLoss('PoissonNLLLoss', args, ['log_input', 'full', 'size_average', 'eps', 'reduce', 'reduction'], { log_input: true, full: false, eps: 1e-8 });
    super(o);
    this.log_input = o.log_input;
    this.full = o.full;
    this.eps = o.eps;
  }
  forward(log_input: Tensor, target: Tensor): Tensor {
    return F.poisson_nll_loss(log_input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** Gaussian negative log likelihood (every option keyword-only, as in PyTorch). */
export class GaussianNLLLoss extends Loss {
  full: boolean;
  eps: number;
  constructor(...args: [] | [options: { full?: boolean; eps?: number; reduction?: Reduction }]) {
    const [full, eps, reduction] = pyBind<[boolean, number, Reduction]>('GaussianNLLLoss.__init__', args, [], { full: false, eps: 1e-6, reduction: 'mean' }, ['full', 'eps', 'reduction']);
    super({ reduction });
    this.full = full;
    this.eps = eps;
  }
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor { return F.gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction }); }
}

/** Multi-label one-versus-all loss from logits and 0/1 targets. */
export class MultiLabelSoftMarginLoss extends WeightedLoss {
  constructor(...args: PyArgs<[['weight', Tensor | null, '?'], ...Legacy, ['reduction', Reduction, '?']]>) {
    super(bindLoss('MultiLabelSoftMarginLoss', args, ['weight', 'size_average', 'reduce', 'reduction']));
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction }); }
}

/** Multi-class hinge loss. */
export class MultiMarginLoss extends WeightedLoss {
  p: number;
  margin: number;
  constructor(...args: PyArgs<[['p', number, '?'], ['margin', number, '?'], ['weight', Tensor | null, '?'], ...Legacy, ['reduction', Reduction, '?']]>) {
    const o = bindLoss('MultiMarginLoss', args, ['p', 'margin', 'weight', 'size_average', 'reduce', 'reduction'], { p: 1, margin: 1.0 });
    if (o.p !== 1 && o.p !== 2) throw new TorchError('only p == 1 and p == 2 supported', 'ValueError');
    if (o.weight !== null && o.weight.dim() !== 1) throw new TorchError('weight must be one-dimensional', 'ValueError');
    super(o);
    this.p = o.p;
    this.margin = o.margin;
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction }); }
}

/** NLLLoss under its old name for (N, C, H, W) input (same arguments). */
export class NLLLoss2d extends NLLLoss {}

/** Connectionist temporal classification loss (Graves et al., 2006): log-probabilities (T, N, C) against unaligned targets. */
export class CTCLoss extends Loss {
  blank: number;
  zero_infinity: boolean;
  constructor(...args: PyArgs<[['blank', number, '?'], ['reduction', Reduction, '?'], ['zero_infinity', boolean, '?']]>) {
    const o = bindLoss('CTCLoss', args, ['blank', 'reduction', 'zero_infinity'], { blank: 0, zero_infinity: false });
    super(o);
    this.blank = o.blank;
    this.zero_infinity = o.zero_infinity;
  }
  forward(log_probs: Tensor, targets: Tensor, input_lengths: Tensor | number[], target_lengths: Tensor | number[]): Tensor {
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, this.blank, this.reduction as Reduction, this.zero_infinity);
  }
}

type DistanceFunction = (x1: Tensor, x2: Tensor) => Tensor;
/** max(d(a, p) − d(a, n) + margin, 0) with any distance function (pairwise_distance by default). All arguments are keyword-only. */
export class TripletMarginWithDistanceLoss extends Loss {
  distance_function: DistanceFunction;
  margin: number;
  swap: boolean;
  constructor(...args: PyArgs<[], { distance_function?: DistanceFunction | null; margin?: number; swap?: boolean; reduction?: Reduction }>) {
    const o = bindNamed(signature('TripletMarginWithDistanceLoss.__init__', [], { distance_function: null, margin: 1.0, swap: false, reduction: 'mean' },
      { kwonly: ['distance_function', 'margin', 'swap', 'reduction'], implicit: 1 }), args);
    super(o);
    // The default distance is a PairwiseDistance module, registered as a child as in PyTorch.
    this.distance_function = o.distance_function ?? new PairwiseDistance();
    this.margin = o.margin;
    this.swap = o.swap;
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_with_distance_loss(anchor, positive, negative,
      { distance_function: this.distance_function, margin: this.margin, swap: this.swap, reduction: this.reduction as Reduction });
  }
}
