"""einsum, kron, cross, dist / cdist, roll, rot90, tile, repeat_interleave, narrow_copy, atleast_*d,
block_diag, cartesian_prod, combinations, vander, meshgrid, triu/tril_indices, flipud / fliplr,
moveaxis (pyautograd/ops/combine.py): values against NumPy, and (with torch) values, dtypes,
layouts, warnings and error texts against PyTorch. Gradients come from the declarations' specs
(tests/test_ops_grad.py, tests/test_differential_torch.py)."""
import warnings

import numpy as np
import pytest

import pyautograd as pa


def _a(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


# ------------------------------------------------------------------ without torch --
@pytest.mark.parametrize("eq,shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("ii->i", [(3, 3)]), ("ii", [(3, 3)]), ("iji->j", [(2, 3, 2)]), ("i,j->ij", [(3,), (2,)]),
    ("...ij,...j->...i", [(2, 3, 4), (4,)]), ("i...->...", [(2, 3, 4)]), ("ijk->kji", [(2, 3, 4)]),
    ("ij,jk,kl->il", [(2, 3), (3, 2), (2, 5)]), ("ab,cd,bd->ac", [(2, 3), (4, 5), (3, 5)]),
    ("i,i->", [(4,), (4,)]), (",i->i", [(), (3,)]), ("ij->", [(0, 3)]), ("ij,jk->ik", [(2, 0), (0, 3)]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]), ("Ab,bA->A", [(2, 3), (3, 2)])])
def test_einsum_matches_numpy(eq, shapes):
    arrays = [_a(*s, seed=i) for i, s in enumerate(shapes)]
    got = pa.einsum(eq, *[pa.tensor(a) for a in arrays]).numpy()
    np.testing.assert_allclose(got, np.einsum(eq, *arrays), rtol=1e-12, atol=1e-12)


def test_einsum_sublist_and_list_operands():
    a, b = _a(2, 3), _a(3, 4, seed=1)
    r = pa.einsum(pa.tensor(a), [0, 1], pa.tensor(b), [1, 2], [0, 2])
    np.testing.assert_allclose(r.numpy(), a @ b)
    r = pa.einsum("ij,jk->ik", [pa.tensor(a), pa.tensor(b)])
    np.testing.assert_allclose(r.numpy(), a @ b)
    r = pa.einsum(pa.tensor(_a(2, 3, 4)), [Ellipsis, 1], [Ellipsis])
    np.testing.assert_allclose(r.numpy(), _a(2, 3, 4).sum(-1))


def test_einsum_broadcasting_size_one():
    a, b = _a(2, 1), _a(2, 3, seed=1)
    np.testing.assert_allclose(pa.einsum("ij,ij->", pa.tensor(a), pa.tensor(b)).numpy(), (a * b).sum())
    np.testing.assert_allclose(pa.einsum("ij,ij->ij", pa.tensor(a), pa.tensor(b)).numpy(), a * b)


