#!/usr/bin/env node
'use strict';
// optimizer.step() cost on a ~1M-parameter MLP (784-1000-200-10, 987,210 parameters) with fixed
// gradients: torchts vs Python PyTorch on the same LibTorch, interleaved rounds, one thread.
// Writes bench/results-optim.md. Usage: node bench/optim_step.js [rounds] [steps]
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const torch = require('../dist');

const ROUNDS = Number(process.argv[2] || 5);
const STEPS = Number(process.argv[3] || 200);
const OPTIMIZERS = ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'NAdam'];
torch.set_num_threads(1);

function timeTorchts(name, steps = STEPS) {
  torch.manual_seed(0);
  const nn = torch.nn;
  const model = nn.Sequential(nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 200), nn.ReLU(), nn.Linear(200, 10));
  for (const p of model.parameters()) p.grad = torch.randn_like(p).mul(1e-3);
  const opt = torch.optim[name](model.parameters(), { lr: 1e-3 });
  for (let i = 0; i < steps / 10; i++) opt.step();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) opt.step();
  return Number(process.hrtime.bigint() - t0) / 1000 / steps;
}

// bench/cases/optim.js (npm run bench) reuses the timing.
module.exports = { timeTorchts };
if (require.main === module) main();

function main() {
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const results = Object.fromEntries(OPTIMIZERS.map((n) => [n, { torchts: [], python: [] }]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const n of OPTIMIZERS) results[n].torchts.push(timeTorchts(n));
    const py = execFileSync('/usr/bin/python3', [path.join(__dirname, 'python', 'optim_step.py'), OPTIMIZERS.join(','), String(STEPS)]).toString();
    for (const line of py.trim().split('\n')) { const [n, us] = line.split(' '); results[n].python.push(Number(us)); }
    process.stderr.write(`round ${r + 1}/${ROUNDS}\n`);
  }
  const rows = OPTIMIZERS.map((n) => {
    const t = median(results[n].torchts), p = median(results[n].python);
    return `| ${n} | ${(t / 1000).toFixed(3)} | ${(p / 1000).toFixed(3)} | ${(t / p).toFixed(2)} |`;
  });
  const table = [
    `optimizer.step() on a 987,210-parameter MLP (784-1000-200-10), ms per step, median of ${ROUNDS} interleaved rounds of ${STEPS} steps;`,
    `${os.cpus().length} cores, 1 intra-op thread, LibTorch ${torch.__libtorch_version__}, Node ${process.version}.`,
    '',
    '| optimizer | torchts | Python PyTorch | torchts / Python |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
  fs.writeFileSync(path.join(__dirname, 'results-optim.md'), table + '\n');
  console.log(table);
}
