// torch.optim.LBFGS: a line-by-line port of PyTorch 1.13's torch/optim/lbfgs.py over the public
// tensor API. L-BFGS re-evaluates the model several times per step, so there is no single native
// update: `step(closure)` runs PyTorch's Python loop here, op by op.
//
// Python mixes floats and 0-d tensors freely in this algorithm (`t` starts as a tensor when
// `1 / |g|_1 < 1`, `gtd` is always a tensor, the losses are floats), and which one a value is
// decides how arithmetic rounds (float32 tensor ops vs double). The helpers below apply Python's
// operator rules (`float - tensor` is `tensor.__rsub__`, `float / tensor` is
// `tensor.reciprocal() * float`, comparisons with a tensor are tensor comparisons, builtin
// `min`/`max` keep the first argument unless the second compares smaller/larger), so every
// number follows the same path, and comes out with the same bits, as in PyTorch.
import { Tensor } from '../tensor';
import { cat } from '../creation';
import { no_grad, enable_grad } from '../autograd';
import { TorchError } from '../errors';

import { Optimizer, ParamsInput, OptimizerKwargs, bindOptions, forRelease, takeParams } from './optimizer';
import { typed } from '../python/check';
import { missingArguments } from '../python/binder';
import { typeName } from '../python/typename';

/** A Python number or a 0-d tensor: what most L-BFGS scalars are, depending on the path taken. */
export type Num = number | Tensor;

const isT = (v: unknown): v is Tensor => v instanceof Tensor;
// A 0-d tensor passed where PyTorch takes a Scalar (`alpha=`) is read with `.item()`.
const scalarOf = (v: Num): number => (isT(v) ? Number(v.item()) : v);
const truth = (t: Tensor): boolean => Boolean(t.item());

const add = (a: Num, b: Num): Num => (isT(a) ? a.add(b) : isT(b) ? b.add(a) : a + b);
const sub = (a: Num, b: Num): Num => (isT(a) ? a.sub(b) : isT(b) ? b.rsub(a) : a - b);
const mul = (a: Num, b: Num): Num => (isT(a) ? a.mul(b) : isT(b) ? b.mul(a) : a * b);
function div(a: Num, b: Num): Num {
  if (isT(a)) return a.div(b);
  if (isT(b)) return b.reciprocal().mul(a);
  if (b === 0) throw new TorchError('float division by zero', 'ZeroDivisionError');
  return a / b;
}
const abs = (a: Num): Num => (isT(a) ? a.abs() : Math.abs(a));
// a < b etc.; a number on the left defers to the tensor's reflected comparison.
const lt = (a: Num, b: Num): boolean => (isT(a) ? truth(a.lt(b)) : isT(b) ? truth(b.gt(a)) : a < b);
const le = (a: Num, b: Num): boolean => (isT(a) ? truth(a.le(b)) : isT(b) ? truth(b.ge(a)) : a <= b);
const gt = (a: Num, b: Num): boolean => (isT(a) ? truth(a.gt(b)) : isT(b) ? truth(b.lt(a)) : a > b);
const ge = (a: Num, b: Num): boolean => (isT(a) ? truth(a.ge(b)) : isT(b) ? truth(b.le(a)) : a >= b);
/** Python's builtin min(a, b) / max(a, b). */
const pymin = (a: Num, b: Num): Num => (lt(b, a) ? b : a);
const pymax = (a: Num, b: Num): Num => (gt(b, a) ? b : a);
/** float(x) of a closure's result. */
const toFloat = (v: unknown): number => (isT(v) ? Number(v.item()) : Number(v));

/** Minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to `bounds` (polyinterp.lua). */
export function _cubic_interpolate(x1: Num, f1: Num, g1: Num, x2: Num, f2: Num, g2: Num, bounds: [Num, Num] | null = null): Num {
  // Compute bounds of interpolation area
  let xmin_bound: Num, xmax_bound: Num;
  if (bounds !== null) [xmin_bound, xmax_bound] = bounds;
  else [xmin_bound, xmax_bound] = le(x1, x2) ? [x1, x2] : [x2, x1];
  // d1 = g1 + g2 - 3*(f1-f2)/(x1-x2); d2 = sqrt(d1^2 - g1*g2);
  // min_pos = x2 - (x2 - x1)*((g2 + d2 - d1)/(g2 - g1 + 2*d2)); t_new = min(max(min_pos,xmin_bound),xmax_bound)
  const d1 = sub(add(g1, g2), div(mul(3, sub(f1, f2)), sub(x1, x2)));
  const d2_square = sub(isT(d1) ? d1.pow(2) : d1 * d1, mul(g1, g2));
  if (ge(d2_square, 0)) {
    const d2 = isT(d2_square) ? d2_square.sqrt() : Math.sqrt(d2_square);
    let min_pos: Num;
    if (le(x1, x2)) min_pos = sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))));
    else min_pos = sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    return pymin(pymax(min_pos, xmin_bound), xmax_bound);
  }
  return div(add(xmin_bound, xmax_bound), 2);
}

/** `obj_func(x, t, d)`: the loss and flat gradient at x + t d. */
export type ObjFunc = (x: Tensor[], t: Num, d: Tensor) => [number, Tensor];

