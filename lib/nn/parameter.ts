// nn.Parameter: a Tensor that modules register as a learnable parameter.
import { native } from '../native';
import { empty } from '../creation';
import { Tensor, PyArgs } from '../tensor';
import { pyBind } from '../python/binder';
import { inspect } from 'util';
import { dtype } from '../dtype';
import { DeviceLike } from '../device';
import { TorchError } from '../errors';

export interface Parameter extends Tensor {
  readonly _isParameter: true;
}

type ParameterArgs = PyArgs<[['data', Tensor | null, '?'], ['requires_grad', boolean, '?']]>;
interface ParameterConstructor {
  /** `nn.Parameter(data, requires_grad=true)`: shares data's storage, as PyTorch's does. */
  new (...args: ParameterArgs): Parameter;
  (...args: ParameterArgs): Parameter;
  readonly prototype: Parameter;
}

function makeParameter(...args: unknown[]): Parameter {
  const [data, requires_grad] = pyBind<[Tensor | null, boolean]>('Parameter.__new__', args, ['data', 'requires_grad'], { data: null, requires_grad: true });
  const source: Tensor = data ?? empty(0);
  // Python's Parameter (Tensor._make_subclass) words this check its own way.
  if (requires_grad && !(source.dtype.is_floating_point || source.dtype.is_complex)) throw new TorchError('Only Tensors of floating point and complex dtype can require gradients');
  const p = native.detach(source);
  Object.setPrototypeOf(p, ParameterImpl.prototype);
  native.setRequiresGrad(p, requires_grad);
  return p as Parameter;
}

// A plain function (not a class) so that it can return the native tensor as the new instance.
const ParameterImpl = function Parameter(...args: unknown[]): Parameter {
  return makeParameter(...args);
} as unknown as ParameterConstructor;
Object.defineProperty(ParameterImpl, 'prototype', { value: Object.create(Tensor.prototype), writable: false });
Object.defineProperty(ParameterImpl.prototype, 'constructor', { value: ParameterImpl });
// Printing adds PyTorch's "Parameter containing:" header when it sees this flag.
Object.defineProperty(ParameterImpl.prototype, '_isParameter', { value: true });
// Parameters are op arguments in every forward pass: let the addon recognise them inline.
native.registerTensorPrototype(ParameterImpl.prototype);

export const Parameter = ParameterImpl;

/**
 * A parameter or buffer whose shape is not known yet (the Lazy* modules' weights): it holds no
 * data and prints as `<UninitializedParameter>` until `materialize(shape)` gives it storage, in
 * place, and makes it a plain Parameter (or Tensor, for a buffer).
 */
export interface Uninitialized extends Tensor {
  materialize(...args: PyArgs<[['shape', number[]], ['device', DeviceLike | null, '?'], ['dtype', dtype | null, '?']]>): void;
}
interface UninitializedConstructor<T> {
  new (...args: PyArgs<[['requires_grad', boolean, '?'], ['device', DeviceLike | null, '?'], ['dtype', dtype | null, '?']]>): T;
  (...args: PyArgs<[['requires_grad', boolean, '?'], ['device', DeviceLike | null, '?'], ['dtype', dtype | null, '?']]>): T;
  readonly prototype: T;
}

function uninitializedClass<T extends Uninitialized>(name: string, base: object, materialized: () => object, requiresGrad: boolean): UninitializedConstructor<T> {
  const cls = {
    [name](...args: unknown[]): T {
      const [requires_grad, device, dt] = pyBind<[boolean, DeviceLike | null, dtype | null]>(`${name}.__new__`, args, ['requires_grad', 'device', 'dtype'],
        { requires_grad: requiresGrad, device: null, dtype: null });
      const t = native.detach(empty(0, { device: device ?? undefined, dtype: dt ?? undefined }));
      Object.setPrototypeOf(t, cls.prototype);
      native.setRequiresGrad(t, requires_grad);
      return t as T;
    },
  }[name] as unknown as UninitializedConstructor<T>;
  const proto = Object.create(base);
  Object.defineProperty(cls, 'prototype', { value: proto, writable: false });
  Object.defineProperty(proto, 'constructor', { value: cls });
  Object.defineProperty(proto, 'materialize', {
    value(this: Tensor, ...args: unknown[]): void {
      const [shape, device, dt] = pyBind<[number[], DeviceLike | null, dtype | null]>(`${name}.materialize`, args, ['shape', 'device', 'dtype'], { device: null, dtype: null });
      const requires = this.requires_grad;
      native.setData(this, empty(shape, { device: device ?? this.device, dtype: dt ?? this.dtype }));
      Object.setPrototypeOf(this, materialized());
      native.setRequiresGrad(this, requires);
    },
  });
  const repr = () => `<${name}>`;
  Object.defineProperty(proto, 'toString', { value: repr });
  Object.defineProperty(proto, inspect.custom, { value: repr });
  native.registerTensorPrototype(proto);
  return cls;
}

export type UninitializedParameter = Uninitialized & Parameter;
/** A Parameter of a Lazy* module before its first forward pass. */
export const UninitializedParameter = uninitializedClass<UninitializedParameter>('UninitializedParameter', ParameterImpl.prototype, () => ParameterImpl.prototype, true);
export type UninitializedBuffer = Uninitialized;
/** A buffer of a Lazy* module (running statistics) before its first forward pass. */
export const UninitializedBuffer = uninitializedClass<UninitializedBuffer>('UninitializedBuffer', Tensor.prototype, () => Tensor.prototype, false);

/** Whether `t` is an UninitializedParameter or UninitializedBuffer. */
export const isUninitialized = (t: unknown): t is Uninitialized =>
  t instanceof Tensor && (Object.getPrototypeOf(t) === UninitializedParameter.prototype || Object.getPrototypeOf(t) === UninitializedBuffer.prototype);
