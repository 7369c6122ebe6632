#!/usr/bin/env node
// Hostile-input suite: runs the numbered calls of targets.js in child processes (child.js), so a
// crash (signal, abort) or hang (per-call timeout) is charged to the call that caused it, and the
// library's health is checked after every batch. Usage:
//   node scripts/fuzz/run.js [--stride N] [--offset K] [--batch N] [--timeout MS] [--jobs N] [--json FILE]
// Every N-th call from K (default: every 7th) is run; `--stride 1` runs all of them.
// FUZZ_ATEN_EVERY=n takes every n-th aten operator (default 5) into the targets.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHILD = path.join(__dirname, 'child.js');
// Virtual memory cap per child (KiB), so that a hostile size fails to allocate instead of paging:
// the address space a child has once it has loaded the addon (LibTorch 2.x maps more than 1.13),
// plus room for what a case does: a worker thread reserves a V8 heap and code range, and each
// thread that allocates under contention may get its own 64 MB malloc arena (a fixed 2.5 GB cap
// left a worker too little under LibTorch 2.6 on a loaded machine). At least MEMORY_LIMIT_KB.
const MEMORY_LIMIT_KB = 2500000;
const HEADROOM_KB = 1500000;
// A CUDA-enabled LibTorch maps gigabytes of CUDA libraries as it loads (counted in the child's
// address space), and the rest of that build is larger too: 1 GB more (measured with 2.6).
const CUDA_LIBRARY = /\/lib(torch_cuda|torch_cuda_linalg|c10_cuda|cuda|cudart|cublas|cublasLt|cusparse|cufft|curand|cusolver|cudnn|nccl|nvrtc|nvToolsExt|nvJitLink|gloo_cuda|tensorpipe_cuda)[.-][^/]*$/;
const CUDA_EXTRA_KB = 1000000;
const LIBRARY_ROOT = process.env.FUZZ_TORCHTS_ROOT || path.join(__dirname, '..', '..');   // as child.js loads it
function mappedKb(maps, fileFilter = null) {
  let kb = 0;
  for (const line of maps.split('\n')) {
    const [range, , , , , file] = line.trim().split(/\s+/);
    if (range && (fileFilter === null || (file && fileFilter.test(file)))) {
      const [start, end] = range.split('-').map((h) => BigInt('0x' + h));
      kb += Number((end - start) / 1024n);
    }
  }
  return kb;
}
let memoryLimitKb = null;
function memoryLimit() {
  if (memoryLimitKb === null) {
    // A bare child's mappings once it has loaded the addon, as child.js loads it.
    const maps = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(LIBRARY_ROOT)}); process.stdout.write(require('fs').readFileSync('/proc/self/maps', 'utf8'))`],
      { encoding: 'utf8', maxBuffer: 64 << 20 });
    const cudaKb = mappedKb(maps, CUDA_LIBRARY);
    memoryLimitKb = Math.max(MEMORY_LIMIT_KB, mappedKb(maps) + HEADROOM_KB) + (cudaKb > 0 ? CUDA_EXTRA_KB : 0);
  }
  return memoryLimitKb;
}

function childCommand(args, script = CHILD) {
  const quoted = [process.execPath, script, ...args].map((a) => `'${String(a).replace(/'/g, `'\\''`)}'`).join(' ');
  return ['/bin/sh', ['-c', `ulimit -v ${memoryLimit()} 2>/dev/null; exec ${quoted}`]];
}

function caseCount(cwd) {
  const [cmd, argv] = childCommand(['--count']);
  const [count, targets] = execFileSync(cmd, argv, { cwd, encoding: 'utf8' }).trim().split(' ').map(Number);
  return { count, targets };
}

/**
 * Runs one child (`script args`) that reports each call on fd 3 before and after it; resolves with
 * the results, the health report and, when the child died or hung in a call, the call's index.
 */
