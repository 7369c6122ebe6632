#!/usr/bin/python3
"""Writes scripts/api_coverage/python-<major.minor>.json: the public names of Python PyTorch's
torch.nn modules, torch.nn.functional functions, torch.optim optimizers and Tensor attributes, as
scripts/api-coverage.js counts them (`npm run api-coverage`).

    /usr/bin/python3 scripts/api_coverage/list.py
"""
import inspect
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


def public(names):
    return sorted(n for n in names if not n.startswith('_'))


def main():
    modules = public(n for n in dir(nn) if inspect.isclass(getattr(nn, n)) and issubclass(getattr(nn, n), nn.Module))
    functional = public(n for n in dir(F) if callable(getattr(F, n)) and not inspect.isclass(getattr(F, n))
                        and not inspect.ismodule(getattr(F, n)))
    optimizers = public(n for n in dir(optim) if inspect.isclass(getattr(optim, n)) and issubclass(getattr(optim, n), optim.Optimizer))
    tensor = public(dir(torch.Tensor))
    release = '.'.join(torch.__version__.split('.')[:2])
    out = {'torch_version': torch.__version__, 'nn': modules, 'functional': functional, 'optim': optimizers, 'tensor': tensor}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f'python-{release}.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(f'{path}: ' + ', '.join(f'{k} {len(v)}' for k, v in out.items() if k != 'torch_version'))


if __name__ == '__main__':
    main()
