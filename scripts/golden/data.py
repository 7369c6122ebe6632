"""Golden values for test/utils_data.test.ts and test/vision.test.ts: torch.utils.data (seeded
DataLoader orders, random_split, samplers, default_collate) and torchvision's FashionMNIST and
transforms.v2 (read from Debian's dataset-fashion-mnist IDX files).

torchvision is not packaged for Debian's python3-torch, so its dataset and transforms are
re-implemented here with plain torch ops, following torchvision's source (transforms/v2/functional
tensor kernels, v2 RandomCrop/RandomHorizontalFlip parameter draws, datasets/mnist.py).

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/data.py (or: npm run golden -- data)"""
import gzip
import os
import struct

import torch
import torch.nn.functional as F
from torch.utils.data import (BatchSampler, DataLoader, Dataset, RandomSampler, SequentialSampler, Subset,
                              SubsetRandomSampler, TensorDataset, default_collate, random_split)

import encode
from encode import result

FASHION = os.environ.get('TORCHTS_DATASETS_MIRROR', '/usr/share/datasets') + '/fashion-mnist'


# ---- torch.utils.data ---------------------------------------------------------------------

def epochs(loader, n):
    return [[x.tolist() for x, *_ in loader] for _ in range(n)]


def loader_cases():
    out = {}
    torch.manual_seed(42)
    ds = TensorDataset(torch.arange(100), torch.arange(100) * 2)
    out['shuffle_seed42'] = {'n': 100, 'batch_size': 32, 'seed': 42, 'epochs': epochs(DataLoader(ds, batch_size=32, shuffle=True), 2)}
    g = torch.Generator().manual_seed(7)
    ds25 = TensorDataset(torch.arange(25))
    out['shuffle_generator7'] = {'n': 25, 'batch_size': 10, 'generator_seed': 7, 'epochs': epochs(DataLoader(ds25, batch_size=10, shuffle=True, generator=g), 2)}
    torch.manual_seed(0)
    out['shuffle_drop_last_seed0'] = {'n': 25, 'batch_size': 10, 'seed': 0, 'epochs': epochs(DataLoader(ds25, batch_size=10, shuffle=True, drop_last=True), 1)}
    # after a loader epoch the global stream has moved on by exactly what PyTorch draws
    torch.manual_seed(3)
    list(DataLoader(ds25, batch_size=10, shuffle=True))
    out['global_after_epoch_seed3'] = torch.rand(3).tolist()
    torch.manual_seed(3)
    list(DataLoader(ds25, batch_size=10))
    out['global_after_sequential_epoch_seed3'] = torch.rand(3).tolist()
    lengths = []
    for n in (100, 96, 5, 1):
        for bs in (32, 1, 7):
            for drop in (False, True):
                lengths.append({'n': n, 'batch_size': bs, 'drop_last': drop, 'length': len(DataLoader(TensorDataset(torch.arange(n)), batch_size=bs, drop_last=drop))})
    out['lengths'] = lengths
    return out


def split_cases():
    cases = []
    for n, lengths, seed, use_gen in [
        (10, [3, 7], 42, True),
        (30, [0.3, 0.3, 0.4], 42, True),
        (11, [0.5, 0.5], 1, True),
        (7, [0.2, 0.2, 0.6], 5, True),
        (20, [5, 15], 1, False),
        (60000, [0.8, 0.2], 123, True),
    ]:
        if use_gen:
            parts = random_split(range(n), lengths, generator=torch.Generator().manual_seed(seed))
        else:
            torch.manual_seed(seed)
            parts = random_split(range(n), lengths)
        cases.append({'n': n, 'lengths': lengths, 'seed': seed, 'generator': use_gen,
                      'indices': [p.indices if n <= 100 else p.indices[:20] for p in parts], 'sizes': [len(p) for p in parts]})
    return cases


