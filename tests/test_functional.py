"""autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp."""
import numpy as np
import pytest

import pyautograd as torch
import pyautograd.autograd.functional as F


def _t(a, requires_grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=requires_grad)


RNG = np.random.default_rng(0)
X = RNG.standard_normal((2, 3))
Y = RNG.standard_normal(3)
A = RNG.standard_normal((4, 3))


def test_module_importable_like_torch():
    import pyautograd.autograd.functional as mod
    assert mod is torch.autograd.functional
    assert set(mod.__all__) == {"vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"}


# --------------------------------------------------------------- analytic --
@pytest.mark.parametrize("vectorize", [False, True])
@pytest.mark.parametrize("strategy", ["reverse-mode", "forward-mode"])
def test_jacobian_analytic(vectorize, strategy):
    x = _t(Y)
    J = F.jacobian(lambda v: _t(A) @ v, x, vectorize=vectorize, strategy=strategy)
    assert J.shape == (4, 3) and not J.requires_grad and J.grad_fn is None
    np.testing.assert_allclose(J.numpy(), A, rtol=1e-12)
    J = F.jacobian(lambda v: v ** 2, _t(X), vectorize=vectorize, strategy=strategy)
    assert J.shape == (2, 3, 2, 3)
    np.testing.assert_allclose(J.numpy().reshape(6, 6), np.diag(2 * X.reshape(-1)), rtol=1e-12)


@pytest.mark.parametrize("vectorize", [False, True])
def test_jacobian_tuple_shapes(vectorize):
    x, y = _t(X), _t(Y)

    def f(a, b):
        return a * b, a.sum() * b

    J = F.jacobian(f, (x, y), vectorize=vectorize)
    assert isinstance(J, tuple) and len(J) == 2 and all(isinstance(r, tuple) and len(r) == 2 for r in J)
    assert [tuple(j.shape) for j in J[0]] == [(2, 3, 2, 3), (2, 3, 3)]
    assert [tuple(j.shape) for j in J[1]] == [(3, 2, 3), (3, 3)]
    np.testing.assert_allclose(J[1][1].numpy(), X.sum() * np.eye(3), rtol=1e-12)
    np.testing.assert_allclose(J[1][0].numpy(), np.broadcast_to(Y[:, None, None], (3, 2, 3)), rtol=1e-12)
    # single input, tuple output -> tuple of tensors; tuple input, single output -> tuple of tensors
    J = F.jacobian(lambda a: (a * 2, a.sum()), x, vectorize=vectorize)
    assert isinstance(J, tuple) and [tuple(j.shape) for j in J] == [(2, 3, 2, 3), (2, 3)]
    J = F.jacobian(lambda a, b: (a * b).sum(1), (x, y), vectorize=vectorize)
    assert isinstance(J, tuple) and [tuple(j.shape) for j in J] == [(2, 2, 3), (2, 3)]
    np.testing.assert_allclose(J[1].numpy(), X, rtol=1e-12)
    # an input the output does not depend on gets zeros
    J = F.jacobian(lambda a, b: a * 2, (x, y), vectorize=vectorize)
    assert J[1].shape == (2, 3, 3) and float(J[1].abs().sum()) == 0.0


@pytest.mark.parametrize("vectorize", [False, True])
@pytest.mark.parametrize("strategy", ["reverse-mode", "forward-mode"])
def test_hessian_analytic(vectorize, strategy):
    x = _t(Y)
    M = RNG.standard_normal((3, 3))
    H = F.hessian(lambda v: v @ (_t(M) @ v), x, vectorize=vectorize, outer_jacobian_strategy=strategy)
    assert H.shape == (3, 3) and not H.requires_grad
    np.testing.assert_allclose(H.numpy(), M + M.T, rtol=1e-12, atol=1e-14)
    H = F.hessian(lambda v: (v ** 3).sum(), x, vectorize=vectorize, outer_jacobian_strategy=strategy)
    np.testing.assert_allclose(H.numpy(), np.diag(6 * Y), rtol=1e-12)


