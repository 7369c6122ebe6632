#!/usr/bin/python3
"""Golden values for test/porting_nn.test.ts: torch.nn written the way training code writes it
(layer constructors, Module methods, nn.functional, nn.init), keyword arguments included.

Run with Debian's interpreter (python3-torch 1.13):

    /usr/bin/python3 scripts/golden/porting_nn.py      (or: npm run golden -- porting_nn)

Writes test/golden/porting_nn.json: {"torch_version", "inputs": {name: tensor}, "cases": {name: out}}.
The TS test loads the same inputs and runs each case's literal ports (positional, by-name and
mixed forms); torch.manual_seed(0) runs before every case, so layer initialisation and random ops
draw the same numbers on both sides.

Cases are encode.result values (scripts/golden/encode.py).
"""
import collections
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from literal import Cases

torch.manual_seed(4321)
x = torch.randn(4, 5)
y = torch.randn(4, 5)
x2 = torch.randn(4, 4)
x3 = torch.randn(4, 3)
seq = torch.randn(2, 3, 10)
img = torch.randn(2, 3, 8, 8)
img4 = torch.randn(2, 4, 6, 6)
vol = torch.randn(2, 2, 3, 4, 4)
labels = torch.tensor([1, 0, 4, 2])
probs = torch.rand(4, 5) * 0.9 + 0.05
bits = (torch.rand(4, 5) > 0.5).float()
cw = torch.rand(5) + 0.5
tokens = torch.tensor([[1, 2, 0], [4, 9, 1]])
emb = torch.randn(10, 3)
signs = torch.tensor([1.0, -1.0, 1.0, -1.0])
w_conv = torch.randn(4, 3, 3, 3)
b4 = torch.randn(4)
w_lin = torch.randn(3, 5)
b3 = torch.randn(3)
pos = torch.rand(4, 5) + 0.1
multi = torch.tensor([[1, 3, -1, 0, 0], [0, -1, 0, 0, 0], [4, 2, 1, -1, 0], [2, -1, 0, 0, 0]])
INPUTS = dict(x=x, y=y, x2=x2, x3=x3, seq=seq, img=img, img4=img4, vol=vol, labels=labels, probs=probs, bits=bits,
              cw=cw, tokens=tokens, emb=emb, signs=signs, w_conv=w_conv, b4=b4, w_lin=w_lin, b3=b3, pos=pos, multi=multi)

CASES = Cases()
C = CASES.add


def fwd(m, *inputs):
    """A module and its output on inputs."""
    return [m, m(*inputs)]


# ---- layer constructors -------------------------------------------------------------------
C("linear", lambda: fwd(nn.Linear(5, 3), x))
C("linear_nobias", lambda: fwd(nn.Linear(5, 3, bias=False), x))
C("linear_f64", lambda: fwd(nn.Linear(5, 3, dtype=torch.float64), x.double()))
C("linear_zero_bias", lambda: (lambda l: (l.bias.data.fill_(0), torch.zero_(l.bias.data), l)[-1])(nn.Linear(5, 3)))
C("bilinear", lambda: fwd(nn.Bilinear(5, 4, 3), x, x2))
C("bilinear_nobias", lambda: fwd(nn.Bilinear(5, 4, 3, bias=False), x, x2))
C("identity", lambda: fwd(nn.Identity(54, unused_argument1=0.1), x))
C("flatten", lambda: fwd(nn.Flatten(), img))
C("flatten_0_2", lambda: fwd(nn.Flatten(0, 2), img))
C("flatten_end", lambda: fwd(nn.Flatten(end_dim=2), img))
C("unflatten", lambda: fwd(nn.Unflatten(1, (1, 5)), x))

C("relu", lambda: fwd(nn.ReLU(), x))
C("relu_inplace", lambda: fwd(nn.ReLU(inplace=True), x.clone()))
C("relu6", lambda: fwd(nn.ReLU6(), x * 4))
C("leaky_relu", lambda: fwd(nn.LeakyReLU(0.2), x))
C("leaky_relu_inplace", lambda: fwd(nn.LeakyReLU(0.2, True), x.clone()))
C("rrelu_eval", lambda: fwd(nn.RReLU(0.1, 0.3).eval(), x))
C("rrelu_train", lambda: fwd(nn.RReLU(lower=0.1, upper=0.3), x))
C("prelu", lambda: fwd(nn.PReLU(), x))
C("prelu_channels", lambda: fwd(nn.PReLU(num_parameters=3, init=0.1), x3))
C("elu", lambda: fwd(nn.ELU(alpha=0.5), x))
C("selu", lambda: fwd(nn.SELU(), x))
C("celu", lambda: fwd(nn.CELU(0.5), x))
C("gelu", lambda: fwd(nn.GELU(), x))
C("gelu_tanh", lambda: fwd(nn.GELU(approximate="tanh"), x))
C("silu", lambda: fwd(nn.SiLU(), x))
C("mish", lambda: fwd(nn.Mish(), x))
C("softplus", lambda: fwd(nn.Softplus(beta=2, threshold=1), x))
C("hardtanh", lambda: fwd(nn.Hardtanh(-0.5, 0.5), x))
C("hardtanh_named", lambda: fwd(nn.Hardtanh(min_val=-2, max_val=2), x * 3))
C("hardswish", lambda: fwd(nn.Hardswish(), x * 3))
C("hardsigmoid", lambda: fwd(nn.Hardsigmoid(), x * 3))
C("sigmoid", lambda: fwd(nn.Sigmoid(), x))
C("tanh", lambda: fwd(nn.Tanh(), x))
C("softmax", lambda: fwd(nn.Softmax(dim=1), x))
C("log_softmax", lambda: fwd(nn.LogSoftmax(1), x))

