"""The random number generators: the Generator class, the default generator and its seeding.

Below _tensor (Tensor's in-place random fills use it) and _creation (rand, randn, ...)."""
import math
import os
import threading

import numpy as np

from ._core import _make_tensor, libm as _libm


def _fma(x, a, b):
    """x * a + b rounded once in x's dtype, as PyTorch's kernels compute it (compiled with fused
    multiply-add): float32 and float64 by the exact emulations below."""
    if x.dtype == np.float32:
        return _fma32(x, np.float32(a), np.float32(b))
    if x.dtype == np.float64:
        return _fma64(x, np.float64(a), np.float64(b))
    wide = np.longdouble
    return (x.astype(wide) * wide(a) + wide(b)).astype(x.dtype)


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _two_prod(a, b):
    """a * b = p + e exactly (Dekker's product: both operands split into 26-bit halves)."""
    p = a * b
    def split(v):
        c = v * 134217729.0         # 2**27 + 1
        hi = c - (c - v)
        return hi, v - hi
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _fma64(x, a, b):
    """The correctly rounded x * a + b in float64 (Boldo & Melquiond's emulation: the exact
    product and sum, their low parts added with rounding to odd, then one rounding to nearest);
    where the exact parts overflow, the plain x * a + b."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        ph, pl = _two_prod(x, a)
        th, tl = _two_sum(b, ph)
        v, err = _two_sum(tl, pl)
        # round to odd: an inexact v with an even last bit moves one ulp towards the lost part
        even = (v.view(np.int64) & 1) == 0
        fix = (err != 0) & even & np.isfinite(v)
        v = np.where(fix, np.nextafter(v, np.where(err > 0, np.inf, -np.inf)), v)
        out = th + v
        plain = x * a + b
    return np.where(np.isfinite(out), out, plain)


def _box_muller16_f64(blocks, mean, std):
    """PyTorch's normal_fill_16 on rows of 16 double uniforms."""
    radius = np.sqrt(-2.0 * _libm("log", 1.0 - blocks[:, :8]))
    theta = 2.0 * math.pi * blocks[:, 8:]
    out = np.empty_like(blocks)
    out[:, :8] = _fma64(radius * _libm("cos", theta), std, mean)
    out[:, 8:] = _fma64(radius * _libm("sin", theta), std, mean)
    return out


_F32 = np.float32
_I32 = np.int32


def _fma32(a, b, c):
    """The correctly rounded float32 a * b + c: the product is exact in double, the sum rounded
    to odd in double (so rounding it to float32 is rounding the exact value once)."""
    p = np.asarray(a, np.float64) * np.asarray(b, np.float64)
    c = np.asarray(c, np.float64)
    s = p + c
    bb = s - p
    err = (p - (s - bb)) + (c - bb)
    inexact_even = (err != 0) & ((s.view(np.int64) & 1) == 0)
    s = np.where(inexact_even, np.nextafter(s, np.where(err > 0, np.inf, -np.inf)), s)
    return s.astype(_F32)


def _const32(v):
    return _F32(v)


# the single-precision cephes coefficients of PyTorch's avx_mathfun.h (after Pommier's sse_mathfun)
_LOG_P = [_const32(v) for v in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                                1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                                3.3333331174E-1)]
_LOG_Q1, _LOG_Q2 = _const32(-2.12194440e-4), _const32(0.693359375)
_SQRTHF = _const32(0.707106781186547524)
_FOPI = _const32(1.27323954473516)
_DP = [_const32(v) for v in (-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8)]
_COS_P = [_const32(v) for v in (2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002)]
_SIN_P = [_const32(v) for v in (-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1)]
_HALF, _ONE = _F32(0.5), _F32(1)


