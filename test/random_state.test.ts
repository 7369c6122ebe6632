// torch.get_rng_state / set_rng_state: the saved state replays the same draws, here and in
// Python PyTorch (the state is PyTorch's own layout, so it travels through torch.save).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import { PYTHON } from './serialization_summary';

test('a restored state repeats the stream', () => {
  torch.manual_seed(11);
  torch.rand(7);
  const state = torch.get_rng_state();
  expect(state.dtype).toBe(torch.uint8);
  const a = torch.randn(5).tolist();
  const drop = torch.nn.functional.dropout(torch.ones(20), { p: 0.5 }).tolist();
  torch.set_rng_state(state);
  expect(torch.randn(5).tolist()).toEqual(a);
  expect(torch.nn.functional.dropout(torch.ones(20), { p: 0.5 }).tolist()).toEqual(drop);
});

test("Python's set_rng_state takes the state and draws what torchts draws", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-rng-'));
  try {
    torch.manual_seed(5);
    torch.randn(3);
    const file = path.join(dir, 'state.pt');
    torch.save(torch.get_rng_state(), file);
    const ours = torch.randn(4).tolist();
    const py = execFileSync(PYTHON, ['-c', `import torch, json; s = torch.load(${JSON.stringify(file)}); print(list(s.shape)); torch.set_rng_state(s); print(json.dumps(torch.randn(4).tolist()))`], { encoding: 'utf8' }).trim().split('\n');
    expect(JSON.parse(py[0])).toEqual(torch.get_rng_state().shape);
    expect(JSON.parse(py[1])).toEqual(ours);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad states are errors, not crashes', () => {
  expect(() => torch.set_rng_state([1, 2] as never)).toThrow(TypeError);
  expect(() => torch.set_rng_state(torch.zeros(3, { dtype: torch.uint8 }))).toThrow(torch.TorchError);
  expect(() => torch.set_rng_state(torch.zeros(5056))).toThrow(torch.TorchError);
});
