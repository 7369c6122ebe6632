// Python's str() and repr() of the values messages and printed forms quote: floats (1e-05, 2.0,
// inf), None/True/False, lists, tuples and torch.Size.

/** repr(float): shortest round-trip digits, exponent outside [1e-4, 1e16) with two digits at least (1e-05). */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

/** repr(complex(re, im)): each part as repr(float) without a trailing '.0', `2j` for a zero (+0) real part. */
export function complexRepr(re: number, im: number): string {
  const part = (x: number) => floatRepr(x).replace(/\.0$/, '');
  const imag = `${part(im)}j`;
  if (re === 0 && !Object.is(re, -0)) return imag;
  return `(${part(re)}${imag.startsWith('-') ? '' : '+'}${imag})`;
}

/** A JS number as Python would print the int or float it stands for: integers below 1e16 as ints. */
export function numberStr(x: number): string {
  return Number.isInteger(x) && !Object.is(x, -0) && Math.abs(x) < 1e16 ? String(x) : floatRepr(x);
}

/**
 * str(value): None/True/False, numbers (numberStr), strings bare, arrays as lists (or as tuples with
 * `arrays: 'tuple'`) of reprs, functions as `<function f>`, objects by their own toString or as
 * `<Name object>`.
 */
export function pyStr(value: unknown, arrays: 'list' | 'tuple' = 'list'): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') return numberStr(value);
  if (typeof value === 'string' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return arrays === 'tuple' ? tupleRepr(value, (v) => pyRepr(v, 'tuple')) : `[${value.map((v) => pyRepr(v)).join(', ')}]`;
  if (typeof value === 'function') return `<function ${value.name || '<lambda>'}>`;
  const obj = value as object;
  if (obj.toString !== Object.prototype.toString) return String(obj);
  return `<${obj.constructor?.name ?? 'object'} object>`;
}

/** repr(value): pyStr with strings quoted. */
export function pyRepr(value: unknown, arrays: 'list' | 'tuple' = 'list'): string {
  return typeof value === 'string' ? `'${value}'` : pyStr(value, arrays);
}

/** repr(tuple(items)): `(1, 2)`, `(1,)`. */
export function tupleRepr<T>(items: readonly T[], item: (v: T) => string = String): string {
  return `(${items.map(item).join(', ')}${items.length === 1 ? ',' : ''})`;
}

/** repr(list(items)): `[1, 2]`. */
export function listRepr<T>(items: readonly T[], item: (v: T) => string = String): string {
  return `[${items.map(item).join(', ')}]`;
}

/** repr(torch.Size(shape)). */
export const sizeRepr = (shape: readonly number[]): string => `torch.Size([${shape.join(', ')}])`;
