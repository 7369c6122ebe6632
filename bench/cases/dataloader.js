'use strict';
// Case 6: DataLoader throughput over Fashion-MNIST's 60,000 uint8 training images with the
// ToImage + ToDtype(float32, scale) transform, batch 32, shuffle, no workers.
const path = require('path');
const { BENCH, PYTHON, median, fmnistRoot } = require('../lib/common');

module.exports = {
  id: 6,
  key: 'dataloader',
  title: 'DataLoader throughput',
  what: 'one shuffled pass of `DataLoader(FashionMNIST(transform=Compose([ToImage(), ToDtype(float32, scale=True)])), batch_size=32, shuffle=True)` over the 60,000 training images (1,875 batches); Python: the same over a uint8 dataset with the equivalent transform (Debian has no torchvision with transforms.v2); C++: `index_select` of each shuffled batch from the uint8 images + the conversion (the gather torchts does)',
  unit: 'batches/s',
  better: 'higher',
  rows: [
    { key: 'fmnist_b32', label: 'FashionMNIST, batch 32' },
    { key: 'fmnist_b32_per_sample', label: 'same, torchts forced per-sample (getitem + default_collate)' },
  ],
  impls: ['torchts', 'python', 'cpp'],
  cpp: ['dataloader'],
  notes: (s) => [`Median of ${s.epochs} epoch(s) after 100 warm-up batches. torchts' default path gathers a whole batch with one \`index_select\` and transforms it at once (it checks that this equals the per-sample result); the per-sample row forces getitem + default_collate with a \`collate_fn\`, as Python's DataLoader always does.`],
  settings: (quick) => ({ epochs: quick ? 1 : 3, perSampleEpochs: 1 }),

  commands(impl, s) {
    if (impl === 'python') return [{ cmd: PYTHON, args: [path.join(BENCH, 'python', 'dataloader_fmnist.py'), String(s.epochs)] }];
    if (impl === 'cpp') return [{ cmd: path.join(BENCH, 'out', 'dataloader'), args: [String(s.epochs)] }];
    return null;
  },

  js: {
    torchts(s) {
      const torch = require('../..');
      torch.set_num_threads(1);
      torch.manual_seed(0);
      const torchvision = require('../../dist/vision');
      const T = torchvision.transforms.v2;
      const { DataLoader, default_collate } = torch.utils.data;
      const ds = torchvision.datasets.FashionMNIST(fmnistRoot(), { train: true, transform: T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true })]) });
      const rate = (loader, epochs) => {
        let i = 0;
        for (const _ of loader) if (++i === 100) break; // warm-up
        const rates = [];
        for (let e = 0; e < epochs; e++) {
          const t0 = process.hrtime.bigint();
          let n = 0;
          for (const _ of loader) n++;
          rates.push(n / (Number(process.hrtime.bigint() - t0) / 1e9));
        }
        return median(rates);
      };
      return {
        fmnist_b32: rate(DataLoader(ds, { batch_size: 32, shuffle: true }), s.epochs),
        fmnist_b32_per_sample: rate(DataLoader(ds, { batch_size: 32, shuffle: true, collate_fn: (b) => default_collate(b) }), s.perSampleEpochs),
      };
    },
  },
};
