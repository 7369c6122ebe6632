// The example training service (examples/server), run as its own process on 127.0.0.1 and driven
// over HTTP: validation, a Fashion-MNIST job streamed over SSE, weights Python loads and predicts
// the same classes with, cancellation, resume, and a clean SIGTERM exit.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { PYTHON } from './serialization_summary';

const ROOT = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-server-'));
const TIMEOUT = 60000;
let server: ChildProcess;
let base = '';

beforeAll(async () => {
  server = spawn(process.execPath, [path.join(ROOT, 'examples', 'server', 'main.js'), '--port', '0', '--data-root', path.join(tmp, 'data'), '--checkpoint-root', path.join(tmp, 'checkpoints')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), TIMEOUT);
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
});

afterAll(async () => {
  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Reply { status: number; json: any; bytes: Buffer; headers: http.IncomingHttpHeaders }

/** One request on a fresh connection (no keep-alive reuse racing the server's idle timeout). */
function request(method: string, url: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + url, { method, agent: false, timeout: TIMEOUT }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const json = res.headers['content-type'] === 'application/json' ? JSON.parse(bytes.toString()) : null;
        resolve({ status: res.statusCode!, json, bytes, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${TIMEOUT} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

const call = (method: string, url: string, body?: unknown): Promise<Reply> =>
  request(method, url, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));

/** Reads a job's SSE stream to its 'end' event: [event, data][] in order. */
async function events(id: string): Promise<[string, any][]> {
  const res = await request('GET', `/jobs/${id}/events`);
  expect(res.headers['content-type']).toBe('text/event-stream');
  return res.bytes.toString().trim().split('\n\n').map((block) => {
    const [, event] = /^event: (.*)$/m.exec(block)!;
    const [, data] = /^data: (.*)$/m.exec(block)!;
    return [event, JSON.parse(data)];
  });
}

async function until(id: string, ok: (job: any) => boolean): Promise<any> {
  const t0 = Date.now();
  for (;;) {
    const { json } = await call('GET', `/jobs/${id}`);
    if (ok(json)) return json;
    if (Date.now() - t0 > TIMEOUT) throw new Error(`job ${id} never reached the state: ${JSON.stringify(json)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SMALL = { model: { hidden: [32] }, optimizer: { name: 'adam', lr: 0.003 }, batch_size: 64, epochs: 2, train_size: 1024, test_size: 500 };

test('bad bodies get a 400 with the reason', async () => {
  const cases: [unknown, RegExp][] = [
    ['{not json', /body is not valid JSON/],
    [{ model: { hidden: [0] } }, /model\.hidden\.0: Too small/],
    [{ optimizer: { name: 'rmsprop' } }, /optimizer\.name: Invalid option/],
    [{ epochs: 2.5 }, /epochs: Invalid input: expected int/],
    [{ batch_size: 16, learning_rate: 1 }, /Unrecognized key: "learning_rate"/],
    [[1, 2], /expected object/],
  ];
  for (const [body, reason] of cases) {
    const r = await call('POST', '/jobs', body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(reason);
  }
  expect((await call('GET', '/jobs')).json).toEqual([]);
  expect((await call('GET', '/jobs/job-99')).status).toBe(404);
  expect((await call('DELETE', '/jobs')).status).toBe(405);
  expect((await call('GET', '/health')).json).toEqual({ ok: true, jobs: 0 });
});

test('a Fashion-MNIST job: SSE progress, result, weights Python loads, predictions', async () => {
  const started = await call('POST', '/jobs', SMALL);
  expect(started.status).toBe(201);
  const id = started.json.id;
  expect(started.json).toMatchObject({ status: 'running', config: { ...SMALL, model: { hidden: [32], activation: 'relu', dropout: 0 } } });
  const stream = await events(id);
  const [lastEvent, end] = stream[stream.length - 1];
  expect(lastEvent).toBe('end');
  expect(end.status).toBe('succeeded');
  const steps = stream.slice(0, -1).map(([e, p]) => { expect(e).toBe('progress'); return p.step; });
  expect(steps.length).toBeGreaterThan(0);
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  expect(end.progress.step).toBe(32); // 2 epochs of 1024 / 64
  expect(end.result.steps).toBe(32);
  expect(end.result.test_accuracy).toBeGreaterThan(0.5); // chance is 0.1

  const list = (await call('GET', '/jobs')).json;
  expect(list.map((j: any) => [j.id, j.status])).toEqual([[id, 'succeeded']]);

  const weights = await call('GET', `/jobs/${id}/weights`);
  expect(weights.status).toBe(200);
  expect(weights.headers['content-disposition']).toBe(`attachment; filename="${id}.pt"`);
  const file = path.join(tmp, `${id}.pt`);
  fs.writeFileSync(file, weights.bytes);
  const py = JSON.parse(execFileSync(PYTHON, [path.join(__dirname, 'server_check.py'), file, '[32]', '16'], { encoding: 'utf8' }));
  expect(py.shapes).toEqual({ '1.weight': [32, 784], '1.bias': [32], '3.weight': [10, 32], '3.bias': [10] });

  const predicted = await call('POST', `/jobs/${id}/predict`, { test_indices: Array.from({ length: 16 }, (_, i) => i) });
  expect(predicted.status).toBe(200);
  expect(predicted.json.predictions.map((p: any) => p.class)).toEqual(py.classes);
  expect(predicted.json.predictions[0].label).toBe(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'][py.classes[0]]);
  const blank = await call('POST', `/jobs/${id}/predict`, { images: [new Array(784).fill(0)] });
  expect(blank.json.predictions).toHaveLength(1);
  expect((await call('POST', `/jobs/${id}/predict`, { images: [[0.5]] })).status).toBe(400);
  expect((await call('POST', `/jobs/${id}/predict`, {})).json.error).toMatch(/exactly one of images and test_indices/);
});

test('cancel a running job, then resume it from its checkpoint', async () => {
  const body = { ...SMALL, epochs: 100, checkpoint_every: 1000 };
  const { json: job } = await call('POST', '/jobs', body);
  await until(job.id, (j) => j.progress && j.progress.step >= 5);
  // Weights of the running job, and predictions with them.
  expect((await call('GET', `/jobs/${job.id}/weights`)).status).toBe(200);
  const live = await call('POST', `/jobs/${job.id}/predict`, { test_indices: [0] });
  expect(live.json).toMatchObject({ predictions: [{ class: expect.any(Number) }] });
  expect(live.json.step).toBeGreaterThanOrEqual(5);
  const cancel = await call('POST', `/jobs/${job.id}/cancel`);
  expect(cancel.status).toBe(202);
  const cancelled = await until(job.id, (j) => j.status !== 'running');
  expect(cancelled.status).toBe('cancelled');
  expect(cancelled.last_checkpoint).toMatch(new RegExp(`checkpoint-0*${cancelled.progress.step}\\.pt$`));

  const resumed = await call('POST', '/jobs', { ...body, epochs: 1, resume_from: job.id });
  expect(resumed.status).toBe(201);
  const done = await until(resumed.json.id, (j) => j.status !== 'running');
  expect(done.resumed_from).toBe(cancelled.last_checkpoint);
  expect(done.status).toBe('succeeded');
  expect((await call('POST', '/jobs', { ...body, resume_from: 'job-77' })).status).toBe(409);
});

test('SIGTERM: running jobs checkpoint, the server exits cleanly', async () => {
  const { json: job } = await call('POST', '/jobs', { ...SMALL, epochs: 100, checkpoint_every: 1000 });
  await until(job.id, (j) => j.progress && j.progress.step >= 2);
  const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
  server.kill('SIGTERM');
  expect(await exited).toBe(0);
  const dir = path.join(tmp, 'checkpoints', job.id);
  expect(fs.readdirSync(dir).filter((n) => n.endsWith('.pt'))).toHaveLength(1);
});
