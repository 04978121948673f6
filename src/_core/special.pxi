# Special functions of pyautograd.special (erf, lgamma, digamma, zeta, Bessel I0/I1, ndtri, ...):
# NumPy has none of them and SciPy is not a dependency. erf / erfc / lgamma come from the C99
# libm (lgamma_r: the thread-safe form, the sign goes to a local); the others are computed here
# from their mathematical definitions (series, asymptotic expansions, Newton steps on libm's
# erf / erfc). Each kernel is a nogil function of a double; special_unary / special_binary run
# one over a contiguous float64 or float32 array with the GIL released (float32 is computed in
# double and rounded once).
from libc.math cimport (tan, trunc, exp, log, log1p, sqrt, fabs, floor, sin, cos, pow, fma, copysign, isnan, isinf,
                        INFINITY, NAN, M_PI, HUGE_VAL)

cdef extern from "math.h" nogil:
    double erf(double x)
    double erfc(double x)
    double lgamma_r(double x, int* signp)

ctypedef fused _sp_real:
    float
    double

cdef double _SP_EPS = 1.1102230246251565e-16      # 2**-53
cdef double _SQRT_PI = 1.7724538509055160273
cdef double _SQRT_2 = 1.4142135623730950488
cdef double _SQRT_2PI = 2.5066282746310005024

# (2k)! / B_2k: the Euler-Maclaurin correction terms of the Hurwitz zeta sum
cdef double[12] _ZETA_A = [12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9,
                           7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
                           -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18]


cdef double _sp_lgamma(double x) noexcept nogil:
    cdef int sign
    return lgamma_r(x, &sign)


cdef double _sp_erfinv(double y) noexcept nogil:
    """The inverse of erf: Giles' single-precision approximation ("Approximating the erfinv
    function", 2010) as a start, then Newton steps on libm's erf (quadratic); for |y| >= 1/2 on
    log erfc, which keeps the small 1 - |y| exact."""
    cdef double w, p, x, ay, step, ec
    cdef int i
    if isnan(y) or y < -1.0 or y > 1.0:
        return NAN
    if y == 1.0:
        return INFINITY
    if y == -1.0:
        return -INFINITY
    if y == 0.0:
        return y
    ay = fabs(y)
    w = -log((1.0 - ay) * (1.0 + ay))
    if w < 5.0:
        w = w - 2.5
        p = 2.81022636e-08
        p = 3.43273939e-07 + p * w
        p = -3.5233877e-06 + p * w
        p = -4.39150654e-06 + p * w
        p = 0.00021858087 + p * w
        p = -0.00125372503 + p * w
        p = -0.00417768164 + p * w
        p = 0.246640727 + p * w
        p = 1.50140941 + p * w
    else:
        w = sqrt(w) - 3.0
        p = -0.000200214257
        p = 0.000100950558 + p * w
        p = 0.00134934322 + p * w
        p = -0.00367342844 + p * w
        p = 0.00573950773 + p * w
        p = -0.0076224613 + p * w
        p = 0.00943887047 + p * w
        p = 1.00167406 + p * w
        p = 2.83297682 + p * w
    x = p * ay
    for i in range(6):
        if ay < 0.5:
            step = (erf(x) - ay) / (2.0 / _SQRT_PI * exp(-x * x))
        else:
            # in the tail, Newton on log erfc(x) = log(1 - ay) (nearly -x^2: fast from a start
            # that is poor far out, where Giles' float approximation was not fitted); 1 - ay is exact
            ec = erfc(x)
            step = -log(ec / (1.0 - ay)) * ec / (2.0 / _SQRT_PI * exp(-x * x))
        x = x - step
        if fabs(step) <= 1e-17 * x:
            break
    return copysign(x, y)


cdef double _sp_digamma(double x) noexcept nogil:
    """psi(x): reflection below 0 (psi(1 - x) - pi / tan(pi x)), the recurrence
    psi(x) = psi(x + 1) - 1/x up to x >= 10, then the asymptotic series in 1/x^2. Poles as
    PyTorch: -inf at +0, +inf at -0, nan at negative integers."""
    cdef double r = 0.0, z, s, t
    if x == 0.0:
        return copysign(INFINITY, -x)
    if isnan(x) or x == -INFINITY:
        return NAN
    if x == INFINITY:
        return INFINITY
    if x < 0.0:
        if x == floor(x):
            return NAN
        # pi / tan(pi r) of the (exact) fractional part r of x, so a large negative x keeps it
        return _sp_digamma(1.0 - x) - M_PI / tan(M_PI * (x - trunc(x)))
    while x < 10.0:
        r -= 1.0 / x
        x += 1.0
    z = 1.0 / (x * x)
    # Bernoulli terms B_2k / (2k x^2k), k = 1..8
    s = z * (1.0 / 12 - z * (1.0 / 120 - z * (1.0 / 252 - z * (1.0 / 240 - z * (1.0 / 132 - z * (691.0 / 32760
             - z * (1.0 / 12 - z * 3617.0 / 8160)))))))
    return r + log(x) - 0.5 / x - s


