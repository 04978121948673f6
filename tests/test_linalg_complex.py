"""Gradients of torch.linalg (and einsum / kron / cross / dist) on complex matrices against PyTorch:
the conjugations of the complex rules (det's conj(det) A^-H, slogdet's differentiable complex sign)
are easy to get wrong in ways the real tests cannot see."""
import numpy as np
import pytest

import pyautograd as pa

torch = pytest.importorskip("torch")

_RNG = np.random.default_rng(0)
A = _RNG.standard_normal((3, 3)) + 1j * _RNG.standard_normal((3, 3))
B = _RNG.standard_normal((3, 2)) + 1j * _RNG.standard_normal((3, 2))


def _gram(T, a):
    return a @ a.conj().transpose(-2, -1) + T.eye(3)


CASES = {
    "inv": lambda T, a, b: T.linalg.inv(a),
    "det": lambda T, a, b: T.linalg.det(a),
    "slogdet_logabs": lambda T, a, b: T.linalg.slogdet(a)[1],
    "slogdet_sign": lambda T, a, b: T.linalg.slogdet(a)[0],
    "slogdet_both": lambda T, a, b: T.linalg.slogdet(a)[0] * T.linalg.slogdet(a)[1],
    "solve": lambda T, a, b: T.linalg.solve(a, b),
    "qr_r": lambda T, a, b: T.linalg.qr(a)[1],
    "svdvals": lambda T, a, b: T.linalg.svdvals(a),
    "svd_product": lambda T, a, b: (lambda u, s, v: (u * s.unsqueeze(-2)) @ v)(*T.linalg.svd(a)),
    "pinv": lambda T, a, b: T.linalg.pinv(b),
    "matrix_exp": lambda T, a, b: T.linalg.matrix_exp(a),
    "eigvalsh": lambda T, a, b: T.linalg.eigvalsh(_gram(T, a)),
    "cholesky": lambda T, a, b: T.linalg.cholesky(_gram(T, a)),
    "lstsq": lambda T, a, b: T.linalg.lstsq(a, b)[0],
    "matrix_norm_nuc": lambda T, a, b: T.linalg.matrix_norm(a, "nuc"),
    "matrix_norm_2": lambda T, a, b: T.linalg.matrix_norm(a, 2),
    "cond": lambda T, a, b: T.linalg.cond(a),
    "matrix_power": lambda T, a, b: T.linalg.matrix_power(a, -2),
    "cross": lambda T, a, b: T.linalg.cross(a, a.flip(0)),
    "einsum": lambda T, a, b: T.einsum("ij,jk->ik", a, b),
    "kron": lambda T, a, b: T.kron(a, b),
    "dist": lambda T, a, b: T.dist(a, a.flip(0)),
}


def _grads(T, f):
    a, b = T.tensor(A, requires_grad=True), T.tensor(B, requires_grad=True)
    r = f(T, a, b)
    loss = (r.abs() ** 2).sum() if r.is_complex() else r.sum()
    return r, T.autograd.grad(loss, [a, b], allow_unused=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_complex_gradient_matches_torch(name):
    r1, g1 = _grads(pa, CASES[name])
    r2, g2 = _grads(torch, CASES[name])
    assert str(r1.dtype) == str(r2.dtype)
    np.testing.assert_allclose(r1.detach().numpy(), r2.detach().numpy(), rtol=1e-10, atol=1e-12)
    for x, y in zip(g1, g2):
        assert (x is None) == (y is None)
        if x is not None:
            np.testing.assert_allclose(x.numpy(), y.numpy(), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("name", ["det", "slogdet_logabs", "slogdet_sign", "inv", "solve"])
def test_complex_forward_mode_matches_torch(name):
    t = _RNG.standard_normal((3, 3)) + 1j * _RNG.standard_normal((3, 3))
    outs = []
    for T in (pa, torch):
        f = lambda a: CASES[name](T, a, T.tensor(B))
        _, tangent = T.func.jvp(f, (T.tensor(A),), (T.tensor(t),))
        outs.append(tangent.numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-9, atol=1e-11)


def test_real_slogdet_sign_has_no_graph():
    a = pa.tensor(A.real, requires_grad=True)
    sign, logabs = pa.linalg.slogdet(a)
    assert sign.grad_fn is None and logabs.grad_fn is not None and logabs.dtype == pa.float64
