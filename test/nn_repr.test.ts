// torch.nn modules print their number arguments as PyTorch does (scripts/golden/nn_repr.py): a
// whole number the caller passes is a Python int (`ELU(alpha=1)`, `Dropout(p=0, ...)`), PyTorch's
// whole-number float defaults stay floats (`ELU(alpha=1.0)`, `LocalResponseNorm(..., k=1.0)`).
import * as torch from '../lib';
import { loadGolden } from './golden';

interface Case { cls: string; args: unknown[]; kwargs: Record<string, unknown>; repr: string }
const golden = loadGolden<{ cases: Case[] }>('nn_repr');
const build = (c: Case): torch.nn.Module => {
  const args = Object.keys(c.kwargs).length > 0 ? [...c.args, { ...c.kwargs }] : c.args;
  return (torch.nn as any)[c.cls](...args);
};

test.each(golden.cases.map((c) => [`${c.cls}(${c.args.map((a) => JSON.stringify(a)).join(', ')}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ''})`, c] as const))(
  '%s', (_name, c) => {
    expect(String(build(c))).toBe(c.repr);
  });

test('a deep copy keeps which numbers are float defaults; a number assigned later prints as itself', () => {
  const elu = torch.nn.ELU();
  expect(String(torch.deepcopy(elu))).toBe('ELU(alpha=1.0)');
  elu.alpha = 2;
  expect(String(elu)).toBe('ELU(alpha=2)');
});
