"""The sequence-model training cases in Python PyTorch, the same work as bench/cases/lstm.js and
transformer.js: Fashion-MNIST images read as 28 rows of 28 pixels, batch 32, hidden size 128,
Adam(lr=1e-3), CrossEntropyLoss, pre-loaded data.
Usage: sequence.py lstm|transformer <steps> <warmup>. Prints "<case> <steps per second>"."""
import sys
import time

import callgrind_marks

import torch
from torch import nn

from fmnist import FashionMNIST

torch.set_num_threads(1)
which = sys.argv[1]
steps = int(sys.argv[2])
warmup = int(sys.argv[3])
torch.manual_seed(0)


class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, 128, batch_first=True)
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


class TransformerClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(28, 128)
        layer = nn.TransformerEncoderLayer(128, 4, dim_feedforward=256, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2)
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        return self.head(self.encoder(self.embed(x)).mean(1))


train_data = FashionMNIST(train=True)
X = train_data.data.to(torch.float32).mul_(1.0 / 255)
Y = train_data.targets
model = LSTMClassifier() if which == 'lstm' else TransformerClassifier()
model.train()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
total_loss = 0.0


def run(k, offset):
    global total_loss
    n = X.shape[0] // 32
    for i in range(k):
        s = ((offset + i) % n) * 32
        loss = criterion(model(X.narrow(0, s, 32)), Y.narrow(0, s, 32))
        loss.backward()
        total_loss += loss.item()
        optimizer.step()
        optimizer.zero_grad()


run(warmup, 0)
callgrind_marks.start()
t0 = time.perf_counter()
run(steps, warmup)
elapsed = time.perf_counter() - t0
callgrind_marks.stop()
print(which, steps / elapsed)
print(f'loss sum {total_loss:.4f}', file=sys.stderr)
