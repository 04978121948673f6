"""pyautograd.func (torch.func's reverse-mode transforms, functional_call, stack_module_state) and
its pytree module: NumPy closed forms, torch's error texts, and differential tests against
torch.func (skipped without torch)."""
import collections
import re

import numpy as np
import pytest

# torch.func itself calls torch.jit.script, which torch 2.13 deprecates (their warning, not ours)
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:DeprecationWarning")

import pyautograd as torch
from pyautograd import nn
from pyautograd.func import grad, grad_and_value, vjp, jacrev, hessian, functional_call, stack_module_state
from pyautograd.func._pytree import tree_flatten, tree_unflatten, tree_map, tree_leaves, treespec_pprint

try:
    import torch as real_torch
    import torch.func as real_func
except ImportError:  # pragma: no cover - the differential tests skip
    real_torch = None

needs_torch = pytest.mark.skipif(real_torch is None, reason="torch is not installed")

RNG = np.random.default_rng(0)
N = 6
W_NP = RNG.standard_normal((N, N)) / np.sqrt(N)
X_NP = RNG.standard_normal(N)


def T(a, **kw):
    return torch.tensor(np.asarray(a, dtype=np.float64), **kw)


def close(a, b, tol=1e-10):
    np.testing.assert_allclose(np.asarray(a.detach().numpy() if hasattr(a, "detach") else a), np.asarray(b),
                               rtol=tol, atol=tol)


# ---- pytree ----------------------------------------------------------------------------------
P = collections.namedtuple("P", "x y")

TREES = [
    (1, "*", [1]),
    ((1,), "(*,)", [1]),
    ((1, 2), "(*, *)", [1, 2]),
    ([1, [2]], "[*, [*]]", [1, 2]),
    ({"a": 1, "b": None}, "{'a': *, 'b': *}", [1, None]),
    (None, "*", [None]),
    (P(1, (2, 3)), "P(x=*, y=(*, *))", [1, 2, 3]),
    (collections.OrderedDict(a=1), "OrderedDict([('a', *)])", [1]),
    ((), "()", []),
    ([], "[]", []),
    ({}, "{}", []),
    ({"b": 1, "a": [2, {"c": 3}]}, "{'b': *, 'a': [*, {'c': *}]}", [1, 2, 3]),
]


@pytest.mark.parametrize("tree,text,leaves", TREES, ids=[t[1] for t in TREES])
def test_pytree_round_trip(tree, text, leaves):
    flat, spec = tree_flatten(tree)
    assert flat == leaves
    assert treespec_pprint(spec) == text == repr(spec)
    back = tree_unflatten(flat, spec)
    assert back == tree and type(back) is type(tree)
    assert tree_leaves(tree) == leaves
    assert spec.num_leaves == len(leaves)


def test_pytree_specs_compare_structure_and_keys():
    assert tree_flatten((1, [2]))[1] == tree_flatten((5, [6]))[1]
    assert tree_flatten((1, [2]))[1] != tree_flatten((1, (2,)))[1]
    assert tree_flatten({"a": 1, "b": 2})[1] != tree_flatten({"b": 2, "a": 1})[1]   # key order counts (torch)
    assert tree_flatten(P(1, 2))[1] != tree_flatten((1, 2))[1]


def test_pytree_map_and_unflatten_errors():
    assert tree_map(lambda a, b: a + b, (1, {"k": 2}), (10, {"k": 20})) == (11, {"k": 22})
    with pytest.raises(ValueError, match="do not have the same structure"):
        tree_map(lambda a, b: a, (1, 2), [1, 2])
    with pytest.raises(ValueError, match=re.escape("`leaves` has length 1 but the spec refers to a pytree that "
                                                   "holds 2 items")):
        tree_unflatten([1], tree_flatten((1, 2))[1])


# ---- closed forms ----------------------------------------------------------------------------
def test_jacobian_of_tanh_Wx():
    W = T(W_NP)
    J = jacrev(lambda x: torch.tanh(W @ x))(T(X_NP))
    expected = (1 - np.tanh(W_NP @ X_NP) ** 2)[:, None] * W_NP
    close(J, expected)
    assert not J.requires_grad


