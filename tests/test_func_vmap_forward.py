"""func.vmap, func.jvp / jacfwd / linearize / hessian: closed forms, per-sample gradients against
the loop, nesting, torch's errors, and (torch installed) the same values as torch.func."""
import numpy as np
import pytest

import pyautograd as T
import pyautograd.nn as nn
import pyautograd.nn.functional as F
from pyautograd.func import vmap, grad, jacrev, jacfwd, jvp, linearize, hessian, functional_call

RNG = np.random.default_rng(3)
W_NP = RNG.standard_normal((5, 4))
X_NP = RNG.standard_normal(4)
XS_NP = RNG.standard_normal((6, 4))


def _t(a):
    return T.tensor(a)


def close(a, b, tol=1e-12):
    np.testing.assert_allclose(np.asarray(a.detach().numpy() if isinstance(a, T.Tensor) else a), b, rtol=tol, atol=tol)


def _f(x):
    return (_t(W_NP) @ x).tanh()


def _jac_np(x):
    return (1 - np.tanh(W_NP @ x) ** 2)[:, None] * W_NP


def test_jacfwd_jvp_linearize_closed_forms():
    x = _t(X_NP)
    close(jacfwd(_f)(x), _jac_np(X_NP))
    u = RNG.standard_normal(4)
    out, tan = jvp(_f, (x,), (_t(u),))
    close(out, np.tanh(W_NP @ X_NP))
    close(tan, _jac_np(X_NP) @ u)
    out2, fn = linearize(_f, x)
    close(fn(_t(u)), _jac_np(X_NP) @ u)
    with pytest.raises(RuntimeError, match="doesn't match the shape"):
        fn(T.ones(5, dtype=T.float64))


def test_nested_forward_mode():
    x = _t(X_NP)

    def g(x):
        return _f(x).pow(2).sum()
    h = jacrev(jacrev(g))(x).numpy()
    close(jacfwd(jacfwd(g))(x), h, 1e-10)
    close(jacfwd(jacrev(g))(x), h, 1e-10)
    close(jacrev(jacfwd(g))(x), h, 1e-10)
    u, v = RNG.standard_normal(4), RNG.standard_normal(4)
    second = jvp(lambda y: jvp(g, (y,), (_t(u),))[1], (x,), (_t(v),))[1]
    close(second, v @ h @ u, 1e-10)
    close(jvp(grad(g), (x,), (_t(v),))[1], h @ v, 1e-10)
    # the public forward_ad keeps torch's one level
    with T.autograd.forward_ad.dual_level():
        with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported"):
            T.autograd.forward_ad.enter_dual_level()
    assert T.autograd.forward_ad._current_level == -1


def test_hessian_is_forward_over_reverse_and_matches_closed_form():
    x = _t(X_NP)
    h = hessian(lambda x: _f(x).pow(2).sum())(x)
    y = np.tanh(W_NP @ X_NP)
    d2 = 2 * (1 - y ** 2) * (1 - 3 * y ** 2)      # d2/dz2 tanh(z)^2
    close(h, W_NP.T @ np.diag(d2) @ W_NP, 1e-10)
    assert h.grad_fn is None


def test_vmap_batches_and_matches_the_loop():
    xs = _t(XS_NP)
    close(vmap(_f)(xs), np.tanh(XS_NP @ W_NP.T))
    close(vmap(jacrev(_f))(xs), np.stack([_jac_np(x) for x in XS_NP]))
    close(vmap(_f, in_dims=1, out_dims=1)(xs.T), np.tanh(XS_NP @ W_NP.T).T)
    close(vmap(vmap(lambda a, b: a * b))(xs.reshape(2, 3, 4), xs.reshape(2, 3, 4)), (XS_NP ** 2).reshape(2, 3, 4))
    got = vmap(lambda a, d: a["x"] * d, in_dims=({"x": 0}, None))({"x": xs}, _t(X_NP))
    close(got, XS_NP * X_NP)
    close(vmap(_f, chunk_size=4)(xs), np.tanh(XS_NP @ W_NP.T))
    # forward mode inside vmap: a batched primal (and a batched or shared tangent)
    close(vmap(jacfwd(_f))(xs), np.stack([_jac_np(x) for x in XS_NP]))
    us = RNG.standard_normal((6, 4))
    close(vmap(lambda x, u: jvp(_f, (x,), (u,))[1])(xs, _t(us)), np.stack([_jac_np(x) @ u for x, u in zip(XS_NP, us)]))
    close(vmap(lambda x: jvp(_f, (x,), (_t(us[0]),))[1])(xs), np.stack([_jac_np(x) @ us[0] for x in XS_NP]))
    close(vmap(vmap(jacfwd(_f)))(xs.reshape(3, 2, 4)), np.stack([_jac_np(x) for x in XS_NP]).reshape(3, 2, 5, 4))
    h = vmap(hessian(lambda x: _f(x).pow(2).sum()))(xs)
    close(h, np.stack([hessian(lambda x: _f(x).pow(2).sum())(_t(x)).numpy() for x in XS_NP]), 1e-10)


