#!/usr/bin/env node
// Counts, by name, Python PyTorch's public torch.nn modules, torch.nn.functional functions,
// torch.optim optimizers and Tensor attributes (scripts/api_coverage/python-<release>.json, written
// by scripts/api_coverage/list.py) against what torchts exports (dist/: run `npm run build` first).
//
//   npm run api-coverage [-- --release 1.13] [-- --json]
//
// Names that torchts leaves out on purpose are listed with the reason and not counted as missing;
// "covered" is always out of Python's full count.
'use strict';
const fs = require('fs');
const path = require('path');

/** Names left out on purpose, by area: reason -> names. */
const LEFT_OUT = {
  functional: {
    'typing re-exports of functional.py, not functions of the API': ['Callable', 'List', 'Optional', 'Tuple', 'Union'],
    "Python's __torch_function__ and overload machinery (no Tensor subclass dispatch in TS)": [
      'boolean_dispatch', 'handle_torch_function', 'has_torch_function', 'has_torch_function_unary', 'has_torch_function_variadic',
    ],
    'internal argument check of functional.py': ['assert_int_or_pair'],
  },
  nn: {
    'deprecated alias of Module, kept by PyTorch for old code only': ['Container'],
    'single-process multi-GPU threading; torchts scales out with distributed data parallel instead': ['DataParallel'],
  },
  optim: {},
  tensor: {
    'quantized tensors (torchts has no quantized dtypes)': [
      'dequantize', 'int_repr', 'q_per_channel_axis', 'q_per_channel_scales', 'q_per_channel_zero_points', 'q_scale', 'q_zero_point', 'qscheme',
    ],
    'compressed sparse layouts (COO sparse tensors, such as a sparse gradient, are supported)': [
      'ccol_indices', 'col_indices', 'crow_indices', 'resize_as_sparse_', 'row_indices', 'smm', 'sparse_resize_', 'sparse_resize_and_clear_',
      'sspaddmm', 'to_sparse_bsc', 'to_sparse_bsr', 'to_sparse_csc', 'to_sparse_csr',
    ],
    'named tensors (a prototype API in PyTorch)': ['align_as', 'align_to', 'has_names', 'names', 'refine_names', 'rename', 'rename_'],
    'no meaning in JS (NumPy arrays, storages, shared memory between Python processes, CUDA stream bookkeeping)': [
      'numpy', 'record_stream', 'share_memory_', 'storage', 'storage_type',
    ],
  },
};

const AREAS = [
  ['nn', 'torch.nn modules', (torch) => torch.nn],
  ['functional', 'torch.nn.functional', (torch) => torch.nn.functional],
  ['optim', 'torch.optim optimizers', (torch) => torch.optim],
  ['tensor', 'Tensor attributes and methods', (torch) => torch.Tensor.prototype],
];

function coverage(python, torch) {
  return AREAS.map(([key, title, where]) => {
    const names = python[key];
    const target = where(torch);
    const reasons = LEFT_OUT[key];
    const leftOut = new Map();
    for (const [reason, list] of Object.entries(reasons)) for (const n of list) leftOut.set(n, reason);
    const covered = names.filter((n) => n in target);
    const skipped = names.filter((n) => !(n in target) && leftOut.has(n));
    const missing = names.filter((n) => !(n in target) && !leftOut.has(n));
    const leftOutGroups = Object.entries(reasons)
      .map(([reason, list]) => ({ reason, names: list.filter((n) => skipped.includes(n)) }))
      .filter((g) => g.names.length > 0);
    return { key, title, total: names.length, covered: covered.length, missing, leftOut: leftOutGroups };
  });
}

function main(argv) {
  const at = argv.indexOf('--release');
  const release = at >= 0 ? argv[at + 1] : '1.13';
  const file = path.join(__dirname, 'api_coverage', `python-${release}.json`);
  const python = JSON.parse(fs.readFileSync(file, 'utf8'));
  const torch = require(path.join(__dirname, '..', 'dist'));
  const areas = coverage(python, torch);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ torch_version: python.torch_version, areas }, null, 1)}\n`);
    return;
  }
  console.log(`API coverage against Python PyTorch ${python.torch_version} (by name)`);
  for (const a of areas) {
    const skipped = a.leftOut.reduce((s, g) => s + g.names.length, 0);
    console.log(`\n${a.title}: ${a.covered} of ${a.total} (left out ${skipped}, missing ${a.missing.length})`);
    if (a.missing.length) console.log(`  missing: ${a.missing.join(', ')}`);
    for (const g of a.leftOut) console.log(`  left out, ${g.reason}: ${g.names.join(', ')}`);
  }
}

if (require.main === module) main(process.argv.slice(2));
module.exports = { coverage, LEFT_OUT };
