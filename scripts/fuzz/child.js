// Runs a range of hostile calls in this process and reports each one on fd 3 *before* it starts
// (so that a crash or hang is charged to the call in flight) and after it ends; then checks that
// the library still works. Usage: node child.js <first> <end> <stride> | node child.js --count
'use strict';
const fs = require('fs');
const path = require('path');
// FUZZ_TORCHTS_ROOT points the suite at another build of the library (to compare two versions).
const ROOT = process.env.FUZZ_TORCHTS_ROOT || path.join(__dirname, '..', '..');
const torch = require(ROOT);
const { Sentinel } = require('./hostile');
const { targets, caseAt, caseCount } = require('./targets');

const REPORT_FD = 3;
const report = (obj) => fs.writeSync(REPORT_FD, JSON.stringify(obj) + '\n');

// V8's own messages for a JS mistake inside the library: the caller should have got a TypeError
// naming the argument instead.
const RAW_ENGINE = /is not a function|Cannot read propert|Cannot set propert|is not iterable|Cannot convert|is not a constructor|Cannot destructure|is not defined|Cannot create property|Invalid array length|Maximum call stack size exceeded|Reduce of empty array|undefined is not|null is not|Cannot mix BigInt|Invalid typed array length|Invalid string length|Cannot access|object is not extensible|Cannot assign to read only|Cannot redefine property|Cannot define property|Class constructor|Method .* called on incompatible|Cannot perform|Invalid time value|Cannot use 'in' operator|Converting circular structure|Do not know how to serialize a BigInt|Function\.prototype\.apply|Spread syntax requires|Symbol\(|Cannot freeze|Invalid regular expression/;

/** How a thrown value reads to a user: 'error' (proper), 'raw', 'empty' or 'non-error'. */
function classify(e) {
  if (e instanceof Sentinel || (e && e.name === 'Sentinel')) return ['error', 'sentinel propagated'];
  if (!(e instanceof Error) && !(e && typeof e.message === 'string')) return ['non-error', String(e)];
  const message = String(e.message);
  if (!message.trim()) return ['empty', `${e.constructor && e.constructor.name}: (no message)`];
  if (e.name !== 'TorchError' && RAW_ENGINE.test(message)) return ['raw', `${e.name}: ${message}`];
  return ['error', `${e.name}: ${message}`];
}

function withTimeout(value) {
  return value && typeof value.then === 'function' ? value : undefined;
}

function bindCase(base, slot, value) {
  const args = base.slice();
  if (slot < args.length) args[slot] = value;
  else if (slot === args.length) args.push(value);
  else return null; // only one trailing slot: the options object
  return args;
}

// Per target: the first base argument list that runs without error, else the first one.
const bases = new Map();
function baseFor(target, i) {
  if (bases.has(target.name)) return bases.get(target.name)();
  let chosen = target.bases[0];
  for (const make of target.bases) {
    report({ i, start: `${target.name} base arguments` });
    try {
      const r = target.invoke(make());
      if (r && typeof r.then === 'function') r.catch(() => undefined);
      chosen = make;
      break;
    } catch { /* try the next */ } finally {
      report({ i, kind: 'base', detail: '' });
    }
  }
  bases.set(target.name, chosen);
  return chosen();
}

// Global state a call may legitimately change; put back before judging the library's health.
function resetGlobals() {
  torch.set_grad_enabled(true);
  torch.set_default_dtype(torch.float32);
  if (typeof torch.set_default_device === 'function') torch.set_default_device('cpu');
  torch.set_printoptions({ profile: 'default' });
}

function healthCheck() {
  resetGlobals();
  torch.manual_seed(0);
  const m = torch.nn.Linear(3, 2);
  const x = torch.ones(4, 3);
  const loss = m(x).square().mean();
  loss.backward();
  const opt = new torch.optim.SGD(m.parameters(), { lr: 0.1 });
  opt.step();
  const sum = torch.tensor([1, 2, 3]).add(1).tolist();
  if (JSON.stringify(sum) !== '[2,3,4]') throw new Error(`arithmetic broken: ${JSON.stringify(sum)}`);
  if (!Number.isFinite(loss.item()) || !m.weight.grad) throw new Error('autograd broken');
  if (String(torch.tensor([1.5])) !== 'tensor([1.5000])') throw new Error(`printing broken: ${String(torch.tensor([1.5]))}`);
}

async function main() {
  const all = targets(torch, { root: ROOT });
  if (process.argv[2] === '--count') {
    process.stdout.write(`${caseCount(all)} ${all.length}\n`);
    return;
  }
  if (process.argv[2] === '--names') {
    process.stdout.write(all.map((t) => t.name).join('\n') + '\n');
    return;
  }
  const [first, end, stride] = process.argv.slice(2, 5).map(Number);
  process.on('unhandledRejection', () => undefined); // a rejected promise a call left behind is its own business
  process.on('warning', () => undefined);
  process.removeAllListeners('warning');
  for (let i = first; i < end; i += stride) {
    const { target, slot, hostile } = caseAt(all, i);
    let args;
    try {
      args = bindCase(baseFor(target, i), slot, hostile[1](torch));
    } catch (e) {
      report({ i, skip: `base: ${e && e.message}` });
      continue;
    }
    if (!args) continue;
    report({ i, start: `${target.name} slot ${slot} <- ${hostile[0]}` });
    let outcome;
    try {
      const r = target.invoke(args);
      const pending = withTimeout(r);
      if (pending) await pending;
      if (r && typeof r[Symbol.iterator] === 'function' && typeof r !== 'string') for (const _ of r) break;
      outcome = ['ok', ''];
    } catch (e) {
      outcome = classify(e);
    }
    report({ i, kind: outcome[0], detail: outcome[1].slice(0, 300) });
  }
  try {
    healthCheck();
    report({ health: 'ok' });
  } catch (e) {
    report({ health: 'broken', detail: String(e && e.stack) });
  }
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(String(e && e.stack) + '\n');
  process.exit(70);
});
