"""Golden values for test/nn_utils.test.ts: torch.nn.utils gradient clipping, parameter/vector
conversion and pruning, as PyTorch 1.13 computes them.

Clipping cases carry explicit parameter values and gradients (float32 values survive the JSON round
trip exactly), so the TS test can demand bit-equal results. Pruning cases are scripts of steps
(prune calls, seeds before random ones, remove) replayed by the test on a module whose initial
state_dict is given here; after every step the script records the whole reparametrization: state_dict
keys, parameter and buffer names and values, the pruned attributes, the pruning hooks, is_pruned.

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/nn_utils.py (or: npm run golden -- nn_utils)"""
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune

import encode
from encode import error_of


# ---- gradient clipping ------------------------------------------------------------------------

def make_params(seed, shapes, dtype=torch.float32, scale=1.0, no_grad_at=()):
    g = torch.Generator().manual_seed(seed)
    params = []
    for i, shape in enumerate(shapes):
        p = torch.randn(*shape, generator=g, dtype=dtype).requires_grad_()
        if i not in no_grad_at:
            p.grad = torch.randn(*shape, generator=g, dtype=dtype) * scale
        params.append(p)
    return params


CLIP_CASES = [
    # name, seed, shapes, dtype, grad scale, params without grad, max_norm, norm_type
    ('l2 clipped', 1, [[4, 5], [4], [3, 4]], torch.float32, 1.0, (), 1.0, 2.0),
    ('l2 not clipped', 1, [[4, 5], [4], [3, 4]], torch.float32, 1.0, (), 100.0, 2.0),
    ('l1 clipped', 2, [[4, 5], [4], [3, 4]], torch.float32, 1.0, (), 2.5, 1.0),
    ('l1 not clipped', 2, [[4, 5], [4], [3, 4]], torch.float32, 1.0, (), 1000.0, 1.0),
    ('p=3.5 clipped', 3, [[4, 5], [4], [3, 4]], torch.float32, 1.0, (), 0.75, 3.5),
    ('p=3.5 not clipped', 3, [[4, 5], [4], [3, 4]], torch.float32, 1.0, (), 50.0, 3.5),
    ('inf clipped', 4, [[4, 5], [4], [3, 4]], torch.float32, 1.0, (), 0.5, float('inf')),
    ('inf not clipped', 4, [[4, 5], [4], [3, 4]], torch.float32, 1.0, (), 10.0, float('inf')),
    ('inf single param', 5, [[6]], torch.float32, 1.0, (), 0.5, float('inf')),
    ('skips params without grad', 6, [[3, 3], [3], [2, 3], [2]], torch.float32, 3.0, (1, 3), 1.0, 2.0),
    ('tiny grads', 7, [[5, 2], [2]], torch.float32, 1e-4, (), 1e-5, 2.0),
    ('float64', 8, [[4, 3], [3]], torch.float64, 2.0, (), 1.0, 2.0),
    ('p=-inf', 9, [[3, 3], [3]], torch.float32, 1.0, (), 0.05, float('-inf')),
]


def clip_cases():
    out = []
    for name, seed, shapes, dtype, scale, no_grad_at, max_norm, norm_type in CLIP_CASES:
        params = make_params(seed, shapes, dtype, scale, no_grad_at)
        before = [encode.tensor(p.grad) if p.grad is not None else None for p in params]
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
        out.append({
            'name': name, 'max_norm': max_norm, 'norm_type': encode.number(norm_type),
            'params': [encode.tensor(p) for p in params], 'grads': before,
            'total_norm': encode.tensor(total),
            'grads_after': [encode.tensor(p.grad) if p.grad is not None else None for p in params],
        })
    return out


