// all_to_all_single, all_to_all, gather_object and scatter_object_list across 2 and 3 real
// processes on 127.0.0.1 (test/distributed/collectives_more.js). Expected values follow PyTorch's
// definitions: rank j's output is the j-th piece of every rank's input, in rank order. Error
// messages are those PyTorch 1.13, 2.6 and 2.14 give on Gloo.
import { runRanks, RankOutcome } from './distributed/spawn';
import { forRelease } from '../lib/release';

function results(outcomes: RankOutcome[]): any[] {
  outcomes.forEach((o, rank) => {
    if (o.code !== 0) throw new Error(`rank ${rank} exited with ${o.code ?? o.signal}:\n${o.stderr}`);
  });
  return outcomes.map((o) => o.result);
}
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
/** PyTorch's all_to_all_single: input r split into pieces (sizes inSplits(r)), piece j to rank j. */
function allToAll(inputs: number[][], inSplits: (r: number) => number[]): number[][] {
  const pieces = inputs.map((x, r) => {
    let offset = 0;
    return inSplits(r).map((k) => x.slice(offset, (offset += k)));
  });
  return inputs.map((_, j) => pieces.flatMap((p) => p[j]));
}

describe.each([2, 3])('%i ranks', (n) => {
  let alltoall: any[];
  let objects: any[];
  beforeAll(async () => {
    const runs = [runRanks('alltoall', n, { script: 'collectives_more.js' }), runRanks('objects', n, { script: 'collectives_more.js' })];
    [alltoall, objects] = (await Promise.all(runs)).map(results);
  });

  test('all_to_all_single: even pieces and uneven split sizes (async_op), int64 exact', () => {
    const even = allToAll(range(n).map((r) => range(2 * n).map((k) => k + 100 * r)), () => Array(n).fill(2));
    const uneven = allToAll(range(n).map((r) => range(range(n).reduce((a, j) => a + r + j + 1, 0)).map((k) => k + 1000 * r)), (r) => range(n).map((j) => r + j + 1));
    alltoall.forEach((o, r) => {
      expect(o.even).toEqual(even[r]);
      expect(o.uneven).toEqual(uneven[r]);
      expect(o.after).toEqual(range(n).map((s) => r + 10 * s));
    });
  });

  test('all_to_all of tensor lists: Gloo\'s error before PyTorch 2.12 (PR 165435), the exchanged tensors from then on', () => {
    alltoall.forEach((o, r) => {
      const unsupported = forRelease([['1.13', 'ProcessGroup gloo does not support alltoall'], ['2.6', 'Backend gloo does not support alltoall'], ['2.12', null]]);
      expect(o.list_error?.message ?? null).toBe(unsupported);
      expect(o.list).toEqual(unsupported === null ? range(n).map((s) => s * 10 + r) : Array(n).fill(-1));
    });
  });

  test('PyTorch\'s errors: mixed dtypes, sizes that do not match, bad arguments', () => {
    for (const o of alltoall) {
      expect(o.dtype_error.message).toBe('Invalid usage of tensors with different dtypesFound torch.float32 and  torch.int64');
      expect(o.dtype_error.type).toBe(forRelease([['1.13', 'RuntimeError'], ['2.6', 'ValueError']]));
      expect(o.split_error.message).toBe('[enforce fail at ./gloo/alltoall.cc:30] in->size == out->size. ');
      expect(o.arg_error.name).toBe('TypeError');
      expect(o.arg_error.message).toMatch(/input/);
    }
  });

  test('gather_object to the last rank; scatter_object_list from rank 0 and from the last', () => {
    objects.forEach((o, r) => {
      expect(o.gathered).toEqual(r === n - 1 ? range(n).map((i) => ({ rank: i, name: `r${i}`, squares: [i, i * i] })) : null);
      expect(o.scattered).toEqual(r % 2 === 0 ? { index: r, tag: 'even' } : [r, 'odd']);
      expect(o.scattered_from_last).toBe(`to ${r}`);
      expect(o.gather_dst_error).toEqual({ name: 'TorchError', type: 'ValueError',
        message: r === 0 ? 'Argument ``gather_list`` must be specified on destination rank.' : 'Argument ``gather_list`` must NOT be specified on non-destination ranks.' });
      expect(o.scatter_output_error.message).toBe('Expected argument scatter_object_output_list to be a list of size at least 1.');
    });
  });
});
