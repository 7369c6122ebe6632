// torch.optim.NAdam: Adam with Nesterov momentum and a momentum-decay schedule.
import { Optimizer, ParamsInput, adamStyleChecks, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/** NAdam. `NAdam(params, lr=2e-3, betas=[0.9, 0.999], eps=1e-8, weight_decay=0, momentum_decay=4e-3, foreach=null, {maximize})`. */
export class NAdam extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('NAdam', args,
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3, foreach: null },
      Optimizer.libtorchMajor >= 2 ? { maximize: false } : {});  // PyTorch 1.13 has no maximize here
    checkRanges([...adamStyleChecks(o), [o.momentum_decay >= 0, `Invalid momentum_decay value: ${pyNumber(o.momentum_decay)}`]]);
    super(params, o);
    this.kind = 'NAdam';
  }
}
