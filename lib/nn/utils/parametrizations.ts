// torch.nn.utils.parametrizations: spectral_norm and orthogonal (PyTorch 1.13's parametrizations.py)
// and weight_norm (the parametrization PyTorch added in 2.1), each a module registered with
// parametrize.register_parametrization.
import { Tensor, PyArgs } from '../../tensor';
import { TorchError } from '../../errors';
import { no_grad } from '../../autograd';
import { eye, zeros_like, randn, cat } from '../../creation';
import { callAten } from '../../ops/dispatch';
import { bind, signature } from '../../python/binder';
import { sizeRepr } from '../../python/repr';
import { Module } from '../module';
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from '../conv';
import * as F from '../functional';
import { register_parametrization } from './parametrize';

const mT = (t: Tensor): Tensor => t.transpose(-2, -1);
const diagonal = (t: Tensor): Tensor => t.diagonal({ dim1: -2, dim2: -1 } as any);

/** The tensor `module.<name>`, or the ValueError PyTorch raises when there is none. */
function tensorOf(module: Module, name: string): Tensor {
  const weight = (module as any)[name];
  if (!(weight instanceof Tensor)) throw new TorchError(`Module '${module}' has no parameter or buffer with name '${name}'`, 'ValueError');
  return weight;
}

/** Reshapes a weight to (size of `dim`, everything else). */
export function weightToMatrix(weight: Tensor, dim: number): Tensor {
  const w = dim === 0 ? weight : weight.permute(dim, ...weight.shape.map((_, d) => d).filter((d) => d !== dim));
  return w.flatten(1);
}

// ---- spectral_norm --------------------------------------------------------------------------

