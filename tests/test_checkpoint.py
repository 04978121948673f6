"""pyautograd.utils.checkpoint against the plain run (exact float64 gradients), PyTorch 2.13's
texts (recorded from torch), a differential test against torch and the memory it saves."""
import argparse
import importlib.util
import pathlib
import warnings

import numpy as np
import pytest

import pyautograd as torch
from pyautograd import nn
from pyautograd.utils.checkpoint import checkpoint, checkpoint_sequential, CheckpointError

ERR_GRAD = ("When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or passing an `inputs` "
            "parameter to .backward(). To resolve this error, you can either set use_reentrant=False, or call "
            ".backward() without passing the `inputs` argument.")
WARN_DEFAULT = ("torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. Starting in "
                "PyTorch 2.9, calling checkpoint without use_reentrant will raise an exception. use_reentrant=False "
                "is recommended, but if you need to preserve the current default behavior, you can pass "
                "use_reentrant=True. Refer to docs for more details on the differences between the two variants.")
WARN_SEQ = ("torch.utils.checkpoint.checkpoint_sequential: the use_reentrant parameter should be passed explicitly. "
            "In version 2.9 we will raise an exception if use_reentrant is not passed. use_reentrant=False is "
            "recommended, but if you need to preserve the current default behavior, you can pass "
            "use_reentrant=True. Refer to docs for more details on the differences between the two variants.")
WARN_NONE = "None of the inputs have requires_grad=True. Gradients will be None"

BOTH = pytest.mark.parametrize("ur", [True, False])


def mlp(depth=6, width=5, dropout=0.0):
    torch.manual_seed(1)
    layers = []
    for _ in range(depth):
        layers += [nn.Linear(width, width), nn.Tanh()]
        if dropout:
            layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers).double()


def grads_of(model, x, run):
    model.zero_grad()
    x.grad = None
    run(model, x).pow(2).sum().backward()
    return [p.grad.clone() for p in model.parameters()] + [x.grad.clone()]


def same(a, b):
    assert len(a) == len(b)
    for p, q in zip(a, b):
        assert p.shape == q.shape and np.array_equal(p.detach().numpy(), q.detach().numpy())


def x64(*shape):
    torch.manual_seed(2)
    return torch.randn(*shape, dtype=torch.float64, requires_grad=True)


@BOTH
@pytest.mark.parametrize("segments", [1, 2, 3, 4])
def test_sequential_grads_identical(ur, segments):
    m, x = mlp(), x64(3, 5)
    plain = grads_of(m, x, lambda m, x: m(x))
    same(plain, grads_of(m, x, lambda m, x: checkpoint_sequential(m, segments, x, use_reentrant=ur)))
    same(plain, grads_of(m, x, lambda m, x: checkpoint_sequential(list(m), segments, x, use_reentrant=ur)))


@BOTH
def test_module_parameters_and_per_block(ur):
    m, x = mlp(), x64(3, 5)
    plain = grads_of(m, x, lambda m, x: m(x))

    def per_block(m, x):
        for layer in m:
            x = checkpoint(layer, x, use_reentrant=ur)
        return x
    same(plain, grads_of(m, x, per_block))
    same(plain, grads_of(m, x, lambda m, x: checkpoint(m, x, use_reentrant=ur)))


@BOTH
def test_dropout_same_mask_on_recompute(ur):
    m, x = mlp(dropout=0.5), x64(4, 5)

    def run(seed, ckpt):
        def f(m, x):
            torch.manual_seed(seed)
            return checkpoint_sequential(m, 3, x, use_reentrant=ur) if ckpt else m(x)
        return grads_of(m, x, f)
    same(run(7, False), run(7, True))
    assert not np.array_equal(run(7, False)[0].numpy(), run(8, False)[0].numpy())   # the mask matters
    # preserve_rng_state=False: the recomputation draws another mask (and the generator moves on)
    bad = grads_of(m, x, lambda m, x: checkpoint(m, x, use_reentrant=ur, preserve_rng_state=False))
    assert not np.array_equal(bad[0].numpy(), run(7, False)[0].numpy())


@BOTH
def test_closure_leaf(ur):
    w = x64(5, 5)
    b = torch.randn(5, dtype=torch.float64, requires_grad=True)
    x = x64(3, 5)

    def f(x):
        return torch.tanh(x @ w + b).exp()
    got = []
    for out in (f(x), checkpoint(f, x, use_reentrant=ur)):
        w.grad = b.grad = x.grad = None
        out.sum().backward()
        got.append([w.grad, b.grad, x.grad])
    same(*got)


