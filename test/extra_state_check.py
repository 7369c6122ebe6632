#!/usr/bin/python3
"""Loads state-dict files torchts wrote into scripts/golden/extra_state.py's model in Python PyTorch
and prints, as JSON on stdout, {path: {"value": describe(torch.load(path)), "result", "received",
"after"}} (see load_into_fresh there). Usage: extra_state_check.py FILE..."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "golden"))
import torch  # noqa: E402
import encode  # noqa: E402
from extra_state import load_into_fresh  # noqa: E402
from serialization import describe  # noqa: E402

out = {path: {"value": describe(torch.load(path)), **load_into_fresh(path)} for path in sys.argv[1:]}
print(encode.dumps(out))
