// The notebook's model A trained on Fashion-MNIST (task A: the 8 classes other than T-shirt/top and
// Pullover) with DistributedDataParallel. Each rank trains on its DistributedSampler share with
// half the batch, so 2 ranks take the same steps as one process on the full batch.
//
//   npx torchts-run --nproc-per-node 2 examples/distributed/main.ts   # 2 ranks (DDP over Gloo)
//   npx ts-node --transpile-only examples/distributed/main.ts         # 1 process, for comparison
//
// Options: --epochs N (default 3), --batch-size N (global, default 32), --limit N (training samples).
import * as torch from '../../lib';
import { taskA } from '../notebook/data';
import { makeModelA } from '../notebook/sections/context';

const { nn } = torch;
const dist = torch.distributed;
const { DataLoader, DistributedSampler } = torch.utils.data;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function main(): void {
  const epochs = option('epochs', 3);
  const globalBatch = option('batch-size', 32);
  const limit = option('limit', 0) || undefined;
  torch.set_num_threads(1);
  const distributed = process.env.WORLD_SIZE !== undefined;
  if (distributed) dist.init_process_group('gloo');
  const rank = distributed ? dist.get_rank() : 0;
  const world = distributed ? dist.get_world_size() : 1;
  const log = (text: string) => { if (rank === 0) console.log(text); };

  const { train_data_subset, test_loader } = taskA({ limit: { train: limit } });
  const sampler = distributed ? DistributedSampler(train_data_subset, { shuffle: true, seed: 42 }) : null;
  const batch_size = globalBatch / world;
  const train_loader = DataLoader(train_data_subset, { batch_size, shuffle: sampler === null, sampler });

  torch.manual_seed(42);
  const model_A = makeModelA();
  const model = distributed ? nn.parallel.DistributedDataParallel(model_A) : model_A;
  const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.01 });
  const xentropy = nn.CrossEntropyLoss();
  log(`${world} process${world > 1 ? 'es' : ''}, ${batch_size} samples per rank per step, ${train_loader.length} steps per epoch`);

  const t0 = Date.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    sampler?.set_epoch(epoch);
    model.train();
    let total = 0, batches = 0;
    for (const [X, y] of train_loader) {
      const loss = xentropy(model(X), y);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      total += loss.item();
      batches++;
    }
    log(`epoch ${epoch + 1}/${epochs}: mean loss ${(total / batches).toFixed(4)} (rank 0's share), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  if (rank === 0) {
    model_A.eval();
    let correct = 0, n = 0;
    torch.no_grad(() => {
      for (const [X, y] of test_loader) {
        correct += model_A(X).argmax(1).eq(y).sum().item() as number;
        n += y.shape[0];
      }
    });
    console.log(`test accuracy ${(100 * correct / n).toFixed(2)}% (${n} images)`);
  }
  if (distributed) dist.destroy_process_group();
}

main();
