#!/usr/bin/python3
"""Golden values for ASGD, Adadelta, Rprop and SparseAdam (test/optim_more.test.ts).

    /usr/bin/python3 scripts/golden/optim_more.py     # npm run golden -- optim_more

ASGD, Adadelta and Rprop train tiny_net.py's net for STEPS steps per option set, as optim.py does;
SparseAdam trains an embedding table through sparse gradients (F.embedding(sparse=True)),
alternating two index batches. Each case records every step's parameters, the final state_dict's
per-parameter state (PyTorch's layout: which entries are tensors, which plain numbers), and the
printed optimizer. `errors` records the constructors' and step's errors, `bound` how positional
and named arguments bind.
"""
import torch
import torch.nn.functional as F

import encode
import tiny_net
from tiny_net import INIT, NAMES, flat

STEPS = 20

# (name, optimizer class, kwargs)
CONFIGS = [
    ("asgd", "ASGD", {}),
    ("asgd_averaging", "ASGD", {"lr": 0.05, "lambd": 1e-3, "alpha": 0.6, "t0": 5, "weight_decay": 0.01}),
    ("asgd_maximize", "ASGD", {"lr": 0.01, "t0": 3, "maximize": True}),
    ("adadelta", "Adadelta", {}),
    ("adadelta_options", "Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weight_decay": 0.01}),
    ("adadelta_maximize", "Adadelta", {"maximize": True}),
    ("rprop", "Rprop", {}),
    ("rprop_options", "Rprop", {"lr": 0.02, "etas": (0.3, 1.5), "step_sizes": (1e-4, 0.05)}),
    ("rprop_maximize", "Rprop", {"lr": 0.001, "maximize": True}),
]


def state_record(state):
    """One parameter's state as PyTorch's state_dict holds it: tensors, or plain numbers."""
    return {k: {"tensor": encode.tensor(v)} if torch.is_tensor(v) else {"number": v, "int": isinstance(v, int)}
            for k, v in state.items()}


def run(cls_name, kwargs):
    p = {k: v.clone().requires_grad_() for k, v in INIT.items()}
    opt = getattr(torch.optim, cls_name)([p[k] for k in NAMES], **kwargs)
    traj = tiny_net.train(opt, p, STEPS)
    sd = opt.state_dict()
    return {"trajectory": traj, "state": {str(i): state_record(s) for i, s in sd["state"].items()},
            "param_group": {k: encode.plain(v) for k, v in sd["param_groups"][0].items()}, "repr": repr(opt)}


cases = []
for name, cls_name, kwargs in CONFIGS:
    case = {"name": name, "cls": cls_name, "kwargs": encode.plain(kwargs)}
    case.update(run(cls_name, kwargs))
    cases.append(case)

# SparseAdam over an embedding table with sparse gradients; batch A repeats index 1.
torch.manual_seed(1)
TABLE = torch.randn(10, 3)
BATCHES = [torch.tensor([1, 2, 4, 1, 9]), torch.tensor([0, 2, 7, 7])]
TARGETS = [torch.randn(5, 3), torch.randn(4, 3)]
SPARSE_CONFIGS = [
    ("sparse_adam", {}),
    ("sparse_adam_options", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6}),
    ("sparse_adam_maximize", {"lr": 0.01, "maximize": True}),
]


def run_sparse(kwargs):
    w = TABLE.clone().requires_grad_()
    opt = torch.optim.SparseAdam([w], **kwargs)
    traj = []
    for i in range(STEPS):
        opt.zero_grad()
        b = i % 2
        F.embedding(BATCHES[b], w, sparse=True).sub(TARGETS[b]).pow(2).sum().backward()
        opt.step()
        traj.append(flat(w))
    sd = opt.state_dict()
    return {"trajectory": traj, "state": {str(i): state_record(s) for i, s in sd["state"].items()},
            "param_group": {k: encode.plain(v) for k, v in sd["param_groups"][0].items()}, "repr": repr(opt)}


sparse_cases = []
for name, kwargs in SPARSE_CONFIGS:
    case = {"name": name, "kwargs": encode.plain(kwargs)}
    case.update(run_sparse(kwargs))
    sparse_cases.append(case)


def dense_step_error():
    w = torch.zeros(3, requires_grad=True)
    opt = torch.optim.SparseAdam([w])
    w.sum().backward()
    opt.step()


def params():
    return [torch.zeros(2, requires_grad=True)]


# (optimizer class, positional args after params, kwargs)
ERROR_CALLS = [
    ("ASGD", [-0.1], {}), ("ASGD", [], {"weight_decay": -0.5}),
    ("Adadelta", [-0.5], {}), ("Adadelta", [1.0, 1.5], {}), ("Adadelta", [], {"eps": -1e-6}),
    ("Adadelta", [], {"weight_decay": -0.5}),
    ("Rprop", [-0.1], {}), ("Rprop", [], {"etas": (1.5, 1.2)}), ("Rprop", [], {"etas": (0.5, 0.9)}),
    ("SparseAdam", [-0.5], {}), ("SparseAdam", [], {"eps": -1e-9}), ("SparseAdam", [], {"betas": (1.5, 0.9)}),
    ("SparseAdam", [], {"betas": (0.9, -0.1)}),
]
errors = [{"cls": c, "args": encode.plain(a), "kwargs": encode.plain(k),
           "error": encode.error_of(lambda: getattr(torch.optim, c)(params(), *a, **k))} for c, a, k in ERROR_CALLS]
errors.append({"cls": "SparseAdam", "step": True, "error": encode.error_of(dense_step_error)})

# (optimizer class, positional args after params, kwargs): the bound param group.
BOUND_CALLS = [
    ("ASGD", [0.1, 1e-3, 0.5, 100.0, 0.01, None, True], {}),
    ("Adadelta", [0.5, 0.7], {"maximize": True, "foreach": False}),
    ("Rprop", [0.1, (0.4, 1.1)], {"step_sizes": (1e-5, 1.0)}),
    ("SparseAdam", [0.01, (0.8, 0.9)], {"eps": 1e-7, "maximize": True}),
]
bound = []
for c, a, k in BOUND_CALLS:
    g = getattr(torch.optim, c)(params(), *a, **k).param_groups[0]
    bound.append({"cls": c, "args": encode.plain(a), "kwargs": encode.plain(k),
                  "group": {key: encode.plain(v) for key, v in g.items() if key != "params"}})

encode.write("optim_more", {
    "steps": STEPS,
    **tiny_net.fixture(),
    "cases": cases,
    "sparse": {"table": encode.tensor(TABLE), "batches": [encode.tensor(b) for b in BATCHES],
               "targets": [encode.tensor(t) for t in TARGETS], "cases": sparse_cases},
    "errors": errors,
    "bound": bound,
})