@pytest.mark.parametrize("vectorize", [False, True])
def test_hessian_tuple_inputs(vectorize):
    x, y = _t(Y), _t(Y[::-1].copy())
    H = F.hessian(lambda a, b: (a * b).sum() + (a ** 2).sum(), (x, y), vectorize=vectorize)
    assert isinstance(H, tuple) and all(isinstance(r, tuple) for r in H)
    np.testing.assert_allclose(H[0][0].numpy(), 2 * np.eye(3))
    np.testing.assert_allclose(H[0][1].numpy(), np.eye(3))
    np.testing.assert_allclose(H[1][0].numpy(), np.eye(3))
    np.testing.assert_allclose(H[1][1].numpy(), np.zeros((3, 3)))


def test_vectorize_matches_loop_on_a_nonlinear_function():
    x = _t(X)

    def f(a):
        return (a.exp() * a.sin()).sum(0), (a @ _t(Y)).tanh()

    J1 = F.jacobian(f, x)
    J2 = F.jacobian(f, x, vectorize=True)
    for a, b in zip(J1, J2):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)
    g = lambda a: (a.sin() * a.exp()).sum() * (a ** 2).mean()  # noqa: E731
    np.testing.assert_allclose(F.hessian(g, x).numpy(), F.hessian(g, x, vectorize=True).numpy(), rtol=1e-10)


@pytest.mark.parametrize("f", [
    lambda a: (a.reshape(3, 1) * a).sin().sum(),          # broadcasting: SumToSize in the inner backward
    lambda a: ((a.reshape(3, 1) + a) ** 3).sum(),
    lambda a: (torch.outer(a, a).sin() * a).sum(),
    lambda a: (a.reshape(3, 1).expand(3, 3) ** 3).sum(),
], ids=["mul_bcast", "add_bcast", "outer_mul", "expand"])
def test_vectorized_hessian_batch_size_equal_to_a_broadcast_dim(f):
    # the batch (3 hessian rows) has the size of the broadcast dims: a rule that guesses
    # whether its gradient is batched from its number of dims gets this silently wrong
    x = _t([0.5, 1.0, 1.5])
    np.testing.assert_allclose(F.hessian(f, x, vectorize=True).numpy(), F.hessian(f, x).numpy(), rtol=1e-10)


def test_vjp_jvp_hvp_vhp_analytic():
    x = _t(Y)
    v3 = _t(RNG.standard_normal(3))
    v4 = _t(RNG.standard_normal(4))
    out, r = F.vjp(lambda a: _t(A) @ a, x, v4)
    np.testing.assert_allclose(out.numpy(), A @ Y)
    np.testing.assert_allclose(r.numpy(), A.T @ v4.numpy(), rtol=1e-12)
    out, r = F.jvp(lambda a: _t(A) @ a, x, v3)
    np.testing.assert_allclose(r.numpy(), A @ v3.numpy(), rtol=1e-12)
    M = RNG.standard_normal((3, 3))
    f = lambda a: a @ (_t(M) @ a)  # noqa: E731
    out, r = F.hvp(f, x, v3)
    np.testing.assert_allclose(float(out), Y @ M @ Y)
    np.testing.assert_allclose(r.numpy(), (M + M.T) @ v3.numpy(), rtol=1e-12)
    out, r = F.vhp(f, x, v3)
    np.testing.assert_allclose(r.numpy(), v3.numpy() @ (M + M.T), rtol=1e-12)
    # scalar input and output: v may be None
    s = _t(2.0)
    out, r = F.vjp(lambda a: a ** 3, s)
    assert float(r) == pytest.approx(12.0)
    out, r = F.jvp(lambda a: a ** 3, s)
    assert float(r) == pytest.approx(12.0)
    out, r = F.hvp(lambda a: a ** 3, s)
    assert float(r) == pytest.approx(12.0)


def test_tuple_vjp_jvp():
    x, y = _t(X), _t(Y)
    f = lambda a, b: (a * b, b.exp())  # noqa: E731
    v = (_t(np.ones((2, 3))), _t(np.ones(3)))
    out, r = F.vjp(f, (x, y), v)
    assert isinstance(out, tuple) and isinstance(r, tuple)
    np.testing.assert_allclose(r[0].numpy(), np.broadcast_to(Y, (2, 3)))
    np.testing.assert_allclose(r[1].numpy(), X.sum(0) + np.exp(Y))
    out, r = F.jvp(f, (x, y), (_t(np.ones((2, 3))), _t(np.zeros(3))))
    np.testing.assert_allclose(r[0].numpy(), np.broadcast_to(Y, (2, 3)))
    np.testing.assert_allclose(r[1].numpy(), np.zeros(3))


