"""GEMM: torch.mm on two 1024x1024 float32 matrices, one intra-op thread.
Usage: gemm.py <n> <min seconds>  ->  "gemm <GFLOP/s>" (median of the timed repetitions)"""
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
min_s = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
torch.manual_seed(0)
a, b = torch.randn(n, n), torch.randn(n, n)
torch.mm(a, b)
rates, spent = [], 0.0
while spent < min_s or len(rates) < 3:
    t0 = time.perf_counter()
    c = torch.mm(a, b)
    s = time.perf_counter() - t0
    spent += s
    rates.append(2.0 * n ** 3 / s / 1e9)
print('gemm', statistics.median_low(rates))