@pytest.mark.parametrize("chunk_size", [None, 1, 2, 4, 100])
def test_jacrev_chunk_sizes_agree(chunk_size):
    W = T(W_NP)
    J = jacrev(lambda x: torch.tanh(W @ x), chunk_size=chunk_size)(T(X_NP))
    close(J, (1 - np.tanh(W_NP @ X_NP) ** 2)[:, None] * W_NP)


def _hessian_np(W, x):
    # f = sum(tanh(Wx)^2): grad = W^T (2 t (1 - t^2)), H = W^T diag(2 (1 - t^2)(1 - 3 t^2)) W
    t = np.tanh(W @ x)
    return W.T @ np.diag(2 * (1 - t ** 2) * (1 - 3 * t ** 2)) @ W


def test_hessian_of_sum_tanh_Wx_squared():
    W = T(W_NP)
    H = hessian(lambda x: torch.tanh(W @ x).pow(2).sum())(T(X_NP))
    close(H, _hessian_np(W_NP, X_NP))
    assert not H.requires_grad


def test_grad_of_grad_is_the_second_derivative():
    f = lambda x: x ** 3  # noqa: E731
    x = T(2.0)
    assert float(grad(f)(x)) == pytest.approx(12.0)
    assert float(grad(grad(f))(x)) == pytest.approx(12.0)
    assert float(grad(grad(grad(f)))(x)) == pytest.approx(6.0)
    assert not grad(grad(f))(x).requires_grad


def test_nested_transforms_do_not_confuse_perturbations():
    x = T(2.0)
    # d/dx [d/dy x*y at y=x] = d/dx x = 1
    assert float(grad(lambda x: grad(lambda y: x * y)(x))(x)) == pytest.approx(1.0)
    assert float(grad(lambda x: grad(lambda y: x * y)(T(3.0)))(x)) == pytest.approx(1.0)
    assert float(grad(lambda x: grad(lambda y: (x * y) ** 2)(T(3.0)))(x)) == pytest.approx(4 * 3.0 * 2.0)


def test_gradients_of_a_linear_model():
    X = RNG.standard_normal((10, 3))
    y = RNG.standard_normal(10)
    w0, b0 = RNG.standard_normal(3), 0.5

    def loss(w, b, X, y):
        return ((X @ w + b - y) ** 2).mean()

    gw, gb = grad(loss, argnums=(0, 1))(T(w0), T(b0), T(X), T(y))
    r = X @ w0 + b0 - y
    close(gw, 2 * X.T @ r / len(y))
    close(gb, 2 * r.mean())


def test_per_sample_gradients_by_looping_grad():
    X = RNG.standard_normal((5, 3))
    y = RNG.standard_normal(5)
    w0 = RNG.standard_normal(3)
    w = T(w0)

    def loss(w, x, t):
        return (torch.dot(x, w) - t) ** 2

    g = torch.stack([grad(loss)(w, T(X[i]), T(y[i])) for i in range(5)])
    close(g, 2 * (X @ w0 - y)[:, None] * X)


def test_grad_and_value_and_aux():
    x = T(X_NP)
    g, v = grad_and_value(lambda x: (x ** 2).sum())(x)
    close(g, 2 * X_NP)
    close(v, (X_NP ** 2).sum())
    g, (v, aux) = grad_and_value(lambda x: ((x ** 2).sum(), {"y": x.sin()}), has_aux=True)(x)
    close(aux["y"], np.sin(X_NP))
    assert not aux["y"].requires_grad and not v.requires_grad
    g, aux = grad(lambda x: ((x ** 2).sum(), (x * 3,)), has_aux=True)(x)
    close(g, 2 * X_NP)
    close(aux[0], 3 * X_NP)