def sampler_cases():
    cases = []
    for n, replacement, num_samples, seed, use_gen in [
        (50, True, 70, 3, False),
        (50, True, None, 4, True),
        (10, False, 25, 5, False),
        (10, False, 20, 6, True),
        (7, False, None, 7, False),
    ]:
        if use_gen:
            s = RandomSampler(range(n), replacement=replacement, num_samples=num_samples, generator=torch.Generator().manual_seed(seed))
            runs = [list(s), list(s)]
        else:
            torch.manual_seed(seed)
            s = RandomSampler(range(n), replacement=replacement, num_samples=num_samples)
            runs = [list(s), list(s)]
        cases.append({'n': n, 'replacement': replacement, 'num_samples': num_samples, 'seed': seed, 'generator': use_gen, 'runs': runs})
    torch.manual_seed(11)
    subset = {'indices': [3, 9, 27, 81, 5, 15], 'seed': 11, 'out': list(SubsetRandomSampler([3, 9, 27, 81, 5, 15]))}
    subset['generator_out'] = list(SubsetRandomSampler([3, 9, 27, 81, 5, 15], generator=torch.Generator().manual_seed(11)))
    batch = {
        'keep': list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)),
        'drop': list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)),
    }
    return {'random': cases, 'subset_random': subset, 'batch': batch}


def collate_cases():
    return {
        'ints': result(default_collate([0, 1, 2, 3])),
        'floats': result(default_collate([0.5, 1.5, 2.25])),
        'int_then_float': result(default_collate([2, 1.5])),
        'bools': result(default_collate([True, False, True])),
        'strings': default_collate(['a', 'b', 'c']),
        'dicts': result(default_collate([{'A': 0, 'B': 1.5}, {'A': 100, 'B': 100.25}])),
        'tuples': result(default_collate([(0, 1), (2, 3)])),
        'tensors': result(default_collate([torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]), torch.tensor([5.0, 6.0])])),
        'samples': result(default_collate([(torch.tensor([[1, 2]], dtype=torch.uint8), 3), (torch.tensor([[4, 5]], dtype=torch.uint8), 6)])),
        'nested': result(default_collate([{'x': (1, 2.5), 'y': torch.tensor(1.0)}, {'x': (3, 4.5), 'y': torch.tensor(2.0)}])),
    }


# ---- FashionMNIST, read as torchvision's datasets/mnist.py reads it --------------------------

def read_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('>I', data[:4])[0]
    nd, ty = magic % 256, magic // 256
    assert ty == 8 and 1 <= nd <= 3
    shape = struct.unpack('>' + 'I' * nd, data[4:4 * (nd + 1)])
    return torch.frombuffer(bytearray(data[4 * (nd + 1):]), dtype=torch.uint8).view(*shape)


def fashion(split):
    prefix = 'train' if split == 'train' else 't10k'
    images = read_idx(f'{FASHION}/{prefix}-images-idx3-ubyte.gz')
    labels = read_idx(f'{FASHION}/{prefix}-labels-idx1-ubyte.gz').long()
    return images, labels


class FMNIST(Dataset):
    """torchvision's MNIST.__getitem__ with a tensor image in place of the PIL one."""

    def __init__(self, data, targets, transform=None):
        self.data, self.targets, self.transform = data, targets, transform

    def __getitem__(self, index):
        img, target = self.data[index], int(self.targets[index])
        if self.transform is not None:
            img = self.transform(img)
        return img, target

    def __len__(self):
        return len(self.data)


# ---- transforms.v2, following torchvision's tensor kernels --------------------------------

def to_image(x):
    return x.unsqueeze(0) if x.ndim == 2 else x


def to_dtype(image, dtype, scale):
    if image.dtype == dtype:
        return image
    if not scale:
        return image.to(dtype)
    assert not image.is_floating_point() and dtype.is_floating_point
    return image.to(dtype).mul_(1.0 / 255)


def normalize(image, mean, std):
    mean = torch.as_tensor(mean, dtype=image.dtype).view(-1, 1, 1)
    std = torch.as_tensor(std, dtype=image.dtype).view(-1, 1, 1)
    return image.sub(mean).div_(std)


def hflip_random(image, p):
    if torch.rand(1) >= p:
        return image, False
    return image.flip(-1), True


