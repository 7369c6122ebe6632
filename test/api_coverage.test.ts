// scripts/api-coverage.js counted against the library itself: the committed Python name lists are
// consistent with the left-out lists, and torch.nn / torch.nn.functional reach their targets.
import * as torch from '../lib';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { coverage, LEFT_OUT } = require('../scripts/api-coverage.js');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const python = require('../scripts/api_coverage/python-1.13.json');

const areas: any[] = coverage(python, torch);
const area = (key: string) => areas.find((a) => a.key === key);

test('every name left out on purpose is a Python name of its area', () => {
  for (const [key, reasons] of Object.entries(LEFT_OUT) as [string, Record<string, string[]>][]) {
    for (const names of Object.values(reasons)) for (const n of names) expect([key, python[key].includes(n)]).toEqual([key, true]);
  }
});

test('the Python side lists what PyTorch 1.13 has', () => {
  expect(python.torch_version).toMatch(/^1\.13/);
  expect([python.nn.length, python.functional.length, python.optim.length, python.tensor.length]).toEqual([155, 136, 14, 596]);
  expect(python.nn).toContain('LazyLinear');
  expect(python.functional).toContain('grid_sample');
});

test('torch.nn modules: at least 150 of 155, nothing missing', () => {
  expect(area('nn').covered).toBeGreaterThanOrEqual(150);
  expect(area('nn').missing).toEqual([]);
});

test('torch.nn.functional: at least 125 of 136, nothing missing', () => {
  expect(area('functional').covered).toBeGreaterThanOrEqual(125);
  expect(area('functional').missing).toEqual([]);
});
