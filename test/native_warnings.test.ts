// Warnings LibTorch raises in C++ (TORCH_WARN in kernels and the autograd engine) reach JS as
// Python's warnings do: process 'warning' events with Python's category as the name and Python's
// message (golden: scripts/golden/native_warnings.py), each shown once under the default rule, also
// when raised on another thread, and never as LibTorch's own log lines on stderr. Each check runs
// in a child process (test/fixtures/native_warnings.js), whose stderr is read too.
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as torch from '../lib';
import { loadGolden } from './golden';

const golden = loadGolden('native_warnings');
const FIXTURE = path.join(__dirname, 'fixtures', 'native_warnings.js');
// LibTorch's default handler logs through glog ("W20261207 12:00:00.000000 123 Copy.cpp:250] Warning: ...")
// or c10's own logger ("[W Copy.cpp:250] Warning: ...").
const LOG_LINE = /^(\[W |W\d{8} |WARNING: Logging before)|\] Warning: /m;

type Warned = [string, string][];
interface Outcome { warnings?: Warned; error?: { type: string; message: string } }

function run(mode: string): { out: any; stderr: string } {
  const child = spawnSync(process.execPath, [FIXTURE, mode], { encoding: 'utf8', timeout: 60000 });
  if (child.status !== 0) throw new Error(`${mode} exited with ${child.status}: ${child.stderr}`);
  return { out: JSON.parse(child.stdout), stderr: child.stderr };
}

/** Node's default printing of a warning: "(node:PID) UserWarning: <message>". */
const printed = (stderr: string, [name, message]: [string, string]) => stderr.includes(`${name}: ${message}`);

describe('LibTorch warnings as Python warnings', () => {
  let out: any;
  let stderr = '';
  beforeAll(() => ({ out, stderr } = run('cases')));

  test.each(Object.keys(golden.cases))('%s: the category and message Python records', (name) => {
    const expected: Outcome = golden.cases[name];
    const got: Outcome = out.cases[name];
    expect(got.error).toEqual(expected.error);
    expect(got.warnings).toEqual(expected.warnings);
  });

  test('every case made a warning or an error', () => {
    const warned = Object.values(golden.cases as Record<string, Outcome>).filter((c) => (c.warnings ?? []).length > 0);
    expect(warned.length).toBeGreaterThanOrEqual(5);
  });

  test('a warning LibTorch raises at every call shows once, as under Python\'s default filter', () => {
    const expected = golden.repeated.index_uint8;
    const got: Outcome = out.repeated.index_uint8;
    if (expected.error) return expect(got.error).toEqual(expected.error);
    expect(expected.always).toBeGreaterThan(expected.default);
    // The case ran once before: its message was shown then, so three more calls show nothing new.
    expect(got.warnings).toEqual([]);
    expect(expected.default).toBe(1);
  });

  test('a TorchScript warnings.warn is the message alone, shown at every call (a verbatim warning)', () => {
    expect(out.scripted_warn.warnings).toEqual(golden.scripted_warn.warnings);
    expect(golden.repeated.scripted_warn.default).toBe(3);
    expect(out.repeated.scripted_warn.warnings).toEqual(Array(3).fill(golden.scripted_warn.warnings[0]));
  });

  test('a call that warns and then fails shows the warning and throws Python\'s error', () => {
    const expected: Outcome = golden.warning_then_error;
    const { out: got, stderr: printedErr } = run('error');
    expect(expected.error?.type).toBe('IndexError');
    expect(expected.warnings).toHaveLength(1);
    expect(got).toEqual(expected);
    expect(printedErr).not.toMatch(LOG_LINE);
  });

  test('Node prints them as warnings; LibTorch\'s log lines are gone', () => {
    expect(stderr).not.toMatch(LOG_LINE);
    for (const c of Object.values(out.cases as Record<string, Outcome>)) {
      for (const w of c.warnings ?? []) expect(printed(stderr, w)).toBe(true);
    }
  });

  test('torch.set_warn_always and torch.is_warn_always_enabled', () => {
    expect(out.warn_always_default).toBe(golden.warn_always_default);
    expect(torch.is_warn_always_enabled()).toBe(false);
    torch.set_warn_always(true);
    try {
      expect(torch.is_warn_always_enabled()).toBe(true);
    } finally {
      torch.set_warn_always(false);
    }
    expect(torch.is_warn_always_enabled()).toBe(false);
  });
});

describe('warnings from other threads arrive on the JS thread', () => {
  const createGraph: Outcome = golden.cases.backward_create_graph;

  test('raised by the autograd engine on its helper thread', () => {
    const { out, stderr } = run('marshal');
    expect(out.marshalled).toBeGreaterThan(0);  // the JS Function's backward ran for another thread
    expect(out.warnings).toEqual(createGraph.warnings);
    expect(stderr).not.toMatch(LOG_LINE);
  });

  test('raised in a worker_thread: its own process sees them, the main thread does not', () => {
    const { out, stderr } = run('worker');
    expect(out.worker).toEqual(golden.cases.where_uint8.warnings);
    expect(out.main).toEqual([]);
    expect(stderr).not.toMatch(LOG_LINE);
  });
});
