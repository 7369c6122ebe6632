#!/usr/bin/python3
"""TorchScript archives and golden values for test/jit.test.ts, as PyTorch 1.13 writes them.

Writes test/golden/jit/*.pt (scripted and traced modules, a plain state dict) and test/golden/jit.json
with, per archive: the printed module, its code and graph, parameter and buffer names and values,
state_dict keys, and outputs for fixed inputs in eval mode and, where dropout's random stream makes it
reproducible, in train mode after torch.manual_seed; also gradients and a fine-tuning trajectory.

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/jit.py (or: npm run golden -- jit)"""
import os
import subprocess
import sys
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import encode  # noqa: E402
from encode import result  # noqa: E402

# Archives go next to the fixture (test/golden/jit/, or under TORCHTS_GOLDEN_DIR for another release).
ARCHIVES = os.path.join(encode.FIXTURES, "jit")
SCRIPT = "scripts/golden/jit.py"


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.bn = nn.BatchNorm1d(8)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(self.drop(F.relu(self.bn(self.fc1(x)))))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 2)
        self.register_buffer("offset", torch.tensor([0.5, -0.25]))

    def forward(self, x):
        return self.proj(x) + self.offset


class Scaled(nn.Module):
    """A sub-module, a buffer, typed optional arguments and an exported method."""

    def __init__(self):
        super().__init__()
        self.block = Block()
        self.register_buffer("scale", torch.tensor(2.0))
        self.register_buffer("calls", torch.zeros((), dtype=torch.int64))
        self.tag = "scaled"
        self.sizes: List[int] = [3, 2]

    def forward(self, x: torch.Tensor, factor: float = 1.0, dims: Optional[List[int]] = None):
        self.calls += 1
        y = self.block(x) * self.scale * factor
        if dims is not None:
            y = y.sum(dims)
        return y

    @torch.jit.export
    def describe(self, name: str, repeat: int) -> str:
        return self.tag + "/" + name + ":" + str(repeat) + "/" + str(len(self.sizes))


class Multi(nn.Module):
    """Containers both ways: a list and a dict in, a tuple with a dict, numbers, a string and None out."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(2, 2)

    def forward(self, xs: List[torch.Tensor], extra: Dict[str, torch.Tensor]) -> Tuple[torch.Tensor, Dict[str, torch.Tensor], int, float, bool, str, Optional[torch.Tensor]]:
        total = self.lin(xs[0])
        for x in xs[1:]:
            total = total + x
        doubled = {k: v * 2 for k, v in extra.items()}
        return total, doubled, len(xs), 0.5, bool(total.sum() > 0), "done", None


class Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(3, 2)
        self.b = nn.Linear(3, 2)

    def forward(self, x):
        return self.a(x), torch.tanh(self.b(x))


class Tied(nn.Module):
    """Tied weights: the decoder's weight is the embedding's (one parameter, listed once)."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Embedding(5, 3)
        self.dec = nn.Linear(3, 5, bias=False)
        self.dec.weight = self.enc.weight

    def forward(self, idx):
        return self.dec(self.enc(idx))


def members(m):
    return {
        "repr": str(m),
        "original_name": m.original_name,
        "parameters": [[n, encode.tensor(p), p.requires_grad] for n, p in m.named_parameters()],
        "buffers": [[n, encode.tensor(b)] for n, b in m.named_buffers()],
        "state_dict_keys": list(m.state_dict().keys()),
        "modules": [n for n, _ in m.named_modules()],
    }


def save_and_describe(name, module, calls, extra_files=None):
    path = os.path.join(ARCHIVES, name + ".pt")
    torch.jit.save(module, path, _extra_files=extra_files or {})
    loaded = torch.jit.load(path)
    entry = {"file": os.path.basename(path), **members(loaded), "code": loaded.code, "graph": str(loaded.graph)}
    entry["calls"] = []
    for call in calls:
        m = torch.jit.load(path)
        m.train(call["train"])
        if "seed" in call:
            torch.manual_seed(call["seed"])
        args = call["args"]()
        out = m(*args, **call.get("kwargs", {}))
        after = {n: encode.tensor(b) for n, b in m.named_buffers()}
        entry["calls"].append({"train": call["train"], "seed": call.get("seed"), "args": [result(a) for a in args],
                               "kwargs": {k: result(v) for k, v in call.get("kwargs", {}).items()},
                               "out": result(out), "buffers_after": after})
    return entry


