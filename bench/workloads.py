"""Benchmark workloads W1-W6, written once for both autograd libraries and by hand in NumPy.

pyautograd follows PyTorch's API, so every autograd workload is one function of the module
`T` (pyautograd or torch). The hand-written NumPy versions compute the same forward and the
same backward by hand: they are the floor an autograd over NumPy can approach.

Every workload is built by a `make_*` function that returns a `Case`:
  case.run()    one timed sample; returns {"fwd": s, "bwd": s, ...} (seconds) or {"total": s}
  case.check()  the quantities whose agreement is checked across libraries (NumPy arrays),
                computed from the workload's fixed initial state.
This module must not import numpy/torch at the top level beyond numpy: the runner sets the
thread-count environment variables before importing it.
"""
import gc
import time

import numpy as np

perf = time.perf_counter


class Case:
    def __init__(self, run, check, dtype):
        self.run = run
        self.check = check
        self.dtype = dtype


def _tensor(T, arr, requires_grad=False):
    t = T.tensor(np.array(arr, copy=True))
    if requires_grad:
        t.requires_grad_(True)
    return t


def _timed(fn):
    """A Case's run(): one timed call of fn (its result freed after)."""
    def run():
        t0 = perf()
        r = fn()
        t1 = perf()
        del r
        return {"total": t1 - t0}
    return run


def _np_of(t):
    return np.asarray(t.detach().numpy(), dtype=np.float64).copy()


# =========================================================== W1 / W5: 0-d chain
# One "block" is 5 elementwise ops: *2.5, +1.0, sin, exp, tanh. The values stay in
# (0.35, 1): sin lands in [-1, 1], exp in [0.37, 2.72], tanh in (0.35, 0.995).
OPS_PER_BLOCK = 5
X0_CHAIN = 0.3


def chain_T(T, x, n_ops):
    y = x
    sin, exp, tanh = T.sin, T.exp, T.tanh
    for _ in range(n_ops // OPS_PER_BLOCK):
        y = tanh(exp(sin(y * 2.5 + 1.0)))
    return y


def chain_np_forward(x, n_ops):
    """Forward with a tape of what backward needs (the input of sin, the results of exp and
    tanh), as an autograd saves them."""
    tape = []
    push = tape.append
    sin, exp, tanh = np.sin, np.exp, np.tanh
    y = x
    for _ in range(n_ops // OPS_PER_BLOCK):
        u = y * 2.5 + 1.0
        e = exp(sin(u))
        y = tanh(e)
        push((u, e, y))
    return y, tape


def chain_np_backward(tape):
    g = np.float64(1.0)
    cos = np.cos
    for u, e, t in reversed(tape):
        g = g * (1.0 - t * t)     # tanh
        g = g * e                 # exp
        g = g * cos(u)            # sin
        g = g * 2.5               # *2.5 (the +1.0 passes g through)
    return g


def make_chain(lib, T, n_ops):
    """W1: forward, backward of an n_ops chain on a 0-d float64 tensor (graph freed after)."""
    if lib == "numpy":
        x = np.asarray(X0_CHAIN, dtype=np.float64)

        def run():
            t0 = perf()
            y, tape = chain_np_forward(x, n_ops)
            t1 = perf()
            g = chain_np_backward(tape)
            t2 = perf()
            del y, tape, g
            return {"fwd": t1 - t0, "bwd": t2 - t1, "total": t2 - t0}

        def check():
            y, tape = chain_np_forward(x, n_ops)
            return {"y": np.asarray(y), "dx": np.asarray(chain_np_backward(tape))}
        return Case(run, check, np.float64)

    x = T.tensor(X0_CHAIN, dtype=T.float64, requires_grad=True)

    def run():
        t0 = perf()
        y = chain_T(T, x, n_ops)
        t1 = perf()
        y.backward()
        t2 = perf()
        del y
        x.grad = None
        return {"fwd": t1 - t0, "bwd": t2 - t1, "total": t2 - t0}

    def check():
        y = chain_T(T, x, n_ops)
        y.backward()
        out = {"y": _np_of(y), "dx": _np_of(x.grad)}
        x.grad = None
        return out
    return Case(run, check, np.float64)


# ===================================================== MLP data and parameters
def mlp_init(sizes, dtype, seed, kind="he"):
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        if kind == "uniform":      # micrograd's Neuron init: uniform(-1, 1)
            W = rng.uniform(-1.0, 1.0, size=(fan_in, fan_out))
            b = np.zeros(fan_out)
        else:
            W = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
            b = rng.standard_normal(fan_out) * 0.01
        params += [W.astype(dtype), b.astype(dtype)]
    return params


def moons(n, seed=0):
    """Two interleaving half circles (sklearn's make_moons, noise 0.1), labels -1/+1."""
    rng = np.random.default_rng(seed)
    n1 = n // 2
    n2 = n - n1
    t1 = np.linspace(0, np.pi, n1)
    t2 = np.linspace(0, np.pi, n2)
    X = np.concatenate([np.stack([np.cos(t1), np.sin(t1)], 1),
                        np.stack([1 - np.cos(t2), 1 - np.sin(t2) - 0.5], 1)])
    X += rng.normal(scale=0.1, size=X.shape)
    y = np.concatenate([-np.ones(n1), np.ones(n2)])[:, None]
    return X, y


def classif_data(batch, n_in, n_out, dtype, seed=1):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, n_in)).astype(dtype)
    y = rng.integers(0, n_out, size=batch).astype(np.int64)
    return X, y


