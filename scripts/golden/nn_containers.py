#!/usr/bin/python3
"""Golden behaviour for test/nn_containers.test.ts: what torch.nn's containers (Sequential,
ModuleList, ModuleDict, ParameterList, ParameterDict) return and print for each method, and the
error (type and message) each raises for bad input: out-of-range and non-integer indices, slices,
non-Module / non-iterable arguments, malformed key/value pairs, missing keys.

    /usr/bin/python3 scripts/golden/nn_containers.py     # Debian's python3-torch (same LibTorch)

Writes test/golden/nn_containers.json: {"cases": {name: {"ok": value} | {"error": {type, message}}}}.
Each case's value is plain data (reprs, key lists, lengths, flags) that the test computes the same way.
"""
from collections import OrderedDict

import torch
from torch import nn

import encode


def seq():
    return nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())


def named_seq():
    return nn.Sequential(OrderedDict([("a", nn.ReLU()), ("b", nn.Tanh()), ("c", nn.Sigmoid())]))


def mlist():
    return nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Sigmoid()])


def mdict():
    return nn.ModuleDict({"a": nn.ReLU(), "b": nn.Tanh()})


def plist():
    return nn.ParameterList([torch.zeros(2), nn.Parameter(torch.ones(3, dtype=torch.float64), requires_grad=False)])


def pdict():
    return nn.ParameterDict(OrderedDict([("b", torch.zeros(2)), ("a", nn.Parameter(torch.ones(3, dtype=torch.float64)))]))


def digit_seq():
    """Entries named by digits that are not their positions: `seq[i]` is by position."""
    return nn.Sequential(OrderedDict([("a", nn.ReLU()), ("1", nn.Tanh()), ("0", nn.Sigmoid())]))


def digit_modules(container, pairs):
    """`container` with `pairs` registered in order by name (add_module, not the item syntax)."""
    for k, m in pairs:
        container.add_module(k, m)
    return container


class MySeq(nn.Sequential):
    pass


def after(container, fn):
    """`fn(container)`'s result (a repr when it is a module) and the container's repr after it."""
    out = fn(container)
    return [repr(out) if isinstance(out, nn.Module) else out, repr(container)]


def same(container, fn):
    """Whether `fn(container)` returned the container itself, and its repr after it."""
    out = fn(container)
    return [out is container, repr(container)]


def setitem(c, k, v):
    c[k] = v


def delitem(c, k):
    del c[k]


def iadd(c, other):
    c += other
    return c


def imul(c, n):
    c *= n
    return c


def entry(v):
    """A parameter container's entry as the test describes it: its class name and shape, or repr."""
    return [type(v).__name__, list(v.shape)] if isinstance(v, torch.Tensor) else repr(v)