def fine_tune(path, x, target, steps):
    """SGD with momentum on a loaded module in eval mode (no dropout): the weights after `steps`."""
    m = torch.jit.load(path)
    m.eval()
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.mse_loss(m(x), target)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"steps": steps, "losses": losses, "parameters": [[n, encode.tensor(p)] for n, p in m.named_parameters()],
            "out": encode.tensor(m(x))}


def main():
    os.makedirs(ARCHIVES, exist_ok=True)
    torch.manual_seed(0)
    x = torch.randn(5, 4)
    target = torch.randn(5, 3)
    cases = {}

    mlp = MLP()
    with torch.no_grad():  # non-trivial running statistics
        mlp.bn.running_mean.uniform_(-0.5, 0.5)
        mlp.bn.running_var.uniform_(0.5, 1.5)
    mlp_calls = [
        {"train": False, "args": lambda: [x]},
        {"train": True, "seed": 7, "args": lambda: [x]},
    ]
    cases["mlp_scripted"] = save_and_describe("mlp_scripted", torch.jit.script(mlp), mlp_calls)
    cases["mlp_traced"] = save_and_describe("mlp_traced", torch.jit.trace(mlp.eval(), x), [mlp_calls[0]])
    mlp_path = os.path.join(ARCHIVES, "mlp_scripted.pt")
    m = torch.jit.load(mlp_path).eval()
    out = m(x)
    out.sum().backward()
    cases["mlp_scripted"]["grads_eval"] = {"x": encode.tensor(x), "grads": [[n, encode.tensor(p.grad)] for n, p in m.named_parameters()]}
    cases["mlp_scripted"]["constants"] = {name: getattr(getattr(m, name.split(".")[0]), name.split(".")[1])
                                          for name in ["fc1.in_features", "fc2.out_features", "bn.eps", "bn.momentum", "bn.affine", "drop.p"]}
    cases["mlp_scripted"]["fine_tune"] = {"x": encode.tensor(x), "target": encode.tensor(target), **fine_tune(mlp_path, x, target, 3)}

    torch.manual_seed(1)
    xs = torch.randn(4, 3)
    cases["scaled"] = save_and_describe("scaled", torch.jit.script(Scaled()), [
        {"train": False, "args": lambda: [xs]},
        {"train": False, "args": lambda: [xs, 0.5, [1]]},
        {"train": False, "args": lambda: [xs], "kwargs": {"dims": [0, 1], "factor": 3.0}},
    ])
    scaled = torch.jit.load(os.path.join(ARCHIVES, "scaled.pt"))
    cases["scaled"]["describe"] = scaled.describe("ab", 3)
    cases["scaled"]["attributes"] = {"tag": scaled.tag, "sizes": scaled.sizes}

    torch.manual_seed(2)
    a, b = torch.randn(2, 2), torch.randn(2, 2)
    cases["multi"] = save_and_describe("multi", torch.jit.script(Multi()), [
        {"train": False, "args": lambda: [[a, b], {"p": a, "q": b}]},
    ])

    torch.manual_seed(3)
    xp = torch.randn(2, 3)
    pair = Pair()
    cases["pair_traced"] = save_and_describe("pair_traced", torch.jit.trace(pair, xp), [{"train": False, "args": lambda: [xp]}],
                                             extra_files={"meta.txt": "pair v1"})

    torch.manual_seed(4)
    cases["tied"] = save_and_describe("tied", torch.jit.script(Tied()), [{"train": False, "args": lambda: [torch.tensor([[0, 4], [2, 2]])]}])

    torch.save(MLP().state_dict(), os.path.join(ARCHIVES, "state_dict.pt"))
    encode.write("jit", {"cases": cases})


if __name__ == "__main__":
    # The archives record source locations: name this script relative to the repository, not by
    # where the checkout happens to live (run again, compiled under that name). A fixed hash seed
    # fixes the order of __constants__ (a set) in the saved code, so archives regenerate identically.
    if __file__ != SCRIPT:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        run = f"__file__ = {SCRIPT!r}; exec(compile(open(__file__).read(), __file__, 'exec'))"
        sys.exit(subprocess.call([sys.executable, "-c", run], cwd=root, env={**os.environ, "PYTHONHASHSEED": "0"}))
    main()
