"""pyautograd.special: torch.special's functions. The special functions themselves are declared
in pyautograd/ops/special.py (values from the compiled core, PyTorch's gradients); the others
are the same functions as their pyautograd.<name> (expit = sigmoid, gammaln = lgamma, ...)."""
from . import _ops
from ._ops import (erf, erfc, erfinv, expm1, log1p, exp2, lgamma as gammaln, digamma, polygamma, i0, sinc, logit,
                   xlogy, logsumexp, softmax, log_softmax, round)
from .ops.special import (special_erfcx as erfcx, special_i0e as i0e, special_i1 as i1, special_i1e as i1e,
                          special_ndtr as ndtr, special_ndtri as ndtri, special_log_ndtr as log_ndtr,
                          special_entr as entr, special_xlog1py as xlog1py, special_zeta as zeta,
                          special_expit as expit, special_gammainc as gammainc, special_gammaincc as gammaincc)

psi = digamma


def multigammaln(input, p):
    """The multivariate log-gamma function of dimension p (torch.mvlgamma)."""
    return _ops.mvlgamma(input, p)


__all__ = ["erf", "erfc", "erfcx", "erfinv", "expit", "logit", "exp2", "expm1", "log1p", "gammaln", "digamma", "psi",
           "polygamma", "multigammaln", "i0", "i0e", "i1", "i1e", "ndtr", "ndtri", "log_ndtr", "sinc", "entr", "xlogy",
           "xlog1py", "zeta", "logsumexp", "softmax", "log_softmax", "round", "gammainc", "gammaincc"]
