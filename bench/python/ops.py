# Per-op cost in Python PyTorch, the same cases as bench/ops.js. Prints "case us_per_op" lines.
import sys, time
import torch
import callgrind_marks

torch.set_num_threads(1)
x10 = torch.ones(10)
x100k = torch.ones(100000)
m8 = torch.ones(8, 8)

def chain():
    y = x10
    for _ in range(5):
        y = (y + x10) * 0.5
    return y

CASES = {
    'add10': (lambda: x10.add(x10), 1),
    'relu10': (lambda: x10.relu(), 1),
    'matmul8': (lambda: m8.matmul(m8), 1),
    'chain10': (chain, 10),
    'add100k': (lambda: x100k.add(x100k), 1),
}

def main():
    for name in sys.argv[1].split(','):
        fn, ops = CASES[name]
        n = int(sys.argv[2]) if name != 'add100k' else 20000
        for _ in range(n // 10):
            fn()
        callgrind_marks.start()
        t = time.perf_counter()
        for _ in range(n):
            y = fn()
        elapsed = time.perf_counter() - t
        callgrind_marks.stop()
        print(name, elapsed / n / ops * 1e6)

main()