C("dropout", lambda: fwd(nn.Dropout(0.3), x))
C("dropout_named", lambda: fwd(nn.Dropout(p=0.3, inplace=True), x.clone()))
C("dropout_eval", lambda: fwd(nn.Dropout(0.3).eval(), x))
C("dropout1d", lambda: fwd(nn.Dropout1d(p=0.5), seq))
C("dropout2d", lambda: fwd(nn.Dropout2d(0.5), img))
C("alpha_dropout", lambda: fwd(nn.AlphaDropout(0.2), x))

C("batchnorm1d", lambda: fwd(nn.BatchNorm1d(5), x))
C("batchnorm1d_momentum", lambda: fwd(nn.BatchNorm1d(5, momentum=0.5), x))
C("batchnorm1d_positional", lambda: fwd(nn.BatchNorm1d(5, 1e-3, 0.2, False, True), x))
C("batchnorm1d_plain", lambda: fwd(nn.BatchNorm1d(num_features=5, affine=False, track_running_stats=False), x))
C("batchnorm1d_cma", lambda: fwd(nn.BatchNorm1d(5, momentum=None), x))
C("batchnorm2d", lambda: fwd(nn.BatchNorm2d(3, eps=1e-3), img))
C("batchnorm3d", lambda: fwd(nn.BatchNorm3d(2), vol))
C("batchnorm_init", lambda: (lambda bn: (nn.init.ones_(bn.weight), nn.init.zeros_(bn.bias), bn.running_mean.fill_(0.5), bn)[-1])(nn.BatchNorm1d(5)))
C("layernorm", lambda: fwd(nn.LayerNorm(5), x))
C("layernorm_named", lambda: fwd(nn.LayerNorm([5], eps=1e-6, elementwise_affine=False), x))
C("layernorm_2d", lambda: fwd(nn.LayerNorm(normalized_shape=[8, 8]), img))
C("groupnorm", lambda: fwd(nn.GroupNorm(2, 4), img4))
C("groupnorm_named", lambda: fwd(nn.GroupNorm(num_groups=2, num_channels=4, eps=1e-3, affine=False), img4))

C("conv1d", lambda: fwd(nn.Conv1d(3, 4, 3), seq))
C("conv1d_named", lambda: fwd(nn.Conv1d(3, 4, kernel_size=3, stride=2, padding=1), seq))
C("conv2d", lambda: fwd(nn.Conv2d(3, 16, 3, 1, 1), img))
C("conv2d_kw", lambda: fwd(nn.Conv2d(3, 16, kernel_size=3, padding=1), img))
C("conv2d_same_reflect", lambda: fwd(nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3, padding="same", padding_mode="reflect", bias=False), img))
C("conv2d_groups", lambda: fwd(nn.Conv2d(4, 4, 3, groups=2, dilation=2), img4))
C("conv2d_rect", lambda: fwd(nn.Conv2d(3, 2, (3, 1), stride=(2, 1), padding=(1, 0)), img))
C("maxpool1d", lambda: fwd(nn.MaxPool1d(2), seq))
C("maxpool2d", lambda: fwd(nn.MaxPool2d(2), img))
C("maxpool2d_positional", lambda: fwd(nn.MaxPool2d(3, 2, 1), img))
C("maxpool2d_named", lambda: fwd(nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True), img))
C("maxpool2d_indices", lambda: fwd(nn.MaxPool2d(2, return_indices=True), img))
C("avgpool2d", lambda: fwd(nn.AvgPool2d(2), img))
C("avgpool2d_named", lambda: fwd(nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), img))
C("avgpool2d_divisor", lambda: fwd(nn.AvgPool2d(kernel_size=2, divisor_override=3), img))
C("adaptive_avgpool2d", lambda: fwd(nn.AdaptiveAvgPool2d((1, 1)), img))
C("adaptive_avgpool2d_int", lambda: fwd(nn.AdaptiveAvgPool2d(output_size=3), img))
C("adaptive_avgpool2d_none", lambda: fwd(nn.AdaptiveAvgPool2d((None, 2)), img))
C("embedding", lambda: fwd(nn.Embedding(10, 3), tokens))
C("embedding_padding", lambda: fwd(nn.Embedding(10, 3, padding_idx=0), tokens))
C("embedding_named", lambda: fwd(nn.Embedding(num_embeddings=10, embedding_dim=3, max_norm=1), tokens))
C("embedding_pretrained", lambda: (lambda e: [e, e(tokens), e.weight.requires_grad])(nn.Embedding.from_pretrained(emb, freeze=False)))
C("embedding_pretrained_frozen", lambda: (lambda e: [e, e(tokens), e.weight.requires_grad])(nn.Embedding.from_pretrained(emb)))

