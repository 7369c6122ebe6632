// torch.optim.SGD: plain, momentum and Nesterov gradient descent (update in native/optim.cc).
import { Optimizer, ParamsInput, REQUIRED, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * Stochastic gradient descent, optionally with momentum (Nesterov's too).
 * `SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=false, {maximize, foreach, differentiable})`;
 * every option may also go in the trailing options object: `SGD(model.parameters(), { lr: 0.05, momentum: 0.9 })`.
 */
export class SGD extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('SGD', args,
      { lr: Optimizer.libtorchMajor >= 2 ? 1e-3 : REQUIRED, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false },
      { maximize: false, foreach: null, differentiable: false });
    checkRanges([
      [o.lr === REQUIRED || o.lr >= 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
      [o.momentum >= 0, `Invalid momentum value: ${pyNumber(o.momentum)}`],
      [o.weight_decay >= 0, `Invalid weight_decay value: ${pyNumber(o.weight_decay)}`],
      [!o.nesterov || (o.momentum > 0 && o.dampening === 0), 'Nesterov momentum requires a momentum and zero dampening'],
    ]);
    super(params, o);
    this.kind = 'SGD';
  }
}
