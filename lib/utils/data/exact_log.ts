// A correctly rounded natural logarithm. LibTorch's CPU samplers call glibc's log, which rounds
// correctly; V8's Math.log is off by one ulp for some inputs, which would change which index a
// weighted draw picks. This one evaluates log in double-double arithmetic (~106 bits) and rounds once.

/** A double-double: the unevaluated sum hi + lo, |lo| <= ulp(hi) / 2. */
interface DD { hi: number; lo: number }

const SPLITTER = 134217729;  // 2^27 + 1
const LN2: DD = { hi: 0.6931471805599453, lo: 2.3190468138462996e-17 };

function twoSum(a: number, b: number): DD {
  const s = a + b, bb = s - a;
  return { hi: s, lo: (a - (s - bb)) + (b - bb) };
}
function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const ca = SPLITTER * a, ah = ca - (ca - a), al = a - ah;
  const cb = SPLITTER * b, bh = cb - (cb - b), bl = b - bh;
  return { hi: p, lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl };
}
function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi), t = twoSum(a.lo, b.lo);
  const u = quickTwoSum(s.hi, s.lo + t.hi);
  return quickTwoSum(u.hi, u.lo + t.lo);
}
function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}
function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = add(a, mul({ hi: -q1, lo: 0 }, b));
  const q2 = r.hi / b.hi;
  r = add(r, mul({ hi: -q2, lo: 0 }, b));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), { hi: q3, lo: 0 });
}

/** log(x) for finite x > 0, correctly rounded (x = m * 2^k, log m = 2 atanh((m - 1) / (m + 1))). */
export function exactLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  if (x === 1) return 0;
  let k = Math.floor(Math.log2(x));
  let m = x / 2 ** k;  // exact: a power-of-two scaling
  if (m > Math.SQRT2) { m /= 2; k += 1; }
  if (m < Math.SQRT1_2) { m *= 2; k -= 1; }
  const s = div({ hi: m - 1, lo: 0 }, twoSum(m, 1));
  const s2 = mul(s, s);
  let term = s, sum = s;
  for (let n = 3; n < 80; n += 2) {
    term = mul(term, s2);
    if (Math.abs(term.hi) < 1e-40) break;
    sum = add(sum, div(term, { hi: n, lo: 0 }));
  }
  const r = add(mul({ hi: 2, lo: 0 }, sum), mul({ hi: k, lo: 0 }, LN2));
  return r.hi + r.lo;
}
