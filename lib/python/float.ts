// Python's float(x) for the values a caller may pass where PyTorch converts with float().
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { typeName } from './typename';

const SPECIAL: Readonly<Record<string, number>> = {
  inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
  nan: NaN, '+nan': NaN, '-nan': NaN,
};

/**
 * float(x) of a number, bool, one-element tensor or (with `parseStrings`) numeric string ('inf',
 * '2.5'), with Python's errors. Without `parseStrings` a string is a TypeError, for arguments that
 * must already be numbers.
 */
export function floatOf(x: unknown, parseStrings = true): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (x instanceof Tensor) {
    if (x.numel() !== 1) throw new TorchError('only one element tensors can be converted to Python scalars', 'ValueError');
    return Number(x.item());
  }
  if (typeof x === 'string' && parseStrings) {
    const s = x.trim().toLowerCase();
    if (s in SPECIAL) return SPECIAL[s];
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return Number(s);
    throw new TorchError(`could not convert string to float: '${x}'`, 'ValueError');
  }
  throw new TypeError(`float() argument must be a string or a real number, not '${typeName(x)}'`);
}
