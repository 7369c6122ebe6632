'use strict';
// Case 2: GEMM throughput, 1024×1024 float32 times 1024×1024, one thread.
const path = require('path');
const { BENCH, PYTHON, median } = require('../lib/common');

const N = 1024;

/** Runs fn() until at least minS seconds and minReps timed runs have passed; median GFLOP/s. */
function gflops(fn, minS, minReps) {
  const rates = [];
  let spent = 0;
  while (spent < minS || rates.length < minReps) {
    const t0 = process.hrtime.bigint();
    fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    spent += s;
    rates.push((2 * N ** 3) / s / 1e9);
  }
  return median(rates);
}

module.exports = {
  id: 2,
  key: 'gemm',
  title: 'GEMM 1024²',
  what: '`torch.mm` of two 1024×1024 float32 matrices (tfjs: `tf.matMul`), GFLOP/s = 2·1024³ / time',
  unit: 'GFLOP/s',
  better: 'higher',
  rows: [{ key: 'gemm', label: 'mm 1024×1024×1024' }],
  cpp: ['gemm'],
  notes: () => ['Median of the timed products after one warm-up (at least 3 and 0.5 s); tfjs CPU takes ~3 s per product, so it gets one timed product and no warm-up.'],
  settings: (quick) => ({ minS: quick ? 0.2 : 0.5 }),

  commands(impl, s) {
    if (impl === 'python') return [{ cmd: PYTHON, args: [path.join(BENCH, 'python', 'gemm.py'), String(N), String(s.minS)] }];
    if (impl === 'cpp') return [{ cmd: path.join(BENCH, 'out', 'gemm'), args: [String(N), String(s.minS)] }];
    return null;
  },

  js: {
    torchts(s) {
      const torch = require('../..');
      torch.set_num_threads(1);
      torch.manual_seed(0);
      const a = torch.randn(N, N), b = torch.randn(N, N);
      torch.mm(a, b);
      return { gemm: gflops(() => torch.mm(a, b).dispose(), s.minS, 3) };
    },
    'tfjs-cpu': (s) => tfGemm('cpu', s),
    'tfjs-wasm': (s) => tfGemm('wasm', s),
  },
};

async function tfGemm(backend, s) {
  const tf = await require('../lib/tfjs').loadTf(backend);
  const a = tf.randomNormal([N, N]), b = tf.randomNormal([N, N]);
  const run = () => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); };
  // The pure-JS backend takes ~3 s per product: no warm-up and a single timed run there.
  if (backend !== 'cpu') run();
  return { gemm: gflops(run, backend === 'cpu' ? 0 : s.minS, backend === 'cpu' ? 1 : 3) };
}
