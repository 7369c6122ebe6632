// The model cells of the training notebook, ported by syntax only, against PyTorch: same printing,
// state_dict keys, and (same seed) the same outputs, gradients and running statistics.
import * as torch from '../lib';
import { loadGolden } from './golden';

const nn = torch.nn;
type Built = [torch.nn.Module, number[], 'train' | 'eval'];

const MODELS: Record<string, () => Built> = {
  he_init: () => {
    const use_he_init = (module: torch.nn.Module) => {
      if (module instanceof nn.Linear) {
        nn.init.kaiming_uniform_(module.weight);
        nn.init.zeros_(module.bias!);
      }
    };
    const model = nn.Sequential(nn.Linear(50, 50), nn.ReLU(), nn.Linear(50, 1));
    model.apply(use_he_init);
    return [model, [16, 50], 'train'];
  },
  leaky: () => {
    const alpha = 0.2;
    const model = nn.Sequential(nn.Linear(50, 40), nn.LeakyReLU({ negative_slope: alpha }));
    nn.init.kaiming_uniform_((model[0] as torch.nn.Linear).weight, alpha, { nonlinearity: 'leaky_relu' });
    return [model, [16, 50], 'train'];
  },
  bn_after: () => [nn.Sequential(
    nn.Flatten(), nn.BatchNorm1d(1 * 28 * 28), nn.Linear(1 * 28 * 28, 300), nn.ReLU(),
    nn.BatchNorm1d(300), nn.Linear(300, 100), nn.ReLU(), nn.BatchNorm1d(100), nn.Linear(100, 10)), [32, 1, 28, 28], 'train'],
  bn_before: () => [nn.Sequential(
    nn.Flatten(), nn.Linear(1 * 28 * 28, 300, { bias: false }), nn.BatchNorm1d(300), nn.ReLU(),
    nn.Linear(300, 100, { bias: false }), nn.BatchNorm1d(100), nn.ReLU(), nn.Linear(100, 10)), [32, 1, 28, 28], 'train'],
  model_A: () => [nn.Sequential(
    nn.Flatten(), nn.Linear(28 * 28, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
    nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 8)), [32, 1, 28, 28], 'train'],
  dropout: () => [nn.Sequential(
    nn.Flatten(),
    nn.Dropout({ p: 0.2 }), nn.Linear(1 * 28 * 28, 100), nn.ReLU(),
    nn.Dropout({ p: 0.2 }), nn.Linear(100, 100), nn.ReLU(),
    nn.Dropout({ p: 0.2 }), nn.Linear(100, 100), nn.ReLU(),
    nn.Dropout({ p: 0.2 }), nn.Linear(100, 10)), [32, 1, 28, 28], 'eval'],
  layer_norm: () => [nn.Sequential(nn.Flatten({ start_dim: 2 }), nn.LayerNorm([3, 100])), [4, 3, 10, 10], 'train'],
};

const golden = loadGolden('notebook_models').cases;
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(b)));

test.each(golden.map((g: any) => [g.name, g]) as [string, any][])('%s', (name: string, g: any) => {
  torch.manual_seed(g.seed);
  const [model, shape, mode] = MODELS[name]();
  model.train(mode === 'train');
  expect(String(model)).toBe(g.repr);
  expect(Object.keys(model.state_dict())).toEqual(g.keys);
  const x = torch.randn(shape);
  const y: torch.Tensor = model(x);
  expect(y.shape).toEqual(g.output_shape);
  close(y.sum().item() as number, g.output_sum);
  close(y.abs().sum().item() as number, g.output_abs_sum);
  y.pow(2).mean().backward();
  const first = model.parameters().next().value!;
  close(first.grad!.sum().item() as number, g.first_grad_sum);
  close(first.grad!.abs().sum().item() as number, g.first_grad_abs_sum);
  for (const [n, b] of model.named_buffers()) close(b.float().sum().item() as number, g.buffer_sums[n]);
});
