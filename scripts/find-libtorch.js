#!/usr/bin/env node
'use strict';
// One resolver for LibTorch, used by CMakeLists.txt, binding.gyp, scripts/prebuild and scripts/setup.
// At run time the addon finds LibTorch through the RPATH those builds record, not through this file.
// Order (docs/architecture.md): LIBTORCH, TORCH_CMAKE_PREFIX, a Python torch, Debian's libtorch-dev.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

function torchConfigDir(prefix) {
  for (const sub of ['share/cmake/Torch', 'lib/cmake/Torch', 'cmake/Torch', 'Torch', '.']) {
    const dir = path.join(prefix, sub);
    if (fs.existsSync(path.join(dir, 'TorchConfig.cmake'))) return dir;
  }
  return null;
}

function pythonTorchPrefix() {
  for (const py of [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean)) {
    try {
      const out = execFileSync(py, ['-c', 'import torch,os;print(torch.utils.cmake_prefix_path);print(os.path.dirname(torch.__file__))'],
        { stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 }).toString().trim().split('\n');
      if (out.length === 2) return { cmakePrefix: out[0], root: out[1] };
    } catch (_) { /* try the next interpreter */ }
  }
  return null;
}

// The C++ standard LibTorch's own headers demand (`#if __cplusplus < 202002L` / `#error`): 1.13 asks
// for C++14, 2.x for C++17, recent 2.x for C++20. torchts itself needs C++17.
const STANDARD_GUARDS = ['ATen/ATen.h', 'c10/macros/Macros.h', 'c10/util/C++17.h'];
function requiredCxxStandard(include) {
  let year = 2017;
  for (const rel of STANDARD_GUARDS) {
    const file = path.join(include, rel);
    if (!fs.existsSync(file)) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/__cplusplus\s*<\s*(\d{4})\d\dL/g)) year = Math.max(year, Number(m[1]));
  }
  return String(year).slice(2);
}

// The CUDA runtime headers a CUDA LibTorch's c10/cuda headers include (cuda.h, cuda_runtime_api.h):
// a CUDA toolkit (CUDA_HOME, CUDA_PATH, /usr/local/cuda), or the nvidia-* wheels next to a Python
// torch. Without them torchts still builds; memory statistics and device properties then need
// LibTorch 2.9's accelerator API or report that they are unavailable (native/cuda.cc).
const CUDA_HEADERS = ['cuda.h', 'cuda_runtime_api.h'];
function cudaIncludeDirs(root) {
  const dirs = [process.env.CUDA_HOME, process.env.CUDA_PATH, '/usr/local/cuda'].filter(Boolean).map((d) => path.join(d, 'include'));
  const wheels = path.join(path.dirname(root), 'nvidia');
  if (fs.existsSync(wheels)) for (const pkg of fs.readdirSync(wheels).sort()) dirs.push(path.join(wheels, pkg, 'include'));
  dirs.push('/usr/include');
  const found = [];
  for (const header of CUDA_HEADERS) {
    const dir = dirs.find((d) => fs.existsSync(path.join(d, header)));
    if (!dir) return null;
    if (!found.includes(dir)) found.push(dir);
  }
  // NCCL's header (libnccl-dev, the nvidia-nccl wheel) lets native/distributed_nccl.cc bind ProcessGroupNCCL.
  const nccl = dirs.find((d) => fs.existsSync(path.join(d, 'nccl.h')));
  if (nccl && !found.includes(nccl)) found.push(nccl);
  return found;
}

