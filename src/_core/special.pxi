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


ctypedef double (*_libm_fn)(double) noexcept nogil

cdef dict _LIBM_NAMES = {"log": 0, "log1p": 1, "exp": 2, "tan": 3, "cos": 4, "sin": 5}


def libm(str name, x):
    """The C library's log, log1p, exp, tan, cos or sin of each element of a float64 array (a new
    contiguous array of x's shape). PyTorch's CPU random kernels call these scalar functions, and
    NumPy's own float64 log / log1p / exp / tan differ from them in the last bit on CPUs where it
    picks its AVX-512 loops, so the random streams that must equal PyTorch's compute through here."""
    cdef int code = _LIBM_NAMES[name]
    cdef _libm_fn f = log
    if code == 1:
        f = log1p
    elif code == 2:
        f = exp
    elif code == 3:
        f = tan
    elif code == 4:
        f = cos
    elif code == 5:
        f = sin
    a = np.ascontiguousarray(x, dtype=np.float64)
    out = np.empty_like(a)
    cdef Py_ssize_t i, m = a.size
    cdef double* pin = <double*>PyArray_DATA(<PyArrayObject*>a)
    cdef double* pout = <double*>PyArray_DATA(<PyArrayObject*>out)
    with nogil:
        for i in range(m):
            pout[i] = f(pin[i])
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


# ------------------------------------------------------------------------------------------------
# torch.special's Bessel functions, Airy Ai and orthogonal polynomials (bessel_j0 ... airy_ai,
# chebyshev_polynomial_t ... legendre_polynomial_p). PyTorch computes them in the input's own
# precision (float32 in float arithmetic) with Cephes' rational and Chebyshev approximations
# (Moshier, "Methods and Programs for Mathematical Functions", 1989; the coefficients are those
# published constants) and plain three-term recurrences; so do these kernels, in the same order
# of operations, so that float32 results agree to the ulp and not just to float precision (x - pi/4
# of a large float32 x alone costs ~1e-3 relative). PyTorch's J0/J1/Y0/Y1 and Ai evaluate Cephes'
# monic denominators (p1evl: a leading coefficient 1 not stored) as if that 1 were absent: its
# values are off by up to ~4e-7 near x = 5 and ~3e-6 near Ai(-2.1). These kernels reproduce
# PyTorch's values (the reference), not Cephes'. Every kernel is fused over float / double:
# `_sp_real is float` selects the float libm functions at compile time.
from libc.math cimport cosf, sinf, expf, logf, sqrtf, acosf, acos, fmaf

cdef inline _sp_real _r_cos(_sp_real x) noexcept nogil:
    if _sp_real is float:
        return cosf(x)
    else:
        return cos(x)

cdef inline _sp_real _r_sin(_sp_real x) noexcept nogil:
    if _sp_real is float:
        return sinf(x)
    else:
        return sin(x)

cdef inline _sp_real _r_exp(_sp_real x) noexcept nogil:
    if _sp_real is float:
        return expf(x)
    else:
        return exp(x)

cdef inline _sp_real _r_log(_sp_real x) noexcept nogil:
    if _sp_real is float:
        return logf(x)
    else:
        return log(x)

cdef inline _sp_real _r_sqrt(_sp_real x) noexcept nogil:
    if _sp_real is float:
        return sqrtf(x)
    else:
        return sqrt(x)

cdef inline _sp_real _r_acos(_sp_real x) noexcept nogil:
    if _sp_real is float:
        return acosf(x)
    else:
        return acos(x)

cdef inline _sp_real _r_abs(_sp_real x) noexcept nogil:
    return <_sp_real>fabs(x)     # (exact for a float too)


cdef inline _sp_real _r_fma(_sp_real a, _sp_real b, _sp_real c) noexcept nogil:
    if _sp_real is float:
        return fmaf(a, b, c)
    else:
        return fma(a, b, c)


cdef inline _sp_real _r_horner(_sp_real z, const double* c, int m) noexcept nogil:
    """c[0] z^(m-1) + ... + c[m-1], in the working precision (the coefficients rounded to it)."""
    cdef _sp_real r = 0
    cdef int i
    for i in range(m):
        r = _r_fma(r, z, <_sp_real>c[i])
    return r


cdef inline _sp_real _r_cheb(_sp_real y, const double* c, int m) noexcept nogil:
    """The Chebyshev series sum' c_k T_k(y / 2) by Clenshaw's recurrence (Cephes' chbevl)."""
    cdef _sp_real a = <_sp_real>c[0], p = 0, q = 0
    cdef int i
    for i in range(1, m):
        p = q
        q = a
        a = _r_fma(y, q, -p) + <_sp_real>c[i]
    return <_sp_real>0.5 * (a - p)


# J0 / Y0 for x > 5: the modulus and phase rational functions P(25/x^2), Q(25/x^2)
cdef double[7] _J0_PP = [7.96936729297347051624e-04, 8.28352392107440799803e-02, 1.23953371646414299388e+00,
                         5.44725003058768775090e+00, 8.74716500199817011941e+00, 5.30324038235394892183e+00,
                         9.99999999999999997821e-01]
cdef double[7] _J0_PQ = [9.24408810558863637013e-04, 8.56288474354474431428e-02, 1.25352743901058953537e+00,
                         5.47097740330417105182e+00, 8.76190883237069594232e+00, 5.30605288235394617618e+00,
                         1.00000000000000000218e+00]
cdef double[8] _J0_QP = [-1.13663838898469149931e-02, -1.28252718670509318512e+00, -1.95539544257735972385e+01,
                         -9.32060152123768231369e+01, -1.77681167980488050595e+02, -1.47077505154951170175e+02,
                         -5.14105326766599330220e+01, -6.05014350600728481186e+00]
