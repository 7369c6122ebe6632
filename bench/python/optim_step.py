#!/usr/bin/python3
"""optimizer.step() on a ~1M-parameter MLP (784-1000-200-10) with fixed gradients.
Usage: optim_step.py <Optimizer>[,...] <steps>  ->  "<name> <us per step>" lines."""
import sys
import time

import torch

torch.set_num_threads(1)
names, steps = sys.argv[1].split(","), int(sys.argv[2])
for name in names:
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 1000), torch.nn.ReLU(), torch.nn.Linear(1000, 200), torch.nn.ReLU(), torch.nn.Linear(200, 10))
    for p in model.parameters():
        p.grad = torch.randn_like(p) * 1e-3
    opt = getattr(torch.optim, name)(model.parameters(), lr=1e-3)
    for _ in range(steps // 10):
        opt.step()
    t0 = time.perf_counter()
    for _ in range(steps):
        opt.step()
    print(name, (time.perf_counter() - t0) / steps * 1e6)
