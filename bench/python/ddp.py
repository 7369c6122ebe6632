"""The `ddp` bench case in Python PyTorch (bench/cases/ddp.js): model A with SGD on synthetic
batches, as 2 DDP ranks on Gloo (spawned processes, one thread each) or one process.
Usage: python3 bench/python/ddp.py <row> <world> <global batch> <steps> <warm-up steps>"""
import os
import socket
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn


def model_a():
    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
                         nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 8))


def run(rank, row, world, batch, steps, warmup, port):
    torch.set_num_threads(1)
    if world > 1:
        dist.init_process_group('gloo', init_method=f'tcp://127.0.0.1:{port}', rank=rank, world_size=world)
    torch.manual_seed(0)
    local = model_a()
    model = nn.parallel.DistributedDataParallel(local) if world > 1 else local
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.CrossEntropyLoss()
    share = batch // world
    X = torch.rand(share * 8, 1, 28, 28)
    Y = torch.randint(0, 8, (share * 8,))

    def train(n):
        for i in range(n):
            k = i % 8
            loss = criterion(model(X[k * share:(k + 1) * share]), Y[k * share:(k + 1) * share])
            loss.backward()
            loss.item()
            optimizer.step()
            optimizer.zero_grad()

    train(warmup)
    if world > 1:
        dist.barrier()
    t0 = time.perf_counter()
    train(steps)
    rate = steps / (time.perf_counter() - t0)
    if rank == 0:
        print(f'{row} {rate}', flush=True)
    if world > 1:
        dist.destroy_process_group()


def main():
    row, world, batch, steps, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if world == 1:
        run(0, row, 1, batch, steps, warmup, 0)
        return
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    mp.spawn(run, args=(row, world, batch, steps, warmup, port), nprocs=world)


if __name__ == '__main__':
    main()