SEQUENTIAL = {
    "ctor_modules": lambda: repr(seq()),
    "ctor_ordered": lambda: repr(named_seq()),
    "ctor_empty": lambda: repr(nn.Sequential()),
    "ctor_int": lambda: nn.Sequential(1),
    "ctor_mixed": lambda: nn.Sequential(nn.ReLU(), "relu"),
    "ctor_dotted_name": lambda: nn.Sequential(OrderedDict([("a.b", nn.ReLU())])),
    "ctor_empty_name": lambda: nn.Sequential(OrderedDict([("", nn.ReLU())])),
    "ctor_value_not_module": lambda: nn.Sequential(OrderedDict([("a", 1)])),
    "ctor_method_name": lambda: nn.Sequential(OrderedDict([("forward", nn.ReLU())])),
    "getitem": lambda: [repr(seq()[0]), repr(seq()[-1]), repr(named_seq()[1])],
    "getitem_out_of_range": lambda: seq()[3],
    "getitem_negative_out_of_range": lambda: seq()[-4],
    "getitem_float": lambda: seq()[1.5],
    "getitem_digit_names": lambda: [repr(digit_seq()[i]) for i in (0, 1, 2, -1, -3)] + [repr(getattr(digit_seq(), "0"))],
    "getitem_digit_names_past_end": lambda: digit_seq()[3],
    "setitem_digit_names": lambda: after(digit_seq(), lambda s: setitem(s, 1, nn.Identity())),
    "delitem_digit_names": lambda: after(digit_seq(), lambda s: delitem(s, 1)),
    "digit_names_traversal": lambda: (lambda s: [[n for n, _ in s.named_modules()], list(s.state_dict().keys()),
                                                 repr(s.get_submodule("0")), list(s(torch.ones(1, 2)).shape)])(
        nn.Sequential(OrderedDict([("1", nn.Linear(2, 3)), ("0", nn.Linear(3, 1))]))),
    "slice": lambda: [repr(seq()[1:]), repr(seq()[:-1]), repr(seq()[::2]), repr(seq()[::-1]), repr(seq()[5:]), repr(seq()[-2:10])],
    "slice_named": lambda: repr(named_seq()[1:]),
    "slice_step_zero": lambda: seq()[::0],
    "slice_float": lambda: seq()[0.5:],
    "slice_subclass": lambda: [type(MySeq(nn.ReLU(), nn.Tanh())[1:]).__name__, repr(MySeq(nn.ReLU(), nn.Tanh())[1:])],
    "setitem": lambda: after(seq(), lambda s: [setitem(s, 1, nn.Identity()), setitem(s, -1, nn.ELU())][0]),
    "setitem_named": lambda: after(named_seq(), lambda s: setitem(s, -1, nn.Identity())),
    "setitem_out_of_range": lambda: setitem(seq(), 3, nn.Identity()),
    "setitem_not_module": lambda: setitem(seq(), 0, 5),
    "delitem": lambda: after(seq(), lambda s: delitem(s, 0)),
    "delitem_negative": lambda: after(seq(), lambda s: delitem(s, -1)),
    "delitem_named": lambda: after(named_seq(), lambda s: delitem(s, 1)),
    "delitem_slice": lambda: after(seq(), lambda s: delitem(s, slice(None, None, 2))),
    "delitem_out_of_range": lambda: delitem(seq(), 3),
    "len": lambda: [len(seq()), len(nn.Sequential()), len(named_seq())],
    "iter": lambda: [type(m).__name__ for m in named_seq()],
    "append": lambda: same(seq(), lambda s: s.append(nn.Identity())),
    "append_named": lambda: same(named_seq(), lambda s: s.append(nn.Identity())),
    "append_not_module": lambda: seq().append(5),
    "insert": lambda: [repr(seq().insert(0, nn.Identity())), repr(seq().insert(-1, nn.Identity())), repr(seq().insert(3, nn.Identity()))],
    "insert_returns_self": lambda: same(seq(), lambda s: s.insert(1, nn.Identity())),
    "insert_out_of_range": lambda: seq().insert(4, nn.Identity()),
    "insert_negative_out_of_range": lambda: seq().insert(-4, nn.Identity()),
    "insert_not_module": lambda: seq().insert(0, 5),
    "insert_named": lambda: named_seq().insert(0, nn.Identity()),
    "extend": lambda: same(seq(), lambda s: s.extend(nn.Sequential(nn.Identity(), nn.ELU()))),
    "extend_list": lambda: same(seq(), lambda s: s.extend([nn.Identity()])),
    "extend_not_iterable": lambda: seq().extend(5),
    "extend_dict": lambda: seq().extend({"a": nn.ReLU()}),
    "pop": lambda: after(seq(), lambda s: s.pop(0)),
    "pop_negative": lambda: after(seq(), lambda s: s.pop(-1)),
    "pop_slice": lambda: after(seq(), lambda s: s.pop(slice(1, None))),
    "pop_out_of_range": lambda: seq().pop(3),
    "pop_no_key": lambda: seq().pop(),
    "add": lambda: [repr(seq() + nn.Sequential(nn.Identity())), repr(named_seq() + named_seq())],
    "add_list": lambda: seq() + [nn.Identity()],
    "add_module_list": lambda: seq() + mlist(),
    "iadd": lambda: same(seq(), lambda s: iadd(s, nn.Sequential(nn.Identity()))),
    "iadd_int": lambda: iadd(seq(), 1),
    "mul": lambda: [repr(nn.Sequential(nn.ReLU(), nn.Tanh()) * 2), repr(2 * nn.Sequential(nn.ReLU())), repr(named_seq() * 1)],
    "mul_bool": lambda: repr(nn.Sequential(nn.ReLU()) * True),
    "mul_zero": lambda: seq() * 0,
    "mul_float": lambda: seq() * 1.5,
    "imul": lambda: same(nn.Sequential(nn.ReLU(), nn.Tanh()), lambda s: imul(s, 3)),
    "imul_negative": lambda: imul(seq(), -1),
    "imul_named": lambda: imul(named_seq(), 2),
    "forward": lambda: nn.Sequential(nn.ReLU(), nn.Tanh())(torch.tensor([-1.0, 0.5])).tolist(),
    "forward_empty": lambda: nn.Sequential()(torch.tensor([2.0])).tolist(),
    "none_entry": lambda: [repr(nn.Sequential(None)), len(nn.Sequential(None))],
    "setitem_none": lambda: after(seq(), lambda s: [setitem(s, 1, None), len(s), [type(m).__name__ for m in s]][1:]),
    "forward_none": lambda: nn.Sequential(nn.ReLU(), None)(torch.zeros(1)),
    "none_children": lambda: (lambda s: [[n for n, _ in s.named_children()], list(s.state_dict().keys()), repr(s * 2)])(
        nn.Sequential(nn.Linear(1, 1), None, nn.Tanh())),
    "delitem_before_none": lambda: after(nn.Sequential(nn.ReLU(), None), lambda s: delitem(s, 0)),
    "shared_module": lambda: [len(nn.Sequential(*[nn.ReLU()] * 2)), repr(nn.Sequential(*[nn.ReLU()] * 2))],
}

