"""autograd.graph: saved-tensor hooks (pack/unpack, nesting, disable, save_on_cpu,
allow_mutation_on_saved_tensors), gradient edges in autograd.grad, multi-grad hooks, Node,
increment_version and the engine's queue_callback; texts recorded from torch 2.13."""
import pytest

import pyautograd as T
from pyautograd.autograd import graph as G


def test_saved_tensors_hooks_pack_and_unpack_every_saved_tensor():
    x = T.ones(3, requires_grad=True)
    log = []

    def pack(t):
        log.append(("pack", tuple(t.shape), t.requires_grad))
        return t

    def unpack(t):
        log.append(("unpack",))
        return t
    with G.saved_tensors_hooks(pack, unpack):
        y = x.exp()                 # saves its result
        z = (y * x).sum()           # saves y and x
    assert sorted(log) == [("pack", (3,), True)] * 3
    log.clear()
    z.backward()
    assert log == [("unpack",)] * 3
    assert T.allclose(x.grad, 2 * T.exp(T.ones(3)))


def test_hooks_decide_what_is_kept():
    a = T.ones(3, requires_grad=True)
    b = a * 1
    with G.saved_tensors_hooks(lambda t: t.clone(), lambda t: t):
        c = (b * b).sum()
    b.mul_(2)                       # no version error: the copy made at save time is used
    c.backward()
    assert a.grad.tolist() == [2.0, 2.0, 2.0]
    a = T.ones(3, requires_grad=True)
    with G.saved_tensors_hooks(lambda t: 5, lambda p: p):
        c = (a * a).sum()
    with pytest.raises(TypeError, match="^Output of saved tensor unpack_hook expected to be a Tensor but got result "
                                        "of type int$"):
        c.backward()


def test_nesting_disable_and_save_on_cpu():
    a = T.ones(3, requires_grad=True)
    used = []
    with G.saved_tensors_hooks(lambda t: ("outer", t), lambda p: p[1]):
        with G.saved_tensors_hooks(lambda t: ("inner", t), lambda p: (used.append(p[0]), p[1])[1]):
            c = (a * a).sum()
    c.backward()
    assert used == ["inner", "inner"]
    with G.disable_saved_tensors_hooks("no hooks here"):
        with pytest.raises(RuntimeError, match="^no hooks here$"):
            with G.saved_tensors_hooks(lambda t: t, lambda t: t):
                pass
    with G.save_on_cpu(pin_memory=True):
        q = (a * a).sum()
    a.grad = None
    q.backward()
    assert a.grad.tolist() == [2.0, 2.0, 2.0]


def test_custom_function_saves_are_packed_once():
    class Double(T.autograd.Function):
        @staticmethod
        def forward(ctx, u):
            ctx.save_for_backward(u)
            return u * 2

        @staticmethod
        def backward(ctx, g):
            (u,) = ctx.saved_tensors
            return g * 2
    counts = [0, 0]

    def pack(t):
        counts[0] += 1
        return t

    def unpack(t):
        counts[1] += 1
        return t
    u = T.ones(2, requires_grad=True)
    with G.saved_tensors_hooks(pack, unpack):
        o = Double.apply(u).sum()
    o.backward()
    assert counts == [1, 1] and u.grad.tolist() == [2.0, 2.0]


def test_allow_mutation_on_saved_tensors():
    with G.allow_mutation_on_saved_tensors():
        a = T.ones(3, requires_grad=True)
        b = a.clone()
        c = (b * b).sum()
        b.mul_(2)
        c.backward()
    assert a.grad.tolist() == [2.0, 2.0, 2.0]
    with G.allow_mutation_on_saved_tensors():
        with pytest.raises(RuntimeError, match="^allow_mutation_on_saved_tensors contexts cannot be nested$"):
            with G.allow_mutation_on_saved_tensors():
                pass


