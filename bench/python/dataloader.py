"""Python PyTorch's DataLoader on the same data as bench/dataloader.ts (per-sample fetch + default_collate,
num_workers=0): batches/s, best of ROUNDS epochs. Usage: /usr/bin/python3 bench/python/dataloader.py [rounds]"""
import sys
import time

import torch
from torch.utils.data import DataLoader, TensorDataset

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
torch.manual_seed(0)
ds = TensorDataset(torch.rand(60000, 1, 28, 28), torch.randint(0, 10, (60000,)))
best = 0.0
for _ in range(rounds):
    t0 = time.perf_counter()
    n = sum(1 for _ in DataLoader(ds, batch_size=32, shuffle=True))
    best = max(best, n / (time.perf_counter() - t0))
print(f'PyTorch {torch.__version__} DataLoader(TensorDataset 60000x1x28x28, batch 32, shuffle): {best:.0f} batches/s')
