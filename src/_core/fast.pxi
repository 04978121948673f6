# Fast paths for the calls that dominate small-tensor code.
#
# An elementwise op on small tensors costs far more in Python dispatch than in
# NumPy. The functions here do, in C, what the Python layer would do for the
# common cases -- float tensors with float tensors or Python numbers -- and hand
# everything else to the Python implementations in pyautograd/_ops.py, which
# stay the single definition of each op's semantics. The op declarations
# (forward/backward) are not duplicated: these paths call apply_op with the
# same op classes.


cdef object _ndarray_type = np.ndarray
cdef object _iter_layout = None     # _ops._iter_layout: PyTorch's layout for an elementwise result


def _set_layout_hook(f):
    global _iter_layout
    _iter_layout = f


cdef inline object _call_forward(object op, Node ctx, tuple inputs, dict kwargs):
    token = _quiet_on()
    try:
        if kwargs is None:
            out = op.forward(ctx, *inputs)
        else:
            out = op.forward(ctx, *inputs, **kwargs)
    finally:
        _quiet_off(token)
    # NumPy lays an elementwise result out in its own order, which differs from PyTorch's
    # (TensorIterator) when an input is expanded or permuted; with C-contiguous inputs and
    # result both agree, so the common case costs a few flag tests
    if type(out) is _ndarray_type and _iter_layout is not None and not _all_c_contiguous(out, inputs) \
            and getattr(op, "elementwise", False):
        out = _iter_layout(out, inputs)
    return out


cdef inline bint _c_contiguous(object a):
    return (PyArray_FLAGS(<PyArrayObject *>a) & NPY_ARRAY_C_CONTIGUOUS) != 0


cdef inline bint _all_c_contiguous(object out, tuple inputs):
    cdef object d
    if not _c_contiguous(out):
        return False
    for x in inputs:
        if isinstance(x, TensorBase):
            d = (<TensorBase>x)._data
            if type(d) is _ndarray_type and not _c_contiguous(d) and not _c_ordered(d):
                return False
    return True


cdef inline bint _c_ordered(object a):
    """Strides (of dims longer than 1, broadcast dims skipped) decreasing, as in C order: an
    expanded C-contiguous tensor, for which TensorIterator's layout is C order too."""
    cdef PyArrayObject *p = <PyArrayObject *>a
    cdef int k
    cdef npy_intp prev = -1, st
    cdef npy_intp *dims = PyArray_DIMS(p)
    cdef npy_intp *strides = PyArray_STRIDES(p)
    for k in range(PyArray_NDIM(p)):
        if dims[k] < 2:
            continue
        st = strides[k]
        if st == 0:
            continue
        if st < 0 or (prev != -1 and st >= prev):
            return False
        prev = st
    return True


# ---- constants for Python-number operands -----------------------------------
# x * 2.5 needs 2.5 as a 0-d tensor of x's dtype. Building it (np.asarray + a
# tensor) costs more than the multiplication, and code repeats the same few
# numbers, so they are cached. Constants never require grad and their arrays are
# made read-only, so sharing them is safe. Zeros are
# not cached (0.0 and -0.0 compare equal but differ), NaN never hits, and the
# cache is cleared when it grows past 1024 entries.
cdef dict _const_cache = {}


cdef TensorBase _const_tensor(object value, object npdtype):
    key = (value, npdtype)
    cdef TensorBase t = _const_cache.get(key)
    if t is not None:
        return t
    t = _new_tensor(np.asarray(value, dtype=npdtype))
    if value:
        # shared from now on: read-only, so that nothing reached through a graph
        # (grad_fn.saved_tensors) can change the number for later ops
        t._data.flags.writeable = False
        if len(_const_cache) >= 1024:
            _const_cache.clear()
        _const_cache[key] = t
    return t


cdef object _slow_binary = {}       # op name -> Python implementation in _ops
cdef object _op_add = None, _op_sub = None, _op_mul = None, _op_div = None, _op_neg = None


cdef dict _inplace_ufuncs = {}     # op declaration -> NumPy ufunc writing with out=


def _set_fast_ops(add, sub, mul, div, neg, slow):
    """Register the op declarations and the Python fallbacks (called by pyautograd._ops)."""
    global _op_add, _op_sub, _op_mul, _op_div, _op_neg, _slow_binary
    _op_add, _op_sub, _op_mul, _op_div, _op_neg = add, sub, mul, div, neg
    _slow_binary = slow
    _inplace_ufuncs.clear()
    _inplace_ufuncs.update({add: np.add, sub: np.subtract, mul: np.multiply, div: np.true_divide})


cdef int _call_inplace_ufunc(object uf, object target, object other) except -1:
    """uf(target, other, out=target) with NumPy's floating-point warnings off."""
    token = _quiet_on()
    try:
        uf(target, other, out=target)
    finally:
        _quiet_off(token)
    return 0


cdef inline bint _is_float_tensor(object x):
    return isinstance(x, TensorBase) and (<TensorBase>x)._data.dtype.kind == 'f'


cdef inline bint _is_number(object x):
    cdef type tp = type(x)
    return tp is float or tp is int


cdef object _fast_binary(object op, str name, object a, object b):
    """a (op) b when both are float tensors of one dtype and shape, or a float tensor and a
    Python number; otherwise the Python implementation of the op."""
    cdef TensorBase ta, tb
    if _is_float_tensor(a):
        ta = <TensorBase>a
        if _is_number(b):
            return apply_op(op, (ta, _const_tensor(b, ta._data.dtype)))
        if _is_float_tensor(b):
            tb = <TensorBase>b
            if ta._data.dtype is tb._data.dtype and ta._data.shape == tb._data.shape:
                return apply_op(op, (ta, tb))
    return _slow_binary[name](a, b)


def fast_add(a, b):
    return _fast_binary(_op_add, "add", a, b)


def fast_sub(a, b):
    return _fast_binary(_op_sub, "sub", a, b)


def fast_mul(a, b):
    return _fast_binary(_op_mul, "mul", a, b)


def fast_div(a, b):
    return _fast_binary(_op_div, "div", a, b)


def fast_float_unary(op, x, slow):
    """op(x) for a float tensor x; anything else goes to `slow` (type promotion, errors)."""
    if _is_float_tensor(x):
        return apply_op(op, (x,))
    return slow(x)
