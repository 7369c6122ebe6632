"""Python PyTorch's DataLoader over Fashion-MNIST (uint8 images, transform ToImage + ToDtype
equivalent, batch 32, shuffle=True, num_workers=0): batches/s, median over epochs.
Usage: dataloader_fmnist.py <epochs>  ->  "fmnist_b32 <batches per second>" """
import statistics
import sys
import time

import torch
from torch.utils.data import DataLoader

from fmnist import FashionMNIST, to_tensor

torch.set_num_threads(1)
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.manual_seed(0)
ds = FashionMNIST(train=True, transform=to_tensor)
loader = DataLoader(ds, batch_size=32, shuffle=True)
for i, _ in enumerate(loader):  # warm-up
    if i == 100:
        break
rates = []
for _ in range(epochs):
    t0 = time.perf_counter()
    n = sum(1 for _ in loader)
    rates.append(n / (time.perf_counter() - t0))
print('fmnist_b32', statistics.median_low(rates))