def _log_avx2(x):
    """PyTorch's log256_ps for x in (0, 1]: exponent and mantissa in [sqrt(1/2), sqrt(2)) - 1,
    a degree-9 polynomial; the multiply-adds fused as GCC compiles it."""
    bits = np.maximum(x, np.array([0x00800000], _I32).view(_F32)[0]).view(_I32)
    e = ((bits >> 23) - _I32(0x7f)).astype(_F32) + _ONE
    m = ((bits & _I32(~0x7f800000)) | np.array([0.5], _F32).view(_I32)[0]).view(_F32)
    small = m < _SQRTHF
    m = (m - _ONE) + np.where(small, m, _F32(0))
    e = e - np.where(small, _ONE, _F32(0))
    z = m * m
    y = np.full_like(m, _LOG_P[0])
    for p in _LOG_P[1:]:
        y = _fma32(y, m, p)
    y = y * m
    y = _fma32(y, z, e * _LOG_Q1)
    y = _fma32(-z, _HALF, y)
    return _fma32(e, _LOG_Q2, m + y)


def _sincos_avx2(x):
    """PyTorch's sincos256_ps for x >= 0: reduction by pi/4 in three parts, the cephes sine and
    cosine polynomials, the octant choosing polynomial and signs; fused as GCC compiles it."""
    j = ((x * _FOPI).astype(_I32) + _I32(1)) & _I32(~1)
    y = j.astype(_F32)
    for dp in _DP:
        x = _fma32(y, dp, x)
    sign_sin = (j & _I32(4)) << _I32(29)
    sign_cos = (~(j - _I32(2)) & _I32(4)) << _I32(29)
    use_sin_poly = (j & _I32(2)) == 0
    z = x * x
    c = np.full_like(x, _COS_P[0])
    for p in _COS_P[1:]:
        c = _fma32(c, z, p)
    c = _fma32(c * z, z, -(z * _HALF)) + _ONE
    s = np.full_like(x, _SIN_P[0])
    for p in _SIN_P[1:]:
        s = _fma32(s, z, p)
    s = _fma32(s * z, x, x)
    s_part, c_part = np.where(use_sin_poly, s, _F32(0)), np.where(use_sin_poly, _F32(0), c)
    sin = ((c_part + s_part).view(_I32) ^ sign_sin).view(_F32)
    cos = (((c - c_part) + (s - s_part)).view(_I32) ^ sign_cos).view(_F32)
    return sin, cos


def _box_muller16_f32(blocks, mean, std):
    """PyTorch's normal_fill_16_AVX2 on rows of 16 float uniforms."""
    radius = np.sqrt(_F32(-2) * _log_avx2(_ONE - blocks[:, :8]))
    sin, cos = _sincos_avx2(_F32(2.0 * math.pi) * blocks[:, 8:])
    out = np.empty_like(blocks)
    out[:, :8] = _fma32(radius * cos, _F32(std), _F32(mean))
    out[:, 8:] = _fma32(radius * sin, _F32(std), _F32(mean))
    return out


_STATE_BYTES = 5056      # sizeof(CPUGeneratorImplState) in PyTorch


