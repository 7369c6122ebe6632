// DistributedDataParallel scenarios for test/distributed/worker.js. Every rank builds the same
// data; the reference (one process on whole batches) runs on rank 0 alongside, so each result
// compares the DDP replica with it after the same steps.
'use strict';

function modelA(torch) {
  const { nn } = torch;
  return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
    nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 8));
}
function modelBN(torch) {
  const { nn } = torch;
  return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 8));
}

/** Step `step`'s batch, the same on every rank and for the reference. */
function data(torch, step, batch) {
  torch.manual_seed(99 + step);
  return [torch.rand([batch, 1, 28, 28]), torch.randint(0, 8, [batch])];
}

const maxDiff = (torch, a, b) => {
  let m = 0;
  for (const [k, v] of Object.entries(a)) if (v.is_floating_point()) m = Math.max(m, v.sub(b[k]).abs().max().item());
  return m;
};

/**
 * `steps` steps on batches of `batch` samples: the DDP replica trains on its rank's share of each
 * batch, the reference on the ranks' shares one after the other with the loss divided by the world
 * size (the same gradient as DDP's average; for model A, the full-batch gradient).
 */
function train(torch, rank, world, makeModel, makeOptim, steps, batch) {
  const { nn } = torch;
  const dist = torch.distributed;
  torch.manual_seed(1234 + rank);   // different starting weights: DDP must broadcast rank 0's
  const local = makeModel(torch);
  torch.manual_seed(1234);
  const reference = makeModel(torch);
  const ddp = nn.parallel.DistributedDataParallel(local, { bucket_cap_mb: 0.1 });
  const opt = makeOptim(torch, ddp.parameters());
  const refOpt = makeOptim(torch, reference.parameters());
  const lossFn = nn.CrossEntropyLoss();
  const share = batch / world;
  for (let step = 0; step < steps; step++) {
    const [X, y] = data(torch, step, batch);
    opt.zero_grad();
    lossFn(ddp(X.narrow(0, rank * share, share)), y.narrow(0, rank * share, share)).backward();
    opt.step();
    refOpt.zero_grad();
    for (let r = 0; r < world; r++) lossFn(reference(X.narrow(0, r * share, share)), y.narrow(0, r * share, share)).div(world).backward();
    refOpt.step();
  }
  return { ddp, reference };
}

async function run(torch, rank, world, init) {
  init();
  const dist = torch.distributed;
  const out = {};
  const sgd = (t, params) => t.optim.SGD(params, { lr: 0.01 });
  const adamw = (t, params) => t.optim.AdamW(params, { lr: 1e-3 });

  // Model A with SGD: against one process on the full batch (equal halves: the mean of the means).
  {
    const { ddp } = train(torch, rank, world, modelA, sgd, 20, 32);
    torch.manual_seed(1234);
    const full = modelA(torch);
    const opt = sgd(torch, full.parameters());
    const lossFn = torch.nn.CrossEntropyLoss();
      for (let step = 0; step < 20; step++) {
      const [X, y] = data(torch, step, 32);
      opt.zero_grad();
      lossFn(full(X), y).backward();
      opt.step();
    }
    out.sgd_vs_full_batch = maxDiff(torch, ddp.module.state_dict(), full.state_dict());
    const keys = Object.keys(ddp.state_dict());
    out.state_dict_keys = keys.slice(0, 2);
    // Every replica holds the same weights.
    const flat = torch.cat([...ddp.parameters()].map((p) => p.detach().reshape(-1)));
    const fromRank0 = flat.clone();
    dist.broadcast(fromRank0, 0);
    out.sgd_replicas_differ = flat.sub(fromRank0).abs().max().item();
  }
  // BatchNorm + AdamW: against one process running the same per-rank shares.
  {
    const { ddp, reference } = train(torch, rank, world, modelBN, adamw, 20, 32);
    const weights = (sd) => Object.fromEntries(Object.entries(sd).filter(([k]) => !/running_|num_batches/.test(k)));
    out.bn_adamw_vs_reference = maxDiff(torch, weights(ddp.module.state_dict()), weights(reference.state_dict()));
  }
  // no_sync: gradients of backward passes inside it stay local; the next synchronized backward
  // all-reduces the sum, so the result is the average over ranks of each rank's summed gradients.
  {
    torch.manual_seed(5);
    const model = torch.nn.Linear(4, 2);
    const ddp = torch.nn.parallel.DistributedDataParallel(model);
    const inputs = [1, 2, 3].map((k) => torch.full([3, 4], (rank + 1) * k, { dtype: torch.float32 }));
    ddp.no_sync(() => {
      ddp(inputs[0]).sum().backward();
      ddp(inputs[1]).sum().backward();
    });
    out.no_sync_local = model.weight.grad.tolist();
    ddp(inputs[2]).sum().backward();
    out.no_sync_synced = model.weight.grad.tolist();
  }
  // find_unused_parameters: a branch only some ranks use.
  {
    torch.manual_seed(6);
    const { nn } = torch;
    class TwoHeads extends nn.Module {
      constructor() { super(); this.a = nn.Linear(3, 1); this.b = nn.Linear(3, 1); }
      forward(x, useB) { return useB ? this.b(x) : this.a(x); }
    }
    const m = new TwoHeads();
    const ddp = nn.parallel.DistributedDataParallel(m, { find_unused_parameters: true });
    ddp(torch.ones([2, 3]), rank === 1).sum().backward();
    out.unused_a_grad = m.a.weight.grad && m.a.weight.grad.tolist();
    out.unused_b_grad = m.b.weight.grad && m.b.weight.grad.tolist();
    const strict = nn.parallel.DistributedDataParallel(new TwoHeads());
    try {
      strict(torch.ones([2, 3]), false).sum().backward();
      out.strict_error = null;
    } catch (e) {
      out.strict_error = e.message.slice(0, 80);
    }
  }
  out.device_ids_error = (() => {
    try { torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(2, 2), { device_ids: [0] }); return null; } catch (e) { return e.message; }
  })();
  dist.destroy_process_group();
  return out;
}

module.exports = { run };
