"""Signed zeros and result layouts as PyTorch gives them (fuzzer seeds 7389 and 5279 of the
10,000-program run: a -0.0 that became 0.0 turned a later division's -inf into +inf, and a
flip that made a transposed tensor contiguous let a view() through that torch refuses).
Expected values recorded from torch 2.13."""
import math

import pytest

import pyautograd as torch

NAN = float("nan")


def _same(a, b):
    """Equal lists, with the sign of zeros and nan positions compared too."""
    assert len(a) == len(b)
    for u, v in zip(a, b):
        if math.isnan(v):
            assert math.isnan(u)
        else:
            assert u == v and math.copysign(1, u) == math.copysign(1, v), (a, b)


def test_relu_keeps_negative_zero():
    _same(torch.tensor([-0.0, -1.0, 2.0, NAN]).relu().tolist(), [-0.0, 0.0, 2.0, NAN])
    _same(torch.tensor([-0.0, -1.0, 2.0]).relu_().tolist(), [-0.0, 0.0, 2.0])
    _same(torch.nn.functional.relu(torch.tensor([-0.0])).tolist(), [-0.0])


def test_clamp_keeps_x_on_a_tie_with_a_bound_and_gives_nan_for_a_nan_bound():
    x = torch.tensor([-0.0, 0.0, NAN, 1.0])
    _same(x.clamp(min=0.0).tolist(), [-0.0, 0.0, NAN, 1.0])
    _same(x.clamp(max=-0.0).tolist(), [-0.0, 0.0, NAN, -0.0])
    _same(x.clamp(min=NAN).tolist(), [NAN] * 4)
    _same(x.clamp(max=NAN).tolist(), [NAN] * 4)
    _same(x.clamp(0.0, -0.0).tolist(), [-0.0, 0.0, NAN, -0.0])
    z = torch.zeros(4)
    _same(x.clamp(min=z).tolist(), [-0.0, 0.0, NAN, 1.0])
    _same(x.clamp(max=-z).tolist(), [-0.0, 0.0, NAN, -0.0])
    assert torch.tensor([1, 5, -3]).clamp(min=0, max=2).tolist() == [1, 2, 0]


def test_maximum_and_minimum_return_the_first_operand_on_a_tie():
    z = torch.zeros(2)
    _same(torch.maximum(-z, z).tolist(), [-0.0, -0.0])
    _same(torch.maximum(z, -z).tolist(), [0.0, 0.0])
    _same(torch.minimum(-z, z).tolist(), [-0.0, -0.0])
    _same(torch.minimum(z, -z).tolist(), [0.0, 0.0])


def test_seed_7389_division_by_a_relu_of_a_min():
    x = torch.tensor([[0.0, 2.0], [0.0, 1.0]])
    v, _ = (-x).permute(1, 0).min(1, True)
    r = v.relu_()
    _same(r.flatten().tolist(), [-0.0, 0.0])
    _same((torch.ones(2, 1) / r).flatten().tolist(), [-math.inf, math.inf])


def test_flip_keeps_the_memory_order_of_its_input():
    t = torch.tensor([[1., 2.], [3., 4.]]).t()
    f = t.flip(0)
    assert f.stride() == (1, 2) and not f.is_contiguous()
    assert f.tolist() == [[2., 4.], [1., 3.]]
    with pytest.raises(RuntimeError, match="view size is not compatible with input tensor's size and stride"):
        f.view(-1)
    assert torch.arange(6.).reshape(2, 3).flip(1).stride() == (3, 1)


def test_sign_of_nan_and_negative_zero_is_zero():
    _same(torch.tensor([NAN, -0.0, 0.0, -3.0, 2.0]).sign().tolist(), [0.0, 0.0, 0.0, -1.0, 1.0])
    _same(torch.sgn(torch.tensor([NAN, -2.0])).tolist(), [0.0, -1.0])
    assert torch.tensor([2, -3, 0]).sign().tolist() == [1, -1, 0]


def test_gradients_at_nan_inputs():
    """Seeds 4947, 6297: abs's gradient is 0 at nan (sign(nan) is 0), relu's passes g at nan
    (threshold_backward zeroes only where the result is <= 0)."""
    def grad(f):
        x = torch.tensor([NAN, 1.0, -1.0, 0.0], requires_grad=True)
        f(x).sum().backward()
        return x.grad.tolist()

    assert grad(lambda x: x.abs()) == [0.0, 1.0, -1.0, 0.0]
    assert grad(lambda x: x.relu()) == [1.0, 1.0, 0.0, 0.0]
    assert grad(lambda x: x.clamp(min=0.0)) == [0.0, 1.0, 0.0, 1.0]
    assert grad(lambda x: torch.maximum(x, torch.zeros(4))) == [1.0, 1.0, 0.0, 0.5]


def test_zero_derivatives_stay_exactly_zero_through_later_rules():
    """Seed 5889 (class Z1): sign's derivative is an exact zero (PyTorch's ZeroTensor), so a later
    rule dividing by 0 gives 0, not nan (0 / 0); recorded from torch 2.13."""
    a = torch.tensor([-1.158], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([[True, False], [False, False]])
    c = torch.tensor([[0.0, 2.0], [0.17, -1.14]], dtype=torch.float64)
    g, = torch.autograd.grad(((a / b).abs() * c).sum(), a, create_graph=True)
    assert math.isnan(g.item())
    h, = torch.autograd.grad(g.sum(), a)
    assert h.tolist() == [0.0]
    x = torch.tensor([1.5, -2.0], requires_grad=True)
    (torch.sign(x) / torch.zeros(2)).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
