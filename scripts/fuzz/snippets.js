// Runs the JS snippets of a JSON file from index <first> on, reporting each on fd 3 before and
// after it (see run.js, runSnippets). A snippet is an async function body with `torch`, `nn`, `F`,
// `boom` (throws 'from the getter'), `thrown(f)` (the call's value or error, as plain data),
// `ROOT` and `require` in scope; its return value is reported as JSON. Usage: node snippets.js <file> <first>
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = process.env.FUZZ_TORCHTS_ROOT || path.join(__dirname, '..', '..');
const torch = require(ROOT);
const report = (obj) => fs.writeSync(3, JSON.stringify(obj) + '\n');
const boom = () => { throw new Error('from the getter'); };
const thrown = (f) => {
  try {
    const r = f();
    return { returned: String(r) };
  } catch (e) {
    return { name: e.name, message: e.message, pythonType: e.pythonType };
  }
};
const AsyncFunction = (async () => undefined).constructor;

async function main() {
  const snippets = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (let i = Number(process.argv[3]); i < snippets.length; i++) {
    report({ i, start: `snippet ${i}` });
    try {
      const body = new AsyncFunction('torch', 'nn', 'F', 'boom', 'thrown', 'ROOT', 'require', snippets[i]);
      const value = await body(torch, torch.nn, torch.nn.functional, boom, thrown, ROOT, require);
      report({ i, kind: 'ok', detail: JSON.stringify(value === undefined ? null : value) });
    } catch (e) {
      report({ i, kind: 'threw', detail: String(e && e.stack) });
    }
  }
  report({ health: 'ok' });
}

main().then(() => process.exit(0));