cdef double _sp_zeta(double x, double q) noexcept nogil:
    """The Hurwitz zeta function sum_k (k + q)^-x (x > 1): the first terms summed, the tail by
    Euler-Maclaurin (Cephes' zeta algorithm, the same edge cases as PyTorch's)."""
    cdef double s, a, b, w, t, k
    cdef int i
    if isnan(x) or isnan(q):
        return NAN
    if x == 1.0:
        return INFINITY
    if x < 1.0:
        return NAN
    if q <= 0.0:
        if q == floor(q):
            return INFINITY
        if x != floor(x):
            return NAN
    s = pow(q, -x)
    a = q
    i = 0
    b = 0.0
    while i < 9 or a <= 9.0:
        i += 1
        a += 1.0
        b = pow(a, -x)
        s += b
        if fabs(b / s) < _SP_EPS:
            return s
    w = a
    s += b * w / (x - 1.0)
    s -= 0.5 * b
    a = 1.0
    k = 0.0
    for i in range(12):
        a *= x + k
        b /= w
        t = a * b / _ZETA_A[i]
        s = s + t
        if fabs(t / s) < _SP_EPS:
            return s
        k += 1.0
        a *= x + k
        b /= w
        k += 1.0
    return s


cdef double _sp_polygamma(int n, double x) noexcept nogil:
    """psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x) for n >= 1; digamma for n = 0."""
    cdef double f = 1.0
    cdef int i
    if n == 0:
        return _sp_digamma(x)
    for i in range(2, n + 1):
        f *= i
    if n % 2 == 0:
        f = -f
    return f * _sp_zeta(n + 1.0, x)


cdef double _sp_bessel_ie(double x, int order, bint scaled) noexcept nogil:
    """I0 / I1 (order 0 / 1), times exp(-|x|) when scaled: the power series
    sum (x^2/4)^k / (k! (k + order)!) (positive terms, no cancellation) up to |x| = 30, the
    asymptotic expansion e^x / sqrt(2 pi x) sum_k (-1)^k prod_j (4 nu^2 - (2j-1)^2) / (k! (8x)^k)
    beyond (its smallest term is ~e^-2x there)."""
    cdef double ax = fabs(x), s, term, q, mu, r
    cdef int k
    if isnan(x):
        return NAN
    if ax <= 30.0:
        q = 0.25 * ax * ax
        term = 1.0 if order == 0 else 0.5 * ax
        s = term
        k = 1
        while True:
            term *= q / (k * (k + order))
            s += term
            if term <= s * _SP_EPS * 0.5:
                break
            k += 1
        r = s * exp(-ax) if scaled else s
    else:
        if isinf(ax):
            # PyTorch: i0e / i1e -> 0, i0 / i1 -> nan (its Chebyshev form evaluates inf * 0)
            r = 0.0 if scaled else NAN
        else:
            mu = 4.0 * order * order
            term = 1.0
            s = 1.0
            for k in range(1, 40):
                term *= -(mu - (2 * k - 1) * (2 * k - 1)) / (k * 8.0 * ax)
                s += term
                if fabs(term) < s * _SP_EPS * 0.5:
                    break
            r = s / sqrt(2.0 * M_PI * ax)
            if not scaled:
                # e^ax in two halves: I0(x) is finite a little past exp's overflow at 709.78
                r = r * exp(0.5 * ax) * exp(0.5 * ax)
    if order == 1 and x < 0.0:
        r = -r
    return r


cdef double _sp_erfcx(double x) noexcept nogil:
    """exp(x^2) erfc(x). Below 26: libm's erfc times exp(x^2) with x^2 split exactly into
    hi + lo (fma), so the large exponent adds no rounding error; beyond, the asymptotic series
    1/(x sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2x^2)^k (erfc underflows there)."""
    cdef double hi, lo, s, term, z
    cdef int k
    if isnan(x):
        return NAN
    if x < 26.0:
        if x < -26.7:
            return INFINITY
        hi = x * x
        lo = fma(x, x, -hi)
        return exp(hi) * (1.0 + lo) * erfc(x)
    if isinf(x):
        return 0.0
    z = 0.5 / (x * x)
    term = 1.0
    s = 1.0
    for k in range(1, 40):
        term *= -(2 * k - 1) * z
        s += term
        if fabs(term) < s * _SP_EPS * 0.5:
            break
    return s / (x * _SQRT_PI)