/** weight / σ(weight), σ estimated by power iteration (one step per training forward) on the buffers _u, _v. */
export class _SpectralNorm extends Module {
  dim: number;
  eps: number;
  n_power_iterations!: number;
  declare _u: Tensor;
  declare _v: Tensor;
  constructor(weight: Tensor, n_power_iterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.dim();
    if (dim >= ndim || dim < -ndim) throw new TorchError(`Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`, 'IndexError');
    if (n_power_iterations <= 0) throw new TorchError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`, 'ValueError');
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    if (ndim > 1) {
      this.n_power_iterations = n_power_iterations;
      const mat = weightToMatrix(weight, this.dim);
      const [h, w] = mat.shape;
      const u = mat.new_empty([h]).normal_(0, 1);
      const v = mat.new_empty([w]).normal_(0, 1);
      this.register_buffer('_u', F.normalize(u, { dim: 0, eps: this.eps }));
      this.register_buffer('_v', F.normalize(v, { dim: 0, eps: this.eps }));
      this.powerMethod(mat, 15);
    }
  }
  private powerMethod(mat: Tensor, iterations: number): void {
    no_grad(() => {
      for (let i = 0; i < iterations; i++) {
        this._u = F.normalize(mat.mv(this._v), { dim: 0, eps: this.eps, out: this._u });
        this._v = F.normalize(mT(mat).mv(this._u), { dim: 0, eps: this.eps, out: this._v });
      }
    });
  }
  forward(weight: Tensor): Tensor {
    if (weight.dim() === 1) return F.normalize(weight, { dim: 0, eps: this.eps });
    const mat = weightToMatrix(weight, this.dim);
    if (this.training) this.powerMethod(mat, this.n_power_iterations);
    const u = this._u.clone(), v = this._v.clone();
    const sigma = u.dot(mat.mv(v));
    return weight.div(sigma);
  }
  right_inverse(value: Tensor): Tensor { return value; }
}

const SPECTRAL = signature('spectral_norm', ['module', 'name', 'n_power_iterations', 'eps', 'dim'], { name: 'weight', n_power_iterations: 1, eps: 1e-12, dim: null });
/** Divides `module.<name>` by its spectral norm (dim 1 for transposed convolutions, else 0, as the output dim). */
export function spectral_norm<M extends Module>(...args: PyArgs<[['module', M], ['name', string, '?'], ['n_power_iterations', number, '?'], ['eps', number, '?'], ['dim', number | null, '?']]>): M {
  const [module, name, n, eps, dimArg] = bind(SPECTRAL, args) as [M, string, number, number, number | null];
  const weight = tensorOf(module, name);
  const dim = dimArg ?? (module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d ? 1 : 0);
  register_parametrization(module, name, new _SpectralNorm(weight, n, dim, eps));
  return module;
}

// ---- orthogonal -----------------------------------------------------------------------------

type OrthMap = 'matrix_exp' | 'cayley' | 'householder';

/** Q of the QR decomposition with R's diagonal made positive (parametrizations._make_orthogonal). */
function makeOrthogonal(a: Tensor): Tensor {
  const [x, tau]: Tensor[] = callAten('geqrf', [a]);
  const q: Tensor = callAten('linalg_householder_product', [x, tau]);
  return q.mul(diagonal(x).sgn().unsqueeze(-2));
}

function isOrthogonal(q: Tensor): boolean {
  const [n, k] = [q.size(-2), q.size(-1)];
  const eps = 10 * n * (q.dtype.itemsize === 8 ? 2.220446049250313e-16 : 1.1920928955078125e-7);
  return mT(q).matmul(q).allclose(eye(k, { dtype: q.dtype, device: q.device }), { atol: eps }) as unknown as boolean;
}

/** An orthogonal (or unitary) matrix from an unconstrained one, by the matrix exponential, Cayley map or Householder products. */
export class _Orthogonal extends Module {
  shape: number[];
  orthogonal_map: OrthMap;
  declare base: Tensor | null;
  constructor(weight: Tensor, orthogonal_map: OrthMap, { use_trivialization = true }: { use_trivialization?: boolean } = {}) {
    super();
    if (weight.is_complex() && orthogonal_map === 'householder') throw new TorchError('The householder parametrization does not support complex tensors.', 'ValueError');
    this.shape = weight.shape;
    this.orthogonal_map = orthogonal_map;
    if (use_trivialization) this.register_buffer('base', null);
  }
  private get trivialized(): boolean { return this._buffer_names.has('base'); }
  forward(input: Tensor): Tensor {
    let x = input;
    let [n, k] = [x.size(-2), x.size(-1)];
    const transposed = n < k;
    if (transposed) {
      x = mT(x);
      [n, k] = [k, n];
    }
    let q: Tensor;
    if (this.orthogonal_map === 'matrix_exp' || this.orthogonal_map === 'cayley') {
      x = x.tril();
      if (n !== k) x = cat([x, x.new_zeros([n, n - k]).expand(...x.shape.slice(0, -2), -1, -1)], -1);
      const a = x.sub(mT(x).conj());
      if (this.orthogonal_map === 'matrix_exp') {
        q = a.matrix_exp();
      } else {
        const id = eye(n, { dtype: a.dtype, device: a.device });
        q = callAten('linalg_solve', [id.add(a, { alpha: -0.5 }), id.add(a, { alpha: 0.5 })]);
      }
      if (n !== k) q = q.narrow(-1, 0, k);
    } else {
      const a = x.tril(-1);
      const tau = a.mul(a).sum(-2).add(1).reciprocal().mul(2);
      q = callAten('linalg_householder_product', [a, tau]);
      q = q.mul(diagonal(x).int().unsqueeze(-2));
    }
    if (this.trivialized) q = (this.base as Tensor).matmul(q);
    return transposed ? mT(q) : q;
  }
  right_inverse(qIn: Tensor): Tensor {
    return no_grad(() => {
      if (qIn.shape.length !== this.shape.length || qIn.shape.some((s, i) => s !== this.shape[i])) {
        throw new TorchError(`Expected a matrix or batch of matrices of shape ${sizeRepr(this.shape)}. Got a tensor of shape ${sizeRepr(qIn.shape)}.`, 'ValueError');
      }
      let q = qIn;
      let [n, k] = [q.size(-2), q.size(-1)];
      const transpose = n < k;
      if (transpose) {
        q = mT(q);
        [n, k] = [k, n];
      }
      if (!this.trivialized) {
        if (this.orthogonal_map === 'cayley' || this.orthogonal_map === 'matrix_exp') {
          throw new TorchError('It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.', 'NotImplementedError');
        }
        const [a, tau]: Tensor[] = callAten('geqrf', [q]);
        const d = diagonal(a);
        d.sign_();
        d.copy_(d.mul(tau.eq(0).logical_not().mul(2).sub(1)));
        return transpose ? mT(a) : a;
      }
      if (n === k) {
        q = isOrthogonal(q) ? q.clone() : makeOrthogonal(q);
      } else {
        const noise = randn([...q.shape.slice(0, -2), n, n - k], { dtype: q.dtype, device: q.device });
        q = makeOrthogonal(cat([q, noise], -1));
      }
      this.base = q;
      const negId = zeros_like(qIn);
      diagonal(negId).fill_(-1);
      return negId;
    });
  }
}

const ORTHOGONAL = signature('orthogonal', ['module', 'name', 'orthogonal_map'], { name: 'weight', orthogonal_map: null, use_trivialization: true }, { kwonly: ['use_trivialization'] });
/** Keeps `module.<name>` orthogonal (or unitary): 'matrix_exp' (square), 'cayley' or 'householder' (the default for non-square). */
export function orthogonal<M extends Module>(...args: PyArgs<[['module', M], ['name', string, '?'], ['orthogonal_map', OrthMap | null, '?']], { use_trivialization?: boolean }>): M {
  const [module, name, mapArg, use_trivialization] = bind(ORTHOGONAL, args) as [M, string, OrthMap | null, boolean];
  const weight = tensorOf(module, name);
  if (weight.dim() < 2) throw new TorchError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.dim()} dimensions.`, 'ValueError');
  const map = mapArg ?? (weight.size(-2) === weight.size(-1) || weight.is_complex() ? 'matrix_exp' : 'householder');
  if (!['matrix_exp', 'cayley', 'householder'].includes(map)) {
    throw new TorchError(`orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${map}`, 'ValueError');
  }
  register_parametrization(module, name, new _Orthogonal(weight, map, { use_trivialization }), { unsafe: true });
  return module;
}