# ---------------------------------------------------------------- autograd MLPs
def mlp_forward_T(T, X, params):
    h = X
    n_layers = len(params) // 2
    for i in range(n_layers):
        W, b = params[2 * i], params[2 * i + 1]
        h = h @ W + b
        if i < n_layers - 1:
            h = T.relu(h)
    return h


def hinge_loss_T(T, X, y, params, alpha):
    score = mlp_forward_T(T, X, params)
    data_loss = T.relu(1 - y * score).mean()
    reg = sum((p * p).sum() for p in params)
    return data_loss + alpha * reg


def ce_loss_T(T, X, y, params):
    logits = mlp_forward_T(T, X, params)
    logp = T.log_softmax(logits, dim=1)
    return -logp.gather(1, y.unsqueeze(1)).mean()


def sgd_T(T, params, lr):
    with T.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None


# ------------------------------------------------------------- NumPy by hand
def relu_np(z):
    return np.maximum(z, 0)


def mlp_forward_np(X, params):
    """Returns the output and the per-layer (input, pre-activation) pairs backward needs."""
    h = X
    cache = []
    n_layers = len(params) // 2
    for i in range(n_layers):
        W, b = params[2 * i], params[2 * i + 1]
        z = h @ W + b
        cache.append((h, z))
        h = relu_np(z) if i < n_layers - 1 else z
    return h, cache


def mlp_backward_np(g_out, params, cache, need_input_grad=False):
    """Gradients of the parameters given d loss / d output."""
    n_layers = len(params) // 2
    grads = [None] * len(params)
    g = g_out
    for i in reversed(range(n_layers)):
        h, z = cache[i]
        W = params[2 * i]
        if i < n_layers - 1:
            g = g * (z > 0)
        grads[2 * i] = h.T @ g
        grads[2 * i + 1] = g.sum(0)
        if i > 0 or need_input_grad:
            g = g @ W.T
    return grads


def hinge_step_np(X, y, params, alpha, lr):
    score, cache = mlp_forward_np(X, params)
    m = 1.0 - y * score
    n = m.shape[0]
    loss = relu_np(m).mean() + alpha * sum((p * p).sum() for p in params)
    g = -(y * (m > 0)) / n
    grads = mlp_backward_np(g, params, cache)
    for k, p in enumerate(params):
        grads[k] += (2 * alpha) * p
    return loss, grads


