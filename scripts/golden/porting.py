#!/usr/bin/python3
"""Golden values for test/porting_rules.test.ts: common PyTorch calls, written the way
training code and tutorials write them (keyword arguments included).

Run with Debian's interpreter (python3-torch 1.13):

    /usr/bin/python3 scripts/golden/porting.py      (or: npm run golden -- porting)

Writes test/golden/porting.json: {"torch_version", "inputs": {name: tensor}, "cases": {name: out}}.
The TS test loads the same inputs, runs each case's literal ports (positional and named
forms) and compares with `out`. torch.manual_seed(0) runs before every case (random streams).

Cases are encode.result values (scripts/golden/encode.py).
"""

import torch

from literal import Cases

torch.manual_seed(1234)
x = torch.randn(4, 5)
y = torch.randn(4, 5)
x3 = torch.randn(2, 3, 4)
v = torch.randn(5)
a = torch.randn(3, 4)
b = torch.randn(4, 2)
bx = torch.randn(2, 3, 4)
by = torch.randn(2, 4, 2)
img = torch.randn(2, 1, 4, 4)
pos = torch.rand(4, 5) + 0.5
idx = torch.tensor([[0, 1], [2, 3], [4, 0], [1, 1]])
sel = torch.tensor([0, 2])
ints = torch.tensor([3, 1, 2, 3, 0, 1])
labels = torch.tensor([1, 0, 4, 2])
INPUTS = dict(x=x, y=y, x3=x3, v=v, a=a, b=b, bx=bx, by=by, img=img, pos=pos, idx=idx, sel=sel, ints=ints, labels=labels)

CASES = Cases()
case = CASES.case
C = CASES.add


# ---- reductions
C("sum_all", lambda: x.sum())
C("sum_dim_keepdim", lambda: x.sum(dim=1, keepdim=True))
C("sum_dims", lambda: x3.sum(dim=(0, 2)))
C("sum_dim_dtype", lambda: x.sum(1, dtype=torch.float64))
C("sum_all_dtype", lambda: x.sum(dtype=torch.float64))
C("mean_dims", lambda: x3.mean(dim=[1, 2]))
C("mean_dim0", lambda: x.mean(0))
C("mean_keepdim", lambda: x.mean(dim=1, keepdim=True))
C("std_dim_unbiased", lambda: x.std(dim=1, unbiased=False))
C("std_unbiased", lambda: x.std(unbiased=False))
C("std_all", lambda: x.std())
C("std_correction", lambda: x.std(1, correction=0))
C("var_dim_keepdim", lambda: x.var(dim=0, keepdim=True))
C("var_all", lambda: x.var())
C("prod_dim", lambda: x.prod(dim=1))
C("max_all", lambda: x.max())
C("max_dim", lambda: x.max(dim=1))
C("max_dim_keepdim", lambda: x.max(1, keepdim=True))
C("max_values", lambda: x.max(dim=1).values)
C("max_indices", lambda: x.max(1)[1])
C("max_binary", lambda: torch.max(x, y))
C("min_dim", lambda: x.min(dim=0))
C("min_binary", lambda: torch.min(x, y))
C("argmax_dim", lambda: x.argmax(dim=1))
C("argmax_all", lambda: x.argmax())
C("argmax_keepdim", lambda: x.argmax(dim=1, keepdim=True))
C("argmin_dim", lambda: x.argmin(0))
C("median_dim", lambda: x.median(dim=1))
C("median_all", lambda: x.median())
C("logsumexp", lambda: x.logsumexp(dim=1))
C("all_dim", lambda: (x > 0).all(dim=1))
C("any_all", lambda: (x > 0).any())
C("amax_dims", lambda: x3.amax(dim=(1, 2)))
C("norm_p2_dim_keepdim", lambda: x.norm(p=2, dim=1, keepdim=True))
C("norm_all", lambda: x.norm())
C("norm_dim", lambda: x.norm(dim=1))
C("norm_p1", lambda: x.norm(1))
C("cumsum", lambda: x.cumsum(dim=0))
C("cumsum_dtype", lambda: x.cumsum(1, dtype=torch.float64))
C("cumprod", lambda: x.cumprod(1))
C("count_nonzero", lambda: (x > 0).count_nonzero(dim=1))
C("std_mean", lambda: torch.std_mean(x, dim=1))
C("accuracy", lambda: (x.argmax(1) == labels).float().mean())
C("correct_count", lambda: (x.argmax(dim=1) == labels).sum().item())

# ---- sorting
C("topk", lambda: x.topk(3, dim=1))
C("topk_smallest", lambda: x.topk(2, largest=False))
C("topk_indices", lambda: x.topk(3).indices)
C("sort_desc", lambda: x.sort(dim=1, descending=True))
C("sort_default", lambda: x.sort())
C("sort_values", lambda: x.sort(0).values)
C("argsort", lambda: x.argsort(dim=1, descending=True))
C("kthvalue", lambda: x.kthvalue(2, dim=1))

