// One rank of test/distributed_alltoall.test.ts and test/distributed_syncbn.test.ts (spawned per
// rank by spawn.ts with RANK, WORLD_SIZE, INIT_METHOD and TIMEOUT_S): runs the scenario named by
// argv[2] and prints `RESULT <json>`.
'use strict';
const path = require('path');
const torch = require(path.join(__dirname, '..', '..', 'dist'));
const dist = torch.distributed;

const rank = Number(process.env.RANK);
const world = Number(process.env.WORLD_SIZE);
const timeout = Number(process.env.TIMEOUT_S || '20');
const errorOf = (fn) => { try { fn(); return null; } catch (e) { return { name: e.name, type: e.pythonType, message: e.message.split('\n')[0] }; } };

const scenarios = {
  alltoall() {
    const r = rank, n = world, out = {};
    const even = torch.arange(2 * n, { dtype: torch.float32 }).add(100 * r);
    const evenOut = torch.zeros(2 * n);
    dist.all_to_all_single(evenOut, even);
    out.even = evenOut.tolist();
    // Rank r sends r + j + 1 elements to rank j.
    const inSplits = Array.from({ length: n }, (_, j) => r + j + 1);
    const outSplits = Array.from({ length: n }, (_, s) => s + r + 1);
    const uneven = torch.arange(inSplits.reduce((a, b) => a + b), { dtype: torch.int64 }).add(1000 * r);
    const unevenOut = torch.full([outSplits.reduce((a, b) => a + b)], -1, { dtype: torch.int64 });
    const work = dist.all_to_all_single(unevenOut, uneven, outSplits, inSplits, { async_op: true });
    work.wait();
    out.uneven = unevenOut.tolist();
    out.list_error = errorOf(() => dist.all_to_all(Array.from({ length: n }, () => torch.zeros(1)), Array.from({ length: n }, (_, j) => torch.tensor([r * 10 + j], { dtype: torch.float32 }))));
    out.dtype_error = errorOf(() => dist.all_to_all_single(torch.zeros(n), torch.zeros(n, { dtype: torch.int64 })));
    out.split_error = errorOf(() => dist.all_to_all_single(torch.zeros(n), torch.zeros(2 * n)));
    out.arg_error = errorOf(() => dist.all_to_all_single(torch.zeros(n), [1, 2]));
    // Still in step after the errors.
    const after = torch.arange(n, { dtype: torch.float32 }).add(10 * r);
    const afterOut = torch.zeros(n);
    dist.all_to_all_single(afterOut, after);
    out.after = afterOut.tolist();
    return out;
  },

  objects() {
    const r = rank, n = world, out = {};
    const dst = n - 1;
    const gathered = r === dst ? new Array(n).fill(null) : null;
    dist.gather_object({ rank: r, name: `r${r}`, squares: [r, r * r] }, gathered, dst);
    out.gathered = gathered;
    const received = [null];
    const inputs = r === 0 ? Array.from({ length: n }, (_, i) => (i % 2 === 0 ? { index: i, tag: 'even' } : [i, 'odd'])) : null;
    dist.scatter_object_list(received, inputs, 0);
    out.scattered = received[0];
    const fromLast = [null];
    dist.scatter_object_list(fromLast, r === n - 1 ? Array.from({ length: n }, (_, i) => `to ${i}`) : null, { src: n - 1 });
    out.scattered_from_last = fromLast[0];
    // Each rank's call fails before any exchange: PyTorch's argument errors.
    out.gather_dst_error = errorOf(() => dist.gather_object(1, r === 0 ? null : [1], 0));
    out.scatter_output_error = errorOf(() => dist.scatter_object_list([], [1, 2], 0));
    return out;
  },
};

async function main() {
  dist.init_process_group('gloo', { init_method: process.env.INIT_METHOD, rank, world_size: world, timeout });
  const result = await scenarios[process.argv[2]]();
  dist.destroy_process_group();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
main().catch((e) => { console.error(e); process.exit(1); });