def test_closure_nonleaf_captured():
    w = x64(5, 5)
    x = x64(3, 5)
    h = (w * 2).sin()            # a captured non-leaf whose history is w alone

    def f(x):
        return (x @ h).tanh()

    def g(x):                    # uses h and w: its graph is kept (see the module docstring)
        return (x @ h + x @ w).tanh()
    for fn in (f, g):
        w.grad = x.grad = None
        fn(x).sum().backward(retain_graph=True)
        ref = [w.grad.clone(), x.grad.clone()]
        w.grad = x.grad = None
        checkpoint(fn, x, use_reentrant=False).sum().backward(retain_graph=True)
        same(ref, [w.grad, x.grad])


def test_hooks_of_captured_tensors_run_once():
    w = x64(5, 5)
    x = x64(3, 5)
    calls = []
    w.register_hook(lambda g: calls.append(1) or g * 2)
    checkpoint(lambda x: (x @ w).sin(), x, use_reentrant=False).sum().backward()
    assert len(calls) == 1
    got = w.grad.clone()
    w.grad = None
    calls.clear()
    (x @ w).sin().sum().backward()
    assert len(calls) == 1
    same([w.grad], [got])


@BOTH
def test_multiple_and_non_tensor_outputs(ur):
    x = x64(4)
    y = torch.randn(4, dtype=torch.float64, requires_grad=True)

    def f(a, scale, b):
        return a.sin() * scale, "tag", b.cos() * a, None
    out = f(x, 3.0, y)
    (out[0].sum() + out[2].pow(2).sum()).backward()
    ref = [x.grad.clone(), y.grad.clone()]
    x.grad = y.grad = None
    got = checkpoint(f, x, 3.0, y, use_reentrant=ur)
    assert got[1] == "tag" and got[3] is None
    (got[0].sum() + got[2].pow(2).sum()).backward()
    same(ref, [x.grad, y.grad])


def test_nonreentrant_autograd_grad_kwargs_and_no_grad_inputs():
    m, x = mlp(), x64(3, 5)
    params = list(m.parameters())
    ref = torch.autograd.grad(m(x).sum(), [x] + params)
    got = torch.autograd.grad(checkpoint(m, x, use_reentrant=False).sum(), [x] + params)
    same(list(ref), list(got))
    xd = x.detach()              # an input that does not require grad: the parameters still get theirs
    ref = torch.autograd.grad(m(xd).sum(), params)
    same(list(ref), list(torch.autograd.grad(checkpoint(m, xd, use_reentrant=False).sum(), params)))
    f = lambda a, *, k: a * k    # noqa: E731
    g, = torch.autograd.grad(checkpoint(f, x, k=3.0, use_reentrant=False).sum(), x)
    assert np.array_equal(g.numpy(), np.full((3, 5), 3.0))


@BOTH
def test_double_use_and_retain_graph(ur):
    m, x = mlp(), x64(3, 5)
    plain = m(x)
    ck = checkpoint(m, x, use_reentrant=ur)
    (plain.sum() + plain.pow(2).sum()).backward()
    ref = [p.grad.clone() for p in m.parameters()]
    m.zero_grad()
    (ck.sum() + ck.pow(2).sum()).backward(retain_graph=True)
    same(ref, [p.grad for p in m.parameters()])
    m.zero_grad()
    (ck.sum() + ck.pow(2).sum()).backward()
    same(ref, [p.grad for p in m.parameters()])
    # the same checkpointed function used twice in one graph
    m.zero_grad()
    y = m(m(x))
    y.sum().backward()
    ref = [p.grad.clone() for p in m.parameters()]
    m.zero_grad()
    checkpoint(m, checkpoint(m, x, use_reentrant=ur), use_reentrant=ur).sum().backward()
    same(ref, [p.grad for p in m.parameters()])


