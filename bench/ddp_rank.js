'use strict';
// One process of the `ddp` bench case (bench/cases/ddp.js): model A with SGD on synthetic
// Fashion-MNIST-shaped batches. Under torchts-run (WORLD_SIZE set) it is one DDP rank training on
// its share of each global batch; alone it trains on whole batches. Rank 0 prints `<row> <steps/s>`.
// Usage: node bench/ddp_rank.js <row> <global batch> <steps> <warm-up steps>
const torch = require('..');
const M = require('./lib/models');

const [row, batchArg, stepsArg, warmupArg] = process.argv.slice(2);
const batch = Number(batchArg), steps = Number(stepsArg), warmup = Number(warmupArg);
torch.set_num_threads(1);
const distributed = process.env.WORLD_SIZE !== undefined;
if (distributed) torch.distributed.init_process_group('gloo', { timeout: 120 });
const world = distributed ? torch.distributed.get_world_size() : 1;
const rank = distributed ? torch.distributed.get_rank() : 0;

torch.manual_seed(0);
const local = M.modelA(torch);
const model = distributed ? torch.nn.parallel.DistributedDataParallel(local) : local;
const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.01 });
const criterion = torch.nn.CrossEntropyLoss();
const share = batch / world;
const X = torch.rand([share * 8, 1, 28, 28]);
const Y = torch.randint(0, 8, [share * 8]);
const batches = function* () {
  for (let k = 0; ; k = (k + 1) % 8) yield [X.narrow(0, k * share, share), Y.narrow(0, k * share, share)];
};

M.trainSteps(model, optimizer, criterion, batches(), warmup);
if (distributed) torch.distributed.barrier();
const t0 = process.hrtime.bigint();
M.trainSteps(model, optimizer, criterion, batches(), steps);
const rate = steps / (Number(process.hrtime.bigint() - t0) / 1e9);
if (rank === 0) console.log(`${row} ${rate}`);
if (distributed) torch.distributed.destroy_process_group();
