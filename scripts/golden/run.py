#!/usr/bin/python3
"""Regenerates the golden fixtures: every one, or those named.

    npm run golden [-- ops functional ...]      # TORCHTS_GOLDEN_PYTHON picks the interpreter
    /usr/bin/python3 scripts/golden/run.py [name ...]

Each generator scripts/golden/<name>.py runs in its own process (each seeds its own random streams)
and writes test/golden/<name>.json. Fixtures for another LibTorch release: run with that release's
Python and TORCHTS_GOLDEN_DIR=test/golden/<major.minor>; the tests read a fixture from there when the
release they run on has one (test/golden.ts, fixturePath). BLAS and oneDNN are held to their AVX2 kernels, the ones the
committed fixtures were written with, so a machine with other vector units writes the same values.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATORS = ["ops", "functional", "format", "init", "nn", "nn_utils", "notebook", "notebook_models",
              "optim", "lbfgs", "lr_scheduler", "data", "porting", "porting_nn", "images", "jit",
              "serialization", "rnn", "transformer", "binder", "optim_more", "tensor_methods", "samplers",
              "nn_rest", "nn_parametrize", "porting_nn_rest", "amp", "grad_scaler",
              "distributed", "autograd_custom", "forward_ad", "nn_hooks", "nn_messages", "nn_hooks_2x", "gradcheck_complex",
              "nn_containers", "extra_state", "extra_state_2x", "complex_api", "nn_param_conversion", "call_binding",
              "arg_errors", "native_warnings", "optim_layout", "nn_repr", "functional_attention", "transformer_fastpath"]
KERNELS = {"OPENBLAS_CORETYPE": "Haswell", "DNNL_MAX_CPU_ISA": "AVX2"}
# Fixtures that do not depend on LibTorch (images: PIL's decoding): only test/golden/ has them.
RELEASE_INDEPENDENT = {"images"}


def main(names):
    unknown = [n for n in names if n not in GENERATORS]
    if unknown:
        sys.exit(f"unknown fixture {', '.join(unknown)}; generators: {', '.join(GENERATORS)}")
    env = {**os.environ, **KERNELS}
    if not names and os.environ.get("TORCHTS_GOLDEN_DIR"):
        names = [n for n in GENERATORS if n not in RELEASE_INDEPENDENT]
    for name in names or GENERATORS:
        if subprocess.run([sys.executable, os.path.join(HERE, name + ".py")], env=env).returncode != 0:
            sys.exit(f"scripts/golden/{name}.py failed")


if __name__ == "__main__":
    main(sys.argv[1:])
