'use strict';
// Case: DistributedDataParallel over Gloo on this machine. The notebook's model A with SGD
// (lr=0.01), global batch 64: 2 ranks x 1 thread (each on 32 samples per step, gradients
// all-reduced) against 1 process x 1 thread on the whole batch, in torchts and Python PyTorch.
const path = require('path');
const { BENCH, ROOT, PYTHON } = require('../lib/common');

const ROWS = [
  { key: 'ddp2_b64', label: '2 ranks x 1 thread (DDP, Gloo)', world: 2 },
  { key: 'single_b64', label: '1 process x 1 thread', world: 1 },
];

module.exports = {
  id: 11,
  key: 'ddp',
  title: 'DistributedDataParallel, model A',
  what: 'the notebook\'s model A (784-100-100-100-8 ReLU MLP), SGD(lr=0.01), CrossEntropyLoss, synthetic [64, 1, 28, 28] batches; steps/s of the global batch',
  unit: 'steps/s',
  better: 'higher',
  training: true,
  impls: ['torchts', 'python'],
  rows: ROWS.map(({ key, label }) => ({ key, label })),
  targets: [{ vs: 'python', min: 1.0 }],
  notes: (s) => [
    `Each rank runs one thread (set_num_threads(1)); ${s.steps} timed steps after ${s.warmup} warm-up steps and a barrier. DDP ranks are started by torchts-run (torchts) and torch.multiprocessing.spawn (Python), rendezvous on 127.0.0.1, default 25 MB gradient buckets.`,
    'The 2-rank row shares this machine\'s cores with its peer: it measures the cost of the all-reduce against the halved per-rank batch, not a speed-up a second machine would give.',
  ],
  settings: (quick) => ({ batch: 64, steps: quick ? 100 : 400, warmup: 20 }),

  commands(impl, s) {
    return ROWS.map(({ key, world }) => {
      const args = [key, String(s.batch), String(s.steps), String(s.warmup)];
      if (impl === 'python') return { cmd: PYTHON, args: [path.join(BENCH, 'python', 'ddp.py'), key, String(world), ...args.slice(1)] };
      const rank = path.join(BENCH, 'ddp_rank.js');
      return world === 1
        ? { cmd: process.execPath, args: [rank, ...args] }
        : { cmd: process.execPath, args: [path.join(ROOT, 'bin', 'torchts-run.js'), '--nproc-per-node', String(world), rank, ...args] };
    });
  },
};
