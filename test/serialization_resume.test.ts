// Resuming from a checkpoint continues the exact trajectory: a run saved after K steps, loaded
// into a fresh model, optimizer and scheduler and trained on, ends bit-identical to an
// uninterrupted run, here and when Python PyTorch resumes the same checkpoint.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import { PYTHON, rawBase64 } from './serialization_summary';

const nn = torch.nn, F = torch.nn.functional;
const STEPS = 6, RESUME_AT = 3;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-resume-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function build() {
  const model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2));
  const optimizer = torch.optim.Adam(model.parameters(), { lr: 0.01, betas: [0.85, 0.995] });
  const scheduler = torch.optim.lr_scheduler.StepLR(optimizer, { step_size: 2, gamma: 0.5 });
  return { model, optimizer, scheduler };
}
type Run = ReturnType<typeof build>;

function train({ model, optimizer, scheduler }: Run, X: torch.Tensor, Y: torch.Tensor, from: number, to: number): number {
  let loss = 0;
  for (let step = from; step < to; step++) {
    optimizer.zero_grad();
    const l = F.mse_loss(model(X), Y);
    l.backward();
    optimizer.step();
    scheduler.step();
    loss = l.item();
  }
  return loss;
}

/** Every value of a state dict as raw bytes: equal strings mean bit-identical tensors. */
const bits = (sd: Record<string, torch.Tensor>) => Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, rawBase64(t)]));

test('resume from a checkpoint in torchts and in Python PyTorch, bit-identical to uninterrupted runs', () => {
  torch.manual_seed(5);
  const X = torch.randn(16, 4), Y = torch.randn(16, 2);
  const a = build();
  const init = path.join(tmp, 'init.pt');
  torch.save({ model: a.model.state_dict(), X, Y, steps: STEPS }, init);
  const fresh = build();
  fresh.model.load_state_dict(torch.load(init).model);

  const loss = train(a, X, Y, 0, RESUME_AT);
  const ckpt = path.join(tmp, 'checkpoint.pt');
  torch.save({
    epoch: RESUME_AT, model_state_dict: a.model.state_dict(), optimizer_state_dict: a.optimizer.state_dict(),
    scheduler_state_dict: a.scheduler.state_dict(), loss,
  }, ckpt);
  train(a, X, Y, RESUME_AT, STEPS);

  const b = build();
  const c = torch.load(ckpt);
  b.model.load_state_dict(c.model_state_dict);
  b.optimizer.load_state_dict(c.optimizer_state_dict);
  b.scheduler.load_state_dict(c.scheduler_state_dict);
  train(b, X, Y, c.epoch, STEPS);
  expect(bits(b.model.state_dict())).toEqual(bits(a.model.state_dict()));
  expect(b.scheduler.get_last_lr()).toEqual(a.scheduler.get_last_lr());

  // The uninterrupted run from the saved initial weights agrees too (the init file round-trips).
  train(fresh, X, Y, 0, STEPS);
  expect(bits(fresh.model.state_dict())).toEqual(bits(a.model.state_dict()));

  const out = path.join(tmp, 'python.pt');
  execFileSync(PYTHON, [path.join(__dirname, 'serialization_resume.py'), init, ckpt, out], { stdio: ['ignore', 'ignore', 'pipe'] });
  const py = torch.load(out);
  expect(bits(py.resumed)).toEqual(bits(py.uninterrupted));
  // Same LibTorch, same update formulas: Python's own run is bit-identical to torchts' too.
  expect(bits(py.uninterrupted)).toEqual(bits(a.model.state_dict()));
});
