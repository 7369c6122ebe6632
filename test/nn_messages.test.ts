// Constructor argument errors name the class whose __init__ Python runs (often a private base, as
// `_MaxPoolNd.__init__()`), also for user subclasses, and AdaptiveLogSoftmaxWithLoss's errors keep
// Python's tuple form, against PyTorch (scripts/golden/nn_messages.py).
import * as torch from '../lib';
import { GoldenError, loadGolden } from './golden';
import { errorOf } from './helpers';

const nn = torch.nn as any;
const golden = loadGolden('nn_messages');

const expectError = (fn: () => unknown, g: GoldenError, what: string) => {
  const e = errorOf(fn) as Error & { pythonType?: string };
  expect(`${what}: ${e instanceof TypeError ? 'TypeError' : e.pythonType}: ${e.message}`).toBe(`${what}: ${g.type}: ${g.message}`);
};

const CALLS: Record<string, (cls: any) => unknown> = {
  none: (cls) => cls(),
  kw: (cls) => cls({ bogus_kw: 1 }),
  many: (cls) => cls(...Array(20).fill(1)),
};

let warnings: jest.SpyInstance;
beforeEach(() => { warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
afterEach(() => warnings.mockRestore());

test.each(Object.keys(golden.init))('%s: constructor argument errors name Python\'s __init__', (name) => {
  const cases: Record<string, GoldenError> = golden.init[name];
  for (const [kind, g] of Object.entries(cases)) expectError(() => CALLS[kind](nn[name]), g, `${name} ${kind}`);
});

test('a user subclass without a constructor reports its base\'s __init__', () => {
  class MyPool extends nn.MaxPool2d {}
  class MyConv extends nn.Conv2d {}
  class MyNorm extends nn.BatchNorm2d {}
  class Plain extends torch.nn.Module {}
  const g = golden.subclass;
  expectError(() => new (MyPool as any)(), g.MyPool, 'MyPool');
  expectError(() => new (MyConv as any)(), g.MyConv, 'MyConv');
  expectError(() => new (MyNorm as any)({ bogus_kw: 1 }), g.MyNorm, 'MyNorm');
  expectError(() => new (Plain as any)(1), g.Plain, 'Plain');
  expectError(() => new (Plain as any)({ bogus_kw: 1 }), g.Plain_kw, 'Plain kw');
  // A user constructor passing nothing on is fine.
  expect(new Plain()).toBeInstanceOf(torch.nn.Module);
});

test('AdaptiveLogSoftmaxWithLoss: input rank and target errors as PyTorch prints them', () => {
  torch.manual_seed(0);
  const asm = nn.AdaptiveLogSoftmaxWithLoss(4, 10, [2, 6]);
  const g = golden.adaptive;
  const t = (v: unknown) => torch.tensor(v as number[]);
  expectError(() => asm(torch.randn(3, 4, 1), t([1, 2, 3])), g.target_1d_input_3d, '1d target');
  expectError(() => asm(torch.randn(3, 4), t(1 as any)), g.target_0d_input_2d, '0d target');
  expectError(() => asm(torch.randn(3, 4), t([[1, 2, 3]])), g.target_2d, '2d target');
  expectError(() => asm(torch.randn(2, 4), t([1, 2, 3])), g.batch_mismatch, 'batch');
  expectError(() => asm(torch.randn(3, 4), t([1, 12, -1])), g.out_of_range, 'range');
  expectError(() => nn.AdaptiveLogSoftmaxWithLoss(4, 10, []), g.empty_cutoffs, 'empty cutoffs');
  expectError(() => nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3, 3]), g.bad_cutoffs, 'bad cutoffs');
});