C("cross_entropy_loss", lambda: fwd(nn.CrossEntropyLoss(), x, labels))
C("cross_entropy_loss_named", lambda: fwd(nn.CrossEntropyLoss(weight=cw, ignore_index=1, label_smoothing=0.1), x, labels))
C("cross_entropy_loss_sum", lambda: fwd(nn.CrossEntropyLoss(reduction="sum"), x, labels))
C("cross_entropy_loss_probs", lambda: fwd(nn.CrossEntropyLoss(), x, probs.softmax(1)))
C("nll_loss", lambda: fwd(nn.NLLLoss(reduction="none"), x.log_softmax(1), labels))
C("nll_loss_weight", lambda: fwd(nn.NLLLoss(cw), x.log_softmax(1), labels))
C("bce_loss", lambda: fwd(nn.BCELoss(), probs, bits))
C("bce_loss_weight", lambda: fwd(nn.BCELoss(weight=cw, reduction="sum"), probs, bits))
C("bce_logits_loss", lambda: fwd(nn.BCEWithLogitsLoss(pos_weight=cw), x, bits))
C("mse_loss", lambda: fwd(nn.MSELoss(), x, y))
C("mse_loss_sum", lambda: fwd(nn.MSELoss(reduction="sum"), x, y))
C("mse_loss_legacy", lambda: fwd(nn.MSELoss(size_average=False), x, y))
C("l1_loss", lambda: fwd(nn.L1Loss(reduction="none"), x, y))
C("huber_loss", lambda: fwd(nn.HuberLoss(delta=0.5), x, y))
C("huber_loss_positional", lambda: fwd(nn.HuberLoss("sum", 0.5), x, y))
C("smooth_l1_loss", lambda: fwd(nn.SmoothL1Loss(beta=0.5), x, y))

