"""The call forms PyTorch's argument parser accepts beyond a function's signature
(pyautograd/ops/_callforms.py): NumPy's axis=/keepdims= names and out=."""
import warnings

import numpy as np
import pytest

import pyautograd as T
from pyautograd.ops._callforms import TORCH_OUT
from pyautograd.ops._registry import PUBLIC


def test_numpy_keyword_names_on_functions_and_methods():
    x = T.arange(6.0).reshape(2, 3)
    assert x.sum(axis=1).tolist() == [3.0, 12.0]
    assert x.sum(axis=1, keepdims=True).shape == (2, 1)
    assert T.mean(x, axis=0).tolist() == [1.5, 2.5, 3.5]
    assert x.argmax(axis=1).tolist() == [2, 2]
    assert x.max(axis=1).values.tolist() == [2.0, 5.0]
    assert T.cumsum(x, axis=1).tolist() == [[0, 1, 3], [3, 7, 12]]
    assert T.logsumexp(x, axis=1).shape == (2,)
    assert T.cat([x, x], axis=0).shape == (4, 3)
    assert T.var(x, axis=1, keepdims=True).shape == (2, 1)


def test_both_names_is_torchs_type_error():
    x = T.ones(2, 3)
    with pytest.raises(TypeError, match="sum\\(\\) got an unexpected keyword argument 'axis'"):
        x.sum(dim=1, axis=1)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'dim'"):
        T.cumsum(x)


def test_out_writes_and_returns_out():
    a, b = T.ones(2, 2), T.full((2, 2), 2.0)
    o = T.empty(2, 2)
    r = T.add(a, b, out=o)
    assert r is o and o.tolist() == [[3.0, 3.0], [3.0, 3.0]] and o._version == 1
    o = T.empty(2)
    assert T.exp(T.zeros(2), out=o) is o and o.tolist() == [1.0, 1.0]
    o = T.empty(2)
    assert T.sum(a, 1, out=o) is o and o.tolist() == [2.0, 2.0]
    vals, idx = T.empty(2), T.empty(2, dtype=T.int64)
    r = T.max(b, 1, out=(vals, idx))
    assert r[0] is vals and r[1] is idx and idx.tolist() == [0, 0]
    i = T.empty(2, dtype=T.int64)
    T.add(T.ones(2, dtype=T.int64), 1, out=i)
    f = T.empty(2)
    T.add(T.ones(2, dtype=T.int64), 1, out=f)      # int result into a float out: cast
    assert f.dtype == T.float32 and f.tolist() == [2.0, 2.0]


def test_out_errors_change_nothing():
    o = T.zeros(2, dtype=T.int64)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        T.add(T.ones(2), 1, out=o)
    assert o.tolist() == [0, 0] and o._version == 0
    o = T.zeros(2)
    with pytest.raises(RuntimeError, match="add\\(\\): functions with out=... arguments don't support automatic "
                                           "differentiation, but one of the arguments requires grad."):
        T.add(T.ones(2, requires_grad=True), 1, out=o)
    assert o.tolist() == [0.0, 0.0] and o._version == 0
    with T.no_grad():
        T.add(T.ones(2, requires_grad=True), 1, out=o)
    assert o.tolist() == [2.0, 2.0]


