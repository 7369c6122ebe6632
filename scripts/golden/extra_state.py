#!/usr/bin/python3
"""Golden values for test/nn_extra_state.test.ts: Module.get_extra_state / set_extra_state in state
dicts (PyTorch 1.10+), persistent and non-persistent buffers, load_state_dict's strict key checks,
and the files torch.save writes of them. Writes test/golden/extra_state.json and the .pt files in test/golden/extra_state/ (PyTorch
1.13's, whatever release writes the values). test/extra_state_check.py loads torchts's files into
the same modules (defined here) in Python.
"""
import os
import sys

import torch
from torch import nn

import encode
from serialization import describe

T = encode.tensor
PT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "golden", "extra_state")


class Counter(nn.Module):
    """A parameterised module whose extra state is a dict of plain values and a tensor."""
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.register_buffer("steps", torch.zeros((), dtype=torch.long))
        self.register_buffer("scratch", torch.ones(2), persistent=False)
        self.calls = 0
        self.tag = "fresh"
        self.received = []

    def get_extra_state(self):
        return {"calls": self.calls, "tag": self.tag, "history": [1, 2.5, "x", None, True], "scale": torch.tensor([0.5, 2.0])}

    def set_extra_state(self, state):
        self.received.append(state)
        self.calls = state["calls"]
        self.tag = state["tag"]


class Vocab(nn.Module):
    """No parameters; extra state a list of strings and a tuple."""
    def __init__(self, words=("a", "b")):
        super().__init__()
        self.words = list(words)
        self.received = []

    def get_extra_state(self):
        return [self.words, (len(self.words), 0.25)]

    def set_extra_state(self, state):
        self.received.append(state)
        self.words = list(state[0])


class Scalar(nn.Module):
    """Extra state a number (an int), at the root of a model."""
    def __init__(self):
        super().__init__()
        self.counter = Counter()
        self.vocab = Vocab()
        self.epoch = 3
        self.received = []

    def get_extra_state(self):
        return self.epoch

    def set_extra_state(self, state):
        self.received.append(state)
        self.epoch = state


class GetOnly(nn.Module):
    def get_extra_state(self):
        return "only saved"


class SetOnly(nn.Module):
    def set_extra_state(self, state):
        pass


class TensorState(nn.Module):
    """Extra state a tensor, next to a parameter."""
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.arange(3.0))
        self.state = torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)

    def get_extra_state(self):
        return self.state

    def set_extra_state(self, state):
        self.state = state


def model(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(Scalar(), nn.ReLU(), TensorState())


def received(m):
    """What set_extra_state got, by module."""
    return {"root": [describe(s) for s in m[0].received], "counter": [describe(s) for s in m[0].counter.received],
            "vocab": [describe(s) for s in m[0].vocab.received]}


def load_into_fresh(path):
    """Loads the file at `path` into a fresh model (other weights): the result, what set_extra_state got, the state after."""
    fresh = model(1)
    result = fresh.load_state_dict(torch.load(path))
    return {"result": repr(result), "received": received(fresh),
            "after": {"calls": fresh[0].counter.calls, "tag": fresh[0].counter.tag, "epoch": fresh[0].epoch,
                      "words": fresh[0].vocab.words, "state": T(fresh[2].state), "fc": T(fresh[0].counter.fc.weight)}}


def round_trip():
    """A model's state dict with extra state at three depths: its keys and values, the file torch.save
    writes, and loading that file into a fresh model."""
    m = model(0)
    m[0].counter.calls, m[0].counter.tag, m[0].epoch = 7, "trained", 12
    m[0].vocab.words = ["x", "y", "z"]
    m[2].state = torch.tensor([[5, 6], [7, 8]], dtype=torch.int32)
    sd = m.state_dict()
    os.makedirs(PT_DIR, exist_ok=True)
    torch.save(sd, os.path.join(PT_DIR, "model.pt"))
    return {"keys": list(sd.keys()), "state_dict": describe(sd), **load_into_fresh(os.path.join(PT_DIR, "model.pt"))}


def strictness():
    """Missing and unexpected extra-state keys, with and without strict."""
    m = model(0)
    sd = m.state_dict()
    del sd["0.counter._extra_state"]
    missing = encode.message_of(lambda: model(0).load_state_dict(sd))
    loose = model(0)
    loose_result = loose.load_state_dict(sd, strict=False)
    seq = nn.Sequential(GetOnly(), SetOnly())
    seq_sd = seq.state_dict()
    seq_msg = encode.message_of(lambda: seq.load_state_dict(seq_sd))
    plain = nn.Linear(2, 2)
    plain_sd = {**plain.state_dict(), "_extra_state": 1}
    return {"missing": missing, "loose": [list(loose_result.missing_keys), list(loose_result.unexpected_keys)],
            "loose_received": received(loose), "get_set_keys": list(seq_sd.keys()), "get_set": seq_msg,
            "get_set_loose": list(seq.load_state_dict(seq_sd, strict=False)),
            "plain": encode.message_of(lambda: plain.load_state_dict(plain_sd)),
            "base_get": encode.message_of(lambda: nn.Module().get_extra_state()),
            "base_set": encode.message_of(lambda: nn.Module().set_extra_state(1)),
            "keep_vars": [type(v).__name__ for v in TensorState().state_dict(keep_vars=True).values()]}


def buffers():
    """persistent=False buffers, a Parameter assigned over a buffer, and registering over an attribute."""
    m = Counter()
    keys = list(m.state_dict().keys())
    named = [n for n, _ in m.named_buffers()]
    m.register_buffer("scratch", torch.zeros(2))
    now_persistent = list(m.state_dict().keys())
    m.register_buffer("steps", torch.zeros(()), persistent=False)
    now_transient = list(m.state_dict().keys())
    p = Counter()
    p.scratch = nn.Parameter(torch.zeros(2))
    promoted = {"params": [n for n, _ in p.named_parameters()], "buffers": [n for n, _ in p.named_buffers()],
                "keys": list(p.state_dict().keys())}
    return {"keys": keys, "named": named, "now_persistent": now_persistent, "now_transient": now_transient,
            "promoted": promoted, "over_param": encode.error_of(lambda: nn.Linear(2, 2).register_buffer("weight", torch.ones(1))),
            "over_method": encode.error_of(lambda: nn.Linear(2, 2).register_buffer("forward", torch.ones(1)))}


def unexpected_keys():
    """Keys that name a child module without a dot ("0") or a parameter before one ("0.weight.x"): PyTorch
    2.x counts them unexpected, 1.13 does not; and a tensor that cannot be copied (a meta one)."""
    net = nn.Sequential(nn.Linear(2, 2))
    sd = {**net.state_dict(), "0": torch.zeros(1), "0.weight.x": torch.zeros(1)}
    result = net.load_state_dict(sd, strict=False)
    meta = {"weight": torch.empty(2, 2, device="meta"), "bias": torch.zeros(2)}
    return {"by_kind": [list(result.missing_keys), list(result.unexpected_keys)],
            "copy_error": encode.message_of(lambda: nn.Linear(2, 2).load_state_dict(meta))}


def main():
    doc = {"round_trip": round_trip(), "strictness": strictness(), "buffers": buffers(), "unexpected_keys": unexpected_keys()}
    torch.manual_seed(2)
    torch.save(nn.Sequential(GetOnly(), nn.Linear(1, 1)).state_dict(), os.path.join(PT_DIR, "get_only.pt"))
    doc["get_only_file"] = describe(torch.load(os.path.join(PT_DIR, "get_only.pt")))
    encode.write("extra_state", doc)


if __name__ == "__main__":
    main()