def clip_value_cases():
    out = []
    for name, seed, clip_value in [('clip 0.5', 11, 0.5), ('clip 2 (int)', 12, 2), ('clip 0', 13, 0.0)]:
        params = make_params(seed, [[4, 5], [4], [3]], torch.float32, 1.5, (2,))
        before = [encode.tensor(p.grad) if p.grad is not None else None for p in params]
        torch.nn.utils.clip_grad_value_(params, clip_value)
        out.append({'name': name, 'clip_value': clip_value, 'params': [encode.tensor(p) for p in params], 'grads': before,
                    'grads_after': [encode.tensor(p.grad) if p.grad is not None else None for p in params]})
    return out


def clip_model_case():
    # A model built after manual_seed, so TS's Linear init must match (same RNG stream).
    torch.manual_seed(21)
    model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    x = torch.randn(6, 5)
    y = model(x)
    w = torch.linspace(-1, 1, y.numel()).reshape(y.shape)
    (y * w).sum().backward()
    grads = [encode.tensor(p.grad) for p in model.parameters()]
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
    return {'seed': 21, 'x': encode.tensor(x), 'grads': grads, 'total_norm': encode.tensor(total),
            'grads_after': [encode.tensor(p.grad) for p in model.parameters()]}


def clip_special_cases():
    out = {}
    out['empty'] = encode.tensor(torch.nn.utils.clip_grad_norm_([], 1.0))
    # non-finite total norm: without the flag the grads become nan, with it PyTorch raises
    p = torch.ones(3, requires_grad=True)
    p.grad = torch.tensor([1.0, float('inf'), 2.0])
    out['nonfinite_norm'] = encode.tensor(torch.nn.utils.clip_grad_norm_([p], 1.0))
    out['nonfinite_grad_after'] = encode.tensor(p.grad)
    for norm_type in (2.0, float('inf'), 1):
        q = torch.ones(2, requires_grad=True)
        q.grad = torch.tensor([float('nan'), 1.0])
        key = 'error_' + str(norm_type)
        out[key] = error_of(lambda: torch.nn.utils.clip_grad_norm_(q, 1.0, norm_type, error_if_nonfinite=True))
    return out


# ---- parameters_to_vector / vector_to_parameters -----------------------------------------------

def convert_case():
    g = torch.Generator().manual_seed(31)
    params = [torch.randn(3, 4, generator=g).requires_grad_(), torch.randn(4, generator=g).requires_grad_(),
              torch.randn(2, 2, 2, generator=g).requires_grad_()]
    before = [encode.tensor(p) for p in params]
    vec = torch.nn.utils.parameters_to_vector(params)
    new_vec = torch.arange(vec.numel(), dtype=torch.float32) * 0.5 - 3
    torch.nn.utils.vector_to_parameters(new_vec, params)
    return {'params': before, 'vec': encode.tensor(vec), 'new_vec': encode.tensor(new_vec), 'params_after': [encode.tensor(p) for p in params],
            'error_list': error_of(lambda: torch.nn.utils.vector_to_parameters([1.0, 2.0], params)),
            'error_int': error_of(lambda: torch.nn.utils.vector_to_parameters(3, params))}


# ---- pruning -----------------------------------------------------------------------------------

MODULES = {
    'linear': lambda: nn.Linear(5, 4),
    'conv2d': lambda: nn.Conv2d(2, 3, 3),
    'conv1d': lambda: nn.Conv1d(2, 4, 3),
    'mlp': lambda: nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3)),
}
INPUTS = {'linear': [3, 5], 'conv2d': [2, 2, 5, 5], 'conv1d': [2, 2, 6], 'mlp': [3, 5]}

# Each case: module kind, build seed, steps. A step is
#   {'fn': prune function name, 'target': sub-module path, 'args': [...], 'kwargs': {...}, 'seed': s?}
#   {'fn': 'remove', 'target': path, 'args': [name]}
#   {'fn': 'global_unstructured', 'params': [[path, name], ...], 'method': class name, 'kwargs': {...},
#    'importance': [[path, name, tensor], ...]?}
g = torch.Generator().manual_seed(77)
SCORES_LINEAR = torch.rand(4, 5, generator=g)
SCORES_CONV1D = torch.rand(4, 2, 3, generator=g)
SCORES_MLP0 = torch.rand(4, 5, generator=g)

