#!/usr/bin/python3
"""Golden L-BFGS trajectories for test/optim_lbfgs.test.ts.

    /usr/bin/python3 scripts/golden/lbfgs.py     # Debian's python3-torch (same LibTorch)

Problems: the tiny two-layer net of tiny_net.py and the Rosenbrock function on a 2-element
tensor (float32 and float64). Each configuration runs a few `step(closure)` calls; the fixture records, after
every step, the parameters, the returned loss, how many times the closure ran and a summary of
the optimizer state, plus the final state keys (in insertion order) and the printed optimizer.
Writes test/golden/lbfgs.json (npm run golden -- lbfgs), encoded as scripts/golden/encode.py describes.
"""
import torch

import encode
import tiny_net
from tiny_net import flat


def rosenbrock(p):
    x = p["x"]
    # (1 - x0)^2 + 100 (x1 - x0^2)^2, written with the method calls the TS test uses
    return torch.rsub(x.select(0, 0), 1).pow(2).add(x.select(0, 1).sub(x.select(0, 0).pow(2)).pow(2).mul(100))


def linear(p):
    # gradient never changes: the line search extrapolates until max_ls
    return p["x"].sum()


def wavy(p):
    # sin(x) + 0.1 x^2: non-convex, its line searches move t back from the bracket's ends
    x = p["x"]
    return x.sin().sum().add(x.pow(2).mul(0.1).sum())


def rosen_init(values, dtype):
    return {"x": torch.tensor(values, dtype=dtype)}


# (name, problem, init values (rosenbrock) or None (net), dtype, kwargs, steps)
CONFIGS = [
    ("net_default", "net", None, "float32", {}, 4),
    ("net_strong_wolfe", "net", None, "float32", {"line_search_fn": "strong_wolfe"}, 4),
    ("net_wolfe_history3_iter10", "net", None, "float32", {"line_search_fn": "strong_wolfe", "history_size": 3, "max_iter": 10}, 5),
    ("net_lr05_history2_iter5", "net", None, "float32", {"lr": 0.5, "max_iter": 5, "history_size": 2}, 6),
    ("net_wolfe_max_eval7", "net", None, "float32", {"line_search_fn": "strong_wolfe", "max_eval": 7}, 4),
    ("net_tolerance_change", "net", None, "float32", {"tolerance_change": 1e-3, "max_iter": 50}, 3),
    ("net_tolerance_grad", "net", None, "float32", {"line_search_fn": "strong_wolfe", "tolerance_grad": 1e-2}, 3),
    ("rosen_wolfe", "rosenbrock", [-1.5, 2.0], "float32", {"line_search_fn": "strong_wolfe"}, 5),
    ("rosen_wolfe_history5_f64", "rosenbrock", [-1.2, 1.0], "float64", {"line_search_fn": "strong_wolfe", "history_size": 5}, 5),
    ("rosen_lr01_f64", "rosenbrock", [-1.2, 1.0], "float64", {"lr": 0.1, "max_iter": 10}, 4),
    ("rosen_default_near", "rosenbrock", [0.8, 0.7], "float32", {}, 3),
    ("rosen_wolfe_lr2_iter3", "rosenbrock", [0.3, -0.4], "float32", {"line_search_fn": "strong_wolfe", "lr": 2, "max_iter": 3}, 4),
    ("rosen_wolfe_lr100", "rosenbrock", [-1.5, 2.0], "float32", {"line_search_fn": "strong_wolfe", "lr": 100}, 4),
    ("rosen_wolfe_lr1e-4_f64", "rosenbrock", [-1.2, 1.0], "float64", {"line_search_fn": "strong_wolfe", "lr": 1e-4, "max_iter": 8}, 3),
    ("net_wolfe_lr30", "net", None, "float32", {"line_search_fn": "strong_wolfe", "lr": 30, "max_iter": 12}, 3),
    ("linear_wolfe", "linear", [0.5, -0.25], "float32", {"line_search_fn": "strong_wolfe"}, 2),
    ("wavy_wolfe_lr10", "wavy", [-1.5, 2.0], "float32", {"line_search_fn": "strong_wolfe", "lr": 10}, 3),
    ("rosen_converged", "rosenbrock", [1.0, 1.0], "float32", {}, 2),
]


def summarize(v):
    """A state value as JSON: numbers stay numbers, tensors become tensor records."""
    if isinstance(v, torch.Tensor):
        return encode.tensor(v)
    if isinstance(v, list):
        return {"list": len(v)}
    return v


def run(problem, init, dtype, kwargs, steps):
    if problem == "net":
        p = {k: v.clone().requires_grad_(True) for k, v in tiny_net.INIT.items()}
        names, fn = tiny_net.NAMES, tiny_net.loss
    else:
        p = {k: v.clone().requires_grad_(True) for k, v in rosen_init(init, getattr(torch, dtype)).items()}
        names, fn = ["x"], {"rosenbrock": rosenbrock, "linear": linear, "wavy": wavy}[problem]
    start = {k: encode.tensor(p[k]) for k in names}
    opt = torch.optim.LBFGS([p[k] for k in names], **kwargs)
    calls = [0]

    def closure():
        calls[0] += 1
        opt.zero_grad()
        loss = fn(p)
        loss.backward()
        return loss

    traj = []
    for _ in range(steps):
        calls[0] = 0
        loss = opt.step(closure)
        state = opt.state[p[names[0]]]
        traj.append({
            "params": {k: flat(p[k]) for k in names},
            "loss": float(loss),
            "closure_calls": calls[0],
            "state": {k: summarize(state[k]) for k in ["func_evals", "n_iter", "t", "H_diag", "prev_loss", "old_dirs", "ro"] if k in state},
        })
    state = opt.state[p[names[0]]]
    return {
        "names": names, "init": start, "trajectory": traj,
        "state_keys": list(state.keys()),
        "state_params": [i for i, k in enumerate(names) if p[k] in opt.state],
        "ro": [float(r) for r in state.get("ro", [])],
        "repr": repr(opt),
    }


cases = []
for name, problem, init, dtype, kwargs, steps in CONFIGS:
    case = {"name": name, "problem": problem, "dtype": dtype, "kwargs": kwargs, "steps": steps}
    case.update(run(problem, init, dtype, kwargs, steps))
    cases.append(case)

# Errors, with PyTorch's messages.
w = torch.zeros(2, requires_grad=True)
v = torch.zeros(2, requires_grad=True)
bad = torch.optim.LBFGS([w], line_search_fn="backtracking")


def bad_closure():
    bad.zero_grad()
    loss = w.pow(2).sum().add(w.sum())
    loss.backward()
    return loss


errors = {
    "param_groups": encode.error_of(lambda: torch.optim.LBFGS([{"params": [w]}, {"params": [v]}])),
    "missing_closure": encode.error_of(lambda: torch.optim.LBFGS([w]).step()),
    "line_search_fn": encode.error_of(lambda: bad.step(bad_closure)),
}

encode.write("lbfgs", {
    "net": tiny_net.fixture(),
    "cases": cases,
    "errors": errors,
})
