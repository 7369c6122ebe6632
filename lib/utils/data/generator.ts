// A CPU random generator with PyTorch's stream (torch.Generator): the same 32-bit Mersenne Twister
// as at::CPUGeneratorImpl, so a Generator seeded like Python's draws the same permutations and
// integers. The global generator stays native (torch.manual_seed); this one lives in JS because
// torchts has no native Generator handle, and the data utilities only need integers from it.
import { TorchError, checkArgs } from '../../errors';
import { describeValue } from '../../python/check';
import { z } from 'zod';
import { randomBytes } from 'crypto';
import { exactLog } from './exact_log';
import { forRelease } from '../../release';

const N = 624;
const M = 397;
/** c10's default_rng_seed_val: what an unseeded torch.Generator() starts from. */
const DEFAULT_SEED = 67280421310721n;
const U64 = (1n << 64n) - 1n;
/** Whether multinomial draws one sample with replacement by the Gumbel trick (2.6 does; 1.13 does not). */
const ONE_DRAW_BY_GUMBEL = forRelease([['1.13', false], ['2.6', true]]);

const seedSchema = z.union([z.int(), z.bigint()], { error: 'an integer' });

/** Mersenne Twister output tempering of one state word. */
function temper(y: number): number {
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

/**
 * torch.Generator(): a CPU pseudo-random generator with its own state, for
 * `DataLoader(ds, { shuffle: true, generator })`, `RandomSampler`, `SubsetRandomSampler` and
 * `random_split`. `Generator().manual_seed(42)` gives the same draws as Python's
 * `torch.Generator().manual_seed(42)`.
 */
export class Generator {
  readonly device = 'cpu';
  private readonly state = new Uint32Array(N);
  private next = N;
  private seedValue = DEFAULT_SEED;

  /** @param device only 'cpu' (the default) */
  constructor(device: string | { device?: string } = 'cpu') {
    const d = typeof device === 'object' ? device.device ?? 'cpu' : device;
    if (d !== 'cpu') throw new TorchError(`torchts.utils.data.Generator supports only device='cpu', got ${typeof d === 'string' ? `'${d}'` : describeValue(d)}`, 'RuntimeError');
    this.reseed(DEFAULT_SEED);
  }

  /** Seeds the generator (as at::mt19937, from the seed's low 32 bits) and returns it. */
  manual_seed(seed: number | bigint): this {
    const s = checkArgs(seedSchema, seed, 'manual_seed');
    // Python reads the seed as an unsigned 64-bit integer; negative seeds wrap the same way.
    this.reseed(BigInt(s) & U64);
    return this;
  }

  /** The seed this generator was last seeded with (a number; exact up to 2^53). */
  initial_seed(): number { return Number(this.seedValue); }

  /** Seeds from a non-deterministic source and returns the seed, like Generator.seed(). */
  seed(): number {
    const s = randomBytes(8).readBigUInt64LE() & ((1n << 53n) - 1n);
    this.reseed(s);
    return Number(s);
  }

  private reseed(seed: bigint): void {
    this.seedValue = seed;
    const mt = this.state;
    mt[0] = Number(seed & 0xffffffffn);
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.next = N;
  }

  private twist(): void {
    const mt = this.state;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[i + 1 < N ? i + 1 : 0] & 0x7fffffff);
      mt[i] = mt[i + M < N ? i + M : i + M - N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.next = 0;
  }

  /** Internal: the next 32-bit draw (CPUGeneratorImpl::random). */
  _random(): number {
    if (this.next >= N) this.twist();
    return temper(this.state[this.next++]);
  }

  /** Fills `out` with the next out.length 32-bit draws (a batch of _random(), for the hot loops). */
  private fill(out: Uint32Array): void {
    const mt = this.state;
    let next = this.next;
    for (let k = 0; k < out.length; k++) {
      if (next >= N) { this.twist(); next = 0; }
      out[k] = temper(mt[next++]);
    }
    this.next = next;
  }

  /** Internal: the next 64-bit draw, first draw in the high word (CPUGeneratorImpl::random64). */
  _random64(): bigint {
    const hi = BigInt(this._random());
    return (hi << 32n) | BigInt(this._random());
  }

  /** Internal: torch.randperm(n, generator=this) as LibTorch's CPU kernel draws it. */
  _randperm(n: number): number[] {
    // LibTorch switches to a different algorithm above this size; data sets never get there.
    if (n >= Math.floor(0xffffffff / 20)) throw new TorchError(`randperm with a torchts Generator supports n < ${Math.floor(0xffffffff / 20)}, got ${n}`, 'RuntimeError');
    const draws = new Uint32Array(Math.max(0, n - 1));
    this.fill(draws);
    const r = new Array<number>(n);
    for (let i = 0; i < n; i++) r[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = draws[i] % (n - i);
      const sav = r[i];
      r[i] = r[z + i];
      r[z + i] = sav;
    }
    return r;
  }

  /** Internal: `count` draws of torch.randint(low, high, generator=this) (int64). */
  _randint(low: number, high: number, count: number): number[] {
    const range = high - low;
    if (range <= 0) throw new TorchError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`, 'RuntimeError');
    const out = new Array<number>(count);
    if (range < 2 ** 32) {
      for (let i = 0; i < count; i++) out[i] = (this._random() % range) + low;
    } else {
      const r = BigInt(range);
      for (let i = 0; i < count; i++) out[i] = Number(this._random64() % r) + low;
    }
    return out;
  }

  /** Internal: the next at::uniform_real_distribution<double>(0, 1) draw (53 random bits). */
  _uniformDouble(): number {
    return Number(this._random64() & ((1n << 53n) - 1n)) * 2 ** -53;
  }

  /**
   * Internal: torch.multinomial(weights, n, replacement, generator=this) for 1-d float64 weights, as
   * LibTorch's CPU kernel draws it: without replacement (and, from 2.6, a single draw) by the
   * Gumbel trick (topk of weight / Exp(1)), with replacement by inverting the normalized
   * cumulative weights.
   */
  _multinomial(weights: ArrayLike<number>, n: number, replacement: boolean): number[] {
    const k = weights.length;
    if (!(n > 0)) throw new TorchError('cannot sample n_sample <= 0 samples');
    if (!replacement && n > k) throw new TorchError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
    if (k > 2 ** 24) throw new TorchError('number of categories cannot exceed 2^24');
    if (!replacement || (n === 1 && ONE_DRAW_BY_GUMBEL)) {
      let sum = 0, valid = true;
      for (let i = 0; i < k; i++) {
        if (!(weights[i] < Infinity && weights[i] >= 0)) valid = false;
        sum += weights[i];
      }
      if (!valid) throw new TorchError('probability tensor contains either `inf`, `nan` or element < 0');
      if (sum === 0) throw new TorchError('invalid multinomial distribution (sum of probabilities <= 0)');
      // -log(1 - u) ~ Exp(1), with glibc's log; keys sorted descending, first index on ties.
      const keys = Array.from(weights, (w) => w / -exactLog(1 - this._uniformDouble()));
      const order = keys.map((_, i) => i).sort((a, b) => keys[b] - keys[a] || a - b);
      return order.slice(0, n);
    }
    const cum = new Float64Array(k);
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const w = weights[i];
      if (!(w >= 0) && !Number.isNaN(w)) throw new TorchError('invalid multinomial distribution (encountering probability entry < 0)');
      if (!Number.isFinite(w)) throw new TorchError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
      sum += w;
      cum[i] = sum;
    }
    if (!(sum > 0)) throw new TorchError('invalid multinomial distribution (sum of probabilities <= 0)');
    for (let i = 0; i < k; i++) cum[i] /= sum;
    cum[k - 1] = 1;
    const out = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const u = this._uniformDouble();
      let left = 0, right = k;
      while (right - left > 0) {
        const mid = left + ((right - left) >> 1);
        if (cum[mid] < u) left = mid + 1; else right = mid;
      }
      out[j] = left;
    }
    return out;
  }

  /** Internal: torch.empty((), dtype=torch.int64).random_(generator=this), exactly (a bigint). */
  _randomInt64(): bigint {
    return this._random64() % (1n << 63n);
  }
}
