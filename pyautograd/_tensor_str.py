"""Tensor printing, following torch/_tensor_str.py so that output matches PyTorch."""
import math

import numpy as np

from ._dtype import get_default_dtype, float32


class _PrintOptions:
    precision = 4
    threshold = 1000
    edgeitems = 3
    linewidth = 80
    sci_mode = None


PRINT_OPTS = _PrintOptions()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None):
    """Set how tensors are printed, as PyTorch's (and NumPy's) print options.

    Args:
        precision: digits after the decimal point for floating point values (4 by default).
        threshold: the number of elements above which a tensor is summarised with ``...``
            (1000 by default).
        edgeitems: how many items at the start and end of each dimension a summary shows (3).
        linewidth: the number of characters per line before wrapping (80).
        profile: ``"default"``, ``"short"`` (precision 2, 2 edge items) or ``"full"`` (never
            summarised): sets the four options above, before the ones given.
        sci_mode: ``True`` for scientific notation, ``False`` for none, ``None`` (the default,
            and what every call not giving it sets) to choose from the values.

    Example::

        >>> pa.set_printoptions(precision=2)
        >>> pa.tensor([1.0 / 3])
        tensor([0.33])
        >>> pa.set_printoptions(profile="default")
    """
    if profile == "default":
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 4, 1000, 3, 80
    elif profile == "short":
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 2, 1000, 2, 80
    elif profile == "full":
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 4, math.inf, 3, 80
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


class _Formatter:
    def __init__(self, values):
        """values: 1-D ndarray of the elements that will be printed."""
        self.floating_dtype = values.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        if not self.floating_dtype:
            for v in values.tolist():
                self.max_width = max(self.max_width, len(_plain(v)))
            return
        vals = values.astype(np.float64)
        nz = vals[np.isfinite(vals) & (vals != 0)]
        if nz.size == 0:
            return
        absv = np.abs(nz)
        nz_min, nz_max = float(absv.min()), float(absv.max())
        for v in nz:
            if v != math.ceil(v):
                self.int_mode = False
                break
        p = PRINT_OPTS.precision
        if self.int_mode:
            if nz_max / nz_min > 1000.0 or nz_max > 1.0e8:
                self.sci_mode = True
                for v in nz:
                    self.max_width = max(self.max_width, len(("{:.%de}" % p).format(v)))
            else:
                for v in nz:
                    self.max_width = max(self.max_width, len("{:.0f}".format(v)) + 1)
        else:
            if nz_max / nz_min > 1000.0 or nz_max > 1.0e8 or nz_min < 1.0e-4:
                self.sci_mode = True
                for v in nz:
                    self.max_width = max(self.max_width, len(("{:.%de}" % p).format(v)))
            else:
                for v in nz:
                    self.max_width = max(self.max_width, len(("{:.%df}" % p).format(v)))
        if PRINT_OPTS.sci_mode is not None:
            self.sci_mode = PRINT_OPTS.sci_mode

    def width(self):
        return self.max_width

    def format(self, value):
        p = PRINT_OPTS.precision
        if self.floating_dtype:
            value = float(value)
            if self.sci_mode:
                ret = ("{:%d.%de}" % (self.max_width, p)).format(value)
            elif self.int_mode:
                ret = "{:.0f}".format(value)
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = ("{:.%df}" % p).format(value)
        else:
            ret = _plain(value)
        return (self.max_width - len(ret)) * " " + ret


def _plain(v):
    if isinstance(v, complex):
        return str(v)
    return str(v)


def _summarized_values(data, summarize):
    if not summarize or data.ndim == 0:
        return data.reshape(-1)
    e = PRINT_OPTS.edgeitems
    parts = []

    def walk(a):
        if a.ndim == 1:
            parts.append(a[:e] if a.shape[0] > 2 * e else a)
            if a.shape[0] > 2 * e:
                parts.append(a[-e:])
            return
        rows = range(a.shape[0])
        if a.shape[0] > 2 * e:
            rows = list(range(e)) + list(range(a.shape[0] - e, a.shape[0]))
        for i in rows:
            walk(a[i])
    walk(data)
    return np.concatenate([p.reshape(-1) for p in parts]) if parts else data.reshape(-1)