def test_torch_texts():
    x = x64(3)
    f = lambda a: a.sin() * 2    # noqa: E731
    with pytest.warns(UserWarning) as rec:
        y = checkpoint(f, x)
    assert [str(r.message) for r in rec] == [WARN_DEFAULT]
    assert y.grad_fn.name() == "CheckpointFunctionBackward"
    with pytest.raises(RuntimeError) as e:
        torch.autograd.grad(checkpoint(f, x, use_reentrant=True).sum(), x)
    assert str(e.value) == ERR_GRAD
    with pytest.raises(RuntimeError) as e:
        checkpoint(f, x, use_reentrant=True).sum().backward(inputs=[x])
    assert str(e.value) == ERR_GRAD
    with pytest.warns(UserWarning) as rec:
        y = checkpoint(f, torch.randn(3), use_reentrant=True)
    assert [str(r.message) for r in rec] == [WARN_NONE] and not y.requires_grad
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not checkpoint(f, torch.randn(3), use_reentrant=False).requires_grad
    with pytest.raises(ValueError, match="^Unexpected keyword arguments: b,c$"):
        checkpoint(lambda a, b=1, c=2: a * b, x, use_reentrant=True, b=2, c=3)
    with pytest.raises(ValueError, match=r"^Passing `context_fn` or `debug` is only supported when "
                                         r"use_reentrant=False\.$"):
        checkpoint(f, x, use_reentrant=True, debug=True)
    with pytest.raises(ValueError) as e:
        checkpoint(f, x, use_reentrant=False, determinism_check="x")
    assert str(e.value) == "determinism_check should be one of ['default', 'none'], but got x"
    with pytest.raises(RuntimeError, match="^none of output has requires_grad=True, this checkpoint"
                                           r"\(\) is not necessary$"):
        checkpoint(lambda a: a.detach() * 2, x, use_reentrant=True).sum().backward()
    m = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2))
    with pytest.warns(UserWarning) as rec:
        checkpoint_sequential(m, 2, torch.randn(1, 2))
    assert [str(r.message) for r in rec] == [WARN_SEQ, WARN_NONE]
    with pytest.raises(ValueError, match="^Unexpected keyword arguments: foo$"):
        checkpoint_sequential(m, 2, torch.randn(1, 2), use_reentrant=False, foo=1)
    assert checkpoint(lambda a: a, x, use_reentrant=False) is x
    with torch.no_grad():
        assert not checkpoint(f, x, use_reentrant=True).requires_grad
        assert not checkpoint(f, x, use_reentrant=False).requires_grad


def test_determinism_check():
    x = x64(3)
    n = [0]

    c = [torch.ones(3, dtype=torch.float64)]

    def g(a):
        return (a * c[0]).sin()
    y = checkpoint(g, x, use_reentrant=False)
    c[0] = torch.ones(2, 3, dtype=torch.float64)      # the recomputation sees another tensor
    with pytest.raises(CheckpointError) as e:
        y.sum().backward()
    msg = str(e.value)
    assert msg.startswith("torch.utils.checkpoint: Recomputed values for the following tensors have different "
                          "metadata than during the forward pass.\ntensor at position ")
    assert ("saved metadata: {'shape': torch.Size([3]), 'dtype': torch.float64, 'device': device(type='cpu')}\n"
            "recomputed metadata: {'shape': torch.Size([2, 3]), 'dtype': torch.float64, 'device': device(type='cpu')}"
            in msg)
    assert "Tip: To see a more detailed error message, either pass `debug=True` to" in msg
    assert isinstance(e.value, RuntimeError)
    n[0] = 0

    def g2(a):
        n[0] += 1
        return a.sin().sin() if n[0] == 1 else a.sin()
    with pytest.raises(CheckpointError, match="^torch.utils.checkpoint: A different number of tensors was saved "
                                              "during the original forward and recomputation.\nNumber of tensors "
                                              "saved during forward: 2\nNumber of tensors saved during "
                                              "recomputation: 1.\n"):
        checkpoint(g2, x, use_reentrant=False).sum().backward()
    n[0] = 0
    with pytest.raises(CheckpointError, match="Operations executed during the original forward"):
        checkpoint(g2, x, use_reentrant=False, debug=True).sum().backward()
    c[0] = torch.ones(3, dtype=torch.float64)
    y = checkpoint(g, x, use_reentrant=False, determinism_check="none")
    c[0] = torch.full((3,), 2.0, dtype=torch.float64)  # same metadata: no error, the recomputed values count
    x.grad = None
    y.sum().backward()
    assert np.array_equal(x.grad.numpy(), (2 * (2 * x).cos()).detach().numpy())