def test_gradient_edges_multi_grad_hooks_node_and_callbacks():
    x = T.ones(3, requires_grad=True)
    h = x * 2
    y = (h * h).sum()
    e = G.get_gradient_edge(h)
    assert e.node is h.grad_fn and e.output_nr == 0 and isinstance(e.node, G.Node)
    assert T.autograd.grad(y, e)[0].tolist() == [4.0, 4.0, 4.0]
    with pytest.raises(RuntimeError, match="^It is not possible to get the gradient edge for a Tensor that does not "
                                           "require gradients"):
        G.get_gradient_edge(T.ones(2))
    a, b, c = (T.ones(2, requires_grad=True) for _ in range(3))
    got = []
    kinds = []
    handle = G.register_multi_grad_hook((a, b, c), lambda gs: (kinds.append(type(gs)), got.append(
        [None if g is None else g.tolist() for g in gs])))
    (a * 2 + b * 3).sum().backward()
    assert got == [[[2.0, 2.0], [3.0, 3.0], None]]
    assert kinds == [list]            # torch passes a list
    handle.remove()
    (a * 2).sum().backward()
    assert len(got) == 1
    anys = []
    G.register_multi_grad_hook((a, b), lambda g: anys.append(g.tolist()), mode="any")
    (a * 2 + b * 3).sum().backward()
    (a * 5).sum().backward()
    assert len(anys) == 2 and anys[1] == [5.0, 5.0]
    with pytest.raises(ValueError, match="^Expects mode to be one of"):
        G.register_multi_grad_hook((a,), lambda g: None, mode="some")
    v = T.ones(2)
    G.increment_version(v)
    assert v._version == 1
    with pytest.raises(RuntimeError, match="^Final callbacks can only be installed during backward pass.$"):
        T._core._queue_callback(lambda: None)
    done = []
    w = T.ones(2, requires_grad=True)
    w.register_hook(lambda g: T._core._queue_callback(lambda: done.append(w.grad.tolist())))
    (w * 3).sum().backward()
    assert done == [[3.0, 3.0]]     # after the pass: the leaf's .grad is there


def test_same_as_torch():
    torch = pytest.importorskip("torch")
    out = {}
    for L in (T, torch):
        x = L.ones(3, dtype=L.float64, requires_grad=True)
        n = []
        with L.autograd.graph.saved_tensors_hooks(lambda t: (n.append(1), t)[1], lambda t: t):
            y = (x.exp() * x).sin().sum()
        y.backward()
        h = x * 3
        e = L.autograd.graph.get_gradient_edge(h)
        g = L.autograd.grad((h ** 2).sum(), e)[0]
        out[L] = (len(n), [round(v, 8) for v in x.grad.tolist()], g.tolist(), e.output_nr)
    assert out[T] == out[torch]


def test_saved_tensors_by_name_and_raw_saved_hooks():
    x = T.randn(3, requires_grad=True)
    y = T.randn(3, requires_grad=True)
    g = (x * y).grad_fn
    assert g._saved_self is x and g._saved_other is y
    assert x.exp().grad_fn._saved_result.grad_fn is not None
    assert x.sum().grad_fn._saved_self_sym_sizes == (3,)
    assert (x + y).grad_fn._saved_alpha == 1 and T.add(x, y, alpha=2).grad_fn._saved_alpha == 2
    assert (x ** 2).grad_fn._saved_exponent == 2 and x.sum(0).grad_fn._saved_keepdim is False
    with pytest.raises(AttributeError, match="'MulBackward0' object has no attribute '_saved_bogus'"):
        g._saved_bogus
    assert not hasattr(g, "variable")
    log = []
    raw = g._raw_saved_self
    raw.register_hooks(lambda t: (log.append("pack"), t * 10)[1], lambda t: (log.append("unpack"), t)[1])
    assert log == ["pack"]
    with pytest.raises(RuntimeError, match="^Calling register_hooks on a saved tensor whose hooks have already been "
                                           "set. Hint: only one pair of hooks is allowed at a time.$"):
        raw.register_hooks(lambda t: t, lambda t: t)
    with pytest.raises(TypeError, match="^register_hooks\\(\\): incompatible function arguments"):
        g._raw_saved_other.register_hooks(1, 2)
    out = T.ones(3)
    g(out)      # the node's rule with the packed (x * 10) as self
    y.grad = None
    (x * y).grad_fn  # (a new node; the hooked one is g)
    grads = g(out)
    assert T.allclose(grads[1], x * 10) and log[-1] == "unpack"