def _vector_str(data, indent, formatter, summarize):
    element_length = formatter.width() + 2
    elements_per_line = max(1, int(math.floor((PRINT_OPTS.linewidth - indent) / element_length)))
    e = PRINT_OPTS.edgeitems
    if summarize and data.shape[0] > 2 * e:
        items = [formatter.format(v) for v in data[:e].tolist()] + [" ..."] + \
                [formatter.format(v) for v in data[-e:].tolist()]
    else:
        items = [formatter.format(v) for v in data.tolist()]
    lines = [items[i:i + elements_per_line] for i in range(0, len(items), elements_per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(", ".join(line) for line in lines) + "]"


def _tensor_str_with_formatter(data, indent, formatter, summarize):
    dim = data.ndim
    if dim == 0:
        return formatter.format(data.item())
    if dim == 1:
        return _vector_str(data, indent, formatter, summarize)
    e = PRINT_OPTS.edgeitems
    if summarize and data.shape[0] > 2 * e:
        slices = [_tensor_str_with_formatter(data[i], indent + 1, formatter, summarize) for i in range(e)] + \
                 ["..."] + \
                 [_tensor_str_with_formatter(data[i], indent + 1, formatter, summarize)
                  for i in range(data.shape[0] - e, data.shape[0])]
    else:
        slices = [_tensor_str_with_formatter(data[i], indent + 1, formatter, summarize) for i in range(data.shape[0])]
    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _tensor_str(data, indent):
    if data.size == 0:
        return "[]"
    summarize = data.size > PRINT_OPTS.threshold
    if data.dtype == np.float16:
        data = data.astype(np.float32)
    if data.dtype.kind == "c":
        real = _Formatter(_summarized_values(data.real, summarize))
        imag = _Formatter(_summarized_values(data.imag, summarize))

        class _C:
            def width(self):
                return real.width() + imag.width() + 2

            def format(self, v):
                im = imag.format(abs(v.imag)).lstrip()
                sign = "-" if v.imag < 0 or (v.imag == 0 and math.copysign(1, v.imag) < 0) else "+"
                return real.format(v.real) + sign + im + "j"
        return _tensor_str_with_formatter(data, indent, _C(), summarize)
    formatter = _Formatter(_summarized_values(data, summarize))
    return _tensor_str_with_formatter(data, indent, formatter, summarize)


def _add_suffixes(tensor_str, suffixes, indent):
    tensor_strs = [tensor_str]
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        suffix_len = len(suffix)
        if last_line_len + suffix_len + 2 > PRINT_OPTS.linewidth:
            tensor_strs.append(",\n" + " " * indent + suffix)
            last_line_len = indent + suffix_len
        else:
            tensor_strs.append(", " + suffix)
            last_line_len += suffix_len + 2
    tensor_strs.append(")")
    return "".join(tensor_strs)


_tangent_of = None     # forward AD's tangent lookup (set by pyautograd.autograd.forward_ad)


def tensor_repr(t, prefix="tensor("):
    data = t._data
    indent = len(prefix)
    suffixes = []
    default = get_default_dtype()
    default_complex = np.dtype(np.complex64 if default is float32 else np.complex128)
    has_default_dtype = data.dtype in (default.np, default_complex, np.dtype(np.int64), np.dtype(np.bool_))
    if data.size == 0:
        if data.ndim != 1:
            suffixes.append("size=" + str(tuple(data.shape)))
        tensor_str = "[]"
        # no element shows an int64 or bool dtype: only the default float dtype goes unnamed
        has_default_dtype = data.dtype == default.np
    else:
        tensor_str = _tensor_str(data, indent)
    if not has_default_dtype:
        suffixes.append("dtype=" + repr(t.dtype))
    try:
        gf = t.grad_fn
    except RuntimeError:    # a view whose history cannot be regenerated (made in no_grad / inference mode)
        gf = _INVALID
    if gf is not None:
        suffixes.append("grad_fn=<%s>" % type(gf).__name__)
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    if t._fw_grads and _tangent_of is not None:     # forward AD: the tangent, as PyTorch prints it
        tangent = _tangent_of(t)
        if tangent is not None:
            suffixes.append("tangent=%s" % (tangent,))
    return _add_suffixes(prefix + tensor_str, suffixes, indent)


class Invalid:
    """What a tensor's repr names as grad_fn when its history cannot be given (PyTorch prints
    grad_fn=<Invalid> for a view made in no_grad or inference mode whose base changed in place)."""


_INVALID = Invalid()
