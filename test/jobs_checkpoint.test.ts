// Checkpoint files of training jobs: atomic (temp + fsync + rename), the last K kept, readable by
// Python; a process killed with SIGKILL mid-run leaves only complete checkpoints and the run
// resumed from them ends bit-identical to one never stopped; SIGTERM checkpoints before exiting.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import * as jobs from '../lib/jobs';
import { PYTHON } from './serialization_summary';

const FIXTURES = path.join(__dirname, 'fixtures', 'jobs');
const TRAIN = path.join(FIXTURES, 'train.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-ckpt-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A wide hidden layer, so each checkpoint takes a while to write and kills often land mid-write. */
const ARGS = { steps: 40, batches: 5, width: 4096, seed: 1, delay_ms: 5 };

/** Starts the checkpointed training process; `waitFor(re)` resolves once its stdout matches `re`. */
function spawnTraining(dir: string): { child: ChildProcess; waitFor: (re: RegExp) => Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, [path.join(FIXTURES, 'checkpointed.js'), dir, JSON.stringify(ARGS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  child.stdout!.on('data', (d) => {
    out += d;
    for (const w of waiters.slice()) {
      const m = w.re.exec(out);
      if (m) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
    }
  });
  const waitFor = (re: RegExp) => new Promise<RegExpExecArray>((resolve, reject) => {
    const m = re.exec(out);
    if (m) return resolve(m);
    waiters.push({ re, resolve });
    const timer = setTimeout(() => reject(new Error(`no ${re} within 60 s; output: ${out}`)), 60000);
    child.once('exit', () => setTimeout(() => { clearTimeout(timer); reject(new Error(`exited before ${re}; output: ${out}`)); }, 50));
  });
  return { child, waitFor };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => { if (child.exitCode !== null || child.signalCode !== null) resolve(); else child.once('exit', () => resolve()); });

function expectComplete(dir: string): void {
  for (const { path: file, step } of jobs.list_checkpoints(dir)) {
    const ck = torch.load(file);
    expect(ck.step).toBe(step);
    expect(Object.keys(ck)).toEqual(['model', 'optimizer', 'scheduler', 'step', 'epoch', 'rng_state']);
    expect(ck.model['0.weight'].shape).toEqual([ARGS.width, 10]);
    expect(Object.keys(ck.optimizer.state)).toEqual(['0', '1', '2', '3']);
  }
}

test('checkpoints keep the last K, with names that sort by step', () => {
  const dir = path.join(tmp, 'keep');
  for (const step of [5, 10, 15, 100, 1000]) jobs.write_checkpoint(dir, step, { step }, 3);
  expect(fs.readdirSync(dir).sort()).toEqual(['checkpoint-000000015.pt', 'checkpoint-000000100.pt', 'checkpoint-000001000.pt']);
  expect(jobs.latest_checkpoint(dir)).toBe(path.join(dir, jobs.checkpoint_name(1000)));
  expect(jobs.list_checkpoints(path.join(tmp, 'missing'))).toEqual([]);
  expect(jobs.latest_checkpoint(path.join(tmp, 'missing'))).toBeNull();
});

test('kill -9 mid-run leaves only complete checkpoints; resuming them matches a run never stopped', async () => {
  const dir = path.join(tmp, 'kill');
  const whole = jobs.start<{ loss: number }>(TRAIN, { args: { ...ARGS, delay_ms: 0 } });
  let lastStep = 0;
  for (const delayMs of [0, 7, 3]) {
    const { child, waitFor } = spawnTraining(dir);
    // Let it write a few checkpoints past where it started, then kill it at an arbitrary moment.
    const target = lastStep + 3;
    await waitFor(new RegExp(`checkpoint ${target}\\b`));
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
    expectComplete(dir);
    const steps = jobs.list_checkpoints(dir).map((c) => c.step);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps[steps.length - 1]).toBeGreaterThanOrEqual(target);
    expect(steps[steps.length - 1]).toBeLessThan(ARGS.steps);
    lastStep = steps[steps.length - 1];
  }
  const resumed = jobs.start<{ loss: number }>(TRAIN, { args: { ...ARGS, delay_ms: 0 }, checkpoint: { dir, every: 1, keep: 3 }, resume: 'latest' });
  const result = await resumed.result;
  expect(resumed.resumed_from).toBe(path.join(dir, jobs.checkpoint_name(lastStep)));
  expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  expect(result.loss).toBe((await whole.result).loss);
  const a: Record<string, torch.Tensor> = torch.load((await resumed.weights())!), b: Record<string, torch.Tensor> = torch.load((await whole.weights())!);
  for (const k of Object.keys(b)) expect(torch.equal(a[k], b[k])).toBe(true);
});

test('SIGTERM cancels the job, which checkpoints the step it stopped at; Python reads the file', async () => {
  const dir = path.join(tmp, 'term');
  const { child, waitFor } = spawnTraining(dir);
  await waitFor(/checkpoint 2\b/);
  child.kill('SIGTERM');
  const [, step, file] = await waitFor(/stopped (\d+) (\S+)\n/);
  await exited(child);
  expect(child.exitCode).toBe(0);
  expect(file).toBe(jobs.latest_checkpoint(dir));
  expect(torch.load(file).step).toBe(Number(step));
  expectComplete(dir);
  const py = execFileSync(PYTHON, ['-c', `import torch; c = torch.load(${JSON.stringify(file)}); print(sorted(c), c["step"], tuple(c["model"]["0.weight"].shape), c["rng_state"].dtype)`], { encoding: 'utf8' }).trim();
  expect(py).toBe(`['epoch', 'model', 'optimizer', 'rng_state', 'scheduler', 'step'] ${step} (${ARGS.width}, 10) torch.uint8`);
});
