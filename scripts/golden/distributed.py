"""Golden values for test/distributed_sampler.test.ts: DistributedSampler's index lists per rank for
several dataset sizes, world sizes, seeds and epochs, with and without shuffle and drop_last.

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/distributed.py (or: npm run golden -- distributed)"""
from torch.utils.data import DistributedSampler

import encode

CASES = [  # (dataset size, world size, seed, epoch)
    (10, 2, 0, 0), (11, 2, 0, 0), (11, 3, 7, 1), (5, 4, 42, 3), (3, 5, 1, 0), (100, 3, 2024, 2), (1, 2, 0, 0), (17, 8, 5, 0),
]


def main():
    out = []
    for n, world, seed, epoch in CASES:
        for shuffle in (True, False):
            for drop_last in (False, True):
                ranks = []
                for rank in range(world):
                    s = DistributedSampler(range(n), num_replicas=world, rank=rank, shuffle=shuffle, seed=seed, drop_last=drop_last)
                    s.set_epoch(epoch)
                    ranks.append({'indices': list(s), 'length': len(s)})
                out.append({'n': n, 'num_replicas': world, 'seed': seed, 'epoch': epoch, 'shuffle': shuffle, 'drop_last': drop_last, 'ranks': ranks})
    encode.write('distributed', {'sampler': out})


if __name__ == '__main__':
    main()
