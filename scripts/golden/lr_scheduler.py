#!/usr/bin/python3
"""Golden learning-rate sequences for test/optim_lr_scheduler.test.ts.

    /usr/bin/python3 scripts/golden/lr_scheduler.py     # Debian's python3-torch 1.13

Each case is data that both this script and the TS test interpret the same way:

  optimizers: [{type, kwargs, groups}]   type: torch.optim class; the parameters are those of
      nn.Linear(3, 2): one group with both (with `groups` = [options]: that group's options), or
      with two `groups` one group for the weight and one for the bias.
  schedulers: [{type, args, kwargs, opt}]  built in order on optimizers[opt] (default 0). In
      args/kwargs, {"$lambda": name} is a function from LAMBDAS (the TS test defines the same
      ones), {"$sched": i} the i-th scheduler built before, {"$f": "inf"} a non-finite float.
  plan: one entry per step: optimizer.step() on every optimizer, then the calls
      [[scheduler index, args], ...] (args: [] for step(), [epoch] for the deprecated
      step(epoch), [metric] for ReduceLROnPlateau).
  track: "momentum" | "beta1" | null  which momentum to record (OneCycleLR / CyclicLR).
  resume_at: after this many steps, a fresh optimizer + schedulers load the state dicts and run
      the rest of the plan; this script asserts the rest equals the uninterrupted run.

records[0] is taken after construction, records[k] after plan step k:
  {"lr": optimizers[0]'s group lrs, "last_lr": each scheduler's get_last_lr() (_last_lr for
   ReduceLROnPlateau, null before its first step), "momentum": tracked values, "printed": stdout}
state: the state_dict() of each scheduler after the whole plan, with values that are not plain
data (functions, weak references) replaced by "<fn>".

errors: [{name, optimizers, schedulers, plan, type, message}]: building the schedulers (and
running the plan) raises `type` with `message` (encode.error).

Writes test/golden/lr_scheduler.json (npm run golden -- lr_scheduler), encoded as
scripts/golden/encode.py describes.
"""
import contextlib
import inspect
import io
import random
import warnings

import torch
from torch import nn
from torch.optim import lr_scheduler as S

import encode
STEPS = 60
warnings.simplefilter("ignore")

LAMBDAS = {
    "notebook_warmup": lambda epoch: (min(epoch, 3) / 3) * (.9) + .1,
    "inv_linear": lambda epoch: 1.0 / (1.0 + 0.05 * epoch),
    "halve_every_10": lambda epoch: 0.5 if epoch % 10 == 0 and epoch > 0 else 1.0,
    "const_095": lambda epoch: 0.95,
    "alternate": lambda epoch: 0.9 if epoch % 2 else 1.02,
    "inv_scale": lambda x: 1.0 / (1.0 + 0.1 * x),
}


def not_data(v):
    """State dict values that are not plain data (functions, weak references)."""
    return "<fn>"


def dec(v, built):
    if isinstance(v, list):
        return [dec(x, built) for x in v]
    if isinstance(v, dict):
        if "$lambda" in v:
            return LAMBDAS[v["$lambda"]]
        if "$sched" in v:
            return built[v["$sched"]]
        if "$f" in v:
            return float(v["$f"])
        if "$list" in v:
            return []
        return {k: dec(x, built) for k, x in v.items()}
    return v


def make_optimizer(spec):
    model = nn.Linear(3, 2)
    cls = getattr(torch.optim, spec["type"])
    groups = spec.get("groups")
    if groups and len(groups) == 1:
        params = [dict(params=list(model.parameters()), **groups[0])]
    elif groups:
        params = [dict(params=[p], **g) for p, g in zip([model.weight, model.bias], groups)]
    else:
        params = model.parameters()
    return cls(params, **spec.get("kwargs", {}))


def build(case):
    opts = [make_optimizer(o) for o in case["optimizers"]]
    scheds = []
    for s in case["schedulers"]:
        cls = getattr(S, s["type"])
        args = dec(s.get("args", []), scheds)
        kwargs = dec(s.get("kwargs", {}), scheds)
        if s.get("no_optimizer"):
            scheds.append(cls(*args, **kwargs))
        else:
            scheds.append(cls(opts[s.get("opt", 0)], *args, **kwargs))
    return opts, scheds


