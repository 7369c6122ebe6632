// Python's float formatting: '{:.Nf}' and '{:.Ne}', exact and round-half-even.
// JS toFixed/toExponential round ties away from zero, and toFixed drops the
// sign of -0 and switches to exponent form at 1e21, so we use BigInt instead.

/** 10^k as a BigInt (no `**`, so any compile target works). */
function pow10(k: number): bigint {
  return BigInt('1' + '0'.repeat(k));
}

/** |x| = mant * 2^exp exactly, for a finite double x. */
function decompose(x: number): { neg: boolean; mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << BigInt(32)) | BigInt(view.getUint32(4));
  const neg = hi >>> 31 === 1; // sign bit, so -0 counts as negative
  if (biased === 0) return { neg, mant: frac, exp: -1074 }; // zero or subnormal
  return { neg, mant: frac | (BigInt(1) << BigInt(52)), exp: biased - 1075 };
}

/** round(|x| * 10^k), ties to even, as a BigInt. */
function scaledRound(mant: bigint, exp: number, k: number): bigint {
  let num = mant;
  let den = BigInt(1);
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  if (k >= 0) num *= pow10(k);
  else den *= pow10(-k);
  const q = num / den;
  const twice = (num % den) * BigInt(2);
  return twice > den || (twice === den && q % BigInt(2) === BigInt(1)) ? q + BigInt(1) : q;
}

/** Python's spelling of non-finite floats; null for finite ones. */
function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan'; // Python prints 'nan' whatever the sign bit
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return null;
}

/** Python's '{:.<prec>f}'.format(x). */
export function formatFixed(x: number, prec: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const { neg, mant, exp } = decompose(x);
  const digits = scaledRound(mant, exp, prec).toString().padStart(prec + 1, '0');
  const int = digits.slice(0, digits.length - prec);
  return (neg ? '-' : '') + (prec > 0 ? `${int}.${digits.slice(-prec)}` : int);
}

/** Python's '{:.<prec>e}'.format(x): d.ddd, then e±XX with at least two digits. */
export function formatExp(x: number, prec: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const { neg, mant, exp } = decompose(x);
  let e = 0;
  let q = BigInt(0);
  if (mant !== BigInt(0)) {
    const lo = pow10(prec);
    const hi = pow10(prec + 1);
    // log10 can be off by one either way; rounding may carry into a new digit.
    e = Math.floor(Math.log10(Math.abs(x)));
    for (;;) {
      q = scaledRound(mant, exp, prec - e);
      if (q >= hi) e += 1;
      else if (q < lo) e -= 1;
      else break;
    }
  }
  const digits = q.toString().padStart(prec + 1, '0');
  const mantissa = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expStr = `${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return `${neg ? '-' : ''}${mantissa}e${expStr}`;
}