MODULE_LIST = {
    "ctor": lambda: repr(mlist()),
    "ctor_none": lambda: [repr(nn.ModuleList()), repr(nn.ModuleList(None))],
    "ctor_int": lambda: nn.ModuleList(5),
    "ctor_module": lambda: nn.ModuleList(nn.ReLU()),
    "ctor_sequential": lambda: repr(nn.ModuleList(named_seq())),
    "ctor_generator": lambda: repr(nn.ModuleList(m for m in [nn.ReLU(), nn.Tanh()])),
    "ctor_not_module": lambda: nn.ModuleList([nn.ReLU(), 1]),
    "ctor_str": lambda: nn.ModuleList("ab"),
    "ctor_dict": lambda: nn.ModuleList({"a": nn.ReLU()}),
    "getitem": lambda: [repr(mlist()[0]), repr(mlist()[-1])],
    "getitem_out_of_range": lambda: mlist()[3],
    "getitem_negative_out_of_range": lambda: mlist()[-4],
    "getitem_float": lambda: mlist()[0.5],
    "getitem_digit_names": lambda: (lambda m: [repr(m[0]), repr(m[1]), repr(m[-1])])(
        digit_modules(nn.ModuleList(), [("1", nn.ReLU()), ("0", nn.Tanh())])),
    "slice": lambda: [repr(mlist()[1:]), repr(mlist()[::-1]), repr(mlist()[5:])],
    "slice_step_zero": lambda: mlist()[::0],
    "setitem": lambda: after(mlist(), lambda m: [setitem(m, 0, nn.Identity()), setitem(m, -1, nn.ELU())][0]),
    "setitem_out_of_range": lambda: setitem(mlist(), 3, nn.Identity()),
    "setitem_not_module": lambda: setitem(mlist(), 0, 5),
    "delitem": lambda: after(mlist(), lambda m: delitem(m, 0)),
    "delitem_negative": lambda: after(mlist(), lambda m: delitem(m, -1)),
    "delitem_slice": lambda: after(mlist(), lambda m: delitem(m, slice(None, None, 2))),
    "delitem_out_of_range": lambda: delitem(mlist(), 3),
    "len_iter": lambda: [len(mlist()), [type(m).__name__ for m in mlist()]],
    "append": lambda: same(mlist(), lambda m: m.append(nn.Identity())),
    "append_not_module": lambda: mlist().append(5),
    "insert": lambda: after(mlist(), lambda m: m.insert(1, nn.Identity())),
    "insert_end": lambda: after(mlist(), lambda m: m.insert(3, nn.Identity())),
    "insert_past_end": lambda: after(mlist(), lambda m: m.insert(10, nn.Identity())),
    "insert_negative": lambda: mlist().insert(-1, nn.Identity()),
    "extend": lambda: same(mlist(), lambda m: m.extend([nn.Identity(), nn.ELU()])),
    "extend_int": lambda: mlist().extend(5),
    "extend_module": lambda: mlist().extend(nn.ReLU()),
    "pop": lambda: after(mlist(), lambda m: m.pop(1)),
    "pop_slice": lambda: after(mlist(), lambda m: m.pop(slice(None, 2))),
    "pop_out_of_range": lambda: mlist().pop(-4),
    "add": lambda: [repr(mlist() + [nn.Identity()]), repr(mlist() + nn.Sequential(nn.ELU()))],
    "add_int": lambda: mlist() + 5,
    "iadd": lambda: same(mlist(), lambda m: iadd(m, [nn.Identity()])),
    "iadd_int": lambda: iadd(mlist(), 5),
    "none_entry": lambda: (lambda m: [repr(m), m[1] is None, m[-1] is None, len(m)])(nn.ModuleList([nn.ReLU(), None])),
    "insert_none": lambda: after(nn.ModuleList([nn.ReLU(), None]), lambda m: m.insert(0, None)),
    "append_none": lambda: same(mlist(), lambda m: m.append(None)),
    "call": lambda: mlist()(torch.zeros(1)),
}