def test_per_sample_gradients_of_an_mlp_equal_the_loop():
    T.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 3)).double()
    params = {k: v.detach() for k, v in model.named_parameters()}
    x = T.randn(5, 8, dtype=T.float64)
    t = T.randint(0, 3, (5,))

    def loss(p, x, t):
        return F.cross_entropy(functional_call(model, p, (x.unsqueeze(0),)), t.unsqueeze(0))
    g = vmap(grad(loss), in_dims=(None, 0, 0))(params, x, t)
    for k in params:
        ref = np.stack([grad(loss)(params, x[i], t[i])[k].numpy() for i in range(5)])
        close(g[k], ref)
    # a batched tensor captured by a closure: still per-sample gradients
    w = _t(X_NP)
    pc = vmap(lambda xi: grad(lambda w: (w * xi).sum() ** 2)(w))(_t(XS_NP))
    close(pc, np.stack([2 * (X_NP @ x) * x for x in XS_NP]))


def test_vmap_errors_have_torchs_texts():
    xs = _t(XS_NP)
    with pytest.raises(RuntimeError, match="calling .item\\(\\) on a Tensor"):
        vmap(lambda a: a.sum().item())(xs)
    with pytest.raises(RuntimeError, match="data-dependent control flow"):
        vmap(lambda a: a if a.sum() > 0 else -a)(xs)
    with pytest.raises(ValueError, match="Expected all tensors to have the same size in the mapped dimension"):
        vmap(lambda a, b: a + b)(xs, T.ones(5, 4))
    with pytest.raises(ValueError, match="in_dims is not compatible with the structure of `inputs`"):
        vmap(lambda a: a, in_dims=(0, 0))(xs)
    with pytest.raises(ValueError, match="must only return Tensors"):
        vmap(lambda a: 3)(xs)
    with pytest.raises(ValueError, match="can not return a BatchedTensor when out_dim is None"):
        vmap(lambda a: a, out_dims=None)(xs)
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        y = T.zeros(4, dtype=T.float64)
        vmap(lambda a: y.add_(a))(xs)
    assert y.abs().sum().item() == 0        # nothing changed
    with pytest.raises(RuntimeError, match="randomness error mode"):
        vmap(lambda a: a * T.rand(4))(xs)
    assert tuple(vmap(lambda a: a * T.rand(4, dtype=T.float64), randomness="same")(xs).shape) == (6, 4)
    with pytest.raises(RuntimeError, match="Only allowed values for randomness"):
        vmap(lambda a: a, randomness="bogus")
    with pytest.raises(ValueError, match="chunk_size should be None or greater than 0"):
        vmap(lambda a: a, chunk_size=0)
    with pytest.raises(ValueError, match="got no inputs"):
        vmap(lambda: 1)()
    with pytest.raises(RuntimeError, match="backward\\(\\) called inside a functorch transform"):
        vmap(lambda a: a.sum().backward())(xs)
    with pytest.raises(RuntimeError, match="Expected primals to be a tuple"):
        jvp(_f, _t(X_NP), (_t(X_NP),))


def test_randomness_modes():
    x = T.zeros(3, 4, dtype=T.float64)
    same = vmap(lambda a: a + T.rand(4, dtype=T.float64), randomness="same")(x)
    assert (same[0] == same[1]).all().item()
    diff = vmap(lambda a: a + T.randn(4, dtype=T.float64), randomness="different")(x)
    assert not (diff[0] == diff[1]).all().item()
    masks = vmap(lambda a: F.dropout(a + 1, 0.5), randomness="different")(T.zeros(4, 500, dtype=T.float64))
    assert not (masks[0] == masks[1]).all().item() and set(np.unique(masks.numpy())) <= {0.0, 2.0}
    filled = vmap(lambda a: a.clone().uniform_(), randomness="different")(x)
    assert not (filled[0] == filled[1]).all().item() and 0 <= filled.min().item() and filled.max().item() < 1
    filled = vmap(lambda a: a.clone().normal_(), randomness="same")(x)
    assert (filled[0] == filled[1]).all().item()
    with pytest.raises(RuntimeError, match="different inplace randomness on an unbatched tensor"):
        vmap(lambda a: T.zeros(4).uniform_() + a, randomness="different")(x)
    with pytest.raises(RuntimeError, match="does not draw per sample"):
        vmap(lambda a: T.randperm(4) + a, randomness="different")(x)
    nested = vmap(vmap(lambda a: T.randn(()), randomness="different"), randomness="different")(T.zeros(2, 3))
    assert tuple(nested.shape) == (2, 3) and len(set(nested.numpy().ravel().tolist())) == 6