def ce_step_np(X, y, params):
    logits, cache = mlp_forward_np(X, params)
    s = logits - logits.max(1, keepdims=True)
    e = np.exp(s)
    se = e.sum(1, keepdims=True)
    logp = s - np.log(se)
    b = logits.shape[0]
    rows = np.arange(b)
    loss = -logp[rows, y].mean()
    g = e / se                                  # softmax
    g[rows, y] -= 1
    g /= b
    grads = mlp_backward_np(g.astype(logits.dtype, copy=False), params, cache)
    return loss, grads


def sgd_np(params, grads, lr):
    for p, g in zip(params, grads):
        p -= lr * g


# ------------------------------------------------------------------- W2 / W3 / W4
def _mlp_case(lib, T, X_np, y_np, init, loss_T, step_np, lr, dtype):
    """One SGD step (forward, backward, update). Timing starts from the current params."""
    if lib == "numpy":
        params = [p.copy() for p in init]

        def run():
            t0 = perf()
            loss, grads = step_np(X_np, y_np, params)
            t1 = perf()
            sgd_np(params, grads, lr)
            t2 = perf()
            del loss, grads
            return {"fwdbwd": t1 - t0, "total": t2 - t0}

        def check():
            loss, grads = step_np(X_np, y_np, [p.copy() for p in init])
            out = {"loss": np.asarray(loss, dtype=np.float64)}
            out.update({"g%d" % k: g.astype(np.float64) for k, g in enumerate(grads)})
            return out
        return Case(run, check, dtype)

    X = _tensor(T, X_np)
    y = _tensor(T, y_np)
    params = [_tensor(T, p, requires_grad=True) for p in init]

    def run():
        t0 = perf()
        loss = loss_T(T, X, y, params)
        t1 = perf()
        loss.backward()
        t2 = perf()
        sgd_T(T, params, lr)
        t3 = perf()
        del loss
        return {"fwd": t1 - t0, "bwd": t2 - t1, "fwdbwd": t2 - t0, "total": t3 - t0}

    def check():
        fresh = [_tensor(T, p, requires_grad=True) for p in init]
        loss = loss_T(T, X, y, fresh)
        loss.backward()
        out = {"loss": _np_of(loss)}
        out.update({"g%d" % k: _np_of(p.grad) for k, p in enumerate(fresh)})
        return out
    return Case(run, check, dtype)


W2_ALPHA = 1e-4
W2_LR = 0.05


def make_w2(lib, T):
    X, y = moons(100)
    init = mlp_init([2, 16, 16, 1], np.float64, seed=2, kind="uniform")
    return _mlp_case(lib, T, X, y, init,
                     lambda T_, X_, y_, p_: hinge_loss_T(T_, X_, y_, p_, W2_ALPHA),
                     lambda X_, y_, p_: hinge_step_np(X_, y_, p_, W2_ALPHA, W2_LR),
                     W2_LR, np.float64)


MLP_SPECS = {
    "W3": dict(sizes=[784, 256, 256, 10], batch=64),
    "W4": dict(sizes=[2048, 2048, 2048, 10], batch=512),
}
CE_LR = 0.01


def make_ce(name):
    spec = MLP_SPECS[name]

    def make(lib, T):
        sizes, batch = spec["sizes"], spec["batch"]
        X, y = classif_data(batch, sizes[0], sizes[-1], np.float32)
        init = mlp_init(sizes, np.float32, seed=3)
        return _mlp_case(lib, T, X, y, init, ce_loss_T, ce_step_np, CE_LR, np.float32)
    return make


make_w3 = make_ce("W3")
make_w4 = make_ce("W4")


# ======================================================================= W6
def w6_data(n, seed=4):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((n, n)) / np.sqrt(n)
    x = rng.standard_normal(n)
    v = rng.standard_normal(n)
    return W, x, v


