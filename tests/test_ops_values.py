"""Forward values, dtypes, shapes and error texts of the ops, recorded from PyTorch 2.13 (CPU).

The expected tuples below were produced by running the same expressions with torch in
/work/refenv; tests/test_differential_torch.py re-checks ops against a live torch.
float32 values are compared with a float32 tolerance (NumPy and ATen round differently).
"""
import math
import warnings

import numpy as np
import pytest

import pyautograd as T

# NumPy floating-point warnings must not leak out of ops (PyTorch is silent)
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def _inputs():
    a = T.tensor([[1.5, -2.0, 3.0], [0.5, 4.0, -1.0]])
    i = T.tensor([3, -7, 2]); j = T.tensor([2, 2, -3]); b = T.tensor([True, False, True])
    u = T.tensor([200, 3, 7], dtype=T.uint8); d = T.tensor([0.25, -1.5, 2.0], dtype=T.float64)
    return dict(T=T, a=a, i=i, j=j, b=b, u=u, d=d)


def _error_inputs():
    x = T.ones(2, 3); v = T.ones(3); i = T.tensor([1, 2]); b = T.tensor([True, False])
    return dict(T=T, x=x, v=v, i=i, b=b)


# (expression, dtype, shape, flat values; None = NaN) or (expression, "error", type, text)
VALUES = [
    ('i / j', 'torch.float32', (3,), [1.5, -3.5, -0.6666666865348816]),
    ('i // j', 'torch.int64', (3,), [1.0, -4.0, -1.0]),
    ('i % j', 'torch.int64', (3,), [1.0, 1.0, -1.0]),
    ('T.fmod(i, j)', 'torch.int64', (3,), [1.0, -1.0, 2.0]),
    ('T.remainder(i, -2)', 'torch.int64', (3,), [-1.0, -1.0, 0.0]),
    ('i * 2.5', 'torch.float32', (3,), [7.5, -17.5, 5.0]),
    ('i + True', 'torch.int64', (3,), [4.0, -6.0, 3.0]),
    ('b + b', 'torch.bool', (3,), [1.0, 0.0, 1.0]),
    ('b * 2', 'torch.int64', (3,), [2.0, 0.0, 2.0]),
    ('b + 1.5', 'torch.float32', (3,), [2.5, 1.5, 2.5]),
    ('u + 100', 'torch.uint8', (3,), [44.0, 103.0, 107.0]),
    ('u * i', 'torch.int64', (3,), [600.0, -21.0, 14.0]),
    ('u - 1', 'torch.uint8', (3,), [199.0, 2.0, 6.0]),
    ('a * 2.5', 'torch.float32', (2, 3), [3.75, -5.0, 7.5, 1.25, 10.0, -2.5]),
    ('a + d', 'torch.float64', (2, 3), [1.75, -3.5, 5.0, 0.75, 2.5, 1.0]),
    ('i + d', 'torch.float64', (3,), [3.25, -8.5, 4.0]),
    ('i + T.tensor(2.5, dtype=T.float64)', 'torch.float64', (3,), [5.5, -4.5, 4.5]),
    ('a + T.tensor(1, dtype=T.int64)', 'torch.float32', (2, 3), [2.5, -1.0, 4.0, 1.5, 5.0, 0.0]),
    ('T.tensor(1.5, dtype=T.float64) * T.tensor(2.0)', 'torch.float64', (), [3.0]),
    ('2 ** i.abs()', 'torch.int64', (3,), [8.0, 128.0, 4.0]),
    ('i ** 2', 'torch.int64', (3,), [9.0, 49.0, 4.0]),
    ('2.0 ** i', 'torch.float32', (3,), [8.0, 0.0078125, 4.0]),
    ('a ** 2', 'torch.float32', (2, 3), [2.25, 4.0, 9.0, 0.25, 16.0, 1.0]),
    ('a.abs() ** 0.5', 'torch.float32', (2, 3), [1.2247449159622192, 1.4142135381698608, 1.7320507764816284, 0.7071067690849304, 2.0, 1.0]),
    ('T.pow(a, 0)', 'torch.float32', (2, 3), [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    ("T.div(i, j, rounding_mode='trunc')", 'torch.int64', (3,), [1.0, -3.0, 0.0]),
    ("T.div(i, j, rounding_mode='floor')", 'torch.int64', (3,), [1.0, -4.0, -1.0]),
    ("T.div(a, 2, rounding_mode='floor')", 'torch.float32', (2, 3), [0.0, -1.0, 1.0, 0.0, 2.0, -1.0]),
    ('T.sqrt(i.abs())', 'torch.float32', (3,), [1.7320507764816284, 2.6457512378692627, 1.4142135381698608]),
    ('T.exp(b)', 'torch.float32', (3,), [2.7182817459106445, 1.0, 2.7182817459106445]),
    ('T.sigmoid(i)', 'torch.float32', (3,), [0.9525741338729858, 0.0009110511746257544, 0.8807970285415649]),
    ('T.tanh(u)', 'torch.float32', (3,), [1.0, 0.9950547814369202, 0.9999983310699463]),
    ('i.sum()', 'torch.int64', (), [-2.0]),
    ('u.sum()', 'torch.int64', (), [210.0]),
    ('b.sum()', 'torch.int64', (), [2.0]),
    ('a.sum(0)', 'torch.float32', (3,), [2.0, 2.0, 2.0]),
    ('a.sum((0, 1), keepdim=True)', 'torch.float32', (1, 1), [6.0]),
    ('i.prod()', 'torch.int64', (), [-42.0]),
    ('a.prod(1)', 'torch.float32', (2,), [-9.0, -2.0]),
    ('a.mean()', 'torch.float32', (), [1.0]),
    ('a.mean(-1, keepdim=True)', 'torch.float32', (2, 1), [0.8333333134651184, 1.1666666269302368]),
    ('a.var()', 'torch.float32', (), [5.300000190734863]),
    ('a.var(1, correction=0)', 'torch.float32', (2,), [4.388888835906982, 4.388888835906982]),
    ('a.std(0)', 'torch.float32', (3,), [0.7071067690849304, 4.242640495300293, 2.8284270763397217]),
    ('a.max()', 'torch.float32', (), [4.0]),
    ('a.max(1).values', 'torch.float32', (2,), [3.0, 4.0]),
    ('a.max(1).indices', 'torch.int64', (2,), [2.0, 1.0]),
    ('a.min(0)[1]', 'torch.int64', (3,), [1.0, 0.0, 1.0]),
    ('i.max()', 'torch.int64', (), [3.0]),
    ('a.amax((0, 1))', 'torch.float32', (), [4.0]),
    ('a.amin(0)', 'torch.float32', (3,), [0.5, -2.0, -1.0]),
    ('a.argmax()', 'torch.int64', (), [4.0]),
    ('a.argmin(1)', 'torch.int64', (2,), [1.0, 2.0]),
    ('a.logsumexp(1)', 'torch.float32', (2,), [3.206907033920288, 4.036269664764404]),
    ('a.norm()', 'torch.float32', (), [5.7008771896362305]),
    ('a.norm(p=1, dim=0)', 'torch.float32', (3,), [2.0, 6.0, 4.0]),
    ("a.norm(float('inf'))", 'torch.float32', (), [4.0]),
    ('T.tensor([3.0, 4.0]).norm()', 'torch.float32', (), [5.0]),
    ('T.zeros(3).norm()', 'torch.float32', (), [0.0]),
    ('a.softmax(1)', 'torch.float32', (2, 3), [0.18142607808113098, 0.0054785930551588535, 0.8130952715873718, 0.02912176214158535, 0.9643803238868713, 0.0064979433082044125]),
    ('a.log_softmax(0)', 'torch.float32', (2, 3), [-0.31326165795326233, -6.002475738525391, -0.018149960786104202, -1.31326162815094, -0.0024756519123911858, -4.0181498527526855]),
    ('i.softmax(0)', 'error', 'NotImplementedError', '"softmax_lastdim_kernel_impl" not implemented for \'Long\''),
    ('a.cumsum(1)', 'torch.float32', (2, 3), [1.5, -0.5, 2.5, 0.5, 4.5, 3.5]),
    ('i.cumsum(0)', 'torch.int64', (3,), [3.0, -4.0, -2.0]),
    ('a.cumprod(0)', 'torch.float32', (2, 3), [1.5, -2.0, 3.0, 0.75, -8.0, -3.0]),
    ('T.clamp(a, -1, 2)', 'torch.float32', (2, 3), [1.5, -1.0, 2.0, 0.5, 2.0, -1.0]),
    ('T.clamp(i, min=0)', 'torch.int64', (3,), [3.0, 0.0, 2.0]),
    ('T.clamp(i, 0.5)', 'torch.float32', (3,), [3.0, 0.5, 2.0]),
    ('T.clamp(a, max=T.tensor([0.0, 1.0, 2.0]))', 'torch.float32', (2, 3), [0.0, -2.0, 2.0, 0.0, 1.0, -1.0]),
    ('T.maximum(a, d.float())', 'torch.float32', (2, 3), [1.5, -1.5, 3.0, 0.5, 4.0, 2.0]),
    ('T.minimum(i, j)', 'torch.int64', (3,), [2.0, -7.0, -3.0]),
    ('T.where(a > 0, a, 0.0)', 'torch.float32', (2, 3), [1.5, 0.0, 3.0, 0.5, 4.0, 0.0]),
    ('T.where(b, i, j)', 'torch.int64', (3,), [3.0, 2.0, 2.0]),
    ('T.where(b, i, 2.5)', 'torch.float32', (3,), [3.0, 2.5, 2.0]),
    ('a.masked_fill(a < 0, -9)', 'torch.float32', (2, 3), [1.5, -9.0, 3.0, 0.5, 4.0, -9.0]),
    ('a @ a.t()', 'torch.float32', (2, 2), [15.25, -10.25, -10.25, 17.25]),
    ('T.matmul(a, d.float())', 'torch.float32', (2,), [9.375, -7.875]),
    ('T.dot(d, d)', 'torch.float64', (), [6.3125]),
    ('T.outer(i, j)', 'torch.int64', (3, 3), [6.0, 6.0, -9.0, -14.0, -14.0, 21.0, 4.0, 4.0, -6.0]),
    ('T.mv(a, T.ones(3))', 'torch.float32', (2,), [2.5, 3.5]),
    ('T.matmul(T.ones(2, 1, 3), T.ones(3, 3, 2))', 'error', 'RuntimeError', 'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0'),
    ('a.reshape(3, 2)', 'torch.float32', (3, 2), [1.5, -2.0, 3.0, 0.5, 4.0, -1.0]),
    ('a.t().reshape(-1)', 'torch.float32', (6,), [1.5, 0.5, -2.0, 4.0, 3.0, -1.0]),
    ('a.flatten()', 'torch.float32', (6,), [1.5, -2.0, 3.0, 0.5, 4.0, -1.0]),
    ('a[None].squeeze()', 'torch.float32', (2, 3), [1.5, -2.0, 3.0, 0.5, 4.0, -1.0]),
    ('a.T', 'torch.float32', (3, 2), [1.5, 0.5, -2.0, 4.0, 3.0, -1.0]),
    ('a.permute(1, 0)', 'torch.float32', (3, 2), [1.5, 0.5, -2.0, 4.0, 3.0, -1.0]),
    ('a[0].expand(2, 3)', 'torch.float32', (2, 3), [1.5, -2.0, 3.0, 1.5, -2.0, 3.0]),
    ('T.broadcast_to(d, (2, 3))', 'torch.float64', (2, 3), [0.25, -1.5, 2.0, 0.25, -1.5, 2.0]),
    ('a[:, 1]', 'torch.float32', (2,), [-2.0, 4.0]),
    ('a[-1, ::2]', 'torch.float32', (2,), [0.5, -1.0]),
    ('a[..., None, 0]', 'torch.float32', (2, 1), [1.5, 0.5]),
    ('a[T.tensor([1, 1, 0])]', 'torch.float32', (3, 3), [0.5, 4.0, -1.0, 0.5, 4.0, -1.0, 1.5, -2.0, 3.0]),
    ('a[a > 0]', 'torch.float32', (4,), [1.5, 3.0, 0.5, 4.0]),
    ('a[[0, 1], [2, 0]]', 'torch.float32', (2,), [3.0, 0.5]),
    ('a[b[:2]]', 'torch.float32', (1, 3), [1.5, -2.0, 3.0]),
    ('T.cat([a, a], 1)', 'torch.float32', (2, 6), [1.5, -2.0, 3.0, 1.5, -2.0, 3.0, 0.5, 4.0, -1.0, 0.5, 4.0, -1.0]),
    ('T.cat([i, d])', 'torch.float64', (6,), [3.0, -7.0, 2.0, 0.25, -1.5, 2.0]),
    ('T.stack([i, j], 1)', 'torch.int64', (3, 2), [3.0, 2.0, -7.0, 2.0, 2.0, -3.0]),
    ('a.split(2, 1)[1]', 'torch.float32', (2, 1), [3.0, -1.0]),
    ('a.chunk(2, 1)[0]', 'torch.float32', (2, 2), [1.5, -2.0, 0.5, 4.0]),
    ('T.gather(a, 1, T.tensor([[2, 0], [1, 1]]))', 'torch.float32', (2, 2), [3.0, 1.5, 4.0, 4.0]),
    ('a.flip(1)', 'torch.float32', (2, 3), [3.0, -2.0, 1.5, -1.0, 4.0, 0.5]),
    ('a.narrow(1, 1, 2)', 'torch.float32', (2, 2), [-2.0, 3.0, 4.0, -1.0]),
    ('T.floor(a)', 'torch.float32', (2, 3), [1.0, -2.0, 3.0, 0.0, 4.0, -1.0]),
    ('T.round(T.tensor([0.5, 1.5, 2.5, -0.5]))', 'torch.float32', (4,), [0.0, 2.0, 2.0, -0.0]),
    ('T.round(a, decimals=-1)', 'torch.float32', (2, 3), [0.0, -0.0, 0.0, 0.0, 0.0, -0.0]),
    ('T.frac(a)', 'torch.float32', (2, 3), [0.5, 0.0, 0.0, 0.5, 0.0, 0.0]),
    ('T.trunc(i)', 'torch.int64', (3,), [3.0, -7.0, 2.0]),
    ('T.sign(T.tensor([-2.0, 0.0, 3.0]))', 'torch.float32', (3,), [-1.0, 0.0, 1.0]),
    ('T.relu(i)', 'torch.int64', (3,), [3.0, 0.0, 2.0]),
    ('T.log(T.tensor([0.0, -1.0, 1.0]))', 'torch.float32', (3,), [-math.inf, None, 0.0]),
    ('T.float_power(i, 2)', 'torch.float64', (3,), [9.0, 49.0, 4.0]),
    ('T.square(i)', 'torch.int64', (3,), [9.0, 49.0, 4.0]),
    ('T.square(b)', 'torch.int64', (3,), [1.0, 0.0, 1.0]),
    ('-i', 'torch.int64', (3,), [-3.0, 7.0, -2.0]),
    ('T.neg(a)', 'torch.float32', (2, 3), [-1.5, 2.0, -3.0, -0.5, -4.0, 1.0]),
    ('T.abs(i)', 'torch.int64', (3,), [3.0, 7.0, 2.0]),
    ('T.reciprocal(i)', 'torch.float32', (3,), [0.3333333432674408, -0.1428571492433548, 0.5]),
    ('T.rsqrt(a.abs())', 'torch.float32', (2, 3), [0.8164965510368347, 0.7071067690849304, 0.5773502588272095, 1.4142135381698608, 0.5, 1.0]),
    ('T.log1p(a.abs())', 'torch.float32', (2, 3), [0.9162907600402832, 1.0986123085021973, 1.3862943649291992, 0.40546509623527527, 1.6094379425048828, 0.6931471824645996]),
    ('T.expm1(a)', 'torch.float32', (2, 3), [3.481688976287842, -0.8646647334098816, 19.08553695678711, 0.6487212777137756, 53.598148345947266, -0.6321205496788025]),
    ('T.ones(0).sum()', 'torch.float32', (), [0.0]),
    ('T.ones(0, 3).mean(0)', 'torch.float32', (3,), [None, None, None]),
    ('T.ones(0).prod()', 'torch.float32', (), [1.0]),
    ('T.ones(2, 0).amax(0)', 'torch.float32', (0,), []),
    ('T.ones(0, 2).logsumexp(0)', 'torch.float32', (2,), [-math.inf, -math.inf]),
    ('T.ones(0, 2).softmax(0)', 'torch.float32', (0, 2), []),
    ('T.tensor(2.0).sum(0)', 'torch.float32', (), [2.0]),
    ('T.tensor(2.0).max(0).values', 'torch.float32', (), [2.0]),
    ('T.tensor(2.0).softmax(0)', 'torch.float32', (), [1.0]),
    ('T.tensor(2.0).cumsum(0)', 'torch.float32', (), [2.0]),
    ('T.tensor(3.0).unsqueeze(0)', 'torch.float32', (1,), [3.0]),
    ('T.tensor(3.0).reshape(1, 1)', 'torch.float32', (1, 1), [3.0]),
    ('T.tensor(3.0).t()', 'torch.float32', (), [3.0]),
    ('T.tensor(3.0).expand(2)', 'torch.float32', (2,), [3.0, 3.0]),
    ('T.tensor(3.0).var()', 'torch.float32', (), [None]),
    ('T.ones(1).var()', 'torch.float32', (), [None]),
    ('T.ones(1).std()', 'torch.float32', (), [None]),
]

# expression => PyTorch outcome ("ok shape dtype" or "ErrorType: first line of the message")
ERRORS = [
    ("T.tensor([True, False]).abs()", "NotImplementedError: \"abs_cpu\" not implemented for 'Bool'"),
    ("T.where(T.tensor([True, False]), 1.0, 0.0)", "ok (2,) torch.float32"),
    ("T.where(T.tensor([True, False]), T.ones(2, dtype=T.int64), 0.5)", "ok (2,) torch.float32"),
    ("T.clamp(T.ones(2), T.tensor([0, 1]), T.tensor([2, 2]))", "ok (2,) torch.float32"),
    ("T.tensor([1, 2]).sum(dtype=T.float32)", "ok () torch.float32"),
    ("T.tensor([1, 2]).cumsum(0, dtype=T.float32)", "ok (2,) torch.float32"),
    ("T.matmul(T.ones(3), T.ones(2, 4, 2))",
     "RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4]."),
    ("T.matmul(T.ones(2, 4, 2), T.ones(3))", "RuntimeError: size mismatch, got input (8), mat (8x2), vec (3)"),
    ("T.bmm(T.ones(2, 2, 3), T.ones(2, 4, 2))",
     "RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4]."),
    ("T.matmul(T.ones(2, 3), T.ones(2, 4, 2))",
     "RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4]."),
    ("T.inner(T.ones(2, 3), T.ones(4, 2))",
     "RuntimeError: inner() the last dimension must match on both input tensors but got shapes [2, 3] and [4, 2]"),
    ('x + T.ones(4)', 'RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1'),
    ('x * T.ones(2)', 'RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1'),
    ('T.ones(2,3) - T.ones(3,2)', 'RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1'),
    ('x / T.ones(2,2)', 'RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1'),
    ('T.maximum(x, T.ones(4))', 'RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1'),
    ('T.where(x > 0, x, T.ones(4))', 'RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1'),
    ('T.ones(3) ** T.ones(4)', 'RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0'),
    ('T.matmul(x, x)', 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)'),
    ('T.mm(x, x)', 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)'),
    ('T.mm(v, x)', 'RuntimeError: self must be a matrix'),
    ('T.bmm(x, x)', 'RuntimeError: batch1 must be a 3D tensor'),
    ('T.dot(v, T.ones(4))', 'RuntimeError: inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively'),
    ('T.dot(x, v)', 'RuntimeError: 1D tensors expected, but got 2D and 1D tensors'),
    ('T.mv(x, T.ones(2))', 'RuntimeError: size mismatch, got input (2), mat (2x3), vec (2)'),
    ('T.matmul(T.ones(2,2,3), T.ones(4,3,2))', 'RuntimeError: The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 0'),
    ('T.matmul(T.tensor(1.), v)', 'RuntimeError: both arguments to matmul need to be at least 1D, but they are 0D and 1D'),
    ('T.matmul(v, T.ones(4, 2))', 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x3 and 4x2)'),
    ('x.sum(2)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('x.sum(-3)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got -3)'),
    ('x.mean(5)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 5)'),
    ('T.ones(3, dtype=T.int64).mean()', 'RuntimeError: mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long'),
    ('x.max(2)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('T.ones(0).max()', "RuntimeError: max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."),
    ('T.ones(2, 0).max(1)', 'IndexError: max(): Expected reduction dim 1 to have non-zero size.'),
    ('x.softmax(3)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 3)'),
    ('x.cumsum(2)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('x.reshape(4, 2)', "RuntimeError: shape '[4, 2]' is invalid for input of size 6"),
    ('x.reshape(-1, -1)', 'RuntimeError: only one dimension can be inferred'),
    ('x.view(5)', "RuntimeError: shape '[5]' is invalid for input of size 6"),
    ('x.t().view(6)', "RuntimeError: view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."),
    ('x.squeeze(3)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 3)'),
    ('x.unsqueeze(3)', 'IndexError: Dimension out of range (expected to be in range of [-3, 2], but got 3)'),
    ('x.transpose(0, 2)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('x.permute(0)', 'RuntimeError: permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1'),
    ('x.permute(0, 0)', 'RuntimeError: permute(): duplicate dims are not allowed.'),
    ('x.expand(3, 3)', 'RuntimeError: The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3, 3].  Tensor sizes: [2, 3]'),
    ('x.expand(3)', 'RuntimeError: expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)'),
    ('x.expand(-1, 2, 3)', "RuntimeError: The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0"),
    ('x[2]', 'IndexError: index 2 is out of bounds for dimension 0 with size 2'),
    ('x[0, 3]', 'IndexError: index 3 is out of bounds for dimension 1 with size 3'),
    ('x[0, 0, 0]', 'IndexError: too many indices for tensor of dimension 2'),
    ('x[T.tensor([2])]', 'IndexError: index 2 is out of bounds for dimension 0 with size 2'),
    ('x[T.tensor([0.5])]', 'IndexError: tensors used as indices must be long, int, byte or bool tensors'),
    ('T.cat([x, v])', 'RuntimeError: Tensors must have same number of dimensions: got 2 and 1'),
    ('T.cat([x, T.ones(2, 2)], 0)', 'RuntimeError: Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1 in the list.'),
    ('T.cat([])', 'ValueError: torch.cat(): expected a non-empty list of Tensors'),
    ('T.stack([x, v])', 'RuntimeError: stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3] at entry 1'),
    ('T.stack([])', 'RuntimeError: stack expects a non-empty TensorList'),
    ('x.split(0)', 'RuntimeError: split_size can only be 0 if dimension size is 0, but got dimension size of 2'),
    ('x.split([1, 1], 1)', "RuntimeError: split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at dimension 1), but got split_sizes=[1, 1]"),
    ('x.chunk(0)', 'RuntimeError: chunk expects `chunks` to be greater than 0, got: 0'),
    ('x.narrow(1, 2, 2)', 'RuntimeError: start (2) + length (2) exceeds dimension size (3).'),
    ('x.select(0, 2)', 'IndexError: select(): index 2 out of range for tensor of size [2, 3] at dimension 0'),
    ('T.gather(x, 1, T.tensor([[3]]))', 'RuntimeError: index 3 is out of bounds for dimension 1 with size 3'),
    ('T.gather(x, 1, T.tensor([0]))', 'RuntimeError: Index tensor must have the same number of dimensions as input tensor'),
    ('T.gather(x, 1, T.tensor([[0.]]))', 'RuntimeError: gather(): Expected dtype int32/int64 for index'),
    ('x.flatten(1, 0)', 'RuntimeError: flatten() has invalid args: start_dim cannot come after end_dim'),
    ('T.clamp(x)', "RuntimeError: torch.clamp: At least one of 'min' or 'max' must not be None"),
    ('b - b', 'RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'),
    ('b - i', 'RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'),
    ('-b', 'RuntimeError: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'),
    ("T.div(x, x, rounding_mode='bad')", "RuntimeError: div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'bad'"),
    ('i ** -1', 'RuntimeError: Integers to negative integer powers are not allowed.'),
    ('x.masked_fill(T.tensor([1, 0, 1]), 0.)', 'RuntimeError: masked_fill_ only supports boolean masks, but got mask with dtype long int'),
    ('x.masked_fill(T.ones(4) > 0, 0.)', 'RuntimeError: The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1'),
    ('T.where(x, x, x)', 'RuntimeError: where expected condition to be a boolean tensor, but got a tensor with dtype Float'),
    ('x.prod((0, 1))', 'TypeError: prod() received an invalid combination of arguments - got (tuple), but expected one of:'),
    ('T.outer(x, v)', 'RuntimeError: outer: Expected 1-D argument self, but got 2-D'),
    ('T.ones(3).t().t().T', 'ok (3,) torch.float32'),
    ('T.logsumexp(x, 2)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('x.var(3)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 3)'),
    ('x.amax(2)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('T.ones(0).amax()', "RuntimeError: amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."),
    ('T.ones(2,0).logsumexp(1)', 'ok (2,) torch.float32'),
    ('x.flip(2)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('x.movedim(0, 3)', 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 3)'),
    ('x.unflatten(1, (2, 2))', "RuntimeError: unflatten: Provided sizes [2, 2] don't multiply up to the size of dim 1 (3) in the input tensor"),
    ('T.tensor(1.).t()', 'ok () torch.float32'),
    ('T.ones(2,3,4).t()', 'RuntimeError: t() expects a tensor with <= 2 dimensions, but self is 3D'),
]


@pytest.mark.parametrize("case", VALUES, ids=[c[0] for c in VALUES])
def test_value(case):
    env = _inputs()
    expr = case[0]
    if case[1] == "error":
        with pytest.raises(Exception) as info:
            eval(expr, env)
        assert type(info.value).__name__ == case[2]
        assert str(info.value).split("\n")[0] == case[3]
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # no NumPy warning may leak
        warnings.filterwarnings("ignore", "(var|std)\\(\\): degrees of freedom is <= 0")   # torch's own warning
        r = eval(expr, env)
    if isinstance(r, tuple):
        r = r[0]
    if case[1] == "value":
        assert tuple(r) == case[2]
        return
    _, dtype, shape, values = case
    assert str(r.dtype) == dtype
    assert tuple(r.shape) == shape
    got = np.asarray(r.detach().numpy(), dtype=np.float64).reshape(-1)
    want = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    tol = dict(rtol=1e-6, atol=1e-7) if dtype == "torch.float32" else dict(rtol=1e-12, atol=0)
    np.testing.assert_allclose(got, want, equal_nan=True, **tol)


@pytest.mark.parametrize("expr,outcome", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_or_shape(expr, outcome):
    env = _error_inputs()
    try:
        r = eval(expr, env)
        got = "ok %s %s" % (tuple(r.shape) if hasattr(r, "shape") else type(r).__name__,
                            r.dtype if hasattr(r, "dtype") else "")
    except Exception as e:  # noqa: BLE001 - the outcome names the type
        got = "%s: %s" % (type(e).__name__, str(e).split("\n")[0])
    assert got == outcome
    assert "broadcast together" not in got and " axis " not in got


def test_failed_op_changes_nothing():
    x = T.ones(2, 3, requires_grad=True)
    y = x * 2
    v0 = y._version
    with pytest.raises(RuntimeError):
        y + T.ones(4)
    with pytest.raises(IndexError):
        y[T.tensor([5])] = 1.0
    assert y._version == v0
    np.testing.assert_array_equal(y.detach().numpy(), np.full((2, 3), 2.0))


def test_norm_subgradient_at_origin_is_zero():
    for p in (2, 1.5, 3, float("inf")):
        x = T.zeros(3, requires_grad=True)
        (g,) = T.autograd.grad(x.norm(p=p), x)
        np.testing.assert_array_equal(g.numpy(), np.zeros(3))


def test_std_at_constant_input_is_zero_grad():
    x = T.ones(4, dtype=T.float64, requires_grad=True)
    (g,) = T.autograd.grad(x.std(), x)
    np.testing.assert_array_equal(g.numpy(), np.zeros(4))


def test_op_grad_fn_names():
    x = T.ones(2, 3, requires_grad=True)
    names = {
        "x.sum()": "SumBackward0", "x.sum(1)": "SumBackward1", "x.mean(0)": "MeanBackward1",
        "x.prod(1)": "ProdBackward1", "x.norm()": "LinalgVectorNormBackward0", "x.std()": "StdBackward0",
        "x[1]": "SelectBackward0", "x[:, 1:]": "SliceBackward0", "x[None]": "UnsqueezeBackward0",
        "x[...]": "AliasBackward0", "x[[0, 1]]": "IndexBackward0", "x.t().reshape(6)": "UnsafeViewBackward0",
        "x.reshape(6)": "ViewBackward0", "x.split(1)[0]": "SplitBackward0", "x.unbind()[0]": "UnbindBackward0",
        "x.masked_fill(x > 0, 1.0)": "MaskedFillBackward0", "x % 2": "RemainderBackward0",
        "T.fmod(x, x)": "FmodBackward1", "x.floor()": "FloorBackward0", "x.max(1)[0]": "MaxBackward0",
        "x.max()": "MaxBackward1", "x.amax(1)": "AmaxBackward0", "x.clamp(0, 1)": "ClampBackward1",
        "x ** 2": "PowBackward0", "x ** x": "PowBackward1", "2 ** x": "PowBackward2",
    }
    for expr, name in names.items():
        assert eval(expr, {"T": T, "x": x}).grad_fn.name() == name, expr


SETITEM_ERRORS = [  # recorded from PyTorch 2.13
    (lambda y: y.__setitem__(slice(1, None), T.ones(3)),
     "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 1.  "
     "Target sizes: [2, 2].  Tensor sizes: [3]"),
    (lambda y: y.__setitem__(T.tensor([0, 1]), T.ones(3)),
     "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 2]"),
    (lambda y: y.__setitem__(y > 0, T.ones(2)),
     "shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [6]"),
    (lambda y: y.__setitem__(0, T.ones(2, 2)),
     "expand(torch.FloatTensor{[2, 2]}, size=[2]): the number of sizes provided (1) must be greater or equal to "
     "the number of dimensions in the tensor (2)"),
]


@pytest.mark.parametrize("k", range(len(SETITEM_ERRORS)))
def test_setitem_errors(k):
    fn, text = SETITEM_ERRORS[k]
    y = T.ones(3, 2)
    with pytest.raises(RuntimeError) as info:
        fn(y)
    assert str(info.value) == text
    assert y._version == 0 and float(y.sum()) == 6.0


def test_setitem_accepts_leading_unit_dims_and_scalars():
    y = T.zeros(3, 2)
    y[0] = T.ones(1, 2)
    y[1] = 5
    y[T.tensor([2, 2])] = T.tensor([7.0, 8.0])
    np.testing.assert_array_equal(y.numpy(), [[1, 1], [5, 5], [7, 8]])


def test_float32_log10_of_powers_of_ten_is_exact():
    # torch gives exactly k for log10(10**k) in float32; NumPy's float32 log10 is an ulp above on
    # half of all inputs (log10(100) = 2.0000002), so the op computes it in float64 and rounds once
    x = T.tensor([1.0, 10.0, 100.0, 1000.0, 1e5, 1e6, 0.01, 0.001])
    assert T.log10(x).tolist() == [0.0, 1.0, 2.0, 3.0, 5.0, 6.0, -2.0, -3.0]
    assert T.log10(x).dtype == T.float32
    assert T.log10(T.tensor([100.0], dtype=T.float16)).tolist() == [2.0]
    assert T.log10(T.tensor([100.0], dtype=T.float16)).dtype == T.float16


def test_trace_needs_a_matrix():
    # it summed the elements of a vector (trace(tensor([1., 2.])) gave 3); torch refuses
    for x in (T.zeros(3), T.tensor(1.0), T.zeros(2, 2, 2)):
        with pytest.raises(RuntimeError, match="trace: expected a matrix, but got tensor with dim %d" % x.dim()):
            T.trace(x)
    assert T.trace(T.tensor([[1, 2], [3, 4]])).item() == 5

