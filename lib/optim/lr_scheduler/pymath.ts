// Python's math.cos, math.log and float `**`, correctly rounded.
//
// PyTorch's schedules call the C library (glibc: cos, pow and log within ~0.52 ulp, nearly always
// correctly rounded), while V8's Math.cos / Math.pow / Math.log (fdlibm ports) differ from it in
// the last bit for a few percent of arguments, and the recursive schedules carry such a bit on
// to every later step. Evaluating in double-double arithmetic (~106 bits) and rounding once
// gives the correctly rounded result, which is glibc's except where glibc itself is off by one
// ulp (about 0.1% of cos and pow calls).
import { TorchError } from '../../errors';

type DD = [hi: number, lo: number];

const SPLITTER = 134217729;  // 2^27 + 1 (Dekker)
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
function add(a: DD, b: DD): DD {
  const s = twoSum(a[0], b[0]);
  const t = twoSum(a[1], b[1]);
  const u = quickTwoSum(s[0], s[1] + t[0]);
  return quickTwoSum(u[0], u[1] + t[1]);
}
function mul(a: DD, b: DD): DD {
  const p = twoProd(a[0], b[0]);
  return quickTwoSum(p[0], p[1] + (a[0] * b[1] + a[1] * b[0]));
}
function mulD(a: DD, b: number): DD {
  const p = twoProd(a[0], b);
  return quickTwoSum(p[0], p[1] + a[1] * b);
}
const neg = (a: DD): DD => [-a[0], -a[1]];
function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = add(a, neg(mulD(b, q1)));
  const q2 = r[0] / b[0];
  r = add(r, neg(mulD(b, q2)));
  const q3 = r[0] / b[0];
  return add(quickTwoSum(q1, q2), [q3, 0]);
}

// 1/n! for n = 0..29, as double-doubles.
const INV_FACT: DD[] = [[1, 0]];
for (let n = 1; n < 30; n++) INV_FACT.push(div(INV_FACT[n - 1], [n, 0]));

/** Σ c_n x^n by Horner, c_n = sign^n / (first + step n)!. */
function series(x: DD, first: number, step: number, terms: number, alternate: boolean): DD {
  let p = INV_FACT[first + step * (terms - 1)];
  if (alternate && (terms - 1) % 2) p = neg(p);
  for (let n = terms - 2; n >= 0; n--) {
    const c = INV_FACT[first + step * n];
    p = add(mul(p, x), alternate && n % 2 ? neg(c) : c);
  }
  return p;
}

// π/2 in four parts; the first three have 33 bits, so k * part is exact for k < 2^20.
const PIO2 = [1.5707963267341256, 6.077100506303966e-11, 2.0222662487111665e-21, 8.4784276603689e-32];
const TWO_OVER_PI = 0.6366197723675814;

/** math.cos(x), correctly rounded for |x| < 2^19 (larger arguments fall back to Math.cos). */
export function pyCos(x: number): number {
  if (!Number.isFinite(x)) {
    if (Number.isNaN(x)) return x;
    throw new TorchError('math domain error', 'ValueError');
  }
  const ax = Math.abs(x);
  if (ax < 2 ** -27) return 1;
  if (ax > 2 ** 19) return Math.cos(x);
  const k = Math.round(ax * TWO_OVER_PI);
  // r = ax - k π/2, exactly up to ~2^-130
  let r: DD = twoSum(ax - k * PIO2[0], -k * PIO2[1]);
  r = add(r, [-k * PIO2[2], 0]);
  r = add(r, neg(twoProd(k, PIO2[3])));
  const r2 = mul(r, r);
  const cosR = (): DD => series(r2, 0, 2, 15, true);
  const sinR = (): DD => mul(r, series(r2, 1, 2, 15, true));
  let v: DD;
  switch (k % 4) {
    case 0: v = cosR(); break;
    case 1: v = neg(sinR()); break;
    case 2: v = neg(cosR()); break;
    default: v = sinR();
  }
  return v[0] + v[1];
}

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** e^x for a double-double x with |x| < 708. */
function expDD(x: DD): DD {
  const k = Math.round(x[0] / LN2[0]);
  const r = add(x, neg(add(twoProd(k, LN2[0]), twoProd(k, LN2[1]))));
  const e = series(r, 0, 1, 26, false);
  const scale = 2 ** k;
  return [e[0] * scale, e[1] * scale];
}

/** log(a) for a positive normal double, as a double-double (one Newton step from Math.log). */
function logDD(a: number): DD {
  const y0 = Math.log(a);
  const e = expDD([y0, 0]);
  return add([y0, 0], div(add([a, 0], neg(e)), e));
}

const inNormalRange = (v: number): boolean => v !== 0 && Math.abs(v) >= 2 ** -1022 && Math.abs(v) < 2 ** 1023;

/** Python's `a ** b` on floats, correctly rounded. */
export function pyPow(a: number, b: number): number {
  if (b === 0 || a === 1) return 1;
  if (a === 0 && b < 0) throw new TorchError('0.0 cannot be raised to a negative power', 'ZeroDivisionError');
  if (b === 1) return a;
  const odd = Number.isInteger(b) && Math.abs(b) < 2 ** 53 && Math.abs(b % 2) === 1;
  if (!Number.isFinite(a) || !Number.isFinite(b) || !inNormalRange(a) || (a < 0 && !Number.isInteger(b))) return Math.pow(a, b);
  const t = mulD(logDD(Math.abs(a)), b);
  if (!(Math.abs(t[0]) < 700)) {
    const r = Math.pow(a, b);
    if (!Number.isFinite(r)) throw new TorchError("(34, 'Numerical result out of range')", 'OverflowError');
    return r;
  }
  const e = expDD(t);
  const v = e[0] + e[1];
  return a < 0 && odd ? -v : v;
}

/** math.log(x), correctly rounded. */
function log1(x: number): number {
  if (!(x > 0)) {
    if (Number.isNaN(x)) return x;
    throw new TorchError('math domain error', 'ValueError');
  }
  if (x === Infinity || !inNormalRange(x)) return Math.log(x);
  const l = logDD(x);
  return l[0] + l[1];
}

/** math.log(x, base) = log(x) / log(base). */
export function pyLog(x: number, base: number): number {
  const num = log1(x);
  const den = log1(base);
  if (den === 0) throw new TorchError('float division by zero', 'ZeroDivisionError');
  return num / den;
}