# ---- joining and splitting
C("cat_dim1", lambda: torch.cat([x, y], dim=1))
C("cat_default", lambda: torch.cat((x, y)))
C("stack_dim0", lambda: torch.stack([x, y], dim=0))
C("stack_dim1", lambda: torch.stack([x, y], 1))
C("chunk_last", lambda: x.chunk(2, dim=-1))
C("split_int", lambda: x.split(2, dim=1))
C("split_sizes", lambda: x.split([2, 3], dim=1))
C("unbind", lambda: x.unbind(1))

# ---- shapes
C("transpose", lambda: x.transpose(0, 1))
C("permute", lambda: x3.permute(2, 0, 1))
C("view", lambda: img.view(-1, 16))
C("view_size0", lambda: img.view(img.size(0), -1))
C("reshape", lambda: x3.reshape(2, -1))
C("flatten_start1", lambda: img.flatten(start_dim=1))
C("flatten_all", lambda: img.flatten())
C("flatten_range", lambda: img.flatten(1, 2))
C("unflatten", lambda: x.unflatten(1, (5, 1)))
C("unsqueeze", lambda: x.unsqueeze(dim=1))
C("squeeze_dim", lambda: img.squeeze(1))
C("squeeze_all", lambda: img.squeeze())
C("repeat_interleave", lambda: v.repeat_interleave(3, dim=0))
C("repeat_interleave_tensor", lambda: ints.repeat_interleave(torch.tensor([1, 2, 1, 0, 1, 2])))
C("expand", lambda: v.expand(3, -1))
C("expand_as", lambda: v.expand_as(x))
C("repeat", lambda: x.repeat(1, 2))
C("tile", lambda: x.tile(2, 1))
C("flip", lambda: x.flip(0))
C("flip_01", lambda: x.flip(0, 1))
C("roll", lambda: x.roll(1, dims=0))
C("narrow", lambda: x.narrow(0, 1, 2))
C("select", lambda: x.select(1, 2))
C("t", lambda: x.t())
C("mT", lambda: x3.mT)
C("contiguous", lambda: x.t().contiguous().is_contiguous())
C("channels_last", lambda: [list(img.to(memory_format=torch.channels_last).stride()), img.to(memory_format=torch.channels_last).is_contiguous(memory_format=torch.channels_last)])
C("broadcast_to", lambda: v.broadcast_to((3, 5)))
C("index_rows", lambda: x[sel])
C("index_col", lambda: x[:, 1])
C("index_mask", lambda: x[x > 0])
C("index_slice", lambda: x3[..., 1:3])

# ---- clamping
C("clamp_min_max", lambda: x.clamp(min=0, max=1))
C("clamp_min", lambda: x.clamp(min=0))
C("clamp_max", lambda: x.clamp(max=0.5))
C("clamp_pos", lambda: torch.clamp(x, 0, 2))
C("clamp_inplace", lambda: x.clone().clamp_(min=0))
C("clamp_tensor", lambda: x.clamp(min=y))
C("clip", lambda: x.clip(-0.5, 0.5))

