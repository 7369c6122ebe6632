// State-dict compatibility hooks against files PyTorch 1.13's torch.save wrote
// (scripts/golden/nn_hooks.py -> test/golden/nn_hooks/*.pt): parametrizations.weight_norm loading
// the older weight_norm's weight_g/weight_v, spectral_norm's version metadata and its version-0
// layout, BatchNorm's version-1 layout, and the `_metadata` torchts writes.
import * as path from 'path';
import * as torch from '../lib';
import { loadGolden } from './golden';
import { errorOf, expectTensor } from './helpers';

const nn = torch.nn;
const golden = loadGolden('nn_hooks').state_dicts;
const file = (name: string) => path.join(__dirname, 'golden', 'nn_hooks', `${name}.pt`);
const X = torch.tensor([[0.5, -1.25, 2.0], [1.5, 0.75, -0.5]], { dtype: torch.float32 });

test('parametrizations.weight_norm loads the older weight_norm\'s weight_g / weight_v (nested)', () => {
  const sd = torch.load(file('weight_norm_old'));
  expect(Object.keys(sd)).toEqual(golden.weight_norm_old.keys);
  const model = nn.Sequential(nn.utils.parametrizations.weight_norm(nn.Linear(3, 2)), nn.ReLU());
  model.load_state_dict(sd);
  const lin = model[0] as any;
  expectTensor(lin.parametrizations.weight.original0, golden.weight_norm_old.g, 'original0');
  expectTensor(lin.parametrizations.weight.original1, golden.weight_norm_old.v, 'original1');
  expectTensor(model(X), golden.weight_norm_old.output, 'output', 1e-6);
  // The caller's dict is not rewritten.
  expect(Object.keys(sd)).toEqual(golden.weight_norm_old.keys);
});

test('spectral_norm: version metadata saved and read, u and v loaded', () => {
  const sd = torch.load(file('spectral_norm'));
  expect(Object.keys(sd)).toEqual(golden.spectral_norm.keys);
  expect((sd as any)._metadata).toEqual(golden.spectral_norm.metadata);
  const m = nn.utils.spectral_norm(nn.Linear(3, 3));
  m.load_state_dict(sd);
  expectTensor((m as any).weight_u, golden.spectral_norm.u, 'weight_u');
  expectTensor((m as any).weight_v, golden.spectral_norm.v, 'weight_v');
  m.eval();
  expectTensor(m(X), golden.spectral_norm.eval_output, 'eval output', 1e-6);
  const own = m.state_dict();
  expect(Object.keys(own)).toEqual(golden.spectral_norm.keys);
  expect((own as any)._metadata).toEqual(golden.spectral_norm.metadata);
  // remove_spectral_norm drops the metadata hook with the rest.
  nn.utils.remove_spectral_norm(m);
  expect((m.state_dict() as any)._metadata).toEqual({ '': { version: 1 } });
});

test('spectral_norm: a version-0 state dict (normalized weight, no weight_v) gets v solved from u', () => {
  const sd = torch.load(file('spectral_norm_v0'));
  expect(Object.keys(sd)).toEqual(golden.spectral_norm_v0.keys);
  const m = nn.utils.spectral_norm(nn.Linear(3, 3));
  m.load_state_dict(sd);
  expectTensor((m as any).weight_v, golden.spectral_norm_v0.v, 'weight_v', 1e-5);
  m.eval();
  expectTensor(m(X), golden.spectral_norm_v0.eval_output, 'eval output', 1e-5);
  const partial = Object.fromEntries(Object.entries(sd).filter(([k]) => k !== 'weight_u')) as Record<string, torch.Tensor>;
  expect(errorOf(() => nn.utils.spectral_norm(nn.Linear(3, 3)).load_state_dict(partial)).message).toBe(golden.spectral_norm_v0.missing);
});

test('BatchNorm: a version-1 state dict without num_batches_tracked loads; metadata versions per module', () => {
  const sd = torch.load(file('batchnorm_v1'));
  expect(Object.keys(sd)).toEqual(golden.batchnorm_v1.keys);
  const bn = nn.BatchNorm1d(2);
  bn.num_batches_tracked.fill_(5);
  bn.load_state_dict(sd);
  expectTensor(bn.num_batches_tracked, golden.batchnorm_v1.num_batches_tracked, 'num_batches_tracked');
  expect((nn.Sequential(nn.BatchNorm1d(2), nn.Linear(2, 2)).state_dict() as any)._metadata).toEqual(golden.batchnorm_v1.metadata);
});

test('InstanceNorm: running stats in a state dict without version are reported, as PyTorch does', () => {
  const sd = { running_mean: torch.zeros(2), running_var: torch.ones(2) };
  expect(errorOf(() => nn.InstanceNorm1d(2).load_state_dict(sd)).message).toBe(golden.instancenorm_v0);
});

test('a value that is not a tensor is reported with its Python type', () => {
  expect(errorOf(() => nn.Linear(2, 2).load_state_dict({ weight: 3, bias: torch.zeros(2) } as any)).message).toBe(golden.not_a_tensor);
});

test('register_load_state_dict_post_hook: children first, shared key lists, edits count for strict', () => {
  const g = golden.post_hooks;
  const seen: unknown[][] = [];
  const net = nn.Sequential(nn.Linear(2, 2), nn.ReLU());
  const record = (mod: torch.nn.Module, keys: { missing_keys: string[]; unexpected_keys: string[] }) => {
    seen.push([mod._get_name(), [...keys.missing_keys], [...keys.unexpected_keys]]);
  };
  net[0].register_load_state_dict_post_hook(record);
  net.register_load_state_dict_post_hook(record);
  const sd = { '0.weight': torch.zeros(2, 2), extra: torch.zeros(1) };
  expect(errorOf(() => net.load_state_dict(sd)).message).toBe(g.strict_error);
  const handle = net.register_load_state_dict_post_hook((_m, keys) => {
    keys.missing_keys.length = 0;
    keys.unexpected_keys.length = 0;
  });
  const cleared = net.load_state_dict(sd);
  handle.remove();
  expect([cleared.missing_keys, cleared.unexpected_keys]).toEqual(g.cleared);
  net.register_load_state_dict_post_hook((() => 1) as any);
  const e = errorOf(() => net.load_state_dict(net.state_dict())) as Error & { pythonType?: string };
  expect([e.pythonType, e.message]).toEqual([g.returned.type, g.returned.message]);
  expect(seen).toEqual(g.seen);
});
