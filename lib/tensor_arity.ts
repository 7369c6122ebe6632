// The dtype and device conversions (`x.long()`, `x.cpu()`, ...) take only the keyword
// memory_format, as PyTorch's argument parser declares them: anything else given raises its
// TypeError ("long() takes 0 positional arguments but 1 was given"). The call without arguments
// pays one length check. (Methods without parameters check in their own body, with
// takesNoArguments; dispatcher-backed ones get Python's message from ops/dispatch.ts's callMethod.)
import { Tensor } from './tensor';
import { bind } from './python/binder';

const MEMORY_FORMAT_ONLY = ['bfloat16', 'bool', 'byte', 'cdouble', 'cfloat', 'char', 'contiguous', 'cpu', 'double', 'float', 'half', 'int',
  'is_contiguous', 'long', 'short'];

const proto = Tensor.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;

for (const name of MEMORY_FORMAT_ONLY) {
  const raw = proto[name];
  const spec = { fn: name, names: [], npos: 0, defaults: {}, extra: ['memory_format'] };
  const method = function (this: Tensor): unknown {
    if (arguments.length === 0) return raw.call(this);
    bind(spec, Array.from(arguments));
    return raw.apply(this, arguments as unknown as unknown[]);
  };
  // functools.wraps' mark: the method this one checks the arguments of.
  Object.defineProperty(method, '__wrapped__', { value: raw });
  Object.defineProperty(proto, name, { value: method, writable: true, configurable: true, enumerable: false });
}