PRUNE_CASES = [
    ('identity weight', 'linear', 40, [{'fn': 'identity', 'target': '', 'args': ['weight']}]),
    ('identity bias then remove', 'linear', 41, [{'fn': 'identity', 'target': '', 'args': ['bias']},
                                                {'fn': 'remove', 'target': '', 'args': ['bias']}]),
    ('random_unstructured fraction', 'linear', 42, [{'fn': 'random_unstructured', 'target': '', 'args': ['weight'], 'kwargs': {'amount': 0.3}, 'seed': 5}]),
    ('random_unstructured count on bias', 'linear', 43, [{'fn': 'random_unstructured', 'target': '', 'args': ['bias', 2], 'seed': 6}]),
    ('random_unstructured conv then remove', 'conv2d', 44, [{'fn': 'random_unstructured', 'target': '', 'args': ['weight', 0.45], 'seed': 7},
                                                            {'fn': 'remove', 'target': '', 'args': ['weight']}]),
    ('l1_unstructured fraction', 'linear', 45, [{'fn': 'l1_unstructured', 'target': '', 'args': ['weight'], 'kwargs': {'amount': 0.5}}]),
    ('l1_unstructured count', 'conv2d', 46, [{'fn': 'l1_unstructured', 'target': '', 'args': ['weight', 10]}]),
    ('l1_unstructured amount 0', 'linear', 47, [{'fn': 'l1_unstructured', 'target': '', 'args': ['weight', 0]}]),
    ('l1_unstructured importance_scores', 'linear', 48, [{'fn': 'l1_unstructured', 'target': '', 'args': ['weight', 0.4], 'kwargs': {'importance_scores': (SCORES_LINEAR)}}]),
    ('l1_unstructured rounds half to even', 'linear', 49, [{'fn': 'l1_unstructured', 'target': '', 'args': ['bias', 0.625]}]),
    ('random_structured dim 0', 'linear', 50, [{'fn': 'random_structured', 'target': '', 'args': ['weight'], 'kwargs': {'amount': 0.5, 'dim': 0}, 'seed': 8}]),
    ('random_structured conv dim 1', 'conv2d', 51, [{'fn': 'random_structured', 'target': '', 'args': ['weight', 1, 1], 'seed': 9}]),
    ('random_structured dim -1', 'linear', 52, [{'fn': 'random_structured', 'target': '', 'args': ['weight', 2, -1], 'seed': 10}]),
    ('ln_structured L2 dim 0', 'linear', 53, [{'fn': 'ln_structured', 'target': '', 'args': ['weight'], 'kwargs': {'amount': 0.5, 'n': 2, 'dim': 0}}]),
    ('ln_structured L1 conv dim 0', 'conv2d', 54, [{'fn': 'ln_structured', 'target': '', 'args': ['weight', 0.34, 1, 0]}]),
    ('ln_structured inf dim 1', 'linear', 55, [{'fn': 'ln_structured', 'target': '', 'args': ['weight', 2, float('inf'), 1]}]),
    ('ln_structured -inf dim -1', 'conv1d', 56, [{'fn': 'ln_structured', 'target': '', 'args': ['weight', 1, float('-inf'), -1]}]),
    ('ln_structured fro', 'linear', 57, [{'fn': 'ln_structured', 'target': '', 'args': ['weight', 1, 'fro', 0]}]),
    ('ln_structured nuc', 'conv1d', 58, [{'fn': 'ln_structured', 'target': '', 'args': ['weight', 0.5, 'nuc', 0]}]),
    ('ln_structured p=3 importance_scores', 'conv1d', 59, [{'fn': 'ln_structured', 'target': '', 'args': ['weight', 2, 3, 0], 'kwargs': {'importance_scores': (SCORES_CONV1D)}}]),
    ('custom_from_mask bias', 'linear', 60, [{'fn': 'custom_from_mask', 'target': '', 'args': ['bias'], 'kwargs': {'mask': (torch.tensor([0, 1, 0, 1]))}}]),
    ('custom_from_mask weight bool mask', 'linear', 61, [{'fn': 'custom_from_mask', 'target': '', 'args': ['weight', (torch.rand(4, 5, generator=g) > 0.5)]}]),
    ('container: l1, random_structured, ln_structured, l1', 'linear', 62, [
        {'fn': 'l1_unstructured', 'target': '', 'args': ['weight', 0.3]},
        {'fn': 'random_structured', 'target': '', 'args': ['weight', 0.5, 0], 'seed': 11},
        {'fn': 'ln_structured', 'target': '', 'args': ['weight', 1, 2, 1]},
        {'fn': 'l1_unstructured', 'target': '', 'args': ['weight', 2]},
        {'fn': 'remove', 'target': '', 'args': ['weight']},
    ]),
    ('container: random_unstructured twice', 'conv2d', 63, [
        {'fn': 'random_unstructured', 'target': '', 'args': ['weight', 0.25], 'seed': 12},
        {'fn': 'random_unstructured', 'target': '', 'args': ['weight', 0.25], 'seed': 13},
        {'fn': 'custom_from_mask', 'target': '', 'args': ['weight', (torch.rand(3, 2, 3, 3, generator=g) > 0.3)]},
    ]),
    ('container: structured then structured conv dim 0', 'conv2d', 64, [
        {'fn': 'ln_structured', 'target': '', 'args': ['weight', 1, 2, 0]},
        {'fn': 'random_structured', 'target': '', 'args': ['weight', 1, 0], 'seed': 14},
    ]),
    ('container: ln_structured twice skips pruned channels', 'conv2d', 70, [
        {'fn': 'ln_structured', 'target': '', 'args': ['weight', 1, 2, 0]},
        {'fn': 'ln_structured', 'target': '', 'args': ['weight', 1, 2, 0]},
    ]),
    ('container: random_structured twice, fractions of what is left', 'linear', 71, [
        {'fn': 'random_structured', 'target': '', 'args': ['weight', 0.5, 0], 'seed': 17},
        {'fn': 'random_structured', 'target': '', 'args': ['weight', 0.5, 0], 'seed': 18},
        {'fn': 'l1_unstructured', 'target': '', 'args': ['weight', 0.5]},
    ]),
    ('mlp: prune both layers, remove one', 'mlp', 65, [
        {'fn': 'l1_unstructured', 'target': '0', 'args': ['weight', 0.5]},
        {'fn': 'random_unstructured', 'target': '2', 'args': ['bias', 1], 'seed': 15},
        {'fn': 'ln_structured', 'target': '2', 'args': ['weight', 0.5, 2, 0]},
        {'fn': 'remove', 'target': '0', 'args': ['weight']},
    ]),
    ('global_unstructured L1 fraction', 'mlp', 66, [
        {'fn': 'global_unstructured', 'params': [['0', 'weight'], ['2', 'weight']], 'method': 'L1Unstructured', 'kwargs': {'amount': 0.3}},
    ]),
    ('global_unstructured L1 count, twice', 'mlp', 67, [
        {'fn': 'global_unstructured', 'params': [['0', 'weight'], ['0', 'bias'], ['2', 'weight']], 'method': 'L1Unstructured', 'kwargs': {'amount': 10}},
        {'fn': 'global_unstructured', 'params': [['0', 'weight'], ['0', 'bias'], ['2', 'weight']], 'method': 'L1Unstructured', 'kwargs': {'amount': 10}},
    ]),
    ('global_unstructured random', 'mlp', 68, [
        {'fn': 'global_unstructured', 'params': [['0', 'weight'], ['2', 'weight']], 'method': 'RandomUnstructured', 'kwargs': {'amount': 0.4}, 'seed': 16},
    ]),
    ('global_unstructured importance_scores on pruned layer', 'mlp', 69, [
        {'fn': 'l1_unstructured', 'target': '2', 'args': ['weight', 3]},
        {'fn': 'global_unstructured', 'params': [['0', 'weight'], ['2', 'weight']], 'method': 'L1Unstructured', 'kwargs': {'amount': 12},
         'importance': [['0', 'weight', (SCORES_MLP0)]]},
    ]),
]


