// torch.optim.RAdam: Adam with a rectified (variance-corrected) adaptive learning rate.
import { Optimizer, ParamsInput, adamStyleChecks, bindOptions, checkRanges, OptimizerKwargs, takeParams } from './optimizer';

/** RAdam. `RAdam(params, lr=1e-3, betas=[0.9, 0.999], eps=1e-8, weight_decay=0, foreach=null, {maximize})`. */
export class RAdam extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('RAdam', args,
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, foreach: null },
      Optimizer.libtorchMajor >= 2 ? { maximize: false } : {});  // PyTorch 1.13 has no maximize here
    checkRanges(adamStyleChecks(o));
    super(params, o);
    this.kind = 'RAdam';
  }
}
