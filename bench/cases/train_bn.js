'use strict';
// Case 4: the notebook's BatchNorm model (Flatten, BatchNorm1d(784), Linear(784,300), ReLU,
// BatchNorm1d(300), Linear(300,100), ReLU, BatchNorm1d(100), Linear(100,10)) trained with AdamW
// (lr=1e-3) on the 60,000 Fashion-MNIST images pre-loaded as one tensor, batch 32 and 256.
const path = require('path');
const { BENCH, PYTHON, marks } = require('../lib/common');
const M = require('../lib/models');

module.exports = {
  id: 4,
  key: 'train_bn',
  title: 'Training, BatchNorm model + AdamW',
  what: 'the notebook\'s BatchNorm model (BatchNorm1d before each Linear, 784-300-100-10), AdamW(lr=1e-3), CrossEntropyLoss, pre-loaded Fashion-MNIST (60,000 images, 10 classes)',
  unit: 'steps/s',
  better: 'higher',
  training: true,
  rows: [
    { key: 'bn32', label: 'batch 32' },
    { key: 'bn256', label: 'batch 256' },
  ],
  // torchts' steps/s over the other's: at least this.
  targets: [{ vs: 'python', min: 1.1 }, { vs: 'cpp', min: 0.9 }, { vs: 'tfjs-wasm', min: 10 }, { vs: 'tfjs-cpu', min: 40 }],
  cpp: ['train'],
  notes: (s) => [
    `torchts, Python and C++ time ${s.steps.bn32} (batch 32) / ${s.steps.bn256} (batch 256) steps after ${s.warmup.bn32} / ${s.warmup.bn256} warm-up steps; batches are \`narrow()\` views of the pre-loaded [60000, 1, 28, 28] float tensor.`,
    `tfjs has no AdamW: \`tf.train.adam\` plus the decoupled decay \`w ← w·(1 − lr·wd)\` before each step (the same update); \`tf.layers.batchNormalization\` in training mode; ${s.tfSteps.cpu.bn32}/${s.tfSteps.cpu.bn256} (CPU) and ${s.tfSteps.wasm.bn32}/${s.tfSteps.wasm.bn256} (wasm) timed steps.`,
  ],
  settings: (quick) => ({
    steps: { bn32: quick ? 200 : 600, bn256: quick ? 60 : 200 }, warmup: { bn32: 30, bn256: 10 },
    tfSteps: { cpu: { bn32: quick ? 8 : 12, bn256: quick ? 3 : 4 }, wasm: { bn32: quick ? 30 : 60, bn256: quick ? 10 : 15 } },
  }),

  commands(impl, s) {
    if (impl === 'python' || impl === 'cpp') {
      const base = impl === 'python' ? { cmd: PYTHON, pre: [path.join(BENCH, 'python', 'train.py')] } : { cmd: path.join(BENCH, 'out', 'train'), pre: [] };
      return ['bn32', 'bn256'].map((c) => ({ cmd: base.cmd, args: [...base.pre, c, String(s.steps[c]), String(s.warmup[c])] }));
    }
    return null;
  },

  js: {
    torchts(s) {
      const torch = M.torchts();
      torch.manual_seed(0);
      const torchvision = require('../../dist/vision');
      const { fmnistRoot } = require('../lib/common');
      const train_data = torchvision.datasets.FashionMNIST(fmnistRoot(), { train: true });
      const X = train_data.data.unsqueeze(1).to(torch.float32).mul(1 / 255);
      const Y = train_data.targets;
      const criterion = torch.nn.CrossEntropyLoss();
      const out = {};
      for (const [c, bs] of [['bn32', 32], ['bn256', 256]]) {
        const model = M.modelBN(torch);
        model.train();
        const optimizer = torch.optim.AdamW(model.parameters(), { lr: 1e-3 });
        M.trainSteps(model, optimizer, criterion, M.preloaded(X, Y, bs, s.warmup[c]), s.warmup[c]);
        marks.start();
        const t0 = process.hrtime.bigint();
        M.trainSteps(model, optimizer, criterion, M.preloaded(X, Y, bs, s.steps[c]), s.steps[c]);
        out[c] = s.steps[c] / (Number(process.hrtime.bigint() - t0) / 1e9);
        marks.stop();
      }
      return out;
    },
    'tfjs-cpu': (s) => tfTrainBN('cpu', s),
    'tfjs-wasm': (s) => tfTrainBN('wasm', s),
  },
};

async function tfTrainBN(backend, s) {
  const tf = await require('../lib/tfjs').loadTf(backend);
  const data = M.readFashionMNIST();
  const indices = Array.from({ length: data.n }, (_, i) => i);
  const out = {};
  for (const [c, bs] of [['bn32', 32], ['bn256', 256]]) {
    const steps = s.tfSteps[backend][c], warmup = 3;
    const { xs, ys } = M.tfBatches(tf, data, indices, (l) => l, 10, bs, steps + warmup);
    const model = M.tfModelBN(tf);
    const lr = 1e-3, weight_decay = 0.01; // torch.optim.AdamW's defaults
    const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8);
    let k = 0;
    const run = (n) => { for (let i = 0; i < n; i++, k++) M.tfStep(tf, model, optimizer, xs[k % xs.length], ys[k % ys.length], lr * weight_decay); };
    run(warmup);
    const t0 = process.hrtime.bigint();
    run(steps);
    out[c] = steps / (Number(process.hrtime.bigint() - t0) / 1e9);
    tf.dispose([...xs, ...ys]);
    model.dispose();
  }
  return out;
}
