'use strict';
// @tensorflow/tfjs with its pure-JS CPU backend or the WebAssembly backend, offline: the .wasm
// binaries ship inside @tensorflow/tfjs-backend-wasm/dist and are loaded from node_modules.
const path = require('path');

async function loadTf(backend) {
  // tfjs prints a hint to install tfjs-node on load; keep the benchmark's output clean.
  const warn = console.warn, log = console.log;
  console.warn = () => {};
  console.log = () => {};
  let tf;
  try {
    tf = require('@tensorflow/tfjs');
    if (backend === 'wasm') {
      const wasm = require('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
      // Node has no wasm threads here (WASM_HAS_MULTITHREAD_SUPPORT is false), so this is 1 thread anyway.
      if (wasm.setThreadsCount) wasm.setThreadsCount(1);
    }
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialize`);
    await tf.ready();
  } finally {
    console.warn = warn;
    console.log = log;
  }
  return tf;
}

function tfVersion() {
  try { return require('@tensorflow/tfjs/package.json').version; } catch { return null; }
}

module.exports = { loadTf, tfVersion };
