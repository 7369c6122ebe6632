#!/usr/bin/python3
"""Loads files torchts wrote with Python PyTorch and prints what it found, as JSON on stdout:
{"version": torch.__version__, "files": {path: {"value": describe(torch.load(path)),
"weights_only": bool, "weights_only_error": str}}}
(see scripts/golden/serialization.py for `describe`). Usage: serialization_check.py FILE..."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "golden"))
import torch  # noqa: E402
from serialization import describe  # noqa: E402

out = {}
for path in sys.argv[1:]:
    entry = {"value": describe(torch.load(path))}
    try:
        torch.load(path, weights_only=True)
        entry["weights_only"] = True
    except Exception as e:  # the weights-only unpickler's refusal, with its reason
        entry["weights_only"] = False
        entry["weights_only_error"] = str(e).split("WeightsUnpickler error: ")[-1]
    out[path] = entry
json.dump({"version": torch.__version__, "files": out}, sys.stdout)