def pad_image(image, padding, fill, mode):
    """torchvision _pad_with_scalar_fill / _pad_symmetric; padding is torch's [l, r, t, b]."""
    shape = image.shape
    c, h, w = shape[-3:]
    img = image.reshape(-1, c, h, w)
    if mode == 'constant':
        img = F.pad(img, padding, mode='constant', value=float(fill))
    elif mode in ('reflect', 'edge'):
        dtype = img.dtype
        cast = not img.is_floating_point()
        if cast:
            img = img.to(torch.float32)
        img = F.pad(img, padding, mode='replicate' if mode == 'edge' else 'reflect')
        if cast:
            img = img.to(dtype)
    else:
        left = list(range(padding[0] - 1, -1, -1))
        right = [-(i + 1) for i in range(padding[1])]
        top = list(range(padding[2] - 1, -1, -1))
        bottom = [-(i + 1) for i in range(padding[3])]
        x = torch.tensor(left + list(range(w)) + right)
        y = torch.tensor(top + list(range(h)) + bottom)
        img = img[:, :, y[:, None], x[None, :]]
    return img.reshape(shape[:-3] + (c, img.shape[-2], img.shape[-1]))


def pad_vector_fill(image, padding, fill):
    out = pad_image(image, padding, 0, 'constant')
    left, right, top, bottom = padding
    fill = torch.tensor(fill).to(dtype=image.dtype).reshape(-1, 1, 1)
    if top > 0:
        out[..., :top, :] = fill
    if left > 0:
        out[..., :, :left] = fill
    if bottom > 0:
        out[..., -bottom:, :] = fill
    if right > 0:
        out[..., :, -right:] = fill
    return out


def random_crop(image, size, padding):
    """v2 RandomCrop with padding = one int, constant fill 0."""
    h, w = image.shape[-2:]
    ph, pw = h + 2 * padding, w + 2 * padding
    top = int(torch.randint(0, ph - size + 1, size=())) if ph > size else 0
    left = int(torch.randint(0, pw - size + 1, size=())) if pw > size else 0
    if padding:
        image = pad_image(image, [padding] * 4, 0, 'constant')
    return image[..., top:top + size, left:left + size], (top, left)


def resize(image, size, antialias=True, mode='bilinear'):
    c, oh, ow = image.shape[-3:]
    if isinstance(size, int):
        size = [size]
    if len(size) == 1:
        short, long = (ow, oh) if ow <= oh else (oh, ow)
        new_short, new_long = size[0], int(size[0] * long / short)
        nw, nh = (new_short, new_long) if ow <= oh else (new_long, new_short)
    else:
        nh, nw = size
    dtype = image.dtype
    img = image.reshape(-1, c, oh, ow)
    cast = dtype not in (torch.float32, torch.float64) and not (mode.startswith('nearest') and dtype == torch.uint8)
    if cast:
        img = img.to(torch.float32)
    align = False if mode in ('bilinear', 'bicubic') else None
    img = F.interpolate(img, size=[nh, nw], mode=mode, align_corners=align, antialias=antialias if align is not None else False)
    if cast:
        if mode == 'bicubic' and dtype == torch.uint8:
            img = img.clamp_(min=0, max=255)
        img = img.round_().to(dtype)
    return img.reshape(image.shape[:-3] + (c, nh, nw))


def fashion_cases():
    out = {}
    for split in ('train', 'test'):
        data, targets = fashion(split)
        samples = {}
        for i in (0, 1, 2, 7, 123, len(data) - 1):
            samples[str(i)] = {'target': int(targets[i]), 'sum': int(data[i].long().sum()), 'row14': data[i, 14].tolist()}
        out[split] = {
            'length': len(data), 'targets_first': targets[:20].tolist(),
            'target_counts': torch.bincount(targets, minlength=10).tolist(),
            'pixel_sum': int(data.long().sum()), 'samples': samples,
        }
    return out


