"""The training cases in Python PyTorch, the same work as bench/cases/train_a.js, train_bn.js, memory.js.
Usage:
  train.py a_loader <steps> <warmup>    model A, SGD(lr=0.01), CrossEntropyLoss, the notebook's
                                        DataLoader(Subset(FashionMNIST(transform)), 32, shuffle=True)
  train.py a_pre <steps> <warmup>       model A on the task-A images pre-loaded as one float tensor
  train.py bn32|bn256 <steps> <warmup>  the BatchNorm model, AdamW(lr=1e-3), pre-loaded data
  train.py memory <steps> <every>       model A with the DataLoader, "rss@<step> <bytes>" lines
Prints "<case> <steps per second>"."""
import sys
import time

import callgrind_marks

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset

from fmnist import FashionMNIST, task_a, to_tensor, rss_bytes

torch.set_num_threads(1)
which = sys.argv[1]
steps = int(sys.argv[2])
extra = int(sys.argv[3])
torch.manual_seed(0)
criterion = nn.CrossEntropyLoss()
total_loss = 0.0


def model_a():
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(28 * 28, 100), nn.ReLU(),
        nn.Linear(100, 100), nn.ReLU(),
        nn.Linear(100, 100), nn.ReLU(),
        nn.Linear(100, 8))


def model_bn():
    return nn.Sequential(
        nn.Flatten(),
        nn.BatchNorm1d(1 * 28 * 28),
        nn.Linear(1 * 28 * 28, 300), nn.ReLU(),
        nn.BatchNorm1d(300),
        nn.Linear(300, 100), nn.ReLU(),
        nn.BatchNorm1d(100),
        nn.Linear(100, 10))


def train_steps(model, optimizer, batches, k):
    """The notebook's train() body for k batches from the iterable `batches`."""
    global total_loss
    done = 0
    for inputs, y_batch in batches:
        if done == k:
            break
        y_pred = model(inputs)
        loss = criterion(y_pred, y_batch)
        loss.backward()
        total_loss += loss.item()
        optimizer.step()
        optimizer.zero_grad()
        done += 1
    return done


def preloaded(X, Y, bs, k):
    n = X.shape[0] // bs
    for i in range(k):
        s = (i % n) * bs
        yield X.narrow(0, s, bs), Y.narrow(0, s, bs)


if which in ('a_loader', 'a_pre', 'memory'):
    train_data = FashionMNIST(train=True, transform=to_tensor)
    train_idxs = task_a(train_data)
    model = model_a()
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    if which == 'a_pre':
        idx = torch.tensor(train_idxs)
        X = train_data.data.index_select(0, idx).unsqueeze(1).to(torch.float32).mul_(1.0 / 255)
        Y = train_data.targets.index_select(0, idx)
        train_steps(model, optimizer, preloaded(X, Y, 32, extra), extra)
        callgrind_marks.start()
        t0 = time.perf_counter()
        train_steps(model, optimizer, preloaded(X, Y, 32, steps), steps)
        elapsed = time.perf_counter() - t0
        callgrind_marks.stop()
        print('a_pre', steps / elapsed)
    else:
        train_loader = DataLoader(Subset(train_data, train_idxs), batch_size=32, shuffle=True)
        if which == 'memory':
            print(f'rss@0 {rss_bytes()}')
            done = 0
            while done < steps:
                for inputs, y_batch in train_loader:
                    y_pred = model(inputs)
                    loss = criterion(y_pred, y_batch)
                    loss.backward()
                    total_loss += loss.item()
                    optimizer.step()
                    optimizer.zero_grad()
                    done += 1
                    if done % extra == 0:
                        print(f'rss@{done} {rss_bytes()}')
                    if done == steps:
                        break
        else:
            train_steps(model, optimizer, train_loader, extra)
            t0 = time.perf_counter()
            done = 0
            while done < steps:
                done += train_steps(model, optimizer, train_loader, steps - done)
            print('a_loader', steps / (time.perf_counter() - t0))
elif which in ('bn32', 'bn256'):
    bs = 32 if which == 'bn32' else 256
    train_data = FashionMNIST(train=True)
    X = train_data.data.unsqueeze(1).to(torch.float32).mul_(1.0 / 255)
    Y = train_data.targets
    model = model_bn()
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    train_steps(model, optimizer, preloaded(X, Y, bs, extra), extra)
    callgrind_marks.start()
    t0 = time.perf_counter()
    train_steps(model, optimizer, preloaded(X, Y, bs, steps), steps)
    elapsed = time.perf_counter() - t0
    callgrind_marks.stop()
    print(which, steps / elapsed)
else:
    sys.exit(f'unknown case {which}')
print(f'loss sum {total_loss:.4f}', file=sys.stderr)