cdef double _sp_ndtr(double x) noexcept nogil:
    """The standard normal CDF, 0.5 erfc(-x / sqrt 2) (relative accuracy in the lower tail)."""
    return 0.5 * erfc(-x / _SQRT_2)


cdef double _sp_ndtri(double p) noexcept nogil:
    """The inverse of the normal CDF: Abramowitz & Stegun 26.2.23 as the start (|error| < 4.5e-4),
    then Halley steps on ndtr (cubic: three give double precision); p > 0.5 by symmetry; the
    centre through erfinv."""
    cdef double t, x, e, u, pp
    cdef int i
    if isnan(p) or p < 0.0 or p > 1.0:
        return NAN
    if p == 0.0:
        return -INFINITY
    if p == 1.0:
        return INFINITY
    if p == 0.5:
        return 0.0
    if 0.25 <= p <= 0.75:
        # the centre through erfinv: 2p - 1 is exact here, and erfinv is accurate near 0, where
        # Halley steps on ndtr ~ 0.5 would leave an absolute error of ulp(0.5)
        return _SQRT_2 * _sp_erfinv(2.0 * p - 1.0)
    pp = p if p < 0.5 else 1.0 - p
    t = sqrt(-2.0 * log(pp))
    x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))))
    for i in range(4):
        e = _sp_ndtr(x) - pp
        u = e * _SQRT_2PI * exp(0.5 * x * x)
        x = x - u / (1.0 + 0.5 * x * u)
    return x if p < 0.5 else -x


cdef double _sp_log_ndtr(double x) noexcept nogil:
    """log of the normal CDF: through erfcx in the lower tail (log(erfcx(-x/sqrt 2) / 2) - x^2/2,
    no underflow), log1p of the small upper tail otherwise."""
    cdef double t = x / _SQRT_2
    if x < -1.0:
        return log(_sp_erfcx(-t) / 2.0) - t * t
    return log1p(-erfc(t) / 2.0)


cdef double _sp_sinc(double x) noexcept nogil:
    cdef double px
    if x == 0.0:
        return 1.0
    px = M_PI * x
    return sin(px) / px


cdef double _sp_igam_series(double a, double x) noexcept nogil:
    """P(a, x) by its series x^a e^-x / Gamma(a + 1) sum_k x^k / ((a+1)...(a+k)), for x < a + 1."""
    cdef double s = 1.0, term = 1.0, ap = a
    cdef int sign, k
    for k in range(2000):
        ap += 1.0
        term *= x / ap
        s += term
        if term < s * _SP_EPS * 0.5:
            break
    return s * exp(a * log(x) - x - lgamma_r(a + 1.0, &sign))


