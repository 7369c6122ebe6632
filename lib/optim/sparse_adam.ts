// torch.optim.SparseAdam: Adam for sparse gradients (nn.Embedding(..., { sparse: true })), updating
// the moments and parameters only at the rows a gradient touches.
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { isOptions } from '../python/options';
import { Optimizer, ParamsInput, adamStyleChecks, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * SparseAdam. `SparseAdam(params, lr=1e-3, betas=[0.9, 0.999], eps=1e-8, maximize=false)`. Its step
 * takes sparse gradients only: a dense one is PyTorch's RuntimeError ("please consider Adam instead").
 */
export class SparseAdam extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('SparseAdam', args, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, maximize: false }, {});
    checkRanges([
      [o.lr > 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
      [o.eps > 0, `Invalid epsilon value: ${pyNumber(o.eps)}`],
      ...adamStyleChecks({ ...o, weight_decay: 0 }).slice(2, 4),
    ]);
    const list: any[] = params !== null && typeof (params as any)?.[Symbol.iterator] === 'function' ? Array.from(params as Iterable<any>) : (params as any);
    const sparse: unknown[] = [];
    if (Array.isArray(list)) list.forEach((p, i) => {
      if (isOptions(p)) Array.from((p as any).params ?? [], (q: any, k) => { if (q instanceof Tensor && q.is_sparse) sparse.push([i, k]); });
      else if (p instanceof Tensor && p.is_sparse) sparse.push(i);
    });
    if (sparse.length > 0)
      throw new TorchError(`Sparse params at indices ${pyNumber(sparse)}: SparseAdam requires dense parameter tensors`, 'ValueError');
    super(list, o);
    this.kind = 'SparseAdam';
  }
}
