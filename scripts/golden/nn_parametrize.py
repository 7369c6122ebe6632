"""Golden values for test/nn_parametrize.test.ts: torch.nn.utils.parametrize with a user
parametrization, parametrizations.spectral_norm / orthogonal / weight_norm, and the older
nn.utils.weight_norm / spectral_norm hooks. Each case seeds PyTorch, builds a module, applies the
parametrization, and records the printed form, the state_dict (keys and values), outputs of
forward passes with the gradients of (out * w).sum() w.r.t. the state's parameters, and the state
after removing the parametrization. PyTorch 1.13 has no parametrizations.weight_norm: the case
registers PyTorch 2.1's _WeightNorm module, defined below as there.
Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/nn_parametrize.py (or: npm run golden -- nn_parametrize)"""

import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P
from torch.nn.utils import parametrizations

import encode


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu()


class Scale(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c

    def forward(self, X):
        return X * self.c

    def right_inverse(self, A):
        return A / self.c


class _WeightNorm(nn.Module):
    """PyTorch 2.1's torch.nn.utils.parametrizations._WeightNorm."""

    def __init__(self, dim=0):
        super().__init__()
        if dim is None:
            dim = -1
        self.dim = dim

    def forward(self, weight_g, weight_v):
        return torch._weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        weight_g = torch.norm_except_dim(weight, 2, self.dim)
        weight_v = weight
        return weight_g, weight_v


def state(m):
    return [[k, encode.tensor(v)] for k, v in m.state_dict().items()]


def step(m, x):
    """One forward pass: its output and the gradients of (out * w).sum() w.r.t. every parameter."""
    m.zero_grad()
    y = m(x)
    w = torch.linspace(-1, 1, y.numel()).reshape(y.shape)
    (y * w).sum().backward()
    return {'output': encode.tensor(y), 'grads': [[n, encode.tensor(p.grad)] for n, p in m.named_parameters() if p.grad is not None]}


def linear(i, o):
    return nn.Linear(i, o)


# name, module constructor, how the parametrization is applied, inputs, remove call
CASES = [
    ('symmetric', lambda: nn.Linear(3, 3), lambda m: P.register_parametrization(m, 'weight', Symmetric()), (2, 3),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('symmetric then scale, leave original', lambda: nn.Linear(3, 3),
     lambda m: P.register_parametrization(P.register_parametrization(m, 'weight', Symmetric()), 'weight', Scale(2.0)), (2, 3),
     lambda m: P.remove_parametrizations(m, 'weight', leave_parametrized=False)),
    ('buffer', lambda: nn.BatchNorm1d(3), lambda m: P.register_parametrization(m, 'running_var', Scale(3.0)), (4, 3),
     lambda m: P.remove_parametrizations(m, 'running_var')),
    ('spectral_norm linear', lambda: nn.Linear(4, 3), lambda m: parametrizations.spectral_norm(m), (2, 4),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('spectral_norm conv2d iterations', lambda: nn.Conv2d(2, 3, 2), lambda m: parametrizations.spectral_norm(m, n_power_iterations=3), (1, 2, 3, 3),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('spectral_norm convtranspose2d', lambda: nn.ConvTranspose2d(2, 3, 2), lambda m: parametrizations.spectral_norm(m, eps=1e-6), (1, 2, 2, 2),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('orthogonal householder', lambda: nn.Linear(5, 3), lambda m: parametrizations.orthogonal(m), (2, 5),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('orthogonal matrix_exp', lambda: nn.Linear(4, 4), lambda m: parametrizations.orthogonal(m), (2, 4),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('orthogonal cayley', lambda: nn.Linear(3, 4), lambda m: parametrizations.orthogonal(m, orthogonal_map='cayley'), (2, 3),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('orthogonal householder no trivialization', lambda: nn.Linear(4, 4),
     lambda m: parametrizations.orthogonal(m, 'weight', 'householder', use_trivialization=False), (2, 4),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('weight_norm parametrization', lambda: nn.Linear(3, 2), lambda m: P.register_parametrization(m, 'weight', _WeightNorm(0), unsafe=True), (4, 3),
     lambda m: P.remove_parametrizations(m, 'weight')),
    ('weight_norm hook', lambda: nn.Linear(3, 2), lambda m: nn.utils.weight_norm(m), (4, 3), lambda m: nn.utils.remove_weight_norm(m)),
    ('weight_norm hook conv dim None', lambda: nn.Conv1d(2, 3, 2), lambda m: nn.utils.weight_norm(m, dim=None), (1, 2, 4),
     lambda m: nn.utils.remove_weight_norm(m)),
    ('spectral_norm hook', lambda: nn.Linear(4, 3), lambda m: nn.utils.spectral_norm(m), (2, 4), lambda m: nn.utils.remove_spectral_norm(m)),
    ('spectral_norm hook convtranspose', lambda: nn.ConvTranspose1d(3, 2, 2), lambda m: nn.utils.spectral_norm(m, n_power_iterations=2), (1, 3, 3),
     lambda m: nn.utils.remove_spectral_norm(m)),
]


def main():
    out = {'cases': [], 'errors': {}}
    for i, (name, build, apply, shape, remove) in enumerate(CASES):
        seed = 1200 + i
        torch.manual_seed(seed)
        m = build()
        apply(m)
        record = {'name': name, 'seed': seed, 'repr': repr(m), 'type': type(m).__name__, 'state': state(m),
                  'is_parametrized': P.is_parametrized(m)}
        torch.manual_seed(seed + 1000)
        x = torch.randn(*shape)
        record['input'] = encode.tensor(x)
        record['train'] = [step(m, x), step(m, x)]
        m.eval()
        record['eval'] = step(m, x)
        record['state_after'] = state(m)
        with P.cached():
            record['cached_same'] = all(getattr(m, n) is getattr(m, n) for n in (m.parametrizations.keys() if P.is_parametrized(m) else []))
        remove(m)
        record['removed'] = {'repr': repr(m), 'state': state(m), 'type': type(m).__name__}
        out['cases'].append(record)

    torch.manual_seed(0)
    m = P.register_parametrization(nn.Linear(3, 3), 'weight', Symmetric())
    a = torch.randn(3, 3)
    m.weight = a
    out['assign'] = {'value': encode.tensor(a), 'weight': encode.tensor(m.weight), 'original': encode.tensor(m.parametrizations.weight.original)}
    out['type_before'] = P.type_before_parametrizations(m).__name__

    class Grow(nn.Module):
        def forward(self, X):
            return torch.cat([X, X])

    out['errors']['shape'] = encode.error_of(lambda: P.register_parametrization(nn.Linear(3, 3), 'weight', Grow()))
    out['errors']['missing'] = encode.error_of(lambda: P.register_parametrization(nn.Linear(3, 3), 'kernel', Symmetric()))
    out['errors']['remove'] = encode.error_of(lambda: P.remove_parametrizations(nn.Linear(3, 3), 'weight'))
    out['errors']['second weight_norm'] = encode.error_of(lambda: nn.utils.weight_norm(nn.utils.weight_norm(nn.Linear(3, 3))))
    out['errors']['remove weight_norm'] = encode.error_of(lambda: nn.utils.remove_weight_norm(nn.Linear(3, 3)))
    out['errors']['orthogonal vector'] = encode.error_of(lambda: parametrizations.orthogonal(nn.BatchNorm1d(3)))
    out['errors']['orthogonal map'] = encode.error_of(lambda: parametrizations.orthogonal(nn.Linear(3, 3), orthogonal_map='qr'))
    out['errors']['register keyword'] = encode.error_of(lambda: P.register_parametrization(nn.Linear(3, 3), 'weight', Symmetric(), True))
    encode.write('nn_parametrize', out)


main()