class Generator:
    """A random number generator: Mersenne Twister (MT19937) seeded as PyTorch's CPU generator,
    so that ``manual_seed(s)`` then ``rand(...)`` gives PyTorch's values; the distributions
    transform its draws as PyTorch's CPU kernels do.

    The random functions draw from the global one (``pyautograd.manual_seed`` seeds it) unless
    given ``generator=``. Methods: ``manual_seed(seed)`` (returns the generator), ``seed()``,
    ``initial_seed()``, ``get_state()``, ``set_state(state)``.

    Example::

        >>> g = pa.Generator().manual_seed(0)
        >>> pa.rand(2, generator=g)
        tensor([0.4963, 0.7682])
    """

    def __init__(self, device="cpu"):
        self.manual_seed(67280421310721)

    def manual_seed(self, seed):
        seed = int(seed)
        if not -2 ** 63 <= seed < 2 ** 64:
            raise ValueError("Overflow when unpacking long long")
        self._seed = seed & 0xFFFFFFFFFFFFFFFF      # PyTorch keeps the seed as a uint64
        # PyTorch's mt19937(seed) is the reference init_genrand with the low 32 bits
        _, key, pos = np.random.RandomState(self._seed & 0xFFFFFFFF).get_state()[:3]
        self._bitgen = np.random.MT19937()
        self._bitgen.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._np = np.random.Generator(self._bitgen)
        self._next_normal = None        # PyTorch caches the second value of a Box-Muller pair
        return self

    def seed(self):
        """Seed from the operating system's entropy (64 bits, as PyTorch reads /dev/urandom)."""
        s = _entropy_seed()
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
        if np.dtype(npdtype) != np.float32:      # half: float draws rounded, a 1.0 made 0 (uniform_ on [0, 1))
            return self._uniform_range(shape, npdtype, 0.0, 1.0)
        return self._u24(n).reshape(shape)

    def _u53(self, n):
        """n doubles of 53 random bits: the low 53 of random64()."""
        return self._bits53(n).astype(np.float64) * 2.0 ** -53

    def _bits53(self, n):
        """The low 53 bits of n random64() draws, as uint64 (built in place: this is the hot path of
        dropout masks, millions of draws per step)."""
        raw = self._bitgen.random_raw(2 * n)        # uint64 holding the 32-bit outputs
        bits = raw[0::2] & np.uint64((1 << 21) - 1)
        bits <<= np.uint64(32)
        bits |= raw[1::2]
        return bits

    def _random32(self, n):
        """n draws of PyTorch's generator->random(): one 32-bit Mersenne Twister output each."""
        return self._bitgen.random_raw(n).astype(np.uint64, copy=False)

    def _random64(self, n):
        """n draws of PyTorch's random64(): two outputs each, the first the high half."""
        raw = self._bitgen.random_raw(2 * n)        # already uint64: no copy
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
        """Normal values as PyTorch's normal_(mean, std) (randn: 0, 1) on a contiguous tensor:
        fewer than 16 values come one by one from Box-Muller pairs in double (the second value
        of a pair is kept for the next call); 16 or more are filled in blocks of 16 (8 radii
        from the first half of the block's uniforms, 8 angles from the second), the last block
        redrawn when 16 does not divide the count: float64 with libm's log/cos/sin, float32 as
        PyTorch's AVX2 kernel computes it (its cephes-style log and sincos, with the compiler's
        fused multiply-adds), bit for bit."""
        check_randomness()
        n = 1
        for d in shape:
            n *= d
        npdtype = np.dtype(npdtype)
        if n < 16:
            return self._normal_scalar(n, mean, std).reshape(shape).astype(npdtype)
        wide = npdtype == np.float64
        fill16 = _box_muller16_f64 if wide else _box_muller16_f32
        d = self._u53(n) if wide else self._u24(n)
        full = n // 16 * 16
        d[:full] = fill16(d[:full].reshape(-1, 16), mean, std).reshape(-1)
        if n % 16:
            tail = self._u53(16) if wide else self._u24(16)
            d[n - 16:] = fill16(tail.reshape(1, 16), mean, std).reshape(-1)
        return d.reshape(shape).astype(npdtype)

    def _normal_scalar(self, n, mean=0.0, std=1.0):
        """n doubles of PyTorch's normal_distribution<double>: Box-Muller on two 53-bit uniforms
        (u1 the angle, u2 the radius), fma(r cos(theta), std, mean); the pair's r sin(theta) is kept
        (unscaled) for the next value, and a kept value is used first."""
        out = np.empty(n, dtype=np.float64)
        start = 0
        if n and self._next_normal is not None:
            out[0], self._next_normal = _fma64(np.float64(self._next_normal), std, mean), None
            start = 1
        m = n - start
        if m <= 0:
            return out
        pairs = (m + 1) // 2
        u = self._u53(2 * pairs)
        radius = np.sqrt(-2.0 * _libm("log1p", -u[1::2]))
        theta = 2.0 * math.pi * u[0::2]
        cos, sin = radius * _libm("cos", theta), radius * _libm("sin", theta)
        both = np.empty(2 * pairs, dtype=np.float64)
        # PyTorch's r * cos(theta) * std + mean contracts to an fma
        both[0::2] = _fma64(cos, std, mean)
        both[1::2] = _fma64(sin, std, mean)
        out[start:] = both[:m]
        if m % 2:
            self._next_normal = float(sin[-1])
        return out

    def _bernoulli(self, n, p):
        """n draws of PyTorch's CPU bernoulli_(float p) (the scalar kernel, used on non-Intel CPUs
        and builds without MKL): a 53-bit uniform double each, 1 where it is below p."""
        check_randomness()
        # u < p for u = b * 2**-53 (b the 53 bits) is b < ceil(p * 2**53) in integers (p * 2**53 is
        # exact): the same draws and results without converting to doubles
        threshold = min(max(math.ceil(p * 2.0 ** 53), 0), 1 << 53)
        return self._bits53(n) < np.uint64(threshold)

    def _bernoulli_tensor(self, p):
        """PyTorch's bernoulli with a tensor of probabilities p (already broadcast to the result):
        one uniform per element in order, 53 bits when p is float64, else 24 bits (float), 1
        where it is below p."""
        check_randomness()
        n = p.size
        if p.dtype == np.float64:
            return (self._u53(n) < p.reshape(-1)).reshape(p.shape)
        return (self._u24(n) < p.reshape(-1).astype(np.float32)).reshape(p.shape)

    def _exponential(self, n, lambd):
        """n doubles of PyTorch's CPU exponential_: -1 / lambda * log1p(-u), u a 53-bit uniform."""
        check_randomness()
        return (-1.0 / lambd) * _libm("log1p", -self._u53(n))

    def _geometric(self, n, p):
        """n doubles of PyTorch's geometric_: ceil(log(u) / log1p(-p)), u a 53-bit uniform."""
        check_randomness()
        with np.errstate(divide="ignore"):
            return np.ceil(_libm("log", self._u53(n)) / math.log1p(-p))

    def _cauchy(self, n, median, sigma):
        """n doubles of PyTorch's cauchy_: median + sigma * tan(pi * (u - 0.5))."""
        check_randomness()
        return median + sigma * _libm("tan", math.pi * (self._u53(n) - 0.5))

    def _log_normal(self, n, mean, std):
        """n doubles of PyTorch's log_normal_: exp of normal_distribution<double>(mean, std) values
        drawn one by one (so a Box-Muller pair's second value is shared with the next draw)."""
        check_randomness()
        return _libm("exp", self._normal_scalar(n, mean, std))

    def _multinomial(self, probs, num_samples, replacement):
        """PyTorch's CPU multinomial of validated 2-D probs (rows x categories) -> int64 indices.
        Without replacement (or one sample): q = probs / Exp(1) noise in probs' dtype (the noise
        drawn as exponential_ fills a tensor like probs), the top num_samples of each row (argmax
        for one sample). With replacement: per row the running sum in probs' dtype (float for
        half types) divided by the total, last bucket set to 1, and for each sample a 53-bit
        uniform located by binary search (the first bucket >= u)."""
        check_randomness()
        rows, cats = probs.shape
        if not replacement or num_samples == 1:
            noise = self._exponential(probs.size, 1.0).astype(probs.dtype).reshape(probs.shape)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                q = probs / noise
            if num_samples == 1:
                return np.argmax(q, axis=1).reshape(rows, 1).astype(np.int64)
            # descending, equal values in index order (PyTorch's order among ties differs)
            order = np.argsort(-q, axis=1, kind="stable")
            return order[:, :num_samples].astype(np.int64)
        acc = np.float32 if probs.dtype.itemsize < 4 else probs.dtype
        out = np.empty((rows, num_samples), dtype=np.int64)
        for i in range(rows):       # one generator draw per sample, row after row
            cum = np.cumsum(probs[i].astype(acc), dtype=acc)
            cum = cum / cum[-1]
            cum[-1] = 1
            # compared in double, as PyTorch compares its float buckets with the double uniform
            out[i] = np.searchsorted(cum.astype(np.float64), self._u53(num_samples), side="left")
        return out

    def _uniform_range(self, shape, npdtype, low, high):
        """Uniform [low, high) values as PyTorch's uniform_: fma(u, high - low, low) in the dtype
        (in float for half), a value rounded up to high replaced by low."""
        npdtype = np.dtype(npdtype)
        work = npdtype if npdtype.kind == "f" and npdtype.itemsize >= 4 else np.dtype(np.float32 if npdtype.kind == "f" else np.float64)
        u = self._uniform(shape, work)
        t = u.dtype.type
        values = _fma(u, t(high) - t(low), low).astype(npdtype)
        if npdtype.kind == "f":
            values = np.where(values == npdtype.type(high), npdtype.type(low), values)
        return values

    def get_state(self):
        """The state as PyTorch's CPUGeneratorImplState bytes (5056; interchangeable with torch's):
        initial seed, the twister's left/next counters and 624 words (as uint64), the cached
        second normal of a Box-Muller pair and its flag."""
        st = self._bitgen.state["state"]
        pos = int(st["pos"])
        data = np.zeros(_STATE_BYTES, dtype=np.uint8)
        data[0:8] = np.array([self._seed], "<u8").view(np.uint8)
        data[8:16] = np.array([625 - pos, 1], "<i4").view(np.uint8)
        data[16:24] = np.array([pos], "<u8").view(np.uint8)
        data[24:5016] = np.asarray(st["key"], dtype="<u8").view(np.uint8)
        if self._next_normal is not None:
            data[5024:5032] = np.array([self._next_normal], "<f8").view(np.uint8)
            data[5040:5044] = np.array([1], "<i4").view(np.uint8)
        return _make_tensor(data)

    def set_state(self, state):
        data = np.ascontiguousarray(state._data)
        if data.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if data.size != _STATE_BYTES:
            raise RuntimeError("Expected a CPUGeneratorImplState of size %d but found the input RNG state size to be %d"
                               % (_STATE_BYTES, data.size))
        data = data.reshape(-1)
        key = data[24:5016].view("<u8").astype(np.uint32)
        pos = 625 - int(data[8:12].view("<i4")[0])
        self._bitgen.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._seed = int(data[0:8].view("<u8")[0])
        valid = int(data[5040:5044].view("<i4")[0])
        self._next_normal = float(data[5024:5032].view("<f8")[0]) if valid else None


