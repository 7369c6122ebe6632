// Hand-written Tensor methods and the native fast paths check their arguments themselves, each with
// its own message; a call they reject gets PyTorch's argument-parser TypeError instead when none of
// the method's Python signatures takes it (ops/arg_errors.ts): `x.mul('a')` says "mul() received an
// invalid combination of arguments - ...", as Python does. A call that succeeds pays one try block;
// the message is built only for a failed one. (Dispatcher-backed methods, add/sub and clamp get
// Python's message where they bind: ops/dispatch.ts.)
import { Tensor } from './tensor';
import { BINARY, BINARY_TENSOR } from './ops/table';
import { methodArgumentsError } from './ops/dispatch';

const HAND_WRITTEN = [
  'subtract', 'multiply', 'divide', 'softmax', 'log_softmax', 'where', 'fill_', 'copy_', 'requires_grad_', 'addmm',
  'nonzero', 'view', 'reshape', 'permute', 'expand', 'repeat', 'transpose', 'swapaxes', 'swapdims', 'flatten',
  'squeeze', 'unsqueeze', 'select', 'narrow', 'chunk', 'unbind', 'size', 'stride', 'index_put_', 'index_put', 'to',
];

const proto = Tensor.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;

for (const name of [...BINARY, ...BINARY.map((n) => `${n}_`), ...BINARY_TENSOR, ...HAND_WRITTEN]) {
  const raw = proto[name];
  const method = function (this: Tensor): unknown {
    try {
      return raw.apply(this, arguments as unknown as unknown[]);
    } catch (e) {
      throw methodArgumentsError(e, name, this, Array.from(arguments));
    }
  };
  Object.defineProperty(method, 'name', { value: name });
  Object.defineProperty(proto, name, { value: method, writable: true, configurable: true, enumerable: false });
}
