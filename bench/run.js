#!/usr/bin/env node
'use strict';
// `npm run bench`: every case in bench/cases/ in torchts, Python PyTorch on the same LibTorch
// (bench/python/), a C++ LibTorch program (bench/cpp/, the zero-overhead floor, built here into
// bench/out/) and @tensorflow/tfjs (pure-JS CPU and WebAssembly backends), interleaved: each round
// runs every implementation of every case, each in a fresh process, in an order rotated per
// round. Figures are medians over the rounds. Writes bench/results.md and bench/results.svg.
//
// Usage: node bench/run.js [--quick] [--cases 1,3|ops,train_a] [--rounds N] [--impls torchts,python,...]
//   --quick   fewer rounds (2), shorter loops and a 6k-step memory series: a smoke run (~3 min)
//   --cases   run only these cases (ids or keys; see bench/cases/)
//   --rounds  rounds per timing case (default 5; quick 2)
//   --impls   run only these implementations
//   --out DIR write results.md/results.svg there instead of bench/
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const common = require('./lib/common');
const { BENCH, PYTHON, CHILD_ENV, parseLines, buildCpp } = common;
const report = require('./lib/report');

const ALL_IMPLS = ['torchts', 'python', 'cpp', 'tfjs-wasm', 'tfjs-cpu'];
const CASE_FILES = ['ops', 'gemm', 'train_a', 'train_bn', 'optim', 'dataloader', 'memory', 'serialize', 'serialize_memory', 'server', 'ddp', 'lstm', 'transformer'];

function parseArgs(argv) {
  const o = { quick: false, rounds: null, cases: null, impls: null, out: BENCH };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    if (a === '--quick') o.quick = true;
    else if (a === '--rounds') o.rounds = Number(val());
    else if (a.startsWith('--rounds=')) o.rounds = Number(a.slice(9));
    else if (a === '--cases') o.cases = val().split(',');
    else if (a.startsWith('--cases=')) o.cases = a.slice(8).split(',');
    else if (a === '--impls') o.impls = val().split(',');
    else if (a.startsWith('--impls=')) o.impls = a.slice(8).split(',');
    else if (a === '--out') o.out = path.resolve(val());
    else if (a === '-h' || a === '--help') { console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(8, 15).map((l) => l.replace(/^\/\/ ?/, '')).join('\n')); process.exit(0); }
    else throw new Error(`unknown option ${a} (see --help)`);
  }
  if (o.rounds === null) o.rounds = o.quick ? 2 : 5;
  if (!(o.rounds >= 1)) throw new Error('--rounds must be a positive integer');
  return o;
}