MODULE_DICT = {
    "ctor": lambda: repr(mdict()),
    "ctor_none": lambda: [repr(nn.ModuleDict()), repr(nn.ModuleDict(None))],
    "ctor_ordered": lambda: list(nn.ModuleDict(OrderedDict([("b", nn.ReLU()), ("a", nn.Tanh())])).keys()),
    "ctor_pairs": lambda: repr(nn.ModuleDict([("b", nn.ReLU()), ["a", nn.Tanh()]])),
    "ctor_module_dict": lambda: repr(nn.ModuleDict(mdict())),
    "ctor_int": lambda: nn.ModuleDict(5),
    "ctor_module": lambda: nn.ModuleDict(nn.ReLU()),
    "ctor_element_not_iterable": lambda: nn.ModuleDict([1]),
    "ctor_element_length": lambda: nn.ModuleDict([("a", nn.ReLU(), 1)]),
    "ctor_value_not_module": lambda: nn.ModuleDict({"a": 1}),
    "ctor_key_not_str": lambda: nn.ModuleDict([(1, nn.ReLU())]),
    "ctor_dotted_key": lambda: nn.ModuleDict({"a.b": nn.ReLU()}),
    "ctor_attribute_key": lambda: nn.ModuleDict({"training": nn.ReLU()}),
    "ctor_method_key": lambda: nn.ModuleDict({"keys": nn.ReLU()}),
    "getitem": lambda: repr(mdict()["b"]),
    "getitem_missing": lambda: mdict()["zz"],
    "getitem_digit_keys": lambda: (lambda d: [repr(d["0"]), repr(d["1"]), list(d.keys())])(
        nn.ModuleDict(OrderedDict([("1", nn.ReLU()), ("0", nn.Tanh())]))),
    "setitem": lambda: after(mdict(), lambda d: setitem(d, "c", nn.Identity())),
    "setitem_replace": lambda: after(mdict(), lambda d: setitem(d, "a", nn.Identity())),
    "setitem_not_module": lambda: setitem(mdict(), "c", 5),
    "setitem_empty_key": lambda: setitem(mdict(), "", nn.Identity()),
    "delitem": lambda: after(mdict(), lambda d: delitem(d, "a")),
    "delitem_missing": lambda: delitem(mdict(), "zz"),
    "contains": lambda: ["a" in mdict(), "zz" in mdict()],
    "len_iter": lambda: [len(mdict()), list(mdict()), list(mdict().keys()), [type(m).__name__ for m in mdict().values()],
                         [[k, type(m).__name__] for k, m in mdict().items()]],
    "clear": lambda: after(mdict(), lambda d: d.clear()),
    "pop": lambda: after(mdict(), lambda d: d.pop("a")),
    "pop_missing": lambda: mdict().pop("zz"),
    "update": lambda: after(mdict(), lambda d: d.update(OrderedDict([("c", nn.Identity()), ("a", nn.ELU())]))),
    "update_module_dict": lambda: after(mdict(), lambda d: d.update(nn.ModuleDict({"z": nn.Identity()}))),
    "update_int": lambda: mdict().update(1),
    "update_parameter_dict": lambda: mdict().update(nn.ParameterDict({"w": torch.zeros(1)})),
    "none_value": lambda: (lambda d: [repr(d), list(d.keys()), "c" in d, d["c"] is None, len(d), d.pop("c") is None, list(d.keys())])(
        nn.ModuleDict({"a": nn.ReLU(), "c": None})),
    "call": lambda: mdict()(torch.zeros(1)),
}

