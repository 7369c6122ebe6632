#!/usr/bin/python3
"""Golden values for torch.amp.GradScaler in test/amp.test.ts: PyTorch 2.3+ only (torch.amp.GradScaler
and its CPU kernels appeared there), so this fixture is written by a 2.x PyTorch:

    bash scripts/libtorch2 trixie golden     # or: TORCHTS_GOLDEN_DIR=test/golden/2.6 python3 scripts/golden/run.py grad_scaler

A small net trains with a CPU GradScaler (growth_interval 3); at some steps the loss is multiplied
by a huge factor so the scaled gradients overflow and the step is skipped. Records, per step, the
scale, the growth tracker, whether the parameters moved, and the parameters; then state_dict().
The scaler's arithmetic does not depend on the release, so every release's test reads this file.
"""
import sys

import torch

import encode

if not hasattr(torch.amp, "GradScaler"):
    print("grad_scaler: skipped, needs PyTorch 2.3 or later (torch.amp.GradScaler)")
    sys.exit(0)

torch.manual_seed(0)
X = torch.randn(8, 4)
Y = torch.randn(8, 2)
OVERFLOW = {2: 1e36, 6: float("inf"), 7: float("nan")}  # step -> loss factor (1e36: finite, overflows once scaled)
STEPS = 12


def main():
    model = torch.nn.Linear(4, 2)
    init = {k: encode.tensor(v) for k, v in model.state_dict().items()}
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 10, growth_factor=2.0, backoff_factor=0.5, growth_interval=3)
    steps = []
    for step in range(STEPS):
        opt.zero_grad()
        before = [p.detach().clone() for p in model.parameters()]
        loss = (model(X) - Y).pow(2).mean() * OVERFLOW.get(step, 1.0)
        scaled = scaler.scale(loss)
        scaled.backward()
        scaler.step(opt)
        scaler.update()
        moved = any(not torch.equal(b, p) for b, p in zip(before, model.parameters()))
        steps.append({"scaled_loss": encode.number(scaled.item()), "scale": encode.number(scaler.get_scale()),
                      "growth_tracker": scaler.state_dict()["_growth_tracker"], "stepped": moved,
                      "params": {k: encode.tensor(v) for k, v in model.state_dict().items()}})
    encode.write("grad_scaler", {"X": encode.tensor(X), "Y": encode.tensor(Y), "init": init,
                                 "overflow": {str(k): encode.number(v) for k, v in OVERFLOW.items()},
                                 "steps": steps, "state_dict": encode.plain(scaler.state_dict())})


if __name__ == "__main__":
    main()