def transform_cases():
    data, targets = fashion('train')
    img0 = data[0]
    out = {}
    x = to_dtype(to_image(img0), torch.float32, True)
    out['to_dtype_scale'] = encode.tensor(x)
    out['to_dtype_noscale_sum'] = float(to_dtype(to_image(img0), torch.float32, False).sum())
    out['to_tensor_v1'] = encode.tensor(to_image(img0).to(torch.float32).div(255))
    out['normalize'] = encode.tensor(normalize(x, [0.2860], [0.3530]))
    torch.manual_seed(0)
    flips = []
    for _ in range(10):
        _, flipped = hflip_random(to_image(data[1]), 0.5)
        flips.append(flipped)
    out['hflip_seed0'] = flips
    out['hflip_image'] = encode.tensor(to_image(data[1]).flip(-1))
    torch.manual_seed(1)
    crops = []
    first = None
    for k in range(6):
        img, params = random_crop(to_image(data[2]), 24, 4)
        crops.append(list(params))
        if k == 0:
            first = img
    out['random_crop_seed1'] = {'params': crops, 'first': encode.tensor(first)}
    torch.manual_seed(2)
    out['random_crop_nopad_seed2'] = [list(random_crop(to_image(data[2]), 20, 0)[1]) for _ in range(4)]
    small = torch.arange(2 * 3 * 4, dtype=torch.uint8).reshape(2, 3, 4) * 7
    out['pad'] = {
        'input': encode.tensor(small),
        'constant': encode.tensor(pad_image(small, [1, 2, 2, 1], 9, 'constant')),
        'reflect': encode.tensor(pad_image(small, [2, 1, 1, 2], 0, 'reflect')),
        'edge': encode.tensor(pad_image(small, [2, 1, 1, 2], 0, 'edge')),
        'symmetric': encode.tensor(pad_image(small, [3, 1, 2, 2], 0, 'symmetric')),
        'vector_fill': encode.tensor(pad_vector_fill(small, [1, 1, 2, 0], [200, 100])),
    }
    xf = to_dtype(to_image(data[3]), torch.float32, True)
    xu = to_image(data[3])
    out['resize'] = {
        'float_14_aa': encode.tensor(resize(xf, 14, True)),
        'float_14_noaa': encode.tensor(resize(xf, 14, False)),
        'float_56': encode.tensor(resize(xf, 56, True)),
        'float_20x35': encode.tensor(resize(xf, [20, 35], True)),
        'uint8_14': encode.tensor(resize(xu, 14, True)),
        'uint8_nearest_14': encode.tensor(resize(xu, 14, False, 'nearest')),
        'float_bicubic_20': encode.tensor(resize(xf, 20, True, 'bicubic')),
    }
    return out


def loader_transform_cases():
    """A seeded epoch through a Subset of FashionMNIST with random transforms: the global stream is
    shared by the base seed, the sampler seed and each sample's flip and crop, in that order."""
    data, targets = fashion('train')

    def transform(img):
        img = to_image(img)
        img, _ = hflip_random(img, 0.5)
        img, _ = random_crop(img, 28, 2)
        return to_dtype(img, torch.float32, True)

    ds = Subset(FMNIST(data, targets, transform), list(range(0, 400, 2)))
    torch.manual_seed(5)
    batches = []
    for k, (X, y) in enumerate(DataLoader(ds, batch_size=16, shuffle=True)):
        if k >= 3:
            break
        batches.append({'shape': list(X.shape), 'image_sums': X.double().sum(dim=(1, 2, 3)).tolist(), 'targets': y.tolist()})
    plain = Subset(FMNIST(data, targets, lambda im: to_dtype(to_image(im), torch.float32, True)), list(range(0, 400, 2)))
    torch.manual_seed(5)
    X, y = next(iter(DataLoader(plain, batch_size=16, shuffle=True)))
    return {'random_transforms_seed5': batches,
            'plain_seed5': {'image_sums': X.double().sum(dim=(1, 2, 3)).tolist(), 'targets': y.tolist()}}


def main():
    encode.write('data', {
        'loader': loader_cases(),
        'random_split': split_cases(),
        'samplers': sampler_cases(),
        'collate': collate_cases(),
        'fashion': fashion_cases(),
        'transforms': transform_cases(),
        'loader_transforms': loader_transform_cases(),
    })


if __name__ == '__main__':
    main()
