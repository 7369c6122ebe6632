#!/usr/bin/python3
"""Golden warnings for test/native_warnings.test.ts: what Python records (category and message,
`warnings.catch_warnings(record=True)`) for warnings raised in LibTorch's C++ (TORCH_WARN in ATen
kernels and in the autograd engine), which PyTorch's Python layer turns into warnings.warn calls
with the C++ location appended ("(Triggered internally at ...)"). A case that raises instead on this
release records the error. Also how many times a warning that LibTorch raises at every call shows
under the default filter, and torch.is_warn_always_enabled()'s default.

    /usr/bin/python3 scripts/golden/native_warnings.py     # Debian's python3-torch (same LibTorch)

Writes test/golden/native_warnings.json (scripts/libtorch2 trixie golden: test/golden/2.6/). Each
case runs once, in this one process: TORCH_WARN_ONCE warnings show at their first call only. The
cases are mirrored by name in test/fixtures/native_warnings.js; the TorchScript module it calls is
test/golden/native_warnings/scripted_warn.pt.
"""
import os
import warnings

import torch

import encode

# A TorchScript module whose forward calls warnings.warn: written by PyTorch 1.13 with test/golden/,
# and loaded from there by every release's run, as the test loads it.
SCRIPTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "golden", "native_warnings",
                        "scripted_warn.pt")


class ScriptedWarn(torch.nn.Module):
    def forward(self, x):
        warnings.warn("forward of a scripted module warns")
        return x + 1


def scripted_module():
    if not os.environ.get("TORCHTS_GOLDEN_DIR"):
        os.makedirs(os.path.dirname(SCRIPTED), exist_ok=True)
        torch.jit.script(ScriptedWarn()).save(SCRIPTED)
    return torch.jit.load(SCRIPTED)


def backward_create_graph():
    p = torch.ones(2, requires_grad=True)
    (p * p).sum().backward(create_graph=True)


CASES = {
    "where_uint8": lambda: torch.where(torch.tensor([1, 0], dtype=torch.uint8), torch.ones(2), torch.zeros(2)),
    "masked_fill_uint8": lambda: torch.zeros(2).masked_fill_(torch.tensor([1, 0], dtype=torch.uint8), 1.0),
    "index_uint8": lambda: torch.ones(2)[torch.tensor([1, 0], dtype=torch.uint8)],
    "T_3d": lambda: torch.zeros(2, 3, 4).T,
    "complex_to_real_copy": lambda: torch.zeros(2).copy_(torch.ones(2, dtype=torch.complex64)),
    "backward_create_graph": backward_create_graph,
}


def record(fn):
    """The warnings `fn()` raises, and its error if it fails (a case that raises on this release)."""
    out = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
            out["error"] = encode.error(e)
    return {"warnings": [[w.category.__name__, str(w.message)] for w in caught], **out}


def repeated(fn, times):
    """How many warnings `times` calls from one line raise ("always" filter) and how many of them
    the default filter shows."""
    counts = {}
    for action in ("always", "default"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter(action)
            try:
                for _ in range(times):
                    fn()
            except Exception as e:  # noqa: BLE001 - as in record()
                return {"error": encode.error(e)}
        counts[action] = len(caught)
    return counts


def main():
    cases = {name: record(fn) for name, fn in CASES.items()}
    scripted = scripted_module()
    encode.write("native_warnings", {
        "cases": cases,
        # TorchScript's warnings.warn is a verbatim warning: the message alone, shown at every call.
        "repeated": {"index_uint8": repeated(CASES["index_uint8"], 3),
                     "scripted_warn": repeated(lambda: scripted(torch.ones(1)), 3)},
        "scripted_warn": record(lambda: scripted(torch.ones(1))),
        # A call that warns and then fails: Python shows the warning, then raises.
        "warning_then_error": record(lambda: torch.ones(2)[torch.tensor([1, 0, 1], dtype=torch.uint8)]),
        "warn_always_default": torch.is_warn_always_enabled(),
    })


if __name__ == "__main__":
    main()