def hessian_np(W, x):
    t = np.tanh(W @ x)
    h = 2.0 * (1.0 - t * t) * (1.0 - 3.0 * t * t)     # d2/du2 of tanh(u)^2
    return W.T @ (h[:, None] * W)


def hvp_np(W, x, v):
    t = np.tanh(W @ x)
    h = 2.0 * (1.0 - t * t) * (1.0 - 3.0 * t * t)
    return W.T @ (h * (W @ v))


def make_w6(kind, n):
    """kind 'hessian': autograd.functional.hessian; 'hessian_vec': the same with vectorize=True
    (batched vector-Jacobian products) against torch.func.hessian; 'func_hessian': func.hessian in
    both libraries (jacfwd(jacrev) in both);
    'hvp': double backward."""

    def make(lib, T):
        W_np, x_np, v_np = w6_data(n)
        if lib == "numpy":
            fn = (lambda: hvp_np(W_np, x_np, v_np)) if kind == "hvp" else (lambda: hessian_np(W_np, x_np))

            run = _timed(fn)
            return Case(run, lambda: {"hvp" if kind == "hvp" else "hessian": fn()}, np.float64)

        W = _tensor(T, W_np)
        x0 = _tensor(T, x_np)
        v = _tensor(T, v_np)

        def f(x):
            return (T.tanh(W @ x) ** 2).sum()

        if kind == "hessian":
            functional = T.autograd.functional

            def compute():
                return functional.hessian(f, x0)
        elif kind == "func_hessian":
            hess = T.func.hessian(f)

            def compute():
                return hess(x0)
        elif kind == "hessian_vec":
            if T.__name__ == "torch":       # torch's vectorized Hessian is torch.func's
                hess = T.func.hessian(f)

                def compute():
                    return hess(x0)
            else:
                functional = T.autograd.functional

                def compute():
                    return functional.hessian(f, x0, vectorize=True)
        else:
            def compute():
                x = x0.detach().requires_grad_(True)
                g, = T.autograd.grad(f(x), x, create_graph=True)
                hv, = T.autograd.grad((g * v).sum(), x)
                return hv

        run = _timed(compute)
        return Case(run, lambda: {"hvp" if kind == "hvp" else "hessian": _np_of(compute())}, np.float64)
    return make


# ======================================================================= W8
# Forward mode and vmap (issue 10): func.jacfwd of tanh(Wx), the W1 chain under forward AD, and
# per-sample gradients vmap(grad(loss)) of a 784-256-10 MLP over 64 samples.
def make_jacfwd(n):
    def make(lib, T):
        W_np, x_np, _ = w6_data(n)
        if lib == "numpy":
            def jac():
                return (1.0 - np.tanh(W_np @ x_np) ** 2)[:, None] * W_np

            run = _timed(jac)
            return Case(run, lambda: {"jacobian": jac()}, np.float64)
        W, x0 = _tensor(T, W_np), _tensor(T, x_np)
        jf = T.func.jacfwd(lambda x: T.tanh(W @ x))

        run = _timed(lambda: jf(x0))
        return Case(run, lambda: {"jacobian": _np_of(jf(x0))}, np.float64)
    return make


