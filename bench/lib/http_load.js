'use strict';
// An open-loop HTTP client in its own process: GET `url` at a fixed rate whatever the answers
// (so a stalled server is seen, not hidden by a client that waits), until the parent says 'stop';
// then waits for the answers still out and sends back each request's latency in ms, measured
// from when it was due. Usage (forked): http_load.js URL RATE
const http = require('http');

const [url, rate] = [process.argv[2], Number(process.argv[3])];
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const period = 1000 / rate;
const latencies = [];
let outstanding = 0;
let stopped = false;
let sent = 0;
const t0 = performance.now();

function fire() {
  if (stopped) return;
  const due = t0 + sent * period;
  sent++;
  outstanding++;
  http.get(url, { agent }, (res) => {
    res.resume();
    res.on('end', () => { latencies.push(performance.now() - due); outstanding--; });
  }).on('error', () => { latencies.push(Infinity); outstanding--; });
  setTimeout(fire, Math.max(0, t0 + sent * period - performance.now()));
}

process.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  const deadline = performance.now() + 30000;
  const finish = () => {
    if (outstanding > 0 && performance.now() < deadline) return setTimeout(finish, 10);
    process.send({ latencies, unanswered: outstanding }, () => process.exit(0));
  };
  finish();
});
fire();
process.send('started');