# ---- element-wise
C("round_decimals", lambda: x.round(decimals=1))
C("round", lambda: x.round())
C("pow2", lambda: x.pow(2))
C("pow_scalar_base", lambda: torch.pow(2, x))
C("pow_tensor", lambda: pos.pow(y))
C("exp", lambda: x.exp())
C("abs_", lambda: x.clone().abs_())
C("mul_", lambda: x.clone().mul_(2))
C("mul_scalar_first", lambda: torch.mul(2, x))
C("add_alpha", lambda: x.add(y, alpha=2))
C("add_inplace_alpha", lambda: x.clone().add_(y, alpha=2))
C("sub_alpha", lambda: x.sub(y, alpha=0.5))
C("rsub", lambda: 1 - x)
C("lerp", lambda: x.lerp(y, 0.5))
C("div_floor", lambda: x.div(y, rounding_mode="floor"))
C("div_scalar", lambda: x.div(2))
C("floor_divide", lambda: ints.floor_divide(2))
C("remainder", lambda: ints.remainder(2))
C("eq", lambda: x.gt(0).eq(y.gt(0)))
C("eq_sum", lambda: (x.gt(0) == y.gt(0)).sum())
C("matmul", lambda: torch.matmul(a, b))
C("bmm", lambda: torch.bmm(bx, by))
C("mv", lambda: a.mv(b[:, 0]))
C("einsum", lambda: torch.einsum("ij,jk->ik", a, b))
C("einsum_batch", lambda: torch.einsum("bij,bjk->bik", bx, by))
C("softmax", lambda: x.softmax(dim=-1))
C("softmax_dtype", lambda: x.softmax(-1, dtype=torch.float64))
C("log_softmax", lambda: x.log_softmax(-1))
C("sigmoid", lambda: x.sigmoid())
C("tanh", lambda: torch.tanh(x))
C("relu", lambda: torch.relu(x))
C("sqrt", lambda: pos.sqrt())
C("neg", lambda: -x)
C("logical_not", lambda: ~(x > 0))
C("maximum", lambda: torch.maximum(x, y))
C("outer", lambda: torch.outer(v, v))
C("allclose_true", lambda: torch.allclose(x, x + 1e-7, atol=1e-6))
C("allclose_false", lambda: torch.allclose(x, y))
C("equal", lambda: torch.equal(x, x.clone()))
C("where", lambda: torch.where(x > 0, x, y))
C("where_scalar", lambda: torch.where(x > 0, x, torch.tensor(0.)))
C("where_cond", lambda: torch.where(x > 0))
C("masked_fill", lambda: x.masked_fill(x > 0, 0))
C("masked_fill_inf", lambda: x.masked_fill(x > 0, float("-inf")))
C("masked_fill_", lambda: x.clone().masked_fill_(x > 0, 1.5))
C("gather", lambda: x.gather(1, idx))
C("scatter_value", lambda: torch.zeros(4, 5).scatter_(1, idx, 1.0))
C("scatter_src", lambda: torch.zeros(4, 5).scatter(1, idx, x[:, :2]))
C("scatter_add", lambda: torch.zeros(4, 5).scatter_add(1, idx, x[:, :2]))
C("index_select", lambda: x.index_select(0, sel))
C("masked_select", lambda: x.masked_select(x > 0))
C("nonzero", lambda: (x > 0).nonzero())
C("nonzero_tuple", lambda: (x > 0).nonzero(as_tuple=True))
C("index_put_", lambda: x.clone().index_put_((sel,), torch.tensor(1.), accumulate=True))
C("diff", lambda: x.diff(dim=0))
C("tril", lambda: x.tril(1))
C("triu", lambda: x.triu(diagonal=-1))
C("unique", lambda: torch.unique(ints))
C("unique_counts", lambda: torch.unique(ints, return_counts=True))
C("unique_inverse", lambda: torch.unique(ints, sorted=True, return_inverse=True))
C("cdist", lambda: torch.cdist(a, a))
C("cdist_p1", lambda: torch.cdist(a, a, p=1))
C("tensordot", lambda: torch.tensordot(a, b, dims=1))
C("tensordot_lists", lambda: torch.tensordot(a, b, dims=([1], [0])))
C("cosine_similarity", lambda: torch.cosine_similarity(x, y, dim=1))
C("swapaxes", lambda: x.swapaxes(0, 1))
C("fill_", lambda: x.clone().fill_(2.5))
C("zero_", lambda: x.clone().zero_())
C("copy_", lambda: torch.zeros(4, 5).copy_(x))

# ---- conversion and properties
C("to_float64", lambda: x.to(torch.float64))
C("to_cpu", lambda: x.to("cpu"))
C("to_other", lambda: ints.to(x))
C("type_str", lambda: x.type())
C("type_str_long", lambda: ints.type())
C("type_dtype", lambda: x.type(torch.float64))
C("type_name", lambda: x.type("torch.DoubleTensor"))
C("float", lambda: ints.float())
C("long", lambda: x.long())
C("int", lambda: x.int())
C("bool", lambda: x.bool())
C("tolist", lambda: ints.tolist())
C("item", lambda: x.sum().item())
C("item_int", lambda: ints.sum().item())
C("item_accumulate", lambda: x.sum().item() + y.sum().item())
C("detach_clone", lambda: x.detach().clone())
C("numel", lambda: x3.numel())
C("dim", lambda: x3.dim())
C("size0", lambda: x3.size(0))
C("size_last", lambda: x3.size(-1))
C("shape", lambda: list(x3.shape))
C("ndim", lambda: x3.ndim)
C("stride0", lambda: x3.stride(0))
C("new_zeros", lambda: x.new_zeros(2, 3))
C("new_zeros_dtype", lambda: x.new_zeros((2, 3), dtype=torch.int64))
C("new_ones", lambda: x.new_ones(2, 3))
C("new_full", lambda: x.new_full((2, 3), 7.5))
C("new_tensor", lambda: x.new_tensor([1, 2]))
C("is_floating_point", lambda: torch.is_floating_point(x))

