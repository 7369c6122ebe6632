#!/usr/bin/python3
"""torch.save + torch.load of a ~1 GiB state dict (one 512 MiB tensor and 512 tensors of 1 MiB),
as bench/cases/serialize.js does in torchts. Usage: serialize.py DIR REPS

Saves to DIR and loads back REPS times. Prints "save_mbs", "load_mbs" (MB/s, 1e6 bytes, of tensor
data; medians) and "save_peak", "load_peak": the peak resident memory during the call beyond what
the process held before it, as a multiple of the data size (peak RSS reset through
/proc/self/clear_refs; the largest over the repetitions)."""
import os
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
LARGE = 128 << 20   # float32 elements: 512 MiB
SMALL = 256 << 10   # float32 elements: 1 MiB each
COUNT = 512


def rss(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def main():
    path = os.path.join(sys.argv[1], f"python-{os.getpid()}.pt")
    reps = int(sys.argv[2])  # saves and loads in this process: medians (largest peaks) reported
    torch.manual_seed(0)
    sd = {"large": torch.randn(LARGE)}
    for i in range(COUNT):
        sd[f"layer{i}.weight"] = torch.randn(SMALL)
    nbytes = sum(t.numel() * t.element_size() for t in sd.values())
    save, load, save_peak, load_peak = [], [], [], []
    try:
        for _ in range(reps):
            reset_peak()
            before = rss("VmRSS")
            t0 = time.perf_counter()
            torch.save(sd, path)
            save.append(nbytes / (time.perf_counter() - t0) / 1e6)
            save_peak.append((rss("VmHWM") - before) / nbytes)
            reset_peak()
            before = rss("VmRSS")
            t0 = time.perf_counter()
            back = torch.load(path)
            load.append(nbytes / (time.perf_counter() - t0) / 1e6)
            load_peak.append((rss("VmHWM") - before) / nbytes)
            assert back["large"].shape == sd["large"].shape
            del back
            os.remove(path)
    finally:
        if os.path.exists(path):
            os.remove(path)
    print(f"save_mbs {statistics.median(save)}")
    print(f"load_mbs {statistics.median(load)}")
    print(f"save_peak {max(save_peak)}")
    print(f"load_peak {max(load_peak)}")


if __name__ == "__main__":
    main()
