#!/usr/bin/python3
"""Reference values for the ported notebook's deterministic cells (test/notebook.test.ts).

    /usr/bin/python3 scripts/golden/notebook.py      (or: npm run golden -- notebook)

Writes test/golden/notebook.json: the activation table of examples/notebook/sections/activations.ts
and the per-epoch lr of each scheduler in examples/notebook/sections/schedulers.ts.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

import encode


z = torch.linspace(-3, 3, 7)
acts = [
    ("ReLU", nn.ReLU()), ("LeakyReLU(0.2)", nn.LeakyReLU(0.2)), ("RReLU (eval)", nn.RReLU().eval()),
    ("PReLU", nn.PReLU()), ("ELU", nn.ELU()), ("SELU", nn.SELU()), ("GELU", nn.GELU()),
    ("GELU(tanh)", nn.GELU(approximate="tanh")), ("SiLU (Swish)", nn.SiLU()), ("Mish", nn.Mish()),
    ("Hardsigmoid", nn.Hardsigmoid()), ("Hardtanh", nn.Hardtanh()), ("Hardswish", nn.Hardswish()),
]
activations = {}
with torch.no_grad():
    for name, act in acts:
        activations[name] = act(z).tolist()
activations["ReLU²"] = F.relu(z).square().tolist()


def model():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
                         nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 8))


S = torch.optim.lr_scheduler
EPOCHS = 20
builders = {
    "ExponentialLR(gamma=.9)": lambda: (lambda o: (o, S.ExponentialLR(o, gamma=.9)))(torch.optim.AdamW(model().parameters(), lr=.05)),
    "CosineAnnealingLR(T_max=20)": lambda: (lambda o: (o, S.CosineAnnealingLR(o, T_max=20, eta_min=.001)))(torch.optim.AdamW(model().parameters(), lr=.05)),
    "LinearLR warm-up": lambda: (lambda o: (o, S.LinearLR(o, start_factor=.1, end_factor=1, total_iters=3)))(torch.optim.AdamW(model().parameters(), lr=.05)),
    "LambdaLR warm-up": lambda: (lambda o: (o, S.LambdaLR(o, lambda epoch: (min(epoch, 3) / 3) * (.9) + .1)))(torch.optim.AdamW(model().parameters(), lr=.05)),
    "CosineAnnealingWarmRestarts": lambda: (lambda o: (o, S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2, eta_min=.001)))(torch.optim.AdamW(model().parameters(), lr=.05)),
    "OneCycleLR(max_lr=.05)": lambda: (lambda o: (o, S.OneCycleLR(o, max_lr=.05, total_steps=EPOCHS)))(torch.optim.SGD(model().parameters(), lr=.05, momentum=.9)),
}
schedules = {}
for name, build in builders.items():
    opt, sch = build()
    lrs = []
    for _ in range(EPOCHS):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sch.step()
    schedules[name] = lrs

encode.write("notebook", {"z": z.tolist(), "activations": activations, "schedules": schedules})
