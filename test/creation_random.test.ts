// Factories, dtype round trips and seeded random streams against PyTorch 1.13
// (fixture: test/golden/ops.json, groups `creation`, `roundtrip`, `random`).
import * as torch from '../lib';
import { casesOf, checkCase, roundtripCases, dtypeOf, KNOWN_BUGS } from './helpers';

const live = <T extends { group: string; name: string }>(cs: T[]) => cs.filter((c) => !KNOWN_BUGS.has(`${c.group}/${c.name}`));

describe('factories match PyTorch (values, shape, dtype)', () => {
  const cases = live(casesOf('creation'));
  test('fixture has the creation cases', () => expect(cases.length).toBeGreaterThan(30));
  for (const c of cases) test(c.name, () => checkCase({ ...c, tol: 0 }));
});

describe('torch.tensor(data, {dtype}).tolist() round trips like PyTorch', () => {
  for (const c of live(roundtripCases())) {
    test(`${c.name}: ${JSON.stringify(c.data, (_k, v) => (typeof v !== 'number' || Number.isFinite(v) ? v : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf')).slice(0, 60)}`, () => {
      const t = torch.tensor(c.data, { dtype: dtypeOf(c.dtype) });
      expect(t.dtype.name).toBe(c.dtype);
      expect(t.shape).toEqual(c.shape);
      expect(t.tolist()).toEqual(c.expected);
    });
  }
});

describe('seeded random streams equal PyTorch exactly', () => {
  const cases = live(casesOf('random'));
  test('fixture has the random cases', () => expect(cases.length).toBeGreaterThan(25));
  for (const c of cases) test(`${c.name} (seed ${c.seed})`, () => checkCase({ ...c, tol: 0 }));

  test('same seed, same stream; the stream advances between draws', () => {
    torch.manual_seed(1234);
    const a = torch.randn(8).tolist();
    const b = torch.randn(8).tolist();
    torch.manual_seed(1234);
    expect(torch.randn(8).tolist()).toEqual(a);
    expect(torch.randn(8).tolist()).toEqual(b);
    expect(b).not.toEqual(a);
  });

  test('initial_seed reports the manual seed', () => {
    torch.manual_seed(77);
    expect(torch.initial_seed()).toBe(77);
  });

  test('manual_seed rejects non-integers with a TypeError', () => {
    expect(() => torch.manual_seed(1.5)).toThrow(TypeError);
    expect(() => torch.manual_seed('1' as any)).toThrow(TypeError);
  });
});