const log = (s) => process.stderr.write(s);
const fmtS = (s) => (s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`);

function sh(cmd, args) {
  try { return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 }).toString().trim(); } catch { return null; }
}

/** The machine and software every figure was measured on. */
function environment(torch) {
  const maps = fs.readFileSync('/proc/self/maps', 'utf8').split('\n').map((l) => l.split(/\s+/).pop());
  const libs = [...new Set(maps.filter((p) => /blas|lapack|mkl|gomp/.test(p || '')))];
  const blasLib = libs.find((p) => /openblas/.test(p)) || libs.find((p) => /blas/.test(p)) || 'unknown';
  const blasPkg = (sh('dpkg', ['-S', libs.find((p) => /libblas/.test(p)) || blasLib]) || '').split(':')[0];
  const blasVersion = blasPkg ? sh('dpkg-query', ['-W', '-f', '${Version}', blasPkg]) : null;
  const torchPkg = (sh('dpkg', ['-S', fs.realpathSync('/usr/lib/x86_64-linux-gnu/libtorch_cpu.so')]) || '').split(':')[0];
  const py = (sh(PYTHON, ['-c', 'import sys, torch; print(sys.version.split()[0], torch.__version__)']) || '? ?').split(' ');
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0].model.trim(),
    memGiB: (os.totalmem() / 2 ** 30).toFixed(0),
    kernel: os.release(),
    libtorch: torch.__libtorch_version__,
    libtorchPkg: torchPkg ? `${torchPkg} ${sh('dpkg-query', ['-W', '-f', '${Version}', torchPkg]) || ''}`.trim() : null,
    blas: blasPkg ? `${blasPkg} ${blasVersion || ''}`.trim() : path.basename(blasLib),
    blasLib,
    node: process.version,
    python: py[0],
    pythonTorch: py[1],
    tfjs: require('./lib/tfjs').tfVersion(),
    gxx: (sh('g++', ['--version']) || '').split('\n')[0],
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** A note when lib/ has sources newer than dist/ (the benchmark measures the built code). */
function staleDist() {
  const newest = (dir) => {
    let t = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) t = Math.max(t, newest(p));
      else if (e.name.endsWith('.ts')) t = Math.max(t, fs.statSync(p).mtimeMs);
    }
    return t;
  };
  try {
    const built = fs.statSync(path.join(common.ROOT, 'dist', 'index.js')).mtimeMs;
    if (newest(path.join(common.ROOT, 'lib')) > built) return 'lib/ has changes newer than dist/ (`npm run build` first): the torchts figures are for the code built in dist/.';
  } catch { /* no lib/ or dist/: loading torchts reports it */ }
  return null;
}

/** Runs one implementation of one case (one or more processes); returns {key: value} or throws. */
function runImpl(c, impl, settings, timeoutS) {
  const cmds = c.commands(impl, settings) || [{ cmd: process.execPath, args: [path.join(BENCH, 'worker.js'), c.key, impl, JSON.stringify(settings)] }];
  const out = {};
  for (const { cmd, args, parse } of cmds) {
    const r = spawnSync(cmd, args, { cwd: common.ROOT, env: CHILD_ENV, encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 64 << 20 });
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}`;
      throw new Error(`${path.basename(cmd)} ${args.map((a) => path.basename(a)).join(' ').slice(0, 80)}: ${why}\n${(r.stderr || '').trim().split('\n').slice(-5).join('\n')}`);
    }
    Object.assign(out, parse ? parse(r.stdout) : parseLines(r.stdout));
  }
  return out;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  let torch;
  try {
    torch = require('..');
    require('../dist/vision');
  } catch (e) {
    throw new Error(`cannot load torchts from dist/ (run \`npm run build\` first): ${e.message}`);
  }
  common.checkFmnist();
  let cases = CASE_FILES.map((f) => require(`./cases/${f}`));
  if (opts.cases) {
    const want = new Set(opts.cases.map(String));
    cases = cases.filter((c) => want.has(String(c.id)) || want.has(c.key));
    if (cases.length === 0) throw new Error(`no case matches --cases ${opts.cases.join(',')}`);
  }
  const notes = [];
  let impls = opts.impls || ALL_IMPLS;
  if (impls.some((i) => i.startsWith('tfjs')) && !require('./lib/tfjs').tfVersion()) {
    notes.push('@tensorflow/tfjs is not installed (npm install): tfjs columns skipped.');
    impls = impls.filter((i) => !i.startsWith('tfjs'));
  }
  const stale = staleDist();
  if (stale) {
    notes.push(stale);
    log(`warning: ${stale}\n`);
  }
  const env = environment(torch);
  log(`torchts bench: ${cases.map((c) => c.key).join(', ')}; ${opts.rounds} round(s)${opts.quick ? ', quick' : ''}; ${env.cores} cores, LibTorch ${env.libtorch}, ${env.blas}\n`);

  for (const name of new Set(cases.flatMap((c) => (impls.includes('cpp') ? c.cpp || [] : [])))) buildCpp(name, log);

  const implsOf = (c) => (c.impls || ALL_IMPLS).filter((i) => impls.includes(i));
  const results = {}; // results[case][row][impl] = [value per round]
  const errors = [];
  const record = (c, impl, values) => {
    for (const [k, v] of Object.entries(values)) {
      ((results[c.key] ??= {})[k] ??= {});
      (results[c.key][k][impl] ??= []).push(v);
    }
  };
  const timed = cases.filter((c) => !c.series);
  for (let r = 0; r < opts.rounds && timed.length; r++) {
    const tr = Date.now();
    for (const c of timed) {
      const list = implsOf(c);
      const order = list.map((_, i) => list[(i + r) % list.length]);
      const parts = [];
      for (const impl of order) {
        const ti = Date.now();
        try {
          record(c, impl, runImpl(c, impl, c.settings(opts.quick), 600));
          parts.push(`${impl} ${fmtS((Date.now() - ti) / 1000)}`);
        } catch (e) {
          errors.push(`round ${r + 1}, ${c.key}, ${impl}: ${e.message}`);
          parts.push(`${impl} FAILED`);
        }
      }
      log(`[round ${r + 1}/${opts.rounds}] ${c.key}: ${parts.join(', ')}\n`);
    }
    log(`[round ${r + 1}/${opts.rounds}] done in ${fmtS((Date.now() - tr) / 1000)} (total ${fmtS((Date.now() - t0) / 1000)})\n`);
  }
  for (const c of cases.filter((x) => x.series)) {
    for (const impl of implsOf(c)) {
      const ti = Date.now();
      try {
        record(c, impl, runImpl(c, impl, c.settings(opts.quick), 900));
        log(`[series] ${c.key}: ${impl} ${fmtS((Date.now() - ti) / 1000)}\n`);
      } catch (e) {
        errors.push(`${c.key}, ${impl}: ${e.message}`);
        log(`[series] ${c.key}: ${impl} FAILED\n`);
      }
    }
  }
  for (const e of errors) log(`error: ${e}\n`);

  const runInfo = { ...opts, impls, elapsedS: (Date.now() - t0) / 1000, notes, errors };
  const md = report.markdown(cases, results, env, runInfo);
  const svg = report.svg(cases, results, env, runInfo);
  fs.mkdirSync(opts.out, { recursive: true });
  fs.writeFileSync(path.join(opts.out, 'results.md'), md);
  fs.writeFileSync(path.join(opts.out, 'results.svg'), svg);
  fs.mkdirSync(common.OUT, { recursive: true });
  fs.writeFileSync(path.join(common.OUT, 'results.json'), JSON.stringify({ env, runInfo, results }, null, 1));
  console.log(md);
  log(`wrote ${path.relative(process.cwd(), path.join(opts.out, 'results.md'))} and results.svg in ${fmtS((Date.now() - t0) / 1000)}\n`);
}

try {
  main();
} catch (e) {
  log(`bench: ${e.message}\n`);
  process.exit(1);
}