PARAMETER_LIST = {
    "ctor": lambda: repr(plist()),
    "ctor_wraps": lambda: [type(p).__name__ for p in nn.ParameterList([torch.zeros(1), nn.Parameter(torch.zeros(1))])],
    "ctor_none": lambda: [repr(nn.ParameterList()), len(nn.ParameterList(None))],
    "ctor_objects": lambda: repr(nn.ParameterList([torch.zeros(2, 3), 1, "a", None, 2.5])),
    "ctor_tensor": lambda: nn.ParameterList(torch.zeros(2)),
    "ctor_parameter": lambda: nn.ParameterList(nn.Parameter(torch.zeros(2))),
    "ctor_int": lambda: nn.ParameterList(5),
    "getitem": lambda: [entry(plist()[0]), entry(plist()[-1])],
    "getitem_out_of_range": lambda: plist()[2],
    "getitem_negative_out_of_range": lambda: plist()[-3],
    "getitem_float": lambda: plist()[0.5],
    "slice": lambda: [repr(plist()[1:]), repr(plist()[::-1]), repr(plist()[5:])],
    "slice_shares": lambda: (lambda p: [p[1:][0] is p[1]])(plist()),
    "slice_step_zero": lambda: plist()[::0],
    "slice_float_step": lambda: plist()[::0.5],
    "setitem": lambda: after(plist(), lambda p: [setitem(p, 0, torch.zeros(4)), setitem(p, -1, torch.ones(1, dtype=torch.float64))][0]),
    "setitem_int_tensor": lambda: setitem(plist(), 0, torch.ones(1, dtype=torch.int64)),
    "setitem_out_of_range": lambda: setitem(plist(), 2, torch.zeros(1)),
    "setitem_not_tensor": lambda: setitem(plist(), 0, 5),
    "setitem_none": lambda: after(plist(), lambda p: [setitem(p, 0, None), len(list(p.parameters()))][1]),
    "len_iter": lambda: [len(plist()), [entry(p) for p in plist()]],
    "append": lambda: same(plist(), lambda p: p.append(torch.zeros(1))),
    "append_object": lambda: same(plist(), lambda p: p.append("x")),
    "extend": lambda: same(plist(), lambda p: p.extend([torch.zeros(1), 3])),
    "extend_tensor": lambda: plist().extend(torch.zeros(2)),
    "extend_int": lambda: plist().extend(3),
    "extend_dict": lambda: same(plist(), lambda p: p.extend({"k": 1})),
    "iadd": lambda: same(plist(), lambda p: iadd(p, [torch.zeros(1)])),
    "state_dict": lambda: list(nn.ParameterList([torch.zeros(1), 1, torch.zeros(2)]).state_dict().keys()),
    "call": lambda: plist()(torch.zeros(1)),
}

