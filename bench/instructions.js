#!/usr/bin/env node
'use strict';
// Instructions per op and per training step (valgrind --tool=callgrind), which unlike wall time
// repeat on a shared machine, for torchts, Python PyTorch (same LibTorch) and the C++ floor. Each
// program counts only its timed loops (callgrind client requests, bench/callgrind/marks.h), so
// start-up, data loading and warm-up are excluded. torchts runs twice and keeps the lower count:
// V8 sometimes re-tiers the loop's code mid-run. Writes bench/results-instructions.md.
// Usage: node bench/instructions.js [--ops-only]
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { OPS_PER_CALL, buildFloor } = require('./ops');
const { BENCH, OUT, PYTHON, CHILD_ENV, buildCpp } = require('./lib/common');

const OP_CASES = ['add10', 'relu10', 'matmul8', 'chain10'];
const OPS_COUNTED = 100000;          // ops per case (chain10: 10,000 calls of 10 ops)
const TRAIN = { steps: 100, warmup: 50 };
const BN = { steps: { bn32: 60, bn256: 20 }, warmup: { bn32: 30, bn256: 10 } };

function buildTools() {
  fs.mkdirSync(OUT, { recursive: true });
  const nodeInclude = [path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node'), '/usr/include/node']
    .find((d) => fs.existsSync(path.join(d, 'node_api.h')));
  if (!nodeInclude) throw new Error('node_api.h not found (Node.js headers)');
  const cc = (compiler, args) => execFileSync(compiler, ['-O2', '-shared', '-fPIC', ...args], { stdio: 'inherit' });
  cc('gcc', [`-I${nodeInclude}`, path.join(BENCH, 'callgrind', 'marks_node.c'), '-o', path.join(OUT, 'marks_node.node')]);
  cc('gcc', [path.join(BENCH, 'callgrind', 'marks_py.c'), '-o', path.join(OUT, 'marks_py.so')]);
  cc('g++', [path.join(BENCH, 'callgrind', 'rdtscp_shim.cc'), '-o', path.join(OUT, 'rdtscp_shim.so')]);
}

// Instructions in each marked region of one run, in order.
function regions(cmd, args) {
  const base = path.join(os.tmpdir(), `torchts-callgrind-${process.pid}`);
  const env = {
    ...CHILD_ENV,
    LD_PRELOAD: path.join(OUT, 'rdtscp_shim.so'),
    BENCH_CALLGRIND_MARKS: path.join(OUT, 'marks_node.node'),
    BENCH_CALLGRIND_MARKS_PY: path.join(OUT, 'marks_py.so'),
  };
  const r = spawnSync('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${base}`, cmd, ...args], { env, encoding: 'utf8' });
  // Each stop() dumps one file: base.1, base.2, ...; the final dump at exit is `base` itself.
  const totals = [];
  for (let k = 1; fs.existsSync(`${base}.${k}`); k++) {
    const m = /^totals: (\d+)/m.exec(fs.readFileSync(`${base}.${k}`, 'utf8'));
    totals.push(m ? Number(m[1]) : NaN);
    fs.unlinkSync(`${base}.${k}`);
  }
  if (fs.existsSync(base)) fs.unlinkSync(base);
  if (r.status !== 0 || totals.length === 0) throw new Error(`callgrind run failed: ${cmd} ${args.join(' ')}\n${(r.stderr || '').slice(-2000)}`);
  return totals;
}

const minOfTwo = (run) => { const a = run(), b = run(); return a.map((v, i) => Math.min(v, b[i])); };
const nodeEval = (code) => [process.execPath, ['-e', code]];

function opRows(floor) {
  return OP_CASES.map((c) => {
    const ops = OPS_PER_CALL[c] || 1;
    const n = Math.round(OPS_COUNTED / ops);
    const [cmd, args] = nodeEval(`require(${JSON.stringify(path.join(BENCH, 'ops'))}).timeTorchts(${JSON.stringify(c)}, ${n})`);
    const per = (totals) => totals[0] / n / ops;
    return {
      label: c,
      torchts: per(minOfTwo(() => regions(cmd, args))),
      python: per(regions(PYTHON, [path.join(BENCH, 'python', 'ops.py'), c, String(n)])),
      cpp: per(regions(floor, [c, String(n)])),
    };
  });
}

function trainRows(train) {
  const py = (c, steps, warmup) => regions(PYTHON, [path.join(BENCH, 'python', 'train.py'), c, String(steps), String(warmup)])[0] / steps;
  const cpp = (c, steps, warmup) => regions(train, [c, String(steps), String(warmup)])[0] / steps;
  const jsCase = (key, settings) => nodeEval(`require(${JSON.stringify(path.join(BENCH, 'cases', key))}).js.torchts(${JSON.stringify(settings)})`);
  // train_a's torchts run marks only its pre-loaded loop; train_bn's marks bn32, then bn256.
  const a = minOfTwo(() => regions(...jsCase('train_a', TRAIN)));
  const bn = minOfTwo(() => regions(...jsCase('train_bn', { ...BN, tfSteps: {} })));
  return [
    { label: 'model A step, pre-loaded', torchts: a[0] / TRAIN.steps, python: py('a_pre', TRAIN.steps, TRAIN.warmup), cpp: cpp('a_pre', TRAIN.steps, TRAIN.warmup) },
    { label: 'BatchNorm + AdamW step, batch 32', torchts: bn[0] / BN.steps.bn32, python: py('bn32', BN.steps.bn32, BN.warmup.bn32), cpp: cpp('bn32', BN.steps.bn32, BN.warmup.bn32) },
    { label: 'BatchNorm + AdamW step, batch 256', torchts: bn[1] / BN.steps.bn256, python: py('bn256', BN.steps.bn256, BN.warmup.bn256), cpp: cpp('bn256', BN.steps.bn256, BN.warmup.bn256) },
  ];
}

function table(title, rows) {
  const fmt = (v) => Math.round(v).toLocaleString('en-US');
  return [
    title,
    '',
    '| case | torchts | Python PyTorch | C++ LibTorch | torchts / Python | torchts / C++ |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${fmt(r.torchts)} | ${fmt(r.python)} | ${fmt(r.cpp)} | ${(r.torchts / r.python).toFixed(2)} | ${(r.torchts / r.cpp).toFixed(2)} |`),
    '',
  ].join('\n');
}

function main() {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.error('valgrind is not installed (apt-get install valgrind)');
    process.exit(2);
  }
  buildTools();
  const torch = require('..');
  const parts = [`Instructions counted by callgrind in the timed loops only (1 intra-op thread; LibTorch ${torch.__libtorch_version__}, Node ${process.version}).`, ''];
  parts.push(table(`Per op (${OPS_COUNTED.toLocaleString('en-US')} ops after 10% warm-up):`, opRows(buildFloor())));
  if (!process.argv.includes('--ops-only')) {
    parts.push(table(`Per training step (model A: ${TRAIN.steps} steps; BatchNorm: ${BN.steps.bn32} / ${BN.steps.bn256} steps; after warm-up):`, trainRows(buildCpp('train'))));
  }
  const text = parts.join('\n');
  fs.writeFileSync(path.join(BENCH, 'results-instructions.md'), text);
  console.log(text);
}

main();