def test_out_of_another_shape_is_resized_with_torchs_warning():
    o = T.empty(3)
    with pytest.warns(UserWarning, match="An output with one or more elements was resized since it had shape \\[3\\]"):
        T.add(T.ones(2), 1, out=o)
    assert o.shape == (2,)
    o = T.empty(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        T.mul(T.ones(2, 2), 3, out=o)
    assert o.tolist() == [[3.0, 3.0], [3.0, 3.0]]


def test_methods_take_no_out():
    with pytest.raises(TypeError):
        T.ones(2, 3).sum(1, out=T.empty(2))


def test_the_out_table_is_torchs():
    """TORCH_OUT against torch: every public function torch.<name> of ours that exists in torch
    takes out= exactly when torch's does."""
    torch = pytest.importorskip("torch")
    x = torch.ones(2, 3)
    samples = {"input": x, "other": x, "tensor": x, "mat2": torch.ones(3, 2), "vec": torch.ones(3),
               "vec2": torch.ones(3), "dim": 0, "dims": (0,), "shape": (6,), "size": (2, 3), "tensors": [x],
               "index": torch.zeros(2, 3, dtype=torch.long), "chunks": 1, "real": x, "imag": x, "abs": x,
               "angle": x, "dim0": 0, "dim1": 1, "axis0": 0, "axis1": 1, "sizes": (1, 2), "stride": (3, 1),
               "mask": x > 0, "value": 1.0, "condition": x > 0, "exponent": x, "elements": x,
               "test_elements": x, "sorted_sequence": torch.arange(3.0), "k": 1, "q": 0.5, "repeats": 1}
    import re
    import warnings as w

    def takes_out(f):
        args = []
        for _ in range(6):
            try:
                with w.catch_warnings():
                    w.simplefilter("ignore")
                    f(*args, out=torch.empty(0))
                return True
            except TypeError as e:
                m = str(e)
                if "unexpected keyword argument 'out'" in m:
                    return False
                missing = re.search(r"missing \d+ required positional arguments?: (.*)", m)
                if missing:
                    names = re.findall(r'"(\w+)"', missing.group(1))
                    if not all(n in samples for n in names):
                        return None
                    args += [samples[n] for n in names]
                    continue
                if "but expected" in m:
                    sigs = [ln for ln in m.split("but expected")[-1].splitlines() if ln.strip().startswith("* (")]
                    return any(re.search(r"\bout\b", ln) for ln in sigs)
                return None
            except Exception:
                return True
        return None
    wrong = []
    for name in PUBLIC:
        f = getattr(torch, name, None)
        if f is None or name in ("norm",):      # torch.norm is a Python function: its out= is in its signature
            continue
        t = takes_out(f)
        if t is None:
            continue
        code = getattr(PUBLIC[name].function, "__wrapped__", PUBLIC[name].function).__code__ \
            if hasattr(PUBLIC[name].function, "__code__") else None
        own = code is not None and "out" in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
        if t != (name in TORCH_OUT or own):
            wrong.append(name)
    assert not wrong, wrong


def test_factories_write_into_out_in_its_dtype():
    o = T.empty(3)
    assert T.zeros(2, out=o) is o and o.tolist() == [0.0, 0.0]
    o = T.empty(2, dtype=T.float64)
    T.ones((2,), out=o)
    assert o.dtype == T.float64 and o.tolist() == [1.0, 1.0]
    o = T.empty(2)
    T.full((2,), 3, out=o)
    assert o.dtype == T.float32 and o.tolist() == [3.0, 3.0]
    o = T.empty(3)
    assert T.arange(3, out=o).tolist() == [0.0, 1.0, 2.0] and o.dtype == T.float32
    o = T.empty(0, dtype=T.float64)
    T.linspace(0, 1, 3, out=o)
    assert o.dtype == T.float64 and o.tolist() == [0.0, 0.5, 1.0]
    o = T.empty(2, 2)
    assert T.eye(2, out=o).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    o = T.empty(3)
    assert T.logspace(0, 2, 3, out=o).tolist() == [1.0, 10.0, 100.0]


def test_factory_out_errors_are_torchs():
    with pytest.raises(RuntimeError, match="dtype Double does not match dtype of out parameter \\(Float\\)"):
        T.zeros(2, dtype=T.float64, out=T.empty(2))
    with pytest.raises(RuntimeError, match="aten::zeros\\(\\): functions with out=... arguments don't support"):
        T.zeros(2, out=T.empty(2, requires_grad=True))
    with pytest.warns(UserWarning, match="The number of elements in the out tensor of shape \\[3\\] is 3 which does "
                                         "not match the computed number of elements 2"):
        T.arange(2, out=T.empty(3))