def test_against_torch():
    T = pytest.importorskip("torch")
    from torch.utils.checkpoint import checkpoint as tckpt, checkpoint_sequential as tseq
    for lib, ck, seq in ((torch, checkpoint, checkpoint_sequential), (T, tckpt, tseq)):
        lib.manual_seed(0)
        m = lib.nn.Sequential(*[lib.nn.Sequential(lib.nn.Linear(6, 6), lib.nn.Tanh()) for _ in range(5)]).double()
        rs = np.random.RandomState(0)
        with lib.no_grad():
            for p in m.parameters():
                p.copy_(lib.tensor(rs.uniform(-0.5, 0.5, tuple(p.shape))))
        w = lib.tensor(np.linspace(-1, 1, 36).reshape(6, 6), requires_grad=True)
        x = lib.tensor(np.linspace(-2, 2, 24).reshape(4, 6), requires_grad=True)
        res = []
        for ur in (True, False):
            m.zero_grad()
            w.grad = x.grad = None
            h = seq(m, 3, x, use_reentrant=ur)
            out = ck(lambda a, b: (a @ w).sin() * b, h, x, use_reentrant=ur)
            out.pow(2).sum().backward()
            res += [p.grad.detach().numpy().copy() for p in m.parameters()] + [w.grad.numpy().copy(),
                                                                               x.grad.numpy().copy()]
        if lib is torch:
            ours = res
    for a, b in zip(ours, res):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def _bench():
    path = pathlib.Path(__file__).resolve().parent.parent / "bench" / "checkpoint_memory.py"
    spec = importlib.util.spec_from_file_location("checkpoint_memory", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_memory_relation():
    """bench/checkpoint_memory.py's measurement on a small instance: 32 residual blocks, width 128,
    two SGD steps; checkpoint_sequential(8 segments) holds at most a third of the plain run's
    activations (peak and held at the end of the forward), with identical gradients."""
    bench = _bench()
    args = argparse.Namespace(blocks=32, width=128, batch=64, steps=2, segments=8)
    plain, _ = bench.train("plain", bench.run_plain, args)
    for ur in (False, True):
        steps, _ = bench.train("ckpt", bench.run_sequential(ur), args)
        for s, r in zip(steps, plain):
            assert all(np.array_equal(a, b) for a, b in zip(s[2], r[2])) and s[3] == r[3]
            assert s[0] * 3 <= r[0], (ur, s[0], r[0], s[0] / r[0])
            assert s[1] * 3 <= r[1], (ur, s[1], r[1])
    # one checkpoint per block keeps each block's input only: about half here
    steps, _ = bench.train("per block", bench.run_per_block, args)
    for s, r in zip(steps, plain):
        assert all(np.array_equal(a, b) for a, b in zip(s[2], r[2]))
        assert 0.3 * r[1] < s[1] < 0.7 * r[1], (s[1], r[1])


def test_nested_checkpoint_and_create_graph():
    w = x64(4, 4)
    x = x64(3, 4)
    inner = lambda a: (a @ w).tanh()                                                     # noqa: E731
    outer = lambda a: checkpoint(inner, a.sin(), use_reentrant=False).cos() @ w           # noqa: E731
    ref = torch.autograd.grad((inner(x.sin()).cos() @ w).sum(), [x, w])
    got = torch.autograd.grad(checkpoint(outer, x, use_reentrant=False).sum(), [x, w])
    same(list(ref), list(got))
    # gradients of gradients (create_graph=True) through a non-reentrant checkpoint
    for make in (lambda a: a, lambda a: a * 1.5):
        xs = make(x)
        g_ref, = torch.autograd.grad(inner(xs).pow(3).sum(), xs, create_graph=True)
        gg_ref = torch.autograd.grad(g_ref.sin().sum(), [x, w], retain_graph=True)
        g, = torch.autograd.grad(checkpoint(inner, xs, use_reentrant=False).pow(3).sum(), xs, create_graph=True)
        same([g_ref], [g])
        for a, b in zip(gg_ref, torch.autograd.grad(g.sin().sum(), [x, w])):   # summed in another order
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-13, atol=1e-13)
    y = x * 2                    # an argument whose history leads to the captured w: refused
    with pytest.raises(RuntimeError, match="create_graph=True through a checkpoint"):
        torch.autograd.grad(checkpoint(inner, (x @ w), use_reentrant=False).sum(), x, create_graph=True)
    g, = torch.autograd.grad(checkpoint(lambda a, b: a * b, y, y, use_reentrant=False).sum(), y, create_graph=True)
    same([g], [2 * y])           # an argument passed twice
