// One rank of a multi-process test (test/distributed.test.ts spawns one node per rank). Reads RANK,
// WORLD_SIZE, INIT_METHOD and TIMEOUT_S from the environment, runs the scenario named by argv[2]
// and prints `RESULT <json>` on success; failures print the error and exit non-zero.
'use strict';
const { torch, dist, nn, rank, world, timeout } = require('./rank');

function init(extra = {}) {
  dist.init_process_group('gloo', { init_method: process.env.INIT_METHOD, rank, world_size: world, timeout, ...extra });
}
const list = (t) => t.tolist();
const errorOf = (fn) => { try { fn(); return null; } catch (e) { return { name: e.name, message: e.message }; } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function timed(fn) {
  const t0 = Date.now();
  try { await fn(); return { error: null, ms: Date.now() - t0 }; } catch (e) { return { error: { name: e.name, message: e.message.split('\n')[0] }, ms: Date.now() - t0 }; }
}

const scenarios = {
  async collectives() {
    init();
    const r = rank, n = world, out = {};
    const mine = () => torch.tensor([r + 1, 2 * (r + 1)], { dtype: torch.float32 });
    for (const op of ['SUM', 'PRODUCT', 'MIN', 'MAX']) {
      const t = mine();
      dist.all_reduce(t, dist.ReduceOp[op]);
      out[op] = list(t);
    }
    const avg = mine();
    out.AVG = errorOf(() => dist.all_reduce(avg, { op: dist.ReduceOp.AVG })) ?? list(avg);
    const b = torch.full([3], r);
    dist.broadcast(b, n - 1);
    out.broadcast = list(b);
    const red = mine();
    dist.reduce(red, 0);
    out.reduce = list(red);
    const gathered = Array.from({ length: n }, () => torch.zeros(2));
    dist.all_gather(gathered, torch.tensor([r, r * 10], { dtype: torch.float32 }));
    out.all_gather = gathered.map(list);
    const flat = torch.zeros(2 * n);
    out.all_gather_into_tensor_error = errorOf(() => dist.all_gather_into_tensor(flat, torch.tensor([r, r * 10], { dtype: torch.float32 })));
    out.all_gather_into_tensor = list(flat);
    const gl = r === 0 ? Array.from({ length: n }, () => torch.zeros(1)) : null;
    dist.gather(torch.tensor([r * 3], { dtype: torch.float32 }), gl, 0);
    out.gather = gl && gl.map(list);
    const sc = torch.zeros(2);
    dist.scatter(sc, r === 0 ? Array.from({ length: n }, (_, i) => torch.tensor([i * 100, i * 100 + 1], { dtype: torch.float32 })) : null, 0);
    out.scatter = list(sc);
    const rsOut = torch.zeros(2);
    out.reduce_scatter = errorOf(() => dist.reduce_scatter(rsOut, Array.from({ length: n }, (_, i) => torch.tensor([i, r], { dtype: torch.float32 }))));
    out.reduce_scatter_value = list(rsOut);
    const ring = torch.zeros(2);
    const sent = dist.isend(torch.tensor([r, 100 + r], { dtype: torch.float32 }), (r + 1) % n);
    out.recv_from = dist.recv(ring, (r + n - 1) % n);
    sent.wait();
    out.ring = list(ring);
    if (r === 1) dist.send(torch.tensor([42], { dtype: torch.float32 }), 0, { tag: 7 });
    if (r === 0) {
      const any = torch.zeros(1);
      out.any_source = dist.recv(any, null, { tag: 7 });
      out.any_value = list(any);
    }
    dist.barrier();
    const objects = r === 0 ? [{ a: 1, b: 'two' }, [3, 4], null] : [0, 0, 0];
    dist.broadcast_object_list(objects, 0);
    out.objects = objects;
    const gatheredObjects = new Array(n);
    dist.all_gather_object(gatheredObjects, { rank: r, text: 'x'.repeat(r * 50) });
    out.gathered_objects = gatheredObjects.map((o) => [o.rank, o.text.length]);
    const sub = dist.new_group([0, 1]);
    out.sub_rank = dist.get_rank(sub);
    out.sub_size = dist.get_world_size(sub);
    const st = torch.tensor([r + 1], { dtype: torch.float32 });
    dist.all_reduce(st, { group: sub });
    out.sub_sum = list(st);
    const work = dist.all_reduce(torch.tensor([r], { dtype: torch.float32 }), { async_op: true });
    out.async_future = (await work.get_future()).map(list);
    out.async_completed = work.is_completed();
    const w2 = dist.broadcast(torch.full([2], r), 0, { async_op: true });
    out.async_wait = w2.wait();
    out.rank = dist.get_rank();
    out.world = dist.get_world_size();
    out.backend = dist.get_backend();
    out.libtorch = torch.__libtorch_version__;
    dist.destroy_process_group();
    out.initialized_after = dist.is_initialized();
    return out;
  },

  // The event loop keeps turning while an async collective waits for a late peer.
  async loop_free() {
    init();
    if (rank === 1) await sleep(1000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const work = dist.all_reduce(torch.ones(4), { async_op: true });
    const [t] = await work.get_future();
    clearInterval(timer);
    return { ticks, value: list(t) };
  },

  async peer_dies() {
    init();
    if (rank === 1) process.exit(7);
    await sleep(300);
    return timed(() => dist.all_reduce(torch.ones(1000)));
  },

  async peer_dies_async() {
    init();
    if (rank === 1) process.exit(7);
    await sleep(300);
    return timed(() => dist.all_reduce(torch.ones(1000), { async_op: true }).get_future());
  },

  async timeout() {
    init();
    if (rank === 1) { await sleep(timeout * 1000 + 1000); return {}; }
    return timed(() => dist.all_reduce(torch.ones(10)));
  },

  async never_joins() {
    return timed(() => init());
  },

  async mismatch() {
    init();
    const t = torch.ones(rank === 0 ? 3 : 5);
    return timed(() => dist.all_reduce(t));
  },

  async mismatch_op() {
    init();
    return timed(() => (rank === 0 ? dist.all_reduce(torch.ones(4)) : dist.broadcast(torch.ones(4), 0)));
  },

  async ddp() {
    return require('./ddp').run(torch, rank, world, init);
  },
};

(async () => {
  const name = process.argv[2];
  if (!scenarios[name]) throw new Error(`unknown scenario ${name}`);
  const result = await scenarios[name]();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
})().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
