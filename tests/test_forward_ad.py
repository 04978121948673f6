"""pyautograd.autograd.forward_ad: the API and its errors, views and in-place ops, custom
Functions, autograd.functional / gradcheck in forward mode, PyTorch's forward-AD tutorial, and
differential programs against torch.autograd.forward_ad (skipped without torch)."""
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import pyautograd as T
import pyautograd.nn as nn
from pyautograd.autograd import forward_ad as fwAD

try:
    import torch
    import torch.autograd.forward_ad as tfwAD
except ImportError:     # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")


def _t(a, **kw):
    return T.tensor(np.asarray(a, dtype=np.float64), **kw)


# ------------------------------------------------------------------ API and errors --
def test_levels_and_unpack():
    x = _t([1.0, 2.0])
    u = fwAD.unpack_dual(x)
    assert u.primal is x and u.tangent is None and isinstance(u, fwAD.UnpackedDualTensor)
    assert fwAD.UnpackedDualTensor._fields == ("primal", "tangent")
    with fwAD.dual_level() as level:
        assert level == 0
        v = _t([1.0, 0.0])
        d = fwAD.make_dual(x, v)
        p, t = fwAD.unpack_dual(d)
        assert t is v and p._base is not None and fwAD.unpack_dual(p).tangent is None
        np.testing.assert_array_equal(p.numpy(), x.numpy())
        assert fwAD.unpack_dual(x).tangent is None
    assert fwAD.unpack_dual(d).tangent is None      # the level's tangents are gone
    assert fwAD.enter_dual_level() == 0
    fwAD.exit_dual_level()


def test_errors_are_torchs():
    x, v = _t([1.0, 2.0]), _t([1.0, 0.0])
    with pytest.raises(RuntimeError, match=r"^Trying to create a dual Tensor for forward AD but no level exists, "
                                           r"make sure to enter_dual_level\(\) first\.$"):
        fwAD.make_dual(x, v)
    with pytest.raises(RuntimeError, match=r"^Dual level must be a positive number\.$"):
        fwAD.exit_dual_level()
    with fwAD.dual_level():
        with pytest.raises(RuntimeError, match=r"^Nested forward mode AD is not supported at the moment$"):
            fwAD.enter_dual_level()
        with pytest.raises(RuntimeError, match=re.escape(
                "Trying to set a forward gradient that has a different size than that of the original Tensor, this "
                "is not supported. Tensor is of size [2] while the given forward gradient is of size [3].")):
            fwAD.make_dual(x, _t([1.0, 2.0, 3.0]))
        with pytest.raises(ValueError, match=r"^Expected tangent to be floating point or complex, but got: "
                                             r"torch\.int64$"):
            fwAD.make_dual(x, T.tensor([1, 2]))
        with pytest.raises(ValueError, match=r"^Expected primal to be floating point or complex, but got: "
                                             r"torch\.int64$"):
            fwAD.make_dual(T.tensor([1, 2]), v)
        d = fwAD.make_dual(x, v)
        with pytest.raises(RuntimeError, match=r"^Making a dual Tensor based on a Tensor that already has a forward "
                                               r"gradient at the same level 0 is not supported\.$"):
            fwAD.make_dual(d, v)
        with pytest.raises(RuntimeError, match=r"^Invalid level given to _make_dual$"):
            fwAD.make_dual(x, v, level=3)
        with pytest.raises(RuntimeError, match=r"^Invalid level given to _fw_primal$"):
            fwAD.unpack_dual(d, level=3)
        with pytest.raises(TypeError, match=r"^_unpack_dual\(\): argument 'dual' \(position 1\) must be Tensor, "
                                            r"not float$"):
            fwAD.unpack_dual(3.0)
        with pytest.raises(RuntimeError, match=r"^Trying to exit a forward AD level that was not the last one that "
                                               r"was created\. This is not supported\.$"):
            fwAD.exit_dual_level(level=4)


def test_an_op_without_jvp_raises_torchs_text():
    from pyautograd.ops._registry import Op

    class NoJvp(Op):
        name = "NoJvpBackward0"

        @staticmethod
        def forward(ctx, x):
            return x._data * 2

        @staticmethod
        def vjp(F, ctx, g):
            return g * 2

    from pyautograd import _core
    with fwAD.dual_level():
        d = fwAD.make_dual(_t([1.0]), _t([1.0]))
        with pytest.raises(NotImplementedError, match=re.escape(
                "Trying to use forward AD with nojvp that does not support it because it has not been implemented "
                "yet.\nPlease file an issue to PyTorch at https://github.com/pytorch/pytorch/issues/new?template="
                "feature-request.yml so that we can prioritize its implementation.")):
            _core.apply_op(NoJvp, (d,))
    from pyautograd.ops import _registry
    _registry.ALL_OPS.remove(NoJvp)


