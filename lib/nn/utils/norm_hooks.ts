// torch.nn.utils.weight_norm / remove_weight_norm and spectral_norm / remove_spectral_norm: the
// older forward-pre-hook forms (PyTorch 1.13's weight_norm.py and spectral_norm.py). The weight
// becomes a plain attribute recomputed before every forward from the parameters they register
// (weight_g and weight_v; weight_orig with the buffers weight_u and weight_v).
import { Tensor, PyArgs } from '../../tensor';
import { TorchError } from '../../errors';
import { no_grad } from '../../autograd';
import { callAten } from '../../ops/dispatch';
import { bind, signature } from '../../python/binder';
import { Module } from '../module';
import { Parameter, isUninitialized } from '../parameter';
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from '../conv';
import * as F from '../functional';
import { weightToMatrix } from './parametrizations';

/** What a norm hook is, kept on the hook function so that remove_* finds it. */
interface NormHook {
  (module: Module, input: unknown[]): void;
  kind: 'weight_norm' | 'spectral_norm';
  tensorName: string;
  remove(module: Module): void;
}

function findHook(module: Module, kind: NormHook['kind'], name: string): [number, NormHook] | undefined {
  for (const [id, hook] of module._forward_pre_hooks) {
    const h = hook as Partial<NormHook>;
    if (h.kind === kind && h.tensorName === name) return [id, hook as NormHook];
  }
  return undefined;
}

function ownParameter(module: Module, name: string): Parameter {
  const weight = (module as any)[name];
  if (isUninitialized(weight)) {
    throw new TorchError('The module passed to `WeightNorm` can\'t have uninitialized parameters. Make sure to run the dummy forward before applying weight normalization', 'ValueError');
  }
  return weight;
}

// ---- weight_norm --------------------------------------------------------------------------

const WEIGHT_NORM = signature('weight_norm', ['module', 'name', 'dim'], { name: 'weight', dim: 0 });
/** Replaces `module.<name>` by g · v / ‖v‖, with parameters `<name>_g` (magnitude) and `<name>_v` (direction). */
export function weight_norm<M extends Module>(...args: PyArgs<[['module', M], ['name', string, '?'], ['dim', number | null, '?']]>): M {
  const [module, name, dimArg] = bind(WEIGHT_NORM, args) as [M, string, number | null];
  if (findHook(module, 'weight_norm', name)) throw new TorchError(`Cannot register two weight_norm hooks on the same parameter ${name}`);
  const dim = dimArg ?? -1;
  const weight = ownParameter(module, name);
  const compute = (m: Module): Tensor => callAten('_weight_norm', [(m as any)[`${name}_v`], (m as any)[`${name}_g`], dim]);
  delete (module as any)[name];
  module.register_parameter(`${name}_g`, Parameter(callAten('norm_except_dim', [weight, 2, dim]).detach()));
  module.register_parameter(`${name}_v`, Parameter(weight.detach()));
  (module as any)[name] = compute(module);
  const hook = ((m: Module) => { (m as any)[name] = compute(m); }) as unknown as NormHook;
  hook.kind = 'weight_norm';
  hook.tensorName = name;
  hook.remove = (m: Module) => {
    const w = compute(m);
    delete (m as any)[name];
    delete (m as any)[`${name}_g`];
    delete (m as any)[`${name}_v`];
    m.register_parameter(name, Parameter(w.detach()));
  };
  module.register_forward_pre_hook(hook);
  return module;
}

/** remove_weight_norm / remove_spectral_norm: runs the hook's removal and unregisters it. */
function removeHook<M extends Module>(kind: NormHook['kind'], args: unknown[]): M {
  const [module, name] = bind(signature(`remove_${kind}`, ['module', 'name'], { name: 'weight' }), args) as [M, string];
  const found = findHook(module, kind, name);
  if (!found) throw new TorchError(`${kind} of '${name}' not found in ${module}`, 'ValueError');
  found[1].remove(module);
  module._forward_pre_hooks.delete(found[0]);
  return module;
}

/** Undoes weight_norm: `module.<name>` is a parameter again, holding the current g · v / ‖v‖. */
export function remove_weight_norm<M extends Module>(...args: PyArgs<[['module', M], ['name', string, '?']]>): M {
  return removeHook('weight_norm', args);
}

// ---- spectral_norm ------------------------------------------------------------------------

const SPECTRAL_NORM = signature('spectral_norm', ['module', 'name', 'n_power_iterations', 'eps', 'dim'], { name: 'weight', n_power_iterations: 1, eps: 1e-12, dim: null });
/**
 * Replaces `module.<name>` by weight / σ(weight), σ estimated by `n_power_iterations` steps of power
 * iteration per training forward; keeps `<name>_orig` (parameter) and `<name>_u`, `<name>_v` (buffers).
 */
export function spectral_norm<M extends Module>(...args: PyArgs<[['module', M], ['name', string, '?'], ['n_power_iterations', number, '?'], ['eps', number, '?'], ['dim', number | null, '?']]>): M {
  const [module, name, n, eps, dimArg] = bind(SPECTRAL_NORM, args) as [M, string, number, number, number | null];
  const dim = dimArg ?? (module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d ? 1 : 0);
  if (findHook(module, 'spectral_norm', name)) throw new TorchError(`Cannot register two spectral_norm hooks on the same parameter ${name}`);
  if (n < 0) throw new TorchError(`Expected n_power_iterations to be non-negative, but got n_power_iterations=${n}`, 'ValueError');
  const weight = ownParameter(module, name);
  const [u, v] = no_grad(() => {
    const [h, w] = weightToMatrix(weight, dim).shape;
    return [F.normalize(weight.new_empty([h]).normal_(0, 1), { dim: 0, eps }), F.normalize(weight.new_empty([w]).normal_(0, 1), { dim: 0, eps })];
  });
  const compute = (m: Module, powerIteration: boolean): Tensor => {
    const orig: Tensor = (m as any)[`${name}_orig`];
    let uu: Tensor = (m as any)[`${name}_u`], vv: Tensor = (m as any)[`${name}_v`];
    const mat = weightToMatrix(orig, dim);
    if (powerIteration) {
      no_grad(() => {
        for (let i = 0; i < n; i++) {
          vv = F.normalize(mat.t().mv(uu), { dim: 0, eps, out: vv });
          uu = F.normalize(mat.mv(vv), { dim: 0, eps, out: uu });
        }
        if (n > 0) {
          uu = uu.clone();
          vv = vv.clone();
        }
      });
    }
    return orig.div(uu.dot(mat.mv(vv)));
  };
  delete (module as any)[name];
  module.register_parameter(`${name}_orig`, weight);
  (module as any)[name] = weight.data;
  module.register_buffer(`${name}_u`, u);
  module.register_buffer(`${name}_v`, v);
  const hook = ((m: Module) => { (m as any)[name] = compute(m, m.training); }) as unknown as NormHook;
  hook.kind = 'spectral_norm';
  hook.tensorName = name;
  hook.remove = (m: Module) => {
    const w = no_grad(() => compute(m, false));
    for (const key of [name, `${name}_u`, `${name}_v`, `${name}_orig`]) {
      delete (m as any)[key];
      m._buffer_names.delete(key);
    }
    m.register_parameter(name, Parameter(w.detach()));
  };
  module.register_forward_pre_hook(hook);
  return module;
}

/** Undoes spectral_norm: `module.<name>` is a parameter again, holding weight / σ without a further power iteration. */
export function remove_spectral_norm<M extends Module>(...args: PyArgs<[['module', M], ['name', string, '?']]>): M {
  return removeHook('spectral_norm', args);
}