// ---- weight_norm ----------------------------------------------------------------------------

/** weight = g · v / ‖v‖ (norm over every dim but `dim`), kept as original0 = g and original1 = v. */
export class _WeightNorm extends Module {
  dim: number;
  constructor(dim: number | null = 0) {
    super();
    this.dim = dim ?? -1;
  }
  forward(weight_g: Tensor, weight_v: Tensor): Tensor { return callAten('_weight_norm', [weight_v, weight_g, this.dim]); }
  right_inverse(weight: Tensor): Tensor[] { return [callAten('norm_except_dim', [weight, 2, this.dim]), weight]; }
}

const WEIGHT_NORM = signature('weight_norm', ['module', 'name', 'dim'], { name: 'weight', dim: 0 });
/** Splits `module.<name>` into a magnitude g and a direction v (parametrizations.weight.original0 / original1). */
export function weight_norm<M extends Module>(...args: PyArgs<[['module', M], ['name', string, '?'], ['dim', number | null, '?']]>): M {
  const [module, name, dim] = bind(WEIGHT_NORM, args) as [M, string, number | null];
  register_parametrization(module, name, new _WeightNorm(dim), { unsafe: true });
  // Loads state dicts of the older nn.utils.weight_norm (keys <name>_g and <name>_v), as PyTorch's _weight_norm_compat_hook.
  module._register_load_state_dict_pre_hook((state_dict, prefix) => {
    const g_key = `${prefix}${name}_g`, v_key = `${prefix}${name}_v`;
    if (!(g_key in state_dict && v_key in state_dict)) return;
    const original0 = state_dict[g_key], original1 = state_dict[v_key];
    delete state_dict[g_key];
    delete state_dict[v_key];
    state_dict[`${prefix}parametrizations.${name}.original0`] = original0;
    state_dict[`${prefix}parametrizations.${name}.original1`] = original1;
  });
  return module;
}
