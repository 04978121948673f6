"""Test specifications of ops: what the generated gradient tests need to exercise an op.

A declaration gives its spec beside its rule (pyautograd/ops/_registry.py: expose(..., spec=...),
_float_unary(Op, spec=...)); tests/op_specs.py collects the declared specs (registry_specs()) with
the ones still written in the test table, and tests/test_registry.py fails when an op has none.

A spec names the case and gives
  fn(T, *tensors)   the op applied to tensors; T is the module (pyautograd, or torch in the
                    differential tests), so one callable serves both libraries. Options (dim,
                    keepdim, p, index tensors, masks) are bound inside fn. It returns a tensor or
                    a tuple of tensors (split, chunk, unbind).
  shapes            input shapes of the base case (one per tensor argument)
  domain            where random inputs are drawn: "real", "pos" (0.5..2), "unit" (-0.8..0.8), "gt1" (1.2..3),
                    "away" (|x| in 0.3..1.5: away from the kink of abs/relu/sign at 0),
                    ("kinks", points) (normal values kept 0.05 away from the points), or a list
                    with one of these per input
  scalar            shapes for the 0-d variant (None: the op takes no 0-d input)
  bcast             shapes for the broadcasting variant (binary ops)
  empty             shapes for the zero-size variant (gradients must be zeros of the input shape)
  noncontig         run the non-contiguous variant (transposed / strided input views)
  second            check second derivatives
  torch_name        False when the grad_fn name is known to differ from PyTorch's (the reason is
                    given in `note`); the differential test checks all others
  torch_grad        False when PyTorch's own backward of the op fails (the reason in `note`): the
                    differential test then compares values and names only
"""
import numpy as np

__all__ = ["OpSpec", "sample", "make_arrays", "unary_spec", "binary_spec"]


class OpSpec:
    def __init__(self, name, fn, shapes, domain="real", scalar=None, bcast=None, empty=None,
                 noncontig=True, second=True, torch_name=True, note="", torch_grad=True):
        self.name = name
        self.fn = fn
        self.shapes = [tuple(s) for s in shapes]
        self.domain = domain
        self.scalar = scalar
        self.bcast = bcast
        self.empty = empty
        self.noncontig = noncontig
        self.second = second
        self.torch_name = torch_name
        self.torch_grad = torch_grad
        self.note = note

    def __repr__(self):
        return "OpSpec(%s)" % self.name

    def variants(self):
        """(variant name, shapes, non-contiguous?) for every applicable variant."""
        out = [("base", self.shapes, False)]
        if self.scalar is not None:
            out.append(("scalar", [tuple(s) for s in self.scalar], False))
        if self.bcast is not None:
            out.append(("bcast", [tuple(s) for s in self.bcast], False))
        if self.noncontig and any(0 not in s and max(s + (0,)) > 1 for s in self.shapes):
            out.append(("noncontig", self.shapes, True))
        return out


def sample(rng, domain, shape):
    """Random float64 array of `shape` drawn from `domain`."""
    return np.array(_sample(rng, domain, shape), dtype=np.float64).reshape(shape)


def _sample(rng, domain, shape):
    if isinstance(domain, tuple) and domain[0] == "kinks":
        x = rng.standard_normal(shape)
        for _ in range(100):
            bad = np.zeros(shape, dtype=bool)
            for k in domain[1]:
                bad |= np.abs(x - k) < 0.05
            if not bad.any():
                break
            x[bad] = rng.standard_normal(int(bad.sum()))
        return x
    if domain == "real":
        return rng.standard_normal(shape)
    if domain == "pos":
        return rng.uniform(0.5, 2.0, shape)
    if domain == "unit":
        return rng.uniform(-0.8, 0.8, shape)
    if domain == "gt1":
        return rng.uniform(1.2, 3.0, shape)
    if domain == "away":
        return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.3, 1.5, shape)
    raise ValueError("unknown domain %r" % (domain,))


def make_arrays(spec, shapes, seed):
    """float64 input arrays for a spec."""
    rng = np.random.default_rng(seed)
    doms = spec.domain if isinstance(spec.domain, list) else [spec.domain] * len(shapes)
    return [sample(rng, dom, tuple(shape)) for dom, shape in zip(doms, shapes)]


def unary_spec(name, domain="real", scalar=True, empty=False, shape=(2, 3), **kw):
    """The usual spec of an elementwise unary function pyautograd.<name>: a (2, 3) input, 0-d,
    non-contiguous and (with empty=True) zero-size variants."""
    def fn(T, a):
        return getattr(T, name)(a)
    fn.__name__ = name
    return OpSpec(name, fn, [shape], domain=domain, scalar=[()] if scalar else None,
                  empty=[(0,) + tuple(shape[1:])] if empty else None, **kw)


def binary_spec(name, domain="real", scalar=True, bcast=True, empty=True, **kw):
    """The usual spec of an elementwise binary function pyautograd.<name>(a, b): (2, 3) inputs,
    0-d, broadcast ((2, 1, 3) with (4, 3)), non-contiguous and zero-size variants."""
    def fn(T, a, b):
        return getattr(T, name)(a, b)
    fn.__name__ = name
    return OpSpec(name, fn, [(2, 3), (2, 3)], domain=domain, scalar=[(), ()] if scalar else None,
                  bcast=[(2, 1, 3), (4, 3)] if bcast else None, empty=[(0, 3), (3,)] if empty else None, **kw)
