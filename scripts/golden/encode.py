"""The one encoding of every golden fixture (test/golden/<name>.json), decoded by test/golden.ts.

  tensor        {"dtype": "float32", "shape": [2, 3], "values": [...flat, row-major]}
                float32 values are written as the shortest decimal that reads back (float64 parse,
                then rounding to float32) as the same float32; the decoder rounds them again.
                float16/bfloat16 values are written exactly (as float64); bool values as true/false.
  float         a JSON number (Python's repr: shortest round-trip); -0.0 stays "-0.0".
                nan/inf/-inf, which JSON lacks, are {"$f": "nan" | "inf" | "-inf"}.
  int           a JSON number; beyond 2^53 (where a JS number would round) {"$int": "<decimal>"}.
  dtype         {"$dtype": "float32"} (a tensor's own dtype is its name).
  argument      plain data (call arguments, options) with the markers above; a tensor among them
                is {"$t": tensor}.
  tuple         a list.
  error         {"type": "RuntimeError", "message": first line of the message}.
  result        a Python value tagged by kind: {"t": tensor + requires_grad} | {"list": [...]} |
                {"dict": [[key, result], ...]} | {"mod": {repr, training, state}} | {"bool": b} |
                {"num": x} | {"str": s} | {"py": plain list} | {"none": true}.

`write(name, doc)` adds torch_version and writes test/golden/<name>.json (or TORCHTS_GOLDEN_DIR/
<name>.json) as stable pretty-printed JSON: keys in the order the generator built them, two-space
indentation, lists of scalars ten values to a line (so a changed value changes one line and no other
line moves), containers that fit in 100 columns on one line.
"""
import json
import math
import os
import re
import struct
import sys

import torch

# test/golden, or TORCHTS_GOLDEN_DIR (e.g. test/golden/2.5 for fixtures of another LibTorch release)
FIXTURES = os.environ.get("TORCHTS_GOLDEN_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                                "test", "golden")
WIDTH = 100
PER_LINE = 10
MAX_SAFE_INT = 2 ** 53


class F32(float):
    """A float32 value; written as the shortest decimal that rounds back to it."""


def _to_f32(x):
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return None


def _f32_text(v):
    for digits in range(1, 10):
        text = "%.*g" % (digits, v)
        if _to_f32(float(text)) == v:
            return repr(float(text))
    return repr(float(v))


def special(v):
    """A non-finite float as its marker."""
    return {"$f": "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")}


def number(v, f32=False):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v if abs(v) <= MAX_SAFE_INT else {"$int": str(v)}
    if not math.isfinite(v):
        return special(v)
    return F32(v) if f32 else float(v)


def dtype_name(d):
    return str(d).replace("torch.", "")


def tensor(t, **extra):
    """A tensor record; `extra` adds fields (e.g. requires_grad=True)."""
    t = t.detach()
    f32 = t.dtype == torch.float32
    flat = (t.float() if t.dtype in (torch.float16, torch.bfloat16) else t).reshape(-1).tolist()
    out = {"dtype": dtype_name(t.dtype), "shape": list(t.shape), "values": [number(v, f32) for v in flat]}
    out.update(extra)
    return out


def plain(v, unknown=None):
    """Arguments, options and other plain data: floats, dtypes, tensors and tuples encoded;
    `unknown(v)` encodes any other object (by default, it is an error)."""
    if v is Ellipsis:
        return "..."
    if hasattr(v, "golden"):
        return v.golden()
    if isinstance(v, torch.Tensor):
        return {"$t": tensor(v)}
    if isinstance(v, torch.dtype):
        return {"$dtype": dtype_name(v)}
    if isinstance(v, (bool, int, float)):
        return number(v)
    if isinstance(v, (list, tuple)):
        return [plain(x, unknown) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x, unknown) for k, x in v.items()}
    if v is None or isinstance(v, str):
        return v
    if unknown is not None:
        return unknown(v)
    raise TypeError(f"cannot encode {type(v).__name__}")