/** Line search for a step satisfying the strong Wolfe conditions (lswolfe.lua). Returns [f_new, g_new, t, ls_func_evals]. */
export function _strong_wolfe(obj_func: ObjFunc, x: Tensor[], t: Num, d: Tensor, f: number, g: Tensor, gtd: Tensor,
  c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9, max_ls = 25): [number, Tensor, Num, number] {
  const d_norm = d.abs().max();
  g = g.clone();
  // evaluate objective and gradient using initial step
  let [f_new, g_new] = obj_func(x, t, d);
  let ls_func_evals = 1;
  let gtd_new = g_new.dot(d);

  // bracket an interval containing a point satisfying the Wolfe criteria
  let t_prev: Num = 0, f_prev = f, g_prev = g, gtd_prev = gtd;
  let done = false;
  let ls_iter = 0;
  let bracket: Num[] = [], bracket_f: number[] = [], bracket_g: Tensor[] = [], bracket_gtd: Tensor[] = [];
  while (ls_iter < max_ls) {
    // check conditions
    if (gt(f_new, add(f, mul(mul(c1, t), gtd))) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket = [t_prev, t];
      bracket_f = [f_prev, f_new];
      bracket_g = [g_prev, g_new.clone()];
      bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    if (le(abs(gtd_new), mul(-c2, gtd))) {
      bracket = [t];
      bracket_f = [f_new];
      bracket_g = [g_new];
      done = true;
      break;
    }
    if (ge(gtd_new, 0)) {
      bracket = [t_prev, t];
      bracket_f = [f_prev, f_new];
      bracket_g = [g_prev, g_new.clone()];
      bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    // interpolate
    const min_step = add(t, mul(0.01, sub(t, t_prev)));
    const max_step = mul(t, 10);
    const tmp = t;
    t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, [min_step, max_step]);
    // next step
    t_prev = tmp;
    f_prev = f_new;
    g_prev = g_new.clone();
    gtd_prev = gtd_new;
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;
  }
  // reached max number of iterations?
  if (ls_iter === max_ls) {
    bracket = [0, t];
    bracket_f = [f, f_new];
    bracket_g = [g, g_new];
  }

  // zoom phase: we now have a point satisfying the criteria, or a bracket around it. We refine
  // the bracket until we find the exact point satisfying the criteria
  let insuf_progress = false;
  // find high and low points in bracket
  let [low_pos, high_pos] = bracket_f[0] <= bracket_f[bracket_f.length - 1] ? [0, 1] : [1, 0];
  while (!done && ls_iter < max_ls) {
    // line-search bracket is so small
    if (lt(mul(abs(sub(bracket[1], bracket[0])), d_norm), tolerance_change)) break;
    // compute new trial value
    t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]);

    // test that we are making sufficient progress: in case `t` is so close to boundary, we mark
    // that we are making insufficient progress, and if we have made insufficient progress in
    // the last step, or `t` is at one of the boundary, we will move `t` to a position which is
    // `0.1 * len(bracket)` away from the nearest boundary point.
    const bmax = () => pymax(bracket[0], bracket[1]);
    const bmin = () => pymin(bracket[0], bracket[1]);
    const eps = mul(0.1, sub(bmax(), bmin()));
    if (lt(pymin(sub(bmax(), t), sub(t, bmin())), eps)) {
      // interpolation close to boundary
      if (insuf_progress || ge(t, bmax()) || le(t, bmin())) {
        // evaluate at 0.1 away from boundary
        if (lt(abs(sub(t, bmax())), abs(sub(t, bmin())))) t = sub(bmax(), eps);
        else t = add(bmin(), eps);
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }

    // Evaluate new point
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;

    if (gt(f_new, add(f, mul(mul(c1, t), gtd))) || f_new >= bracket_f[low_pos]) {
      // Armijo condition not satisfied or not lower than lowest point
      bracket[high_pos] = t;
      bracket_f[high_pos] = f_new;
      bracket_g[high_pos] = g_new.clone();
      bracket_gtd[high_pos] = gtd_new;
      [low_pos, high_pos] = bracket_f[0] <= bracket_f[1] ? [0, 1] : [1, 0];
    } else {
      if (le(abs(gtd_new), mul(-c2, gtd))) {
        // Wolfe conditions satisfied
        done = true;
      } else if (ge(mul(gtd_new, sub(bracket[high_pos], bracket[low_pos])), 0)) {
        // old high becomes new low
        bracket[high_pos] = bracket[low_pos];
        bracket_f[high_pos] = bracket_f[low_pos];
        bracket_g[high_pos] = bracket_g[low_pos];
        bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      // new point becomes new low
      bracket[low_pos] = t;
      bracket_f[low_pos] = f_new;
      bracket_g[low_pos] = g_new.clone();
      bracket_gtd[low_pos] = gtd_new;
    }
  }
  // return stuff
  return [bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals];
}

const LINE_SEARCH_WITHIN_MAX_EVAL = forRelease([['1.13', false], ['2.14', true]]);

const DEFAULTS: Record<string, unknown> = {
  lr: 1, max_iter: 20, max_eval: null, tolerance_grad: 1e-7, tolerance_change: 1e-9, history_size: 100, line_search_fn: null,
};
const number = typed<number>('number', (v) => typeof v === 'number' && Number.isFinite(v));
const CHECKS = { max_eval: number.nullable(), line_search_fn: typed<string>('string', (v) => typeof v === 'string').nullable() };

/**
 * L-BFGS, heavily inspired by minFunc. `LBFGS(params, lr=1, max_iter=20, max_eval=null (max_iter * 5 / 4,
 * floored), tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100, line_search_fn=null | 'strong_wolfe')`
 * (2.14: and `{maximize=false}`);
 * every option may also go in the trailing options object. Only one parameter group is supported,
 * and `step(closure)` needs a closure that re-evaluates the model (zero_grad, forward, backward)
 * and returns the loss:
 *
 *     const opt = torch.optim.LBFGS(model.parameters(), { line_search_fn: 'strong_wolfe' });
 *     opt.step(() => { opt.zero_grad(); const loss = loss_fn(model(x), y); loss.backward(); return loss; });
 *
 * Its state (func_evals, n_iter, d, t, old_dirs, old_stps, ro, H_diag, prev_flat_grad, prev_loss, al)
 * is registered under the first parameter, as in PyTorch.
 */
export class LBFGS extends Optimizer {
  private _numel_cache: number | null = null;

  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('LBFGS', args, DEFAULTS, forRelease([['1.13', {}], ['2.14', { maximize: false }]]), CHECKS);
    if (o.max_eval === null) o.max_eval = Math.floor((o.max_iter * 5) / 4);
    super(params, o);
    if (this.param_groups.length !== 1)
      throw new TorchError("LBFGS doesn't support per-parameter options (parameter groups)", 'ValueError');
  }

  /** The single group's parameters (`self._params`). */
  protected get _params(): Tensor[] { return this.param_groups[0].params; }

  protected _numel(): number {
    if (this._numel_cache === null) this._numel_cache = this._params.reduce((total, p) => total + p.numel(), 0);
    return this._numel_cache;
  }

  protected _gather_flat_grad(): Tensor {
    const views = this._params.map((p) => {
      const grad = p.grad;
      return grad === null ? p.new_zeros([p.numel()]) : grad.view(-1);
    });
    const flat_grad = cat(views, 0);
    if (this.param_groups[0].maximize) flat_grad.neg_();  // PyTorch 2.14's maximize (absent before)
    return flat_grad;
  }

  protected _add_grad(step_size: Num, update: Tensor): void {
    const alpha = scalarOf(step_size);
    let offset = 0;
    for (const p of this._params) {
      const numel = p.numel();
      // view as to avoid deprecated pointwise semantics
      p.add_(update.slice(0, offset, offset + numel).view_as(p), { alpha });
      offset += numel;
    }
    if (offset !== this._numel()) throw new TorchError('AssertionError', 'AssertionError');
  }

  protected _clone_param(): Tensor[] { return this._params.map((p) => p.clone()); }

  protected _set_param(params_data: Tensor[]): void {
    this._params.forEach((p, i) => p.copy_(params_data[i]));
  }

  protected _directional_evaluate(closure: () => any, x: Tensor[], t: Num, d: Tensor): [number, Tensor] {
    this._add_grad(t, d);
    let loss = toFloat(closure());
    if (this.param_groups[0].maximize) loss = -loss;
    const flat_grad = this._gather_flat_grad();
    this._set_param(x);
    return [loss, flat_grad];
  }

  /**
   * Performs a single optimization step (up to `max_iter` L-BFGS iterations). `closure` re-evaluates
   * the model and returns the loss; it runs with gradients enabled. Returns the loss of its first call.
   */
  step(closure?: (() => any) | null): any {
    if (closure === undefined) throw missingArguments('LBFGS.step', ['closure']);
    if (typeof closure !== 'function') throw new TypeError(`'${typeName(closure)}' object is not callable`);
    const fn = closure;
    return no_grad(() => this._step(() => enable_grad(fn)));
  }

  private _step(closure: () => any): any {
    if (this.param_groups.length !== 1) throw new TorchError('AssertionError', 'AssertionError');
    const group = this.param_groups[0];
    const lr: number = group.lr;
    const max_iter: number = group.max_iter;
    const max_eval: number = group.max_eval;
    const tolerance_grad: number = group.tolerance_grad;
    const tolerance_change: number = group.tolerance_change;
    const line_search_fn: string | null = group.line_search_fn;
    const history_size: number = group.history_size;
    const maximize: boolean = group.maximize ?? false;

    // NOTE: LBFGS has only global state, but we register it as state for the first param,
    // because this helps with casting in load_state_dict
    const state = this.stateOf(this._params[0]);
    if (!('func_evals' in state)) state.func_evals = 0;
    if (!('n_iter' in state)) state.n_iter = 0;

    // evaluate initial f(x) and df/dx
    const orig_loss = closure();
    let loss = maximize ? -toFloat(orig_loss) : toFloat(orig_loss);
    let current_evals = 1;
    state.func_evals += 1;

    let flat_grad = this._gather_flat_grad();
    let opt_cond = truth(flat_grad.abs().max().le(tolerance_grad));
    // optimal condition
    if (opt_cond) return orig_loss;

    // tensors cached in state (for tracing)
    let d: Tensor = state.d;
    let t: Num = state.t;
    let old_dirs: Tensor[] = state.old_dirs;
    let old_stps: Tensor[] = state.old_stps;
    let ro: Tensor[] = state.ro;
    let H_diag: Num = state.H_diag;
    let prev_flat_grad: Tensor | undefined = state.prev_flat_grad;
    let prev_loss: number = state.prev_loss;

    let n_iter = 0;
    // optimize for a max of max_iter iterations
    while (n_iter < max_iter) {
      // keep track of nb of iterations
      n_iter += 1;
      state.n_iter += 1;

      // compute gradient descent direction
      if (state.n_iter === 1) {
        d = flat_grad.neg();
        old_dirs = [];
        old_stps = [];
        ro = [];
        H_diag = 1;
      } else {
        // do lbfgs update (update memory)
        const y = flat_grad.sub(prev_flat_grad!);
        const s = d.mul(t);
        const ys = y.dot(s);  // y*s
        if (truth(ys.gt(1e-10))) {
          // updating memory
          if (old_dirs.length === history_size) {
            // shift history by one (limited-memory)
            old_dirs.shift();
            old_stps.shift();
            ro.shift();
          }
          // store new direction/step
          old_dirs.push(y);
          old_stps.push(s);
          ro.push(ys.reciprocal().mul(1.0));  // 1. / ys
          // update scale of initial Hessian approximation
          H_diag = ys.div(y.dot(y));  // (y*y)
        }
        // compute the approximate (L-BFGS) inverse Hessian multiplied by the gradient
        const num_old = old_dirs.length;
        if (!('al' in state)) state.al = new Array(history_size).fill(null);
        const al: (Tensor | null)[] = state.al;

        // iteration in L-BFGS loop collapsed to use just one buffer
        const q = flat_grad.neg();
        for (let i = num_old - 1; i > -1; i--) {
          al[i] = old_stps[i].dot(q).mul(ro[i]);
          q.add_(old_dirs[i], { alpha: scalarOf(al[i]!.neg()) });
        }
        // multiply by initial Hessian; r/d is the final direction
        const r = q.mul(H_diag);
        d = r;
        for (let i = 0; i < num_old; i++) {
          const be_i = old_dirs[i].dot(r).mul(ro[i]);
          r.add_(old_stps[i], { alpha: scalarOf(al[i]!.sub(be_i)) });
        }
      }

      if (prev_flat_grad === undefined || prev_flat_grad === null) prev_flat_grad = flat_grad.clone();
      else prev_flat_grad.copy_(flat_grad);
      prev_loss = loss;

      // compute step length: reset initial guess for step size
      if (state.n_iter === 1) t = mul(pymin(1.0, div(1.0, flat_grad.abs().sum())), lr);
      else t = lr;

      // directional derivative
      const gtd = flat_grad.dot(d);  // g * d
      // directional derivative is below tolerance
      if (gt(gtd, -tolerance_change)) break;

      // optional line search: user function
      let ls_func_evals = 0;
      if (line_search_fn !== null && line_search_fn !== undefined) {
        // perform line search, using user function
        if (line_search_fn !== 'strong_wolfe') throw new TorchError("only 'strong_wolfe' is supported", 'RuntimeError');
        const x_init = this._clone_param();
        const obj_func: ObjFunc = (x, tt, dd) => this._directional_evaluate(closure, x, tt, dd);
        // PyTorch 2.14 bounds the line search by the evaluations left (before: 25 each time).
        const max_ls = LINE_SEARCH_WITHIN_MAX_EVAL ? max_eval - current_evals : 25;
        [loss, flat_grad, t, ls_func_evals] = _strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd, 1e-4, 0.9, 1e-9, max_ls);
        this._add_grad(t, d);
        opt_cond = truth(flat_grad.abs().max().le(tolerance_grad));
      } else {
        // no line search, simply move with fixed-step
        this._add_grad(t, d);
        if (n_iter !== max_iter) {
          // re-evaluate function only if not in last iteration: in a stochastic setting, no use
          // to re-evaluate that function here
          loss = maximize ? -toFloat(enable_grad(closure)) : toFloat(enable_grad(closure));
          flat_grad = this._gather_flat_grad();
          opt_cond = truth(flat_grad.abs().max().le(tolerance_grad));
          ls_func_evals = 1;
        }
      }
      // update func eval
      current_evals += ls_func_evals;
      state.func_evals += ls_func_evals;

      // check conditions
      if (n_iter === max_iter) break;
      if (current_evals >= max_eval) break;
      // optimal condition
      if (opt_cond) break;
      // lack of progress
      if (truth(d.mul(t).abs().max().le(tolerance_change))) break;
      if (Math.abs(loss - prev_loss) < tolerance_change) break;
    }

    state.d = d;
    state.t = t;
    state.old_dirs = old_dirs;
    state.old_stps = old_stps;
    state.ro = ro;
    state.H_diag = H_diag;
    state.prev_flat_grad = prev_flat_grad;
    state.prev_loss = prev_loss;
    return orig_loss;
  }
}