def momentum_of(opt, track):
    if track == "momentum":
        return [g["momentum"] for g in opt.param_groups]
    if track == "beta1":
        return [g["betas"][0] for g in opt.param_groups]
    return None


def last_lr(s):
    lrs = s.get_last_lr() if hasattr(s, "get_last_lr") else getattr(s, "_last_lr", None)
    return None if lrs is None else list(lrs)


def record(opts, scheds, track, printed):
    return {"lr": [g["lr"] for g in opts[0].param_groups], "last_lr": [last_lr(s) for s in scheds],
            "momentum": momentum_of(opts[0], track), "printed": printed}


def run_steps(opts, scheds, plan, track):
    out = []
    for calls in plan:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            for o in opts:
                o.step()
            for idx, args in calls:
                scheds[idx].step(*args)
        out.append(record(opts, scheds, track, buf.getvalue().splitlines()))
    return out


def run_case(case):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        opts, scheds = build(case)
    track = case.get("track")
    records = [record(opts, scheds, track, buf.getvalue().splitlines())]
    records += run_steps(opts, scheds, case["plan"], track)
    case["records"] = records
    case["state"] = [encode.plain(s.state_dict(), unknown=not_data) for s in scheds]
    case["optimizer_keys"] = [sorted(k for k in g if k != "params") for g in opts[0].param_groups]
    k = case.get("resume_at")
    if k is not None:
        opts_a, scheds_a = build(case)
        with contextlib.redirect_stdout(io.StringIO()):
            run_steps(opts_a, scheds_a, case["plan"][:k], track)
        with contextlib.redirect_stdout(io.StringIO()):
            opts_b, scheds_b = build(case)
        for a, b in zip(opts_a, opts_b):
            b.load_state_dict(a.state_dict())
        for a, b in zip(scheds_a, scheds_b):
            b.load_state_dict(a.state_dict())
        rest = run_steps(opts_b, scheds_b, case["plan"][k:], track)
        for got, want in zip(rest, records[k + 1:]):
            assert got["lr"] == want["lr"] and got["momentum"] == want["momentum"], (case["name"], got, want)
    return case


def steps(n=STEPS, idx=0):
    return [[[idx, []]] for _ in range(n)]


def case(name, optimizer, schedulers, plan=None, track=None, resume_at=23, optimizers=None):
    return {"name": name, "optimizers": optimizers or [optimizer], "schedulers": schedulers,
            "plan": plan if plan is not None else steps(), "track": track, "resume_at": resume_at}


def sched(type_, *args, **kwargs):
    # Later releases dropped `verbose` (printing each update) from the schedulers: where this one
    # has no such keyword, the case runs and is recorded without it.
    if "verbose" in kwargs and "verbose" not in inspect.signature(getattr(S, type_)).parameters:
        del kwargs["verbose"]
    return {"type": type_, "args": list(args), "kwargs": kwargs}


SGD = {"type": "SGD", "kwargs": {"lr": 0.1}}
SGD_M = {"type": "SGD", "kwargs": {"lr": 0.1, "momentum": 0.9}}
TWO = {"type": "SGD", "kwargs": {"lr": 0.1, "momentum": 0.9}, "groups": [{"lr": 0.1}, {"lr": 0.01, "momentum": 0.5}]}
ADAMW_NB = {"type": "AdamW", "kwargs": {"lr": .05}}
ADAM = {"type": "Adam", "kwargs": {"lr": 0.001}}
ADAM_TWO = {"type": "Adam", "kwargs": {"lr": 0.001}, "groups": [{"lr": 0.001}, {"lr": 0.002, "betas": (0.8, 0.99)}]}
L = lambda name: {"$lambda": name}  # noqa: E731