def submodule(model, path):
    return model.get_submodule(path) if path else model


def hook_info(model):
    out = {}
    for path, m in model.named_modules():
        hooks = []
        for h in m._forward_pre_hooks.values():
            if isinstance(h, prune.PruningContainer):
                hooks.append({'class': 'PruningContainer', 'tensor_name': h._tensor_name, 'methods': [type(x).__name__ for x in h]})
            elif isinstance(h, prune.BasePruningMethod):
                hooks.append({'class': type(h).__name__, 'tensor_name': h._tensor_name})
        if hooks:
            out[path] = hooks
    return out


def snapshot(model):
    pruned = {}
    for path, m in model.named_modules():
        for pname, _ in m.named_parameters(recurse=False):
            if pname.endswith('_orig'):
                base = pname[:-len('_orig')]
                pruned[(path + '.' if path else '') + base] = encode.tensor(getattr(m, base))
    return {
        'state_dict_keys': list(model.state_dict().keys()),
        'named_parameters': {n: encode.tensor(p) for n, p in model.named_parameters()},
        'named_buffers': {n: encode.tensor(b) for n, b in model.named_buffers()},
        'pruned_attrs': pruned,
        'hooks': hook_info(model),
        'is_pruned': prune.is_pruned(model),
    }


def run_step(model, step):
    if step.get('seed') is not None:
        torch.manual_seed(step['seed'])
    fn = step['fn']
    if fn == 'global_unstructured':
        params = [(submodule(model, p), n) for p, n in step['params']]
        kw = dict(step.get('kwargs', {}))
        if 'importance' in step:
            kw['importance_scores'] = {(submodule(model, p), n): t for p, n, t in step['importance']}
        prune.global_unstructured(params, pruning_method=getattr(prune, step['method']), **kw)
    else:
        args = step.get('args', [])
        kwargs = step.get('kwargs', {})
        getattr(prune, fn)(submodule(model, step['target']), *args, **kwargs)


