"""The call forms PyTorch's argument parser accepts on top of a function's own signature, given to
every declared public function in one place (pyautograd/_ops.py applies them):

  NumPy's keyword names   axis= for dim=, keepdims= for keepdim= (torch.sum(x, axis=1),
                          x.mean(axis=0, keepdims=True)), on functions and methods
  out=                    torch.<fn>(..., out=t) on the functions whose torch form takes it
                          (TORCH_OUT; methods never do): the result is written into t, which is
                          returned (resized, with PyTorch's warning, when its shape differs)

A form is a small generated function with the exact signature of the declared one plus the extra
keywords, so a call that uses neither costs one Python frame and no argument repacking."""
import inspect
import warnings

import numpy as np

from .._core import is_grad_enabled
from ._common import _SCALAR_TYPE_NAMES, _check_tensor

__all__ = ["TORCH_OUT", "NUMPY_KEYWORDS", "call_forms", "write_out", "check_out_cast", "resize_and_copy"]

# Read off torch 2.13's Python signatures (tests/test_callforms.py checks this table against torch):
# the public functions whose torch.<name> takes out=.
TORCH_OUT = frozenset("""
abs absolute acos add all amax amin angle any arccos arcsin arctan argmax argmin argsort asin atan bitwise_and
bitwise_not bitwise_or bitwise_xor bmm bucketize cat ceil cholesky cholesky_inverse clamp clamp_max clamp_min
clip complex concat
concatenate conj_physical cos cosh cross cumprod cumsum div divide dot eq exp expm1 fix float_power floor floor_divide
fmod frac gather ge ger greater greater_equal gt histc hstack hypot index_add index_copy index_select inner inverse
isin kron le less less_equal log log10 log1p log2 log_softmax logaddexp logcumsumexp logical_and logical_not logical_or
logical_xor logsumexp lt masked_select matmul max maximum mean min minimum mm msort mul multiply mv nanmean
nanquantile nansum ne neg negative nonzero norm not_equal outer polar pow prod quantile reciprocal remainder round
rsqrt scatter scatter_add scatter_reduce searchsorted sgn sigmoid sign sin sinh softmax sort sqrt square stack std
sub subtract sum take take_along_dim tan tanh tril triu true_divide trunc var vdot vstack where
asinh arcsinh acosh arccosh atanh arctanh deg2rad rad2deg atan2 arctan2 copysign ldexp logaddexp2 fmax fmin
tensordot diff signbit heaviside
""".split())

NUMPY_KEYWORDS = (("axis", "dim"), ("keepdims", "keepdim"))     # NumPy's name, PyTorch's

_UNSET = object()


def _render(sig, extra, optional=()):
    """(parameter list source, call source, defaults) of a forwarding function with `sig`'s
    parameters plus the keyword-only `extra` names."""
    params, call, defaults = [], [], {}
    star_done = False
    for p in sig.parameters.values():
        default = ""
        if p.name in optional and p.default is p.empty:
            default = "=_UNSET"       # required, but may come as its NumPy name
        elif p.default is not p.empty:
            key = "_d_" + p.name
            defaults[key] = p.default
            default = "=" + key
        if p.kind is p.VAR_POSITIONAL:
            params.append("*" + p.name)
            call.append("*" + p.name)
            star_done = True
        elif p.kind is p.VAR_KEYWORD:
            continue
        elif p.kind is p.KEYWORD_ONLY:
            if not star_done:
                params.append("*")
                star_done = True
            params.append(p.name + default)
            call.append("%s=%s" % (p.name, p.name))
        elif p.kind is p.POSITIONAL_ONLY:
            params.append(p.name + default)
            call.append(p.name)
        else:
            params.append(p.name + default)
            call.append(p.name)
    if extra and not star_done:
        params.append("*")
    params += ["%s=_UNSET" % e for e in extra]
    varkw = [p.name for p in sig.parameters.values() if p.kind is p.VAR_KEYWORD]
    if varkw:
        params.append("**" + varkw[0])
        call.append("**" + varkw[0])
    return ", ".join(params), ", ".join(call), defaults


def _form(f, sig, name, aliases, out):
    extra = [a for a, _ in aliases] + (["out"] if out else [])
    params, call, defaults = _render(sig, extra, [own for _, own in aliases])
    body = []
    for alias, own in aliases:
        default = "_d_" + own if sig.parameters[own].default is not inspect.Parameter.empty else "_UNSET"
        # PyTorch takes one of the two names: both given is its "unexpected keyword" TypeError
        body.append("    if %s is not _UNSET:\n"
                    "        if %s is not %s:\n"
                    "            raise TypeError(\"%s() got an unexpected keyword argument '%s'\")\n"
                    "        %s = %s" % (alias, own, default, name, alias, own, alias))
        if default == "_UNSET":
            body.append("    if %s is _UNSET:\n"
                        "        raise TypeError(\"%s() missing 1 required positional argument: '%s'\")"
                        % (own, name, own))
    if out:
        body.append("    if out is not _UNSET and out is not None:\n"
                    "        return _write_out(%r, out, lambda: _f(%s))" % (name, call))
    body.append("    return _f(%s)" % call)
    src = "def %s(%s):\n%s\n" % (name, params, "\n".join(body))
    env = dict(defaults, _f=f, _UNSET=_UNSET, _write_out=write_out)
    for _, own in aliases:
        env.setdefault("_d_" + own, None)
    exec(compile(src, "<pyautograd call form of %s>" % name, "exec"), env)
    form = env[name]
    form.__doc__ = f.__doc__
    form.__module__ = f.__module__
    form.__qualname__ = getattr(f, "__qualname__", name)
    form.__wrapped__ = f
    return form


