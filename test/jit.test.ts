// torch.jit.load / save against PyTorch 1.13: archives in test/golden/jit/ and values in
// test/golden/jit.json (written by scripts/golden/jit.py: `npm run golden -- jit`). Loaded modules run, list and train like nn.Modules;
// weights fine-tuned here load back in Python's torch.jit.load.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as torch from '../lib';
import { native } from '../lib/native';
import { PYTHON } from './serialization_summary';
import { expectTensor } from './helpers';
import { GoldenTensor, fixturePath, loadGolden, makeTensor } from './golden';

const nn = torch.nn;
const F = torch.nn.functional;
const golden = loadGolden('jit');
const DIR = path.join(path.dirname(fixturePath('jit')), 'jit');
const fixture = (name: string): string => path.join(DIR, name);

type Enc = { t: GoldenTensor } | { list: Enc[] } | { py: unknown[] } | { dict: [string, Enc][] } | { num: number } | { bool: boolean } | { str: string } | { none: true };

/** A call argument recorded by encode.result, as the value to pass. */
function decode(e: Enc): unknown {
  if ('t' in e) return makeTensor(e.t);
  if ('list' in e) return e.list.map(decode);
  if ('py' in e) return e.py;
  if ('dict' in e) return Object.fromEntries(e.dict.map(([k, v]) => [k, decode(v)]));
  if ('num' in e) return e.num;
  if ('bool' in e) return e.bool;
  if ('str' in e) return e.str;
  return null;
}

