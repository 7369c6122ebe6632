#!/usr/bin/python3
"""Golden values for test/porting_nn_rest.test.ts: the added torch.nn layers, functionals and
parametrizations written the way training code writes them, keyword arguments included.

    /usr/bin/python3 scripts/golden/porting_nn_rest.py      (or: npm run golden -- porting_nn_rest)

Writes test/golden/porting_nn_rest.json: {"torch_version", "inputs": {name: tensor}, "cases": {name: out}}.
The TS test runs each case's literal ports (positional, by-name and mixed forms) after
torch.manual_seed(0), as this script does.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrize, parametrizations

from literal import Cases

torch.manual_seed(2468)
seq = torch.randn(2, 3, 8)
img = torch.randn(2, 4, 6, 6)
vol = torch.randn(1, 2, 4, 4, 4)
cols = torch.randn(2, 12, 12)
bags = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
offsets = torch.tensor([0, 3])
theta = torch.randn(2, 2, 3)
a = torch.randn(4, 3)
p = torch.randn(4, 3)
n = torch.randn(4, 3)
logp = torch.randn(5, 2, 4).log_softmax(2)
targets = torch.tensor([[1, 2], [3, 3]])
INPUTS = dict(seq=seq, img=img, vol=vol, cols=cols, bags=bags, offsets=offsets, theta=theta, a=a, p=p, n=n, logp=logp, targets=targets)

CASES = Cases()
C = CASES.add


def fwd(m, *inputs):
    return [m, m(*inputs)]


C("maxpool3d", lambda: fwd(nn.MaxPool3d(2, stride=1, padding=1, ceil_mode=True), vol))
C("avgpool3d", lambda: fwd(nn.AvgPool3d(2, 1, 0, False, False), vol))
C("adaptivemaxpool3d_indices", lambda: fwd(nn.AdaptiveMaxPool3d((2, None, 1), return_indices=True), vol))
C("maxunpool2d", lambda: (lambda out: fwd(nn.MaxUnpool2d(2, stride=2), *out))(F.max_pool2d(img, 2, return_indices=True)))
C("lppool2d", lambda: fwd(nn.LPPool2d(2, 3, stride=2), img))
C("lppool1d", lambda: fwd(nn.LPPool1d(norm_type=1, kernel_size=2), seq))
C("fractional", lambda: fwd(nn.FractionalMaxPool2d(3, output_ratio=(0.5, 0.5)), img))
C("fold", lambda: fwd(nn.Fold(output_size=(4, 5), kernel_size=(2, 2)), cols))
C("unfold", lambda: fwd(nn.Unfold(3, padding=1, stride=2), img))
C("lrn", lambda: fwd(nn.LocalResponseNorm(3, alpha=1e-3, k=2), img))
C("embeddingbag", lambda: fwd(nn.EmbeddingBag(10, 3, mode='sum'), bags, offsets))
C("embeddingbag_pretrained", lambda: (lambda e: [e, e(bags, offsets)])(nn.EmbeddingBag.from_pretrained(torch.arange(30.).reshape(10, 3), mode='max')))
C("lazylinear", lambda: fwd(nn.LazyLinear(4, bias=False), seq))
C("lazyconv2d", lambda: fwd(nn.LazyConv2d(3, 3, padding=1, bias=False), img))
C("lazybatchnorm2d", lambda: fwd(nn.LazyBatchNorm2d(momentum=0.3), img))
C("ctc", lambda: fwd(nn.CTCLoss(blank=0, reduction='sum'), logp, targets, torch.tensor([5, 4]), torch.tensor([2, 1])))
C("triplet_distance", lambda: fwd(nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(p=1), margin=0.5), a, p, n))
C("adaptive_softmax", lambda: (lambda m: [m, list(m(a.repeat(1, 2), torch.tensor([0, 3, 5, 1])))])(nn.AdaptiveLogSoftmaxWithLoss(6, 6, [2, 4], div_value=2.)))
C("F_max_pool3d_indices", lambda: list(F.max_pool3d(vol, 2, return_indices=True)))
C("F_max_pool2d_with_indices", lambda: list(F.max_pool2d_with_indices(img, kernel_size=3, stride=2)))
C("F_avg_pool3d", lambda: F.avg_pool3d(vol, kernel_size=2, stride=1, divisor_override=3))
C("F_adaptive_avg_pool3d", lambda: F.adaptive_avg_pool3d(vol, (None, 2, 3)))
C("F_grid_sample", lambda: F.grid_sample(img, F.affine_grid(theta, [2, 4, 3, 3], align_corners=False), mode='bilinear', padding_mode='border', align_corners=False))
C("F_unfold_fold", lambda: F.fold(F.unfold(img, kernel_size=2, stride=2), output_size=6, kernel_size=2, stride=2))
C("F_embedding_bag", lambda: F.embedding_bag(bags, torch.arange(30.).reshape(10, 3), offsets, mode='mean'))
C("F_ctc_loss", lambda: F.ctc_loss(logp, targets, [5, 4], [2, 1], reduction='none', zero_infinity=True))
C("F_lp_pool1d", lambda: F.lp_pool1d(seq.abs(), 2, 3, stride=1))
C("F_local_response_norm", lambda: F.local_response_norm(seq, 2, k=0.5))
C("F_channel_shuffle", lambda: F.channel_shuffle(img, 2))
C("F_triplet_distance", lambda: F.triplet_margin_with_distance_loss(a, p, n, margin=2.0, swap=True, reduction='sum'))
C("spectral_norm", lambda: fwd(parametrizations.spectral_norm(nn.Linear(3, 2), n_power_iterations=2), a))
C("orthogonal", lambda: fwd(parametrizations.orthogonal(nn.Linear(3, 3), 'weight', orthogonal_map='cayley'), a))
C("register_parametrization", lambda: fwd(parametrize.register_parametrization(nn.Linear(3, 2), 'bias', nn.Tanh()), a))
C("weight_norm_hook", lambda: fwd(nn.utils.weight_norm(nn.Linear(3, 2), name='weight', dim=1), a))
C("spectral_norm_hook", lambda: fwd(nn.utils.spectral_norm(nn.Linear(3, 2), eps=1e-6), a))


if __name__ == "__main__":
    CASES.write("porting_nn_rest", INPUTS)