C("legacy_float", lambda: torch.FloatTensor([1, 2]))
C("legacy_long", lambda: torch.LongTensor([[1, 2], [3, 4]]))
C("legacy_sizes", lambda: list(torch.FloatTensor(2, 3).shape))
C("type_legacy", lambda: ints.type(torch.DoubleTensor))
C("as_tensor", lambda: torch.as_tensor([1., 2.], dtype=torch.float64))
C("as_tensor_same", lambda: torch.as_tensor(x) is x)
C("linalg_norm", lambda: torch.linalg.norm(x, dim=1))
C("linalg_vector_norm", lambda: torch.linalg.vector_norm(x, ord=1, dim=1))
C("linalg_matrix_norm", lambda: torch.linalg.matrix_norm(a))
C("linalg_inv", lambda: torch.linalg.inv(a @ a.T + torch.eye(3)))
C("linalg_svdvals", lambda: torch.linalg.svd(a).S)
C("linalg_solve", lambda: torch.linalg.solve(a @ a.T + torch.eye(3), a))
C("finfo_eps", lambda: torch.finfo(torch.float32).eps)
C("finfo_default", lambda: torch.finfo().tiny)
C("finfo_max64", lambda: torch.finfo(torch.float64).max)
C("iinfo_max", lambda: torch.iinfo(torch.int32).max)
C("pi", lambda: torch.pi)
C("meshgrid", lambda: torch.meshgrid(v[:2], v[:3], indexing="ij"))
C("isin", lambda: torch.isin(ints, torch.tensor([1, 3])))
C("sum_axis", lambda: x.sum(axis=1, keepdims=True))

# ---- creation
C("zeros_dtype", lambda: torch.zeros(2, 3, dtype=torch.float64))
C("ones", lambda: torch.ones(2, 3))
C("zeros_like_dtype", lambda: torch.zeros_like(x, dtype=torch.int64))
C("ones_like", lambda: torch.ones_like(x))
C("full_like", lambda: torch.full_like(x, 7.5))
C("full", lambda: torch.full((2, 2), 3.5))
C("full_dtype", lambda: torch.full((2, 2), 3.0, dtype=torch.float32))
C("arange_step", lambda: torch.arange(0, 10, 2))
C("arange_end", lambda: torch.arange(5))
C("arange_float", lambda: torch.arange(0, 1, 0.25))
C("arange_dtype", lambda: torch.arange(5, dtype=torch.float32))
C("linspace", lambda: torch.linspace(0, 1, steps=5))
C("logspace", lambda: torch.logspace(0, 2, steps=3))
C("randint", lambda: torch.randint(0, 10, (3,)))
C("randint_high", lambda: torch.randint(10, (3,)))
C("randn_grad", lambda: torch.randn(2, 3, requires_grad=True))
C("randn_list", lambda: torch.randn([2, 3]))
C("rand", lambda: torch.rand(2, 3))
C("randperm", lambda: torch.randperm(5))
C("eye", lambda: torch.eye(3))
C("eye_nm", lambda: torch.eye(2, 3))
C("tensor_float", lambda: torch.tensor([1., 2.], dtype=torch.float32))
C("tensor_grad", lambda: torch.tensor([1., 2.], requires_grad=True))
C("normal_", lambda: torch.empty(3).normal_(mean=0, std=0.02))
C("uniform_", lambda: torch.empty(3).uniform_(-1, 1))
C("normal_fn", lambda: torch.normal(0., 1., size=(2, 2)))
C("multinomial", lambda: torch.multinomial(pos[0], 3, replacement=True))
C("bernoulli", lambda: torch.bernoulli(torch.full((6,), 0.5)))


# ---- autograd
@case("backward_gradient")
def _():
    w = x.clone().requires_grad_()
    out = w * 2
    out.backward(gradient=torch.ones_like(out))
    return w.grad


@case("backward_retain_graph")
def _():
    w = x.clone().requires_grad_()
    out = (w ** 2).sum()
    out.backward(retain_graph=True)
    out.backward()
    return w.grad


@case("grad_create_graph")
def _():
    w = x.clone().requires_grad_()
    out = (w ** 3).sum()
    (g,) = torch.autograd.grad(out, [w], create_graph=True)
    return torch.autograd.grad(g.sum(), w)[0]


@case("grad_outputs")
def _():
    w = x.clone().requires_grad_()
    d = w.sin()
    return torch.autograd.grad(outputs=d, inputs=w, grad_outputs=torch.ones_like(d), create_graph=True, retain_graph=True)[0]


@case("no_grad")
def _():
    w = x.clone().requires_grad_()
    with torch.no_grad():
        out = w * 2
    return out.requires_grad


@case("requires_grad_")
def _():
    return x.clone().requires_grad_().requires_grad


@case("manual_sgd")
def _():
    w = x.clone().requires_grad_()
    loss = (w * w).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
    return [w.detach(), w.grad]


@case("detach_grad")
def _():
    w = x.clone().requires_grad_()
    return (w * 2).detach().requires_grad


if __name__ == "__main__":
    CASES.write("porting", INPUTS)
