// The complex-number API against PyTorch 1.13 (scripts/golden/complex_api.py): each fixture case
// is run here under the same name and must give PyTorch's repr, value or error. A Python complex
// number is `{ real, imag }` in JS.
import * as torch from '../lib';
import { GoldenError, loadGolden } from './golden';
import { errorOf, firstLine } from './helpers';

type Golden = { repr: string } | { value: unknown } | { error: GoldenError };
const golden: Record<string, Golden> = loadGolden('complex_api').cases;

type Nested = number | Nested[];
const f32 = (values: Nested) => torch.tensor(values, { dtype: torch.float32 });
/** The complex64 tensor [1+0.5j, -2+3j]. */
const z = () => torch.complex(f32([1, -2]), f32([0.5, 3]));
const c = (real: number, imag: number): torch.Complex => ({ real, imag });
/** `target.<part> = value`, then the target. */
const assigned = (target: torch.Tensor, part: 'real' | 'imag', value: any) => {
  target[part] = value;
  return target;
};
const withDefaultDouble = <T>(fn: () => T): T => {
  torch.set_default_dtype(torch.float64);
  try {
    return fn();
  } finally {
    torch.set_default_dtype(torch.float32);
  }
};

const CASES: Record<string, () => unknown> = {
  'complex float32': () => z(),
  'complex float64': () => torch.complex(f32([1.5]).double(), f32([-0.25]).double()),
  'complex float16': () => torch.complex(f32([1, 2.5]).half(), f32([1, -2]).half()),
  'complex broadcasts': () => torch.complex(f32(1), f32([2, 3])),
  'complex requires grad': () => torch.complex(torch.tensor([1], { dtype: torch.float32, requires_grad: true }), f32([2])),
  'complex by name': () => torch.complex({ real: f32([1]), imag: f32([2]) }),
  'complex int inputs': () => torch.complex(torch.tensor([1, 2]), torch.tensor([1, 2])),
  'complex mixed dtypes': () => torch.complex(f32([1]), f32([1]).double()),
  polar: () => torch.polar(f32([1, 2]), f32([0, 1.5])),
  'polar float64': () => torch.polar(f32([2]).double(), f32([-0.5]).double()),
  'polar int inputs': () => torch.polar(torch.tensor([1]), torch.tensor([1])),
  view_as_real: () => torch.view_as_real(z()),
  'view_as_real shares memory': () => {
    const x = z();
    torch.view_as_real(x).mul_(10);
    return x;
  },
  'view_as_real real input': () => torch.view_as_real(f32([1])),
  'view_as_real conj': () => torch.view_as_real(z().conj()),
  view_as_complex: () => torch.view_as_complex(f32([[1.5, 2], [3, 4]])),
  'view_as_complex 0-d': () => torch.view_as_complex(f32([1, 2])),
  'view_as_complex int input': () => torch.view_as_complex(torch.tensor([[1, 2]])),
  'view_as_complex last dim 3': () => torch.view_as_complex(f32([[1, 2, 3]])),
  'view_as_complex stride': () => torch.view_as_complex(f32([[1, 2], [3, 4]]).t()),
  real: () => z().real,
  imag: () => z().imag,
  'real of float': () => f32([1, 2]).real,
  'real of float is itself': () => { const x = f32([1]); return x.real === x; },
  'imag of float': () => f32([1]).imag,
  'real of conj': () => z().conj().real,
  'imag of conj': () => z().conj().imag,
  'torch.real': () => torch.real(z()),
  'torch.imag': () => torch.imag(z()),
  'real and imag are views': () => {
    const x = z();
    x.real.mul_(2);
    x.imag.add_(1);
    return x;
  },
  'grad through real': () => {
    // Python's -1j is complex(-0.0, -1.0)
    const x = torch.tensor([c(1, 2), c(-0, -1)], { requires_grad: true });
    x.real.pow(2).sum().backward();
    return x.grad;
  },
  'set real tensor, imag number': () => assigned(assigned(z(), 'real', f32([9, 8])), 'imag', 5),
  'set real broadcasts': () => assigned(z(), 'real', f32(7)),
  'set real of float': () => assigned(f32([1, 2]), 'real', 7),
  'set imag of float': () => assigned(f32([1, 2]), 'imag', 7),
  'set real wrong size': () => assigned(z(), 'real', f32([1, 2, 3])),
  'set real str': () => assigned(z(), 'real', 'a'),
  'set imag of conj': () => assigned(z().conj(), 'imag', f32([1, 1])),
  'tensor ints as complex64': () => torch.tensor([1, 2], { dtype: torch.complex64 }),
  'tensor floats as complex128': () => torch.tensor([1.5, -2], { dtype: torch.complex128 }),
  'tensor 2-d as cfloat': () => torch.tensor([[1, 2], [3, 4]], { dtype: torch.cfloat }),
  'tensor 0-d as complex64': () => torch.tensor(3, { dtype: torch.complex64 }),
  'tensor bools as complex64': () => torch.tensor([true, false], { dtype: torch.complex64 }),
  'tensor as complex32': () => torch.tensor([1.5, 2], { dtype: torch.complex32 }),
  'tensor as chalf': () => torch.tensor([1, -3], { dtype: torch.chalf }),
  'tensor of complex values': () => torch.tensor([c(1, 2), c(3, -1)]),
  'tensor of mixed values': () => torch.tensor([1, c(2, 1)]),
  'tensor of bool and complex': () => torch.tensor([true, c(0, 2)]),
  'tensor of one complex': () => torch.tensor(c(0, 2)),
  'tensor of complex values as complex128': () => torch.tensor([c(0.1, 0.2)], { dtype: torch.complex128 }),
  'tensor of complex values as complex32': () => torch.tensor([c(0.1, 0.2)], { dtype: torch.complex32 }),
  'tensor of complex values, default float64': () => withDefaultDouble(() => torch.tensor([c(0, 1)])),
  'tensor of complex as float32': () => torch.tensor([c(1, 2)], { dtype: torch.float32 }),
  'tensor of complex as bool': () => torch.tensor([c(1, 2)], { dtype: torch.bool }),
  'tensor of complex as int64': () => torch.tensor([c(1, 2)], { dtype: torch.int64 }),
  'tensor of a tensor as complex64': () => torch.tensor(f32([1, 2]), { dtype: torch.complex64 }),
  'tensor requires grad as complex64': () => torch.tensor([1], { dtype: torch.complex64, requires_grad: true }),
  'as_tensor as complex64': () => torch.as_tensor([1, 2], { dtype: torch.complex64 }),
  'zeros complex32': () => torch.zeros(2, { dtype: torch.complex32 }),
  'ones cdouble': () => torch.ones(2, { dtype: torch.cdouble }),
  'full complex64': () => torch.full([2], 3, { dtype: torch.complex64 }),
  'eye cfloat': () => torch.eye(2, { dtype: torch.cfloat }),
  'arange complex64': () => torch.arange(3, { dtype: torch.complex64 }),
  'cfloat()': () => f32([1, 2]).cfloat(),
  'cdouble()': () => f32([1, 2]).cdouble(),
  'chalf()': () => z().chalf(),
  'to complex64': () => torch.tensor([1, 2]).to(torch.complex64),
  'complex to float': () => z().to(torch.float32),
  item: () => z().index(0).item(),
  'item of conj': () => z().conj().index(1).item(),
  'item of complex32': () => z().chalf().index(1).item(),
  'item of complex128': () => torch.tensor([c(0.1, 0.2)], { dtype: torch.complex128 }).item(),
  tolist: () => z().tolist(),
  'tolist 2-d': () => torch.tensor([[c(1, 1), 2], [3, c(4, -1)]]).tolist(),
  'tolist 0-d': () => torch.tensor(c(0, 2)).tolist(),
  'tolist of conj': () => z().conj().tolist(),
  'tolist of a real view': () => torch.view_as_real(z()).tolist(),
  is_complex: () => z().is_complex(),
  'is_complex of float': () => f32([1]).is_complex(),
  'torch.is_complex': () => torch.is_complex(z()),
  'torch.is_complex of float': () => torch.is_complex(f32([1])),
  conj: () => z().conj(),
  'conj is_conj': () => z().conj().is_conj(),
  'conj of float is itself': () => { const x = f32([1]); return x.conj() === x; },
  'torch.conj': () => torch.conj(z()),
  'torch.is_conj': () => torch.is_conj(z().conj()),
  resolve_conj: () => z().conj().resolve_conj(),
  'resolve_conj is_conj': () => z().conj().resolve_conj().is_conj(),
  'torch.resolve_conj': () => torch.resolve_conj(z().conj()),
  conj_physical: () => z().conj_physical(),
  'conj_physical is_conj': () => z().conj_physical().is_conj(),
  'torch.conj_physical': () => torch.conj_physical(z()),
  conj_physical_: () => z().conj_physical_(),
  'conj_physical of float': () => torch.conj_physical(f32([1, -2])),
  angle: () => z().angle(),
  'torch.angle': () => torch.angle(z()),
  'angle of float': () => f32([-1, 0, 2]).angle(),
  abs: () => z().abs(),
  'torch.abs': () => torch.abs(z()),
  'abs complex128': () => torch.tensor([c(3, 4)], { dtype: torch.complex128 }).abs(),
  sgn: () => z().sgn(),
  sign: () => z().sign(),
  mul: () => z().mul(z()),
  matmul: () => torch.tensor([[c(1, 1), 2], [0, c(0, 1)]]).matmul(torch.tensor([c(0, 1), 1])),
  sum: () => z().sum(),
  mean: () => z().mean(),
  max: () => z().max(),
  'mul by 1j': () => z().mul(c(0, 1)),
  'float32 times 1j': () => f32([1, 2]).mul(c(0, 1)),
  'float64 times 1j': () => f32([1, 2]).double().mul(c(0, 1)),
  'int64 times 1j': () => torch.tensor([1, 2]).mul(c(0, 1)),
  'add a complex scalar': () => f32([1, 2]).add(c(1, 1)),
  'add with complex alpha': () => z().add(z(), { alpha: c(0, 2) }),
  'div by a complex scalar': () => z().div(c(2, -1)),
  'float32 mul_ by 1j': () => f32([1]).mul_(c(0, 1)),
  'full of a complex value': () => torch.full([2], c(1, 2)),
  'full of a complex value as complex128': () => torch.full([1], c(0.1, 0.2), { dtype: torch.complex128 }),
  'fill_ with a complex value': () => z().fill_(c(2, -1)),
  'torch.mul(1j, z)': () => torch.mul(c(0, 1), z()),
  'torch.pow(1j, int tensor)': () => torch.pow(c(0, 1), torch.tensor([2])),
  'ops.aten.item': () => torch.ops.aten.item(z().index(1)),
  'str complex32': () => String(torch.complex32),
  'str chalf': () => String(torch.chalf),
  'str cfloat': () => String(torch.cfloat),
  'str cdouble': () => String(torch.cdouble),
  'complex32 itemsize': () => torch.complex32.itemsize,
  'complex64 element_size': () => torch.zeros(1, { dtype: torch.complex64 }).element_size(),
  'complex128 element_size': () => torch.zeros(1, { dtype: torch.complex128 }).element_size(),
  'complex64 is_complex': () => torch.complex64.is_complex,
  'complex32 is_floating_point': () => torch.complex32.is_floating_point,
  'chalf dtype': () => String(z().chalf().dtype),
  'complex64 type()': () => z().type(),
};