cdef double[7] _J0_QQ = [6.43178256118178023184e+01, 8.56430025976980587198e+02, 3.88240183605401609683e+03,
                         7.24046774195652478189e+03, 5.93072701187316984827e+03, 2.06209331660327847417e+03,
                         2.42005740240291393179e+02]
# J0 on [0, 5]: (x^2 - z1)(x^2 - z2) R(x^2), z1, z2 the squares of its first two zeros
cdef double[4] _J0_RP = [-4.79443220978201773821e+09, 1.95617491946556577543e+12, -2.49248344360967716204e+14,
                         9.70862251047306323952e+15]
cdef double[8] _J0_RQ = [4.99563147152651017219e+02, 1.73785401676374683123e+05, 4.84409658339962045305e+07,
                         1.11855537045356834862e+10, 2.11277520115489217587e+12, 3.10518229857422583814e+14,
                         3.18121955943204943306e+16, 1.71086294081043136091e+18]
cdef double[8] _Y0_YP = [1.55924367855235737965e+04, -1.46639295903971606143e+07, 5.43526477051876500413e+09,
                         -9.82136065717911466409e+11, 8.75906394395366999549e+13, -3.46628303384729719441e+15,
                         4.42733268572569800351e+16, -1.84950800436986690637e+16]
cdef double[7] _Y0_YQ = [1.04128353664259848412e+03, 6.26107330137134956842e+05, 2.68919633393814121987e+08,
                         8.64002487103935000337e+10, 2.02979612750105546709e+13, 3.17157752842975028269e+15,
                         2.50596256172653059228e+17]
cdef double[7] _J1_PP = [7.62125616208173112003e-04, 7.31397056940917570436e-02, 1.12719608129684925192e+00,
                         5.11207951146807644818e+00, 8.42404590141772420927e+00, 5.21451598682361504063e+00,
                         1.00000000000000000254e+00]
cdef double[7] _J1_PQ = [5.71323128072548699714e-04, 6.88455908754495404082e-02, 1.10514232634061696926e+00,
                         5.07386386128601488557e+00, 8.39985554327604159757e+00, 5.20982848682361821619e+00,
                         9.99999999999999997461e-01]
cdef double[8] _J1_QP = [5.10862594750176621635e-02, 4.98213872951233449420e+00, 7.58238284132545283818e+01,
                         3.66779609360150777800e+02, 7.10856304998926107277e+02, 5.97489612400613639965e+02,
                         2.11688757100572135698e+02, 2.52070205858023719784e+01]
cdef double[7] _J1_QQ = [7.42373277035675149943e+01, 1.05644886038262816351e+03, 4.98641058337653607651e+03,
                         9.56231892404756170795e+03, 7.99704160447350683650e+03, 2.82619278517639096600e+03,
                         3.36093607810698293419e+02]
cdef double[4] _J1_RP = [-8.99971225705559398224e+08, 4.52228297998194034323e+11, -7.27494245221818276015e+13,
                         3.68295732863852883286e+15]
cdef double[8] _J1_RQ = [6.20836478118054335476e+02, 2.56987256757748830383e+05, 8.35146791431949253037e+07,
                         2.21511595479792499675e+10, 4.74914122079991414898e+12, 7.84369607876235854894e+14,
                         8.95222336184627338078e+16, 5.32278620332680085395e+18]
cdef double[6] _Y1_YP = [1.26320474790178026440e+09, -6.47355876379160291031e+11, 1.14509511541823727583e+14,
                         -8.12770255501325109621e+15, 2.02439475713594898196e+17, -7.78877196265950026825e+17]
cdef double[8] _Y1_YQ = [5.94301592346128195359e+02, 2.35564092943068577943e+05, 7.34811944459721705660e+07,
                         1.87601316108706159478e+10, 3.88231277496238566008e+12, 6.20557727146953693363e+14,
                         6.87141087355300489866e+16, 3.97270608116560655612e+18]

cdef double _PIO4 = 0.785398163397448309615660845819875721
cdef double _3PIO4 = 2.356194490192344928846982537459627163
cdef double _SQ2OPI = 0.797884560802865355879892119868763737     # sqrt(2 / pi)
cdef double _TWOOPI = 0.636619772367581343075535053490057448     # 2 / pi


cdef _sp_real _r_j0(_sp_real x) noexcept nogil:
    cdef _sp_real z, w, pp, pq, qp, qq
    if x < 0:
        x = -x
    if x <= <_sp_real>5.0:
        if x < <_sp_real>0.00001:
            return <_sp_real>1.0 - x * x / <_sp_real>4.0
        w = x * x
        return ((w - <_sp_real>5.78318596294678452118e+00) * (w - <_sp_real>3.04712623436620863991e+01)
                * _r_horner(w, _J0_RP, 4) / _r_horner(w, _J0_RQ, 8))
    z = <_sp_real>25.0 / (x * x)
    pp = _r_horner(z, _J0_PP, 7)
    pq = _r_horner(z, _J0_PQ, 7)
    qp = _r_horner(z, _J0_QP, 8)
    qq = _r_horner(z, _J0_QQ, 7)
    return (_r_fma(pp / pq, _r_cos(x - <_sp_real>_PIO4), -(<_sp_real>5.0 / x * (qp / qq) * _r_sin(x - <_sp_real>_PIO4)))
            * <_sp_real>_SQ2OPI / _r_sqrt(x))