def result(v):
    """What a call returned, tagged by kind (see the module docstring)."""
    if isinstance(v, torch.Tensor):
        return {"t": tensor(v, requires_grad=v.requires_grad)}
    if isinstance(v, torch.nn.Module):
        return {"mod": {"repr": repr(v), "training": v.training,
                        "state": [[k, tensor(t)] for k, t in v.state_dict().items()]}}
    if isinstance(v, (tuple, list)) and any(isinstance(e, (torch.Tensor, torch.nn.Module, tuple, list)) for e in v):
        return {"list": [result(e) for e in v]}
    if isinstance(v, (tuple, list)):
        return {"py": plain(v)}
    if isinstance(v, dict):
        return {"dict": [[k, result(e)] for k, e in v.items()]}
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, (int, float)):
        return {"num": number(v)}
    if isinstance(v, str):
        return {"str": v}
    if v is None:
        return {"none": True}
    raise TypeError(f"cannot encode {type(v).__name__}")


def error(e):
    """An exception as PyTorch reports it; object addresses (' at 0x7f...') vary between runs."""
    message = str(e.args[0]) if len(e.args) == 1 and isinstance(e.args[0], str) else str(e)
    # Python 3.13 appends a spelling suggestion to unexpected-keyword TypeErrors: the interpreter's, not PyTorch's.
    message = re.sub(r"\. Did you mean '[^']*'\?$", "", message)
    return {"type": type(e).__name__, "message": re.sub(r" at 0x[0-9a-f]+", "", message.split("\n")[0])}


def error_of(fn):
    """The error `fn()` raises; raises AssertionError when it returns."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
        return error(e)
    raise AssertionError("expected an error")


def message_of(fn):
    """The whole message of the exception `fn()` raises; raises AssertionError when it returns."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return str(e)
    raise AssertionError("expected an error")


# ---------------------------------------------------------------- writing
def _scalar(v):
    if isinstance(v, F32):
        assert math.isfinite(v), "non-finite floats must be encoded as {\"$f\": ...}"
        return _f32_text(v)
    if isinstance(v, float):
        assert math.isfinite(v), "non-finite floats must be encoded as {\"$f\": ...}"
        return repr(v)
    return json.dumps(v, ensure_ascii=False)


def _compact(v):
    if isinstance(v, dict):
        return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + _compact(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_compact(x) for x in v) + "]"
    return _scalar(v)


def _leaves(v, limit):
    """How many scalars `v` holds, counting no further than `limit`."""
    if not isinstance(v, (dict, list)):
        return 1
    n = 0
    for x in (v.values() if isinstance(v, dict) else v):
        n += _leaves(x, limit - n)
        if n > limit:
            break
    return n


def _is_marker(v):
    return isinstance(v, dict) and len(v) == 1 and next(iter(v)).startswith("$") and not isinstance(next(iter(v.values())), (dict, list))


def _pretty(v, indent):
    if not isinstance(v, (dict, list)) or not v:
        return _compact(v)
    pad = "  " * (indent + 1)
    if isinstance(v, list) and all(not isinstance(x, (dict, list)) or _is_marker(x) for x in v):
        if len(v) <= PER_LINE:
            return _compact(v)
        rows = [", ".join(_compact(x) for x in v[i:i + PER_LINE]) for i in range(0, len(v), PER_LINE)]
        return "[\n" + ",\n".join(pad + r for r in rows) + "\n" + "  " * indent + "]"
    one_line = _compact(v) if _leaves(v, WIDTH // 2) <= WIDTH // 2 else None
    if one_line is not None and len(one_line) + 2 * indent <= WIDTH:
        return one_line
    if isinstance(v, dict):
        items = [pad + json.dumps(k, ensure_ascii=False) + ": " + _pretty(x, indent + 1) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    return "[\n" + ",\n".join(pad + _pretty(x, indent + 1) for x in v) + "\n" + "  " * indent + "]"


def dumps(doc):
    return _pretty(doc, 0) + "\n"


def write(name, doc):
    """Writes test/golden/<name>.json: {"torch_version", ...doc}."""
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.normpath(os.path.join(FIXTURES, name + ".json"))
    text = dumps({"torch_version": torch.__version__, **doc})
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(path)}: {len(text)} bytes", file=sys.stderr)
