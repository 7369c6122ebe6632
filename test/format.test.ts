// formatTensor against PyTorch 1.13's own repr, case by case.
// Fixture: test/golden/format.json, written by scripts/golden/format.py.
import { formatTensor, get_printoptions, set_printoptions, PrintOptions } from '../lib/format';
import { GoldenTensor, loadGolden } from './golden';

/** One fixture case, as the Python script writes it. */
interface GoldenCase {
  name: string;
  tensor: GoldenTensor;
  device: string;
  requires_grad: boolean;
  grad_fn: string | null;
  is_parameter: boolean;
  options: (Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' }) | null;
  default_dtype: string | null;
  /** Set for a complex tensor, recorded as its [..., 2] view of [re, im] pairs. */
  complex_dtype?: string | null;
  repr: string;
}

const cases: GoldenCase[] = loadGolden('format').cases;

/** Fixture values as the native layer hands them over: int64 as bigint, bool as 0/1. */
function decode(c: GoldenCase): (number | bigint)[] {
  return c.tensor.values.map((v) => {
    if (typeof v === 'boolean') return Number(v);
    return c.tensor.dtype === 'int64' ? BigInt(v) : v;
  });
}

afterEach(() => set_printoptions({ profile: 'default' }));

describe('formatTensor matches PyTorch 1.13 repr', () => {
  test('fixture is present', () => expect(cases.length).toBeGreaterThan(60));

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.options) set_printoptions(c.options);
    const text = formatTensor({
      data: decode(c),
      shape: c.complex_dtype ? c.tensor.shape.slice(0, -1) : c.tensor.shape,
      dtype: c.complex_dtype ?? c.tensor.dtype,
      device: c.device,
      requiresGrad: c.requires_grad,
      gradFn: c.grad_fn,
      isParameter: c.is_parameter,
      defaultDtype: c.default_dtype ?? undefined,
    });
    expect(text).toBe(c.repr);
  });
});

describe('print options', () => {
  test('defaults, profiles and the sci_mode reset', () => {
    expect(get_printoptions()).toEqual({
      precision: 4,
      threshold: 1000,
      edgeitems: 3,
      linewidth: 80,
      sci_mode: null,
    });
    set_printoptions({ profile: 'full', sci_mode: true });
    expect(get_printoptions()).toMatchObject({ threshold: Infinity, sci_mode: true });
    set_printoptions({ precision: 2 }); // like PyTorch, sci_mode goes back to null
    expect(get_printoptions()).toMatchObject({ precision: 2, threshold: Infinity, sci_mode: null });
  });

  test('get_printoptions returns a copy', () => {
    get_printoptions().precision = 9;
    expect(get_printoptions().precision).toBe(4);
  });
});

describe('input handling', () => {
  const base = { device: 'cpu', requiresGrad: false, gradFn: null };

  test('typed arrays as the native layer returns them', () => {
    const data = new BigInt64Array([BigInt(1), BigInt(-2)]);
    expect(formatTensor({ ...base, data, shape: [2], dtype: 'int64' })).toBe('tensor([ 1, -2])');
    const bools = new Uint8Array([1, 0]);
    expect(formatTensor({ ...base, data: bools, shape: [2], dtype: 'bool' })).toBe(
      'tensor([ True, False])',
    );
  });

  test('shape/data mismatch and unknown dtypes throw', () => {
    expect(() => formatTensor({ ...base, data: [1], shape: [2], dtype: 'float32' })).toThrow();
    expect(() => formatTensor({ ...base, data: [1], shape: [1], dtype: 'complex64' })).toThrow();
  });
});
