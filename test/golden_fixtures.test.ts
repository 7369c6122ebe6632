// Every golden fixture decodes completely through test/golden.ts: no encoding marker is left, and
// each tensor record is consistent (value count = product of shape, values of its dtype's kind,
// float32 values exactly float32).
import * as fs from 'fs';
import * as path from 'path';
import * as torch from '../lib';
import { GoldenTensor, loadGolden } from './golden';

const names = fs.readdirSync(path.join(__dirname, 'golden')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

const isTensorRecord = (v: any): v is GoldenTensor =>
  typeof v.dtype === 'string' && Array.isArray(v.shape) && Array.isArray(v.values);

/** Problems found in a decoded fixture, by path. */
function problems(v: unknown, at: string, out: string[]): string[] {
  if (Array.isArray(v)) v.forEach((x, i) => problems(x, `${at}[${i}]`, out));
  else if (v !== null && typeof v === 'object' && !(v instanceof torch.dtype)) {
    for (const k of Object.keys(v)) if (['$f', '$int', '$dtype'].includes(k)) out.push(`${at}: undecoded ${k}`);
    if (isTensorRecord(v)) {
      const n = v.shape.reduce((a, b) => a * b, 1);
      if (v.values.length !== n) out.push(`${at}: ${v.values.length} values for shape [${v.shape}]`);
      const kind = v.dtype === 'bool' ? 'boolean' : 'number';
      v.values.forEach((x, i) => {
        if (typeof x !== kind && !(typeof x === 'bigint' && v.dtype === 'int64')) out.push(`${at}.values[${i}]: ${typeof x} in a ${v.dtype} tensor`);
        else if (v.dtype === 'float32' && !Object.is(Math.fround(x as number), x)) out.push(`${at}.values[${i}]: ${x} is not a float32`);
        else if (/int|uint/.test(v.dtype) && typeof x === 'number' && !Number.isInteger(x)) out.push(`${at}.values[${i}]: ${x} in a ${v.dtype} tensor`);
      });
    }
    for (const [k, x] of Object.entries(v)) problems(x, `${at}.${k}`, out);
  }
  return out;
}

test('the fixtures are all there', () => {
  expect(names).toEqual(['amp', 'arg_errors', 'autograd_custom', 'binder', 'call_binding', 'complex_api', 'data', 'distributed', 'extra_state', 'extra_state_2x', 'format', 'forward_ad', 'functional', 'functional_attention', 'gradcheck_complex', 'images', 'init', 'jit', 'lbfgs', 'lr_scheduler', 'native_warnings', 'nn',
    'nn_containers', 'nn_hooks', 'nn_hooks_2x', 'nn_messages', 'nn_param_conversion', 'nn_parametrize', 'nn_repr', 'nn_rest', 'nn_utils', 'notebook', 'notebook_models', 'ops', 'optim',
    'optim_layout', 'optim_more', 'porting', 'porting_nn', 'porting_nn_rest', 'rnn',
    'samplers', 'tensor_methods', 'transformer', 'transformer_fastpath']);
});

test.each(names)('%s decodes completely', (name) => {
  const fixture = loadGolden(name);
  expect(typeof fixture.torch_version).toBe('string');
  expect(problems(fixture, name, []).slice(0, 5)).toEqual([]);
});

test('markers decode to the values they stand for', () => {
  const roundtrips = loadGolden('ops').cases.filter((c: any) => c.group === 'roundtrip');
  const flat = roundtrips.flatMap((c: any) => [c.data, c.expected].flat(Infinity));
  expect(flat).toContain(Infinity);
  expect(flat.some((v: unknown) => Number.isNaN(v))).toBe(true);
  const big = loadGolden('format').cases.flatMap((c: any) => c.tensor.values).filter((v: unknown) => typeof v === 'bigint');
  expect(big.length).toBeGreaterThan(0);
  expect(big.every((v: bigint) => v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
  const withDtype = loadGolden('functional').cases.flatMap((c: any) => Object.values(c.kwargs)).filter((v: unknown) => v instanceof torch.dtype);
  expect(withDtype.length).toBeGreaterThan(0);
});
