'use strict';
// Case 9: the peak extra memory of case 8's torch.save and torch.load (the same programs, run
// again): peak RSS during the call beyond the RSS before it, as a multiple of the data size.
const serialize = require('./serialize');

module.exports = {
  ...serialize,
  id: 9,
  key: 'serialize_memory',
  title: 'torch.save / torch.load, peak extra memory',
  what: 'peak resident memory during the calls of case 8 beyond what the process held before each, as a multiple of the data size (the loaded tensors themselves are 1×)',
  unit: '× data',
  better: 'lower',
  rows: [{ key: 'save_peak', label: 'torch.save, peak extra' }, { key: 'load_peak', label: 'torch.load, peak extra' }],
  notes: () => ['Peak RSS (VmHWM) after resetting it through /proc/self/clear_refs, minus the RSS before the call.'],
};
