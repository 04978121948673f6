"""NumPy functions on tensors (pyautograd/_numpy.py): np.sin(t), np.sum(t, axis=0), ndarray @ t, ...
run pyautograd's ops, return tensors with their graph, and differentiate right (finite
differences in float64); NumPy's keyword names and defaults (ddof=0); a NumPy function without an
op raises TypeError naming it; np.asarray(t) keeps PyTorch's behaviour."""
import numpy as np
import pytest

import pyautograd as pa

_RNG = np.random.default_rng(0)
A = _RNG.uniform(0.5, 1.5, (3, 4))
B = _RNG.uniform(0.5, 1.5, (4, 2))

CALLS = {
    "sin": lambda x: np.sin(x), "exp_log": lambda x: np.log(np.exp(x) + 1), "sqrt": lambda x: np.sqrt(x),
    "power": lambda x: np.power(x, 3), "arctan2": lambda x: np.arctan2(x, 2.0), "maximum": lambda x: np.maximum(x, 1.0),
    "hypot": lambda x: np.hypot(x, x), "tanh": lambda x: np.tanh(x), "absolute": lambda x: np.abs(x - 1.0),
    "sum_axis": lambda x: np.sum(x, axis=0), "sum_keepdims": lambda x: np.sum(x, axis=1, keepdims=True),
    "mean": lambda x: np.mean(x, axis=(0, 1)), "prod": lambda x: np.prod(x, axis=1), "max": lambda x: np.max(x, axis=0),
    "std_ddof0": lambda x: np.std(x), "var_ddof1": lambda x: np.var(x, axis=0, ddof=1),
    "cumsum": lambda x: np.cumsum(x, axis=1), "cumsum_flat": lambda x: np.cumsum(x),
    "matmul_ndarray": lambda x: np.ones((2, 3)) @ x, "matmul_ufunc": lambda x: np.matmul(x, B),
    "dot": lambda x: np.dot(x, B), "outer": lambda x: np.outer(x[0], x[1]), "inner": lambda x: np.inner(x, x),
    "tensordot": lambda x: np.tensordot(x, B, axes=1), "einsum": lambda x: np.einsum("ij,jk->ik", x, B),
    "ndarray_plus": lambda x: A + x, "ndarray_times": lambda x: np.array(2.0) * x,
    "where": lambda x: np.where(x > 1.0, x, x * x), "clip": lambda x: np.clip(x, 0.7, 1.2),
    "concatenate": lambda x: np.concatenate([x, x * 2], axis=1), "concatenate_none": lambda x: np.concatenate([x, x], None),
    "stack": lambda x: np.stack([x, x], axis=-1), "transpose": lambda x: np.transpose(x),
    "reshape": lambda x: np.reshape(x, (2, 6)), "swapaxes": lambda x: np.swapaxes(x, 0, 1),
    "expand_dims": lambda x: np.expand_dims(x, 1), "flip": lambda x: np.flip(x), "roll": lambda x: np.roll(x, 2),
    "norm": lambda x: np.linalg.norm(x), "norm_axis": lambda x: np.linalg.norm(x, axis=1),
    "norm_nuc": lambda x: np.linalg.norm(x, "nuc"), "trace": lambda x: np.trace(x),
    "det": lambda x: np.linalg.det(x[:, :3]), "inv": lambda x: np.linalg.inv(x[:, :3] + 3 * np.eye(3)),
    "add_reduce": lambda x: np.add.reduce(x, axis=1), "multiply_accumulate": lambda x: np.multiply.accumulate(x, axis=0),
    "diff": lambda x: np.diff(x, axis=0), "sort": lambda x: np.sort(x, axis=1),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_numpy_call_keeps_the_graph_and_differentiates(name):
    f = CALLS[name]
    x = pa.tensor(A, requires_grad=True)
    y = f(x)
    assert isinstance(y, pa.Tensor) and y.requires_grad
    # the value is NumPy's (on the same array)
    np.testing.assert_allclose(y.detach().numpy(), np.asarray(f(A.copy())), rtol=1e-12, atol=1e-12)
    assert pa.autograd.gradcheck(lambda t: f(t), (pa.tensor(A, requires_grad=True),), eps=1e-6, atol=1e-5)


def test_numpy_keywords_and_defaults():
    x = pa.tensor(A)
    assert np.std(x).item() == pytest.approx(np.std(A))            # ddof=0, NumPy's default
    assert tuple(np.sum(x, axis=1, keepdims=True).shape) == (3, 1)
    assert tuple(np.mean(x, keepdims=True).shape) == (1, 1)
    out = pa.empty(4)
    r = np.sum(x, axis=0, out=(out,))
    assert r is out and np.allclose(out.numpy(), A.sum(0))
    assert np.shape(x) == (3, 4) and np.ndim(x) == 2 and np.size(x) == 12
    assert np.allclose(x, A) and np.array_equal(x, pa.tensor(A))
    assert np.float64(2.0) * pa.ones(2) is not None and (np.float64(2.0) * pa.ones(2)).dtype == pa.float32


@pytest.mark.parametrize("call,name", [
    (lambda x: np.fft.fft(x), "numpy.fft.fft"), (lambda x: np.percentile(x, 5), "numpy.percentile"),
    (lambda x: np.cbrt(x), "numpy.cbrt"), (lambda x: np.subtract.outer(x, x), "numpy.subtract.outer"),
    (lambda x: np.linalg.qr(x), "numpy.linalg.qr")])
def test_a_numpy_function_without_an_op_is_refused_by_name(call, name):
    x = pa.tensor(A, requires_grad=True)
    with pytest.raises(TypeError, match=name.replace(".", r"\.") + " is not supported on pyautograd tensors"):
        call(x)


def test_asarray_keeps_pytorchs_behaviour():
    x = pa.tensor(A, requires_grad=True)
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
        np.asarray(x)
    assert np.asarray(x.detach()) is x.detach()._data or np.shares_memory(np.asarray(x.detach()), x.detach()._data)