def _aliases(params):
    kinds = list(params.values())

    def aliasable(own):
        # a required parameter can take its NumPy name only when no required one follows it
        if own not in params or params[own].default is not params[own].empty:
            return own in params
        after = kinds[kinds.index(params[own]) + 1:]
        return all(p.default is not p.empty or p.kind in (p.KEYWORD_ONLY, p.VAR_POSITIONAL, p.VAR_KEYWORD)
                   for p in after)
    return [(a, own) for a, own in NUMPY_KEYWORDS if aliasable(own) and a not in params]


def call_forms(name, f):
    """(torch.<name>, Tensor.<name>): the declared function with NumPy's keywords, and for the
    function also out= where torch has it (methods take no out=). The signature is read once and
    a form is generated only where one is needed (import time: pyautograd/_ops.py makes them all)."""
    if not inspect.isfunction(f):        # a compiled entry (FloatUnary) takes out= itself
        return f, f
    try:
        sig = inspect.signature(f)
    except (TypeError, ValueError):      # pragma: no cover - a builtin: keep it as it is
        return f, f
    params = sig.parameters
    if any(p.kind is p.POSITIONAL_ONLY for p in params.values()):
        return f, f                      # pragma: no cover - none of ours: keep the declared form
    aliases = _aliases(params)
    method = _form(f, sig, name, aliases, False) if aliases else f
    if name not in TORCH_OUT or "out" in params:     # a declaration taking out= handles it itself
        return method, method
    return _form(f, sig, name, aliases, True), method


def _can_cast(src, dst):
    """PyTorch's canCast: no float to integer, no complex to real, nothing but bool to bool."""
    if dst.kind == "b":
        return src.kind == "b"
    if dst.kind in "iu":
        return src.kind in "biu"
    if dst.kind == "f":
        return src.kind != "c"
    return True


def _sizes(shape):
    return "[%s]" % ", ".join(str(int(s)) for s in shape)


def check_out_cast(r, o):
    """PyTorch's refusal of an out whose dtype the result cannot be cast to."""
    rd, od = r._data.dtype, o._data.dtype
    if not _can_cast(rd, od):
        raise RuntimeError("result type %s can't be cast to the desired output type %s"
                           % (_SCALAR_TYPE_NAMES.get(rd.name, rd.name), _SCALAR_TYPE_NAMES.get(od.name, od.name)))


def resize_and_copy(name, r, o, stacklevel=3):
    """r written into o, o resized first when the shapes differ (with PyTorch's deprecation warning
    when it had elements; a view is not resized)."""
    if tuple(o.shape) != tuple(r.shape):
        if o._data.size:
            warnings.warn("An output with one or more elements was resized since it had shape %s, which does "
                          "not match the required output shape %s. This behavior is deprecated, and in a "
                          "future PyTorch release outputs will not be resized unless they have zero elements. "
                          "You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
                          "with t.resize_(0)." % (_sizes(o.shape), _sizes(r.shape)), UserWarning,
                          stacklevel=stacklevel)
        if o._base is not None:
            raise RuntimeError("%s(): out= is a view of another tensor and would have to be resized from %s "
                               "to %s; pyautograd resizes only a tensor that is not a view"
                               % (name, _sizes(o.shape), _sizes(r.shape)))
        o._data = np.empty(r._data.shape, dtype=o._data.dtype)
    o.copy_(r)


def write_out(name, out, compute):
    """torch.<name>(..., out=out): the result of compute() written into out (a tensor, or a tuple
    of them for several results), which is returned. As PyTorch: refused when autograd would have
    to record it, when the result's dtype cannot be cast to out's, and out is resized (with
    PyTorch's deprecation warning when it had elements) when the shapes differ."""
    outs = tuple(out) if isinstance(out, (tuple, list)) else (out,)
    for i, o in enumerate(outs):
        _check_tensor(o, name, "out", i + 1)
    if is_grad_enabled() and any(o.requires_grad for o in outs):
        raise RuntimeError("%s(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad." % name)
    result = compute()
    results = tuple(result) if isinstance(result, tuple) else (result,)
    if len(results) != len(outs):
        raise TypeError("%s(): argument 'out' must be a tuple of %d Tensors, got %d"
                        % (name, len(results), len(outs)))
    if any(r.requires_grad for r in results):
        raise RuntimeError("%s(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad." % name)
    for r, o in zip(results, outs):
        check_out_cast(r, o)
    for r, o in zip(results, outs):
        resize_and_copy(name, r, o, stacklevel=4)
    if isinstance(out, (tuple, list)):
        if hasattr(result, "_fields"):          # a named result (values, indices): the same type over out
            return type(result)(*outs)
        return tuple(outs)
    return out