def _entropy_seed():
    return int.from_bytes(os.urandom(8), "little")


# as PyTorch's: a new Generator() starts from the fixed default seed, the default generator from
# the operating system's entropy (so initial_seed() differs per process until manual_seed)
default_generator = Generator()
default_generator.manual_seed(_entropy_seed())


def manual_seed(seed):
    """Seed the global random generator with ``seed`` (an int), so that the random functions
    (``rand``, ``randn``, dropout, initialisers, ...) give PyTorch's values for that seed; returns
    the generator.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.rand(2)
        tensor([0.4963, 0.7682])
    """
    return default_generator.manual_seed(seed)


def seed():
    """Seed the global random generator with a fresh seed from the operating system's entropy, and
    return that seed (an int): the opposite of ``manual_seed``, for runs that differ.

    Example::

        >>> s = pa.seed()
        >>> pa.initial_seed() == s
        True
    """
    return default_generator.seed()


def initial_seed():
    """The seed the global random generator was last seeded with (by ``manual_seed``, ``seed``, or the
    one drawn from the operating system at import), an int.

    Example::

        >>> _ = pa.manual_seed(42)
        >>> pa.initial_seed()
        42
    """
    return default_generator.initial_seed()


def get_rng_state():
    """The state of the global random generator, a ``uint8`` tensor in PyTorch's layout (5056 bytes:
    its Mersenne Twister state); ``set_rng_state`` with it replays the same draws.

    Example::

        >>> state = pa.get_rng_state()
        >>> a = pa.rand(2)
        >>> pa.set_rng_state(state)
        >>> pa.equal(pa.rand(2), a)
        True
    """
    return default_generator.get_state()


