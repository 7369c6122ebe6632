"""GPU training throughput, Python PyTorch side: the same work as bench/gpu/train.js.

    python3 bench/gpu/train.py <case> <steps> <warmup> <device>     prints "<case> <steps per second>"
"""
import sys
import time

import torch
from torch import nn

which, steps, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
device = sys.argv[4] if len(sys.argv) > 4 else "cuda"

MODELS = {
    "model_a": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
                                     nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 8)),
    "conv": lambda: nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 8)),
}
MODELS["conv_amp"] = MODELS["conv"]

torch.manual_seed(0)
batch = 32 if which == "model_a" else 128
n_batches = 64
X = torch.randn(n_batches * batch, 1, 28, 28, device=device)
Y = torch.randint(0, 8, (n_batches * batch,), device=device)
model = MODELS[which]().to(device)
model.train()
optimizer = (torch.optim.SGD(model.parameters(), lr=0.01) if which == "model_a"
             else torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9))
criterion = nn.CrossEntropyLoss()
amp = which == "conv_amp"
# float16 on CUDA; a CPU dry run uses bfloat16, the CPU autocast dtype of every release.
amp_dtype = torch.float16 if device.startswith("cuda") else torch.bfloat16
scaler = torch.amp.GradScaler(device, enabled=amp) if hasattr(torch.amp, "GradScaler") else torch.cuda.amp.GradScaler(enabled=amp)
total = 0.0


def run(k):
    global total
    for i in range(k):
        s = (i % n_batches) * batch
        x, y = X.narrow(0, s, batch), Y.narrow(0, s, batch)
        with torch.autocast(device, dtype=amp_dtype, enabled=amp):
            loss = criterion(model(x), y)
        scaler.scale(loss).backward()
        total += loss.item()
        scaler.step(optimizer)
        scaler.update()
        optimizer.zero_grad()
    if device.startswith("cuda"):
        torch.cuda.synchronize()


run(warmup)
t0 = time.perf_counter()
run(steps)
seconds = time.perf_counter() - t0
assert total == total, "loss is not finite"
print(f"{which} {steps / seconds:.2f}")
