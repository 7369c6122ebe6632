#!/usr/bin/env node
// torchts-run: torchrun for torchts. Starts --nproc-per-node copies of a script on this node as
// ranks of one job, with the environment torch.distributed's env:// rendezvous reads (RANK,
// LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT). Ranks are spawned (never
// forked: LibTorch's threads do not survive a fork). SIGINT/SIGTERM are passed on to the ranks;
// when one rank fails the others are stopped and torchts-run exits with the failing rank's code.
//
//   npx torchts-run --nproc-per-node 2 train.ts [script arguments]
//   npx torchts-run --nnodes 2 --node-rank 0 --nproc-per-node 4 --master-addr 10.0.0.1 --master-port 29500 train.js
'use strict';
const { spawn } = require('child_process');
const net = require('net');
const os = require('os');
const path = require('path');

const USAGE = `usage: torchts-run [--nproc-per-node N] [--nnodes N] [--node-rank R] [--master-addr ADDR] [--master-port PORT] script [args...]

  --nproc-per-node N   ranks to start on this node (default 1)
  --nnodes N           nodes in the job (default 1)
  --node-rank R        this node's rank, 0..nnodes-1 (default 0)
  --master-addr ADDR   address of rank 0's node (default 127.0.0.1)
  --master-port PORT   its port (default: a free port with one node, else 29500)
  script               a .js file, or a .ts file (run through ts-node)`;

const OPTIONS = { 'nproc-per-node': 'int', nnodes: 'int', 'node-rank': 'int', 'master-addr': 'str', 'master-port': 'int' };
// After a failure, or a signal, ranks get this long to exit before SIGKILL.
const GRACE_MS = 5000;

function fail(message) {
  process.stderr.write(`torchts-run: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv) {
  const opts = { 'nproc-per-node': 1, nnodes: 1, 'node-rank': 0, 'master-addr': '127.0.0.1', 'master-port': null };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (!arg.startsWith('--')) break;
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
    name = name.replace(/_/g, '-');
    if (!(name in OPTIONS)) fail(`unknown option --${name}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) fail(`--${name} needs a value`);
      value = argv[++i];
    }
    if (OPTIONS[name] === 'int') {
      if (!/^\d+$/.test(value)) fail(`--${name} expects a non-negative integer, got '${value}'`);
      opts[name] = Number(value);
    } else {
      opts[name] = value;
    }
  }
  if (i >= argv.length) fail('no script given');
  if (opts['nproc-per-node'] < 1) fail('--nproc-per-node must be at least 1');
  if (opts.nnodes < 1) fail('--nnodes must be at least 1');
  if (opts['node-rank'] >= opts.nnodes) fail(`--node-rank ${opts['node-rank']} is not below --nnodes ${opts.nnodes}`);
  return { opts, script: argv[i], args: argv.slice(i + 1) };
}

function freePort(host) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** node's arguments for the script: a .ts script runs through ts-node (the project's or ours). */
function nodeArgs(script) {
  if (!/\.[cm]?ts$/.test(script)) return [script];
  const paths = [process.cwd(), __dirname];
  let register;
  try {
    register = require.resolve('ts-node/register/transpile-only', { paths });
  } catch {
    fail(`${script} is TypeScript: install ts-node (npm install --save-dev ts-node), or compile it and run the .js`);
  }
  return ['--require', register, script];
}

async function main() {
  const { opts, script, args } = parse(process.argv.slice(2));
  const nproc = opts['nproc-per-node'];
  const world = nproc * opts.nnodes;
  const addr = opts['master-addr'];
  let port = opts['master-port'];
  if (port === null) port = opts.nnodes === 1 ? await freePort(addr) : 29500;

  const children = [];
  let failure = null;  // { rank, code }
  let signalled = null;
  let killTimer = null;

  const stopAll = (signal) => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
    if (killTimer === null) {
      killTimer = setTimeout(() => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); }, GRACE_MS);
      killTimer.unref();
    }
  };

  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      signalled ??= sig;
      stopAll(sig);
    });
  }

  let running = nproc;
  const done = new Promise((resolve) => {
    for (let local = 0; local < nproc; local++) {
      const rank = opts['node-rank'] * nproc + local;
      const env = {
        ...process.env,
        RANK: String(rank), LOCAL_RANK: String(local), GROUP_RANK: String(opts['node-rank']),
        WORLD_SIZE: String(world), LOCAL_WORLD_SIZE: String(nproc),
        MASTER_ADDR: addr, MASTER_PORT: String(port),
      };
      const child = spawn(process.execPath, [...nodeArgs(script), ...args], { env, stdio: 'inherit' });
      child.on('error', (e) => {
        process.stderr.write(`torchts-run: rank ${rank}: ${e.message}\n`);
        // A process that never started emits no 'exit'.
        if (child.pid === undefined) child.emit('exit', 1, null);
      });
      child.on('exit', (code, signal) => {
        const status = code ?? 128 + (os.constants.signals[signal] ?? 1);
        if (status !== 0 && failure === null && signalled === null) {
          failure = { rank, code: status };
          process.stderr.write(`torchts-run: rank ${rank} (local rank ${local}) exited with ${code !== null ? `code ${code}` : signal}; stopping the other ranks\n`);
          stopAll('SIGTERM');
        }
        if (--running === 0) resolve();
      });
      children.push(child);
    }
  });
  await done;
  if (killTimer !== null) clearTimeout(killTimer);
  if (failure !== null) process.exit(failure.code);
  if (signalled !== null) process.exit(128 + os.constants.signals[signalled]);
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`torchts-run: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
