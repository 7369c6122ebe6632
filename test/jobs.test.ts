// torchts/jobs: a training module run in a worker thread. Progress, weights, cancellation (shared
// flag, then terminate), failures that stay inside the job, bit-identical resume, thread budget,
// and native memory freed with each worker.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import * as jobs from '../lib/jobs';

const TRAIN = path.join(__dirname, 'fixtures', 'jobs', 'train.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-jobs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface TrainResult { step: number; loss: number; num_threads: number; held: number }

/** The tensors of a torch.save'd state dict. */
const stateDict = (bytes: Uint8Array | null): Record<string, torch.Tensor> => torch.load(bytes!);

function expectSameWeights(sa: Record<string, torch.Tensor>, sb: Record<string, torch.Tensor>): void {
  expect(Object.keys(sa)).toEqual(Object.keys(sb));
  for (const k of Object.keys(sa)) expect(torch.equal(sa[k], sb[k])).toBe(true);
}

/** Resolves with the first progress report whose step is at least `step`. */
const progressAt = (job: jobs.Job, step: number): Promise<jobs.JobProgress> =>
  new Promise((resolve) => job.on('progress', (p: jobs.JobProgress) => { if (p.step >= step) resolve(p); }));

test('progress events, result and final weights', async () => {
  const job = jobs.start<TrainResult>(TRAIN, { args: { steps: 12, width: 16 }, progress_interval_ms: 0 });
  const reports: jobs.JobProgress[] = [];
  job.on('progress', (p: jobs.JobProgress) => reports.push(p));
  const result = await job.result;
  expect(job.status).toBe('succeeded');
  expect(result.step).toBe(12);
  expect(reports.map((p) => p.step)).toEqual([...Array.from({ length: 12 }, (_, i) => i + 1), 12]);
  const last = reports[reports.length - 1];
  expect(last.loss).toBe(result.loss);
  expect(last.epoch).toBe(2);
  expect(last.live_tensors).toBeGreaterThan(4);
  expect(last.native_mb).toBeGreaterThan(0);
  for (const p of reports.slice(0, -1)) expect(p.steps_per_s).toBeGreaterThan(0);
  const sd = stateDict(await job.weights());
  expect(Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, t.shape]))).toEqual({ '0.weight': [16, 10], '0.bias': [16], '3.weight': [3, 16], '3.bias': [3] });
  expect(JSON.parse(JSON.stringify(job))).toMatchObject({ id: job.id, status: 'succeeded', progress: { step: 12 }, error: null });
});

test('progress is throttled to one event per progress_interval_ms, plus the final one', async () => {
  const job = jobs.start(TRAIN, { args: { steps: 40 }, progress_interval_ms: 60000 });
  const steps: number[] = [];
  job.on('progress', (p: jobs.JobProgress) => steps.push(p.step));
  await job.result;
  expect(steps).toEqual([40]);
});

test('weights of a running job, then cancel through an AbortSignal', async () => {
  const controller = new AbortController();
  const job = jobs.start(TRAIN, { args: { steps: 1000, delay_ms: 10 }, signal: controller.signal, progress_interval_ms: 0, checkpoint: { dir: path.join(tmp, 'cancel'), every: 1000 } });
  await progressAt(job, 3);
  const live = stateDict(await job.weights());
  expect(live['0.weight'].shape).toEqual([16, 10]);
  controller.abort();
  await expect(job.result).rejects.toMatchObject({ name: 'AbortError' });
  expect(job.status).toBe('cancelled');
  const stopped = job.progress!.step;
  expect(stopped).toBeGreaterThanOrEqual(3);
  expect(stopped).toBeLessThan(1000);
  // The cancel wrote a checkpoint of the step it stopped at.
  expect(jobs.list_checkpoints(path.join(tmp, 'cancel')).map((c) => c.step)).toEqual([stopped]);
  expectSameWeights(stateDict(await job.weights()), torch.load(job.last_checkpoint!).model);
});

test('a loop that never reaches ctx.step() is terminated after the grace period', async () => {
  const job = jobs.start(TRAIN, { args: { fail: 'hang', fail_at: 2 }, grace_ms: 100, progress_interval_ms: 0 });
  await progressAt(job, 2);
  const t0 = Date.now();
  job.cancel();
  expect(await job.done).toBe('cancelled');
  expect(Date.now() - t0).toBeLessThan(30000);
  expect(job.progress!.step).toBe(2);
});

