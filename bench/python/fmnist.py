"""Fashion-MNIST for the Python side of the benchmarks, read from the IDX files of Debian's
dataset-fashion-mnist (/usr/share/datasets/fashion-mnist). Debian has no torchvision with
transforms.v2, so this is torchvision's MNIST dataset minus PIL: getitem returns
transform(data[i]) on the uint8 28x28 tensor, and to_tensor is ToImage + ToDtype(float32, scale=True)."""
import gzip
import os

import torch
from torch.utils.data import Dataset

FMNIST_DIR = os.path.join(os.environ.get('TORCHTS_DATASETS_MIRROR', '/usr/share/datasets'), 'fashion-mnist')
LABEL_MAP = {1: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5, 8: 6, 9: 7}


def read_idx(name):
    with gzip.open(os.path.join(FMNIST_DIR, name), 'rb') as f:
        data = f.read()
    nd = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(nd)]
    return torch.frombuffer(bytearray(data[4 + 4 * nd:]), dtype=torch.uint8).reshape(dims)


def to_tensor(img):
    """ToImage (H, W) -> (1, H, W), then ToDtype(float32, scale=True): to float, times 1/255."""
    return img.unsqueeze(0).to(torch.float32).mul_(1.0 / 255)


class FashionMNIST(Dataset):
    def __init__(self, train=True, transform=None):
        prefix = 'train' if train else 't10k'
        self.data = read_idx(f'{prefix}-images-idx3-ubyte.gz')
        self.targets = read_idx(f'{prefix}-labels-idx1-ubyte.gz').to(torch.int64)
        self.transform = transform

    def __getitem__(self, index):
        img, target = self.data[index], int(self.targets[index])
        if self.transform is not None:
            img = self.transform(img)
        return img, target

    def __len__(self):
        return len(self.data)


def task_a(train_data):
    """The notebook's In [21]: relabel, keep the 8 classes other than T-shirt/top and Pullover."""
    train_data.targets = torch.tensor([LABEL_MAP.get(label.item(), -1) for label in train_data.targets])
    return [i for i, label in enumerate(train_data.targets) if label != -1]


def rss_bytes():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
    return -1