function runChild({ script = CHILD, args, timeoutMs, cwd }) {
  return new Promise((resolve) => {
    const [cmd, argv] = childCommand(args, script);
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const results = [];
    let inFlight = null;
    let health = null;
    let stderr = '';
    let buffer = '';
    let timer = null;
    let timedOut = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    };
    arm();
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    child.stdio[3].on('data', (d) => {
      buffer += d;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        arm();
        if (msg.start) inFlight = msg;
        else if (msg.kind === 'base') inFlight = null;
        else if (msg.kind) { results.push({ i: msg.i, name: inFlight && inFlight.start, kind: msg.kind, detail: msg.detail }); inFlight = null; }
        else if (msg.health) health = msg;
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let failedAt = null;
      if (inFlight) {
        const kind = timedOut ? 'hang' : 'crash';
        const detail = timedOut ? `no result within ${timeoutMs} ms` : `${signal || `exit ${code}`}: ${stderr.split('\n').filter(Boolean).slice(0, 3).join(' | ')}`;
        results.push({ i: inFlight.i, name: inFlight.start, kind, detail });
        failedAt = inFlight.i;
      } else if (!health) {
        const detail = timedOut ? 'health check hung' : `${signal || `exit ${code}`}: ${stderr.slice(-500)}`;
        health = { health: 'broken', detail };
      }
      resolve({ results, health, failedAt });
    });
  });
}

/** Runs the selected calls; returns { total, counts, failures, broken }. */
async function runFuzz({ stride = 7, offset = 0, batch = 150, timeoutMs = 15000, jobs = 1, limit = Infinity, onBatch } = {}) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-fuzz-'));
  try {
    const { count, targets } = caseCount(cwd);
    const end = Math.min(count, limit === Infinity ? count : offset + limit * stride);
    const ranges = [];
    for (let first = offset; first < end; first += batch * stride) ranges.push([first, Math.min(end, first + batch * stride)]);
    const results = [];
    const broken = [];
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) {
        const [first, rangeEnd] = ranges[next++];
        let start = first;
        while (start < rangeEnd) {
          const r = await runChild({ args: [start, rangeEnd, stride], timeoutMs, cwd });
          results.push(...r.results);
          if (r.health && r.health.health !== 'ok') broken.push({ range: [start, rangeEnd], detail: r.health.detail });
          if (r.failedAt === null) break;
          start = r.failedAt + stride;
        }
        if (onBatch) onBatch(results.length);
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
    results.sort((a, b) => a.i - b.i);
    const counts = {};
    for (const r of results) counts[r.kind] = (counts[r.kind] || 0) + 1;
    const failures = results.filter((r) => r.kind !== 'ok' && r.kind !== 'error');
    return { total: results.length, cases: count, targets, counts, failures, broken };
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * Runs JS snippets (async function bodies, see snippets.js) one after another in child
 * processes; a snippet that crashes or hangs its process is reported and the rest go on in a
 * fresh one. Resolves with one { kind, detail } per snippet: 'ok' with the JSON of its value,
 * 'threw', 'crash' or 'hang'.
 */
async function runSnippets(snippets, { timeoutMs = 20000 } = {}) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-snippets-'));
  try {
    const file = path.join(cwd, 'snippets.json');
    fs.writeFileSync(file, JSON.stringify(snippets));
    const out = [];
    let start = 0;
    while (start < snippets.length) {
      const r = await runChild({ script: path.join(__dirname, 'snippets.js'), args: [file, start], timeoutMs, cwd });
      for (const x of r.results) out[x.i] = { kind: x.kind, detail: x.detail };
      if (r.failedAt === null) break;
      start = r.failedAt + 1;
    }
    return out;
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

module.exports = { runFuzz, runSnippets };

if (require.main === module) {
  const opt = (name, dflt) => {
    const k = process.argv.indexOf(`--${name}`);
    return k > 0 ? process.argv[k + 1] : dflt;
  };
  const started = Date.now();
  runFuzz({
    stride: Number(opt('stride', 7)), offset: Number(opt('offset', 0)), batch: Number(opt('batch', 150)),
    timeoutMs: Number(opt('timeout', 15000)), jobs: Number(opt('jobs', 1)), limit: Number(opt('limit', Infinity)),
    onBatch: (n) => process.stderr.write(`\r${n} calls`),
  }).then((r) => {
    process.stderr.write('\n');
    const json = opt('json', null);
    if (json) fs.writeFileSync(json, JSON.stringify(r, null, 1));
    for (const f of r.failures) console.log(`${f.kind.padEnd(9)} #${f.i} ${f.name}: ${f.detail}`);
    for (const b of r.broken) console.log(`BROKEN after calls ${b.range[0]}..${b.range[1]}: ${b.detail}`);
    console.log(`${r.total} calls over ${r.targets} targets (${r.cases} numbered) in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(r.counts)}; ${r.failures.length} failures, ${r.broken.length} broken batches`);
    process.exit(r.failures.length || r.broken.length ? 1 : 0);
  });
}