PARAMETER_DICT = {
    "ctor": lambda: repr(pdict()),
    "ctor_dict_sorted": lambda: list(nn.ParameterDict({"b": torch.zeros(1), "a": torch.zeros(1)}).keys()),
    "ctor_pairs": lambda: list(nn.ParameterDict([("b", torch.zeros(1)), ("a", torch.zeros(1))]).keys()),
    "ctor_none": lambda: [repr(nn.ParameterDict()), len(nn.ParameterDict(None))],
    "ctor_objects": lambda: repr(nn.ParameterDict(OrderedDict([("t", torch.zeros(2, 3)), ("i", 1), ("s", "a"), ("n", None)]))),
    "ctor_int": lambda: nn.ParameterDict(5),
    "ctor_element_not_iterable": lambda: nn.ParameterDict([1]),
    "ctor_element_length": lambda: nn.ParameterDict([("a",)]),
    "ctor_key_not_str": lambda: nn.ParameterDict([(1, torch.zeros(1))]),
    "ctor_dotted_key": lambda: nn.ParameterDict({"a.b": torch.zeros(1)}),
    "getitem": lambda: [entry(pdict()["a"]), entry(pdict()["b"])],
    "getitem_digit_keys": lambda: (lambda d: [entry(d["0"]), entry(d["1"]), list(d.keys())])(
        nn.ParameterDict(OrderedDict([("1", torch.zeros(1)), ("0", torch.zeros(2))]))),
    "get": lambda: [entry(pdict().get("a")), entry(pdict().get("zz")), entry(pdict().get("zz", 5))],
    "setitem": lambda: after(pdict(), lambda d: [setitem(d, "c", torch.zeros(4)), setitem(d, "x", 1), setitem(d, "b", None)][0]),
    "setitem_parameter_to_object": lambda: setitem(pdict(), "a", 5),
    "setitem_key_not_str": lambda: setitem(pdict(), 1, torch.zeros(1)),
    "setitem_method_key": lambda: setitem(pdict(), "keys", torch.zeros(1)),
    "setitem_object_then_tensor": lambda: after(pdict(), lambda d: [setitem(d, "x", 1), setitem(d, "x", torch.zeros(1))][1]),
    "delitem": lambda: after(pdict(), lambda d: delitem(d, "b")),
    "delitem_missing": lambda: delitem(pdict(), "zz"),
    "contains": lambda: ["a" in pdict(), "zz" in pdict()],
    "len_iter": lambda: [len(pdict()), list(pdict()), list(pdict().keys()), [entry(v) for v in pdict().values()],
                         [[k, entry(v)] for k, v in pdict().items()]],
    "copy": lambda: (lambda d: [repr(d.copy()), d.copy()["a"] is d["a"]])(pdict()),
    "setdefault": lambda: after(pdict(), lambda d: [entry(d.setdefault("a")), entry(d.setdefault("c", torch.zeros(1))), entry(d.setdefault("n"))]),
    "clear": lambda: after(pdict(), lambda d: d.clear()),
    "pop": lambda: after(pdict(), lambda d: entry(d.pop("b"))),
    "pop_missing": lambda: pdict().pop("zz"),
    "popitem": lambda: after(pdict(), lambda d: (lambda kv: [kv[0], entry(kv[1])])(d.popitem())),
    "popitem_empty": lambda: nn.ParameterDict().popitem(),
    "fromkeys": lambda: [repr(pdict().fromkeys(["x", "y"], torch.zeros(1))), repr(pdict().fromkeys(["x"]))],
    "update": lambda: after(pdict(), lambda d: d.update({"z": torch.zeros(1), "c": torch.ones(1)})),
    "update_ordered": lambda: after(pdict(), lambda d: d.update(OrderedDict([("z", torch.zeros(1)), ("c", torch.ones(1))]))),
    "update_parameter_dict": lambda: after(pdict(), lambda d: d.update(nn.ParameterDict(OrderedDict([("z", torch.zeros(1)), ("a", torch.ones(1))])))),
    "update_int": lambda: pdict().update(1),
    "or": lambda: (lambda d: [repr(d | nn.ParameterDict({"c": torch.zeros(1)})), repr(d)])(pdict()),
    "ior": lambda: same(pdict(), lambda d: d.__ior__(nn.ParameterDict({"c": torch.zeros(1)}))),
    "state_dict": lambda: list(nn.ParameterDict(OrderedDict([("w", torch.zeros(1)), ("i", 1)])).state_dict().keys()),
    "call": lambda: pdict()(torch.zeros(1)),
}


def run(cases):
    out = {}
    for name, fn in cases.items():
        try:
            out[name] = {"ok": encode.plain(fn())}
        except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
            out[name] = {"error": encode.error(e)}
    return out


def main():
    encode.write("nn_containers", {"cases": {
        "Sequential": run(SEQUENTIAL), "ModuleList": run(MODULE_LIST), "ModuleDict": run(MODULE_DICT),
        "ParameterList": run(PARAMETER_LIST), "ParameterDict": run(PARAMETER_DICT)}})


if __name__ == "__main__":
    main()
