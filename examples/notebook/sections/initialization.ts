// "Glorot Initialization and He Initialization" (In [11], In [12]) and orthogonal init.
import * as torch from '../../../lib';
import { SectionContext, nn } from './context';

export function initialization(ctx: SectionContext) {
  const layer = nn.Linear(40, 10);
  layer.weight.data.mul_(6 ** 0.5);  // Kaiming init, or 3**.5 for LeCun
  torch.zero_(layer.bias.data);
  // this code is equivalent and less error prone
  nn.init.kaiming_uniform_(layer.weight);
  nn.init.zeros_(layer.bias);
  ctx.log(String(layer.bias));

  // If you want to apply this initialization to all linear modules:
  function use_he_init(module: torch.nn.Module) {
    if (module instanceof nn.Linear) {
      nn.init.kaiming_uniform_(module.weight);
      nn.init.zeros_(module.bias);
    }
  }
  const model = nn.Sequential(nn.Linear(50, 50), nn.ReLU(), nn.Linear(40, 1));
  ctx.log(String(model.apply(use_he_init)));

  // Orthogonal init keeps ||Wx|| = ||x||: W Wᵀ = I.
  const w = nn.init.orthogonal_(torch.empty(50, 50));
  const orthogonalError = w.matmul(w.t()).sub(torch.eye(50)).abs().max().item();
  ctx.log(`orthogonal_: max |W Wᵀ - I| = ${orthogonalError.toExponential(2)}`);

  // He init's variance is 2 / fan_in: check it on a large layer.
  const big = torch.empty(1000, 500);
  nn.init.kaiming_uniform_(big);
  const heVariance = big.var().item();
  ctx.log(`kaiming_uniform_ on 1000x500: variance ${heVariance.toFixed(5)} (2 / fan_in = ${(2 / 500).toFixed(5)})`);
  return { bias: layer.bias, model, orthogonalError, heVariance };
}