def test_pytree_inputs_and_kwargs():
    x = T(X_NP)
    g = grad(lambda d, s=1.0: (d["a"] * d["b"][0]).sum() * s)({"a": x, "b": [x * 2]}, s=3.0)
    close(g["a"], 3 * 2 * X_NP)
    close(g["b"][0], 3 * X_NP)
    g = grad(lambda x, y: x.sum(), argnums=1)(x, x)     # unused: zeros
    close(g, np.zeros(N))
    g = grad(lambda x, y: (x * y).sum(), argnums=-1)(x, 2 * x)
    close(g, X_NP)


def test_inputs_grad_is_never_touched_and_inputs_keep_their_graph():
    x = T(X_NP, requires_grad=True)
    g = grad(lambda x: (x ** 3).sum())(x)
    assert x.grad is None
    assert g.requires_grad            # x requires grad: the result is connected to it (as torch)
    g.sum().backward()
    close(x.grad, 6 * X_NP)


def test_captured_tensor_keeps_the_graph():
    c = T(2.0, requires_grad=True)
    g = grad(lambda x: (c * x ** 2).sum())(T(X_NP))
    assert g.requires_grad
    (gc,) = torch.autograd.grad(g.sum(), c)
    close(gc, 2 * X_NP.sum())


def test_vjp_and_its_function():
    x = T(X_NP)
    out, fn = vjp(lambda x: x.sin(), x)
    close(out, np.sin(X_NP))
    v = T(np.arange(N))
    (r,) = fn(v)
    close(r, np.cos(X_NP) * np.arange(N))
    (r2,) = fn(v)                      # called again: the graph is retained
    close(r2, r)
    out, fn, aux = vjp(lambda x, y: ((x * y, {"s": x + y}), x.exp()), x, x, has_aux=True)
    rx, ry = fn((v, {"s": v}))
    close(rx, X_NP * np.arange(N) + np.arange(N))
    close(aux, np.exp(X_NP))


def test_vjp_of_vjp():
    # d/dx <v, d/dx sin(x)> = -sin(x) v
    x, v = T(X_NP), T(np.ones(N))
    r = grad(lambda x: vjp(lambda x: x.sin(), x)[1](v)[0].sum())(x)
    close(r, -np.sin(X_NP))


def test_jacrev_pytrees_and_argnums():
    x = T(X_NP)
    J = jacrev(lambda d: {"o": d["a"] * d["b"], "p": d["a"].sum()})({"a": x, "b": 2 * x})
    close(J["o"]["a"], np.diag(2 * X_NP))
    close(J["o"]["b"], np.diag(X_NP))
    close(J["p"]["a"], np.ones(N))
    close(J["p"]["b"], np.zeros(N))
    J = jacrev(lambda x, y: (x * y, y.sum()), argnums=(0, 1))(x, 2 * x)
    close(J[0][0], np.diag(2 * X_NP))
    close(J[1][1], np.ones(N))
    J, aux = jacrev(lambda x: (x.sin(), x.cos()), has_aux=True)(x)
    close(J, np.diag(np.cos(X_NP)))
    close(aux, np.cos(X_NP))
    M = T(RNG.standard_normal((2, 3)))
    J = jacrev(lambda m: m.exp())(M)
    assert J.shape == (2, 3, 2, 3)
    close(J.reshape(6, 6), np.diag(np.exp(M.numpy()).ravel()))


def test_hessian_with_argnums():
    x, y = T(X_NP), T(X_NP[::-1].copy())
    H = hessian(lambda x, y: (x * x * y).sum(), argnums=(0, 1))(x, y)
    close(H[0][0], np.diag(2 * y.numpy()))
    close(H[0][1], np.diag(2 * X_NP))
    close(H[1][1], np.zeros((N, N)))


# ---- errors (torch's texts) --------------------------------------------------------------------
def _x():
    return T(X_NP)