cdef _sp_real _r_j1(_sp_real x) noexcept nogil:
    cdef _sp_real z, w, pp, pq, qp, qq
    if x < 0:
        return -_r_j1(-x)
    if x <= <_sp_real>5.0:
        w = x * x
        return (_r_horner(w, _J1_RP, 4) / _r_horner(w, _J1_RQ, 8) * x * (w - <_sp_real>1.46819706421238932572e+01)
                * (w - <_sp_real>4.92184563216946036703e+01))
    z = <_sp_real>5.0 / x * (<_sp_real>5.0 / x)
    pp = _r_horner(z, _J1_PP, 7)
    pq = _r_horner(z, _J1_PQ, 7)
    qp = _r_horner(z, _J1_QP, 8)
    qq = _r_horner(z, _J1_QQ, 7)
    return (_r_fma(pp / pq, _r_cos(x - <_sp_real>_3PIO4), -(<_sp_real>5.0 / x * (qp / qq) * _r_sin(x - <_sp_real>_3PIO4)))
            * <_sp_real>_SQ2OPI / _r_sqrt(x))


cdef _sp_real _r_y0(_sp_real x) noexcept nogil:
    cdef _sp_real z, w, pp, pq, qp, qq
    if x <= <_sp_real>5.0:
        if x == 0:
            return -INFINITY
        if x < 0:
            return NAN
        w = x * x
        return _r_fma(<_sp_real>_TWOOPI * _r_log(x), _r_j0(x), _r_horner(w, _Y0_YP, 8) / _r_horner(w, _Y0_YQ, 7))
    z = <_sp_real>25.0 / (x * x)
    pp = _r_horner(z, _J0_PP, 7)
    pq = _r_horner(z, _J0_PQ, 7)
    qp = _r_horner(z, _J0_QP, 8)
    qq = _r_horner(z, _J0_QQ, 7)
    return (_r_fma(pp / pq, _r_sin(x - <_sp_real>_PIO4), <_sp_real>5.0 / x * (qp / qq) * _r_cos(x - <_sp_real>_PIO4))
            * <_sp_real>_SQ2OPI / _r_sqrt(x))


cdef _sp_real _r_y1(_sp_real x) noexcept nogil:
    cdef _sp_real z, w, pp, pq, qp, qq
    if x <= <_sp_real>5.0:
        if x == 0:
            return -INFINITY
        if x <= 0:
            return NAN
        w = x * x
        return _r_fma(x, _r_horner(w, _Y1_YP, 6) / _r_horner(w, _Y1_YQ, 8),
                      <_sp_real>_TWOOPI * _r_fma(_r_j1(x), _r_log(x), -(<_sp_real>1.0 / x)))
    z = <_sp_real>5.0 / x * (<_sp_real>5.0 / x)
    pp = _r_horner(z, _J1_PP, 7)
    pq = _r_horner(z, _J1_PQ, 7)
    qp = _r_horner(z, _J1_QP, 8)
    qq = _r_horner(z, _J1_QQ, 7)
    return (_r_fma(pp / pq, _r_sin(x - <_sp_real>_3PIO4), <_sp_real>5.0 / x * (qp / qq) * _r_cos(x - <_sp_real>_3PIO4))
            * <_sp_real>_SQ2OPI / _r_sqrt(x))


# I0 / I1 as e^|x| times Chebyshev series in x/2 - 2 on [0, 8] and in 32/x - 2 beyond (times
# 1/sqrt x); K0 / K1 as Chebyshev series in x^2 - 2 on (0, 2] (plus the log x I term) and in
# 8/x - 2 beyond (times e^-x / sqrt x)
cdef double[30] _I0_A = [
    -4.41534164647933937950e-18, 3.33079451882223809783e-17, -2.43127984654795469359e-16, 1.71539128555513303061e-15,
    -1.16853328779934516808e-14, 7.67618549860493561688e-14, -4.85644678311192946090e-13, 2.95505266312963983461e-12,
    -1.72682629144155570723e-11, 9.67580903537323691224e-11, -5.18979560163526290666e-10, 2.65982372468238665035e-09,
    -1.30002500998624804212e-08, 6.04699502254191894932e-08, -2.67079385394061173391e-07, 1.11738753912010371815e-06,
    -4.41673835845875056359e-06, 1.64484480707288970893e-05, -5.75419501008210370398e-05, 1.88502885095841655729e-04,
    -5.76375574538582365885e-04, 1.63947561694133579842e-03, -4.32430999505057594430e-03, 1.05464603945949983183e-02,
    -2.37374148058994688156e-02, 4.93052842396707084878e-02, -9.49010970480476444210e-02, 1.71620901522208775349e-01,
    -3.04682672343198398683e-01, 6.76795274409476084995e-01]
cdef double[25] _I0_B = [
    -7.23318048787475395456e-18, -4.83050448594418207126e-18, 4.46562142029675999901e-17, 3.46122286769746109310e-17,
    -2.82762398051658348494e-16, -3.42548561967721913462e-16, 1.77256013305652638360e-15, 3.81168066935262242075e-15,
    -9.55484669882830764870e-15, -4.15056934728722208663e-14, 1.54008621752140982691e-14, 3.85277838274214270114e-13,
    7.18012445138366623367e-13, -1.79417853150680611778e-12, -1.32158118404477131188e-11, -3.14991652796324136454e-11,
    1.18891471078464383424e-11, 4.94060238822496958910e-10, 3.39623202570838634515e-09, 2.26666899049817806459e-08,
    2.04891858946906374183e-07, 2.89137052083475648297e-06, 6.88975834691682398426e-05, 3.36911647825569408990e-03,
    8.04490411014108831608e-01]
