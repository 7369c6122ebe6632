"""The tiny two-layer net the optimizer fixtures train (optim, lbfgs): explicit matmul/add/tanh so
both languages run the same ops; w3 is never used in forward, so its grad stays None."""
import torch

import encode

torch.manual_seed(0)
INIT = {
    "w1": torch.randn(3, 4) * 0.5, "b1": torch.randn(3) * 0.1,
    "w2": torch.randn(2, 3) * 0.5, "b2": torch.randn(2) * 0.1,
    "w3": torch.randn(2, 2),
}
X = torch.randn(8, 4)
Y = torch.randn(8, 2)
NAMES = ["w1", "b1", "w2", "b2", "w3"]


def loss(p):
    h = X.matmul(p["w1"].t()).add(p["b1"]).tanh()
    out = h.matmul(p["w2"].t()).add(p["b2"])
    return out.sub(Y).pow(2).mean()


def flat(t):
    """A tensor's values as a plain list (exact floats)."""
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def train(opt, p, steps):
    """`steps` optimizer steps on the net's loss; every parameter after every step."""
    traj = []
    for _ in range(steps):
        opt.zero_grad()
        loss(p).backward()
        opt.step()
        traj.append({k: flat(p[k]) for k in NAMES})
    return traj


def fixture():
    """The net's starting point as the fixtures record it."""
    return {"init": {k: encode.tensor(v) for k, v in INIT.items()}, "X": encode.tensor(X), "Y": encode.tensor(Y)}
