"""The random number generators: the Generator class, the default generator and its seeding.

Below _tensor (Tensor's in-place random fills use it) and _creation (rand, randn, ...)."""
import math
import threading

import numpy as np

from ._core import _make_tensor


def _fma(x, a, b):
    """x * a + b rounded once in x's dtype, as PyTorch's kernels compute it (compiled with fused
    multiply-add): float32 through float64, where the product is exact; float64 through long double
    (64-bit mantissa: the single rounding of a true fma in all but rare ties)."""
    if x.dtype == np.float32:
        return (x.astype(np.float64) * np.float64(np.float32(a)) + np.float64(np.float32(b))).astype(np.float32)
    wide = np.longdouble
    return (x.astype(wide) * wide(a) + wide(b)).astype(x.dtype)


class Generator:
    """A random number generator: Mersenne Twister (MT19937) seeded as PyTorch's CPU generator,
    so that torch.manual_seed(s); torch.rand(...) gives PyTorch's values. Other distributions
    draw from the same stream with NumPy's algorithms (their values differ from PyTorch's)."""

    def __init__(self, device="cpu"):
        self.manual_seed(67280421310721)

    def manual_seed(self, seed):
        self._seed = int(seed)
        # PyTorch's mt19937(seed) is the reference init_genrand with the low 32 bits
        _, key, pos = np.random.RandomState(self._seed & 0xFFFFFFFF).get_state()[:3]
        self._bitgen = np.random.MT19937()
        self._bitgen.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._np = np.random.Generator(self._bitgen)
        self._next_normal = None        # PyTorch caches the second value of a Box-Muller pair
        return self

    def seed(self):
        s = int(np.random.SeedSequence().entropy % (2 ** 63))
        self.manual_seed(s)
        return s

    def initial_seed(self):
        return self._seed

    def _uniform(self, shape, npdtype):
        """Uniform [0, 1) values as PyTorch's rand: 24 random bits per float32, 53 per float64."""
        check_randomness()
        n = math.prod(shape)
        if np.dtype(npdtype) == np.float64:
            return self._u53(n).reshape(shape)
        return self._u24(n).reshape(shape).astype(npdtype)

    def _u53(self, n):
        """n doubles of 53 random bits: the low 53 of random64()."""
        return (self._random64(n) & np.uint64((1 << 53) - 1)).astype(np.float64) * 2.0 ** -53

    def _random32(self, n):
        """n draws of PyTorch's generator->random(): one 32-bit Mersenne Twister output each."""
        return self._bitgen.random_raw(n).astype(np.uint64)

    def _random64(self, n):
        """n draws of PyTorch's random64(): two outputs each, the first the high half."""
        raw = self._bitgen.random_raw(2 * n).astype(np.uint64)
        return (raw[0::2] << np.uint64(32)) | raw[1::2]

    def _integers(self, n, npdtype, low=None, high=None):
        """n values of PyTorch's Tensor.random_ on a tensor of npdtype: without bounds the
        dtype's full range (uniform_int: [0, 2**63) for int64, [0, 2**digits] for floats,
        random() & 1 for bool); with bounds low + v % (high - low), v one 32-bit draw, or a 64-bit
        one when the range needs it (random_from_to)."""
        check_randomness()
        npdtype = np.dtype(npdtype)
        if low is not None:
            span = high - low
            v = self._random64(n) if span >= 2 ** 32 else self._random32(n)
            vals = (v % np.uint64(span)).astype(object if span >= 2 ** 63 else np.int64) + low
            return np.asarray(vals).astype(npdtype)
        if npdtype == np.bool_:
            return (self._random32(n) & np.uint64(1)).astype(np.bool_)
        if npdtype.kind == "f":
            digits = {2: 11, 4: 24, 8: 53}[npdtype.itemsize]
            v = self._random64(n) if npdtype.itemsize == 8 else self._random32(n)
            return (v % np.uint64((1 << digits) + 1)).astype(npdtype)
        if npdtype == np.int64:
            return (self._random64(n) % np.uint64(2 ** 63)).astype(np.int64)
        top = int(np.iinfo(npdtype).max) + 1
        return (self._random32(n) % np.uint64(top)).astype(npdtype)

    def _permutation(self, n):
        """PyTorch's randperm on the CPU: a Fisher-Yates shuffle of 0..n-1 swapping position i
        with i + random() % (n - i), i = 0 .. n-2."""
        check_randomness()
        if n <= 1:
            return np.arange(n, dtype=np.int64)
        z = (self._random32(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).astype(np.int64)
        z += np.arange(n - 1, dtype=np.int64)
        perm = list(range(n))
        for i, j in enumerate(z.tolist()):
            perm[i], perm[j] = perm[j], perm[i]
        return np.array(perm, dtype=np.int64)

    def _u24(self, n):
        raw = self._bitgen.random_raw(n).astype(np.uint32)
        return (raw & np.uint32(0xFFFFFF)).astype(np.float32) * np.float32(2.0 ** -24)

    def _normal(self, shape, npdtype, mean=0.0, std=1.0):
        """Normal values as PyTorch's normal_(mean, std) (randn: 0, 1): fewer than 16 values come
        one by one from Box-Muller pairs in double, scaled in double (the second value of a pair
        is kept for the next call); 16 or more are filled in blocks of 16 and scaled in the
        result's dtype (float64 bit for bit; float32 within an ulp or two, PyTorch uses
        vectorized float math there)."""
        check_randomness()
        n = 1
        for d in shape:
            n *= d
        npdtype = np.dtype(npdtype)
        if n < 16:
            out = np.empty(n, dtype=np.float64)
            for i in range(n):
                if self._next_normal is not None:
                    out[i], self._next_normal = self._next_normal * std + mean, None
                    continue
                u1, u2 = self._u53(2)
                r = math.sqrt(-2.0 * math.log1p(-u2))
                theta = 2.0 * math.pi * u1
                self._next_normal = r * math.sin(theta)
                out[i] = r * math.cos(theta) * std + mean
            return out.reshape(shape).astype(npdtype)
        wide = npdtype == np.float64
        d = self._u53(n) if wide else self._u24(n)
        two_pi = 2.0 * math.pi if wide else np.float32(2.0 * math.pi)
        def fill16(block):
            radius = np.sqrt(-2 * np.log(1 - block[:8]))
            theta = two_pi * block[8:16]
            block[:8], block[8:16] = _fma(radius * np.cos(theta), std, mean), _fma(radius * np.sin(theta), std, mean)

        for i in range(0, n - 15, 16):
            fill16(d[i:i + 16])
        if n % 16:
            tail = d[n - 16:]
            tail[:] = self._u53(16) if wide else self._u24(16)
            fill16(tail)
        return d.reshape(shape).astype(npdtype)

    def _uniform_range(self, shape, npdtype, low, high):
        """Uniform [low, high) values as PyTorch's uniform_: u * (high - low) + low in the dtype."""
        npdtype = np.dtype(npdtype)
        u = self._uniform(shape, npdtype if npdtype.kind == "f" else np.float64)
        t = u.dtype.type
        return _fma(u, t(high) - t(low), low).astype(npdtype)

    def get_state(self):
        st = self._bitgen.state["state"]
        data = np.concatenate([np.asarray(st["key"], dtype="<u4").view(np.uint8),
                               np.array([st["pos"]], dtype="<u4").view(np.uint8)])
        return _make_tensor(data)

    def set_state(self, state):
        data = np.ascontiguousarray(state._data, dtype=np.uint8)
        if data.size != 624 * 4 + 4:
            raise RuntimeError("Expected a RNG state of %d bytes (from get_state()), got %d" % (624 * 4 + 4, data.size))
        key = data[:624 * 4].view("<u4").astype(np.uint32)
        pos = int(data[624 * 4:].view("<u4")[0])
        self._bitgen.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._next_normal = None


default_generator = Generator()


def manual_seed(seed):
    """Seed the default generator (torch.rand then gives PyTorch's values)."""
    return default_generator.manual_seed(seed)


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(state):
    default_generator.set_state(state)


def _rng(generator=None):
    check_randomness()
    return (generator or default_generator)._np


vmap_hooks = [None]     # set by pyautograd._vmap: what a random draw inside vmap may do (_vmap.Randomness)


class _Draws(threading.local):
    def __init__(self):
        self.batched = 0        # > 0 while a draw() makes the values of every sample


_draws = _Draws()


def check_randomness():
    """A random op is about to draw: vmap's randomness mode decides whether it may."""
    if vmap_hooks[0] is not None:
        vmap_hooks[0].check(_draws.batched > 0)


def draw(make, shape):
    """make(shape) -> tensor for a random tensor of per-sample `shape`. Inside vmap with
    randomness="different" the draw covers every sample (the batch sizes in front) and comes
    back batched; otherwise (no vmap, randomness="same") it is make(shape)."""
    hooks = vmap_hooks[0]
    levels = hooks.different_levels() if hooks is not None else ()
    if not levels:
        return make(tuple(shape))
    _draws.batched += 1
    try:
        t = make(tuple(lv.size for lv in levels) + tuple(shape))
    finally:
        _draws.batched -= 1
    return hooks.wrap(t, levels)


def fill(t, values_of):
    """t filled in place with random values_of(shape) (Tensor.uniform_ and the like); inside
    vmap, vmap decides the shape of the draw (one per sample with randomness="different")."""
    hooks = vmap_hooks[0]
    if hooks is not None and hooks.active():
        return hooks.fill(t, values_of)
    return None
