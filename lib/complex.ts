// Complex tensors: torch.complex, polar, view_as_real, view_as_complex, is_complex, real, imag, the
// settable Tensor properties `x.real` / `x.imag`, and the JS form of a Python complex number.
import { Tensor, PyArgs, scalarLike } from './tensor';
import { callAten } from './ops/dispatch';
import { bindArgs } from './python/binder';
import { typeName } from './python/typename';
import * as dt from './dtype';
import { dtype } from './dtype';

/**
 * A Python complex number in JS: what `x.item()` and `x.tolist()` give for a complex tensor, and
 * what `torch.tensor` takes as a complex value. Its fields are named as Python's `z.real`, `z.imag`.
 */
export interface Complex { real: number; imag: number }

/** Whether `v` is a complex value ({ real, imag } numbers; a Tensor's own `real` / `imag` do not count). */
export const isComplexValue = (v: unknown): v is Complex =>
  typeof v === 'object' && v !== null && !(v instanceof Tensor) && typeof (v as Complex).real === 'number' && typeof (v as Complex).imag === 'number';

/** The complex dtype that holds values of a float dtype (torch.tensor([1j]) under set_default_dtype). */
export const complexDtypeOf = (d: dtype): dtype => (d === dt.float64 ? dt.complex128 : d === dt.float16 ? dt.complex32 : dt.complex64);

/** torch.complex(real, imag): a complex tensor from float tensors of the same dtype. */
export function complex(...args: PyArgs<[['real', Tensor], ['imag', Tensor]]>): Tensor {
  return callAten('complex', bindArgs<[Tensor, Tensor]>(args, ['real', 'imag'], {}, 'complex'));
}
/** torch.polar(abs, angle): abs * (cos(angle) + i sin(angle)). */
export function polar(...args: PyArgs<[['abs', Tensor], ['angle', Tensor]]>): Tensor {
  return callAten('polar', bindArgs<[Tensor, Tensor]>(args, ['abs', 'angle'], {}, 'polar'));
}
/** A float view of a complex tensor with a last dimension of size 2 holding [re, im]. */
export function view_as_real(...args: PyArgs<[['input', Tensor]]>): Tensor {
  return callAten('view_as_real', bindArgs<[Tensor]>(args, ['input'], {}, 'view_as_real'));
}
/** A complex view of a float tensor whose last dimension (size 2, stride 1) holds [re, im]. */
export function view_as_complex(...args: PyArgs<[['input', Tensor]]>): Tensor {
  return callAten('view_as_complex', bindArgs<[Tensor]>(args, ['input'], {}, 'view_as_complex'));
}
export function is_complex(...args: PyArgs<[['input', Tensor]]>): boolean {
  return callAten('is_complex', bindArgs<[Tensor]>(args, ['input'], {}, 'is_complex'));
}
/** The real parts (a view); a real tensor itself. */
export function real(...args: PyArgs<[['input', Tensor]]>): Tensor {
  return callAten('real', bindArgs<[Tensor]>(args, ['input'], {}, 'real'));
}
/** The imaginary parts (a view); complex tensors only. */
export function imag(...args: PyArgs<[['input', Tensor]]>): Tensor {
  return callAten('imag', bindArgs<[Tensor]>(args, ['input'], {}, 'imag'));
}

declare module './tensor' {
  interface Tensor {
    /** The real parts, a view (the tensor itself when it is real). Assigning copies into it, as in PyTorch. */
    get real(): Tensor;
    set real(value: Tensor | number | boolean);
    /** The imaginary parts, a view (complex tensors only). Assigning copies into it, as in PyTorch. */
    get imag(): Tensor;
    set imag(value: Tensor | number | boolean);
  }
}

/** PyTorch's `x.real = value` / `x.imag = value`: the part's view, then copy_ of a tensor or a number. */
function assignPart(part: Tensor, value: unknown): void {
  if (value instanceof Tensor) part.copy_(value);
  else if (typeof value === 'number' || typeof value === 'boolean') part.copy_(scalarLike(value, part));
  else throw new TypeError(`can't assign a ${typeName(value)} to a ${part.type()}`);
}

for (const name of ['real', 'imag'] as const) {
  Object.defineProperty(Tensor.prototype, name, {
    get(this: Tensor) { return callAten(name, [this]); },
    set(this: Tensor, value: unknown) { assignPart(callAten(name, [this]), value); },
    configurable: true,
    enumerable: false,
  });
}
