"""torch.linalg against PyTorch: values (reconstructions and sign-invariant quantities where a
decomposition is not unique), gradients and second derivatives of convention-invariant losses,
named-tuple results, and PyTorch's error types and texts."""
import warnings

import numpy as np
import pytest

import pyautograd as T
import pyautograd as pa

torch = pytest.importorskip("torch")


def _pair(a):
    return T.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)


def _grads(fn, arrays, second=True):
    """fn's value, its gradient and (second) the gradient of the gradient's squared norm, in both."""
    out = []
    for lib in (T, torch):
        xs = [lib.tensor(a, requires_grad=True) for a in arrays]
        y = fn(lib, *xs)
        gs = lib.autograd.grad(y.sum(), xs, create_graph=second)
        res = [y.detach().numpy()] + [g.detach().numpy() for g in gs]
        if second:
            h = lib.autograd.grad(sum((g * g).sum() for g in gs), xs)
            res += [g.numpy() for g in h]
        out.append(res)
    for a, b in zip(*out):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-8)


rng = np.random.default_rng(0)
A3 = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
R43 = rng.standard_normal((2, 4, 3))
R34 = rng.standard_normal((3, 4))
B32 = rng.standard_normal((2, 3, 2))


def spd(L, a):
    return a @ a.transpose(-1, -2) + 3 * L.eye(3, dtype=a.dtype)


def sym(L, a):
    return a + a.transpose(-1, -2)


def _cond_ref(L, a, p):
    """torch's cond for these p fails its own backward (an in-place change of the inverse it
    saved); its definition norm(A) norm(A^-1) is the reference (values checked in the test below)."""
    if L is T:
        return T.linalg.cond(a, p)
    return torch.linalg.matrix_norm(a, p) * torch.linalg.matrix_norm(torch.linalg.inv(a), p)


