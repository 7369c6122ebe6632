// torch.nn.utils.parametrize (PyTorch 1.13's parametrize.py): a parameter or buffer computed by
// modules from the tensors they keep. Registering one moves the tensor to
// `module.parametrizations[name].original` and turns the module into a `Parametrized<Class>` whose
// `name` property runs the parametrizations on each read and their right_inverse on each write.
import { Tensor, PyArgs } from '../../tensor';
import { TorchError } from '../../errors';
import { no_grad } from '../../autograd';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { ModuleList, ModuleDict } from '../container';
import { pyBind, bind, signature } from '../../python/binder';
import { sizeRepr } from '../../python/repr';
import { typeName } from '../../python/typename';

let cacheEnabled = 0;
let cache = new Map<Module, Map<string, Tensor>>();

/**
 * Python's `with parametrize.cached():`: inside `fn`, each parametrized tensor is computed once
 * and reused (for a forward pass that reads a parametrized weight many times). Returns fn's value.
 */
export function cached<T>(fn: () => T): T {
  cacheEnabled++;
  try {
    return fn();
  } finally {
    cacheEnabled--;
    if (cacheEnabled === 0) cache = new Map();
  }
}

const REGISTER = signature('register_parametrization', ['module', 'tensor_name', 'parametrization'], { unsafe: false }, { kwonly: ['unsafe'] });
const REMOVE = signature('remove_parametrizations', ['module', 'tensor_name', 'leave_parametrized'], { leave_parametrized: true });
const IS_PARAMETRIZED = signature('is_parametrized', ['module', 'tensor_name'], { tensor_name: null });
const TYPE_BEFORE = signature('type_before_parametrizations', ['module']);

const shapeText = (s: number[]): string => sizeRepr(s);
const hasRightInverse = (m: Module): m is Module & { right_inverse(...v: unknown[]): unknown } => typeof (m as any).right_inverse === 'function';

/** Python's `NotImplementedError` raised by a right_inverse that declines. */
const declined = (e: unknown): boolean => e instanceof TorchError && e.pythonType === 'NotImplementedError';

/** Keeps a parameter or buffer as a registered parameter if it is one, else as a buffer. */
function registerParameterOrBuffer(module: Module, name: string, x: Tensor): void {
  if (x instanceof Parameter) module.register_parameter(name, x);
  else module.register_buffer(name, x);
}

/** Sets `original`'s data to `value` in place (Python's `original.set_(value)`): its identity, and so optimizers' references, stay. */
function setData(original: Tensor, value: Tensor): void {
  if (value !== original) original.data = value;
}

/** The parametrizations of one tensor, applied in order to `original` (or `original0`, `original1`, ... when right_inverse returns several). */
export class ParametrizationList extends ModuleList {
  declare original: Tensor;
  unsafe: boolean;
  is_tensor: boolean;
  ntensors: number;