def test_batched_indices_masks_and_array_functions():
    x = T.tensor(RNG.standard_normal((3, 5)))
    idx = T.tensor([[0, 2], [1, 1], [4, 0]])
    close(vmap(lambda a, i: a[i])(x, idx), np.stack([x.numpy()[k][idx.numpy()[k]] for k in range(3)]))
    close(vmap(lambda a, i: T.gather(a, 0, i))(x, idx), np.take_along_axis(x.numpy(), idx.numpy(), 1))
    close(vmap(lambda a, i: a.gather(0, i), in_dims=(None, 0))(x[0], idx), x.numpy()[0][idx.numpy()])
    m = x > 0
    close(vmap(lambda a, mm: a.masked_fill(mm, 0.0))(x, m), np.where(m.numpy(), 0.0, x.numpy()))
    close(vmap(lambda a: T.where(a > 0, a, -a))(x), np.abs(x.numpy()))
    assert vmap(lambda a: T.count_nonzero(a > 0))(x).tolist() == (x.numpy() > 0).sum(1).tolist()
    assert vmap(lambda a: (a > 0).any())(x).tolist() == (x.numpy() > 0).any(1).tolist()
    assert vmap(lambda a: a.argmax())(x).tolist() == x.numpy().argmax(1).tolist()
    vals, ind = vmap(lambda a: a.max(0))(x)
    close(vals, x.numpy().max(1))
    assert ind.tolist() == x.numpy().argmax(1).tolist()

    def put(a, i, v):
        b = a.clone()
        b[i] = v
        return b
    got = vmap(put)(x, T.tensor([0, 1, 2]), T.tensor([9.0, 8.0, 7.0], dtype=T.float64))
    want = x.numpy().copy()
    want[[0, 1, 2], [0, 1, 2]] = [9.0, 8.0, 7.0]
    close(got, want)


def test_against_torch_func():
    torch = pytest.importorskip("torch")
    tf = torch.func
    W = torch.tensor(W_NP)
    xs = torch.tensor(XS_NP)

    def g(lib, w):
        return lambda x: (w @ x).tanh().pow(2).sum()
    close(vmap(grad(g(T, _t(W_NP))))(_t(XS_NP)), tf.vmap(tf.grad(g(torch, W)))(xs).numpy())
    close(jacfwd(_f)(_t(X_NP)), tf.jacfwd(lambda x: (W @ x).tanh())(torch.tensor(X_NP)).numpy())
    close(hessian(g(T, _t(W_NP)))(_t(X_NP)), tf.hessian(g(torch, W))(torch.tensor(X_NP)).numpy(), 1e-10)
    close(vmap(lambda a: a.softmax(0).cumsum(0))(_t(XS_NP)),
          tf.vmap(lambda a: a.softmax(0).cumsum(0))(xs).numpy())


def test_functional_forward_mode_jacobian_is_one_batched_pass_and_gradcheck_batched_forward_grad():
    x = _t(X_NP)
    for vec in (True, False):
        close(T.autograd.functional.jacobian(_f, x, strategy="forward-mode", vectorize=vec), _jac_np(X_NP))
    h = T.autograd.functional.hessian(lambda x: _f(x).pow(2).sum(), x, outer_jacobian_strategy="forward-mode",
                                      vectorize=True)
    close(h, hessian(lambda x: _f(x).pow(2).sum())(x).numpy(), 1e-10)
    xr = T.tensor(RNG.standard_normal((3, 4)), requires_grad=True)
    assert T.autograd.gradcheck(lambda a: (a.sin() * a).sum(1).softmax(0), (xr,), check_forward_ad=True,
                                check_batched_forward_grad=True)

    class ReadsValues(T.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

        @staticmethod
        def jvp(ctx, t):
            return T.tensor(t.numpy() * 2)     # reads the tangent's values: cannot be batched
    with pytest.raises(T.autograd.GradcheckError, match="While computing batched gradients, got: Cannot access "
                                                        "data pointer"):
        T.autograd.gradcheck(ReadsValues.apply, (xr,), check_forward_ad=True, check_batched_forward_grad=True)
    assert T.autograd.gradcheck(ReadsValues.apply, (xr,), check_forward_ad=True)