CASES = {
    "inv": (lambda L, a: L.linalg.inv(a), [A3]),
    "inverse": (lambda L, a: L.inverse(a), [A3]),
    "det": (lambda L, a: L.linalg.det(a), [A3]),
    "det_singular": (lambda L, a: L.det(L.cat([a, a[:1] + a[1:]], 0)), [rng.standard_normal((2, 3))]),
    "slogdet": (lambda L, a: L.linalg.slogdet(a).logabsdet, [A3]),
    "logdet": (lambda L, a: L.logdet(spd(L, a)), [A3]),
    "solve": (lambda L, a, b: L.linalg.solve(a, b), [A3, B32]),
    "solve_vec": (lambda L, a, b: L.linalg.solve(a, b), [A3, rng.standard_normal((2, 3))]),
    "solve_bcast": (lambda L, a, b: L.linalg.solve(a, b), [A3, rng.standard_normal((3, 2))]),
    "solve_right": (lambda L, a, b: L.linalg.solve(a, b, left=False), [A3, rng.standard_normal((2, 2, 3))]),
    "cholesky": (lambda L, a: L.linalg.cholesky(spd(L, a)), [A3]),
    "cholesky_upper": (lambda L, a: L.linalg.cholesky(spd(L, a), upper=True), [A3]),
    "torch_cholesky": (lambda L, a: L.cholesky(spd(L, a)), [A3]),
    "cholesky_solve": (lambda L, b, a: L.cholesky_solve(b, L.linalg.cholesky(spd(L, a))), [B32, A3]),
    "cholesky_inverse": (lambda L, a: L.cholesky_inverse(L.linalg.cholesky(spd(L, a[0]))), [A3]),
    "eigvalsh": (lambda L, a: L.linalg.eigvalsh(sym(L, a)), [A3]),
    "eigh_vectors": (lambda L, a: (lambda w, v: (v * v) * w.unsqueeze(-2))(*L.linalg.eigh(sym(L, a))), [A3]),
    "eigh_upper": (lambda L, a: (lambda w, v: v.abs() + w.unsqueeze(-2))(*L.linalg.eigh(a, UPLO="U")), [A3]),
    "svdvals": (lambda L, a: L.linalg.svdvals(a), [R43]),
    "svd_uv": (lambda L, a: (lambda u, s, vh: (u[..., :1] * vh[..., :1, :]) * s[..., :1, None])(
        *L.linalg.svd(a, full_matrices=False)), [R43]),
    "svd_wide": (lambda L, a: (lambda u, s, vh: (u * u).sum(-2) * s + (vh * vh)[..., 0, :].sum())(
        *L.linalg.svd(a, full_matrices=False)), [R34]),
    "svd_full": (lambda L, a: (lambda u, s, vh: (u[..., :3] * u[..., :3]).sum(-1) + s.sum())(
        *L.linalg.svd(a, full_matrices=True)), [R43]),
    "torch_svd": (lambda L, a: (lambda u, s, v: u.abs() @ v.abs().mT * s.sum())(*L.svd(a)), [R43]),
    "qr": (lambda L, a: (lambda q, r: q * L.sign(r.diagonal(0, -2, -1)).unsqueeze(-2))(*L.linalg.qr(a)), [R43]),
    "qr_r": (lambda L, a: L.linalg.qr(a)[1].abs(), [R43]),
    "qr_wide": (lambda L, a: (lambda q, r: r * L.sign(r.diagonal()).unsqueeze(-1))(*L.linalg.qr(a)), [R34]),
    "torch_qr": (lambda L, a: (lambda q, r: q.abs() + r.abs().sum())(*L.qr(a)), [R43]),
    "pinv": (lambda L, a: L.linalg.pinv(a), [R43]),
    "pinv_wide": (lambda L, a: L.linalg.pinv(a), [R34]),
    "pinv_hermitian": (lambda L, a: L.linalg.pinv(spd(L, a), hermitian=True), [A3]),
    "pinverse": (lambda L, a: L.pinverse(a), [R34]),
    "lstsq": (lambda L, a, b: L.linalg.lstsq(a, b).solution, [R43, rng.standard_normal((2, 4, 2))]),
    "matrix_exp": (lambda L, a: L.linalg.matrix_exp(a), [A3]),
    "matrix_exp_big": (lambda L, a: L.matrix_exp(4 * a), [A3]),
    "matrix_power": (lambda L, a: L.linalg.matrix_power(a, 5), [A3 / 3]),
    "matrix_power_neg": (lambda L, a: L.linalg.matrix_power(a, -3), [A3]),
    "matrix_power_0": (lambda L, a: L.matrix_power(a, 0) * a, [A3]),
    "cond": (lambda L, a: L.linalg.cond(a), [A3]),
    "cond_m2": (lambda L, a: L.linalg.cond(a, -2), [A3]),
    "cond_fro": (lambda L, a: _cond_ref(L, a, "fro"), [A3]),
    "cond_nuc": (lambda L, a: L.linalg.cond(a, "nuc"), [A3]),
    "cond_inf": (lambda L, a: _cond_ref(L, a, float("inf")), [A3]),
    "cond_1": (lambda L, a: _cond_ref(L, a, 1), [A3]),
    "matrix_norm_fro": (lambda L, a: L.linalg.matrix_norm(a), [R43]),
    "matrix_norm_nuc": (lambda L, a: L.linalg.matrix_norm(a, "nuc", keepdim=True), [R43]),
    "matrix_norm_2": (lambda L, a: L.linalg.matrix_norm(a, 2), [R43]),
    "matrix_norm_m2": (lambda L, a: L.linalg.matrix_norm(a, -2), [R43]),
    "matrix_norm_1": (lambda L, a: L.linalg.matrix_norm(a, 1), [R43]),
    "matrix_norm_m1": (lambda L, a: L.linalg.matrix_norm(a, -1, keepdim=True), [R43]),
    "matrix_norm_inf": (lambda L, a: L.linalg.matrix_norm(a, float("inf")), [R43]),
    "matrix_norm_minf_dim": (lambda L, a: L.linalg.matrix_norm(a, -float("inf"), dim=(0, 2)), [R43]),
    "norm": (lambda L, a: L.linalg.norm(a), [R43]),
    "norm_matrix": (lambda L, a: L.linalg.norm(a[0], 2), [R43]),
    "norm_dim": (lambda L, a: L.linalg.norm(a, 3, dim=1), [R43]),
    "vector_norm_inf": (lambda L, a: L.linalg.vector_norm(a, float("inf"), dim=(1, 2), keepdim=True), [R43]),
    "vector_norm_1": (lambda L, a: L.linalg.vector_norm(a, 1, dim=-1), [R43]),
    "vecdot": (lambda L, a, b: L.linalg.vecdot(a, b), [R43, rng.standard_normal((3,))]),
    "cross": (lambda L, a, b: L.linalg.cross(a, b), [R43, rng.standard_normal((1, 4, 3))]),
    "multi_dot": (lambda L, a, b, c: L.linalg.multi_dot([a, b, c]),
                  [rng.standard_normal(3), R34, rng.standard_normal(4)]),
    "diagonal": (lambda L, a: L.linalg.diagonal(a, offset=1), [R43]),
    "tensorinv": (lambda L, a: L.linalg.tensorinv(a.reshape(2, 2, 4), ind=2),
                  [rng.standard_normal((4, 4)) + 4 * np.eye(4)]),
    "tensorsolve": (lambda L, a, b: L.linalg.tensorsolve(a.reshape(2, 2, 4), b),
                    [rng.standard_normal((4, 4)) + 4 * np.eye(4), rng.standard_normal((2, 2))]),
}