def test_shape_functions_match_numpy():
    x = _a(3, 4)
    t = pa.tensor(x)
    np.testing.assert_array_equal(pa.roll(t, 1, 0).numpy(), np.roll(x, 1, 0))
    np.testing.assert_array_equal(pa.roll(t, 5).numpy(), np.roll(x, 5))
    np.testing.assert_array_equal(t.roll((1, -2), (0, 1)).numpy(), np.roll(x, (1, -2), (0, 1)))
    for k in range(-5, 6):
        np.testing.assert_array_equal(pa.rot90(t, k).numpy(), np.rot90(x, k))
    np.testing.assert_array_equal(pa.tile(t, (2,)).numpy(), np.tile(x, (2,)))
    np.testing.assert_array_equal(t.tile((2, 1, 3)).numpy(), np.tile(x, (2, 1, 3)))
    np.testing.assert_array_equal(pa.repeat_interleave(t, 2, 1).numpy(), np.repeat(x, 2, 1))
    np.testing.assert_array_equal(t.repeat_interleave(2).numpy(), np.repeat(x, 2))
    np.testing.assert_array_equal(pa.repeat_interleave(t, pa.tensor([1, 0, 2]), 0).numpy(), np.repeat(x, [1, 0, 2], 0))
    np.testing.assert_array_equal(pa.repeat_interleave(pa.tensor([2, 0, 1])).numpy(), [0, 0, 2])
    np.testing.assert_array_equal(pa.kron(t, pa.tensor(x[:2])).numpy(), np.kron(x, x[:2]))
    np.testing.assert_array_equal(pa.flipud(t).numpy(), np.flipud(x))
    np.testing.assert_array_equal(pa.fliplr(t).numpy(), np.fliplr(x))
    np.testing.assert_array_equal(pa.moveaxis(t, 0, 1).numpy(), np.moveaxis(x, 0, 1))
    np.testing.assert_array_equal(pa.narrow_copy(t, 1, 1, 2).numpy(), x[:, 1:3])
    v = pa.tensor([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(pa.vander(v).numpy(), np.vander([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(pa.vander(v, 4, True).numpy(), np.vander([1.0, 2.0, 3.0], 4, True))
    want = np.zeros((5, 7))
    want[:3, :4], want[3, 4:6], want[4, 6] = x, [1.0, 2.0], 5.0
    np.testing.assert_array_equal(pa.block_diag(pa.tensor(x), pa.tensor([1.0, 2.0]), pa.tensor(5.0)).numpy(), want)
    np.testing.assert_array_equal(pa.triu_indices(3, 4, 1).numpy(), np.stack(np.triu_indices(3, 1, 4)))
    np.testing.assert_array_equal(pa.tril_indices(4, 3, -1).numpy(), np.stack(np.tril_indices(4, -1, 3)))
    a, b = pa.tensor([1, 2, 3]), pa.tensor([4, 5])
    np.testing.assert_array_equal(pa.cartesian_prod(a, b).numpy(), [[i, j] for i in (1, 2, 3) for j in (4, 5)])
    np.testing.assert_array_equal(pa.combinations(a).numpy(), [[1, 2], [1, 3], [2, 3]])
    np.testing.assert_array_equal(pa.combinations(a, 2, True).numpy(), [[1, 1], [1, 2], [1, 3], [2, 2], [2, 3], [3, 3]])
    g = pa.meshgrid(a, b, indexing="xy")
    for m, e in zip(g, np.meshgrid([1, 2, 3], [4, 5], indexing="xy")):
        np.testing.assert_array_equal(m.numpy(), e)


def test_distances_match_numpy():
    x1, x2 = _a(5, 3), _a(4, 3, seed=1)
    d = x1[:, None, :] - x2[None]
    for p in (0.0, 0.5, 1.0, 2.0, 3.0, float("inf")):
        want = np.linalg.norm(d, ord=p, axis=-1) if p not in (0.5,) else (np.abs(d) ** 0.5).sum(-1) ** 2
        np.testing.assert_allclose(pa.cdist(pa.tensor(x1), pa.tensor(x2), p=p).numpy(), want, rtol=1e-12)
        flat = (x1[:4] - x2).ravel()
        want = np.linalg.norm(flat, ord=p) if p != 0.5 else (np.abs(flat) ** 0.5).sum() ** 2
        np.testing.assert_allclose(pa.dist(pa.tensor(x1[:4]), pa.tensor(x2), p).numpy(), want, rtol=1e-12)
    np.testing.assert_allclose(pa.cross(pa.tensor(x1[:4]), pa.tensor(x2), dim=1).numpy(), np.cross(x1[:4], x2))


def test_zero_distance_gradient_is_zero_not_nan():
    x = pa.tensor([[1.0, 2.0]], requires_grad=True)
    pa.cdist(x, x.detach()).sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0]]
    y = pa.tensor([1.0, 2.0], requires_grad=True)
    pa.dist(y, y.detach()).backward()
    assert y.grad.tolist() == [0.0, 0.0]


def test_higher_order_and_forward_mode_through_einsum():
    a = pa.tensor(_a(3, 3), requires_grad=True)
    f = lambda m: pa.einsum("ij,jk,ki->", m, m, m)   # trace(m^3): gradient 3 (m^2)^T, hessian-vector product
    g, = pa.autograd.grad(f(a), a, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), 3 * (a.detach().numpy() @ a.detach().numpy()).T, rtol=1e-12)
    v = pa.tensor(_a(3, 3, seed=2))
    _, jvp = pa.func.jvp(f, (a.detach(),), (v,))
    np.testing.assert_allclose(jvp.numpy(), (g.detach() * v).sum().numpy(), rtol=1e-12)


def test_bad_input_changes_nothing():
    t = pa.tensor([1.0, 2.0])
    for call in (lambda: pa.einsum("ij", t), lambda: pa.roll(t, (1, 2), 0), lambda: pa.rot90(t),
                 lambda: pa.vander(t, -1), lambda: pa.combinations(t, -1), lambda: pa.cdist(t, t),
                 lambda: pa.block_diag(pa.ones(1, 1, 1)), lambda: pa.narrow_copy(t, 0, 1, 5)):
        with pytest.raises(RuntimeError):
            call()
    assert t.tolist() == [1.0, 2.0] and t._version == 0


# --------------------------------------------------------------------- with torch --
def _both(torch, make):
    """make(T) under both libraries: (kind, value) with kind 'error' (type name, text) or 'value'."""
    out = []
    for T in (pa, torch):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            try:
                r = make(T)
            except Exception as e:   # noqa: BLE001 - the exception itself is compared
                out.append(("error", type(e).__name__, str(e).split("\n")[0], None))
                continue
        rs = r if isinstance(r, tuple) else (r,)
        # warning texts up to PyTorch's C++ source location (" (Triggered internally at ...)")
        out.append(("value", [(tuple(x.shape), str(x.dtype).split(".")[-1], x.detach().numpy().copy(),
                               x.is_contiguous()) for x in rs], None,
                    [str(m.message).split("\n")[0].split(" (Triggered internally")[0] for m in w]))
    return out


CASES = {
    "einsum_dtype_mismatch": lambda T: T.einsum("ij,jk", T.ones(2, 3), T.ones(3, 2, dtype=T.float64)),
    "einsum_size_mismatch": lambda T: T.einsum("ij,jk", T.ones(2, 3), T.ones(2, 3)),
    "einsum_fewer": lambda T: T.einsum("ij,jk->ik", T.ones(2, 3)),
    "einsum_more": lambda T: T.einsum("ij->ij", T.ones(2, 3), T.ones(2)),
    "einsum_subscripts": lambda T: T.einsum("ijk,jk->ik", T.ones(2, 3), T.ones(3, 2)),
    "einsum_output_missing": lambda T: T.einsum("ij->iz", T.ones(2, 3)),
    "einsum_output_twice": lambda T: T.einsum("ij->jj", T.ones(2, 3)),
    "einsum_bad_char": lambda T: T.einsum("i#,j", T.ones(2), T.ones(3)),
    "einsum_repeated_sizes": lambda T: T.einsum("ii", T.ones(2, 3)),
    "einsum_long": lambda T: T.einsum("ij,jk", T.arange(6).reshape(2, 3), T.arange(6).reshape(3, 2)),
    "einsum_implicit_order": lambda T: T.einsum("ba,cb", T.arange(6.).reshape(2, 3), T.arange(8.).reshape(4, 2)),
    "einsum_ellipsis": lambda T: T.einsum("i...j,j...", T.ones(2, 5, 3), T.ones(3, 5)),
    "einsum_zero_d": lambda T: T.einsum("", T.tensor(3.0)),
    "einsum_bool_contract": lambda T: T.einsum("i,iz->z", T.tensor([True, False]), T.ones(2, 3, dtype=T.bool)),
    "einsum_bool_size1": lambda T: T.einsum("i,iz->z", T.tensor([True]), T.tensor([[True, False, True]])),
    "einsum_bool_outer": lambda T: T.einsum("i,z->iz", T.tensor([True, False]), T.tensor([True, False, True])),
    "einsum_int_contract": lambda T: T.einsum("i,iz->z", T.tensor([1, 2, 3]), T.arange(6).reshape(3, 2)),
    "kron_int": lambda T: T.kron(T.tensor([[1, 2], [3, 4]]), T.tensor([1, -1])),
    "kron_mixed": lambda T: T.kron(T.tensor([1, 2]), T.tensor([0.5, 1.5])),
    "cross_default_dim": lambda T: T.cross(T.ones(3, 2), T.ones(3, 2)),
    "cross_no_size3": lambda T: T.cross(T.ones(2, 2), T.ones(2, 2)),
    "cross_bad_dim": lambda T: T.cross(T.ones(2, 3), T.ones(2, 3), dim=0),
    "cross_ndim": lambda T: T.linalg.cross(T.ones(2, 3), T.ones(3)),
    "cross_int": lambda T: T.linalg.cross(T.tensor([1, 0, 0]), T.tensor([0, 1, 0])),
    "cross_bcast": lambda T: T.linalg.cross(T.arange(6.).reshape(2, 1, 3), T.arange(12.).reshape(1, 4, 3)),
    "dist_int": lambda T: T.dist(T.tensor([1, 2]), T.tensor([3, 4])),
    "dist_bcast_bad": lambda T: T.dist(T.ones(2, 3), T.ones(4)),
    "dist_float32": lambda T: T.dist(T.ones(2, 3), T.zeros(3), 3),
    "cdist_1d": lambda T: T.cdist(T.ones(3), T.ones(3)),
    "cdist_cols": lambda T: T.cdist(T.ones(2, 3), T.ones(2, 4)),
    "cdist_int": lambda T: T.cdist(T.ones(2, 3, dtype=T.long), T.ones(2, 3, dtype=T.long)),
    "cdist_neg_p": lambda T: T.cdist(T.ones(2, 3), T.ones(2, 3), p=-1),
    "cdist_batch": lambda T: T.cdist(T.arange(24.).reshape(2, 4, 3), T.arange(9.).reshape(3, 3)),
    "cdist_large": lambda T: T.cdist(T.arange(90.).reshape(30, 3).double() / 7, T.arange(81.).reshape(27, 3).double() / 5),
    "cdist_large_grad_fn": lambda T: T.tensor(T.cdist(T.ones(30, 3, requires_grad=True), T.ones(2, 3)).grad_fn.name() == "ViewBackward0"),
    "cdist_mm_mode": lambda T: T.cdist(T.arange(6.).reshape(2, 3).double(), T.arange(9.).reshape(3, 3).double() / 3,
                                       compute_mode="use_mm_for_euclid_dist"),
    "cdist_large_no_mm": lambda T: T.cdist(T.arange(90.).reshape(30, 3) / 7, T.arange(9.).reshape(3, 3) / 5,
                                           compute_mode="donot_use_mm_for_euclid_dist"),
    "cdist_large_p1": lambda T: T.cdist(T.arange(90.).reshape(30, 3) / 7, T.arange(9.).reshape(3, 3) / 5, p=1),
    "roll_mismatch": lambda T: T.roll(T.ones(2, 3), (1, 2), 0),
    "roll_no_dims_two_shifts": lambda T: T.roll(T.ones(2, 3), (1, 2)),
    "roll_int": lambda T: T.roll(T.arange(6).reshape(2, 3), -1, 1),
    "rot90_1d": lambda T: T.rot90(T.ones(3)),
    "rot90_same": lambda T: T.rot90(T.ones(2, 3), 1, (1, 1)),
    "rot90_three_dims": lambda T: T.rot90(T.ones(2, 3), 1, (0, 1, 0)),
    "rot90_layout": lambda T: T.rot90(T.arange(6.).reshape(2, 3), 3),
    "tile_int": lambda T: T.tile(T.arange(3), (2, 2)),
    "repeat_interleave_neg": lambda T: T.repeat_interleave(T.ones(3), -1),
    "repeat_interleave_len": lambda T: T.repeat_interleave(T.ones(3), T.tensor([1, 2])),
    "repeat_interleave_neg_tensor": lambda T: T.repeat_interleave(T.ones(3), T.tensor([1, -2, 1])),
    "repeat_interleave_2d": lambda T: T.repeat_interleave(T.ones(3), T.ones(2, 2, dtype=T.long)),
    "repeat_interleave_output_size": lambda T: T.repeat_interleave(T.ones(3), 2, output_size=6),
    "repeat_interleave_counts": lambda T: T.repeat_interleave(T.tensor([1, 0, 3])),
    "narrow_copy_0d": lambda T: T.narrow_copy(T.tensor(1.0), 0, 0, 1),
    "narrow_copy_long": lambda T: T.narrow_copy(T.ones(2, 3), 1, 2, 2),
    "narrow_copy_is_a_copy": lambda T: (lambda x: (T.narrow_copy(x, 0, 1, 2).fill_(7), x)[1])(T.zeros(4)),
    "atleast_1d_same": lambda T: T.atleast_1d(T.ones(2)),
    "atleast_2d_many": lambda T: T.atleast_2d(T.tensor(1.0), T.ones(3), T.ones(2, 2)),
    "atleast_3d_list": lambda T: T.atleast_3d([T.tensor(1.0), T.ones(3), T.ones(2, 2)]),
    "block_diag_3d": lambda T: T.block_diag(T.ones(2, 2), T.ones(1, 1, 1)),
    "block_diag_mixed": lambda T: T.block_diag(T.ones(2, 2, dtype=T.long), T.ones(1, 3)),
    "block_diag_empty": lambda T: T.block_diag(T.ones(0, 3), T.ones(2, 0)),
    "block_diag_none": lambda T: T.block_diag(),
    "cartesian_prod_2d": lambda T: T.cartesian_prod(T.ones(2, 2), T.ones(2)),
    "cartesian_prod_three": lambda T: T.cartesian_prod(T.arange(2), T.arange(3), T.arange(2)),
    "combinations_0": lambda T: T.combinations(T.arange(4.), 0),
    "combinations_too_many": lambda T: T.combinations(T.arange(4.), 5),
    "combinations_repl": lambda T: T.combinations(T.arange(4.), 3, with_replacement=True),
    "combinations_2d": lambda T: T.combinations(T.ones(2, 2)),
    "combinations_neg": lambda T: T.combinations(T.arange(4), -1),
    "vander_int": lambda T: T.vander(T.tensor([1, 2, 3])),
    "vander_bool": lambda T: T.vander(T.tensor([True, False])),
    "vander_int8": lambda T: T.vander(T.tensor([1, 2], dtype=T.int8)),
    "vander_n0": lambda T: T.vander(T.tensor([1.0, 2.0]), N=0),
    "vander_n1": lambda T: T.vander(T.tensor([1.0, 2.0]), N=1),
    "vander_neg": lambda T: T.vander(T.tensor([1.0, 2.0]), N=-1),
    "vander_2d": lambda T: T.vander(T.ones(2, 2)),
    "meshgrid_warns": lambda T: T.meshgrid(T.arange(3), T.arange(2)),
    "meshgrid_xy": lambda T: T.meshgrid(T.arange(3), T.arange(2), T.arange(4), indexing="xy"),
    "meshgrid_bad_indexing": lambda T: T.meshgrid(T.arange(3), indexing="yx"),
    "meshgrid_2d": lambda T: T.meshgrid(T.ones(2, 2), indexing="ij"),
    "meshgrid_dtypes": lambda T: T.meshgrid(T.ones(2), T.ones(2, dtype=T.long), indexing="ij"),
    "meshgrid_0d": lambda T: T.meshgrid(T.tensor(1.0), T.ones(2), indexing="ij"),
    "triu_indices": lambda T: T.triu_indices(4, 3, -1),
    "tril_indices_int32": lambda T: T.tril_indices(3, 5, 2, dtype=T.int32),
    "triu_indices_neg": lambda T: T.triu_indices(-1, 3),
    "triu_indices_float": lambda T: T.triu_indices(3, 3, dtype=T.float32),
    "flipud_0d": lambda T: T.flipud(T.tensor(1.0)),
    "tensordot_int": lambda T: T.tensordot(T.arange(6.).reshape(2, 3), T.arange(6.).reshape(3, 2), 1),
    "tensordot_mismatch": lambda T: T.tensordot(T.ones(2, 3), T.ones(2, 3), 1),
    "tensordot_pairs": lambda T: T.tensordot(T.arange(24.).reshape(2, 3, 4), T.arange(24.).reshape(4, 3, 2), ([1, 2], [1, 0])),
    "tensordot_out": lambda T: (lambda o: (T.tensordot(T.ones(2, 3), T.ones(3, 2), 1, out=o), o)[1])(T.empty(0)),
    "diff_bool": lambda T: T.diff(T.tensor([True, False, False])),
    "diff_int_n2": lambda T: T.diff(T.tensor([1, 4, 9, 16]), 2),
    "diff_append": lambda T: T.diff(T.arange(6.).reshape(2, 3), dim=0, append=T.ones(1, 3)),
    "diff_0d": lambda T: T.diff(T.tensor(1.0)),
    "heaviside": lambda T: T.heaviside(T.tensor([-1.0, 0.0, 2.0]), T.tensor([0.5])),
    "heaviside_dtypes": lambda T: T.heaviside(T.tensor([-1.0, 0.0]), T.tensor([1])),
    "signbit": lambda T: T.signbit(T.tensor([-0.0, 0.0, -2.0, 3.0])),
    "positive_bool": lambda T: T.positive(T.tensor([True])),
    "atan2_int": lambda T: T.atan2(T.tensor([1, 2]), T.tensor([3, -4])),
    "fmax_int_nan": lambda T: (T.fmax(T.tensor([1, 5]), T.tensor([3, 2])), T.fmax(T.tensor([float("nan"), 1.0]), T.tensor([2.0, float("nan")]))),
    "copysign_int": lambda T: T.copysign(T.tensor([1, 2]), T.tensor([-1.0, 0.0])),
    "logaddexp2_int": lambda T: T.logaddexp2(T.tensor([1, 2]), T.tensor([1, 2])),
    "deg2rad_int": lambda T: T.deg2rad(T.tensor([180, 90])),
    "acosh_below_one": lambda T: T.acosh(T.tensor([0.5, 1.0, 2.0])),
    "fliplr_1d": lambda T: T.fliplr(T.ones(3)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    torch = pytest.importorskip("torch")
    ours, theirs = _both(torch, CASES[name])
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "error":
        assert ours[1:3] == theirs[1:3]
        return
    assert len(ours[1]) == len(theirs[1])
    for (s1, d1, v1, c1), (s2, d2, v2, c2) in zip(ours[1], theirs[1]):
        assert (s1, d1, c1) == (s2, d2, c2)
        np.testing.assert_allclose(v1, v2, rtol=1e-6, atol=1e-6)
    assert ours[3] == theirs[3]


def test_heaviside_has_no_derivative_and_positive_is_the_tensor():
    x = pa.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    y = pa.heaviside(x, pa.tensor([0.5]))
    with pytest.raises(RuntimeError, match="derivative for aten::heaviside is not implemented"):
        y.sum().backward()
    assert pa.positive(x) is x


def test_atleast_returns_the_tensor_itself():
    x = pa.ones(2)
    assert pa.atleast_1d(x) is x
    y = pa.ones(2, 3, 4)
    assert all(r is y for r in (pa.atleast_2d(y), pa.atleast_3d(y)))