function expectValue(actual: unknown, e: Enc, what: string): void {
  if ('t' in e) return expectTensor(actual, e.t, what, 1e-6);
  if ('list' in e) {
    expect(Array.isArray(actual) && actual.length).toBe(e.list.length);
    e.list.forEach((item, i) => expectValue((actual as unknown[])[i], item, `${what}[${i}]`));
    return;
  }
  if ('dict' in e) {
    expect(Object.keys(actual as object)).toEqual(e.dict.map(([k]) => k));
    for (const [k, v] of e.dict) expectValue((actual as Record<string, unknown>)[k], v, `${what}.${k}`);
    return;
  }
  if ('py' in e) return expect(actual).toEqual(e.py);
  if ('num' in e) return expect(actual).toBeCloseTo(e.num, 6);
  if ('bool' in e) return expect(actual).toBe(e.bool);
  if ('str' in e) return expect(actual).toBe(e.str);
  expect(actual).toBeNull();
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-jit-'));
afterAll(() => fs.rmSync(tmpDir, { recursive: true, force: true }));

describe.each(Object.keys(golden.cases))('%s', (name) => {
  const c = golden.cases[name];

  test('loads as an nn.Module with Python\'s members, names and printed form', () => {
    const m = torch.jit.load(fixture(c.file));
    expect(m).toBeInstanceOf(nn.Module);
    expect(m).toBeInstanceOf(torch.jit.ScriptModule);
    expect(m.original_name).toBe(c.original_name);
    expect(String(m)).toBe(c.repr);
    expect(m.code).toBe(c.code);
    expect(m.graph).toBe(c.graph);
    const params = [...m.named_parameters()];
    expect(params.map(([n]) => n)).toEqual(c.parameters.map((p: [string]) => p[0]));
    params.forEach(([n, p], i) => {
      expect(p).toBeInstanceOf(nn.Parameter);
      expect(p.requires_grad).toBe(c.parameters[i][2]);
      expectTensor(p, c.parameters[i][1], n, 0);
    });
    expect([...m.parameters()].every((p, i) => p === params[i][1])).toBe(true);
    const buffers = [...m.named_buffers()];
    expect(buffers.map(([n]) => n)).toEqual(c.buffers.map((b: [string]) => b[0]));
    buffers.forEach(([n, b], i) => expectTensor(b, c.buffers[i][1], n, 0));
    expect(Object.keys(m.state_dict())).toEqual(c.state_dict_keys);
    expect([...m.named_modules()].map(([n]) => n)).toEqual(c.modules);
    expect([...m.children()].length).toBe(c.modules.filter((n: string) => n !== '' && !n.includes('.')).length);
  });

  test.each(c.calls.map((call: any, i: number) => [i, call]) as [number, any][])('forward %i matches PyTorch (outputs and buffers after)', (_i, call) => {
    const m = torch.jit.load(fixture(c.file));
    m.train(call.train);
    expect(m.training).toBe(call.train);
    if (call.seed !== null) torch.manual_seed(call.seed);
    const args = call.args.map(decode);
    const kwargs = Object.entries(call.kwargs as Record<string, Enc>);
    if (kwargs.length) args.push(Object.fromEntries(kwargs.map(([k, v]) => [k, decode(v)])));
    expectValue(m(...args), call.out, 'out');
    for (const [n, b] of m.named_buffers()) expectTensor(b, call.buffers_after[n], `buffer ${n}`, 1e-6);
  });
});

describe('TorchScript module behaviour', () => {
  const mlp = golden.cases.mlp_scripted;

  test('backward through forward fills the Parameters\' grads as PyTorch does', () => {
    const m = torch.jit.load(fixture('mlp_scripted.pt')).eval();
    m(makeTensor(mlp.grads_eval.x)).sum().backward();
    const grads = [...m.named_parameters()].map(([n, p]) => [n, p.grad]);
    expect(grads.map(([n]) => n)).toEqual(mlp.grads_eval.grads.map((g: [string]) => g[0]));
    grads.forEach(([n, g], i) => expectTensor(g, mlp.grads_eval.grads[i][1], `grad ${n}`, 1e-5));
  });

  test('a torchts optimizer fine-tunes the loaded parameters along PyTorch\'s trajectory', () => {
    const ft = mlp.fine_tune;
    const m = torch.jit.load(fixture('mlp_scripted.pt')).eval();
    const opt = torch.optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
    const x = makeTensor(ft.x), target = makeTensor(ft.target);
    const losses: number[] = [];
    for (let i = 0; i < ft.steps; i++) {
      opt.zero_grad();
      const loss = F.mse_loss(m(x), target);
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    }
    losses.forEach((l, i) => expect(l).toBeCloseTo(ft.losses[i], 5));
    [...m.named_parameters()].forEach(([n, p], i) => expectTensor(p, ft.parameters[i][1], n, 1e-5));
    expectTensor(m(x), ft.out, 'out after fine-tuning', 1e-5);
  });

  test('after save, Python\'s torch.jit.load sees the fine-tuned weights and the same outputs', () => {
    const m = torch.jit.load(fixture('mlp_scripted.pt'));
    const opt = torch.optim.SGD(m.parameters(), { lr: 0.05 });
    torch.manual_seed(11);
    const x = torch.randn(6, 4), target = torch.randn(6, 3);
    for (let i = 0; i < 3; i++) {
      opt.zero_grad();
      F.mse_loss(m(x), target).backward();
      opt.step();
    }
    m.eval();
    const file = path.join(tmpDir, 'tuned.pt');
    m.save(file, { _extra_files: { 'notes.txt': 'tuned in torchts' } });
    const expected = {
      x: x.tolist(),
      out: torch.no_grad(() => m(x)).tolist(),
      state: Object.fromEntries(Object.entries(m.state_dict()).map(([k, v]) => [k, v.tolist()])),
    };
    const spec = path.join(tmpDir, 'tuned.json');
    fs.writeFileSync(spec, JSON.stringify(expected));
    const check = [
      'import json, sys, torch',
      'e = json.load(open(sys.argv[2]))',
      'm = torch.jit.load(sys.argv[1]).eval()',
      'sd = m.state_dict()',
      'assert list(sd) == list(e["state"]), (list(sd), list(e["state"]))',
      'for k, v in e["state"].items(): assert torch.equal(sd[k], torch.tensor(v, dtype=sd[k].dtype)), k',
      'out = m(torch.tensor(e["x"]))',
      'assert torch.allclose(out, torch.tensor(e["out"]), rtol=1e-5, atol=1e-6), (out, e["out"])',
      'extra = {"notes.txt": ""}',
      'torch.jit.load(sys.argv[1], _extra_files=extra)',
      'assert extra == {"notes.txt": b"tuned in torchts"}, extra',
      'print("ok", len(sd))',
    ].join('\n');
    // Under Python 3.14 (Debian sid) torch.jit.load itself warns that it is deprecated there.
    const quiet = ['-W', 'ignore:`torch.jit.load` is not supported in Python 3.14+:FutureWarning'];
    const run = spawnSync(PYTHON, [...quiet, '-c', check, file, spec], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(`ok ${Object.keys(expected.state).length}`);
    // And back here, from the file and from bytes.
    for (const again of [torch.jit.load(file), torch.jit.load(fs.readFileSync(file))]) {
      for (const [k, v] of Object.entries(again.state_dict())) expect(v.equal(m.state_dict()[k])).toBe(true);
    }
  });

  test('train()/eval() reach every TorchScript sub-module; dropout follows the flag', () => {
    const m = torch.jit.load(fixture('mlp_scripted.pt'));
    expect([...m.modules()].map((s) => s.training)).toEqual([true, true, true, true, true]);
    m.eval();
    expect([...m.modules()].map((s) => s.training)).toEqual([false, false, false, false, false]);
    const x = makeTensor(mlp.calls[0].args[0].t);
    expect(m(x).equal(m(x))).toBe(true);
    m.drop.train();
    expect([m.training, m.drop.training]).toEqual([false, true]);
  });

  test('forward hooks run around the call and may replace the output', () => {
    const m = torch.jit.load(fixture('pair_traced.pt'));
    const seen: number[][] = [];
    const handle = m.register_forward_hook((_mod, input, output) => {
      seen.push(input[0].shape);
      return output[0];
    });
    const x = makeTensor(golden.cases.pair_traced.calls[0].args[0].t);
    const out = m(x);
    expectTensor(out, golden.cases.pair_traced.calls[0].out.list[0].t, 'hooked', 1e-6);
    handle.remove();
    expect(Array.isArray(m(x))).toBe(true);
    expect(seen).toEqual([[2, 3]]);
  });

  test('load_state_dict, to(dtype), deepcopy and attribute assignment act on the TorchScript slots', () => {
    const tuned = torch.jit.load(fixture('mlp_scripted.pt')).eval();
    torch.no_grad(() => { for (const p of tuned.parameters()) p.mul_(0.5); });
    const m = torch.jit.load(fixture('mlp_scripted.pt')).eval();
    const x = makeTensor(mlp.calls[0].args[0].t);
    expect(m(x).equal(tuned(x))).toBe(false);
    m.load_state_dict(tuned.state_dict());
    expect(m(x).equal(tuned(x))).toBe(true);

    const copy = torch.deepcopy(m);
    expect(copy).toBeInstanceOf(torch.jit.RecursiveScriptModule);
    torch.no_grad(() => copy.fc2.bias.add_(1));
    expect(copy(x).sub(m(x)).sub(1).abs().max().item()).toBeLessThan(1e-6);

    m.to(torch.float64);
    expect([...m.parameters(), ...m.buffers()].map((t) => t.dtype.name)).toEqual([...Array(8).fill('float64'), 'int64']);
    expect(m(x.double()).dtype).toBe(torch.float64);
    expect(m(x.double()).float().sub(tuned(x)).abs().max().item()).toBeLessThan(1e-5);

    const s = torch.jit.load(fixture('scaled.pt'));
    s.scale = torch.tensor(0.0);
    expect(s(torch.ones(2, 3)).abs().sum().item()).toBe(0);
    s.block.proj.bias = torch.zeros(2);
    expect(s.block.proj.bias).toBeInstanceOf(nn.Parameter);
    expect([...s.named_parameters()].map(([n]) => n)).toEqual(['block.proj.weight', 'block.proj.bias']);
    expect(() => { s.scale = 3; }).toThrow(TypeError);
  });

  test('constants and attributes read as in PyTorch; assignments are type-checked', () => {
    const m = torch.jit.load(fixture('mlp_scripted.pt'));
    for (const [name, value] of Object.entries(mlp.constants)) {
      const [mod, attr] = name.split('.');
      expect([name, m[mod][attr]]).toEqual([name, value]);
    }
    expect(torch.jit.load(fixture('tied.pt')).dec.bias).toBeNull();
    const constant = errorOf(() => { m.drop.p = 0.25; });
    expect([constant.constructor, constant.message]).toEqual([torch.TorchError, "Can't set constant 'p' which has value:0.5"]);
    const s = torch.jit.load(fixture('scaled.pt'));
    expect({ tag: s.tag, sizes: s.sizes }).toEqual(golden.cases.scaled.attributes);
    s.tag = 'tuned';
    s.sizes = [1, 2, 3];
    expect(s.describe('ab', 3)).toBe('tuned/ab:3/3');
    expect(errorOf(() => { s.tag = 3; }).message).toBe("setattr() expected a value of type 'str' for attribute 'tag' but received 3 of type number");
    expect(errorOf(() => { s.sizes = [0.5]; })).toBeInstanceOf(TypeError);
  });

  test('exported methods are callable; arguments are converted by the TorchScript signature', () => {
    const s = torch.jit.load(fixture('scaled.pt'));
    expect(s.describe('ab', 3)).toBe(golden.cases.scaled.describe);
    const x = torch.ones(2, 3);
    expect(errorOf(() => s(x, 'big')).message).toBe("forward() expected a value of type 'float' for argument 'factor' but received 'big' of type string");
    expect(errorOf(() => s(x, 1, [0.5])).message).toBe("forward() expected a value of type 'Optional[List[int]]' for argument 'dims' but received array");
    expect(errorOf(() => s(3))).toBeInstanceOf(TypeError);
    const tooMany = errorOf(() => s(x, 1, null, 4));
    expect(tooMany).toBeInstanceOf(torch.TorchError);
    expect(tooMany.message).toMatch(/^Expected at most 4 argument\(s\) for operator 'forward', but received 5 argument\(s\)/);
    const bad = errorOf(() => torch.jit.load(fixture('mlp_scripted.pt'))(torch.ones(2, 5)));
    expect(bad).toBeInstanceOf(torch.TorchError);
    expect(bad.message).toContain('mat1 and mat2 shapes cannot be multiplied (2x5 and 4x8)');
  });

  test('_extra_files: read from PyTorch\'s archive, written and read back', () => {
    const extra: Record<string, string | Uint8Array> = { 'meta.txt': '', 'absent.txt': '' };
    torch.jit.load(fixture('pair_traced.pt'), { _extra_files: extra });
    expect([String(extra['meta.txt']), (extra['absent.txt'] as Buffer).length]).toEqual(['pair v1', 0]);
    const m = torch.jit.load(fixture('multi.pt'));
    const bytes = m.save_to_buffer({ 'a.bin': new Uint8Array([0, 255, 7]), 'b.txt': 'text' });
    const back: Record<string, string | Uint8Array> = { 'a.bin': '', 'b.txt': '' };
    torch.jit.load(bytes, { _extra_files: back });
    expect([[...(back['a.bin'] as Buffer)], String(back['b.txt'])]).toEqual([[0, 255, 7], 'text']);
    expect(() => m.save_to_buffer({ _extra_files: { x: 3 as any } })).toThrow(TypeError);
  });

  test('torch.jit.save and save_to_buffer write archives that load back', () => {
    const m = torch.jit.load(fixture('scaled.pt'));
    const file = path.join(tmpDir, 'scaled.pt');
    torch.jit.save(m, file);
    const x = torch.ones(2, 3);
    expect(torch.jit.load(file)(x).equal(m(x))).toBe(true);
    expect(torch.jit.load(m.save_to_buffer(), { map_location: torch.device('cpu') })(x).equal(m(x))).toBe(true);
    expect(fs.readdirSync(tmpDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const missingDir = errorOf(() => m.save(path.join(tmpDir, 'no', 'such', 'dir', 'm.pt')));
    expect(missingDir).toBeInstanceOf(torch.TorchError);
    expect(missingDir.message).toBe(`Parent directory ${path.join(tmpDir, 'no', 'such', 'dir')} does not exist.`);
    expect(() => torch.jit.save(nn.Linear(2, 2) as any, file)).toThrow(TypeError);
    // A failing writer (a full disk) stops the save with its own error, and no file is left.
    expect(() => native.jitSaveTo(m._c, () => { throw new Error('ENOSPC: no space left on device'); }, null)).toThrow('ENOSPC: no space left on device');
    // Archives stream out in 1 MiB pieces.
    m.scale = torch.randn(700000);
    const chunks: number[] = [];
    native.jitSaveTo(m._c, (chunk: Uint8Array) => { chunks.push(chunk.length); }, null);
    expect(chunks.slice(0, 2)).toEqual([1 << 20, 1 << 20]);
    const bytes = m.save_to_buffer();
    expect(bytes.length).toBe(chunks.reduce((a, b) => a + b, 0));
    expect(torch.jit.load(bytes).scale.equal(m.scale)).toBe(true);
  });
});

test('loaded modules and the tensors they handed out are collected', () => {
  const x = torch.ones(2, 4);
  torch.collect();
  const before = torch.memory().tensors;
  for (let i = 0; i < 50; i++) torch.jit.load(fixture('mlp_scripted.pt'))(x);
  expect(torch.memory().tensors - before).toBeGreaterThan(450);
  torch.collect();
  expect(torch.memory().tensors - before).toBeLessThan(5);
});

describe('bad input', () => {
  test('missing files, directories, non-archives and plain state dicts are clear errors', () => {
    const missing = errorOf(() => torch.jit.load(path.join(tmpDir, 'nope.pt')));
    expect([missing.constructor, (missing as torch.TorchError).pythonType, missing.message])
      .toEqual([torch.TorchError, 'ValueError', `The provided filename ${path.join(tmpDir, 'nope.pt')} does not exist`]);
    expect(errorOf(() => torch.jit.load(tmpDir)).message).toBe(`The provided filename ${tmpDir} is a directory`);
    const text = path.join(tmpDir, 'text.pt');
    fs.writeFileSync(text, 'hello');
    const notZip = errorOf(() => torch.jit.load(text));
    // LibTorch 2.14's miniz adds a hint about corrupted checkpoints after its messages.
    expect(notZip.constructor).toBe(torch.TorchError);
    expect(notZip.message).toMatch(/^PytorchStreamReader failed reading zip archive: not a ZIP archive($|\. )/);
    const stateDict = errorOf(() => torch.jit.load(fixture('state_dict.pt')));
    expect(stateDict.constructor).toBe(torch.TorchError);
    expect(stateDict.message).toMatch(/^PytorchStreamReader failed locating file constants.pkl: file not found($|\. )/);
    expect(() => torch.jit.load(42 as any)).toThrow(TypeError);
    expect(errorOf(() => torch.jit.load(fixture('multi.pt'), { map_location: 5 as any })).message)
      .toBe('map_location should be either None, string or torch.device, but got type: number');
    if (!torch.cuda.is_available()) {
      expect(errorOf(() => torch.jit.load(fixture('multi.pt'), { map_location: 'cuda' })).message).toMatch(/^Attempting to deserialize object on a CUDA device/);
    }
  });

  test('truncated and bit-flipped archives throw TorchError, never crash', () => {
    const bytes = fs.readFileSync(fixture('multi.pt'));
    const lengths = [0, 1, 4, 21, 22, 30, 64, 512, 1024, 2048, bytes.length - 200, bytes.length - 22, bytes.length - 1];
    for (const n of lengths) expect(errorOf(() => torch.jit.load(bytes.subarray(0, n)))).toBeInstanceOf(torch.TorchError);
    let loaded = 0;
    for (let i = 0; i < bytes.length; i += 97) {
      const flipped = Buffer.from(bytes);
      flipped[i] ^= 0x55;
      try {
        torch.jit.load(flipped);
        loaded++;
      } catch (e) {
        expect(e).toBeInstanceOf(torch.TorchError);
      }
    }
    expect(loaded).toBeLessThan(Math.ceil(bytes.length / 97));
  });
});