def set_rng_state(state):
    """Restore the global random generator to a state from ``get_rng_state`` (a ``uint8`` tensor), so
    that the draws after it repeat.

    Example::

        >>> state = pa.get_rng_state()
        >>> a = pa.randn(3)
        >>> pa.set_rng_state(state)
        >>> pa.equal(pa.randn(3), a)
        True
    """
    default_generator.set_state(state)


# PyTorch's scalar type names, for the error texts of functions that take floating-point input only
_TYPE_NAMES = {"bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long",
               "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64",
               "float16": "Half", "float32": "Float", "float64": "Double",
               "complex64": "ComplexFloat", "complex128": "ComplexDouble"}


def _type_name(npdtype):
    return _TYPE_NAMES.get(np.dtype(npdtype).name, np.dtype(npdtype).name)


def _num(v):
    """A double as PyTorch's error texts print it (C++ ostream: 6 significant digits)."""
    return "%g" % v


def check_bernoulli_p(p):
    if not 0 <= p <= 1:
        raise RuntimeError("bernoulli_ expects p to be in [0, 1], but got p=%s" % _num(p))


def bernoulli_tensor_values(p, generator=None):
    """0/1 (bool) draws for probabilities p (an ndarray in the result's shape) as PyTorch's
    bernoulli_(Tensor p); p validated first (PyTorch checks while drawing)."""
    if p.dtype.kind != "f":
        raise NotImplementedError("\"bernoulli_tensor_cpu_p_\" not implemented for '%s'" % _type_name(p.dtype))
    if not ((p >= 0) & (p <= 1)).all():
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message "
                           "be improved?  If so, please report an enhancement request to PyTorch.)")
    return (generator or default_generator)._bernoulli_tensor(p)


