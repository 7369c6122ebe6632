// DistributedDataParallel.register_comm_hook with PyTorch's default hooks
// (torch.distributed.algorithms.ddp_comm_hooks.default_hooks) on 2 and 3 real processes
// (test/distributed/collectives_more.js, scenario comm_hook): allreduce_hook gives the ranks'
// average gradient, fp16_compress_hook that average carried as float16; PyTorch's errors.
import { runRanks, RankOutcome } from './distributed/spawn';
import { forRelease } from '../lib/release';

// Debian's LibTorch 2.14 is built against a Gloo without PyTorch's dtypes (GLOO_USE_TORCH_DTYPES 0
// in gloo/config.h): it reduces no float16, so fp16_compress_hook fails there as in its Python.
const halfError = forRelease([['1.13', null], ['2.14', { name: 'TorchError', type: 'RuntimeError', message: 'Invalid scalar type' }]]);
const hookError = halfError && { ...halfError, message: `Got the following error when running the callback: RuntimeError: ${halfError.message}` };

function results(outcomes: RankOutcome[]): any[] {
  outcomes.forEach((o, rank) => {
    if (o.code !== 0) throw new Error(`rank ${rank} exited with ${o.code ?? o.signal}:\n${o.stderr}`);
  });
  return outcomes.map((o) => o.result);
}
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe.each([2, 3])('%i ranks', (n) => {
  let out: any[];
  beforeAll(async () => {
    out = results(await runRanks('comm_hook', n, { script: 'collectives_more.js' }));
  });

  test('allreduce_hook: the average; fp16_compress_hook: the average within float16 precision, in float16 values (where Gloo reduces float16)', () => {
    for (const o of out) {
      expect(o.half_error).toEqual(halfError);
      expect(o.allreduce_error).toBeNull();
      expect(o.allreduce_diff).toBeLessThan(1e-6);
      expect(o.allreduce_half_representable).toBe(false);
      expect(o.fp16_error).toEqual(hookError);
      if (hookError) continue;
      expect(o.fp16_diff).toBeLessThan(2e-3);
      expect(o.fp16_diff).toBeGreaterThan(0);
      expect(o.fp16_half_representable).toBe(true);
    }
  });

  test('the hooks called directly on a tensor resolve to the average (fp16: where Gloo reduces float16)', () => {
    const mean = (f: (r: number) => number) => range(n).reduce((a, r) => a + f(r), 0) / n;
    for (const o of out) {
      expect(o.direct).toEqual([mean((r) => r), mean((r) => 2 * r)]);
      expect(o.direct_fp16_error).toEqual(hookError ?? undefined);
      if (!hookError) expect(Math.abs(o.direct_fp16[0] - mean((r) => r + 0.1))).toBeLessThan(1e-3);
    }
  });

  test('PyTorch\'s errors: a second registration, a hook that is not callable; other hooks are not supported', () => {
    for (const o of out) {
      expect(o.twice_error).toEqual({ name: 'TorchError', type: 'RuntimeError', message: 'register_comm_hook or register_builtin_comm_hook can only be called once.' });
      expect(o.not_callable).toEqual({ name: 'TorchError', type: 'TypeError', message: 'Communication hook must be callable.' });
      expect(o.custom.type).toBe('NotImplementedError');
    }
  });
});
