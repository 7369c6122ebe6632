"""Literal-port fixtures (porting, porting_nn): named cases, each a function whose result the TS
test's ports must reproduce, run after torch.manual_seed(0) on shared named inputs."""
import torch

import encode


class Cases:
    def __init__(self):
        self.fns = {}

    def add(self, name, fn):
        assert name not in self.fns, name
        self.fns[name] = fn

    def case(self, name):
        """Decorator form of add."""
        def deco(fn):
            self.add(name, fn)
            return fn
        return deco

    def write(self, fixture, inputs):
        cases = {}
        for name, fn in self.fns.items():
            torch.manual_seed(0)
            cases[name] = encode.result(fn())
        encode.write(fixture, {"inputs": {k: encode.tensor(t) for k, t in inputs.items()}, "cases": cases})