def test_create_graph_keeps_graph_and_default_detaches():
    x = _t(Y, requires_grad=True)
    J = F.jacobian(lambda a: a ** 3, x, create_graph=True)
    assert J.requires_grad
    (d,) = torch.autograd.grad(J.sum(), x)
    np.testing.assert_allclose(d.numpy(), 6 * Y, rtol=1e-12)
    H = F.hessian(lambda a: (a ** 4).sum(), x, create_graph=True, vectorize=True)
    assert H.requires_grad
    (d,) = torch.autograd.grad(H.sum(), x)
    np.testing.assert_allclose(d.numpy(), 24 * Y, rtol=1e-12)
    out, r = F.vjp(lambda a: a ** 2, x, _t(np.ones(3)))
    assert not out.requires_grad and not r.requires_grad
    assert x.grad is None


# ----------------------------------------------------------------- errors --
def test_errors_match_pytorch_texts():
    x = _t(np.ones(3))
    y = _t(np.ones(2))
    with pytest.raises(RuntimeError, match=r"^The vector v can only be None if the user-provided function returns "
                                           r"a single Tensor with a single element\.$"):
        F.vjp(lambda a: a * 2, x)
    with pytest.raises(RuntimeError, match=r"^v has invalid size: should be torch\.Size\(\[3\]\) but got "
                                           r"torch\.Size\(\[2\]\)\.$"):
        F.vjp(lambda a: a * 2, x, y)
    with pytest.raises(RuntimeError, match=r"^v is a tuple of invalid length: should be 2 but got 1\.$"):
        F.vjp(lambda a: (a * 2, a), x, (x,))
    with pytest.raises(RuntimeError, match=r"^Entry 1 in v has invalid size"):
        F.vjp(lambda a: (a * 2, a), x, (x, y))
    with pytest.raises(TypeError, match=r"^The inputs given to vjp must be either a Tensor or a tuple of Tensors "
                                        r"but the value at index 1 has type <class 'int'>\.$"):
        F.vjp(lambda a: a * 2, (x, 3))
    with pytest.raises(TypeError, match=r"but the given inputs has type <class 'int'>\.$"):
        F.jacobian(lambda a: a * 2, 3)
    with pytest.raises(RuntimeError, match=r"^Output 0 of the user-provided function is independent of input 1\. "
                                           r"This is not allowed in strict mode\.$"):
        F.jacobian(lambda a, b: a * 2, (x, y), strict=True)
    with pytest.raises(RuntimeError, match=r"^Output 0 of the user-provided function does not require gradients"):
        F.jacobian(lambda a: _t(np.ones(3)), x, strict=True)
    with pytest.raises(RuntimeError, match=r"`strict=True` and `vectorized=True` are not supported together"):
        F.jacobian(lambda a: a * 2, x, strict=True, vectorize=True)
    with pytest.raises(AssertionError, match=r'Expected strategy to be either "forward-mode" or "reverse-mode"'):
        F.jacobian(lambda a: a * 2, x, strategy="foo")
    with pytest.raises(RuntimeError, match=r"^The Tensor returned by the function given to hessian should contain "
                                           r"a single element$"):
        F.hessian(lambda a: a * 2, x)
    with pytest.raises(RuntimeError, match=r"^The function given to hessian should return a single Tensor$"):
        F.hessian(lambda a: (a * 2, a), x)
    with pytest.raises(RuntimeError, match=r"^While computing the hessian, found that the jacobian of the "
                                           r"user-provided function with respect to input 0 is independent"):
        F.hessian(lambda a: (a * 2).sum(), x, strict=True)
    with pytest.raises(RuntimeError, match=r"^The Tensor returned by the function given to hvp should contain"):
        F.hvp(lambda a: a ** 2, x, x)
    with pytest.raises(RuntimeError, match=r"^The vector v can only be None if the input to the user-provided "
                                           r"function is a single Tensor with a single element\.$"):
        F.jvp(lambda a: a ** 2, x)
    with pytest.raises(RuntimeError, match=r"^The output of the user-provided function is independent of input 1\. "
                                           r"This is not allowed in strict mode\.$"):
        F.vjp(lambda a, b: a ** 2, (x, y), x, strict=True)
    with pytest.raises(RuntimeError, match=r"^The output of the user-provided function is independent of input 1"):
        F.jvp(lambda a, b: a ** 2, (x, y), (x, y), strict=True)


