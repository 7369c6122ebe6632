// Tensor ops against PyTorch 1.13: values, shapes, dtypes and gradients of every `ops` case in
// test/golden/ops.json (regenerate with `/usr/bin/python3 scripts/golden/ops.py`).
import { casesOf, checkCase, KNOWN_BUGS } from './helpers';

const cases = casesOf('ops').filter((c) => !KNOWN_BUGS.has(`ops/${c.name}`));

test('fixture has the ops cases', () => expect(cases.length).toBeGreaterThan(300));

describe('ops match PyTorch', () => {
  for (const c of cases) test(c.name, () => checkCase(c));
});