test('a throw, an out-of-memory error, a bad or crash-prone input fails its job only', async () => {
  const failing = {
    throw: ['RangeError', 'the loss went NaN'],
    torch_oom: ['TorchError', "DefaultCPUAllocator: can't allocate memory"],
    bad_input: ['TorchError', 'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)'],
    crash_input: ['TorchError', 'Number of groups to divide channels in must be positive'],
    js_oom: ['Error', 'JS heap out of memory'],
  };
  const bad = Object.keys(failing).map((fail) => jobs.start(TRAIN, { args: { fail, fail_at: 3 }, max_old_generation_mb: 48 }));
  const good = jobs.start<TrainResult>(TRAIN, { args: { steps: 30 } });
  // The main thread keeps computing meanwhile.
  expect(torch.ones(3).add(1).sum().item()).toBe(6);
  expect((await good.result).step).toBe(30);
  for (const [job, [name, message]] of bad.map((j, i) => [j, Object.values(failing)[i]] as const)) {
    await expect(job.result).rejects.toMatchObject({ name });
    expect(job.status).toBe('failed');
    expect(job.error!.message).toContain(message);
  }
  expect(jobs.running_jobs()).toEqual([]);
});

test("resume: 'latest' after a cancel ends bit-identical to an uninterrupted run", async () => {
  const args = { steps: 24, batches: 4, width: 32, seed: 3 };
  const whole = jobs.start<TrainResult>(TRAIN, { args });
  const wholeResult = await whole.result;

  const dir = path.join(tmp, 'resume');
  const first = jobs.start(TRAIN, { args: { ...args, delay_ms: 20 }, progress_interval_ms: 0, checkpoint: { dir, every: 4, keep: 2 } });
  await progressAt(first, 6);
  first.cancel();
  expect(await first.done).toBe('cancelled');
  const stopped = first.progress!.step;
  expect(stopped).toBeLessThan(24);
  const kept = jobs.list_checkpoints(dir).map((c) => c.step);
  expect(kept).toEqual(stopped % 4 === 0 ? [stopped - 4, stopped] : [Math.floor(stopped / 4) * 4, stopped]);

  const resumed = jobs.start<TrainResult>(TRAIN, { args, checkpoint: { dir, every: 4, keep: 2 }, resume: 'latest' });
  const resumedResult = await resumed.result;
  expect(resumed.resumed_from).toBe(path.join(dir, jobs.checkpoint_name(stopped)));
  expect(resumedResult.loss).toBe(wholeResult.loss);
  expectSameWeights(stateDict(await resumed.weights()), stateDict(await whole.weights()));
});

test('thread budget: cores less one for the event loop, split among running jobs', async () => {
  expect(jobs.thread_budget(1, 2)).toBe(1);
  expect(jobs.thread_budget(1, 8)).toBe(7);
  expect(jobs.thread_budget(3, 8)).toBe(2);
  expect(jobs.thread_budget(4, 16)).toBe(3);
  expect(jobs.thread_budget(10, 4)).toBe(1);
  const mainThreads = torch.get_num_threads();
  // Concurrent jobs each keep their own count (ATen's count is process-wide until a thread adopts it).
  const a = jobs.start<TrainResult>(TRAIN, { args: { steps: 2 }, num_threads: 2 });
  const b = jobs.start<TrainResult>(TRAIN, { args: { steps: 2 }, num_threads: 3 });
  const c = jobs.start<TrainResult>(TRAIN, { args: { steps: 2 } });
  expect(c.num_threads).toBe(jobs.thread_budget(3));
  expect((await a.result).num_threads).toBe(2);
  expect((await b.result).num_threads).toBe(3);
  expect((await c.result).num_threads).toBe(c.num_threads);
  expect(torch.get_num_threads()).toBe(mainThreads);
  expect(() => jobs.start(TRAIN, { num_threads: 0 })).toThrow(/num_threads/);
  expect(() => jobs.start(42 as never)).toThrow('Expected a module path for module but received 42 of type number');
  expect(() => jobs.start(TRAIN, { checkpoint: { dir: '' } } as never)).toThrow(/checkpoint/);
});

test("a worker's native memory is freed when it exits", async () => {
  const rss = () => process.memoryUsage().rss;
  // The first job warms the allocator; later ones each hold 100 MiB of tensors until they end.
  await jobs.start(TRAIN, { args: { steps: 2, hold_mb: 100 } }).done;
  const before = rss();
  for (let i = 0; i < 4; i++) {
    const job = jobs.start<TrainResult>(TRAIN, { args: { steps: 2, hold_mb: 100 } });
    expect((await job.result).held).toBe(100);
  }
  // Leaking one job's tensors would add 100 MiB a job (400 MiB); malloc arenas of the exited
  // threads may keep some tens of MiB mapped, more on a loaded machine (43.5 MiB seen).
  expect(rss() - before).toBeLessThan(150 * 2 ** 20);
});

test('a TypeScript module runs through ts-node; a missing export fails the job', async () => {
  const job = jobs.start<number>(path.join(__dirname, 'fixtures', 'jobs', 'sum.ts'), { args: { n: 5, seed: 2 } });
  torch.manual_seed(2);
  const expected = torch.rand(5).tolist().reduce((a: number, b: number) => a + b, 0);
  expect(await job.result).toBeCloseTo(expected, 6);
  expect(job.progress!.step).toBe(5);
  const missing = jobs.start(TRAIN, { export_name: 'fit' });
  await expect(missing.result).rejects.toThrow(`${TRAIN} exports no function 'fit'`);
});
