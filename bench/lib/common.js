'use strict';
// Shared helpers for bench/run.js, bench/worker.js and the cases: statistics, timing, the
// Fashion-MNIST files, the environment every benchmark process runs in, the C++ build.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const BENCH = path.resolve(__dirname, '..');
const ROOT = path.resolve(BENCH, '..');
const OUT = path.join(BENCH, 'out');
const PYTHON = '/usr/bin/python3'; // Debian's python3-torch: the same LibTorch as torchts
const FMNIST_DIR = path.join(process.env.TORCHTS_DATASETS_MIRROR || '/usr/share/datasets', 'fashion-mnist');
const FMNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
};
// The notebook's task A (In [21]): the 8 classes other than T-shirt/top (0) and Pullover (2), relabelled 0..7.
const LABEL_MAP = { 1: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5, 8: 6, 9: 7 };

// One intra-op thread everywhere (set again in every program through its own API).
const CHILD_ENV = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', TF_CPP_MIN_LOG_LEVEL: '3' };

// Callgrind region marks (bench/callgrind/marks.h): under bench/instructions.js only the timed loops
// between start() and stop() are counted; otherwise both do nothing.
const marks = process.env.BENCH_CALLGRIND_MARKS ? require(process.env.BENCH_CALLGRIND_MARKS) : { start() {}, stop() {} };

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const now = () => process.hrtime.bigint();
const secondsSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

/** "key value" lines (the protocol every benchmark program prints) -> {key: number}. */
function parseLines(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^(\S+) (-?[0-9.eE+-]+|nan|NaN)\s*$/.exec(line.trim());
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** Resident set size of this process in bytes (/proc, like Python's and C++'s measurement). */
function rssBytes() {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

/** Reads a (gzipped) IDX file into {dims, data: Uint8Array}. */
function readIdx(file) {
  let buf = fs.readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
  const nd = buf[3];
  const dims = [];
  for (let i = 0; i < nd; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  const off = 4 + 4 * nd;
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + off, buf.length - off) };
}

/** A root folder for torchvision-style datasets whose FashionMNIST/raw is Debian's folder itself (no copy). */
function fmnistRoot() {
  const root = path.join(OUT, 'datasets');
  const raw = path.join(root, 'FashionMNIST', 'raw');
  let ok = false;
  try { ok = fs.realpathSync(raw) === fs.realpathSync(FMNIST_DIR); } catch { /* missing */ }
  if (!ok) {
    fs.mkdirSync(path.dirname(raw), { recursive: true });
    try { fs.rmSync(raw, { recursive: true, force: true }); } catch { /* none */ }
    fs.symlinkSync(FMNIST_DIR, raw, 'dir');
  }
  return root;
}

function checkFmnist() {
  for (const f of Object.values(FMNIST_FILES)) {
    if (!fs.existsSync(path.join(FMNIST_DIR, f))) {
      throw new Error(`Fashion-MNIST file ${path.join(FMNIST_DIR, f)} is missing: apt-get install dataset-fashion-mnist`);
    }
  }
}

function findLibTorchFlags() {
  const find = (flag) => execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'find-libtorch.js'), flag]).toString().trim();
  return {
    cxx: find('--cxx-flags').split(' ').filter(Boolean),
    inc: find('--include-dirs').split(' ').filter(Boolean).map((d) => `-I${d}`),
    libs: find('--libs').split(' ').filter(Boolean),
  };
}

/** Builds bench/cpp/<name>.cc into bench/out/<name> with g++ and find-libtorch's flags (if stale). */
function buildCpp(name, log = (s) => process.stderr.write(s)) {
  const src = path.join(BENCH, 'cpp', `${name}.cc`);
  const out = path.join(OUT, name);
  const deps = [src];
  if (fs.readFileSync(src, 'utf8').includes('#include "common.h"')) deps.push(path.join(BENCH, 'cpp', 'common.h'));
  if (fs.existsSync(out) && deps.every((d) => fs.statSync(out).mtimeMs > fs.statSync(d).mtimeMs)) return out;
  fs.mkdirSync(OUT, { recursive: true });
  const f = findLibTorchFlags();
  log(`building bench/out/${name} (g++ -O2) ...\n`);
  const t0 = now();
  execFileSync('g++', ['-O2', ...f.cxx, ...f.inc, src, '-o', out, ...f.libs, '-lz'], { stdio: 'inherit' });
  log(`  built in ${secondsSince(t0).toFixed(0)} s\n`);
  return out;
}

module.exports = {
  BENCH, ROOT, OUT, PYTHON, FMNIST_DIR, FMNIST_FILES, LABEL_MAP, CHILD_ENV, marks,
  median, now, secondsSince, parseLines, rssBytes, readIdx, fmnistRoot, checkFmnist, buildCpp,
};
