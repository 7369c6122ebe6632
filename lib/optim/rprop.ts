// torch.optim.Rprop: resilient backpropagation, per-coordinate step sizes driven by gradient signs.
import { Optimizer, forRelease, ParamsInput, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * Rprop. `Rprop(params, lr=1e-2, etas=[0.5, 1.2], step_sizes=[1e-6, 50], foreach=null, maximize=false)`;
 * the state holds `step`, `prev` (the last gradient used) and `step_size`, as PyTorch's does.
 */
export class Rprop extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('Rprop', args, ...forRelease<[Record<string, unknown>, Record<string, unknown>]>([
      ['1.13', [{ lr: 1e-2, etas: [0.5, 1.2], step_sizes: [1e-6, 50], foreach: null, maximize: false }, {}]],
      ['2.0', [{ lr: 1e-2, etas: [0.5, 1.2], step_sizes: [1e-6, 50] }, { foreach: null, maximize: false, differentiable: false }]],
      ['2.6', [{ lr: 1e-2, etas: [0.5, 1.2], step_sizes: [1e-6, 50] },
        { capturable: false, foreach: null, maximize: false, differentiable: false }]]]));
    const [etaminus, etaplus] = o.etas;
    checkRanges([
      [o.lr >= 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
      [etaminus > 0 && etaminus < 1 && etaplus > 1, `Invalid eta values: ${pyNumber(etaminus)}, ${pyNumber(etaplus)}`],
    ]);
    super(params, o);
    this.kind = 'Rprop';
  }
}
