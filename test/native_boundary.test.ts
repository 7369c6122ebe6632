// The native boundary: every fast path of the op table exists natively (ops_table.h and
// lib/ops/table.ts are generated from scripts/ops.js), and optimizer steps read each param
// group's hyper-parameters by name, with errors that name a missing or invalid one.
import * as torch from '../lib';
import { native } from '../lib/native';
import { UNARY, UNARY_KERNELS, UNARY_PURE, UNARY_PURE_KERNELS, BINARY, BINARY_TENSOR } from '../lib/ops/table';

describe('op table', () => {
  test('every fast path in the table is a native function, in-place forms included', () => {
    const withInplace = (names: readonly string[]) => names.flatMap((n) => [n, `${n}_`]);
    const names = [...withInplace([...UNARY, ...UNARY_KERNELS, ...BINARY]), ...UNARY_PURE, ...UNARY_PURE_KERNELS, ...BINARY_TENSOR];
    expect(names.filter((n) => typeof (native as unknown as Record<string, unknown>)[n] !== 'function')).toEqual([]);
  });

  test("torch.nn.functional's kernels are not Tensor methods, as in PyTorch", () => {
    const proto = torch.Tensor.prototype as unknown as Record<string, unknown>;
    expect([...UNARY_KERNELS, ...UNARY_PURE_KERNELS].filter((n) => n in proto)).toEqual([]);
  });
});

describe('optimizer steps read hyper-parameters by name', () => {
  const param = () => {
    const w = torch.ones(2, { requires_grad: true });
    w.grad = torch.ones(2);
    return w;
  };

  test('a write to the param group takes effect at the next step', () => {
    const w = param();
    const opt = torch.optim.SGD([w], { lr: 0.5 });
    opt.step();
    expect(w.tolist()).toEqual([0.5, 0.5]);
    opt.param_groups[0].lr = 0.25;
    opt.step();
    expect(w.tolist()).toEqual([0.25, 0.25]);
  });

  test('a missing hyper-parameter is a TypeError naming it', () => {
    const opt = torch.optim.Adam([param()]);
    delete opt.param_groups[0].eps;
    expect(() => opt.step()).toThrow(TypeError);
    expect(() => opt.step()).toThrow("Adam: param group has no hyper-parameter 'eps'");
  });

  test('an invalid hyper-parameter is a TypeError naming it and what it must be', () => {
    const sgd = torch.optim.SGD([param()], { lr: 0.1, momentum: 0.9 });
    sgd.param_groups[0].momentum = '0.9';
    expect(() => sgd.step()).toThrow("SGD: hyper-parameter 'momentum' must be a number but received '0.9' of type string");
    sgd.param_groups[0].momentum = 0.9;
    sgd.param_groups[0].nesterov = 'yes';
    expect(() => sgd.step()).toThrow("SGD: hyper-parameter 'nesterov' must be a boolean but received 'yes' of type string");
    const adam = torch.optim.AdamW([param()]);
    adam.param_groups[0].betas = [0.9];
    expect(() => adam.step()).toThrow(/^AdamW: hyper-parameter 'betas' must be a pair of numbers but received /);
  });

  test('an unknown optimizer kind is a RangeError', () => {
    expect(() => native.optimizerStep('SDG' as 'SGD', [], [], {})).toThrow(RangeError);
    expect(() => native.optimizerStep('SDG' as 'SGD', [], [], {})).toThrow("optimizerStep: unknown optimizer kind 'SDG'");
  });
});
