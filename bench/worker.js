#!/usr/bin/env node
'use strict';
// Runs one JS implementation of one case in a fresh process (as Python and C++ run in theirs)
// and prints "key value" lines. Usage: node bench/worker.js <case> <impl> '<settings json>'
const [caseKey, impl, settings] = process.argv.slice(2);

(async () => {
  const c = require(`./cases/${caseKey}`);
  const fn = c.js && c.js[impl];
  if (!fn) throw new Error(`case ${caseKey} has no ${impl} implementation`);
  // tfjs prints an install hint for tfjs-node through console.warn.
  if (impl.startsWith('tfjs')) console.warn = () => {};
  const out = await fn(JSON.parse(settings || '{}'));
  process.stdout.write(Object.entries(out).map(([k, v]) => `${k} ${v}\n`).join(''));
})().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
