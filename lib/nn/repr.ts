// Python's repr of the values modules print in extra_repr (floats, tuples, None, booleans).

/** Python float repr: 0.1, 1e-05, 1.0. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = x.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}

/** Python repr of a module hyper-parameter: numbers (ints stay ints), tuples, None, True/False. */
export function pyValue(v: unknown, floatLike = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return floatLike ? pyFloat(v) : String(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `(${v.map((x) => pyValue(x, floatLike)).join(', ')}${v.length === 1 ? ',' : ''})`;
  return String(v);
}

/** `n` as an n-tuple when a module expands an int argument (kernel_size=3 -> (3, 3)). */
export function ntuple(v: number | number[], n: number): number[] {
  return Array.isArray(v) ? v : Array(n).fill(v);
}
