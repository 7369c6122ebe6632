'use strict';
// Case 10: training inside a Node service. An HTTP server answers a cheap endpoint to an open-loop
// client (its own process, a fixed rate) while model A trains, once in a torchts/jobs worker and
// once as the same loop on the main thread: HTTP latency, event-loop delay and training speed.
// Then a soak: 20 jobs one after another (every other one cancelled mid-run), main-thread live
// tensors and RSS before and after.
const http = require('http');
const path = require('path');
const { fork } = require('child_process');
const { monitorEventLoopDelay } = require('perf_hooks');
const { BENCH, rssBytes } = require('../lib/common');

const TRAIN_JOB = path.join(BENCH, 'lib', 'train_job.js');
const RESOLUTION_MS = 10;

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/health`)));
}

/** Runs `train` while the client loads `url`; latency and event-loop delay figures, prefixed. */
async function underLoad(prefix, url, rate, train) {
  const client = fork(path.join(BENCH, 'lib', 'http_load.js'), [url, String(rate)], { stdio: 'inherit' });
  const reply = new Promise((resolve) => client.on('message', (m) => { if (m !== 'started') resolve(m); }));
  await new Promise((resolve) => client.once('message', resolve));
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  // The histogram records the time between its timer's firings from the second one on: start
  // training only after that, or a loop blocked from the start goes unseen.
  await new Promise((r) => setTimeout(r, 3 * RESOLUTION_MS));
  const result = await train();
  // Let the histogram's timer fire once more: a loop that blocked until now is recorded then.
  await new Promise((r) => setTimeout(r, 3 * RESOLUTION_MS));
  loop.disable();
  client.send('stop');
  const { latencies, unanswered } = await reply;
  if (unanswered) throw new Error(`${unanswered} requests unanswered`);
  return {
    [`${prefix}_p50`]: quantile(latencies, 0.5),
    [`${prefix}_p99`]: quantile(latencies, 0.99),
    [`${prefix}_max`]: Math.max(...latencies),
    [`${prefix}_loop_p99`]: Math.max(0, loop.percentile(99) / 1e6 - RESOLUTION_MS),
    [`${prefix}_loop_max`]: Math.max(0, loop.max / 1e6 - RESOLUTION_MS),
    [`${prefix}_sps`]: result.steps_per_s,
    [`${prefix}_requests`]: latencies.length,
  };
}

/** 20 job lifecycles; the main thread loads each job's weights (as a service would), then drops them. */
async function soak(torch, jobs, s) {
  torch.collect();
  const tensors0 = torch.memory().tensors;
  let rss0 = 0;
  for (let i = 0; i < s.soakJobs; i++) {
    const cancel = i % 2 === 1;
    const job = jobs.start(TRAIN_JOB, { args: { steps: cancel ? 1e9 : s.soakSteps, warmup: 0 }, progress_interval_ms: 20 });
    if (cancel) job.once('progress', () => job.cancel());
    const status = await job.done;
    if (status !== (cancel ? 'cancelled' : 'succeeded')) throw new Error(`soak job ${i}: ${status} ${job.error ? job.error.message : ''}`);
    const bytes = await job.weights();
    const keys = torch.tidy(() => Object.keys(torch.load(bytes)));
    if (keys.length !== 8) throw new Error(`soak: unexpected state dict ${keys}`);
    if (i === 0) { torch.collect(); rss0 = rssBytes(); }
  }
  await new Promise((r) => setTimeout(r, 100));
  torch.collect();
  return { soak_rss_growth: (rssBytes() / rss0 - 1) * 100, soak_tensors_delta: torch.memory().tensors - tensors0 };
}

module.exports = {
  id: 10,
  key: 'server',
  title: 'Training in a server',
  what: 'a node:http server answers GET /health to an open-loop client at a fixed rate (its own process; latency counted from when each request was due) while the notebook\'s model A trains on pre-loaded task A (batch 32, SGD): in a torchts/jobs worker, then as the same loop on the main thread. Event-loop delay from perf_hooks.monitorEventLoopDelay minus its resolution. Then 20 jobs one after another (every other one cancelled at its first progress event), each one\'s weights loaded on the main thread',
  unit: 'ms unless stated',
  better: 'lower',
  impls: ['torchts'],
  rows: [
    { key: 'job_p50', label: 'HTTP latency p50, training in a job' },
    { key: 'job_p99', label: 'HTTP latency p99, training in a job' },
    { key: 'job_max', label: 'HTTP latency max, training in a job' },
    { key: 'job_loop_p99', label: 'event-loop delay p99, training in a job' },
    { key: 'job_loop_max', label: 'event-loop delay max, training in a job' },
    { key: 'main_p50', label: 'HTTP latency p50, training on the main thread' },
    { key: 'main_p99', label: 'HTTP latency p99, training on the main thread' },
    { key: 'main_max', label: 'HTTP latency max, training on the main thread' },
    { key: 'main_loop_max', label: 'event-loop delay max, training on the main thread' },
    { key: 'job_sps', label: 'training steps/s in the job' },
    { key: 'main_sps', label: 'training steps/s on the main thread' },
    { key: 'sps_ratio', label: 'job steps/s ÷ main-thread steps/s' },
    { key: 'soak_rss_growth', label: 'soak: RSS growth after 20 jobs (%, from after the first)' },
    { key: 'soak_tensors_delta', label: 'soak: main-thread live tensors after − before' },
  ],
  targets: [
    { row: 'job_p99', max: 50 },
    { row: 'job_loop_max', max: 50 },
    { row: 'sps_ratio', min: 0.9 },
    { row: 'main_p99', min: 50, why: 'sanity: the blocking loop must fail the latency target' },
    { row: 'main_loop_max', min: 50, why: 'sanity: the blocking loop must fail the loop-delay target' },
    { row: 'soak_rss_growth', max: 10 },
    { row: 'soak_tensors_delta', max: 0 },
  ],
  notes: (s) => [`${s.rate} requests/s; ${s.steps.toLocaleString('en-US')} timed steps after ${s.warmup} warm-up steps per run (steps/s counts the timed steps only; latency and loop delay cover the whole run, data loading included); soak: ${s.soakJobs} jobs of ${s.soakSteps} steps or cancelled. Both the job and the main-thread loop use 1 intra-op thread (the job's default budget on 2 cores).`],
  settings: (quick) => ({ rate: 50, steps: quick ? 3000 : 8000, warmup: 200, soakJobs: 20, soakSteps: quick ? 100 : 300 }),
  commands: () => null,

  js: {
    async torchts(s) {
      const torch = require('../..');
      torch.set_num_threads(1);
      const jobs = require('../../dist/jobs');
      const train = require(TRAIN_JOB);
      const server = http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
      const url = await listen(server);
      const args = { steps: s.steps, warmup: s.warmup };
      const inJob = await underLoad('job', url, s.rate, () => jobs.start(TRAIN_JOB, { args, num_threads: 1 }).result);
      const onMain = await underLoad('main', url, s.rate, async () => train(train.mainThreadContext, args));
      const soaked = await soak(torch, jobs, s);
      server.close();
      server.closeAllConnections();
      return { ...inJob, ...onMain, sps_ratio: inJob.job_sps / onMain.main_sps, ...soaked };
    },
  },
};