def test_repr_shows_the_tangent():
    with fwAD.dual_level():
        d = fwAD.make_dual(_t([1.0, 2.0]), _t([1.0, 0.0]))
        assert repr(d * 2) == ("tensor([2., 4.], dtype=torch.float64,\n"
                               "       tangent=tensor([2., 0.], dtype=torch.float64))")     # as torch wraps it
        f = fwAD.make_dual(T.tensor([1.0, 2.0]), T.tensor([1.0, 0.0]))
        assert repr(f * 2) == "tensor([2., 4.], tangent=tensor([2., 0.]))"
    assert repr(d * 2) == "tensor([2., 4.], dtype=torch.float64)"


def test_scalar_chain_takes_the_compiled_paths_back():
    with fwAD.dual_level():
        x = fwAD.make_dual(_t(2.0), _t(1.0))
        y = x
        for _ in range(10):
            y = y * x + x.sin() - 1.0 / x
        yt = fwAD.unpack_dual(y).tangent
        z = _t(3.0)
        z += x          # the compiled in-place path falls back when a tangent is there
        assert fwAD.unpack_dual(z).tangent.item() == 1.0
    import math

    def f(a):
        y = a
        for _ in range(10):
            y = y * a + math.sin(a) - 1.0 / a
        return y
    num = (f(2.0 + 1e-6) - f(2.0 - 1e-6)) / 2e-6
    assert abs(yt.item() - num) < 1e-4 * abs(num)


def test_detach_drops_the_tangent_no_grad_keeps_it():
    with fwAD.dual_level():
        d = fwAD.make_dual(_t([1.0, 2.0]), _t([1.0, 1.0]))
        assert fwAD.unpack_dual(d.detach()).tangent is None
        with T.no_grad():
            assert fwAD.unpack_dual(d * 3).tangent.tolist() == [3.0, 3.0]
        assert fwAD.unpack_dual(d > 1).tangent is None


def test_views_and_inplace():
    with fwAD.dual_level():
        x = fwAD.make_dual(_t([1.0, 2.0, 3.0]), _t([0.0, 1.0, 2.0]))
        t = fwAD.unpack_dual(x).tangent
        v = x[1:]
        vt = fwAD.unpack_dual(v).tangent
        assert np.shares_memory(vt.numpy(), t.numpy())      # the tangent of a view is a view of the tangent
        y = x.clone()
        yt = fwAD.unpack_dual(y).tangent
        y.mul_(2)
        assert fwAD.unpack_dual(y).tangent is yt and yt.tolist() == [0.0, 2.0, 4.0]   # changed in place
        y.exp_()
        np.testing.assert_allclose(yt.numpy(), np.array([0.0, 2.0, 4.0]) * np.exp([2.0, 4.0, 6.0]))
        # an in-place op through a view of a tensor without tangent: the base gets one
        b = T.zeros(3, dtype=T.float64)
        b[1:].copy_(x[:2])
        assert fwAD.unpack_dual(b).tangent.tolist() == [0.0, 0.0, 1.0]
        c = T.zeros(3, dtype=T.float64)
        cv = c[1:]
        cv.mul_(x[:2])
        assert fwAD.unpack_dual(c).tangent.tolist() == [0.0, 0.0, 0.0]
        # an in-place op on a view changes the base's tangent
        z = x.clone()
        z[0].mul_(10)
        assert fwAD.unpack_dual(z).tangent.tolist() == [0.0, 1.0, 2.0]
        z[1:].mul_(10)
        assert fwAD.unpack_dual(z).tangent.tolist() == [0.0, 10.0, 20.0]


# --------------------------------------------------------- second order both ways --
def test_hvp_forward_over_reverse_and_reverse_over_forward():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((4, 4))
    xv, u = rng.standard_normal(4), rng.standard_normal(4)

    def f(x):
        return (T.tanh(_t(W) @ x) ** 2).sum()

    x = _t(xv, requires_grad=True)
    g, = T.autograd.grad(f(x), x, create_graph=True)
    ref, = T.autograd.grad((g * _t(u)).sum(), x)
    with fwAD.dual_level():
        d = fwAD.make_dual(x, _t(u))
        g2, = T.autograd.grad(f(d), d)
        fwd_rev = fwAD.unpack_dual(g2).tangent
    with fwAD.dual_level():
        d = fwAD.make_dual(x, _t(u))
        jt = fwAD.unpack_dual(f(d)).tangent
        rev_fwd, = T.autograd.grad(jt, x)
    np.testing.assert_allclose(fwd_rev.numpy(), ref.numpy(), rtol=1e-12)
    np.testing.assert_allclose(rev_fwd.numpy(), ref.numpy(), rtol=1e-12)


