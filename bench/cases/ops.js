'use strict';
// Case 1: per-op overhead on tiny tensors, where the binding's own cost dominates. torchts reuses
// bench/ops.js (its bodies and timing loop), Python bench/python/ops.py, C++ bench/cpp/op_floor.cc.
const path = require('path');
const { BENCH, PYTHON } = require('../lib/common');

const OPS = ['add10', 'relu10', 'matmul8', 'chain10'];
const OPS_PER_CALL = { chain10: 10 };

module.exports = {
  id: 1,
  key: 'ops',
  title: 'Per-op overhead',
  what: 'time per op on tiny tensors: `x.add(x)` and `x.relu()` on 10 elements, `m.matmul(m)` on 8×8, and a chain `y = y.add(x).mul(0.5)` ×5 (10 ops, time per op)',
  unit: 'µs/op',
  better: 'lower',
  rows: [
    { key: 'add10', label: 'add, 10 elements' },
    { key: 'relu10', label: 'relu, 10 elements' },
    { key: 'matmul8', label: 'matmul 8×8' },
    { key: 'chain10', label: 'chain of 10 small ops' },
  ],
  // torchts' time per op over the other's: at most this.
  targets: [{ vs: 'python', max: 0.8 }, { vs: 'cpp', max: 1.3 }],
  cpp: ['op_floor'],
  notes: (s) => [
    `torchts, Python and C++ run ${s.n.toLocaleString('en-US')} calls per op after ${(s.n / 10).toLocaleString('en-US')} warm-up calls; results are dropped the plain way (torchts: freed by its memory budget/GC; Python: refcounting; C++: destructors).`,
    `tfjs runs ${s.tfN.toLocaleString('en-US')} calls, freed by one \`tf.tidy\` per 100 calls (tfjs has no other way to free them).`,
  ],
  settings: (quick) => ({ n: quick ? 60000 : 150000, tfN: quick ? 5000 : 20000 }),

  commands(impl, s) {
    if (impl === 'python') return [{ cmd: PYTHON, args: [path.join(BENCH, 'python', 'ops.py'), OPS.join(','), String(s.n)] }];
    if (impl === 'cpp') {
      // op_floor prints only the µs per call.
      return OPS.map((c) => ({
        cmd: path.join(BENCH, 'out', 'op_floor'), args: [c, String(s.n)],
        parse: (out) => ({ [c]: Number(out.trim()) / (OPS_PER_CALL[c] || 1) }),
      }));
    }
    return null; // JS implementations run through bench/worker.js
  },

  js: {
    torchts(s) {
      const ops = require('../ops'); // sets 1 intra-op thread
      return Object.fromEntries(OPS.map((c) => [c, ops.timeTorchts(c, s.n)]));
    },
    'tfjs-cpu': (s) => timeTf('cpu', s),
    'tfjs-wasm': (s) => timeTf('wasm', s),
  },
};

async function timeTf(backend, s) {
  const tf = await require('../lib/tfjs').loadTf(backend);
  const x10 = tf.ones([10]), m8 = tf.ones([8, 8]);
  const bodies = {
    add10: () => tf.add(x10, x10),
    relu10: () => tf.relu(x10),
    matmul8: () => tf.matMul(m8, m8),
    chain10: () => { let y = x10; for (let k = 0; k < 5; k++) y = tf.mul(tf.add(y, x10), 0.5); return y; },
  };
  const out = {};
  for (const c of OPS) {
    const fn = bodies[c];
    // tfjs frees through tidy scopes; one scope per 100 calls keeps memory flat at a small cost.
    const loop = (n) => { for (let i = 0; i < n; i += 100) tf.tidy(() => { for (let j = 0; j < 100; j++) fn(); }); };
    loop(s.tfN / 10);
    const t0 = process.hrtime.bigint();
    loop(s.tfN);
    out[c] = Number(process.hrtime.bigint() - t0) / 1000 / s.tfN / (OPS_PER_CALL[c] || 1);
  }
  return out;
}
