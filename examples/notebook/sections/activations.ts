// "Better Activation Functions" (In [13], In [14]): the leaky/exponential/smooth families, SwiGLU, ReLU².
import * as torch from '../../../lib';
import { SectionContext, nn } from './context';

const F = torch.nn.functional;

export function activations(ctx: SectionContext) {
  // Use these w/ Kaiming initialization; scale down variance by (1+a^2) due to negative slope
  const alpha = 0.2;
  const model = nn.Sequential(nn.Linear(50, 40), nn.LeakyReLU({ negative_slope: alpha }));
  nn.init.kaiming_uniform_(model[0].weight, alpha, { nonlinearity: 'leaky_relu' });

  // SELU wants LeCun normal init (variance 1 / fan_in).
  const selu = nn.Sequential(nn.Linear(50, 40), nn.SELU());
  nn.init.kaiming_normal_(selu[0].weight, { nonlinearity: 'linear' });

  const z = torch.linspace(-3, 3, 7);
  const table: [string, torch.nn.Module][] = [
    ['ReLU', nn.ReLU()], ['LeakyReLU(0.2)', nn.LeakyReLU(alpha)], ['RReLU (eval)', nn.RReLU().eval()],
    ['PReLU', nn.PReLU()], ['ELU', nn.ELU()], ['SELU', nn.SELU()], ['GELU', nn.GELU()],
    ['GELU(tanh)', nn.GELU({ approximate: 'tanh' })], ['SiLU (Swish)', nn.SiLU()], ['Mish', nn.Mish()],
    ['Hardsigmoid', nn.Hardsigmoid()], ['Hardtanh', nn.Hardtanh()], ['Hardswish', nn.Hardswish()],
  ];
  const values: Record<string, number[]> = {};
  torch.no_grad(() => {
    for (const [name, act] of table) values[name] = act(z).tolist();
  });
  // To implement SwiGLU: double the previous layer's output dim, then gate one half with Swish.
  const beta = 1.0;
  const h = torch.randn(4, 16);
  const [z1, z2] = h.chunk(2, { dim: -1 });
  const swiglu = F.silu(z1.mul(beta)).mul(z2);
  // To get relu^2
  const relu2 = F.relu(z).square();
  values['ReLU²'] = relu2.tolist();
  ctx.report.table({
    title: `Activations at z = ${z.tolist().join(', ')}`,
    header: ['activation', ...z.tolist().map(String)],
    rows: Object.entries(values).map(([k, v]) => [k, ...v]),
  });
  ctx.log(`activations: ${Object.keys(values).length} evaluated; SwiGLU output shape [${swiglu.shape}]`);
  return { values, swigluShape: swiglu.shape, leakyModel: model };
}