# ---------------------------------------------------------------- custom Functions --
class _Mul(T.autograd.Function):
    @staticmethod
    def forward(ctx, x, y, k):
        ctx.save_for_forward(x, y)
        ctx.k = k
        return x * y * k

    @staticmethod
    def jvp(ctx, xt, yt, kt):
        assert kt is None
        x, y = ctx.saved_tensors
        return ctx.k * (xt * y + x * yt)

    @staticmethod
    def backward(ctx, g):
        return g, g, None


def test_function_jvp_and_errors():
    with fwAD.dual_level():
        x = fwAD.make_dual(_t([1.0, 1.0]), _t([1.0, 1.0]))
        r = _Mul.apply(x, _t([2.0, 2.0]), 3)
        assert fwAD.unpack_dual(r).tangent.tolist() == [6.0, 6.0]

        class NoJvp(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g
        assert NoJvp.apply(_t([1.0])).tolist() == [2.0]
        with pytest.raises(NotImplementedError, match=r"^You must implement the jvp function for custom "
                                                      r"autograd\.Function to use it with forward mode AD\.$"):
            NoJvp.apply(x)

        class Two(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2, x * 3

            @staticmethod
            def jvp(ctx, t):
                return t * 2
        with pytest.raises(RuntimeError, match=r"^Function's jvp returned an invalid number of forward gradients "
                                               r"\(expected 2 but got 1\)$"):
            Two.apply(x)

        class Bad(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_forward(3)
                return x
        with pytest.raises(AssertionError, match="save_for_forward expects all arguments to be tensors"):
            Bad.apply(x)

        class Dirty(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.mul_(2)
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def jvp(ctx, t):
                t.mul_(2)
                return t
        z = x.clone()
        Dirty.apply(z)
        assert fwAD.unpack_dual(z).tangent.tolist() == [2.0, 2.0]

        class Dirty2(Dirty):
            @staticmethod
            def jvp(ctx, t):
                return t * 2
        with pytest.raises(RuntimeError, match=r"^An inplace custom Function is not modifying the forward mode "
                                               r"gradients inplace\."):
            Dirty2.apply(x.clone())


# --------------------------------------------------------- functional and gradcheck --
def test_functional_forward_mode():
    F = T.autograd.functional
    rng = np.random.default_rng(1)
    W, xv, v = rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal(4)

    def f(x):
        return T.tanh(_t(W) @ x)
    out, jv = F.jvp(f, _t(xv), _t(v))
    J = (1 - np.tanh(W @ xv) ** 2)[:, None] * W
    np.testing.assert_allclose(jv.numpy(), J @ v, rtol=1e-12)
    for vec in (False, True):
        Jf = F.jacobian(f, _t(xv), strategy="forward-mode", vectorize=vec)
        np.testing.assert_allclose(Jf.numpy(), J, rtol=1e-12)
        H = F.hessian(lambda x: (f(x) ** 2).sum(), _t(xv), outer_jacobian_strategy="forward-mode", vectorize=vec)
        Hr = F.hessian(lambda x: (f(x) ** 2).sum(), _t(xv))
        np.testing.assert_allclose(H.numpy(), Hr.numpy(), rtol=1e-10, atol=1e-12)


def test_gradcheck_check_forward_ad():
    x = _t(np.random.default_rng(2).standard_normal((2, 3)), requires_grad=True)
    assert T.autograd.gradcheck(lambda a: (a.sin() * a).sum(1).softmax(0), (x,), check_forward_ad=True)

    class WrongJvp(T.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def jvp(ctx, t):
            return t * 3

        @staticmethod
        def backward(ctx, g):
            return g * 2
    with pytest.raises(T.autograd.GradcheckError, match=r"^Jacobian computed with forward mode mismatch for output 0 "
                                                        r"with respect to input 0,"):
        T.autograd.gradcheck(WrongJvp.apply, (x,), check_forward_ad=True)


# ------------------------------------------------------------------- the tutorial --
TUTORIAL = textwrap.dedent('''
    import torch
    import torch.autograd.forward_ad as fwAD
    import torch.nn as nn

    primal = torch.randn(10, 10)
    tangent = torch.randn(10, 10)

    def fn(x, y):
        return x ** 2 + y ** 2

    with fwAD.dual_level():
        dual_input = fwAD.make_dual(primal, tangent)
        assert fwAD.unpack_dual(dual_input).tangent is tangent
        dual_input_alt = fwAD.make_dual(primal, tangent.T)
        assert fwAD.unpack_dual(dual_input_alt).tangent is not tangent
        plain_tensor = torch.randn(10, 10)
        dual_output = fn(dual_input, plain_tensor)
        jvp = fwAD.unpack_dual(dual_output).tangent
    assert fwAD.unpack_dual(dual_output).tangent is None

    model = nn.Linear(5, 5)
    input = torch.randn(16, 5)
    params = {name: p for name, p in model.named_parameters()}
    tangents = {name: torch.rand_like(p) for name, p in params.items()}
    with fwAD.dual_level():
        for name, p in params.items():
            delattr(model, name)
            setattr(model, name, fwAD.make_dual(p, tangents[name]))
        out = model(input)
        jvp = fwAD.unpack_dual(out).tangent

    class Fn(torch.autograd.Function):
        @staticmethod
        def forward(ctx, foo):
            result = torch.exp(foo)
            ctx.result = result
            return result

        @staticmethod
        def jvp(ctx, gI):
            gO = gI * ctx.result
            del ctx.result
            return gO

    fn = Fn.apply
    primal = torch.randn(10, 10, dtype=torch.double, requires_grad=True)
    tangent = torch.randn(10, 10)
    with fwAD.dual_level():
        dual_input = fwAD.make_dual(primal, tangent)
        dual_output = fn(dual_input)
        jvp = fwAD.unpack_dual(dual_output).tangent
    torch.autograd.gradcheck(Fn.apply, (primal,), check_forward_ad=True,
                             check_backward_ad=False, check_undefined_grad=False,
                             check_batched_grad=False)

    import functools
    from torch.func import jvp, functional_call

    x = torch.randn([])
    x_t = torch.randn([])
    y = torch.randn([])
    y_t = torch.randn([])

    def fn(x, y):
        return x ** 2 + y ** 2

    primal_out, tangent_out = jvp(fn, (x, y), (x_t, y_t))
    assert torch.allclose(tangent_out, 2 * x * x_t + 2 * y * y_t)
    new_fn = functools.partial(fn, y=y)
    primal_out, tangent_out = jvp(new_fn, (x,), (x_t,))
    assert torch.allclose(tangent_out, 2 * x * x_t)

    model = nn.Linear(5, 5)
    input = torch.randn(16, 5)
    params = {name: p for name, p in model.named_parameters()}
    tangents = {name: torch.rand_like(p) for name, p in params.items()}

    def func(params, input):
        return functional_call(model, params, input)
    primal_out, tangent_out = jvp(lambda params: func(params, input), (params,), (tangents,))
    assert torch.allclose(tangent_out, input @ tangents["weight"].T + tangents["bias"], atol=1e-6)
    print("tutorial ok")
''')


def test_forward_ad_tutorial_runs_unchanged(tmp_path):
    # "import torch" resolves to a shim that is pyautograd (as a user would alias it)
    shim = tmp_path / "torch"
    shim.mkdir()
    (shim / "__init__.py").write_text("import sys, pyautograd\nsys.modules['torch'] = pyautograd\n"
                                      "sys.modules['torch.nn'] = pyautograd.nn\n"
                                      "sys.modules['torch.autograd'] = pyautograd.autograd\n"
                                      "sys.modules['torch.autograd.forward_ad'] = pyautograd.autograd.forward_ad\n"
                                      "sys.modules['torch.func'] = pyautograd.func\n")
    script = tmp_path / "tutorial.py"
    script.write_text(TUTORIAL)
    env_path = str(tmp_path)
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                       env={"PYTHONPATH": env_path + ":" + ":".join(p for p in sys.path if p)})
    assert r.returncode == 0, r.stderr
    assert "tutorial ok" in r.stdout


# ------------------------------------------------------------- against torch --
PROGRAMS = [
    lambda M, x, y: (x.sin() * y + x.exp() / (1 + y * y)).sum(0),
    lambda M, x, y: M.matmul(x, y.t()).softmax(-1),
    lambda M, x, y: M.cat([x, y], 0).cumsum(1).max(1)[0],
    lambda M, x, y: (x - y).abs().pow(1.5).mean(),
    lambda M, x, y: M.where(x > 0, x * y, y.tanh()).log_softmax(0),
    lambda M, x, y: x.reshape(3, 2).transpose(0, 1)[1:].norm(),
    lambda M, x, y: M.stack([x, y]).prod(0).var(1),
    lambda M, x, y: x.clamp(-0.5, 0.5) + M.maximum(x, y) - M.minimum(x, y),
    lambda M, x, y: M.nn.functional.mse_loss(x.sigmoid(), y.sigmoid()),
    lambda M, x, y: M.nn.functional.cross_entropy(x, M.tensor([0, 2])),
    lambda M, x, y: x.unsqueeze(0).expand(4, 2, 3).sum((0, 2)),
    lambda M, x, y: M.logsumexp(x * y, 1) + x.amax(1),
]


def _inplace_program(M, x, y):
    z = x.clone()
    z[0] = y[1]
    z.mul_(y)
    w = z.view(-1)
    w[1:3].add_(x.reshape(-1)[:2])
    z.exp_()
    return z


PROGRAMS.append(_inplace_program)


@needs_torch
@pytest.mark.parametrize("k", range(len(PROGRAMS)))
def test_against_torch(k):
    rng = np.random.default_rng(k)
    xa, ya, ua, va = (rng.standard_normal((2, 3)) for _ in range(4))
    prog = PROGRAMS[k]
    with fwAD.dual_level():
        out = prog(T, fwAD.make_dual(_t(xa), _t(ua)), fwAD.make_dual(_t(ya), _t(va)))
        p, t = fwAD.unpack_dual(out)
        p, t = p.numpy(), t.numpy()
    with tfwAD.dual_level():
        tt = lambda a: torch.tensor(a, dtype=torch.float64)     # noqa: E731
        out = prog(torch, tfwAD.make_dual(tt(xa), tt(ua)), tfwAD.make_dual(tt(ya), tt(va)))
        tp, tt_ = tfwAD.unpack_dual(out)
    np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(t, tt_.detach().numpy(), rtol=1e-10, atol=1e-12)


def _rof_exp_(M, x):
    y = x * 1
    y.exp_()
    return y


def _rof_view_exp_(M, x):
    y = x * 1
    y[1:].exp_()
    return y


def _rof_view_mul_(M, x):
    y = x * 1
    y[1:].mul_(x[1:])
    z = y.clone()
    z[0].add_(y[2] * x[0])
    return z


@needs_torch
@pytest.mark.parametrize("prog", [_rof_exp_, _rof_view_exp_, _rof_view_mul_], ids=lambda f: f.__name__)
def test_reverse_over_forward_through_inplace_against_torch(prog):
    """The gradient of a tangent made through in-place ops (on views too) is torch's."""
    xa, ua = np.array([1.0, 2.0, 3.0]), np.array([1.0, 10.0, 100.0])
    res = []
    for M, fw in ((T, fwAD), (torch, tfwAD)):
        p = M.tensor(xa, dtype=M.float64, requires_grad=True)
        with fw.dual_level():
            out = prog(M, fw.make_dual(p, M.tensor(ua, dtype=M.float64)))
            t = fw.unpack_dual(out).tangent
            g, = M.autograd.grad((t * M.tensor([1.0, 2.0, 3.0], dtype=M.float64)).sum(), p)
            res.append((t.detach().numpy().copy(), g.detach().numpy().copy()))
    np.testing.assert_allclose(res[0][0], res[1][0], rtol=1e-12)
    np.testing.assert_allclose(res[0][1], res[1][1], rtol=1e-12)


@needs_torch
def test_complex_views_inplace_against_torch():
    res = []
    for M, fw in ((T, fwAD), (torch, tfwAD)):
        with fw.dual_level():
            z = fw.make_dual(M.tensor([1 + 2j, 3 - 1j]), M.tensor([1 + 1j, 2j]))
            w = z * 1
            w.real.mul_(3)
            a = M.zeros(2, dtype=M.complex64)
            a.imag.copy_(fw.make_dual(M.tensor([1.0, 2.0]), M.tensor([5.0, 6.0])))
            res.append([fw.unpack_dual(v).tangent.numpy().copy() for v in (w, w.imag, M.view_as_real(w), a)])
    for a, b in zip(*res):
        np.testing.assert_allclose(a, b, rtol=1e-6)