ERRORS = [
    (lambda: grad(lambda x: x)(_x()), RuntimeError,
     "grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with 1 dims. Maybe you "
     "wanted to use the vjp or jacrev APIs instead?"),
    (lambda: grad(lambda x: 1.0)(_x()), RuntimeError,
     "grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got <class 'float'>"),
    (lambda: grad(lambda x: (x.sum(),))(_x()), RuntimeError,
     "grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got <class 'tuple'>"),
    (lambda: grad(lambda x: x.sum(), argnums=1)(_x()), RuntimeError, "Got argnum=1, but only 1 positional inputs"),
    (lambda: grad(lambda x, y: x.sum(), argnums=-3)(_x(), _x()), RuntimeError,
     "Got argnum=-3, but only 2 positional inputs"),
    (lambda: grad(lambda x: x.sum(), argnums=1.0)(_x()), RuntimeError,
     "argnums must be int or Tuple[int, ...], got: <class 'float'>"),
    (lambda: grad(lambda x, y: x.sum(), argnums=[0, 1])(_x(), _x()), RuntimeError,
     "argnums must be int or Tuple[int, ...], got: <class 'list'>"),
    (lambda: grad(lambda x: x.sum(), argnums=())(_x()), RuntimeError, "argnums must be non-empty"),
    (lambda: grad(lambda x, y: x.sum(), argnums=(0, 0))(_x(), _x()), RuntimeError,
     "argnums elements must be unique, got (0, 0)"),
    (lambda: grad(lambda x: x.sum(), has_aux=True)(_x()), RuntimeError,
     "grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) if has_aux is True"),
    (lambda: grad(lambda x: (x.sum(), 1, 2), has_aux=True)(_x()), RuntimeError,
     "grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) if has_aux is True"),
    (lambda: grad(lambda x: (x.sum(), 1), has_aux=True)(_x()), RuntimeError,
     "Expected tensors, got unsupported type <class 'int'>"),
    (lambda: grad(lambda: 1)(), RuntimeError, "Got argnum=0, but only 0 positional inputs"),
    (lambda: grad(lambda x: x)(1.0), ValueError, "Thing passed to transform API must be Tensor, got <class 'float'>"),
    (lambda: grad(lambda x: x[0].sum())([_x(), 3]), ValueError,
     "Thing passed to transform API must be Tensor, got <class 'int'>"),
    (lambda: grad(lambda x: x.sum())(torch.arange(3)), RuntimeError,
     "only Tensors of floating point dtype can require gradients"),
    (lambda: vjp(lambda x: 1, _x()), RuntimeError,
     "vjp(f, *primals): expected f(*primals) to return only tensors, got unsupported type <class 'int'>"),
    (lambda: vjp(lambda x: (), _x()), RuntimeError,
     "vjp(f, *primals): Expected f to be a function that has non-empty output (got output = [])"),
    (lambda: vjp(lambda x: x * 2, _x(), has_aux=True), RuntimeError,
     "vjp(f, *primals): output of function f should be a tuple: (output, aux) if has_aux is True"),
    (lambda: vjp(lambda x: x.long(), _x()), RuntimeError,
     "vjp(f, ...): All outputs of f must be floating-point or complex Tensors, got Tensor with dtype torch.int64"),
    (lambda: vjp(lambda x: x * 2, _x())[1](torch.ones(2)), RuntimeError,
     "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of "
     "torch.Size([6])."),
    (lambda: vjp(lambda x: x * 2, _x())[1]((torch.ones(6),)), RuntimeError,
     "Expected pytree structure of cotangents to be the same as pytree structure of outputs to the function. "
     "cotangents: (*,), primal output: *"),
    (lambda: vjp(lambda x, y: (x * y, {"a": x + y}), _x(), _x())[1]((torch.ones(6),)), RuntimeError,
     "Expected pytree structure of cotangents to be the same as pytree structure of outputs to the function. "
     "cotangents: (*,), primal output: (*, {'a': *})"),
    (lambda: jacrev(lambda x: x.sin(), chunk_size=0), ValueError, "jacrev: `chunk_size` should be greater than 0."),
    (lambda: jacrev(lambda x: x.sin(), argnums=2)(_x()), RuntimeError, "Got argnum=2, but only 1 positional inputs"),
    (lambda: jacrev(lambda x: x.sin(), has_aux=True)(_x()), RuntimeError,
     "vjp(f, *primals): output of function f should be a tuple: (output, aux) if has_aux is True"),
    (lambda: jacrev(lambda x: 1)(_x()), RuntimeError,
     "vjp(f, *primals): expected f(*primals) to return only tensors, got unsupported type <class 'int'>"),
    (lambda: jacrev(lambda x: x)(torch.randn(2, dtype=torch.complex64)), RuntimeError,
     "jacrev: Expected all inputs to be real but received complex tensor at flattened input idx: 0"),
]