# ------------------------------------------------------ torch differential --
def _to_np(r):
    if isinstance(r, tuple):
        return tuple(_to_np(e) for e in r)
    return r.detach().numpy()


def _assert_same(a, b):
    if isinstance(b, tuple):
        assert isinstance(a, tuple) and len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
        return
    assert a.shape == b.shape
    np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("vectorize", [False, True])
def test_against_torch(vectorize):
    T = pytest.importorskip("torch")
    TF = T.autograd.functional

    def funcs(lib):
        return {
            "f1": (lambda a: (a.exp() * a.sin()).sum(0)),
            "f2": (lambda a, b: (a * b, (a @ b).tanh(), a.sum() * b.sum())),
            "f3": (lambda a, b: ((a * b).sin().sum() + (a ** 3).sum() * b.pow(2).sum())),
            "f4": (lambda a: (a ** 3).sum() * a.prod()),
        }

    P, Q = funcs(torch), funcs(T)
    px, py = _t(X), _t(Y)
    tx, ty = T.tensor(X), T.tensor(Y)
    _assert_same(_to_np(F.jacobian(P["f1"], px, vectorize=vectorize)), _to_np(TF.jacobian(Q["f1"], tx)))
    _assert_same(_to_np(F.jacobian(P["f2"], (px, py), vectorize=vectorize)),
                 _to_np(TF.jacobian(Q["f2"], (tx, ty))))
    _assert_same(_to_np(F.hessian(P["f3"], (px, py), vectorize=vectorize)), _to_np(TF.hessian(Q["f3"], (tx, ty))))
    _assert_same(_to_np(F.hessian(P["f4"], px, vectorize=vectorize)), _to_np(TF.hessian(Q["f4"], tx)))
    v = RNG.standard_normal(3)
    _assert_same(_to_np(F.vjp(P["f1"], px, _t(v))), _to_np(TF.vjp(Q["f1"], tx, T.tensor(v))))
    _assert_same(_to_np(F.jvp(P["f1"], px, _t(2 * X))), _to_np(TF.jvp(Q["f1"], tx, T.tensor(2 * X))))
    _assert_same(_to_np(F.hvp(P["f3"], (px, py), (_t(2 * X), _t(v)))),
                 _to_np(TF.hvp(Q["f3"], (tx, ty), (T.tensor(2 * X), T.tensor(v)))))
    _assert_same(_to_np(F.vhp(P["f3"], (px, py), (_t(2 * X), _t(v)))),
                 _to_np(TF.vhp(Q["f3"], (tx, ty), (T.tensor(2 * X), T.tensor(v)))))


def test_custom_function_inside_jacobian_and_hessian():
    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 3 * x ** 2

    x = _t([1.0, 2.0, 3.0])
    for vectorize in (False, True):
        np.testing.assert_allclose(F.jacobian(Cube.apply, x, vectorize=vectorize).numpy(), np.diag([3.0, 12.0, 27.0]))
        np.testing.assert_allclose(F.hessian(lambda a: Cube.apply(a).sum(), x, vectorize=vectorize).numpy(),
                                   np.diag([6.0, 12.0, 18.0]))


@pytest.mark.parametrize("vectorize", [False, True])
def test_small_network_hessian_and_jacobian_against_torch(vectorize):
    T = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    Xd, Wd, bd = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), np.array([0.3, -0.2])

    def loss(X):
        def f(W, b):
            h = (X @ W + b).tanh()
            return (h.logsumexp(1) - h.softmax(1)[:, 0].log()).mean() + (W ** 2).sum() * 0.1
        return f

    H1 = F.hessian(loss(_t(Xd)), (_t(Wd), _t(bd)), vectorize=vectorize)
    H2 = T.autograd.functional.hessian(loss(T.tensor(Xd)), (T.tensor(Wd), T.tensor(bd)))
    _assert_same(_to_np(H1), _to_np(H2))
    J1 = F.jacobian(lambda W: (_t(Xd) @ W).softmax(1), _t(Wd), vectorize=vectorize)
    J2 = T.autograd.functional.jacobian(lambda W: (T.tensor(Xd) @ W).softmax(1), T.tensor(Wd))
    _assert_same(_to_np(J1), _to_np(J2))