  constructor(...args: PyArgs<[['modules', Module[]], ['original', Tensor], ['unsafe', boolean, '?']]>) {
    const [modules, original, unsafe] = pyBind<[Module[], Tensor, boolean]>('ParametrizationList.__init__', args, ['modules', 'original', 'unsafe'], { unsafe: false });
    if (modules.length === 0) throw new TorchError('ParametrizationList requires one or more modules.', 'ValueError');
    super(modules);
    this.unsafe = unsafe;
    const originalShape = original.shape, originalDtype = original.dtype;
    let next: unknown = original;
    no_grad(() => {
      for (const m of [...this].reverse() as Module[]) {
        if (!hasRightInverse(m)) continue;
        try {
          next = m.right_inverse(next);
        } catch (e) {
          if (!declined(e)) throw e;
        }
      }
    });
    if (!(next instanceof Tensor) && !Array.isArray(next)) {
      throw new TorchError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${typeName(next)}`, 'ValueError');
    }
    this.is_tensor = next instanceof Tensor;
    this.ntensors = next instanceof Tensor ? 1 : next.length;
    if (next instanceof Tensor) {
      if (original.dtype !== next.dtype) {
        throw new TorchError(`When \`right_inverse\` outputs one tensor, it may not change the dtype.\noriginal.dtype: ${original.dtype}\nright_inverse(original).dtype: ${next.dtype}`, 'ValueError');
      }
      const value = next;
      no_grad(() => setData(original, value));
      registerParameterOrBuffer(this, 'original', original);
    } else {
      (next as unknown[]).forEach((t, i) => {
        if (!(t instanceof Tensor)) {
          throw new TorchError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got element ${i} of the sequence with type ${typeName(t)}.`, 'ValueError');
        }
        const originali = original instanceof Parameter ? Parameter(t) : t;
        originali.requires_grad_(original.requires_grad);
        registerParameterOrBuffer(this, `original${i}`, originali);
      });
    }
    if (!this.unsafe) {
      const z: unknown = this.forward();
      if (!(z instanceof Tensor)) throw new TorchError(`A parametrization must return a tensor. Got ${typeName(z)}.`, 'ValueError');
      if (z.dtype !== originalDtype) {
        throw new TorchError(`Registering a parametrization may not change the dtype of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized dtype: ${originalDtype}\nparametrized dtype: ${z.dtype}`, 'ValueError');
      }
      if (!sameShape(z.shape, originalShape)) {
        throw new TorchError(`Registering a parametrization may not change the shape of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized shape: ${shapeText(originalShape)}\nparametrized shape: ${shapeText(z.shape)}`, 'ValueError');
      }
    }
  }

  /** Writes `value` through the right inverses into the originals, in place. */
  right_inverse(value: Tensor): void {
    no_grad(() => {
      let v: unknown = value;
      for (const m of [...this].reverse() as Module[]) {
        if (!hasRightInverse(m)) throw new TorchError(`parametrization ${m._get_name()} does not implement right_inverse.`);
        v = m.right_inverse(v);
      }
      if (this.is_tensor) {
        if (!(v instanceof Tensor)) throw new TorchError(`\`right_inverse\` should return a tensor. Got ${typeName(v)}`, 'ValueError');
        if (v.dtype !== this.original.dtype) throw new TorchError(`The tensor returned by \`right_inverse\` has dtype ${v.dtype} while \`original\` has dtype ${this.original.dtype}`, 'ValueError');
        setData(this.original, v);
        return;
      }
      if (!Array.isArray(v)) throw new TorchError(`'right_inverse' must return a sequence of tensors. Got ${typeName(v)}.`, 'ValueError');
      if (v.length !== this.ntensors) throw new TorchError(`'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of lenght ${v.length}.`, 'ValueError');
      v.forEach((t, i) => {
        const originali: Tensor = (this as any)[`original${i}`];
        if (!(t instanceof Tensor)) throw new TorchError(`\`right_inverse\` must return a sequence of tensors. Got element ${i} of type ${typeName(t)}`, 'ValueError');
        if (originali.dtype !== t.dtype) throw new TorchError(`Tensor ${i} returned by \`right_inverse\` has dtype ${t.dtype} while \`original${i}\` has dtype ${originali.dtype}`, 'ValueError');
        setData(originali, t);
      });
    });
  }

  forward(): Tensor {
    let x: Tensor = this.is_tensor ? this.at(0)(this.original) : this.at(0)(...Array.from({ length: this.ntensors }, (_, i) => (this as any)[`original${i}`]));
    for (let i = 1; i < this.length; i++) x = this.at(i)(x);
    return x;
  }
}