/** Returns {source, cmakePrefix, includeDirs, libDir, cuda, cudaRuntimeHeaders, nccl, cxxStandard, cxxFlags} or throws with every attempt listed. */
function findLibTorch() {
  const attempts = [];
  const candidates = [];
  if (process.env.LIBTORCH) candidates.push({ source: 'LIBTORCH', root: process.env.LIBTORCH, cmakePrefix: process.env.LIBTORCH });
  else attempts.push('LIBTORCH is not set');
  if (process.env.TORCH_CMAKE_PREFIX) candidates.push({ source: 'TORCH_CMAKE_PREFIX', cmakePrefix: process.env.TORCH_CMAKE_PREFIX });
  else attempts.push('TORCH_CMAKE_PREFIX is not set');
  if (!process.env.TORCHTS_NO_PYTHON_TORCH) {
    const py = pythonTorchPrefix();
    // Debian's python3-torch shares the system LibTorch; prefer the system layout for it below.
    if (py && !py.root.startsWith('/usr/lib/python3/')) candidates.push({ source: 'python torch', root: py.root, cmakePrefix: py.cmakePrefix });
    else attempts.push(py ? 'python torch is the Debian one (uses the system LibTorch)' : 'no python3 with torch');
  }
  candidates.push({ source: 'system (libtorch-dev)', root: '/usr', cmakePrefix: '/usr/lib/x86_64-linux-gnu/cmake', system: true });

  for (const c of candidates) {
    const configDir = torchConfigDir(c.cmakePrefix);
    if (!configDir) { attempts.push(`${c.source}: no TorchConfig.cmake under ${c.cmakePrefix}`); continue; }
    const config = fs.readFileSync(path.join(configDir, 'TorchConfig.cmake'), 'utf8');
    const abi = /_GLIBCXX_USE_CXX11_ABI=(\d)/.exec(config);
    const root = c.root || path.resolve(configDir, '../../..');
    const libDir = c.system ? '/usr/lib/x86_64-linux-gnu' : path.join(root, 'lib');
    const include = c.system ? '/usr/include' : path.join(root, 'include');
    if (!fs.existsSync(path.join(include, 'ATen/ATen.h'))) { attempts.push(`${c.source}: no ATen headers in ${include}`); continue; }
    const cxxStandard = requiredCxxStandard(include);
    const cuda = fs.existsSync(path.join(libDir, 'libtorch_cuda.so'));
    const cudaInclude = cuda ? cudaIncludeDirs(root) : null;
    return {
      source: c.source,
      cmakePrefix: c.cmakePrefix,
      includeDirs: [include, path.join(include, 'torch/csrc/api/include'), ...(cudaInclude || []).filter((d) => d !== include)],
      libDir,
      cuda,
      cudaRuntimeHeaders: !!cudaInclude,
      // What native/distributed_nccl.cc's feature check needs to bind ProcessGroupNCCL.
      nccl: !!cudaInclude && cudaInclude.some((d) => fs.existsSync(path.join(d, 'nccl.h'))) &&
        fs.existsSync(path.join(include, 'torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp')),
      cxxStandard,
      cxxFlags: [`-std=c++${cxxStandard}`, ...(abi ? [`-D_GLIBCXX_USE_CXX11_ABI=${abi[1]}`] : []), ...(cudaInclude ? ['-DTORCHTS_CUDA_RUNTIME'] : [])],
    };
  }
  const err = new Error('LibTorch not found. Tried:\n  ' + attempts.join('\n  ') +
    '\nInstall it with `bash scripts/setup` (Debian: apt-get install libtorch-dev), or set LIBTORCH to an unpacked LibTorch.');
  err.attempts = attempts;
  throw err;
}

module.exports = { findLibTorch };

if (require.main === module) {
  try {
    const t = findLibTorch();
    const flag = process.argv[2];
    const out = {
      '--cmake-prefix': t.cmakePrefix,
      '--include-dirs': t.includeDirs.join(' '),
      '--lib-dir': t.libDir,
      '--cxx-flags': t.cxxFlags.join(' '),
      '--cxx-standard': t.cxxStandard,
      '--cuda': String(t.cuda),
      '--libs': ['-L' + t.libDir, '-Wl,-rpath,' + t.libDir, ...(t.cuda ? ['-Wl,--no-as-needed', '-ltorch_cuda', '-lc10_cuda', '-Wl,--as-needed'] : []), '-ltorch', '-ltorch_cpu', '-lc10'].join(' '),
    }[flag];
    process.stdout.write(out !== undefined ? out + '\n' : JSON.stringify(t, null, 2) + '\n');
  } catch (e) {
    process.stdout.write(e.message + '\n');
    process.exit(1);
  }
}
