// torch.ops.aten.<name>[.<overload>](...): the generic dispatcher path, against PyTorch 1.13
// (fixture group `dispatcher` in test/golden/ops.json) plus overload resolution and its errors.
import * as torch from '../lib';
import { casesOf, checkCase, KNOWN_BUGS } from './helpers';

const cases = casesOf('dispatcher').filter((c) => !KNOWN_BUGS.has(`dispatcher/${c.name}`));

describe('torch.ops.aten matches PyTorch', () => {
  test('fixture has the dispatcher cases', () => expect(cases.length).toBeGreaterThan(20));
  for (const c of cases) test(c.name, () => checkCase(c));
});

describe('overload resolution', () => {
  const x = torch.tensor([[1, 5, 2], [7, 0, 3]], { dtype: torch.float32 });

  test('hardswish through the default overload', () => {
    const y = torch.ops.aten.hardswish(torch.tensor([-4, -1, 0, 1, 4], { dtype: torch.float32 }));
    expect(y.tolist()).toEqual([-0, -1 / 3, 0, 2 / 3, 4].map((v) => Math.fround(v)));
  });

  test('add.Tensor with alpha as a keyword', () => {
    const r = torch.ops.aten.add.Tensor(torch.tensor([1, 2]), torch.tensor([10, 20]), { alpha: 2 });
    expect(r.tolist()).toEqual([21, 42]);
    expect(r.dtype).toBe(torch.int64);
  });

  test('sum with a dim list picks dim_IntList', () => {
    expect(torch.ops.aten.sum(x, [0, 1]).item()).toBe(18);
    expect(torch.ops.aten.sum(x, [1], true).shape).toEqual([2, 1]);
    expect(torch.ops.aten.sum(x).item()).toBe(18);
  });

  test('max with a dim returns values and indices; max.other is elementwise', () => {
    const r = torch.ops.aten.max(x, 1);
    expect(Array.isArray(r)).toBe(true);
    expect(r).toHaveLength(2);
    expect(r[0].tolist()).toEqual([5, 7]);
    expect(r[1].tolist()).toEqual([1, 0]);
    expect(r[1].dtype).toBe(torch.int64);
    expect(torch.ops.aten.max(x).item()).toBe(7);
    expect(torch.ops.aten.max.other(x, torch.full([2, 3], 4.5)).tolist()).toEqual([[4.5, 5, 4.5], [7, 4.5, 4.5]]);
  });

  test('Tensor.max(dim) is a named tuple (values/indices)', () => {
    const r = x.max(1);
    expect(r.values.tolist()).toEqual([5, 7]);
    expect(r.indices.tolist()).toEqual([1, 0]);
    const [v, i] = x.min(0);
    expect(v.tolist()).toEqual([1, 0, 2]);
    expect(i.tolist()).toEqual([0, 1, 0]);
  });

  test('the default overload by name and `.default`', () => {
    expect(torch.ops.aten.neg.default(torch.tensor([1, -2])).tolist()).toEqual([-1, 2]);
  });

  test('scalar-returning and list-returning ops', () => {
    expect(torch.ops.aten.is_nonzero(torch.tensor([3]))).toBe(true);
    const parts = torch.ops.aten.split_with_sizes(torch.arange(5), [2, 3]);
    expect(parts.map((t: torch.Tensor) => t.tolist())).toEqual([[0, 1], [2, 3, 4]]);
  });

  test('an in-place op returns the same JS object', () => {
    const t = torch.zeros(3);
    expect(torch.ops.aten.add_.Scalar(t, 2)).toBe(t);
    expect(t.tolist()).toEqual([2, 2, 2]);
  });

  test('dtype keyword reaches ATen', () => {
    expect(torch.ops.aten.zeros([2], { dtype: torch.float64 }).dtype).toBe(torch.float64);
    expect(torch.ops.aten.ones([1], { dtype: torch.bool }).tolist()).toEqual([true]);
  });
});

describe('dispatcher errors', () => {
  test('unknown operator', () => {
    expect(() => (torch.ops.aten as any).definitely_not_an_op(torch.ones(1))).toThrow(TypeError);
    expect(() => (torch.ops.aten as any).definitely_not_an_op).toThrow('No such operator aten::definitely_not_an_op');
  });

  test('the native group and call entry points reject bad ids instead of crashing', () => {
    const { native } = require('../lib/native');
    expect(() => native.opGroup(['x'])).toThrow('opGroup(ids): ids must be numbers');
    expect(() => native.opGroup([1e9])).toThrow('unknown op id');
    expect(() => native.callOp(-1, null, torch.ones(1))).toThrow('unknown op group');
  });

  test('unknown overload', () => {
    expect(() => torch.ops.aten.add.NoSuchOverload(torch.ones(1), torch.ones(1))).toThrow('No such operator aten::add.NoSuchOverload');
  });

  test('arguments that fit no schema: a TypeError listing every schema tried', () => {
    let err: any;
    try {
      torch.ops.aten.add(torch.ones(2), 'two');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(/arguments do not match any schema/);
    expect(err.message).toContain('aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor');
    expect(err.message).toContain('aten::add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor');
  });

  test('unknown keyword, missing argument, too many arguments', () => {
    expect(() => torch.ops.aten.add.Tensor(torch.ones(2), torch.ones(2), { beta: 2 })).toThrow(TypeError);
    expect(() => torch.ops.aten.mm(torch.ones(2, 2))).toThrow(TypeError);
    expect(() => torch.ops.aten.neg(torch.ones(2), torch.ones(2), torch.ones(2))).toThrow(TypeError);
    expect(() => torch.ops.aten.sum(torch.ones(2), [0.5])).toThrow(TypeError);
  });

  test('a schema match whose kernel fails is a TorchError with PyTorch\'s message', () => {
    expect(() => torch.ops.aten.mm(torch.ones(2, 3), torch.ones(2, 3))).toThrow(torch.TorchError);
    expect(() => torch.ops.aten.mm(torch.ones(2, 3), torch.ones(2, 3))).toThrow('mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)');
  });
});
