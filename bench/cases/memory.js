'use strict';
// Case 7: memory over a long plain training loop: model A with the notebook's DataLoader for
// 20,000 steps (13+ epochs), written the plain PyTorch way (no dispose, no tidy). Every 1,000
// steps: the process RSS and, in torchts, torch.memory().tensors (live native tensors).
// Run once per invocation (a series, not a timing), torchts, Python and C++ one after another.
const path = require('path');
const { BENCH, PYTHON, rssBytes } = require('../lib/common');
const M = require('../lib/models');

module.exports = {
  id: 7,
  key: 'memory',
  title: 'Memory over a long plain training loop',
  what: 'model A + DataLoader trained the plain way (no dispose/tidy) for 20,000 steps; RSS every 1,000 steps (torchts also `torch.memory().tensors` and the V8 heap in use)',
  series: true,
  impls: ['torchts', 'python', 'cpp'],
  // torchts' RSS growth from step `from` to the last step: at most this fraction.
  targets: [{ rssGrowthMax: 0.10 }],
  cpp: ['train'],
  settings: (quick) => ({ steps: quick ? 6000 : 20000, every: 1000, from: 2000 }),

  commands(impl, s) {
    if (impl === 'python') return [{ cmd: PYTHON, args: [path.join(BENCH, 'python', 'train.py'), 'memory', String(s.steps), String(s.every)] }];
    if (impl === 'cpp') return [{ cmd: path.join(BENCH, 'out', 'train'), args: ['memory', String(s.steps), String(s.every)] }];
    return null;
  },

  js: {
    torchts(s) {
      const torch = M.torchts();
      torch.manual_seed(0);
      const { train_loader } = M.taskAData(torch);
      const model = M.modelA(torch);
      model.train();
      const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.01 });
      const criterion = torch.nn.CrossEntropyLoss();
      const out = { 'rss@0': rssBytes(), 'tensors@0': torch.memory().tensors, 'heap@0': process.memoryUsage().heapUsed };
      const onStep = (base) => (done) => {
        const step = base + done;
        if (step % s.every === 0) {
          out[`rss@${step}`] = rssBytes();
          out[`tensors@${step}`] = torch.memory().tensors;
          out[`heap@${step}`] = process.memoryUsage().heapUsed;
        }
      };
      for (let done = 0; done < s.steps;) done += M.trainSteps(model, optimizer, criterion, train_loader, s.steps - done, onStep(done));
      return out;
    },
  },
};