@pytest.mark.parametrize("call,exc,text", ERRORS, ids=[e[2][:50] for e in ERRORS])
def test_errors_match_torch(call, exc, text):
    with pytest.raises(exc, match="^" + re.escape(text) + "$"):
        call()


# ---- functional_call / stack_module_state ----------------------------------------------------------
class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 2)
        self.b = self.a
        self.register_buffer("buf", torch.ones(2))

    def forward(self, x):
        return self.b(self.a(x)) + self.buf


def test_functional_call_replaces_and_restores():
    m = nn.Linear(3, 2)
    w0, b0 = m.weight, m.bias
    x = torch.randn(4, 3)
    p = {"weight": torch.ones(2, 3), "bias": torch.zeros(2)}
    out = functional_call(m, p, (x,))
    close(out, x.numpy().sum(1, keepdims=True) * np.ones((1, 2)))
    close(functional_call(m, p, x), out)
    close(functional_call(m, p, (), {"input": x}), out)
    close(functional_call(m, ({"weight": p["weight"]}, {"bias": p["bias"]}), x), out)
    assert m.weight is w0 and m.bias is b0
    assert isinstance(m.weight, nn.Parameter)
    # gradients flow to the given tensors, not to the module's parameters
    w = torch.ones(2, 3, requires_grad=True)
    functional_call(m, {"weight": w}, x).sum().backward()
    close(w.grad, np.tile(x.numpy().sum(0), (2, 1)))
    assert m.weight.grad is None


def test_functional_call_restores_after_an_error():
    m = nn.Linear(3, 2)
    w0 = m.weight
    with pytest.raises(Exception):
        functional_call(m, {"weight": torch.ones(5, 5)}, torch.randn(4, 3))
    assert m.weight is w0


def test_functional_call_tied_weights_and_buffers():
    t = Tied()
    one = torch.ones(1, 2)
    close(functional_call(t, {"a.weight": torch.eye(2), "a.bias": torch.zeros(2)}, one), [[2.0, 2.0]])
    close(functional_call(t, {"buf": torch.zeros(2)}, one), t(one).detach().numpy() - 1)
    close(functional_call(t, {"a.weight": torch.eye(2), "a.bias": torch.zeros(2), "buf": torch.zeros(2)}, one,
                          strict=True), [[1.0, 1.0]])


def test_functional_call_shared_parameter_across_modules():
    m = nn.Sequential(nn.Linear(2, 2, bias=False), nn.Linear(2, 2, bias=False))
    m[1].weight = m[0].weight
    x = torch.ones(1, 2)
    close(functional_call(m, {"0.weight": 2 * torch.eye(2)}, x), [[4.0, 4.0]])
    close(functional_call(m, {"0.weight": 2 * torch.eye(2)}, x, tie_weights=False),
          (x.numpy() * 2) @ m[1].weight.detach().numpy().T)


def test_functional_call_with_grad_gives_parameter_gradients():
    m = nn.Linear(3, 1).double()
    params = {k: v.detach() for k, v in m.named_parameters()}
    X, y = T(RNG.standard_normal((8, 3))), T(RNG.standard_normal((8, 1)))

    def loss(p):
        return ((functional_call(m, p, X) - y) ** 2).mean()

    g = grad(loss)(params)
    r = X.numpy() @ params["weight"].numpy().T + params["bias"].numpy() - y.numpy()
    close(g["weight"], 2 * (r * X.numpy()).mean(0, keepdims=True))
    close(g["bias"], 2 * r.mean(0))
    assert m.weight.grad is None