test('every fixture case has a port, and every port a fixture case', () => {
  expect(Object.keys(CASES).sort()).toEqual(Object.keys(golden).sort());
});

test.each(Object.keys(golden))('%s', (name) => {
  const g = golden[name];
  if ('error' in g) {
    const e = errorOf(CASES[name]) as Error & { pythonType?: string };
    expect(firstLine(e.message)).toBe(g.error.message);
    if (g.error.type === 'TypeError') expect(e).toBeInstanceOf(TypeError);
    else expect(e.pythonType).toBe(g.error.type);
    return;
  }
  const out = CASES[name]();
  if ('repr' in g) {
    expect(out).toBeInstanceOf(torch.Tensor);
    expect(String(out)).toBe(g.repr);
  } else {
    expect(out).toEqual(g.value);
  }
});

describe('porting details', () => {
  test('x.real and x.imag are properties, as in PyTorch; torch.chalf is a dtype', () => {
    expect(Object.getOwnPropertyDescriptor(torch.Tensor.prototype, 'real')?.get).toBeInstanceOf(Function);
    expect(Object.getOwnPropertyDescriptor(torch.Tensor.prototype, 'imag')?.set).toBeInstanceOf(Function);
    expect(torch.chalf).toBe(torch.complex32);
  });

  test('a complex tensor round-trips through tolist() and torch.tensor()', () => {
    const x = torch.tensor([[c(1.5, -2), c(0, 0.25)]], { dtype: torch.complex128 });
    expect(torch.tensor(x.tolist(), { dtype: torch.complex128 }).equal(x)).toBe(true);
  });

});