def prune_cases():
    out = []
    for i, (name, kind, seed, steps) in enumerate(PRUNE_CASES):
        torch.manual_seed(seed)
        model = MODULES[kind]()
        init = {k: encode.tensor(v) for k, v in model.state_dict().items()}
        x = torch.randn(*INPUTS[kind])
        snaps = [snapshot(model)]
        for step in steps:
            run_step(model, step)
            snaps.append(snapshot(model))
        y = model(x)
        w = torch.linspace(-1, 1, y.numel()).reshape(y.shape)
        (y * w).sum().backward()
        grads = {n: encode.tensor(p.grad) for n, p in model.named_parameters() if p.grad is not None}
        out.append({'name': name, 'module': kind, 'seed': seed, 'init': init, 'x': encode.tensor(x), 'steps': encode.plain(steps),
                    'snapshots': snaps, 'output': encode.tensor(y), 'grads': grads})
    return out


def prune_errors():
    lin = lambda: nn.Linear(5, 4)  # noqa: E731
    errs = {}
    errs['amount negative int'] = error_of(lambda: prune.l1_unstructured(lin(), 'weight', amount=-1))
    errs['amount float > 1'] = error_of(lambda: prune.random_unstructured(lin(), 'weight', amount=1.5))
    errs['amount negative float'] = error_of(lambda: prune.L1Unstructured(-0.25))
    errs['amount string'] = error_of(lambda: prune.l1_unstructured(lin(), 'weight', amount='a'))
    errs['amount too big'] = error_of(lambda: prune.l1_unstructured(lin(), 'weight', amount=100))
    errs['structured amount too big'] = error_of(lambda: prune.ln_structured(lin(), 'weight', amount=5, n=2, dim=0))
    errs['structured on 1-d'] = error_of(lambda: prune.random_structured(lin(), 'bias', amount=1, dim=0))
    errs['structured bad dim'] = error_of(lambda: prune.ln_structured(lin(), 'weight', amount=1, n=2, dim=2))
    errs['ln bad n'] = error_of(lambda: prune.ln_structured(lin(), 'weight', amount=1, n='abc', dim=0))
    errs['remove unpruned'] = error_of(lambda: prune.remove(lin(), 'weight'))
    errs['importance_scores shape'] = error_of(lambda: prune.l1_unstructured(lin(), 'weight', 0.2, importance_scores=torch.ones(5, 4)))
    errs['global structured method'] = error_of(lambda: prune.global_unstructured([(lin(), 'weight')], prune.RandomStructured, amount=0.2, dim=0))
    errs['global importance not dict'] = error_of(lambda: prune.global_unstructured([(lin(), 'weight')], prune.L1Unstructured, importance_scores=[1], amount=1))
    errs['global parameters not iterable'] = error_of(lambda: prune.global_unstructured(3, prune.L1Unstructured, amount=1))
    m = lin()
    prune.l1_unstructured(m, 'weight', 0.2)
    c = prune.PruningContainer(m._forward_pre_hooks[next(iter(m._forward_pre_hooks))])
    other = prune.L1Unstructured(0.1)
    other._tensor_name = 'bias'
    errs['container wrong tensor'] = error_of(lambda: c.add_pruning_method(other))
    errs['container not a method'] = error_of(lambda: c.add_pruning_method(3))
    # a failed prune rolls the reparametrization back: the parameter is registered again (at the end)
    m2 = lin()
    e = error_of(lambda: prune.l1_unstructured(m2, 'weight', amount=30))
    errs['rollback'] = {**e, 'state_dict_keys': list(m2.state_dict().keys()), 'is_pruned': prune.is_pruned(m2)}
    return errs