cdef double _sp_igamc_cf(double a, double x) noexcept nogil:
    """Q(a, x) by its continued fraction (modified Lentz), for x >= a + 1."""
    cdef double b = x + 1.0 - a, c = 1.0 / 1e-300, d = 1.0 / b, h = d, an, de
    cdef int sign, i
    for i in range(1, 2000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if fabs(d) < 1e-300:
            d = 1e-300
        c = b + an / c
        if fabs(c) < 1e-300:
            c = 1e-300
        d = 1.0 / d
        de = d * c
        h *= de
        if fabs(de - 1.0) < _SP_EPS:
            break
    return exp(a * log(x) - x - lgamma_r(a, &sign)) * h


cdef double _sp_gammainc(double a, double x, bint upper) noexcept nogil:
    """The regularized incomplete gamma functions P(a, x) (upper: Q = 1 - P), edge cases as
    PyTorch's (nan for a < 0 or x < 0, a = 0 is the limit, x = inf gives 1 / 0)."""
    if isnan(a) or isnan(x) or a < 0.0 or x < 0.0:
        return NAN
    if a == 0.0:
        if x > 0.0:
            return 0.0 if upper else 1.0
        return NAN
    if x == 0.0:
        return 1.0 if upper else 0.0
    if isinf(a):
        if isinf(x):
            return NAN
        return 1.0 if upper else 0.0
    if isinf(x):
        return 0.0 if upper else 1.0
    if x < a + 1.0:
        return 1.0 - _sp_igam_series(a, x) if upper else _sp_igam_series(a, x)
    return _sp_igamc_cf(a, x) if upper else 1.0 - _sp_igamc_cf(a, x)


# the kernels by code (pyautograd/ops/special.py names them)
cdef enum:
    SP_ERF = 0
    SP_ERFC = 1
    SP_LGAMMA = 2
    SP_ERFINV = 3
    SP_DIGAMMA = 4
    SP_I0 = 5
    SP_I0E = 6
    SP_I1 = 7
    SP_I1E = 8
    SP_NDTRI = 9
    SP_LOG_NDTR = 10
    SP_ERFCX = 11
    SP_NDTR = 12
    SP_SINC = 13

SPECIAL_UNARY = {"erf": SP_ERF, "erfc": SP_ERFC, "lgamma": SP_LGAMMA, "erfinv": SP_ERFINV,
                 "digamma": SP_DIGAMMA, "i0": SP_I0, "i0e": SP_I0E, "i1": SP_I1, "i1e": SP_I1E,
                 "ndtri": SP_NDTRI, "log_ndtr": SP_LOG_NDTR, "erfcx": SP_ERFCX, "ndtr": SP_NDTR,
                 "sinc": SP_SINC}


cdef inline double _sp_unary1(int code, int n, double x) noexcept nogil:
    if code == SP_ERF:
        return erf(x)
    if code == SP_ERFC:
        return erfc(x)
    if code == SP_LGAMMA:
        return _sp_lgamma(x)
    if code == SP_ERFINV:
        return _sp_erfinv(x)
    if code == SP_DIGAMMA:
        return _sp_polygamma(n, x)
    if code == SP_I0:
        return _sp_bessel_ie(x, 0, False)
    if code == SP_I0E:
        return _sp_bessel_ie(x, 0, True)
    if code == SP_I1:
        return _sp_bessel_ie(x, 1, False)
    if code == SP_I1E:
        return _sp_bessel_ie(x, 1, True)
    if code == SP_NDTRI:
        return _sp_ndtri(x)
    if code == SP_LOG_NDTR:
        return _sp_log_ndtr(x)
    if code == SP_ERFCX:
        return _sp_erfcx(x)
    if code == SP_NDTR:
        return _sp_ndtr(x)
    return _sp_sinc(x)


# The loops take raw pointers into contiguous arrays (typed memoryviews would pull Cython's
# memoryview machinery into the core: about a third of its compiled size)
cdef void _sp_unary_loop(_sp_real* src, _sp_real* dst, Py_ssize_t m, int code, int n) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(m):
        dst[i] = <_sp_real>_sp_unary1(code, n, <double>src[i])


def special_unary(str name, x, int n=0):
    """name's kernel (SPECIAL_UNARY; "digamma" with n >= 1 is polygamma(n, .)) applied to the
    float64 or float32 array x: a new array of x's shape and dtype."""
    cdef int code = SPECIAL_UNARY[name]
    if n < 0:
        raise ValueError("polygamma(n, x) does not support negative n.")
    a = np.ascontiguousarray(x)
    if a.dtype != np.float64 and a.dtype != np.float32:
        raise TypeError("special_unary: float32 or float64 array expected, got %s" % a.dtype)
    out = np.empty_like(a)
    cdef Py_ssize_t m = a.size
    cdef void* pin = PyArray_DATA(<PyArrayObject*>a)
    cdef void* pout = PyArray_DATA(<PyArrayObject*>out)
    if a.dtype == np.float64:
        with nogil:
            _sp_unary_loop(<double*>pin, <double*>pout, m, code, n)
    else:
        with nogil:
            _sp_unary_loop(<float*>pin, <float*>pout, m, code, n)
    return out


cdef void _sp_binary_loop(_sp_real* a, _sp_real* b, _sp_real* dst, Py_ssize_t m, int code) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(m):
        if code == 0:
            dst[i] = <_sp_real>_sp_zeta(<double>a[i], <double>b[i])
        else:
            dst[i] = <_sp_real>_sp_gammainc(<double>a[i], <double>b[i], code == 2)


def special_binary(str name, a, b):
    """zeta(x, q), gammainc(a, x) or gammaincc(a, x) elementwise over two arrays of one float
    dtype (broadcast together): a new array."""
    cdef int code = {"zeta": 0, "gammainc": 1, "gammaincc": 2}[name]
    x, y = np.broadcast_arrays(a, b)
    if x.dtype != y.dtype or (x.dtype != np.float64 and x.dtype != np.float32):
        raise TypeError("special_binary: two float32 or float64 arrays expected")
    x = np.ascontiguousarray(x).reshape(-1)
    y = np.ascontiguousarray(y).reshape(-1)
    shape = np.broadcast_shapes(np.shape(a), np.shape(b))
    out = np.empty(x.shape, dtype=x.dtype)
    cdef Py_ssize_t m = x.shape[0]
    cdef void* px = PyArray_DATA(<PyArrayObject*>x)
    cdef void* py = PyArray_DATA(<PyArrayObject*>y)
    cdef void* pd = PyArray_DATA(<PyArrayObject*>out)
    if x.dtype == np.float64:
        with nogil:
            _sp_binary_loop(<double*>px, <double*>py, <double*>pd, m, code)
    else:
        with nogil:
            _sp_binary_loop(<float*>px, <float*>py, <float*>pd, m, code)
    return out.reshape(shape)