# more layers: thin modules over nn.functional
C("threshold", lambda: fwd(nn.Threshold(0.1, 20), x))
C("threshold_inplace", lambda: fwd(nn.Threshold(0.1, 20, inplace=True), x.clone()))
C("hardshrink_module", lambda: fwd(nn.Hardshrink(), x))
C("softshrink_module", lambda: fwd(nn.Softshrink(lambd=0.3), x))
C("tanhshrink_module", lambda: fwd(nn.Tanhshrink(), x))
C("softsign_module", lambda: fwd(nn.Softsign(), x))
C("logsigmoid_module", lambda: fwd(nn.LogSigmoid(), x))
C("softmin_module", lambda: fwd(nn.Softmin(dim=1), x))
C("softmax2d", lambda: fwd(nn.Softmax2d(), img))
C("glu_module", lambda: fwd(nn.GLU(), x2))
C("dropout3d", lambda: fwd(nn.Dropout3d(0.5), vol))
C("feature_alpha_dropout", lambda: fwd(nn.FeatureAlphaDropout(0.2), img))
C("conv3d", lambda: fwd(nn.Conv3d(2, 4, 3, padding=1), vol))
C("conv_transpose1d", lambda: fwd(nn.ConvTranspose1d(3, 4, 3), seq))
C("conv_transpose2d", lambda: fwd(nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1), img))
C("conv_transpose2d_groups", lambda: fwd(nn.ConvTranspose2d(4, 4, 3, groups=2, bias=False, dilation=2), img4))
C("conv_transpose2d_output_size", lambda: (lambda m: [m, m(img, output_size=[16, 16])])(nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1)))
C("avgpool1d", lambda: fwd(nn.AvgPool1d(2), seq))
C("avgpool1d_positional", lambda: fwd(nn.AvgPool1d(3, 2, 1, True, False), seq))
C("adaptive_avgpool1d", lambda: fwd(nn.AdaptiveAvgPool1d(4), seq))
C("adaptive_maxpool1d", lambda: fwd(nn.AdaptiveMaxPool1d(4), seq))
C("adaptive_maxpool2d", lambda: fwd(nn.AdaptiveMaxPool2d((2, 2)), img))
C("adaptive_maxpool2d_indices", lambda: fwd(nn.AdaptiveMaxPool2d(2, return_indices=True), img))
C("instancenorm1d", lambda: fwd(nn.InstanceNorm1d(3), seq))
C("instancenorm2d_affine", lambda: fwd(nn.InstanceNorm2d(3, affine=True), img))
C("instancenorm2d_running", lambda: fwd(nn.InstanceNorm2d(3, track_running_stats=True), img))
C("instancenorm2d_running_eval", lambda: fwd(nn.InstanceNorm2d(3, momentum=0.5, track_running_stats=True).eval(), img))
C("upsample", lambda: fwd(nn.Upsample(scale_factor=2), img))
C("upsample_bilinear", lambda: fwd(nn.Upsample(size=(4, 5), mode="bilinear", align_corners=False), img))
C("upsample_bilinear_scale", lambda: fwd(nn.Upsample(scale_factor=1.5, mode="bilinear"), img))
C("zero_pad2d", lambda: fwd(nn.ZeroPad2d(2), img))
C("zero_pad2d_tuple", lambda: fwd(nn.ZeroPad2d((1, 2, 3, 4)), img))
C("constant_pad1d", lambda: fwd(nn.ConstantPad1d(2, 3.5), seq))
C("constant_pad2d", lambda: fwd(nn.ConstantPad2d((1, 2, 3, 4), 0), img))
C("reflection_pad1d", lambda: fwd(nn.ReflectionPad1d(2), seq))
C("reflection_pad2d", lambda: fwd(nn.ReflectionPad2d(1), img))
C("replication_pad1d", lambda: fwd(nn.ReplicationPad1d((1, 2)), seq))
C("replication_pad2d", lambda: fwd(nn.ReplicationPad2d(2), img))
C("cosine_similarity_module", lambda: fwd(nn.CosineSimilarity(dim=0, eps=1e-6), x, y))
C("pairwise_distance_module", lambda: fwd(nn.PairwiseDistance(1, keepdim=True), x, y))
C("pixel_shuffle", lambda: fwd(nn.PixelShuffle(2), img4))
C("pixel_unshuffle", lambda: fwd(nn.PixelUnshuffle(2), img4))
C("kl_div_loss", lambda: fwd(nn.KLDivLoss(reduction="batchmean"), x.log_softmax(1), probs.softmax(1)))
C("kl_div_loss_log_target", lambda: fwd(nn.KLDivLoss(reduction="sum", log_target=True), x.log_softmax(1), y.log_softmax(1)))
C("margin_ranking_loss", lambda: fwd(nn.MarginRankingLoss(0.1), x[:, 0], y[:, 0], signs))
C("hinge_embedding_loss", lambda: fwd(nn.HingeEmbeddingLoss(margin=0.5), x[:, 0], signs))
C("cosine_embedding_loss", lambda: fwd(nn.CosineEmbeddingLoss(margin=0.1), x, y, signs))
C("soft_margin_loss", lambda: fwd(nn.SoftMarginLoss(), x[:, 0], signs))
C("multilabel_margin_loss", lambda: fwd(nn.MultiLabelMarginLoss(), x, multi))
C("triplet_margin_loss", lambda: fwd(nn.TripletMarginLoss(margin=0.5, p=1), x, y, x2.repeat(1, 2)[:, :5]))
C("poisson_nll_loss", lambda: fwd(nn.PoissonNLLLoss(), x, pos))
C("gaussian_nll_loss", lambda: fwd(nn.GaussianNLLLoss(full=True), x, y, pos))
C("multilabel_soft_margin_loss", lambda: fwd(nn.MultiLabelSoftMarginLoss(weight=cw), x, bits))
C("multi_margin_loss", lambda: fwd(nn.MultiMarginLoss(p=2, margin=0.5), x, labels))
C("F_relu_", lambda: F.relu_(x.clone()))
C("F_selu_", lambda: F.selu_(x.clone()))
C("F_elu_", lambda: F.elu_(x.clone(), alpha=0.5))
C("F_celu_", lambda: F.celu_(x.clone(), 0.5))
C("F_leaky_relu_", lambda: F.leaky_relu_(x.clone(), 0.2))
C("F_hardtanh_", lambda: F.hardtanh_(x.clone(), min_val=-0.5, max_val=0.5))
C("F_threshold_", lambda: F.threshold_(x.clone(), 0.1, 20.0))
C("F_rrelu_", lambda: F.rrelu_(x.clone(), 0.1, 0.3, training=True))
C("F_pixel_shuffle", lambda: F.pixel_shuffle(img4, 2))
C("F_pixel_unshuffle", lambda: F.pixel_unshuffle(img4, downscale_factor=2))

