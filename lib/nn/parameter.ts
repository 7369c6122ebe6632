// nn.Parameter: a Tensor that modules register as a learnable parameter.
import { native } from '../native';
import { empty } from '../creation';
import { Tensor, PyArgs } from '../tensor';
import { pyBind } from '../python/binder';

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
