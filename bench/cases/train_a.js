'use strict';
// Case 3: one training epoch of the notebook's model A (784-100-100-100-8 ReLU) on Fashion-MNIST
// task A (48,000 images, 1,500 batches of 32), SGD(lr=0.01), CrossEntropyLoss. Two variants:
// through the DataLoader (the notebook's code) and with the data pre-loaded as one float tensor
// (batches are narrow() views), so loader cost and step cost are separable.
const path = require('path');
const { BENCH, PYTHON, LABEL_MAP, marks } = require('../lib/common');
const M = require('../lib/models');

const STEPS = 1500; // one epoch of task A

module.exports = {
  id: 3,
  key: 'train_a',
  title: 'Training epoch, model A',
  what: 'the notebook\'s model A (Flatten, 784-100-100-100-8 ReLU), batch 32, SGD(lr=0.01), CrossEntropyLoss, one epoch of Fashion-MNIST task A (1,500 steps: forward, loss, backward, `loss.item()`, `step()`, `zero_grad()`)',
  unit: 'steps/s',
  better: 'higher',
  training: true,
  rows: [
    { key: 'a_loader', label: 'with DataLoader (shuffled, ToImage+ToDtype)', notRun: { 'tfjs-wasm': 'tfjs has no DataLoader over IDX files', 'tfjs-cpu': 'tfjs has no DataLoader over IDX files' } },
    { key: 'a_pre', label: 'data pre-loaded as one tensor' },
  ],
  // torchts' steps/s over the other's: at least this.
  targets: [{ vs: 'python', min: 1.1 }, { vs: 'cpp', min: 0.9 }, { vs: 'tfjs-wasm', min: 10 }, { vs: 'tfjs-cpu', min: 40 }],
  cpp: ['train'],
  notes: (s) => [
    `torchts, Python and C++ time ${s.steps.toLocaleString('en-US')} steps after ${s.warmup} warm-up steps. DataLoader row: torchts uses \`torchvision.datasets.FashionMNIST\` + \`transforms.v2\` + \`Subset\` + \`DataLoader\` as the notebook does; Python the same DataLoader/Subset over a uint8 dataset class with the same transform (Debian has no torchvision with transforms.v2); C++ gathers each shuffled batch with \`index_select\` from the uint8 images and converts it. Pre-loaded row: the 48,000 task-A images as one [48000, 1, 28, 28] float tensor, batches are \`narrow()\` views in order.`,
    `tfjs: pre-loaded data only (no DataLoader over IDX files), as one tensor per batch (slicing a big tensor in the wasm backend copies all of it, ~120 ms); \`optimizer.minimize\` in a \`tf.tidy\` with \`tf.losses.softmaxCrossEntropy\` on one-hot targets, the loss read back every step; ${s.tfSteps.cpu} (CPU) / ${s.tfSteps.wasm} (wasm) timed steps after ${s.tfWarmup} warm-up steps.`,
  ],
  settings: (quick) => ({ steps: quick ? 500 : STEPS, warmup: 50, tfSteps: { cpu: quick ? 40 : 120, wasm: quick ? 100 : 300 }, tfWarmup: 10 }),

  commands(impl, s) {
    if (impl === 'python' || impl === 'cpp') {
      const base = impl === 'python' ? { cmd: PYTHON, pre: [path.join(BENCH, 'python', 'train.py')] } : { cmd: path.join(BENCH, 'out', 'train'), pre: [] };
      return ['a_loader', 'a_pre'].map((c) => ({ cmd: base.cmd, args: [...base.pre, c, String(s.steps), String(s.warmup)] }));
    }
    return null;
  },

  js: {
    torchts(s) {
      const torch = M.torchts();
      const nn = torch.nn;
      torch.manual_seed(0);
      const data = M.taskAData(torch);
      const { train_loader } = data;
      const criterion = nn.CrossEntropyLoss();
      const out = {};
      {
        const model = M.modelA(torch);
        model.train();
        const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.01 });
        M.trainSteps(model, optimizer, criterion, train_loader, s.warmup);
        const t0 = process.hrtime.bigint();
        for (let done = 0; done < s.steps;) done += M.trainSteps(model, optimizer, criterion, train_loader, s.steps - done);
        out.a_loader = s.steps / (Number(process.hrtime.bigint() - t0) / 1e9);
      }
      {
        const { X, Y } = M.preloadTaskA(torch, data);
        const model = M.modelA(torch);
        model.train();
        const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.01 });
        M.trainSteps(model, optimizer, criterion, M.preloaded(X, Y, 32, s.warmup), s.warmup);
        marks.start();
        const t0 = process.hrtime.bigint();
        M.trainSteps(model, optimizer, criterion, M.preloaded(X, Y, 32, s.steps), s.steps);
        out.a_pre = s.steps / (Number(process.hrtime.bigint() - t0) / 1e9);
        marks.stop();
      }
      return out;
    },
    'tfjs-cpu': (s) => tfTrainA('cpu', s),
    'tfjs-wasm': (s) => tfTrainA('wasm', s),
  },
};

// tfjs: pre-loaded data only (it has no DataLoader over IDX files); fewer steps (it is ~15-50x slower).
async function tfTrainA(backend, s) {
  const tf = await require('../lib/tfjs').loadTf(backend);
  const steps = s.tfSteps[backend];
  const data = M.readFashionMNIST();
  const indices = [];
  for (let i = 0; i < data.n; i++) if (LABEL_MAP[data.labels[i]] !== undefined) indices.push(i);
  const { xs, ys } = M.tfBatches(tf, data, indices, (l) => LABEL_MAP[l], 8, 32, steps + s.tfWarmup);
  const model = M.tfModelA(tf);
  const optimizer = tf.train.sgd(0.01);
  let k = 0;
  const run = (n) => { for (let i = 0; i < n; i++, k++) M.tfStep(tf, model, optimizer, xs[k % xs.length], ys[k % ys.length]); };
  run(s.tfWarmup);
  const t0 = process.hrtime.bigint();
  run(steps);
  return { a_pre: steps / (Number(process.hrtime.bigint() - t0) / 1e9) };
}
