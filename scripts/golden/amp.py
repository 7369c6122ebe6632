#!/usr/bin/python3
"""Golden values for CPU autocast (bfloat16) in test/amp.test.ts.

    /usr/bin/python3 scripts/golden/amp.py     # Debian's python3-torch (same LibTorch)

Records, for fixed inputs: each op's output (dtype and values) inside `torch.autocast('cpu')`
(ops on autocast's lower-precision list come out bfloat16, ops on its float32 list float32), the
autocast state inside and outside nested regions, and a small training run whose forward pass
runs under autocast (losses and final parameters). Writes test/golden/amp.json.
"""
import torch
import torch.nn.functional as F

import encode

torch.manual_seed(0)
X = torch.randn(6, 4)
W = torch.randn(3, 4) * 0.5
B = torch.randn(3) * 0.1
A = torch.randn(2, 3, 5)
M = torch.randn(2, 5, 4)
T = torch.randn(6, 3)
LABELS = torch.tensor([0, 2, 1, 1, 0, 2])

# name -> (function of the inputs above); each runs inside autocast('cpu') and outside. No
# convolution: oneDNN's bfloat16 convolution needs AVX-512, and the fixtures are written with AVX2.
OPS = {
    "linear": lambda: F.linear(X, W, B),
    "matmul": lambda: torch.matmul(A, M),
    "mm": lambda: torch.mm(X, W.t()),
    "bmm": lambda: torch.bmm(A, M),
    "addmm": lambda: torch.addmm(B, X, W.t()),
    "linear_relu": lambda: F.linear(X, W, B).relu(),
    "mse_loss": lambda: F.mse_loss(F.linear(X, W, B), T),
    "cross_entropy": lambda: F.cross_entropy(F.linear(X, W, B), LABELS),
    "softmax": lambda: torch.softmax(F.linear(X, W, B), 1),
    "add_fp32": lambda: X + 1,
}


def state():
    return {"cpu_enabled": torch.is_autocast_cpu_enabled(), "cpu_dtype": encode.plain(torch.get_autocast_cpu_dtype()),
            "cuda_enabled": torch.is_autocast_enabled()}


def nested():
    out = {"outside": state()}
    with torch.autocast("cpu"):
        out["inside"] = state()
        out["mm_inside"] = encode.tensor(torch.mm(X, W.t()))
        with torch.autocast("cpu", enabled=False):
            out["disabled"] = state()
            out["mm_disabled"] = encode.tensor(torch.mm(X, W.t()))
        out["after_disabled"] = state()
    out["after"] = state()
    return out


def training(steps=4):
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    init = {k: encode.tensor(v) for k, v in model.state_dict().items()}
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    losses, dtypes = [], []
    for _ in range(steps):
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = model(X)
            loss = F.cross_entropy(out, LABELS)
        dtypes.append([encode.plain(out.dtype), encode.plain(loss.dtype)])
        loss.backward()
        opt.step()
        losses.append(encode.number(loss.item()))
    return {"init": init, "losses": losses, "dtypes": dtypes,
            "final": {k: encode.tensor(v) for k, v in model.state_dict().items()},
            "grad_dtypes": [encode.plain(p.grad.dtype) for p in model.parameters()]}


def main():
    inputs = {k: encode.tensor(v) for k, v in
              {"X": X, "W": W, "B": B, "A": A, "M": M, "T": T, "LABELS": LABELS}.items()}
    ops = {}
    for name, fn in OPS.items():
        with torch.autocast("cpu"):
            inside = fn()
        ops[name] = {"autocast": encode.tensor(inside), "plain": encode.tensor(fn())}
    encode.write("amp", {"inputs": inputs, "ops": ops, "nested": nested(), "training": training()})


if __name__ == "__main__":
    main()