FC_ERRORS = [
    (lambda m: functional_call(m, {"weight": torch.ones(2, 3)}, torch.randn(4, 3), strict=True), RuntimeError,
     "Error(s) in reparametrizing for Linear:\n\tMissing key(s): 'bias'."),
    (lambda m: functional_call(m, {"weight": torch.ones(2, 3), "bias": torch.ones(2), "foo": torch.ones(1)},
                               torch.randn(4, 3), strict=True), RuntimeError,
     "Error(s) in reparametrizing for Linear:\n\tUnexpected key(s): 'foo'."),
    (lambda m: functional_call(m, ({"weight": torch.ones(2, 3)}, {"weight": torch.ones(2, 3)}), torch.randn(4, 3)),
     ValueError, "['weight'] appeared in multiple dictionaries; behavior of functional call is ambiguous"),
    (lambda m: functional_call(m, 3, torch.randn(4, 3)), ValueError,
     "Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but got <class 'int'>"),
    (lambda m: functional_call(m, [{"weight": torch.ones(2, 3)}, 3], torch.randn(4, 3)), ValueError,
     "Expected all elements of parameter_and_buffer_dicts to be dictionaries"),
    (lambda m: functional_call(Tied(), {"a.weight": torch.eye(2), "b.weight": torch.eye(2)}, torch.ones(1, 2)),
     ValueError, "functional_call got multiple values for keys ['a.weight', 'b.weight'], which are tied. "
     "Consider using tie_weights=False"),
    (lambda m: functional_call(Tied(), {"a.weight": torch.eye(2), "a.bias": torch.zeros(2)}, torch.ones(1, 2),
                               strict=True), RuntimeError, "Error(s) in reparametrizing for Tied:\n\tMissing key(s): 'buf'."),
    (lambda m: functional_call(m, {"weight": 3}, torch.randn(4, 3)), TypeError,
     "3 is not an instance of torch.Tensor"),
]


@pytest.mark.parametrize("call,exc,text", FC_ERRORS, ids=[e[2][:50] for e in FC_ERRORS])
def test_functional_call_errors_match_torch(call, exc, text):
    m = nn.Linear(3, 2)
    w0 = m.weight
    with pytest.raises(exc, match="^" + re.escape(text) + "$"):
        call(m)
    assert m.weight is w0


def test_stack_module_state():
    models = [nn.Linear(3, 2) for _ in range(4)]
    params, buffers = stack_module_state(models)
    assert set(params) == {"weight", "bias"} and buffers == {}
    assert params["weight"].shape == (4, 2, 3) and params["weight"].is_leaf and params["weight"].requires_grad
    close(params["weight"][2], models[2].weight.detach().numpy())
    params, buffers = stack_module_state([nn.BatchNorm1d(3), nn.BatchNorm1d(3)])
    assert buffers["running_mean"].shape == (2, 3) and not buffers["running_mean"].requires_grad
    assert buffers["num_batches_tracked"].shape == (2,)
    # an ensemble through functional_call: each model's output from its slice of the stacked state
    x = torch.randn(5, 3)
    params, _ = stack_module_state(models)
    for i, m in enumerate(models):
        out = functional_call(models[0], {k: v[i] for k, v in params.items()}, x)
        close(out, m(x).detach().numpy())


def _rg_mismatch():
    ms = [nn.Linear(3, 2) for _ in range(2)]
    ms[1].weight.requires_grad_(False)
    return ms


STACK_ERRORS = [
    (lambda: [], "stack_module_state: Expected at least one model, got 0."),
    (lambda: [nn.Linear(3, 2), nn.Sequential(nn.Linear(3, 2))],
     "stack_module_state: Expected all models to be of the same class."),
    (lambda: [nn.Linear(3, 2).train(), nn.Linear(3, 2).eval()],
     "stack_module_state: Expected all models to have the same training/eval mode."),
    (_rg_mismatch, "Expected weight from each model to have the same .requires_grad"),
]


@pytest.mark.parametrize("models,text", STACK_ERRORS, ids=[e[1][:50] for e in STACK_ERRORS])
def test_stack_module_state_errors(models, text):
    with pytest.raises(RuntimeError, match="^" + re.escape(text) + "$"):
        stack_module_state(models())