C("sequential", lambda: fwd(nn.Sequential(nn.Linear(5, 3), nn.ReLU(), nn.Linear(3, 2)), x))
C("sequential_dict", lambda: fwd(nn.Sequential(collections.OrderedDict([("fc", nn.Linear(5, 3)), ("act", nn.Tanh())])), x))
C("sequential_index", lambda: (lambda s: [s[0], s[-1], s[:-1], len(s)])(nn.Sequential(nn.Linear(5, 3), nn.ReLU(), nn.Linear(3, 2))))
C("module_list", lambda: nn.ModuleList([nn.Linear(5, 3), nn.ReLU()]))
C("module_list_named", lambda: nn.ModuleList(modules=[nn.Linear(5, 3)]))
C("module_list_append", lambda: (lambda ml: (ml.append(nn.Linear(2, 2)), ml.extend([nn.ReLU()]), ml)[-1])(nn.ModuleList()))
C("module_dict", lambda: nn.ModuleDict({"fc": nn.Linear(5, 3), "act": nn.ReLU()}))
C("module_dict_named", lambda: nn.ModuleDict(modules={"fc": nn.Linear(5, 3)}))
C("parameter", lambda: nn.Parameter(x3))
C("parameter_frozen", lambda: nn.Parameter(x3, requires_grad=False))
C("parameter_repr", lambda: repr(nn.Parameter(torch.tensor([1.0, 2.0]))))


# ---- Module methods -----------------------------------------------------------------------
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(5, 4)
        self.bn = nn.BatchNorm1d(4)
        self.block = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
        self.head = nn.Linear(3, 2, bias=False)

    def forward(self, v):
        return self.head(self.block(self.bn(self.fc1(v))))


def names(it):
    return [n for n, _ in it]


C("named_parameters", lambda: names(Net().named_parameters()))
C("named_parameters_prefix", lambda: names(Net().named_parameters(prefix="net")))
C("named_parameters_norecurse", lambda: names(Net().fc1.named_parameters("fc1", False)))
C("named_parameters_recurse_kw", lambda: names(Net().named_parameters(recurse=False)))
C("parameters_count", lambda: len(list(Net().parameters())))
C("parameters_norecurse", lambda: len(list(Net().parameters(recurse=False))))
C("parameters_numel", lambda: sum(p.numel() for p in Net().parameters() if p.requires_grad))
C("named_buffers", lambda: names(Net().named_buffers()))
C("buffers_count", lambda: len(list(Net().buffers())))
C("named_modules", lambda: names(Net().named_modules()))
C("named_modules_prefix", lambda: names(Net().named_modules(prefix="net")))
C("named_children", lambda: names(Net().named_children()))
C("modules_count", lambda: len(list(Net().modules())))
C("children_count", lambda: len(list(Net().children())))
C("state_dict", lambda: Net().state_dict())
C("state_dict_keys", lambda: list(Net().state_dict().keys()))
C("state_dict_prefix", lambda: list(Net().state_dict(prefix="model.").keys()))
C("state_dict_keep_vars", lambda: [t.requires_grad for t in Net().state_dict(keep_vars=True).values()])
C("net", lambda: fwd(Net(), x))
C("net_eval", lambda: fwd(Net().eval(), x))
C("net_train_false", lambda: (lambda n: [n.train(False), n.bn.training, n.block[0].training])(Net()))
C("net_train_kw", lambda: (lambda n: [n.train(mode=False).training, n.train().training, n.bn.training])(Net()))
C("net_float64", lambda: (lambda n: [n, n.fc1.weight.dtype == torch.float64, n.bn.num_batches_tracked.dtype == torch.int64])(Net().to(torch.float64)))
C("net_to_device_dtype", lambda: Net().to("cpu", torch.float64))
C("net_to_kw", lambda: Net().to(dtype=torch.float64))
C("net_to_tensor", lambda: Net().to(x.double()))
C("net_double", lambda: Net().double())
C("net_requires_grad_", lambda: [p.requires_grad for p in Net().requires_grad_(False).parameters()])


def _load():
    a, b = Net(), Net()
    b.load_state_dict(a.state_dict())
    return b


def _load_nonstrict():
    a = Net()
    sd = a.state_dict()
    del sd["head.weight"]
    sd["extra"] = torch.zeros(1)
    r = Net().load_state_dict(sd, strict=False)
    return [r.missing_keys, r.unexpected_keys]


C("load_state_dict", _load)
C("load_state_dict_nonstrict", _load_nonstrict)


def _zero_grad(**kw):
    n = Net()
    n(x).sum().backward()
    n.zero_grad(**kw)
    return [p.grad for p in n.parameters()]


C("zero_grad_default", lambda: _zero_grad())
C("zero_grad_keep", lambda: _zero_grad(set_to_none=False))
C("zero_grad_none", lambda: [g is None for g in _zero_grad(set_to_none=True)])


