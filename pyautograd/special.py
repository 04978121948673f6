"""pyautograd.special: torch.special's functions. The special functions themselves are declared
in pyautograd/ops/special.py (values from the compiled core, PyTorch's gradients); the others
are the same functions as their pyautograd.<name> (expit = sigmoid, gammaln = lgamma, ...). The
Bessel, Airy and polynomial functions (bessel_j0, ..., legendre_polynomial_p) are, as PyTorch's,
without derivatives."""
from . import _ops
from ._ops import (erf, erfc, erfinv, expm1, log1p, exp2, lgamma as gammaln, digamma, polygamma, i0, sinc, logit,
                   xlogy, logsumexp, softmax, log_softmax, round)
from .ops.special import (special_erfcx as erfcx, special_i0e as i0e, special_i1 as i1, special_i1e as i1e,
                          special_ndtr as ndtr, special_ndtri as ndtri, special_log_ndtr as log_ndtr,
                          special_entr as entr, special_xlog1py as xlog1py, special_zeta as zeta,
                          special_expit as expit, special_gammainc as gammainc, special_gammaincc as gammaincc,
                          special_bessel_j0 as bessel_j0, special_bessel_j1 as bessel_j1,
                          special_bessel_y0 as bessel_y0, special_bessel_y1 as bessel_y1,
                          special_modified_bessel_i0 as modified_bessel_i0,
                          special_modified_bessel_i1 as modified_bessel_i1,
                          special_modified_bessel_k0 as modified_bessel_k0,
                          special_modified_bessel_k1 as modified_bessel_k1,
                          special_scaled_modified_bessel_k0 as scaled_modified_bessel_k0,
                          special_scaled_modified_bessel_k1 as scaled_modified_bessel_k1,
                          special_spherical_bessel_j0 as spherical_bessel_j0, special_airy_ai as airy_ai,
                          special_chebyshev_polynomial_t as chebyshev_polynomial_t,
                          special_chebyshev_polynomial_u as chebyshev_polynomial_u,
                          special_chebyshev_polynomial_v as chebyshev_polynomial_v,
                          special_chebyshev_polynomial_w as chebyshev_polynomial_w,
                          special_shifted_chebyshev_polynomial_t as shifted_chebyshev_polynomial_t,
                          special_shifted_chebyshev_polynomial_u as shifted_chebyshev_polynomial_u,
                          special_shifted_chebyshev_polynomial_v as shifted_chebyshev_polynomial_v,
                          special_shifted_chebyshev_polynomial_w as shifted_chebyshev_polynomial_w,
                          special_hermite_polynomial_h as hermite_polynomial_h,
                          special_hermite_polynomial_he as hermite_polynomial_he,
                          special_laguerre_polynomial_l as laguerre_polynomial_l,
                          special_legendre_polynomial_p as legendre_polynomial_p)

psi = digamma


def multigammaln(input, p):
    """The multivariate log-gamma function of dimension p (torch.mvlgamma)."""
    return _ops.mvlgamma(input, p)


__all__ = ["erf", "erfc", "erfcx", "erfinv", "expit", "logit", "exp2", "expm1", "log1p", "gammaln", "digamma", "psi",
           "polygamma", "multigammaln", "i0", "i0e", "i1", "i1e", "ndtr", "ndtri", "log_ndtr", "sinc", "entr", "xlogy",
           "xlog1py", "zeta", "logsumexp", "softmax", "log_softmax", "round", "gammainc", "gammaincc",
           "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0", "modified_bessel_i1",
           "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
           "spherical_bessel_j0", "airy_ai", "chebyshev_polynomial_t", "chebyshev_polynomial_u",
           "chebyshev_polynomial_v", "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t",
           "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w",
           "hermite_polynomial_h", "hermite_polynomial_he", "laguerre_polynomial_l", "legendre_polynomial_p"]
