#!/usr/bin/env node
'use strict';
// Per-op overhead: torchts vs Python PyTorch (same LibTorch) vs a C++ LibTorch loop, interleaved
// in one run. Writes bench/results-ops.md. Usage: node bench/ops.js [rounds]
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const torch = require('../dist');

const ROUNDS = Number(process.argv[2] || 5);
const N = 500000;
const CASES = ['add10', 'relu10', 'matmul8', 'chain10', 'add100k'];
const OPS_PER_CALL = { chain10: 10 };
const ITERS = (c) => (c === 'add100k' ? 20000 : N);

function buildFloor() {
  const out = path.join(__dirname, 'out', 'op_floor');
  const src = path.join(__dirname, 'cpp', 'op_floor.cc');
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs > fs.statSync(src).mtimeMs) return out;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const find = (flag) => execFileSync('node', [path.join(__dirname, '..', 'scripts', 'find-libtorch.js'), flag]).toString().trim();
  const inc = find('--include-dirs').split(' ').map((d) => `-I${d}`);
  execFileSync('g++', ['-O2', ...find('--cxx-flags').split(' ').filter(Boolean), ...inc, src, '-o', out, ...find('--libs').split(' ')], { stdio: 'inherit' });
  return out;
}

torch.set_num_threads(1);
const x10 = torch.ones(10), x100k = torch.ones(100000), m8 = torch.ones(8, 8);
const bodies = {
  add10: () => x10.add(x10),
  relu10: () => x10.relu(),
  matmul8: () => m8.matmul(m8),
  chain10: () => { let y = x10; for (let k = 0; k < 5; k++) y = y.add(x10).mul(0.5); return y; },
  add100k: () => x100k.add(x100k),
};
const { marks } = require('./lib/common');
function loop(fn, n) { let y; for (let i = 0; i < n; i++) y = fn(); return y; }
function timeTorchts(c, n = ITERS(c)) {
  const fn = bodies[c];
  loop(fn, n / 10);
  marks.start();
  const t0 = process.hrtime.bigint();
  loop(fn, n);
  const t1 = process.hrtime.bigint();
  marks.stop();
  return Number(t1 - t0) / 1000 / n / (OPS_PER_CALL[c] || 1);
}

// bench/cases/ops.js (npm run bench) reuses the bodies and the timing loop.
module.exports = { CASES, OPS_PER_CALL, bodies, timeTorchts, buildFloor };
if (require.main === module) main();

function main() {
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const floor = buildFloor();
  const results = Object.fromEntries(CASES.map((c) => [c, { torchts: [], python: [], cpp: [] }]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of CASES) {
      results[c].torchts.push(timeTorchts(c));
      results[c].cpp.push(Number(execFileSync(floor, [c, String(ITERS(c))]).toString()) / (OPS_PER_CALL[c] || 1));
    }
    const py = execFileSync('/usr/bin/python3', [path.join(__dirname, 'python', 'ops.py'), CASES.join(','), String(N)]).toString();
    for (const line of py.trim().split('\n')) { const [c, us] = line.split(' '); results[c].python.push(Number(us)); }
    process.stderr.write(`round ${r + 1}/${ROUNDS}\n`);
  }

  const rows = CASES.map((c) => {
    const t = median(results[c].torchts), p = median(results[c].python), f = median(results[c].cpp);
    return `| ${c} | ${t.toFixed(3)} | ${p.toFixed(3)} | ${f.toFixed(3)} | ${(t / p).toFixed(2)} | ${(t / f).toFixed(2)} |`;
  });
  const table = [
    `Per-op time in µs (median of ${ROUNDS} interleaved rounds; ${os.cpus().length} cores, 1 intra-op thread, LibTorch ${torch.__libtorch_version__}, Node ${process.version}).`,
    '',
    '| case | torchts | Python PyTorch | C++ LibTorch | torchts / Python | torchts / C++ |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(__dirname, 'results-ops.md'), table);
  console.log(table);
}