const sameShape = (a: number[], b: number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

/** The class a module had before its first parametrization (Python's `module.__class__.__bases__[0]`). */
const ORIGINAL_CLASS = Symbol('torchts.parametrize.original');

/** Makes `module` an instance of a fresh `Parametrized<Class>` subclass of its class, the one its parametrized properties live on. */
function injectNewClass(module: Module): void {
  const proto = Object.getPrototypeOf(module);
  const cls = proto.constructor;
  const paramProto = Object.create(proto);
  const paramCls = { [`Parametrized${cls.name}`]: function (this: unknown) {} }[`Parametrized${cls.name}`];
  Object.setPrototypeOf(paramCls, cls);
  paramCls.prototype = paramProto;
  Object.defineProperty(paramProto, 'constructor', { value: paramCls, writable: true, configurable: true });
  Object.defineProperty(paramProto, ORIGINAL_CLASS, { value: cls });
  Object.setPrototypeOf(module, paramProto);
}

/** `module.<name>`: the parametrized value (cached inside `cached()`); assigning runs right_inverse. */
function injectProperty(module: Module, name: string): void {
  Object.defineProperty(Object.getPrototypeOf(module), name, {
    configurable: true,
    enumerable: false,
    get(this: Module): Tensor {
      const list: ParametrizationList = (this as any).parametrizations.get(name);
      if (!cacheEnabled) return list.forward();
      let entries = cache.get(this);
      if (!entries) cache.set(this, (entries = new Map()));
      let t = entries.get(name);
      if (t === undefined) entries.set(name, (t = list.forward()));
      return t;
    },
    set(this: Module, value: Tensor) {
      (this as any).parametrizations.get(name).right_inverse(value);
    },
  });
}

/** Whether `module` has parametrizations (on `tensor_name`, when given). */
export function is_parametrized(...args: PyArgs<[['module', Module], ['tensor_name', string | null, '?']]>): boolean {
  const [module, tensor_name] = bind(IS_PARAMETRIZED, args) as [Module, string | null];
  const parametrizations = Object.prototype.hasOwnProperty.call(module, 'parametrizations') ? (module as any).parametrizations : null;
  if (!(parametrizations instanceof ModuleDict)) return false;
  return tensor_name === null ? parametrizations.length > 0 : parametrizations.has(tensor_name);
}

/**
 * Parametrizes `module.<tensor_name>` (a parameter, a buffer, or an already parametrized tensor) by
 * the module `parametrization`: reads compute `parametrization(original)`. Unless `unsafe`, the
 * parametrization may not change the tensor's shape or dtype.
 */
export function register_parametrization(...args: PyArgs<[['module', Module], ['tensor_name', string], ['parametrization', Module]], { unsafe?: boolean }>): Module {
  const [module, tensor_name, parametrization, unsafe] = bind(REGISTER, args) as [Module, string, Module, boolean];
  parametrization.train(module.training);
  if (is_parametrized(module, tensor_name)) {
    if (!unsafe) {
      const y: Tensor = (module as any)[tensor_name];
      const x: unknown = parametrization(y);
      if (!(x instanceof Tensor)) throw new TorchError(`A parametrization must return a tensor. Got ${typeName(x)}.`, 'ValueError');
      if (x.dtype !== y.dtype) {
        throw new TorchError(`Registering a parametrization may not change the dtype of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.dtype: ${y.dtype}\nparametrization(module.${tensor_name}).dtype: ${x.dtype}`, 'ValueError');
      }
      if (!sameShape(x.shape, y.shape)) {
        throw new TorchError(`Registering a parametrization may not change the shape of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.shape: ${shapeText(y.shape)}\nparametrization(module.${tensor_name}).shape: ${shapeText(x.shape)}`, 'ValueError');
      }
      if (hasRightInverse(parametrization)) {
        let z: unknown;
        try {
          z = parametrization.right_inverse(x);
        } catch (e) {
          if (!declined(e)) throw e;
        }
        if (z !== undefined) {
          if (!(z instanceof Tensor)) throw new TorchError(`parametrization.right_inverse must return a tensor. Got: ${typeName(z)}`, 'ValueError');
          if (z.dtype !== y.dtype) {
            throw new TorchError(`The tensor returned by parametrization.right_inverse must have the same dtype as module.${tensor_name}, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.dtype: ${y.dtype}\nreturned dtype: ${z.dtype}`, 'ValueError');
          }
          if (!sameShape(z.shape, y.shape)) {
            throw new TorchError(`The tensor returned by parametrization.right_inverse must have the same shape as module.${tensor_name}, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.shape: ${shapeText(y.shape)}\nreturned shape: ${shapeText(z.shape)}`, 'ValueError');
          }
        }
      }
    }
    const list: ParametrizationList = (module as any).parametrizations.get(tensor_name);
    list.append(parametrization);
    list.unsafe ||= unsafe;
    return module;
  }
  const own = Object.prototype.hasOwnProperty.call(module, tensor_name) ? (module as any)[tensor_name] : undefined;
  const isMember = own instanceof Parameter || (own instanceof Tensor && module._buffer_names.has(tensor_name));
  if (!isMember) {
    throw new TorchError(`Module '${module}' does not have a parameter, a buffer, or a parametrized element with name '${tensor_name}'`, 'ValueError');
  }
  const original: Tensor = own;
  const parametrizations = new ParametrizationList([parametrization], original, unsafe);
  delete (module as any)[tensor_name];
  module._buffer_names.delete(tensor_name);
  module._non_persistent_buffers_set.delete(tensor_name);
  if (!is_parametrized(module)) {
    injectNewClass(module);
    (module as any).parametrizations = new ModuleDict();
  }
  injectProperty(module, tensor_name);
  (module as any).parametrizations.set(tensor_name, parametrizations);
  return module;
}

/**
 * Removes the parametrizations of `module.<tensor_name>`: the tensor becomes a parameter (or buffer)
 * again, holding the parametrized value (`leave_parametrized`, the default) or the original one.
 */
export function remove_parametrizations(...args: PyArgs<[['module', Module], ['tensor_name', string], ['leave_parametrized', boolean, '?']]>): Module {
  const [module, tensor_name, leave_parametrized] = bind(REMOVE, args) as [Module, string, boolean];
  if (!is_parametrized(module, tensor_name)) throw new TorchError(`Module ${module} does not have a parametrization on ${tensor_name}`, 'ValueError');
  const list: ParametrizationList = (module as any).parametrizations.get(tensor_name);
  let original: Tensor;
  if (list.is_tensor) {
    original = list.original;
    if (leave_parametrized) {
      const t = no_grad(() => (module as any)[tensor_name] as Tensor);
      no_grad(() => setData(original, t.detach()));
    }
  } else {
    if (!leave_parametrized) {
      throw new TorchError('Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.', 'ValueError');
    }
    const t: Tensor = (module as any)[tensor_name];
    original = t.requires_grad ? Parameter(t) : t;
  }
  delete Object.getPrototypeOf(module)[tensor_name];
  (module as any).parametrizations.delete(tensor_name);
  registerParameterOrBuffer(module, tensor_name, original);
  if (!is_parametrized(module)) {
    delete (module as any).parametrizations;
    Object.setPrototypeOf(module, Object.getPrototypeOf(Object.getPrototypeOf(module)));
  }
  return module;
}

/** The class of `module` before it was parametrized. */
export function type_before_parametrizations(...args: PyArgs<[['module', Module]]>): Function {
  const [module] = bind(TYPE_BEFORE, args) as [Module];
  return is_parametrized(module) ? Object.getPrototypeOf(module)[ORIGINAL_CLASS] : Object.getPrototypeOf(module).constructor;
}