def multinomial_indices(probs, num_samples, replacement=False, generator=None):
    """torch.multinomial's indices (int64 ndarray, (num_samples,) or (rows, num_samples)) for the
    ndarray probs, with PyTorch's checks and error texts; nothing is drawn for bad input."""
    if probs.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if probs.dtype.kind != "f":
        raise RuntimeError("multinomial only supports floating-point dtypes for input, got: %s"
                           % _type_name(probs.dtype))
    num_samples = int(num_samples)
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    cats = probs.shape[-1]
    if not replacement and num_samples > cats:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if cats > 2 ** 24:
        raise RuntimeError("number of categories cannot exceed 2^24")
    rows = probs.reshape(-1, cats)
    shape = (num_samples,) if probs.ndim == 1 else (rows.shape[0], num_samples)
    if rows.size == 0:
        return np.empty(shape, dtype=np.int64)
    zero_sum = ~(rows.sum(axis=1, dtype=np.float64) > 0)
    if not replacement or num_samples == 1:
        if not (rows.max() < np.inf and rows.min() >= 0):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if zero_sum.any():
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    else:
        # PyTorch checks row after row, element after element: the first bad row decides the text
        bad = ~(rows >= 0) | ~np.isfinite(rows)
        row_bad = bad.any(axis=1) | zero_sum
        if row_bad.any():
            r = int(np.argmax(row_bad))
            if not bad[r].any():
                raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
            v = rows[r, int(np.argmax(bad[r]))]
            if not v >= 0:
                raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
            raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or NaN)")
    gen = generator or default_generator
    return gen._multinomial(np.ascontiguousarray(rows), num_samples, replacement).reshape(shape)


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