rng = random.Random(1234)
# validation accuracy that rises, then plateaus with noise (the notebook's mode="max" use)
ACC = [min(0.9, 0.5 + 0.04 * i) + rng.uniform(-0.01, 0.01) for i in range(STEPS)]
# a loss that falls, then stalls
LOSS = [max(0.3, 2.0 * 0.9 ** i) + rng.uniform(0, 0.02) for i in range(STEPS)]
FRACTIONAL = [e + i / 6 for e in range(10) for i in range(6)]
JUMPS = [1, 2, 3, 5, 8, 13, 14, 15, 21, 22, 30, 31, 40, 41, 42, 55, 56, 57, 58, 59]

CASES = [
    # the seed notebook's schedulers
    case("notebook ExponentialLR(gamma=.9) on AdamW(lr=.05)", ADAMW_NB, [sched("ExponentialLR", gamma=.9)]),
    case("notebook CosineAnnealingLR(T_max=20, eta_min=.001)", ADAMW_NB, [sched("CosineAnnealingLR", T_max=20, eta_min=.001)]),
    case("notebook ReduceLROnPlateau(mode=max, patience=2, factor=.1)", ADAMW_NB,
         [sched("ReduceLROnPlateau", mode="max", patience=2, factor=.1)], plan=[[[0, [m]]] for m in ACC]),
    case("notebook LinearLR(.1, 1, 3) then ReduceLROnPlateau from epoch 3", ADAMW_NB,
         [sched("LinearLR", start_factor=.1, end_factor=1, total_iters=3), sched("ReduceLROnPlateau", mode="max", patience=2, factor=.1)],
         plan=[[[0, []]] + ([[1, [ACC[e]]]] if e >= 3 else []) for e in range(STEPS)]),
    case("notebook LambdaLR warm-up", ADAMW_NB, [sched("LambdaLR", L("notebook_warmup"))]),
    case("notebook CosineAnnealingWarmRestarts(T_0=2, T_mult=2, eta_min=.001)", ADAMW_NB,
         [sched("CosineAnnealingWarmRestarts", T_0=2, T_mult=2, eta_min=.001)]),
    # LambdaLR / MultiplicativeLR
    case("LambdaLR one function per group", TWO, [sched("LambdaLR", [L("inv_linear"), L("halve_every_10")])]),
    case("MultiplicativeLR constant factor", SGD, [sched("MultiplicativeLR", lr_lambda=L("const_095"))]),
    case("MultiplicativeLR per group", TWO, [sched("MultiplicativeLR", [L("alternate"), L("const_095")])]),
    # StepLR / MultiStepLR
    case("StepLR(step_size=7, gamma=.5)", SGD, [sched("StepLR", 7, gamma=.5)]),
    case("StepLR default gamma, two groups", TWO, [sched("StepLR", step_size=10)]),
    case("MultiStepLR milestones with a repeat", SGD, [sched("MultiStepLR", [5, 15, 15, 30], 0.5)]),
    case("MultiStepLR two groups", TWO, [sched("MultiStepLR", milestones=[10, 20, 40], gamma=0.3)]),
    # ConstantLR / LinearLR / ExponentialLR / PolynomialLR
    case("ConstantLR(factor=.5, total_iters=4)", SGD, [sched("ConstantLR", factor=.5, total_iters=4)]),
    case("ConstantLR defaults, two groups", TWO, [sched("ConstantLR")]),
    case("LinearLR defaults", SGD, [sched("LinearLR")]),
    case("LinearLR decay 1 -> .05 over 40", TWO, [sched("LinearLR", 1.0, 0.05, 40)]),
    case("ExponentialLR two groups", TWO, [sched("ExponentialLR", 0.95)]),
    case("PolynomialLR(total_iters=40, power=2)", SGD, [sched("PolynomialLR", total_iters=40, power=2.0)]),
    case("PolynomialLR defaults", TWO, [sched("PolynomialLR")]),
    case("PolynomialLR power .5", SGD, [sched("PolynomialLR", 30, 0.5)]),
    # cosine
    case("CosineAnnealingLR(T_max=7) two groups", TWO, [sched("CosineAnnealingLR", 7)]),
    case("CosineAnnealingLR(T_max=25, eta_min=1e-4) on Adam", ADAM, [sched("CosineAnnealingLR", T_max=25, eta_min=1e-4)]),
    case("CosineAnnealingWarmRestarts(T_0=5)", TWO, [sched("CosineAnnealingWarmRestarts", 5)]),
    case("CosineAnnealingWarmRestarts(T_0=3, T_mult=3, eta_min=.01)", SGD, [sched("CosineAnnealingWarmRestarts", 3, 3, .01)]),
    case("CosineAnnealingWarmRestarts fractional epochs T_mult=2", SGD,
         [sched("CosineAnnealingWarmRestarts", T_0=3, T_mult=2, eta_min=1e-3)], plan=[[[0, [e]]] for e in FRACTIONAL]),
    case("CosineAnnealingWarmRestarts fractional epochs T_mult=1", TWO,
         [sched("CosineAnnealingWarmRestarts", T_0=2)], plan=[[[0, [e]]] for e in FRACTIONAL]),
    case("CosineAnnealingWarmRestarts jump then step()", SGD, [sched("CosineAnnealingWarmRestarts", T_0=2, T_mult=2)],
         plan=[[[0, []]] for _ in range(10)] + [[[0, [26]]]] + [[[0, []]] for _ in range(49)]),
    # ReduceLROnPlateau
    case("ReduceLROnPlateau min, abs threshold, cooldown, per-group min_lr", TWO,
         [sched("ReduceLROnPlateau", "min", 0.5, 3, 0.01, "abs", 2, [0.01, 0.002])], plan=[[[0, [m]]] for m in LOSS]),
    case("ReduceLROnPlateau min rel defaults patience=1, eps", SGD,
         [sched("ReduceLROnPlateau", patience=1, eps=1e-3)], plan=[[[0, [m]]] for m in LOSS]),
    case("ReduceLROnPlateau max abs verbose", SGD,
         [sched("ReduceLROnPlateau", mode="max", threshold_mode="abs", threshold=0.005, patience=1, factor=0.5, verbose=True)],
         plan=[[[0, [m]]] for m in ACC]),
    # OneCycleLR
    case("OneCycleLR SGD momentum total_steps=60", SGD_M, [sched("OneCycleLR", 0.1, total_steps=60)], track="momentum"),
    case("OneCycleLR Adam betas, epochs*steps_per_epoch, two groups", ADAM_TWO,
         [sched("OneCycleLR", [0.01, 0.02], epochs=6, steps_per_epoch=10)], track="beta1"),
    case("OneCycleLR three_phase", SGD_M, [sched("OneCycleLR", 0.05, 60, three_phase=True, base_momentum=0.8, max_momentum=[0.99])],
         track="momentum"),
    case("OneCycleLR linear, pct_start .25, div 10, final 100", TWO,
         [sched("OneCycleLR", max_lr=[0.2, 0.1], total_steps=60, pct_start=0.25, anneal_strategy="linear", div_factor=10.,
                final_div_factor=100., base_momentum=[0.8, 0.7])], track="momentum"),
    case("OneCycleLR three_phase linear AdamW", ADAMW_NB,
         [sched("OneCycleLR", max_lr=0.05, total_steps=61, three_phase=True, anneal_strategy="linear")], track="beta1"),
    case("OneCycleLR no momentum cycling", ADAM, [sched("OneCycleLR", 0.01, total_steps=60, cycle_momentum=False)], track="beta1"),
    # CyclicLR
    case("CyclicLR triangular", SGD_M, [sched("CyclicLR", 0.001, 0.01, step_size_up=5)], track="momentum"),
    case("CyclicLR triangular2 up 4 down 6", SGD_M, [sched("CyclicLR", 0.001, 0.01, 4, 6, "triangular2")], track="momentum"),
    case("CyclicLR exp_range", TWO, [sched("CyclicLR", [0.001, 0.002], [0.01, 0.005], 6, mode="exp_range", gamma=0.97,
                                           base_momentum=[0.85, 0.4], max_momentum=0.95)], track="momentum"),
    case("CyclicLR custom scale_fn per iteration", SGD_M,
         [sched("CyclicLR", 0.01, 0.1, 7, scale_fn=L("inv_scale"), scale_mode="iterations")], track="momentum"),
    case("CyclicLR custom scale_fn per cycle", SGD_M, [sched("CyclicLR", 0.01, 0.1, 3, 2, scale_fn=L("inv_scale"))], track="momentum"),
    case("CyclicLR without momentum cycling on Adam", ADAM, [sched("CyclicLR", 1e-4, 1e-3, 5, cycle_momentum=False)]),
    # SequentialLR / ChainedScheduler
    case("SequentialLR ConstantLR then ExponentialLR (docs)", SGD,
         [sched("ConstantLR", factor=0.1, total_iters=2), sched("ExponentialLR", gamma=0.9),
          sched("SequentialLR", [{"$sched": 0}, {"$sched": 1}], milestones=[2])], plan=steps(idx=2)),
    case("SequentialLR LinearLR warm-up then CosineAnnealingLR", TWO,
         [sched("LinearLR", 0.1, 1.0, 5), sched("CosineAnnealingLR", 30, 1e-3),
          sched("SequentialLR", schedulers=[{"$sched": 0}, {"$sched": 1}], milestones=[5])], plan=steps(idx=2)),
    case("SequentialLR three schedulers", SGD,
         [sched("LinearLR", 0.2, 1.0, 4), sched("StepLR", 5, 0.5), sched("ExponentialLR", 0.9),
          sched("SequentialLR", [{"$sched": 0}, {"$sched": 1}, {"$sched": 2}], [5, 20])], plan=steps(idx=3)),
    case("ChainedScheduler ConstantLR and ExponentialLR (docs)", SGD,
         [sched("ConstantLR", factor=0.1, total_iters=2), sched("ExponentialLR", gamma=0.9),
          {"type": "ChainedScheduler", "args": [[{"$sched": 0}, {"$sched": 1}]], "no_optimizer": True}], plan=steps(idx=2)),
    case("ChainedScheduler LinearLR, MultiStepLR, CosineAnnealingLR", TWO,
         [sched("LinearLR", 0.5, 1.0, 10), sched("MultiStepLR", [20, 40], 0.5), sched("CosineAnnealingLR", 15),
          {"type": "ChainedScheduler", "kwargs": {"schedulers": [{"$sched": 0}, {"$sched": 1}, {"$sched": 2}]}, "no_optimizer": True}],
         plan=steps(idx=3)),
    # the deprecated step(epoch): closed forms
    case("StepLR step(epoch)", SGD, [sched("StepLR", 3, 0.7)], plan=[[[0, [e]]] for e in JUMPS], resume_at=7),
    case("MultiStepLR step(epoch)", TWO, [sched("MultiStepLR", [4, 14, 14, 30], 0.5)], plan=[[[0, [e]]] for e in JUMPS], resume_at=7),
    case("ExponentialLR step(epoch)", SGD, [sched("ExponentialLR", 0.93)], plan=[[[0, [e]]] for e in JUMPS], resume_at=7),
    case("ConstantLR step(epoch)", SGD, [sched("ConstantLR", 0.25, 14)], plan=[[[0, [e]]] for e in JUMPS], resume_at=7),
    case("LinearLR step(epoch)", SGD, [sched("LinearLR", 0.1, 0.9, 20)], plan=[[[0, [e]]] for e in JUMPS], resume_at=7),
    case("PolynomialLR step(epoch)", SGD, [sched("PolynomialLR", 40, 3.0)], plan=[[[0, [e]]] for e in JUMPS], resume_at=7),
    case("CosineAnnealingLR step(epoch) then step()", TWO, [sched("CosineAnnealingLR", 12, 0.001)],
         plan=[[[0, [e]]] for e in JUMPS[:10]] + [[[0, []]] for _ in range(50)]),
    case("LambdaLR step(epoch) uses get_lr", SGD, [sched("LambdaLR", L("inv_linear"))], plan=[[[0, [e]]] for e in JUMPS], resume_at=7),
    case("StepLR verbose", SGD, [sched("StepLR", 2, verbose=True)], plan=steps(8) + [[[0, [12]]], [[0, [13.5]]]], resume_at=None),
    # resuming with last_epoch != -1 (groups carry initial_lr)
    case("StepLR last_epoch=10", {"type": "SGD", "kwargs": {"lr": 0.05}, "groups": [{"initial_lr": 0.1}]}, [sched("StepLR", 4, 0.5, 10)]),
    case("CosineAnnealingLR last_epoch=5 (first-step branch)", {"type": "SGD", "kwargs": {"lr": 0.05}, "groups": [
        {"initial_lr": 0.1}, {"lr": 0.02, "initial_lr": 0.04}]}, [sched("CosineAnnealingLR", T_max=10, eta_min=0.001, last_epoch=5)]),
    case("CosineAnnealingWarmRestarts last_epoch=4", {"type": "SGD", "kwargs": {"lr": 0.05}, "groups": [{"initial_lr": 0.1}]},
         [sched("CosineAnnealingWarmRestarts", 3, 2, last_epoch=4)]),
    case("CyclicLR last_epoch=10", {"type": "SGD", "kwargs": {"lr": 0.05, "momentum": 0.85}, "groups": [{"initial_lr": 0.05}]},
         [sched("CyclicLR", 0.01, 0.1, 4, last_epoch=10)], track="momentum"),
    case("OneCycleLR last_epoch=20", {"type": "SGD", "kwargs": {"lr": 0.05, "momentum": 0.9}, "groups": [
        {"initial_lr": 0.004, "max_lr": 0.1, "min_lr": 4e-8, "max_momentum": 0.95, "base_momentum": 0.85}]},
         [sched("OneCycleLR", 0.1, 100, last_epoch=20)], track="momentum"),
]