def chain_np_tangent(x, n_ops):
    """The W1 chain and its derivative in forward mode by hand (dual numbers on floats)."""
    y, t = x, 1.0
    for _ in range(n_ops // OPS_PER_BLOCK):
        u = y * 2.5 + 1.0
        e = np.exp(np.sin(u))
        y = np.tanh(e)
        t = (1.0 - y * y) * e * np.cos(u) * 2.5 * t
    return y, t


def make_forward_chain(n_ops):
    def make(lib, T):
        if lib == "numpy":
            x = np.float64(X0_CHAIN)

            run = _timed(lambda: chain_np_tangent(x, n_ops))

            def check():
                y, t = chain_np_tangent(x, n_ops)
                return {"y": np.asarray(y), "dx": np.asarray(t)}
            return Case(run, check, np.float64)
        fwAD = T.autograd.forward_ad

        def compute():
            with fwAD.dual_level():
                x = fwAD.make_dual(T.tensor(X0_CHAIN, dtype=T.float64), T.tensor(1.0, dtype=T.float64))
                y = chain_T(T, x, n_ops)
                p, t = fwAD.unpack_dual(y)
                return p, t

        run = _timed(compute)

        def check():
            p, t = compute()
            return {"y": _np_of(p), "dx": _np_of(t)}
        return Case(run, check, np.float64)
    return make


def per_sample_np(params, X, y):
    """Per-sample gradients of the cross-entropy of a 784-256-10 ReLU MLP, by hand."""
    W1, b1, W2, b2 = params
    h = np.maximum(X @ W1.T + b1, 0)
    z = h @ W2.T + b2
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    dz = p
    dz[np.arange(len(y)), y] -= 1
    dh = (dz @ W2) * (h > 0)
    return [dh[:, :, None] * X[:, None, :], dh, dz[:, :, None] * h[:, None, :], dz]


def make_per_sample(batch=64):
    def make(lib, T):
        rng = np.random.default_rng(5)
        params_np = [(rng.standard_normal(s) * 0.05).astype(np.float32) for s in [(256, 784), (256,), (10, 256), (10,)]]
        X = rng.standard_normal((batch, 784)).astype(np.float32)
        y = rng.integers(0, 10, batch)
        if lib == "numpy":
            run = _timed(lambda: per_sample_np(params_np, X, y))
            return Case(run, lambda: {"grads": np.concatenate([g.reshape(-1) for g in per_sample_np(params_np, X, y)])},
                        np.float32)
        F = T.nn.functional
        params = [_tensor(T, a) for a in params_np]
        Xt, yt = _tensor(T, X), T.tensor(y)

        def loss(p, x, t):
            h = F.relu(F.linear(x, p[0], p[1]))
            return F.cross_entropy(F.linear(h, p[2], p[3]).unsqueeze(0), t.unsqueeze(0))
        per_sample = T.func.vmap(T.func.grad(loss), in_dims=(None, 0, 0))

        run = _timed(lambda: per_sample(params, Xt, yt))
        return Case(run, lambda: {"grads": np.concatenate([_np_of(g).reshape(-1) for g in per_sample(params, Xt, yt)])},
                    np.float32)
    return make


def has_functional(T):
    try:
        import importlib
        importlib.import_module(T.__name__ + ".autograd.functional")
        return hasattr(T.autograd.functional, "hessian")
    except Exception:
        return False


# ================================================================ registry
# name -> (builder, sample metric keys, timed repetitions inside one round)
def in_process_workloads(quick):
    return [
        ("W1", lambda lib, T: make_chain(lib, T, 1000), 2 if quick else 5),
        ("W2", make_w2, 10 if quick else 20),
        ("W3", make_w3, 5 if quick else 10),
        ("W4", make_w4, 1),
        ("W6 hessian n=50", make_w6("hessian", 50), 1 if quick else 3),
        ("W6 hessian n=200", make_w6("hessian", 200), 1),
        ("W6 hessian vectorized n=200", make_w6("hessian_vec", 200), 1),
        ("W6 func.hessian n=200", make_w6("func_hessian", 200), 1),
        ("W6 hvp n=50", make_w6("hvp", 50), 5 if quick else 10),
        ("W6 hvp n=200", make_w6("hvp", 200), 5 if quick else 10),
        ("W8 jacfwd n=200", make_jacfwd(200), 3 if quick else 5),
        ("W8 forward-AD chain", make_forward_chain(1000), 2 if quick else 5),
        ("W8 per-sample grads", make_per_sample(64), 1 if quick else 3),
    ]


def collect():
    gc.collect()
