#!/usr/bin/env node
'use strict';
// `npm run example:server [-- --port 3000 --host 127.0.0.1 --data-root DIR --checkpoint-root DIR]`:
// the training service of server.js. SIGTERM / SIGINT cancel running jobs (each checkpoints
// first, so `resume_from` continues them), then the process exits.
const os = require('os');
const path = require('path');
const { parseArgs } = require('util');
const jobs = require('torchts/jobs');
const { createServer } = require('./server');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-root': { type: 'string', default: path.join(os.tmpdir(), 'torchts-server', 'data') },
    'checkpoint-root': { type: 'string', default: path.join(os.tmpdir(), 'torchts-server', 'checkpoints') },
  },
});

const server = createServer({ data_root: values['data-root'], checkpoint_root: values['checkpoint-root'] });
server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address();
  process.stdout.write(`listening on http://${address}:${port}\n`);
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    jobs.shutdown().then(() => process.exit(0));
  });
}