def method_prune_case():
    """BasePruningMethod.prune(t, default_mask, importance_scores) on plain tensors."""
    g2 = torch.Generator().manual_seed(88)
    t = torch.randn(4, 6, generator=g2)
    dm = (torch.rand(4, 6, generator=g2) > 0.2).float()
    scores = torch.rand(4, 6, generator=g2)
    out = {'t': encode.tensor(t), 'default_mask': encode.tensor(dm), 'scores': encode.tensor(scores)}
    out['l1'] = encode.tensor(prune.L1Unstructured(amount=5).prune(t))
    out['l1_mask'] = encode.tensor(prune.L1Unstructured(amount=0.25).compute_mask(t, default_mask=dm))
    out['l1_scores'] = encode.tensor(prune.L1Unstructured(amount=7).prune(t, importance_scores=scores))
    out['ln_mask'] = encode.tensor(prune.LnStructured(amount=2, n=1, dim=1).compute_mask(t, default_mask=dm))
    torch.manual_seed(3)
    out['random_mask'] = encode.tensor(prune.RandomUnstructured(amount=0.5).compute_mask(t, default_mask=dm))
    torch.manual_seed(4)
    out['random_structured_mask'] = encode.tensor(prune.RandomStructured(amount=0.5, dim=0).compute_mask(t, default_mask=dm))
    # a container built by hand combines with the unpruned part only
    a = prune.L1Unstructured(amount=4)
    a._tensor_name = 'w'
    b = prune.LnStructured(amount=1, n=2, dim=0)
    b._tensor_name = 'w'
    cont = prune.PruningContainer(a)
    cont.add_pruning_method(b)
    out['container_mask'] = encode.tensor(cont.compute_mask(t, default_mask=dm))
    return out


def main():
    out = {
        'clip': clip_cases(),
        'clip_value': clip_value_cases(),
        'clip_model': clip_model_case(),
        'clip_special': clip_special_cases(),
        'convert': convert_case(),
        'prune': prune_cases(),
        'prune_errors': prune_errors(),
        'method_prune': method_prune_case(),
    }
    encode.write('nn_utils', out)


main()
