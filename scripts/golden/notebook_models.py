"""Golden values for test/nn_notebook_models.test.ts: the model cells of the training notebook
(shared/spec), built after a seed, printed, and run forward/backward on a seeded batch.
Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/notebook_models.py
(or: npm run golden -- notebook_models)"""
import torch
import torch.nn as nn

import encode


def he_init_model():
    def use_he_init(module):
        if isinstance(module, nn.Linear):
            nn.init.kaiming_uniform_(module.weight)
            nn.init.zeros_(module.bias)
    model = nn.Sequential(nn.Linear(50, 50), nn.ReLU(), nn.Linear(50, 1))
    model.apply(use_he_init)
    return model, [16, 50], 'train'


def leaky_model():
    alpha = 0.2
    model = nn.Sequential(nn.Linear(50, 40), nn.LeakyReLU(negative_slope=alpha))
    nn.init.kaiming_uniform_(model[0].weight, alpha, nonlinearity="leaky_relu")
    return model, [16, 50], 'train'


def bn_after():
    return nn.Sequential(
        nn.Flatten(), nn.BatchNorm1d(1 * 28 * 28), nn.Linear(1 * 28 * 28, 300), nn.ReLU(),
        nn.BatchNorm1d(300), nn.Linear(300, 100), nn.ReLU(), nn.BatchNorm1d(100), nn.Linear(100, 10)), [32, 1, 28, 28], 'train'


def bn_before():
    return nn.Sequential(
        nn.Flatten(), nn.Linear(1 * 28 * 28, 300, bias=False), nn.BatchNorm1d(300), nn.ReLU(),
        nn.Linear(300, 100, bias=False), nn.BatchNorm1d(100), nn.ReLU(), nn.Linear(100, 10)), [32, 1, 28, 28], 'train'


def model_a():
    return nn.Sequential(
        nn.Flatten(), nn.Linear(28 * 28, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
        nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 8)), [32, 1, 28, 28], 'train'


def dropout_model():
    return nn.Sequential(
        nn.Flatten(),
        nn.Dropout(p=.2), nn.Linear(1 * 28 * 28, 100), nn.ReLU(),
        nn.Dropout(p=.2), nn.Linear(100, 100), nn.ReLU(),
        nn.Dropout(p=.2), nn.Linear(100, 100), nn.ReLU(),
        nn.Dropout(p=.2), nn.Linear(100, 10)), [32, 1, 28, 28], 'eval'


def layer_norm_model():
    return nn.Sequential(nn.Flatten(start_dim=2), nn.LayerNorm([3, 100])), [4, 3, 10, 10], 'train'


MODELS = {'he_init': he_init_model, 'leaky': leaky_model, 'bn_after': bn_after, 'bn_before': bn_before,
          'model_A': model_a, 'dropout': dropout_model, 'layer_norm': layer_norm_model}


def main():
    out = []
    for i, (name, build) in enumerate(MODELS.items()):
        torch.manual_seed(7 + i)
        model, shape, mode = build()
        model.train(mode == 'train')
        x = torch.randn(*shape)
        y = model(x)
        y.pow(2).mean().backward()
        first = next(p for p in model.parameters())
        out.append({'name': name, 'seed': 7 + i, 'repr': repr(model), 'keys': list(model.state_dict().keys()),
                    'output_sum': float(y.sum()), 'output_abs_sum': float(y.abs().sum()), 'output_shape': list(y.shape),
                    'first_grad_sum': float(first.grad.sum()), 'first_grad_abs_sum': float(first.grad.abs().sum()),
                    'buffer_sums': {n: float(b.float().sum()) for n, b in model.named_buffers()}})
    encode.write('notebook_models', {'cases': out})


main()