cdef double[29] _I1_A = [
    2.77791411276104639959e-18, -2.11142121435816608115e-17, 1.55363195773620046921e-16, -1.10559694773538630805e-15,
    7.60068429473540693410e-15, -5.04218550472791168711e-14, 3.22379336594557470981e-13, -1.98397439776494371520e-12,
    1.17361862988909016308e-11, -6.66348972350202774223e-11, 3.62559028155211703701e-10, -1.88724975172282928790e-09,
    9.38153738649577178388e-09, -4.44505912879632808065e-08, 2.00329475355213526229e-07, -8.56872026469545474066e-07,
    3.47025130813767847674e-06, -1.32731636560394358279e-05, 4.78156510755005422638e-05, -1.61760815825896745588e-04,
    5.12285956168575772895e-04, -1.51357245063125314899e-03, 4.15642294431288815669e-03, -1.05640848946261981558e-02,
    2.47264490306265168283e-02, -5.29459812080949914269e-02, 1.02643658689847095384e-01, -1.76416518357834055153e-01,
    2.52587186443633654823e-01]
cdef double[25] _I1_B = [
    7.51729631084210481353e-18, 4.41434832307170791151e-18, -4.65030536848935832153e-17, -3.20952592199342395980e-17,
    2.96262899764595013876e-16, 3.30820231092092828324e-16, -1.88035477551078244854e-15, -3.81440307243700780478e-15,
    1.04202769841288027642e-14, 4.27244001671195135429e-14, -2.10154184277266431302e-14, -4.08355111109219731823e-13,
    -7.19855177624590851209e-13, 2.03562854414708950722e-12, 1.41258074366137813316e-11, 3.25260358301548823856e-11,
    -1.89749581235054123450e-11, -5.58974346219658380687e-10, -3.83538038596423702205e-09, -2.63146884688951950684e-08,
    -2.51223623787020892529e-07, -3.88256480887769039346e-06, -1.10588938762623716291e-04, -9.76109749136146840777e-03,
    7.78576235018280120474e-01]
cdef double[10] _K0_A = [
    1.37446543561352307156e-16, 4.25981614279661018399e-14, 1.03496952576338420167e-11, 1.90451637722020886025e-09,
    2.53479107902614945675e-07, 2.28621210311945178607e-05, 1.26461541144692592338e-03, 3.59799365153615016266e-02,
    3.44289899924628486886e-01, -5.35327393233902768720e-01]
cdef double[25] _K0_B = [
    5.30043377268626276149e-18, -1.64758043015242134646e-17, 5.21039150503902756861e-17, -1.67823109680541210385e-16,
    5.51205597852431940784e-16, -1.84859337734377901440e-15, 6.34007647740507060557e-15, -2.22751332699166985548e-14,
    8.03289077536357521100e-14, -2.98009692317273043925e-13, 1.14034058820847496303e-12, -4.51459788337394416547e-12,
    1.85594911495471785253e-11, -7.95748924447710747776e-11, 3.57739728140030116597e-10, -1.69753450938905987466e-09,
    8.57403401741422608519e-09, -4.66048989768794782956e-08, 2.76681363944501510342e-07, -1.83175552271911948767e-06,
    1.39498137188764993662e-05, -1.28495495816278026384e-04, 1.56988388573005337491e-03, -3.14481013119645005427e-02,
    2.44030308206595545468e+00]
cdef double[11] _K1_A = [
    -7.02386347938628759343e-18, -2.42744985051936593393e-15, -6.66690169419932900609e-13, -1.41148839263352776110e-10,
    -2.21338763073472585583e-08, -2.43340614156596823496e-06, -1.73028895751305206302e-04, -6.97572385963986435018e-03,
    -1.22611180822657148235e-01, -3.53155960776544875667e-01, 1.52530022733894777053e+00]
cdef double[25] _K1_B = [
    -5.75674448366501715755e-18, 1.79405087314755922667e-17, -5.68946255844285935196e-17, 1.83809354436663880070e-16,
    -6.05704724837331885336e-16, 2.03870316562433424052e-15, -7.01983709041831346144e-15, 2.47715442448130437068e-14,
    -8.97670518232499435011e-14, 3.34841966607842919884e-13, -1.28917396095102890680e-12, 5.13963967348173025100e-12,
    -2.12996783842756842877e-11, 9.21831518760500529508e-11, -4.19035475934189648750e-10, 2.01504975519703286596e-09,
    -1.03457624656780970260e-08, 5.74108412545004946722e-08, -3.50196060308781257119e-07, 2.40648494783721712015e-06,
    -1.93619797416608296024e-05, 1.95215518471351631108e-04, -2.85781685962277938680e-03, 1.03923736576817238437e-01,
    2.72062619048444266945e+00]


cdef _sp_real _r_i0(_sp_real x) noexcept nogil:
    cdef _sp_real ax = _r_abs(x)
    if ax <= <_sp_real>8.0:
        return _r_exp(ax) * _r_cheb(ax / <_sp_real>2.0 - <_sp_real>2.0, _I0_A, 30)
    return _r_exp(ax) * _r_cheb(<_sp_real>32.0 / ax - <_sp_real>2.0, _I0_B, 25) / _r_sqrt(ax)


cdef _sp_real _r_i1(_sp_real x) noexcept nogil:
    cdef _sp_real ax = _r_abs(x), r
    if ax <= <_sp_real>8.0:
        r = _r_cheb(ax / <_sp_real>2.0 - <_sp_real>2.0, _I1_A, 29) * ax * _r_exp(ax)
    else:
        r = _r_exp(ax) * _r_cheb(<_sp_real>32.0 / ax - <_sp_real>2.0, _I1_B, 25) / _r_sqrt(ax)
    return -r if x < 0 else r


