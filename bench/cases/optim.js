'use strict';
// Case 5: optimizer.step() alone, Adam(lr=1e-3) over the 987,210 parameters of a 784-1000-200-10
// MLP with fixed gradients. torchts reuses bench/optim_step.js, Python bench/python/optim_step.py.
const path = require('path');
const { BENCH, PYTHON } = require('../lib/common');

module.exports = {
  id: 5,
  key: 'optim',
  title: 'optimizer.step(), Adam, 1M parameters',
  what: '`optimizer.step()` of Adam(lr=1e-3) on a 784-1000-200-10 MLP (987,210 parameters, 6 tensors) with fixed gradients (C++: `torch::optim::Adam`; tfjs: `tf.train.adam(...).applyGradients`)',
  unit: 'ms/step',
  better: 'lower',
  rows: [{ key: 'adam', label: 'Adam step, 987,210 parameters' }],
  cpp: ['optim_step'],
  notes: (s) => [`${s.steps} timed steps after ${s.steps / 10} warm-up steps (tfjs: ${s.tfSteps.cpu} CPU / ${s.tfSteps.wasm} wasm). torchts runs each step as one native call over the param group; Python 1.13's Adam uses its per-parameter (non-foreach) path on CPU; C++ \`torch::optim::Adam\` loops over the parameters too.`],
  settings: (quick) => ({ steps: quick ? 50 : 150, tfSteps: { cpu: quick ? 5 : 12, wasm: quick ? 20 : 60 } }),

  commands(impl, s) {
    if (impl === 'python') {
      return [{ cmd: PYTHON, args: [path.join(BENCH, 'python', 'optim_step.py'), 'Adam', String(s.steps)], parse: (out) => ({ adam: Number(/Adam (\S+)/.exec(out)[1]) / 1000 }) }];
    }
    if (impl === 'cpp') return [{ cmd: path.join(BENCH, 'out', 'optim_step'), args: [String(s.steps)] }];
    return null;
  },

  js: {
    torchts: (s) => ({ adam: require('../optim_step').timeTorchts('Adam', s.steps) / 1000 }),
    'tfjs-cpu': (s) => tfAdam('cpu', s),
    'tfjs-wasm': (s) => tfAdam('wasm', s),
  },
};

async function tfAdam(backend, s) {
  const tf = await require('../lib/tfjs').loadTf(backend);
  const shapes = [[784, 1000], [1000], [1000, 200], [200], [200, 10], [10]];
  const vars = shapes.map((sh, i) => tf.variable(tf.randomNormal(sh), true, `p${i}`));
  const grads = Object.fromEntries(vars.map((v) => [v.name, tf.randomNormal(v.shape).mul(1e-3)]));
  const opt = tf.train.adam(1e-3);
  const steps = s.tfSteps[backend];
  const run = (n) => { for (let i = 0; i < n; i++) opt.applyGradients(grads); vars[0].dataSync(); };
  run(Math.max(1, steps / 10));
  const t0 = process.hrtime.bigint();
  run(steps);
  return { adam: Number(process.hrtime.bigint() - t0) / 1e6 / steps };
}
