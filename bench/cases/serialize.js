'use strict';
// Case 8: torch.save + torch.load of a ~1 GiB state dict (one 512 MiB float32 tensor and 512 of
// 1 MiB) to a file in the OS temp directory and back, MB/s of tensor data (1e6 bytes). torchts
// and Python (bench/python/serialize.py) each in a fresh process; the file is read back right
// after it is written, so both load from the page cache; three times per process, medians.
// Case 9 (serialize_memory.js) runs the same programs for their memory figures.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { BENCH, PYTHON, median, rssBytes } = require('../lib/common');

const LARGE = 128 << 20; // float32 elements: 512 MiB
const SMALL = 256 << 10; // float32 elements: 1 MiB each
const COUNT = 512;

function peakBytes() {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return Number(m[1]) * 1024;
}
/** Resets the kernel's peak-RSS counter (VmHWM) to the current RSS. */
const resetPeak = () => fs.writeFileSync('/proc/self/clear_refs', '5');

function torchts(s) {
  const torch = require('../..');
  torch.set_num_threads(1);
  torch.manual_seed(0);
  const sd = { large: torch.randn(LARGE) };
  for (let i = 0; i < COUNT; i++) sd[`layer${i}.weight`] = torch.randn(SMALL);
  const nbytes = Object.values(sd).reduce((n, t) => n + t.numel() * t.element_size(), 0);
  const file = path.join(os.tmpdir(), `torchts-${process.pid}.pt`);
  const save = [], load = [], savePeak = [], loadPeak = [];
  try {
    for (let rep = 0; rep < s.reps; rep++) {
      resetPeak();
      let before = rssBytes();
      let t0 = process.hrtime.bigint();
      torch.save(sd, file);
      save.push(nbytes / (Number(process.hrtime.bigint() - t0) / 1e9) / 1e6);
      savePeak.push((peakBytes() - before) / nbytes);
      resetPeak();
      before = rssBytes();
      t0 = process.hrtime.bigint();
      const back = torch.load(file);
      load.push(nbytes / (Number(process.hrtime.bigint() - t0) / 1e9) / 1e6);
      loadPeak.push((peakBytes() - before) / nbytes);
      if (back.large.numel() !== LARGE) throw new Error('loaded the wrong tensor');
      for (const t of Object.values(back)) t.dispose();
      torch.collect(); // the storages the views held go with their holders
      fs.rmSync(file, { force: true });
    }
    return { save_mbs: median(save), load_mbs: median(load), save_peak: Math.max(...savePeak), load_peak: Math.max(...loadPeak) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

module.exports = {
  id: 8,
  key: 'serialize',
  title: 'torch.save / torch.load, 1 GiB state dict',
  what: '`torch.save(sd, path)` then `torch.load(path)` of a state dict of one 512 MiB float32 tensor and 512 tensors of 1 MiB, MB/s of tensor data',
  unit: 'MB/s',
  better: 'higher',
  rows: [{ key: 'save_mbs', label: 'torch.save, 1 GiB' }, { key: 'load_mbs', label: 'torch.load, 1 GiB' }],
  notes: () => ['Each process saves to the OS temp directory and loads the file straight back (from the page cache), then deletes it; three times (once with --quick), the median reported. torchts writes storages from native memory and reads them into fresh storages with no JS copy; like PyTorch, neither checks storage CRCs on load.'],
  impls: ['torchts', 'python'],
  // Each process saves and loads `reps` times: the medians (and the largest peaks) are reported, so
  // one slow first write to the page cache does not decide the figure.
  settings: (quick) => ({ reps: quick ? 1 : 3 }),
  commands(impl, s) {
    if (impl === 'python') return [{ cmd: PYTHON, args: [path.join(BENCH, 'python', 'serialize.py'), os.tmpdir(), String(s.reps)] }];
    return null;
  },
  js: { torchts },
};