cdef _sp_real _r_k0(_sp_real x, bint scaled) noexcept nogil:
    cdef double small
    if x == 0:
        return INFINITY
    if x < 0:
        return NAN
    if x <= <_sp_real>2.0:
        if scaled:
            return (_r_fma(-_r_log(<_sp_real>0.5 * x), _r_i0(x), _r_cheb(_r_fma(x, x, <_sp_real>-2.0), _K0_A, 10))
                    * _r_exp(x))
        # (PyTorch's unscaled form takes the log of 0.5 x in double, also for float32)
        small = fma(-log(0.5 * <double>x), <double>_r_i0(x), <double>_r_cheb(_r_fma(x, x, <_sp_real>-2.0), _K0_A, 10))
        return <_sp_real>small
    if scaled:
        return _r_cheb(<_sp_real>8.0 / x - <_sp_real>2.0, _K0_B, 25) / _r_sqrt(x)
    return _r_exp(-x) * _r_cheb(<_sp_real>8.0 / x - <_sp_real>2.0, _K0_B, 25) / _r_sqrt(x)


cdef _sp_real _r_k1(_sp_real x, bint scaled) noexcept nogil:
    cdef _sp_real r
    if x == 0:
        return INFINITY
    if x < 0:
        return NAN
    if x <= <_sp_real>2.0:
        r = _r_fma(_r_log(<_sp_real>0.5 * x), _r_i1(x), _r_cheb(_r_fma(x, x, <_sp_real>-2.0), _K1_A, 11) / x)
        return r * _r_exp(x) if scaled else r
    if scaled:
        return _r_cheb(<_sp_real>8.0 / x - <_sp_real>2.0, _K1_B, 25) / _r_sqrt(x)
    return _r_exp(-x) * _r_cheb(<_sp_real>8.0 / x - <_sp_real>2.0, _K1_B, 25) / _r_sqrt(x)


cdef _sp_real _r_spherical_j0(_sp_real x) noexcept nogil:
    """sin(x) / x; its Taylor series below 1/2 (where the quotient loses accuracy)."""
    cdef _sp_real w, t
    if isinf(x):
        return 0
    if _r_abs(x) < <_sp_real>0.5:
        w = x * x
        t = _r_fma(w, <_sp_real>1.0 / <_sp_real>6227020800.0, <_sp_real>-1.0 / <_sp_real>39916800.0)
        t = _r_fma(w, t, <_sp_real>1.0 / <_sp_real>362880.0)
        t = _r_fma(w, t, <_sp_real>-1.0 / <_sp_real>5040.0)
        t = _r_fma(w, t, <_sp_real>1.0 / <_sp_real>120.0)
        t = _r_fma(w, t, <_sp_real>-1.0 / <_sp_real>6.0)
        return _r_fma(w, t, <_sp_real>1.0)
    return _r_sin(x) / x


# Ai: rational functions of 1/zeta (zeta = 2/3 x^1.5) for x >= 2.09, the modulus / phase form for
# x < -2.09, the Maclaurin series Ai = c1 f(x) - c2 g(x) between
cdef double[8] _AI_AN = [3.46538101525629032477e-01, 1.20075952739645805542e+01, 7.62796053615234516538e+01,
                         1.68089224934630576269e+02, 1.59756391350164413639e+02, 7.05360906840444183113e+01,
                         1.40264691163389668864e+01, 9.99999999999999995305e-01]
cdef double[8] _AI_AD = [5.67594532638770212846e-01, 1.47562562584847203173e+01, 8.45138970141474626562e+01,
                         1.77318088145400459522e+02, 1.64234692871529701831e+02, 7.14778400825575695274e+01,
                         1.40959135607834029598e+01, 1.00000000000000000470e+00]
cdef double[9] _AI_AFN = [-1.31696323418331795333e-01, -6.26456544431912369773e-01, -6.93158036036933542233e-01,
                          -2.79779981545119124951e-01, -4.91900132609500318020e-02, -4.06265923594885404393e-03,
                          -1.59276496239262096340e-04, -2.77649108155232920844e-06, -1.67787698489114633780e-08]
cdef double[9] _AI_AFD = [1.33560420706553243746e+01, 3.26825032795224613948e+01, 2.67367040941499554804e+01,
                          9.18707402907259625840e+00, 1.47529146771666414581e+00, 1.15687173795188044134e-01,
                          4.40291641615211203805e-03, 7.54720348287414296618e-05, 4.51850092970580378464e-07]
cdef double[11] _AI_AGN = [1.97339932091685679179e-02, 3.91103029615688277255e-01, 1.06579897599595591108e+00,
                           9.39169229816650230044e-01, 3.51465656105547619242e-01, 6.33888919628925490927e-02,
                           5.85804113048388458567e-03, 2.82851600836737019778e-04, 6.98793669997260967291e-06,
                           8.11789239554389293311e-08, 3.41551784765923618484e-10]
cdef double[10] _AI_AGD = [9.30892908077441974853e+00, 1.98352928718312140417e+01, 1.55646628932864612953e+01,
                           5.47686069422975497931e+00, 9.54293611618961883998e-01, 8.64580826352392193095e-02,
                           4.12656523824222607191e-03, 1.01259085116509135510e-04, 1.17166733214413521882e-06,
                           4.91834570062930015649e-09]
cdef double _SQPII = 5.64189583547756286948e-01      # 1 / sqrt(pi)


