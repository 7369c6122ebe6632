// torch.nn.utils.weight_norm / remove_weight_norm and spectral_norm / remove_spectral_norm: the
// older forward-pre-hook forms (PyTorch 1.13's weight_norm.py and spectral_norm.py). The weight
// becomes a plain attribute recomputed before every forward from the parameters they register
// (weight_g and weight_v; weight_orig with the buffers weight_u and weight_v).
import { Tensor, PyArgs } from '../../tensor';
import { TorchError } from '../../errors';
import { no_grad } from '../../autograd';
import { callAten } from '../../ops/dispatch';
import { bind, signature } from '../../python/binder';
import { Module, LocalMetadata, StateDict } from '../module';
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
  if (kind === 'spectral_norm') {
    for (const hooks of [module._state_dict_hooks, module._load_state_dict_pre_hooks] as Map<number, object>[]) {
      const id = [...hooks].find(([, h]) => (h as { spectralNormOf?: string }).spectralNormOf === name)?.[0];
      if (id !== undefined) hooks.delete(id);
    }
  }
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
  module._register_state_dict_hook(spectralNormStateDictHook(name));
  module._register_load_state_dict_pre_hook(spectralNormLoadStateDictPreHook(name, dim));
  return module;
}

/** The state-dict format of spectral_norm, saved as metadata `spectral_norm: { '<name>.version': 1 }`. */
const SPECTRAL_NORM_VERSION = 1;

/** Marks spectral_norm's state-dict hooks with the tensor's name, so that remove_spectral_norm finds them. */
const tagged = <H extends object>(name: string, hook: H): H => Object.assign(hook, { spectralNormOf: name });

/** PyTorch's SpectralNormStateDictHook: records the format version in the module's metadata. */
function spectralNormStateDictHook(name: string) {
  return tagged(name, (_m: Module, _sd: StateDict, _prefix: string, local_metadata: LocalMetadata): void => {
    const meta = (local_metadata.spectral_norm ??= {});
    const key = `${name}.version`;
    if (key in meta) throw new TorchError(`Unexpected key in metadata['spectral_norm']: ${key}`);
    meta[key] = SPECTRAL_NORM_VERSION;
  });
}

/**
 * PyTorch's SpectralNormLoadStateDictPreHook: a state dict from before version 1 holds the
 * normalized weight `<name>` instead of `<name>_v`; v is solved from W_orig @ v = u and rescaled so
 * that u @ W_orig @ v = sigma = mean(W_orig / W).
 */
function spectralNormLoadStateDictPreHook(name: string, dim: number) {
  return tagged(name, (state_dict: Record<string, unknown>, prefix: string, local_metadata: LocalMetadata, strict: boolean, missing_keys: string[]): void => {
    const version = local_metadata.spectral_norm?.[`${name}.version`];
    if (version !== undefined && version !== null && version >= 1) return;
    const weight_key = prefix + name;
    // A state dict of the current layout without metadata (made by hand, say) loads as is.
    if ((version === undefined || version === null) && ['_orig', '_u', '_v'].every((s) => weight_key + s in state_dict) && !(weight_key in state_dict)) return;
    let has_missing_keys = false;
    for (const suffix of ['_orig', '', '_u']) {
      const key = weight_key + suffix;
      if (!(key in state_dict)) {
        has_missing_keys = true;
        if (strict) missing_keys.push(key);
      }
    }
    if (has_missing_keys) return;
    no_grad(() => {
      const weight_orig = state_dict[weight_key + '_orig'] as Tensor;
      const weight = state_dict[weight_key] as Tensor;
      delete state_dict[weight_key];
      const sigma = weight_orig.div(weight).mean();
      const weight_mat = weightToMatrix(weight_orig, dim);
      const u = state_dict[weight_key + '_u'] as Tensor;
      const v = callAten('linalg_multi_dot', [[weight_mat.t().mm(weight_mat).pinverse(), weight_mat.t(), u.unsqueeze(1)]]).squeeze(1);
      state_dict[weight_key + '_v'] = v.mul_(sigma.div(u.dot(weight_mat.mv(v))));
    });
  });
}

/** Undoes spectral_norm: `module.<name>` is a parameter again, holding weight / σ without a further power iteration. */
export function remove_spectral_norm<M extends Module>(...args: PyArgs<[['module', M], ['name', string, '?']]>): M {
  return removeHook('spectral_norm', args);
}
