"""Complex cases of the ops: one table read by tests/test_complex.py.

Each spec is (name, fn, args): fn(lib, *inputs) runs on pyautograd or torch alike,
args are the input kinds and shapes: ("c", shape) complex, ("r", shape) real
(positive, away from 0). Variants built by the tests: the listed shapes, 0-d
(where every arg is elementwise), non-contiguous (2-D args given transposed) and
zero-size. `elementwise` marks specs whose inputs may take any broadcastable shape.
"""
C = "c"
R = "r"

W = [1 + 2j, 3 - 1j, -0.5j, 2.0, 0.7 + 0.2j, -1.5]   # fixed multipliers for ops whose |out| would hide a phase


def _u(name):
    def fn(t, a):
        return getattr(t, name)(a)
    fn.__name__ = name
    return fn


UNARY = ["exp", "log", "sin", "cos", "tan", "tanh", "sqrt", "rsqrt", "sigmoid", "sinh", "cosh", "asin", "acos",
         "atan", "log2", "log10", "log1p", "expm1", "reciprocal", "square", "neg", "abs", "sgn", "angle", "real",
         "imag", "conj", "conj_physical"]

# (name, fn, args, elementwise)
SPECS = [(n, _u(n), [(C, (2, 3))], True) for n in UNARY] + [
    ("add", lambda t, a, b: a + b, [(C, (2, 3)), (C, (2, 3))], True),
    ("add_alpha", lambda t, a, b: t.add(a, b, alpha=2), [(C, (2, 3)), (C, (2, 3))], True),
    ("sub", lambda t, a, b: a - b, [(C, (2, 3)), (C, (2, 3))], True),
    ("mul", lambda t, a, b: a * b, [(C, (2, 3)), (C, (2, 3))], True),
    ("div", lambda t, a, b: a / b, [(C, (2, 3)), (C, (2, 3))], True),
    ("pow", lambda t, a, b: a ** b, [(C, (2, 3)), (C, (2, 3))], True),
    ("mul_real", lambda t, a, b: a * b, [(C, (2, 3)), (R, (2, 3))], True),
    ("div_real", lambda t, a, b: b / a, [(C, (2, 3)), (R, (2, 3))], True),
    ("add_real", lambda t, a, b: b + a, [(C, (2, 3)), (R, (2, 3))], True),
    ("pow_real_base", lambda t, a, b: b ** a, [(C, (2, 3)), (R, (2, 3))], True),
    ("mul_scalar", lambda t, a: a * (2 - 1j), [(C, (2, 3))], True),
    ("rsub_scalar", lambda t, a: 1j - a, [(C, (2, 3))], True),
    ("rdiv_scalar", lambda t, a: (1 + 1j) / a, [(C, (2, 3))], True),
    ("pow_int", lambda t, a: a ** 3, [(C, (2, 3))], True),
    ("pow_half", lambda t, a: a ** 0.5, [(C, (2, 3))], True),
    ("pow_complex_scalar", lambda t, a: a ** (1 + 1j), [(C, (2, 3))], True),
    ("rpow", lambda t, a: 2 ** a, [(C, (2, 3))], True),
    ("real_to_complex", lambda t, a: a.to(t.complex128) * (1 + 2j), [(R, (2, 3))], True),
    ("complex_abs2", lambda t, a: (a * a.conj()).real, [(C, (2, 3))], True),
    ("real_imag_mix", lambda t, a: (a.real.abs() + a.imag * a.real).exp(), [(C, (2, 3))], True),
    ("where", lambda t, a, b: t.where(a.real > 0, a, b), [(C, (2, 3)), (C, (2, 3))], True),
    ("where_scalar", lambda t, a: t.where(a.imag > 0, a, 0), [(C, (2, 3))], True),
    ("sum", lambda t, a: (a * a).sum(), [(C, (2, 3))], True),
    ("sum_dim", lambda t, a: (a * a).sum(-1), [(C, (2, 3))], False),
    ("mean", lambda t, a: (a * a).mean(), [(C, (2, 3))], False),
    ("mean_dim", lambda t, a: (a * a).mean(0, keepdim=True), [(C, (2, 3))], False),
    ("prod", lambda t, a: a.prod(), [(C, (2, 3))], True),
    ("prod_dim", lambda t, a: a.prod(-1), [(C, (2, 3))], False),
    ("prod_zero", lambda t, a: (a * t.tensor([[1.0, 0.0, 1.0]], dtype=t.complex128)).prod(-1), [(C, (2, 3))], False),
    ("cumsum", lambda t, a: (a * a).cumsum(-1), [(C, (2, 3))], False),
    ("cumprod", lambda t, a: a.cumprod(-1), [(C, (2, 3))], False),
    ("cumprod_zero", lambda t, a: (a * t.tensor([[1.0, 0.0, 1.0]], dtype=t.complex128)).cumprod(-1),
     [(C, (2, 3))], False),
    ("var", lambda t, a: a.var(), [(C, (2, 3))], False),
    ("std_dim", lambda t, a: a.std(-1), [(C, (2, 3))], False),
    ("norm", lambda t, a: a.norm(), [(C, (2, 3))], False),
    ("norm1", lambda t, a: a.norm(1), [(C, (2, 3))], False),
    ("norm3_dim", lambda t, a: a.norm(3, dim=-1), [(C, (2, 3))], False),
    ("logsumexp", lambda t, a: a.logsumexp(-1), [(C, (2, 3))], False),
    ("mm", lambda t, a, b: t.mm(a, b), [(C, (2, 3)), (C, (3, 4))], False),
    ("matmul_batched", lambda t, a, b: t.matmul(a, b), [(C, (2, 2, 3)), (C, (3, 4))], False),
    ("matmul_broadcast", lambda t, a, b: t.matmul(a, b), [(C, (3,)), (C, (2, 3, 4))], False),
    ("bmm", lambda t, a, b: t.bmm(a, b), [(C, (2, 2, 3)), (C, (2, 3, 2))], False),
    ("mv", lambda t, a, b: t.mv(a, b), [(C, (2, 3)), (C, (3,))], False),
    ("vecmat", lambda t, a, b: a @ b, [(C, (3,)), (C, (3, 2))], False),
    ("dot", lambda t, a, b: t.dot(a, b), [(C, (3,)), (C, (3,))], False),
    ("vdot", lambda t, a, b: t.vdot(a, b), [(C, (3,)), (C, (3,))], False),
    ("outer", lambda t, a, b: t.outer(a, b), [(C, (3,)), (C, (2,))], False),
    ("matmul_real_cast", lambda t, a, b: a @ b.to(t.complex128), [(C, (2, 3)), (R, (3, 2))], False),
    ("cat", lambda t, a, b: t.cat([a, b * a], 0), [(C, (2, 3)), (C, (2, 3))], False),
    ("stack", lambda t, a, b: t.stack([a, b * a], -1), [(C, (2, 3)), (C, (2, 3))], False),
    ("index_advanced", lambda t, a: a[[1, 0, 1]] * a[0], [(C, (2, 3))], False),
    ("slice_select", lambda t, a: a[:, 1:] * a[1, :2], [(C, (2, 3))], False),
    ("reshape_t", lambda t, a: a.reshape(3, 2).t() * a, [(C, (2, 3))], False),
    ("permute_expand", lambda t, a: a.permute(1, 0).unsqueeze(0).expand(2, 3, 2) * a.t(), [(C, (2, 3))], False),
    ("flip", lambda t, a: a.flip(0) * a, [(C, (2, 3))], False),
    ("masked_fill", lambda t, a: a.masked_fill(a.real > 0, 1j) * a, [(C, (2, 3))], False),
    ("gather", lambda t, a: a.gather(1, t.tensor([[0, 2], [1, 1]])) * 2j, [(C, (2, 3))], False),
    ("view_as_real", lambda t, a: t.view_as_real(a) * t.tensor([1.0, -2.0], dtype=t.float64), [(C, (2, 3))], False),
    ("complex", lambda t, a, b: t.complex(a, b) * (1 + 2j), [(R, (2, 3)), (R, (2, 3))], True),
    ("polar", lambda t, a, b: t.polar(a, b), [(R, (2, 3)), (R, (2, 3))], True),
    ("complex_of_parts", lambda t, a: t.complex(a.imag, a.real * a.imag), [(C, (2, 3))], True),
    ("inplace", lambda t, a: (a * 1).mul_(a).exp_(), [(C, (2, 3))], True),
    ("real_of_view", lambda t, a: a.t().real * a.t().imag, [(C, (2, 3))], False),
]
