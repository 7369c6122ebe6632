// One rank of test/distributed_alltoall.test.ts, test/distributed_syncbn.test.ts and
// test/distributed_comm_hooks.test.ts (spawn.ts starts one node per rank): runs the scenario named
// by argv[2] and prints `RESULT <json>`.
'use strict';
const { torch, dist, nn, rank, world, timeout } = require('./rank');
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
    // Rank r sends r * 10 + j to rank j (Gloo runs the list form from PyTorch 2.12 on).
    const listOut = Array.from({ length: n }, () => torch.full([1], -1, { dtype: torch.float32 }));
    out.list_error = errorOf(() => dist.all_to_all(listOut, Array.from({ length: n }, (_, j) => torch.tensor([r * 10 + j], { dtype: torch.float32 }))));
    out.list = listOut.map((t) => t.item());
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

  // SyncBatchNorm on each rank's rows of one batch against BatchNorm in this one process on the
  // whole batch: outputs, input gradients, running statistics and parameter gradients (summed over
  // the ranks: the loss is a sum over rows; compared relative to their size, at least 1, since a
  // bias before a BatchNorm has a gradient of ~0). Rows are split unevenly (rank r has r + 2).
  syncbn() {
    const r = rank, n = world, out = {};
    const build = () => {
      torch.manual_seed(0);
      return nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3, { momentum: null }), nn.ReLU(), nn.Flatten(), nn.Linear(27, 4), nn.BatchNorm1d(4));
    };
    const rows = Array.from({ length: n }, (_, i) => i + 2);
    const start = rows.slice(0, r).reduce((a, b) => a + b, 0);
    const total = rows.reduce((a, b) => a + b, 0);
    torch.manual_seed(1);
    const batches = [torch.randn(total, 2, 5, 5), torch.randn(total, 2, 5, 5)];
    const weights = torch.randn(total, 4);
    const maxDiff = (a, b) => a.sub(b).abs().max().item();
    out.cpu_error = errorOf(() => nn.SyncBatchNorm(2)(torch.ones(4, 2)));
    if (out.cpu_error !== null) return out;

    const reference = build();
    const model = nn.SyncBatchNorm.convert_sync_batchnorm(build());
    out.kinds = [...model.modules()].map((m) => m.constructor.name);
    const diffs = { output: 0, input_grad: 0, running: 0, param_grad: 0, num_batches_tracked: 0 };
    const part = (t) => t.narrow(0, start, rows[r]);
    for (const X of batches) {
      const full = X.clone().requires_grad_(true);
      const refOut = reference(full);
      refOut.mul(weights).sum().backward();
      const mine = part(X).clone().requires_grad_(true);
      const y = model(mine);
      y.mul(part(weights)).sum().backward();
      diffs.output = Math.max(diffs.output, maxDiff(y, part(refOut)));
      diffs.input_grad = Math.max(diffs.input_grad, maxDiff(mine.grad, part(full.grad)));
    }
    for (const [name, p] of model.named_parameters()) {
      const g = p.grad.clone();
      dist.all_reduce(g);
      const want = reference.get_parameter(name).grad;
      diffs.param_grad = Math.max(diffs.param_grad, maxDiff(g, want) / Math.max(1, want.abs().max().item()));
    }
    for (const [name, b] of model.named_buffers()) {
      const d = maxDiff(b.to(torch.float64), reference.get_buffer(name).to(torch.float64));
      if (name.endsWith('num_batches_tracked')) diffs.num_batches_tracked = Math.max(diffs.num_batches_tracked, d);
      else diffs.running = Math.max(diffs.running, d);
    }
    out.diffs = diffs;
    // Eval mode: the running statistics, no exchange.
    model.eval();
    reference.eval();
    out.eval_diff = maxDiff(model(part(batches[0])), part(reference(batches[0])));

    // A subgroup of ranks 0 and 1: they share statistics; a rank outside it normalizes alone.
    const sub = dist.new_group([0, 1]);
    const subModel = nn.SyncBatchNorm.convert_sync_batchnorm(build(), sub);
    const subReference = build();
    const subRows = r < 2 ? batches[0].narrow(0, 0, 4) : batches[0].narrow(0, 4, 3);
    const subOut = subModel(subRows.narrow(0, r < 2 ? 2 * r : 0, r < 2 ? 2 : 3));
    const subRef = subReference(subRows).narrow(0, r < 2 ? 2 * r : 0, r < 2 ? 2 : 3);
    out.subgroup_diff = maxDiff(subOut, subRef);

    // An empty batch on the last rank: the others normalize over their own rows.
    const emptyModel = nn.SyncBatchNorm.convert_sync_batchnorm(build());
    const emptyReference = build();
    const kept = rows.slice(0, n - 1).reduce((a, b) => a + b, 0);
    const rowsHere = r === n - 1 ? 0 : rows[r];
    const x = batches[1].narrow(0, r === n - 1 ? kept : start, rowsHere).clone().requires_grad_(true);
    const ey = emptyModel(x);
    ey.sum().backward();
    out.empty_shape = ey.shape;
    if (r !== n - 1) out.empty_diff = maxDiff(ey, emptyReference(batches[1].narrow(0, 0, kept)).narrow(0, start, rows[r]));
    // Under DistributedDataParallel (PyTorch's usual pairing): its averaged gradients are the
    // full batch's divided by the world size.
    const ddp = nn.parallel.DistributedDataParallel(nn.SyncBatchNorm.convert_sync_batchnorm(build()));
    const ddpReference = build();
    ddp(part(batches[0])).mul(part(weights)).sum().backward();
    ddpReference(batches[0]).mul(weights).sum().backward();
    out.ddp_grad_diff = 0;
    for (const [name, p] of ddp.module.named_parameters()) {
      const want = ddpReference.get_parameter(name).grad.div(n);
      out.ddp_grad_diff = Math.max(out.ddp_grad_diff, maxDiff(p.grad, want) / Math.max(1, want.abs().max().item()));
    }
    out.arg_error = errorOf(() => nn.SyncBatchNorm(3, { process_group: 'world' }));
    return out;
  },

  // DistributedDataParallel.register_comm_hook with PyTorch's default hooks, against the ranks'
  // local gradients gathered here: allreduce_hook gives their average, fp16_compress_hook the
  // average carried as float16.
  async comm_hook() {
    const r = rank, n = world, out = {};
    const { default_hooks } = dist.algorithms.ddp_comm_hooks;
    const build = () => { torch.manual_seed(0); return nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 3)); };
    torch.manual_seed(10 + r);
    const x = torch.randn(4, 5);
    const local = build();
    local(x).pow(2).sum().backward();
    const grads = [...local.parameters()].map((p) => {
      const all = Array.from({ length: n }, () => torch.zeros(p.shape));
      dist.all_gather(all, p.grad);
      return torch.stack(all).mean(0);
    });
    const maxDiff = (a, b) => a.sub(b).abs().max().item();
    // Whether this LibTorch's Gloo reduces float16 at all (fp16_compress_hook needs it).
    out.half_error = errorOf(() => dist.all_reduce(torch.ones(2, { dtype: torch.float16 })));
    for (const [name, hook] of [['allreduce', default_hooks.allreduce_hook], ['fp16', default_hooks.fp16_compress_hook]]) {
      const ddp = nn.parallel.DistributedDataParallel(build(), { bucket_cap_mb: 0.0001 });
      ddp.register_comm_hook(null, hook);
      if (name === 'fp16') out.twice_error = errorOf(() => ddp.register_comm_hook(null, hook));
      out[`${name}_error`] = errorOf(() => ddp(x).pow(2).sum().backward());
      if (out[`${name}_error`]) continue;
      const got = [...ddp.module.parameters()].map((p) => p.grad);
      out[`${name}_diff`] = Math.max(...got.map((g, i) => maxDiff(g, grads[i]) / Math.max(1, grads[i].abs().max().item())));
      out[`${name}_half_representable`] = got.every((g) => maxDiff(g, g.to(torch.float16).to(torch.float32)) === 0);
    }
    const bad = nn.parallel.DistributedDataParallel(build());
    out.not_callable = errorOf(() => bad.register_comm_hook(null, 3));
    out.custom = errorOf(() => bad.register_comm_hook(null, (state, bucket) => bucket));
    // Called directly on a tensor: its future resolves to the average.
    const direct = await default_hooks.allreduce_hook(null, torch.tensor([r, 2 * r], { dtype: torch.float32 }));
    out.direct = direct.tolist();
    try {
      const half = await default_hooks.fp16_compress_hook(null, torch.tensor([r + 0.1], { dtype: torch.float32 }));
      out.direct_fp16 = half.tolist();
    } catch (e) {
      out.direct_fp16_error = { name: e.name, type: e.pythonType, message: e.message.split('\n')[0] };
    }
    return out;
  },

  // The last rank dies between SyncBatchNorm's forward and backward: the others' backward (its
  // all-reduce) ends in an error within the group timeout.
  syncbn_peer_dies() {
    const bn = nn.SyncBatchNorm(2);
    const x = torch.randn(3, 2).requires_grad_(true);
    const cpuError = errorOf(() => bn(x));
    if (cpuError !== null) return { error: cpuError, ms: 0 };
    const y = bn(x);
    if (rank === world - 1) process.exit(7);
    const t0 = Date.now();
    const error = errorOf(() => y.sum().backward());
    return { error, ms: Date.now() - t0 };
  },
};

async function main() {
  dist.init_process_group('gloo', { init_method: process.env.INIT_METHOD, rank, world_size: world, timeout });
  const result = await scenarios[process.argv[2]]();
  dist.destroy_process_group();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
main().catch((e) => { console.error(e); process.exit(1); });
