// torch.optim.Adam and AdamW: adaptive moments; AdamW decouples the weight decay from the gradient.
import { Optimizer, forRelease, ParamsInput, adamStyleChecks, bindOptions, checkRanges, OptimizerKwargs, takeParams } from './optimizer';

const ADAM_DECOUPLED_OPTION = forRelease([['1.13', false], ['2.14', true]]);
// PyTorch 2.x's Adam and AdamW take betas as two floats (or two tensors): a JS integer is a Python int.
const BETAS_MUST_BE_FLOATS = forRelease([['1.13', false], ['2.6', true]]);
const betasAreFloats = (o: Record<string, any>): [boolean, string][] =>
  (BETAS_MUST_BE_FLOATS ? [[o.betas.every((b: number) => !Number.isInteger(b)), 'betas must be either both floats or both Tensors']] : []);

/**
 * Adam. `Adam(params, lr=1e-3, betas=[0.9, 0.999], eps=1e-8, weight_decay=0, amsgrad=false,
 * {foreach, maximize, capturable, differentiable, fused})`; 2.14 adds `decoupled_weight_decay=false`
 * (true: AdamW's update).
 */
export class Adam extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('Adam', args,
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false },
      forRelease([['1.13', { foreach: null, maximize: false, capturable: false, differentiable: false, fused: false }],
        ['2.6', { foreach: null, maximize: false, capturable: false, differentiable: false, fused: null }],
        ['2.14', { foreach: null, maximize: false, capturable: false, differentiable: false, fused: null, decoupled_weight_decay: false }]]));
    checkRanges([...adamStyleChecks(o), ...betasAreFloats(o)]);
    super(params, o);
    this.kind = 'Adam';
  }
}

/**
 * AdamW (decoupled weight decay). `AdamW(params, lr=1e-3, betas=[0.9, 0.999], eps=1e-8,
 * weight_decay=1e-2, amsgrad=false, {maximize, foreach, capturable})`.
 */
export class AdamW extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('AdamW', args,
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 1e-2, amsgrad: false },
      forRelease([['1.13', { maximize: false, foreach: null, capturable: false }],
        ['2.6', { maximize: false, foreach: null, capturable: false, differentiable: false, fused: null }]]));
    checkRanges([...adamStyleChecks(o), ...betasAreFloats(o)]);
    // PyTorch 2.14's AdamW is Adam with decoupled_weight_decay=True (in its groups, not a keyword).
    if (ADAM_DECOUPLED_OPTION) o.decoupled_weight_decay = true;
    super(params, o);
    this.kind = 'AdamW';
  }
}