def err(name, optimizer, schedulers, plan=(), optimizers=None):
    return {"name": name, "optimizers": optimizers or [optimizer], "schedulers": schedulers, "plan": list(plan)}


ADAGRAD = {"type": "Adagrad", "kwargs": {"lr": 0.1}}
ERRORS = [
    err("OneCycleLR without total_steps", SGD_M, [sched("OneCycleLR", 0.1)]),
    err("OneCycleLR total_steps=0", SGD_M, [sched("OneCycleLR", 0.1, 0)]),
    err("OneCycleLR total_steps=10.5", SGD_M, [sched("OneCycleLR", 0.1, total_steps=10.5)]),
    err("OneCycleLR epochs=0", SGD_M, [sched("OneCycleLR", 0.1, epochs=0, steps_per_epoch=5)]),
    err("OneCycleLR steps_per_epoch=-1", SGD_M, [sched("OneCycleLR", 0.1, epochs=2, steps_per_epoch=-1)]),
    err("OneCycleLR stepping past total_steps", SGD_M, [sched("OneCycleLR", 0.1, total_steps=10)], plan=steps(11)),
    err("OneCycleLR pct_start=1.5", SGD_M, [sched("OneCycleLR", 0.1, 10, pct_start=1.5)]),
    err("OneCycleLR anneal_strategy", SGD_M, [sched("OneCycleLR", 0.1, 10, anneal_strategy="exp")]),
    err("OneCycleLR max_lr list length", SGD_M, [sched("OneCycleLR", [0.1, 0.2], 10)]),
    err("OneCycleLR cycle_momentum on Adagrad", ADAGRAD, [sched("OneCycleLR", 0.1, 10)]),
    err("CyclicLR cycle_momentum on Adam", ADAM, [sched("CyclicLR", 0.001, 0.01)]),
    err("CyclicLR cycle_momentum on Adagrad", ADAGRAD, [sched("CyclicLR", 0.001, 0.01)]),
    err("CyclicLR bad mode", SGD_M, [sched("CyclicLR", 0.001, 0.01, mode="triangle")]),
    err("CyclicLR base_lr list length", TWO, [sched("CyclicLR", [0.001], 0.01)]),
    err("CyclicLR max_momentum list length", TWO, [sched("CyclicLR", 0.001, 0.01, max_momentum=[0.9, 0.9, 0.9])]),
    err("ConstantLR factor > 1", SGD, [sched("ConstantLR", 1.5)]),
    err("LinearLR start_factor < 0", SGD, [sched("LinearLR", -0.1)]),
    err("LinearLR end_factor > 1", SGD, [sched("LinearLR", end_factor=2)]),
    err("CosineAnnealingWarmRestarts T_0=0", SGD, [sched("CosineAnnealingWarmRestarts", 0)]),
    err("CosineAnnealingWarmRestarts T_0=1.5", SGD, [sched("CosineAnnealingWarmRestarts", 1.5)]),
    err("CosineAnnealingWarmRestarts T_mult=0", SGD, [sched("CosineAnnealingWarmRestarts", 2, 0)]),
    err("CosineAnnealingWarmRestarts negative epoch", SGD, [sched("CosineAnnealingWarmRestarts", 2)], plan=[[[0, [-1]]]]),
    err("ReduceLROnPlateau factor=1", SGD, [sched("ReduceLROnPlateau", factor=1.0)]),
    err("ReduceLROnPlateau mode", SGD, [sched("ReduceLROnPlateau", "maximum")]),
    err("ReduceLROnPlateau threshold_mode", SGD, [sched("ReduceLROnPlateau", threshold_mode="relative")]),
    err("ReduceLROnPlateau min_lr list length", TWO, [sched("ReduceLROnPlateau", min_lr=[0.1])]),
    err("LambdaLR lambda count", TWO, [sched("LambdaLR", [L("inv_linear")])]),
    err("MultiplicativeLR lambda count", SGD, [sched("MultiplicativeLR", [L("const_095"), L("const_095")])]),
    err("StepLR resuming without initial_lr", SGD, [sched("StepLR", 3, last_epoch=5)]),
    err("StepLR on a list", SGD, [{"type": "StepLR", "args": [{"$list": True}, 3], "no_optimizer": True}]),
    err("ExponentialLR missing gamma", SGD, [sched("ExponentialLR")]),
    err("CyclicLR missing base_lr and max_lr", SGD_M, [sched("CyclicLR")]),
    err("StepLR unexpected keyword", SGD, [sched("StepLR", 3, foo=1)]),
    err("StepLR too many positional", SGD, [sched("StepLR", 3, 0.1, -1, False, 7)]),
    err("StepLR step_size twice", SGD, [sched("StepLR", 3, step_size=4)]),
    err("CosineAnnealingLR T_max=0", SGD, [sched("CosineAnnealingLR", 0)], plan=steps(2)),
    err("SequentialLR milestone count", SGD,
        [sched("ConstantLR"), sched("ExponentialLR", 0.9), sched("SequentialLR", [{"$sched": 0}, {"$sched": 1}], [2, 4])]),
    err("SequentialLR scheduler of another optimizer", None,
        [sched("ConstantLR"), {"type": "ExponentialLR", "args": [0.9], "opt": 1},
         sched("SequentialLR", [{"$sched": 0}, {"$sched": 1}], [2])], optimizers=[SGD, SGD]),
    err("ChainedScheduler schedulers of two optimizers", None,
        [sched("ConstantLR"), {"type": "ExponentialLR", "args": [0.9], "opt": 1},
         {"type": "ChainedScheduler", "args": [[{"$sched": 0}, {"$sched": 1}]], "no_optimizer": True}], optimizers=[SGD, SGD]),
]


def run_error(e):
    try:
        opts, scheds = build(e)
        run_steps(opts, scheds, e["plan"], None)
    except Exception as ex:  # noqa: BLE001
        e.update(encode.error(ex))
        return e
    # PyTorch 2.x accepts some calls 1.13 refused (CyclicLR cycles Adam's beta1): no error to record.
    print(f"lr_scheduler: no error on torch {torch.__version__}: {e['name']}")
    return None


def main():
    cases = [run_case(c) for c in CASES]
    errors = [e for e in map(run_error, ERRORS) if e is not None]
    encode.write("lr_scheduler", encode.plain({"lambdas": list(LAMBDAS), "cases": cases, "errors": errors}))


if __name__ == "__main__":
    main()