def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            m.bias.data.fill_(0.01)


C("apply_init", lambda: Net().apply(init_weights))


def _kaiming_apply():
    def init(m):
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                nn.init.constant_(m.bias, 0)
        elif isinstance(m, nn.BatchNorm1d):
            nn.init.constant_(m.weight, 1)
            nn.init.constant_(m.bias, 0)
    n = Net()
    n.apply(init)
    return n


C("apply_kaiming", _kaiming_apply)


class WithBuffers(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.register_buffer("mask", torch.ones(2))
        self.register_buffer("cache", torch.zeros(3), persistent=False)
        self.register_buffer("nothing", None)
        self.register_parameter("scale", nn.Parameter(torch.ones(1)))


C("register_buffer", lambda: [list(WithBuffers().state_dict().keys()), names(WithBuffers().named_buffers())])
C("register_parameter", lambda: names(WithBuffers().named_parameters()))


def _hooks():
    lin = nn.Linear(5, 3)
    seen = []
    h = lin.register_forward_hook(lambda m, inp, out: out * 2)
    lin.register_forward_pre_hook(lambda m, inp: seen.append(inp[0].shape[0]))
    a = lin(x)
    h.remove()
    return [a, lin(x), seen]


C("forward_hooks", _hooks)
C("add_module", lambda: (lambda m: (m.add_module("fc", nn.Linear(2, 3)), m.register_module("act", nn.ReLU()), m)[-1])(nn.Sequential()))
C("get_submodule", lambda: Net().get_submodule("block.0"))
C("get_parameter", lambda: Net().get_parameter("block.0.bias"))
C("get_buffer", lambda: Net().get_buffer("bn.running_var"))


# ---- nn.functional ------------------------------------------------------------------------
C("F_linear", lambda: F.linear(x, w_lin, b3))
C("F_linear_nobias", lambda: F.linear(x, w_lin))
C("F_bilinear", lambda: F.bilinear(x, x2, torch.ones(3, 5, 4) * 0.1, b3))
C("F_relu", lambda: F.relu(x))
C("F_relu_inplace", lambda: F.relu(x.clone(), inplace=True))
C("F_relu6", lambda: F.relu6(x * 4))
C("F_elu", lambda: F.elu(x, alpha=0.5))
C("F_selu", lambda: F.selu(x))
C("F_celu", lambda: F.celu(x, 0.5))
C("F_leaky_relu", lambda: F.leaky_relu(x, negative_slope=0.2))
C("F_leaky_relu_pos", lambda: F.leaky_relu(x, 0.2, False))
C("F_prelu", lambda: F.prelu(x, torch.tensor([0.25])))
C("F_rrelu", lambda: F.rrelu(x, 0.1, 0.3))
C("F_rrelu_train", lambda: F.rrelu(x, lower=0.1, upper=0.3, training=True))
C("F_gelu", lambda: F.gelu(x))
C("F_gelu_tanh", lambda: F.gelu(x, approximate="tanh"))
C("F_silu", lambda: F.silu(x))
C("F_mish", lambda: F.mish(x))
C("F_hardswish", lambda: F.hardswish(x * 3))
C("F_hardsigmoid", lambda: F.hardsigmoid(x * 3))
C("F_hardtanh", lambda: F.hardtanh(x, -0.5, 0.5))
C("F_hardtanh_kw", lambda: F.hardtanh(x, min_val=-0.5, max_val=0.5))
C("F_threshold", lambda: F.threshold(x, 0.1, 20.0))
C("F_softplus", lambda: F.softplus(x, beta=2, threshold=1))
C("F_hardshrink", lambda: F.hardshrink(x, 0.5))
C("F_softshrink", lambda: F.softshrink(x, lambd=0.5))
C("F_tanhshrink", lambda: F.tanhshrink(x))
C("F_softsign", lambda: F.softsign(x))
C("F_logsigmoid", lambda: F.logsigmoid(x))
C("F_sigmoid", lambda: torch.sigmoid(x))
C("F_glu", lambda: F.glu(x2, dim=1))
C("F_softmax", lambda: F.softmax(x, dim=1))
C("F_softmax_dtype", lambda: F.softmax(x, dim=1, dtype=torch.float64))
C("F_log_softmax", lambda: F.log_softmax(x, 1))
C("F_softmin", lambda: F.softmin(x, dim=0))
C("F_gumbel_softmax", lambda: F.gumbel_softmax(x, tau=0.5, hard=True))
C("F_normalize", lambda: F.normalize(x, p=2, dim=1))
C("F_normalize_pos", lambda: F.normalize(x, 1, 0))
C("F_cosine_similarity", lambda: F.cosine_similarity(x, y, dim=1))
C("F_pairwise_distance", lambda: F.pairwise_distance(x, y, p=1.0, keepdim=True))
C("F_pdist", lambda: F.pdist(x, p=2))
C("F_one_hot", lambda: F.one_hot(labels, num_classes=6))
C("F_one_hot_infer", lambda: F.one_hot(labels))
C("F_dropout", lambda: F.dropout(x, p=0.3, training=True))
C("F_dropout_eval", lambda: F.dropout(x, 0.3, False))
C("F_dropout2d", lambda: F.dropout2d(img, 0.5))
C("F_alpha_dropout", lambda: F.alpha_dropout(x, p=0.2, training=True))
C("F_batch_norm", lambda: F.batch_norm(x, torch.zeros(5), torch.ones(5), training=True, momentum=0.2))
C("F_batch_norm_eval", lambda: F.batch_norm(x, cw, cw, cw, b4.new_ones(5)))
C("F_layer_norm", lambda: F.layer_norm(x, (5,), eps=1e-6))
C("F_layer_norm_affine", lambda: F.layer_norm(x, [5], cw, cw))
C("F_group_norm", lambda: F.group_norm(img4, 2, eps=1e-3))
C("F_instance_norm", lambda: F.instance_norm(img4, eps=1e-3))
C("F_conv2d", lambda: F.conv2d(img, w_conv, b4, 1, 1))
C("F_conv2d_kw", lambda: F.conv2d(img, w_conv, bias=b4, stride=2, padding=1))
C("F_conv2d_same", lambda: F.conv2d(img, w_conv, padding="same"))
C("F_conv1d", lambda: F.conv1d(seq, w_conv[:, :, 0], stride=2))
C("F_conv_transpose2d", lambda: F.conv_transpose2d(img4, w_conv, stride=2, padding=1, output_padding=1))
C("F_max_pool2d", lambda: F.max_pool2d(img, 2))
C("F_max_pool2d_kw", lambda: F.max_pool2d(img, kernel_size=2, stride=2))
C("F_max_pool2d_pos", lambda: F.max_pool2d(img, 3, 2, 1))
C("F_max_pool2d_indices", lambda: F.max_pool2d(img, 2, return_indices=True))
C("F_max_pool1d", lambda: F.max_pool1d(seq, kernel_size=3, stride=2, ceil_mode=True))
C("F_avg_pool2d", lambda: F.avg_pool2d(img, 2))
C("F_avg_pool2d_kw", lambda: F.avg_pool2d(img, kernel_size=3, stride=2, padding=1, count_include_pad=False))
C("F_avg_pool1d", lambda: F.avg_pool1d(seq, 2))
C("F_adaptive_avg_pool2d", lambda: F.adaptive_avg_pool2d(img, (1, 1)))
C("F_adaptive_avg_pool2d_kw", lambda: F.adaptive_avg_pool2d(img, output_size=3))
C("F_adaptive_max_pool2d", lambda: F.adaptive_max_pool2d(img, 2))
C("F_adaptive_max_pool2d_indices", lambda: F.adaptive_max_pool2d(img, 2, return_indices=True))
C("F_adaptive_avg_pool1d", lambda: F.adaptive_avg_pool1d(seq, 4))
C("F_embedding", lambda: F.embedding(tokens, emb))
C("F_embedding_padding", lambda: F.embedding(tokens, emb, padding_idx=0))
C("F_pad", lambda: F.pad(img, (1, 1, 2, 0)))
C("F_pad_reflect", lambda: F.pad(img, (1, 1, 1, 1), mode="reflect"))
C("F_pad_value", lambda: F.pad(x, [1, 2], "constant", 0.5))
C("F_interpolate", lambda: F.interpolate(img, scale_factor=2, mode="nearest"))
C("F_interpolate_bilinear", lambda: F.interpolate(img, size=(5, 6), mode="bilinear", align_corners=False))
C("F_interpolate_pos", lambda: F.interpolate(img, (4, 4)))
C("F_cross_entropy", lambda: F.cross_entropy(x, labels))
C("F_cross_entropy_kw", lambda: F.cross_entropy(x, labels, weight=cw, reduction="sum", label_smoothing=0.1))
C("F_cross_entropy_ignore", lambda: F.cross_entropy(x, labels, ignore_index=0))
C("F_nll_loss", lambda: F.nll_loss(F.log_softmax(x, dim=1), labels))
C("F_nll_loss_none", lambda: F.nll_loss(x.log_softmax(1), labels, reduction="none"))
C("F_binary_cross_entropy", lambda: F.binary_cross_entropy(probs, bits))
C("F_binary_cross_entropy_weight", lambda: F.binary_cross_entropy(probs, bits, cw, reduction="sum"))
C("F_bce_with_logits", lambda: F.binary_cross_entropy_with_logits(x, bits, pos_weight=cw))
C("F_mse_loss", lambda: F.mse_loss(x, y))
C("F_mse_loss_sum", lambda: F.mse_loss(x, y, reduction="sum"))
C("F_l1_loss", lambda: F.l1_loss(x, y, reduction="none"))
C("F_smooth_l1_loss", lambda: F.smooth_l1_loss(x, y, beta=0.5))
C("F_huber_loss", lambda: F.huber_loss(x, y, delta=0.5))
C("F_kl_div", lambda: F.kl_div(F.log_softmax(x, dim=1), probs.softmax(1), reduction="batchmean"))
C("F_kl_div_log_target", lambda: F.kl_div(x.log_softmax(1), y.log_softmax(1), reduction="sum", log_target=True))
C("F_margin_ranking_loss", lambda: F.margin_ranking_loss(x[:, 0], y[:, 0], signs, margin=0.1))
C("F_hinge_embedding_loss", lambda: F.hinge_embedding_loss(x[:, 0], signs, margin=0.5))
C("F_soft_margin_loss", lambda: F.soft_margin_loss(x[:, 0], signs))
C("F_triplet_margin_loss", lambda: F.triplet_margin_loss(x, y, x2.repeat(1, 2)[:, :5], margin=0.5, p=1))
C("F_cosine_embedding_loss", lambda: F.cosine_embedding_loss(x, y, signs, margin=0.1))
C("F_poisson_nll_loss", lambda: F.poisson_nll_loss(x, pos, log_input=True))
C("F_gaussian_nll_loss", lambda: F.gaussian_nll_loss(x, y, pos, full=True))
C("F_multilabel_soft_margin_loss", lambda: F.multilabel_soft_margin_loss(x, bits))
C("F_multi_margin_loss", lambda: F.multi_margin_loss(x, labels, p=2, margin=0.5))
C("F_multilabel_margin_loss", lambda: F.multilabel_margin_loss(x, multi))


# ---- nn.init ------------------------------------------------------------------------------
def W(*shape):
    return torch.empty(*shape)


C("init_uniform", lambda: nn.init.uniform_(W(3, 5), -0.1, 0.1))
C("init_uniform_default", lambda: nn.init.uniform_(W(3, 5)))
C("init_normal", lambda: nn.init.normal_(W(3, 5), mean=0.0, std=0.02))
C("init_normal_pos", lambda: nn.init.normal_(W(3, 5), 1.0, 0.5))
C("init_trunc_normal", lambda: nn.init.trunc_normal_(W(3, 5), std=0.02))
C("init_trunc_normal_ab", lambda: nn.init.trunc_normal_(W(3, 5), 0.0, 1.0, -0.5, 0.5))
C("init_constant", lambda: nn.init.constant_(W(3, 5), 0.3))
C("init_ones", lambda: nn.init.ones_(W(3, 5)))
C("init_zeros", lambda: nn.init.zeros_(W(3, 5)))
C("init_eye", lambda: nn.init.eye_(W(3, 5)))
C("init_dirac", lambda: nn.init.dirac_(W(4, 2, 3), groups=2))
C("init_xavier_uniform", lambda: nn.init.xavier_uniform_(W(3, 5)))
C("init_xavier_uniform_gain", lambda: nn.init.xavier_uniform_(W(3, 5), gain=nn.init.calculate_gain("relu")))
C("init_xavier_normal", lambda: nn.init.xavier_normal_(W(3, 5), 2.0))
C("init_kaiming_uniform", lambda: nn.init.kaiming_uniform_(W(3, 5), a=0.2, mode="fan_in", nonlinearity="leaky_relu"))
C("init_kaiming_uniform_sqrt5", lambda: nn.init.kaiming_uniform_(W(3, 5), a=math.sqrt(5)))
C("init_kaiming_normal", lambda: nn.init.kaiming_normal_(W(4, 3, 3, 3), mode="fan_out", nonlinearity="relu"))
C("init_kaiming_normal_pos", lambda: nn.init.kaiming_normal_(W(3, 5), 0, "fan_in", "relu"))
C("init_orthogonal", lambda: nn.init.orthogonal_(W(3, 5), gain=2.0))
C("init_sparse", lambda: nn.init.sparse_(W(6, 4), sparsity=0.5, std=0.1))
C("calculate_gain", lambda: nn.init.calculate_gain("leaky_relu", 0.2))
C("calculate_gain_tanh", lambda: nn.init.calculate_gain("tanh"))
C("fan_in_out", lambda: list(nn.init._calculate_fan_in_and_fan_out(W(4, 3, 3, 3))))
C("init_param_no_grad", lambda: (lambda lin: [nn.init.normal_(lin.weight, std=0.02).requires_grad, nn.init.zeros_(lin.bias), lin])(nn.Linear(5, 3)))


if __name__ == "__main__":
    CASES.write("porting_nn", INPUTS)