FIRST_ONLY = {"det_singular", "diagonal", "vector_norm_1", "vector_norm_inf", "matrix_norm_1", "matrix_norm_inf",
              "matrix_norm_m1", "matrix_norm_minf_dim", "cond_1", "cond_inf", "cond_fro", "cond_nuc"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_match_torch(name):
    fn, arrays = CASES[name]
    # second derivatives where they are not zero (torch gives no graph for those) and where torch
    # computes them (its cond for p other than 2 / -2 fails its own double backward)
    _grads(fn, arrays, second=name not in FIRST_ONLY)


@pytest.mark.parametrize("name", ["inv", "det", "slogdet", "solve", "cholesky", "eigvalsh", "eigh_vectors",
                                  "svdvals", "svd_uv", "qr", "pinv", "matrix_exp"])
def test_forward_mode_matches_torch(name):
    fn, arrays = CASES[name]
    tangents = [rng.standard_normal(a.shape) for a in arrays]
    outs = []
    for lib in (T, torch):
        fwAD = lib.autograd.forward_ad
        with fwAD.dual_level():
            xs = [fwAD.make_dual(lib.tensor(a), lib.tensor(t)) for a, t in zip(arrays, tangents)]
            y = fn(lib, *xs)
            p, t = fwAD.unpack_dual(y)
            outs.append((p.numpy(), t.numpy()))
    np.testing.assert_allclose(outs[0][0], outs[1][0], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-6, atol=1e-8)


def test_reconstructions_and_named_tuples():
    a = T.tensor(R43)
    u, s, vh = T.linalg.svd(a, full_matrices=False)
    np.testing.assert_allclose(((u * s.unsqueeze(-2)) @ vh).numpy(), R43, atol=1e-12)
    r = T.linalg.svd(a)
    assert r.U.shape == (2, 4, 4) and r.S.shape == (2, 3) and r.Vh.shape == (2, 3, 3)
    q, rr = T.linalg.qr(a, mode="complete")
    assert q.shape == (2, 4, 4) and rr.shape == (2, 4, 3)
    np.testing.assert_allclose((q @ rr).numpy(), R43, atol=1e-12)
    assert T.linalg.qr(a, mode="r").Q.shape == torch.linalg.qr(torch.tensor(R43), mode="r").Q.shape
    u, s, v = T.svd(a)
    np.testing.assert_allclose(((u * s.unsqueeze(-2)) @ v.mT).numpy(), R43, atol=1e-12)
    sa = A3 + A3.swapaxes(-1, -2)
    w, v = T.linalg.eigh(T.tensor(sa))
    np.testing.assert_allclose(w.numpy(), np.linalg.eigvalsh(sa), atol=1e-12)
    np.testing.assert_allclose(((v * w.unsqueeze(-2)) @ v.mT).numpy(), sa, atol=1e-12)
    for p in (None, 2, -2, "fro", "nuc", 1, -1, float("inf"), -float("inf")):
        np.testing.assert_allclose(T.linalg.cond(T.tensor(A3), p).numpy(),
                                   torch.linalg.cond(torch.tensor(A3), p).numpy(), rtol=1e-10)
    sd = T.linalg.slogdet(T.tensor(A3))
    tsd = torch.linalg.slogdet(torch.tensor(A3))
    np.testing.assert_allclose(sd.sign.numpy(), tsd.sign.numpy())
    np.testing.assert_allclose(sd.logabsdet.numpy(), tsd.logabsdet.numpy())
    for drv in (None, "gelsy", "gelsd", "gelss", "gels"):
        mine = T.linalg.lstsq(T.tensor(R43), T.tensor(R43[..., :2]), driver=drv)
        ref = torch.linalg.lstsq(torch.tensor(R43), torch.tensor(R43[..., :2]), driver=drv)
        for f in ("solution", "residuals", "rank", "singular_values"):
            np.testing.assert_allclose(getattr(mine, f).numpy(), getattr(ref, f).numpy(), atol=1e-10, err_msg=f)
    sing = np.array([[1., 2], [2, 4]])
    assert int(T.linalg.inv_ex(T.tensor(sing)).info) == int(torch.linalg.inv_ex(torch.tensor(sing)).info)
    bad = np.array([[1., 2], [2, 1]])
    assert int(T.linalg.cholesky_ex(T.tensor(bad)).info) == 2
    for x in (sing, R43[0] @ R43[0].T):
        assert int(T.linalg.matrix_rank(T.tensor(x))) == int(torch.linalg.matrix_rank(torch.tensor(x)))
    x = T.tensor(A3, dtype=T.float32)
    assert T.linalg.inv(x).dtype == T.float32 and T.linalg.det(x).dtype == T.float32
    assert T.linalg.svdvals(x).dtype == T.float32 and T.linalg.matrix_exp(x).dtype == T.float32


def test_tensor_methods():
    a = T.tensor(A3)
    ta = torch.tensor(A3)
    for name, args in (("inverse", ()), ("det", ()), ("logdet", ()), ("pinverse", ()), ("matrix_power", (2,)),
                       ("matrix_exp", ())):
        np.testing.assert_allclose(getattr(a, name)(*args).numpy(), getattr(ta, name)(*args).numpy(), rtol=1e-10)
    np.testing.assert_allclose(a.slogdet()[1].numpy(), ta.slogdet()[1].numpy())
    p = A3 @ A3.swapaxes(-1, -2)
    np.testing.assert_allclose(T.tensor(p).cholesky().numpy(), torch.tensor(p).cholesky().numpy())
    np.testing.assert_allclose(a.svd()[1].numpy(), ta.svd()[1].numpy())
    np.testing.assert_allclose(a.qr()[1].abs().numpy(), ta.qr()[1].abs().numpy(), atol=1e-12)


def test_eigh_repeated_eigenvalues_give_torch_non_finite_gradient():
    for lib in (T, torch):
        a = lib.eye(3, dtype=lib.float64, requires_grad=True)
        w, v = lib.linalg.eigh(a)
        g, = lib.autograd.grad(v.sum(), a)
        assert not np.isfinite(g.numpy()).all()


def test_values_only_losses_are_finite_at_repeated_values_as_torch():
    # eigvalsh / svdvals / the nuclear and spectral norms do not use the eigenvectors or singular
    # vectors: their gradient (V diag(g) V^H, U diag(g) V^H) has no 1 / (L_j - L_i), so it is finite
    # at repeated values, as PyTorch's (the unused outputs' gradients used to be materialized as
    # zeros, giving 0 / 0 = nan)
    losses = [lambda L, a: L.linalg.eigvalsh(a).sum(), lambda L, a: L.linalg.eigh(a).eigenvalues.sum(),
              lambda L, a: L.linalg.svdvals(a).sum(), lambda L, a: L.linalg.svd(a).S.sum(),
              lambda L, a: L.linalg.matrix_norm(a, "nuc"), lambda L, a: L.linalg.matrix_norm(a, 2)]
    for loss in losses:
        got = []
        for lib in (T, torch):
            a = lib.eye(3, dtype=lib.float64, requires_grad=True)
            g, = lib.autograd.grad(loss(lib, a), a)
            got.append(g.numpy())
        assert np.isfinite(got[0]).all()
        np.testing.assert_allclose(got[0], got[1], atol=1e-12)


def test_vector_norm_zero_subgradient():
    for lib in (T, torch):
        x = lib.zeros(3, dtype=lib.float64, requires_grad=True)
        lib.linalg.vector_norm(x).backward()
        assert (x.grad.numpy() == 0).all()


def _err(fn):
    out = []
    for lib in (T, torch):
        with pytest.raises(Exception) as e:
            fn(lib)
        out.append((type(e.value).__name__, str(e.value).split("\n")[0]))
    assert out[0] == out[1]
    return out[0]


def test_errors_match_torch():
    sing = [[1., 2], [2, 4]]
    notpd = [[1., 2], [2, 1]]
    assert _err(lambda L: L.linalg.inv(L.tensor(sing)))[1] == (
        "linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input "
        "matrix is singular.")
    _err(lambda L: L.linalg.inv(L.stack([L.eye(2), L.tensor(sing)])))
    assert "leading minor of order 2" in _err(lambda L: L.linalg.cholesky(L.tensor(notpd)))[1]
    _err(lambda L: L.linalg.cholesky(L.stack([L.eye(2), L.tensor(notpd)])))
    _err(lambda L: L.linalg.inv(L.ones(2, 3)))
    _err(lambda L: L.linalg.inv(L.ones(3)))
    _err(lambda L: L.linalg.inv(L.ones(2, 2, dtype=L.long)))
    _err(lambda L: L.linalg.det(L.ones(2, 3)))
    _err(lambda L: L.linalg.eigh(L.ones(2, 3)))
    _err(lambda L: L.linalg.solve(L.tensor(sing), L.ones(2)))
    _err(lambda L: L.linalg.solve(L.eye(2), L.ones(3)))
    _err(lambda L: L.linalg.solve(L.eye(2), L.ones(3, 1)))
    _err(lambda L: L.linalg.matrix_exp(L.ones(2, 3)))
    _err(lambda L: L.linalg.matrix_power(L.ones(2, 3), 2))
    _err(lambda L: L.linalg.cross(L.ones(2, 2), L.ones(2, 2)))

    def qr_r(L):
        a = L.ones(3, 4, dtype=L.float64, requires_grad=True)
        L.linalg.qr(a, mode="r")[1].sum().backward()
    _err(qr_r)

    def qr_complete(L):
        a = L.tensor(R43[0], requires_grad=True)
        L.linalg.qr(a, mode="complete")[0].sum().backward()
    _err(qr_complete)


# ------------------------------------------------------------------------------- out= --
_OUT_CASES = {
    "inv": lambda T, A, o: T.linalg.inv(A, out=o(3, 3)),
    "det": lambda T, A, o: T.linalg.det(A, out=o()),
    "slogdet": lambda T, A, o: T.linalg.slogdet(A, out=(o(), o())),
    "slogdet_not_tuple": lambda T, A, o: T.linalg.slogdet(A, out=o()),
    "solve": lambda T, A, o: T.linalg.solve(A, A[:, :1], out=o(3, 1)),
    "qr": lambda T, A, o: T.linalg.qr(A, out=(o(3, 3), o(3, 3))),
    "svd": lambda T, A, o: T.linalg.svd(A, out=(o(3, 3), o(3), o(3, 3))),
    "eigh": lambda T, A, o: T.linalg.eigh(A @ A.mT, out=(o(3), o(3, 3))),
    "norm_resized": lambda T, A, o: T.linalg.norm(A, out=o(2)),
    "cross": lambda T, A, o: T.linalg.cross(A, A.flip(0), out=o(3, 3)),
    "vector_norm_float": lambda T, A, o: T.linalg.vector_norm(A, out=o(dtype=T.float32)),
    "inv_tensor_for_tuple": lambda T, A, o: T.linalg.inv(A, out=(o(3, 3),)),
    "inv_requires_grad": lambda T, A, o: T.linalg.inv(A.requires_grad_(), out=o(3, 3)),
}


@pytest.mark.parametrize("name", sorted(_OUT_CASES))
def test_out_matches_torch(name):
    torch = pytest.importorskip("torch")
    res = []
    a = np.random.default_rng(3).standard_normal((3, 3)) + 3 * np.eye(3)
    for T in (pa, torch):
        made = []

        def o(*shape, dtype=None):
            t = T.empty(shape, dtype=dtype or T.float64)
            made.append(t)
            return t
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                r = _OUT_CASES[name](T, T.tensor(a), o)
            except Exception as e:   # noqa: BLE001 - compared below
                res.append((type(e).__name__, str(e)))
                continue
        rs = r if isinstance(r, tuple) else (r,)
        res.append(("ok", [x.numpy().copy() for x in rs], all(any(x is m for m in made) for x in rs)))
    assert res[0][0] == res[1][0], res
    if res[0][0] != "ok":
        assert res[0][1] == res[1][1]
        return
    assert res[0][2] and res[1][2]
    for x, y in zip(res[0][1], res[1][1]):
        np.testing.assert_allclose(np.abs(x), np.abs(y), rtol=1e-10, atol=1e-12)   # abs: decomposition signs
