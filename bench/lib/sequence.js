'use strict';
// The sequence-model training cases (bench/cases/lstm.js, transformer.js) in torchts, the same
// work as bench/python/sequence.py: Fashion-MNIST images read as 28 rows of 28 pixels, batch 32,
// hidden size 128, Adam(lr=1e-3), CrossEntropyLoss, pre-loaded data.
const path = require('path');
const { BENCH, PYTHON, marks, fmnistRoot } = require('./common');
const M = require('./models');

function model(torch, which) {
  const nn = torch.nn;
  if (which === 'lstm') {
    class LSTMClassifier extends nn.Module {
      constructor() {
        super();
        this.lstm = nn.LSTM(28, 128, { batch_first: true });
        this.head = nn.Linear(128, 10);
      }
      forward(x) {
        const [out] = this.lstm(x);
        return this.head(out.select(1, -1));
      }
    }
    return new LSTMClassifier();
  }
  class TransformerClassifier extends nn.Module {
    constructor() {
      super();
      this.embed = nn.Linear(28, 128);
      const layer = nn.TransformerEncoderLayer(128, 4, { dim_feedforward: 256, batch_first: true });
      this.encoder = nn.TransformerEncoder(layer, 2);
      this.head = nn.Linear(128, 10);
    }
    forward(x) { return this.head(this.encoder(this.embed(x)).mean(1)); }
  }
  return new TransformerClassifier();
}

/** A bench case for `which` ('lstm' or 'transformer'). */
function sequenceCase(which, id, title, what) {
  return {
    id,
    key: which,
    title,
    what,
    unit: 'steps/s',
    better: 'higher',
    training: true,
    rows: [{ key: which, label: 'batch 32, seq 28, hidden 128' }],
    targets: [{ vs: 'python', min: 1.0 }],
    notes: (s) => [`torchts and Python time ${s.steps} steps after ${s.warmup} warm-up steps; batches are \`narrow()\` views of the pre-loaded [60000, 28, 28] float tensor.`],
    settings: (quick) => ({ steps: quick ? 30 : 100, warmup: 10 }),
    commands(impl, s) {
      if (impl !== 'python') return null;
      return [{ cmd: PYTHON, args: [path.join(BENCH, 'python', 'sequence.py'), which, String(s.steps), String(s.warmup)] }];
    },
    js: {
      torchts(s) {
        const torch = M.torchts();
        torch.manual_seed(0);
        const torchvision = require('../../dist/vision');
        const train_data = torchvision.datasets.FashionMNIST(fmnistRoot(), { train: true });
        const X = train_data.data.to(torch.float32).mul(1 / 255);
        const Y = train_data.targets;
        const net = model(torch, which);
        net.train();
        const optimizer = torch.optim.Adam(net.parameters(), { lr: 1e-3 });
        const criterion = torch.nn.CrossEntropyLoss();
        M.trainSteps(net, optimizer, criterion, M.preloaded(X, Y, 32, s.warmup), s.warmup);
        marks.start();
        const t0 = process.hrtime.bigint();
        M.trainSteps(net, optimizer, criterion, M.preloaded(X, Y, 32, s.steps), s.steps);
        const out = { [which]: s.steps / (Number(process.hrtime.bigint() - t0) / 1e9) };
        marks.stop();
        return out;
      },
    },
  };
}

module.exports = { sequenceCase };
