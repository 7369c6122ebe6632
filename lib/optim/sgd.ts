// torch.optim.SGD: plain, momentum and Nesterov gradient descent (update in native/optim.cc).
import { Optimizer, forRelease, ParamsInput, REQUIRED, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * Stochastic gradient descent, optionally with momentum (Nesterov's too).
 * `SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=false, {maximize, foreach, differentiable})`;
 * every option may also go in the trailing options object: `SGD(model.parameters(), { lr: 0.05, momentum: 0.9 })`.
 */
const STATE_ONLY_WITH_MOMENTUM = forRelease([['1.13', false], ['2.6', true]]);

export class SGD extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('SGD', args,
      { lr: Optimizer.libtorchMajor >= 2 ? 1e-3 : REQUIRED, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false },
      forRelease([['1.13', { maximize: false, foreach: null, differentiable: false }],
        ['2.6', { maximize: false, foreach: null, differentiable: false, fused: null }]]));
    checkRanges([
      [o.lr === REQUIRED || o.lr >= 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
      [o.momentum >= 0, `Invalid momentum value: ${pyNumber(o.momentum)}`],
      [o.weight_decay >= 0, `Invalid weight_decay value: ${pyNumber(o.weight_decay)}`],
      [!o.nesterov || (o.momentum > 0 && o.dampening === 0), 'Nesterov momentum requires a momentum and zero dampening'],
    ]);
    super(params, o);
    this.kind = 'SGD';
  }
  /** As Optimizer.step; PyTorch 2.x keeps no state (not even `momentum_buffer: None`) without momentum. */
  step(closure?: (() => any) | null): any {
    const loss = super.step(closure);
    if (STATE_ONLY_WITH_MOMENTUM) for (const g of this.param_groups) if (g.momentum === 0) for (const p of g.params) this.state.delete(p);
    return loss;
  }
}