cdef _sp_real _r_airy_ai(_sp_real x) noexcept nogil:
    cdef _sp_real z, zz, t, zeta, f, g, k, m, n, eps
    if isinf(x):
        return NAN
    if x > <_sp_real>103.892:
        return 0
    if x < <_sp_real>-2.09:
        z = <_sp_real>1.0 / (<_sp_real>-2.0 * x * _r_sqrt(-x) / <_sp_real>3.0)
        zz = z * z
        t = <_sp_real>-2.0 * x * _r_sqrt(-x) / <_sp_real>3.0 + <_sp_real>0.25 * <_sp_real>M_PI
        return (<_sp_real>_SQPII / _r_sqrt(_r_sqrt(-x))
                * _r_fma(_r_sin(t), <_sp_real>1.0 + zz * _r_horner(zz, _AI_AFN, 9) / _r_horner(zz, _AI_AFD, 9),
                         -(_r_cos(t) * (z * _r_horner(zz, _AI_AGN, 11) / _r_horner(zz, _AI_AGD, 10)))))
    if x >= <_sp_real>2.09:
        # (PyTorch evaluates the series below too on [2.09, 8.32] and then returns this)
        zeta = <_sp_real>2.0 * x * _r_sqrt(x) / <_sp_real>3.0
        z = <_sp_real>1.0 / zeta
        return (<_sp_real>_SQPII * (_r_horner(z, _AI_AN, 8) / _r_horner(z, _AI_AD, 8))
                / (<_sp_real>2.0 * _r_sqrt(_r_sqrt(x)) * _r_exp(zeta)))
    if _sp_real is float:
        eps = <_sp_real>1.1920928955078125e-07      # the machine epsilons
    else:
        eps = <_sp_real>2.220446049250313e-16
    f = 1
    g = x
    k = 1
    m = 1
    n = x
    t = 1
    z = x * x * x
    while t > eps:
        m *= z
        k += 1
        m /= k
        n *= z
        k += 1
        n /= k
        m /= k
        f += m
        k += 1
        n /= k
        g += n
        t = _r_abs(m / f)
    return _r_fma(<_sp_real>0.355028053887817239260, f, -(<_sp_real>0.258819403792806798405 * g))


cdef enum:
    SPB_J0 = 0
    SPB_J1 = 1
    SPB_Y0 = 2
    SPB_Y1 = 3
    SPB_I0 = 4
    SPB_I1 = 5
    SPB_K0 = 6
    SPB_K1 = 7
    SPB_K0E = 8
    SPB_K1E = 9
    SPB_SJ0 = 10
    SPB_AI = 11

SPECIAL_BESSEL = {"bessel_j0": SPB_J0, "bessel_j1": SPB_J1, "bessel_y0": SPB_Y0, "bessel_y1": SPB_Y1,
                  "modified_bessel_i0": SPB_I0, "modified_bessel_i1": SPB_I1, "modified_bessel_k0": SPB_K0,
                  "modified_bessel_k1": SPB_K1, "scaled_modified_bessel_k0": SPB_K0E,
                  "scaled_modified_bessel_k1": SPB_K1E, "spherical_bessel_j0": SPB_SJ0, "airy_ai": SPB_AI}


cdef inline _sp_real _r_bessel1(int code, _sp_real x) noexcept nogil:
    if code == SPB_J0:
        return _r_j0(x)
    if code == SPB_J1:
        return _r_j1(x)
    if code == SPB_Y0:
        return _r_y0(x)
    if code == SPB_Y1:
        return _r_y1(x)
    if code == SPB_I0:
        return _r_i0(x)
    if code == SPB_I1:
        return _r_i1(x)
    if code == SPB_K0:
        return _r_k0(x, False)
    if code == SPB_K1:
        return _r_k1(x, False)
    if code == SPB_K0E:
        return _r_k0(x, True)
    if code == SPB_K1E:
        return _r_k1(x, True)
    if code == SPB_SJ0:
        return _r_spherical_j0(x)
    return _r_airy_ai(x)


cdef void _r_bessel_loop(_sp_real* src, _sp_real* dst, Py_ssize_t m, int code) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(m):
        dst[i] = _r_bessel1(code, src[i])


def special_bessel(str name, x):
    """torch.special's `name` (SPECIAL_BESSEL) of the float64 or float32 array x, computed in x's
    precision: a new contiguous array of x's shape and dtype."""
    cdef int code = SPECIAL_BESSEL[name]
    a = np.ascontiguousarray(x)
    if a.dtype != np.float64 and a.dtype != np.float32:
        raise TypeError("special_bessel: float32 or float64 array expected, got %s" % a.dtype)
    out = np.empty_like(a)
    cdef Py_ssize_t m = a.size
    cdef void* pin = PyArray_DATA(<PyArrayObject*>a)
    cdef void* pout = PyArray_DATA(<PyArrayObject*>out)
    if a.dtype == np.float64:
        with nogil:
            _r_bessel_loop(<double*>pin, <double*>pout, m, code)
    else:
        with nogil:
            _r_bessel_loop(<float*>pin, <float*>pout, m, code)
    return out


# ---- the orthogonal polynomials P_n(x): n arrives in x's dtype and is truncated to an integer as
# PyTorch's static_cast<int64_t> does (a NaN or out-of-range n gives x86's INT64_MIN there:
# negative, so the polynomial is 0; -1 here has the same effect). Recurrences stop at a NaN (an overflow to inf - inf), as
# PyTorch's; |x| < 1 with a large n goes through the trigonometric forms (no long loop).
cdef inline long long _r_degree(double n) noexcept nogil:
    if not (n >= -9.2233720368547758e18 and n < 9.2233720368547758e18):
        return -1
    return <long long>n


