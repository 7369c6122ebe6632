'use strict';
// An HTTP training service over torchts/jobs: each training request runs in its own worker
// thread, so the event loop keeps answering while models train.
//
//   POST /jobs                 start a Fashion-MNIST job (body: see schema.js) -> 201 job
//   GET  /jobs                 every job with its progress
//   GET  /jobs/:id             one job
//   GET  /jobs/:id/events      its progress as Server-Sent Events ('progress', then one 'end')
//   POST /jobs/:id/cancel      cancel it (it checkpoints first) -> 202
//   GET  /jobs/:id/weights     its current weights as a .pt file (Python's torch.load reads it)
//   POST /jobs/:id/predict     classify images with its latest weights
//   GET  /health               a cheap answer, for load balancers (and the benchmark)
const http = require('http');
const path = require('path');
const torch = require('torchts');
const torchvision = require('torchts/vision');
const jobs = require('torchts/jobs');
const { trainRequest, predictRequest, describeIssues } = require('./schema');
const { CLASSES, buildModel } = require('./model');

const TRAIN_MODULE = path.join(__dirname, 'train_fmnist.js');
const MAX_BODY = 16 << 20;

class HttpError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new HttpError(413, `body over ${MAX_BODY} bytes`)); req.destroy(); } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try { resolve(text ? JSON.parse(text) : {}); } catch (e) { reject(new HttpError(400, `body is not valid JSON: ${e.message}`)); }
    });
    req.on('error', reject);
  });
}

function validate(schema, body) {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, describeIssues(r.error));
  return r.data;
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The service. Options: data_root (where Fashion-MNIST is copied from the Debian package),
 * checkpoint_root (one folder per job), progress_interval_ms.
 */
function createServer({ data_root, checkpoint_root, progress_interval_ms = 250 }) {
  const registry = new Map(); // id -> { job, config }
  let testSet = null; // loaded on the first /predict with test_indices
  let nextId = 1;

  const describe = ({ job, config, result }) => ({ ...job.toJSON(), config, result: result ?? null });
  const find = (id) => {
    const entry = registry.get(id);
    if (!entry) throw new HttpError(404, `no job ${id}`);
    return entry;
  };

  function startJob(body) {
    const config = validate(trainRequest, body);
    let resume;
    if (config.resume_from) {
      resume = jobs.latest_checkpoint(path.join(checkpoint_root, config.resume_from));
      if (!resume) throw new HttpError(409, `job ${config.resume_from} has no checkpoint`);
    }
    const id = `job-${nextId++}`;
    const job = jobs.start(TRAIN_MODULE, {
      id,
      args: { ...config, data_root },
      progress_interval_ms,
      checkpoint: { dir: path.join(checkpoint_root, id), every: config.checkpoint_every, keep: 2 },
      resume,
    });
    return { job, config };
  }

  async function predict(entry, body) {
    const request = validate(predictRequest, body);
    const bytes = await entry.job.weights();
    if (!bytes) throw new HttpError(409, `job ${entry.job.id} has no weights yet`);
    // Loaded outside the tidy scope below, which frees every tensor created inside it.
    if (request.test_indices) testSet ??= torchvision.datasets.FashionMNIST(data_root, { train: false, download: true });
    return torch.tidy(() => torch.no_grad(() => {
      const model = buildModel(torch, entry.config.model);
      model.load_state_dict(torch.load(bytes));
      model.eval();
      const X = request.images
        ? torch.tensor(request.images, { dtype: torch.float32 }).reshape(-1, 1, 28, 28)
        : testSet.data.index_select(0, torch.tensor(request.test_indices)).to(torch.float32).div(255);
      const probs = torch.nn.functional.softmax(model(X), { dim: 1 });
      const [p, cls] = probs.max(1);
      const ps = p.tolist(), cs = cls.tolist();
      return { step: entry.job.progress ? entry.job.progress.step : 0, predictions: cs.map((c, i) => ({ class: c, label: CLASSES[c], probability: ps[i] })) };
    }));
  }

  function streamEvents(req, res, { job }) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const onProgress = (p) => send('progress', p);
    const end = () => { send('end', describe(registry.get(job.id))); res.end(); };
    if (job.progress) send('progress', job.progress);
    if (job.status !== 'running') return end();
    job.on('progress', onProgress);
    job.once('end', end);
    req.on('close', () => { job.off('progress', onProgress); job.off('end', end); });
  }

  async function route(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method;
    if (method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { ok: true, jobs: jobs.running_jobs().length });
    if (parts[0] !== 'jobs' || parts.length > 3) throw new HttpError(404, `no route ${method} ${url.pathname}`);
    if (parts.length === 1) {
      if (method === 'GET') return sendJson(res, 200, [...registry.values()].map(describe));
      if (method === 'POST') {
        const entry = startJob(await readJson(req));
        registry.set(entry.job.id, entry);
        entry.job.result.then((r) => { entry.result = r; }, () => { /* the job's status and error say it */ });
        return sendJson(res, 201, describe(entry));
      }
      throw new HttpError(405, `${method} /jobs is not allowed`);
    }
    const entry = find(parts[1]);
    const action = parts[2] ?? '';
    const allowed = { '': 'GET', events: 'GET', weights: 'GET', cancel: 'POST', predict: 'POST' }[action];
    if (!allowed) throw new HttpError(404, `no route ${method} ${url.pathname}`);
    if (method !== allowed) throw new HttpError(405, `${method} ${url.pathname} is not allowed (use ${allowed})`);
    if (action === '') return sendJson(res, 200, describe(entry));
    if (action === 'events') return streamEvents(req, res, entry);
    if (action === 'cancel') { entry.job.cancel(); return sendJson(res, 202, describe(entry)); }
    if (action === 'predict') return sendJson(res, 200, await predict(entry, await readJson(req)));
    const bytes = await entry.job.weights();
    if (!bytes) throw new HttpError(409, `job ${entry.job.id} has no weights yet`);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length, 'content-disposition': `attachment; filename="${entry.job.id}.pt"` });
    res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  return http.createServer((req, res) => {
    route(req, res).catch((e) => {
      if (res.headersSent) { res.destroy(e); return; }
      sendJson(res, e instanceof HttpError ? e.status : 500, { error: e.message });
    });
  });
}

module.exports = { createServer };
