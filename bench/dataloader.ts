// DataLoader throughput on Fashion-MNIST-sized data (60000×1×28×28 float32, batch 32, shuffled):
// the fast path (one index_select per tensor per batch) against the per-sample path (getitem per
// sample + default_collate, forced with a collate_fn wrapper), for a TensorDataset and for
// FashionMNIST with ToImage + ToDtype. Prints batches/s (best of ROUNDS epochs).
// Usage: npx ts-node --transpile-only -P tsconfig.json bench/dataloader.ts [rounds]
// (Python's DataLoader for comparison: /usr/bin/python3 bench/python/dataloader.py)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import * as torchvision from '../lib/vision';

const ROUNDS = Number(process.argv[2] ?? 3);
const { DataLoader, TensorDataset, default_collate } = torch.utils.data;
const perSample = (batch: unknown[]) => default_collate(batch);

function batchesPerSecond(makeLoader: () => Iterable<unknown>): number {
  let best = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const loader = makeLoader();
    const t0 = process.hrtime.bigint();
    let n = 0;
    for (const _ of loader) n++;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, n / s);
  }
  return best;
}

function row(name: string, fast: number, slow: number): void {
  console.log(`| ${name} | ${fast.toFixed(0)} | ${slow.toFixed(0)} | ${(fast / slow).toFixed(1)}x |`);
}

console.log(`LibTorch ${torch.__libtorch_version__}, ${os.cpus()[0].model}, ${torch.get_num_threads()} threads, best of ${ROUNDS} epochs (1875 batches each)\n`);
console.log('| dataset (batch 32, shuffle) | fast path batches/s | per-sample batches/s | speed-up |');
console.log('|---|---|---|---|');
torch.manual_seed(0);
const X = torch.rand(60000, 1, 28, 28);
const y = torch.randint(0, 10, [60000]);
const tds = TensorDataset(X, y);
row('TensorDataset 60000×1×28×28 float32', batchesPerSecond(() => DataLoader(tds, { batch_size: 32, shuffle: true })),
  batchesPerSecond(() => DataLoader(tds, { batch_size: 32, shuffle: true, collate_fn: perSample })));

const mirror = path.join(process.env.TORCHTS_DATASETS_MIRROR || '/usr/share/datasets', 'fashion-mnist');
if (fs.existsSync(mirror)) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-bench-'));
  const T = torchvision.transforms.v2;
  const ds = torchvision.datasets.FashionMNIST(root, { train: true, download: true, transform: T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true })]) });
  row('FashionMNIST, ToImage + ToDtype(float32, scale)', batchesPerSecond(() => DataLoader(ds, { batch_size: 32, shuffle: true })),
    batchesPerSecond(() => DataLoader(ds, { batch_size: 32, shuffle: true, collate_fn: perSample })));
  fs.rmSync(root, { recursive: true, force: true });
} else {
  console.log(`(FashionMNIST row skipped: no files in ${mirror})`);
}