cdef _sp_real _r_cheb_t(_sp_real x, long long n) noexcept nogil:
    cdef _sp_real p, q, r
    cdef long long k
    if n < 0:
        return 0
    if _r_abs(x) == 1:
        return 1 if (x > 0 or n % 2 == 0) else -1
    if n > 6 and _r_abs(x) < 1:
        return _r_cos(<_sp_real>n * _r_acos(x))
    if n == 0:
        return 1
    if n == 1:
        return x
    p = 1
    q = x
    r = q       # (a NaN x: the loop does not run; PyTorch returns an unset value there)
    k = 2
    while k <= n and not isnan(q):
        r = _r_fma(x + x, q, -p)
        p = q
        q = r
        k += 1
    return r


cdef _sp_real _r_cheb_u(_sp_real x, long long n) noexcept nogil:
    cdef _sp_real p, q, r, th
    cdef long long k
    if n < 0:
        return 0
    if _r_abs(x) == 1:
        return <_sp_real>(n + 1) if (x > 0 or n % 2 == 0) else <_sp_real>(-(n + 1))
    if n > 8 and _r_abs(x) < 1:
        th = _r_acos(x)
        if _r_sin(th) != 0:
            return _r_sin(<_sp_real>(n + 1) * th) / _r_sin(th)
        return <_sp_real>(n + 1) * _r_cos(<_sp_real>(n + 1) * th) / x
    if n == 0:
        return 1
    if n == 1:
        return x + x
    p = 1
    q = x + x
    r = q
    k = 2
    while k <= n and not isnan(q):
        r = _r_fma(x + x, q, -p)
        p = q
        q = r
        k += 1
    return r


cdef _sp_real _r_cheb_v(_sp_real x, long long n) noexcept nogil:
    cdef _sp_real p, q, r, th
    cdef long long k
    if n < 0:
        return 0
    if _r_abs(x) == 1:
        if x > 0:
            return 1
        return <_sp_real>(n + n + 1) if n % 2 == 0 else <_sp_real>(-(n + n + 1))
    if n > 8 and _r_abs(x) < 1:
        th = _r_acos(x)
        if _r_sin(th / <_sp_real>2.0) != 1:
            return _r_cos((<_sp_real>n + <_sp_real>0.5) * th) / _r_cos(th / <_sp_real>2.0)
        return <_sp_real>(n + n + 1) if n % 2 == 0 else <_sp_real>(-(n + n + 1))
    if n == 0:
        return 1
    if n == 1:
        return x + x - <_sp_real>1.0
    p = 1
    q = x + x - <_sp_real>1.0
    r = q
    k = 2
    while k <= n and not isnan(q):
        r = _r_fma(x + x, q, -p)
        p = q
        q = r
        k += 1
    return r


cdef _sp_real _r_cheb_w(_sp_real x, long long n) noexcept nogil:
    cdef _sp_real p, q, r, th
    cdef long long k
    if n < 0:
        return 0
    if _r_abs(x) == 1:
        if x > 0:
            return <_sp_real>(n + n + 1)
        return 1 if n % 2 == 0 else -1
    if n > 8 and _r_abs(x) < 1:
        th = _r_acos(x)
        if _r_cos(th / <_sp_real>2.0) != 1:
            return _r_sin((<_sp_real>n + <_sp_real>0.5) * th) / _r_sin(th / <_sp_real>2.0)
        if x > 0:
            return <_sp_real>(n + n + 1)
        return 1 if n % 2 == 0 else -1
    if n == 0:
        return 1
    if n == 1:
        return x + x + <_sp_real>1.0
    p = 1
    q = x + x + <_sp_real>1.0
    r = q
    k = 2
    while k <= n and not isnan(q):
        r = _r_fma(x + x, q, -p)
        p = q
        q = r
        k += 1
    return r


cdef _sp_real _r_shifted_cheb(_sp_real x, long long n, int kind) noexcept nogil:
    """T*_n, U*_n, V*_n, W*_n (kind 0..3): the Chebyshev polynomials of 2x - 1, with PyTorch's
    exact values at x = 0 and 1 and its trigonometric forms inside (0, 1) for large n."""
    cdef _sp_real y, p, q, r, th
    cdef long long k
    if n < 0:
        return 0
    if x == 1:
        if kind == 0 or kind == 2:
            return 1
        return <_sp_real>(n + 1) if kind == 1 else <_sp_real>(n + n + 1)
    if x == 0:
        if kind == 0 or kind == 3:
            return 1 if n % 2 == 0 else -1
        if kind == 1:
            return <_sp_real>(n + 1) if n % 2 == 0 else <_sp_real>(-(n + 1))
        return <_sp_real>(n + n + 1) if n % 2 == 0 else <_sp_real>(-(n + n + 1))
    y = x + x - <_sp_real>1.0
    if n > (4 if kind == 3 else 6) and _r_abs(y) < 1:
        th = _r_acos(y)
        if kind == 0:
            return _r_cos(<_sp_real>n * th)
        if kind == 1:
            if _r_sin(th) != 0:
                return _r_sin(<_sp_real>(n + 1) * th) / _r_sin(th)
            return <_sp_real>(n + 1) * _r_cos(<_sp_real>(n + 1) * th) / y
        if kind == 2:
            if _r_sin(th / <_sp_real>2.0) != 1:
                return _r_cos((<_sp_real>n + <_sp_real>0.5) * th) / _r_cos(th / <_sp_real>2.0)
            return <_sp_real>(n + n + 1) if n % 2 == 0 else <_sp_real>(-(n + n + 1))
        if _r_cos(th / <_sp_real>2.0) != 1:
            return _r_sin((<_sp_real>n + <_sp_real>0.5) * th) / _r_sin(th / <_sp_real>2.0)
        return 1 if n % 2 == 0 else -1
    if n == 0:
        return 1
    if kind == 0:
        q = y
    elif kind == 1:
        q = y + y
    elif kind == 2:
        q = y + y - <_sp_real>1.0
    else:
        q = y + y + <_sp_real>1.0
    if n == 1:
        return q
    p = 1
    r = q
    k = 2
    while k <= n and not isnan(q):
        r = _r_fma(y + y, q, -p)
        p = q
        q = r
        k += 1
    return r