def test_stack_module_state_shape_mismatch():
    with pytest.raises(RuntimeError, match="stack expects each tensor to be equal size"):
        stack_module_state([nn.Linear(3, 2), nn.Linear(2, 2)])


def test_func_is_importable_as_torch_func():
    import pyautograd.func as f
    assert torch.func is f and "func" in torch.__all__
    for name in ("grad", "grad_and_value", "vjp", "jacrev", "hessian", "functional_call", "stack_module_state"):
        assert hasattr(torch.func, name)


# ---- differential tests against torch.func -------------------------------------------------------
def _both(fn_builder, *arrays):
    """fn_builder(lib, func_module) -> callable of tensors; returns (ours, torch's) results on `arrays`."""
    ours = fn_builder(torch, torch.func)(*[torch.tensor(a) for a in arrays])
    theirs = fn_builder(real_torch, real_func)(*[real_torch.tensor(a) for a in arrays])
    return ours, theirs


def _compare(ours, theirs):
    lo, so = tree_flatten(ours)
    lt = real_torch.utils._pytree.tree_leaves(theirs)
    assert len(lo) == len(lt)
    for a, b in zip(lo, lt):
        assert tuple(a.shape) == tuple(b.shape)
        assert a.requires_grad == b.requires_grad
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)


W2 = RNG.standard_normal((4, 3))
A3, B3 = RNG.standard_normal(3), RNG.standard_normal(3)

DIFF_CASES = {
    "grad": lambda L, F: F.grad(lambda x, y: (x.sin() * x).sum()),
    "grad argnums": lambda L, F: F.grad(lambda x, y: (x * y.exp()).sum(), argnums=(0, 1)),
    "grad of grad": lambda L, F: lambda x, y: F.grad(lambda x: F.grad(lambda x: (x ** 3).sum())(x).sum())(x),
    "grad_and_value aux": lambda L, F: F.grad_and_value(lambda x, y: ((x * y).sum(), y.cos()), has_aux=True),
    "vjp": lambda L, F: lambda x, y: F.vjp(lambda a, b: (a * b, a.exp()), x, y)[1]((y, x)),
    "jacrev": lambda L, F: F.jacrev(lambda x, y: L.tanh(L.tensor(W2) @ x) * y.sum()),
    "jacrev argnums chunk": lambda L, F: F.jacrev(lambda x, y: (x * y, (x + y).sum()), argnums=(0, 1),
                                                  chunk_size=2),
    "jacrev of jacrev": lambda L, F: F.jacrev(F.jacrev(lambda x, y: (x.sin() * y).prod())),
    "hessian": lambda L, F: F.hessian(lambda x, y: L.tanh(x * y).pow(2).sum(), argnums=(0, 1)),
    "grad of jacrev": lambda L, F: F.grad(lambda x, y: F.jacrev(lambda x: x.exp() * y)(x).sum()),
    "grad with captured requires_grad": lambda L, F: (
        lambda x, y: (lambda c: F.grad(lambda x: (x * c).pow(2).sum())(x))(y.requires_grad_())),
}


@needs_torch
@pytest.mark.parametrize("name", list(DIFF_CASES))
def test_against_torch_func(name):
    ours, theirs = _both(DIFF_CASES[name], A3, B3)
    _compare(ours, theirs)


@needs_torch
def test_against_torch_func_functional_call_per_sample_grads():
    X, y = RNG.standard_normal((4, 3)), RNG.standard_normal((4, 1))

    def run(L, F):
        L.manual_seed(0)
        m = L.nn.Linear(3, 1).double()
        with L.no_grad():
            m.weight.copy_(L.tensor(W2[:1]))
            m.bias.fill_(0.25)
        params = {k: v.detach() for k, v in m.named_parameters()}
        loss = lambda p, x, t: ((F.functional_call(m, p, (x,)) - t) ** 2).sum()  # noqa: E731
        return [F.grad(loss)(params, L.tensor(X[i:i + 1]), L.tensor(y[i:i + 1])) for i in range(4)]

    _compare(run(torch, torch.func), run(real_torch, real_func))