cdef inline long long _r_hermite_limit(_sp_real x) noexcept nogil:
    # PyTorch's degree cut-off of the Hermite polynomials (beyond, NaN): 128 in float, 512 in double
    if _sp_real is float:
        return 128
    else:
        return 512


cdef _sp_real _r_hermite_h(_sp_real x, long long n) noexcept nogil:
    cdef _sp_real p, q, r
    cdef long long k
    if n < 0:
        return 0
    if n == 0:
        return 1
    if n == 1:
        return x + x
    if n > _r_hermite_limit(x):
        return NAN
    p = 1
    q = x + x
    r = 0
    k = 2
    while k < n + n:
        r = _r_fma(x + x, q, -(<_sp_real>k * p))
        p = q
        q = r
        k += 2
    return r


cdef _sp_real _r_hermite_he(_sp_real x, long long n) noexcept nogil:
    cdef _sp_real p, q, r
    cdef long long k
    if n < 0:
        return 0
    if n == 0:
        return 1
    if n == 1:
        return x
    if n > _r_hermite_limit(x):
        return NAN
    p = 1
    q = x
    r = q
    for k in range(1, n):
        r = _r_fma(x, q, -(<_sp_real>k * p))
        p = q
        q = r
    return r


cdef _sp_real _r_laguerre_l(_sp_real x, long long n) noexcept nogil:
    cdef _sp_real p, q, r
    cdef long long k
    if n < 0:
        return 0
    if _r_abs(x) == 0:
        return 1
    if n == 0:
        return 1
    if n == 1:
        return <_sp_real>1.0 - x
    p = 1
    q = <_sp_real>1.0 - x
    r = q
    k = 1
    while k < n and not isnan(q):
        r = _r_fma(<_sp_real>(k + k) + (<_sp_real>1.0 - x), q, -(<_sp_real>k * p)) / <_sp_real>(k + 1)
        p = q
        q = r
        k += 1
    return r


cdef _sp_real _r_legendre_p(_sp_real x, long long n) noexcept nogil:
    cdef _sp_real p, q, r
    cdef long long k
    if n < 0:
        return 0
    if _r_abs(x) == 1:
        return 1 if (x > 0 or n % 2 == 0) else -1
    if n == 0:
        return 1
    if n == 1:
        return x
    p = 1
    q = x
    r = q
    k = 1
    while k < n and not isnan(q):
        r = _r_fma(<_sp_real>(k + k + 1) * x, q, -(<_sp_real>k * p)) / <_sp_real>(k + 1)
        p = q
        q = r
        k += 1
    return r


SPECIAL_POLYNOMIAL = {"chebyshev_polynomial_t": 0, "chebyshev_polynomial_u": 1, "chebyshev_polynomial_v": 2,
                      "chebyshev_polynomial_w": 3, "shifted_chebyshev_polynomial_t": 4,
                      "shifted_chebyshev_polynomial_u": 5, "shifted_chebyshev_polynomial_v": 6,
                      "shifted_chebyshev_polynomial_w": 7, "hermite_polynomial_h": 8, "hermite_polynomial_he": 9,
                      "laguerre_polynomial_l": 10, "legendre_polynomial_p": 11}


cdef inline _sp_real _r_poly1(int code, _sp_real x, long long n) noexcept nogil:
    if code == 0:
        return _r_cheb_t(x, n)
    if code == 1:
        return _r_cheb_u(x, n)
    if code == 2:
        return _r_cheb_v(x, n)
    if code == 3:
        return _r_cheb_w(x, n)
    if code <= 7:
        return _r_shifted_cheb(x, n, code - 4)
    if code == 8:
        return _r_hermite_h(x, n)
    if code == 9:
        return _r_hermite_he(x, n)
    if code == 10:
        return _r_laguerre_l(x, n)
    return _r_legendre_p(x, n)


cdef void _r_poly_loop(_sp_real* xs, _sp_real* ns, _sp_real* dst, Py_ssize_t m, int code) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(m):
        dst[i] = _r_poly1(code, xs[i], _r_degree(<double>ns[i]))


def special_polynomial(str name, x, n):
    """torch.special's polynomial `name` (SPECIAL_POLYNOMIAL) of the arrays x and n (one float
    dtype, broadcast together), computed in that precision: a new array."""
    cdef int code = SPECIAL_POLYNOMIAL[name]
    a, b = np.broadcast_arrays(x, n)
    if a.dtype != b.dtype or (a.dtype != np.float64 and a.dtype != np.float32):
        raise TypeError("special_polynomial: two float32 or float64 arrays expected")
    shape = a.shape
    a = np.ascontiguousarray(a).reshape(-1)
    b = np.ascontiguousarray(b).reshape(-1)
    out = np.empty(a.shape, dtype=a.dtype)
    cdef Py_ssize_t m = a.shape[0]
    cdef void* pa = PyArray_DATA(<PyArrayObject*>a)
    cdef void* pb = PyArray_DATA(<PyArrayObject*>b)
    cdef void* pd = PyArray_DATA(<PyArrayObject*>out)
    if a.dtype == np.float64:
        with nogil:
            _r_poly_loop(<double*>pa, <double*>pb, <double*>pd, m, code)
    else:
        with nogil:
            _r_poly_loop(<float*>pa, <float*>pb, <float*>pd, m, code)
    return out.reshape(shape)
