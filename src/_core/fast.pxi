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


cdef _set_layout_hook(f):
    global _iter_layout
    _iter_layout = f


cdef inline object _call_forward(object op, Node ctx, tuple inputs, dict kwargs):
    token = _quiet_on()
    cdef Py_ssize_t n = len(inputs)
    try:
        if kwargs is not None:
            out = op.forward(ctx, *inputs, **kwargs)
        elif n == 1:            # the common arities without building an argument tuple
            out = op.forward(ctx, inputs[0])
        elif n == 2:
            out = op.forward(ctx, inputs[0], inputs[1])
        else:
            out = op.forward(ctx, *inputs)
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


cdef _set_fast_ops(add, sub, mul, div, neg, mm, slow):
    """The op declarations of the fast paths and their Python fallbacks."""
    global _op_add, _op_sub, _op_mul, _op_div, _op_neg, _op_mm, _slow_binary
    _op_add, _op_sub, _op_mul, _op_div, _op_neg, _op_mm = add, sub, mul, div, neg, mm
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
    if not isinstance(x, TensorBase):
        return False
    d = (<TensorBase>x)._data
    return type(d) is _ndarray and pag_kind(d) == b'f'


cdef inline bint _is_number(object x):
    cdef type tp = type(x)
    return tp is float or tp is int


cdef enum:
    K_ADD, K_SUB, K_MUL, K_DIV


cdef object _fast_binary(object op, int kind, str name, object a, object b):
    """a (op) b when both are float tensors of one dtype and shape, or a float tensor and a
    Python number; otherwise the Python implementation of the op."""
    cdef TensorBase ta, tb
    if _is_float_tensor(a):
        ta = <TensorBase>a
        if _is_number(b):
            tb = _const_tensor(b, ta._data.dtype)
        elif _is_float_tensor(b):
            tb = <TensorBase>b
            # one dtype, shapes that broadcast (else the Python path: promotion, PyTorch's error)
            if PyArray_DESCR_ptr(<PyArrayObject*>ta._data) != PyArray_DESCR_ptr(<PyArrayObject*>tb._data) \
                    or not _broadcasts(ta._data, tb._data):
                return _slow_binary[name](a, b)
        else:
            return _slow_binary[name](a, b)
        if _is_0d_f64(ta._data) and _is_0d_f64(tb._data) and ta._base is None and tb._base is None \
                and not (_fw_nlevels and (_has_fw(ta) or _has_fw(tb))) and not _prof_active:   # apply_op
            return _binary_0d(op, kind, ta, tb)
        return apply_op(op, (ta, tb))
    return _slow_binary[name](a, b)


cdef inline bint _broadcasts(object x, object y):
    """The shapes of arrays x and y broadcast together."""
    cdef PyArrayObject* p = <PyArrayObject*>x
    cdef PyArrayObject* q = <PyArrayObject*>y
    cdef int nx = PyArray_NDIM(p), ny = PyArray_NDIM(q), k
    cdef npy_intp* dx = PyArray_DIMS(p)
    cdef npy_intp* dy = PyArray_DIMS(q)
    cdef npy_intp a, b
    for k in range(1, (nx if nx > ny else ny) + 1):
        a = dx[nx - k] if k <= nx else 1
        b = dy[ny - k] if k <= ny else 1
        if a != b and a != 1 and b != 1:
            return False
    return True


cdef object _op_mm = None           # Mm (2-D @ 2-D), set with the other fast ops


def fast_matmul(a, b):
    """a @ b (Tensor.__matmul__) for two 2-D float tensors of one dtype whose inner sizes match:
    one Mm node, what torch.matmul records for them; everything else (other ranks, promotion,
    PyTorch's errors) is the Python matmul's."""
    cdef PyArrayObject* p
    cdef PyArrayObject* q
    if _is_float_tensor(a) and _is_float_tensor(b) and _op_mm is not None:
        p = <PyArrayObject*>(<TensorBase>a)._data
        q = <PyArrayObject*>(<TensorBase>b)._data
        if PyArray_NDIM(p) == 2 and PyArray_NDIM(q) == 2 and PyArray_DIMS(p)[1] == PyArray_DIMS(q)[0] \
                and PyArray_DESCR_ptr(p) == PyArray_DESCR_ptr(q):
            return apply_op(_op_mm, (a, b))
    if not isinstance(b, TensorBase):
        return NotImplemented
    return a._matmul_slow(b)


def fast_radd(a, b):
    """number + tensor (Tensor.__radd__): the tensor's add of the number, as PyTorch (1 + x is
    x.add(1)); anything else goes to the Python method."""
    if _is_number(b) and _is_float_tensor(a):
        return _fast_binary(_op_add, K_ADD, "add", a, b)
    return a._radd_slow(b)


cdef inline bint _is_0d_f64(object d):
    return type(d) is _ndarray and PyArray_NDIM(<PyArrayObject*>d) == 0 and PyArray_TYPE(<PyArrayObject*>d) == NPY_DOUBLE


cdef object _binary_0d(object op, int kind, TensorBase ta, TensorBase tb):
    """The compiled kernel of Add, Sub, Mul and Div for 0-d float64 tensors: the arithmetic in C
    (IEEE double, what NumPy's loops compute, and no floating-point warning to silence) and the
    node recorded as the op's forward records it (what Mul and Div save)."""
    cdef double x = (<double*>PyArray_DATA(<PyArrayObject*>ta._data))[0]
    cdef double y = (<double*>PyArray_DATA(<PyArrayObject*>tb._data))[0]
    cdef double r
    if kind == K_ADD:
        r = x + y
    elif kind == K_SUB:
        r = x - y
    elif kind == K_MUL:
        r = x * y
    else:
        r = x / y
    cdef TensorBase out = _new_tensor(_f64_0d(r))
    cdef bint ra, rb
    cdef Node node
    if not pag_get_grad_enabled():
        return out
    ra = _req(ta)
    rb = _req(tb)
    if not (ra or rb):
        return out
    node = _make_node(op)
    node._active = True
    node.needs_input_grad = (_TT if rb else _TF) if ra else (_FT if rb else _FF)
    if _anomaly_enabled:
        _record_forward_trace(node)
    if kind == K_MUL:       # each gradient needs the other factor only
        node._saved = [_save_input(ta) if rb else None, _save_input(tb) if ra else None]
    elif kind == K_DIV:     # a's gradient needs b; b's needs both
        node._saved = [_save_input(ta) if rb else None, _save_input(tb)]
    _set_edges(node, (ta, tb))
    out._requires_grad = True
    out._grad_fn = node
    _untrack_node(node)
    return out


def fast_add(a, b):
    return _fast_binary(_op_add, K_ADD, "add", a, b)


def fast_sub(a, b):
    return _fast_binary(_op_sub, K_SUB, "sub", a, b)


def fast_mul(a, b):
    return _fast_binary(_op_mul, K_MUL, "mul", a, b)


def fast_div(a, b):
    return _fast_binary(_op_div, K_DIV, "div", a, b)


def fast_rmul(a, b):
    """number * tensor (Tensor.__rmul__): the tensor's mul by the number, as PyTorch (2 * x is
    x.mul(2)); anything else goes to the Python method."""
    if _is_number(b) and _is_float_tensor(a):
        return _fast_binary(_op_mul, K_MUL, "mul", a, b)
    return a._rmul_slow(b)


cdef object _fast_inplace(object uf, str method, object a, object b):
    """a += b (-=, *=, /=) outside the graph for a float tensor and a number or a float tensor of
    its dtype and shape (an optimizer's update): the ufunc writes into a's array and a's version
    is bumped, what the Python method ends with after its checks, which cannot fail here.
    Everything else (recording, promotion, broadcasting, errors) is the Python method's."""
    cdef TensorBase ta, tb
    cdef VersionCounter vc
    if _is_float_tensor(a):
        ta = <TensorBase>a
        if _is_number(b):
            other = b
        elif _is_float_tensor(b):
            tb = <TensorBase>b
            if tb._data.dtype is not ta._data.dtype or tb._data.shape != ta._data.shape:
                return getattr(a, method)(b)
            if pag_get_grad_enabled() and _req(tb):
                return getattr(a, method)(b)
            other = tb._data
        else:
            return getattr(a, method)(b)
        if pag_get_grad_enabled() and _req(ta):
            return getattr(a, method)(b)
        if (_fw_nlevels and (_has_fw(ta) or (isinstance(b, TensorBase) and _has_fw(<TensorBase>b)))) \
                or _prof_active:
            return getattr(a, method)(b)      # forward AD: the tangent changes too; profiled: an event
        _check_inference_write(ta)
        _check_overlap(ta._data)
        _call_inplace_ufunc(uf, ta._data, other)
        vc = ta._get_vc()
        vc.value += 1
        _note_change(vc, method)
        return a
    return getattr(a, method)(b)


def fast_iadd(a, b):
    return _fast_inplace(np.add, "add_", a, b)


def fast_isub(a, b):
    return _fast_inplace(np.subtract, "sub_", a, b)


def fast_imul(a, b):
    return _fast_inplace(np.multiply, "mul_", a, b)


def fast_itruediv(a, b):
    return _fast_inplace(np.true_divide, "div_", a, b)


cdef dict _unary_kernels = {}     # op -> (its NumPy ufunc, what it saves) or None: see _unary_0d


cdef enum:
    SAVES_NOTHING, SAVES_INPUT, SAVES_RESULT


cdef object _unary_kernel(object op):
    """The compiled kernel of a unary op declared with a NumPy ufunc as its array form (`array`)
    and what its forward saves (`saves`: "input", "result" or None), or None."""
    entry = _unary_kernels.get(op, False)
    if entry is False:
        uf = getattr(op, "array", None)
        saves = getattr(op, "saves", False)
        if isinstance(uf, np.ufunc) and saves in ("input", "result", None):
            entry = (uf, SAVES_INPUT if saves == "input" else SAVES_RESULT if saves == "result" else SAVES_NOTHING)
        else:
            entry = None
        _unary_kernels[op] = entry
    return entry


cdef object _unary_0d(object op, tuple kernel, TensorBase x):
    """op(x) for a 0-d float64 tensor: the ufunc on the NumPy scalar (the loop NumPy runs for the
    0-d array, at a third of the cost) and the node recorded as the op's forward records it."""
    cdef int saves = kernel[1]
    cdef Node node
    token = _quiet_on()
    try:
        r = kernel[0](_scalar_if_0d(x._data))
    finally:
        _quiet_off(token)
    cdef TensorBase out = _new_tensor(r)
    if not pag_get_grad_enabled() or not _req(x):
        return out
    node = _make_node(op)
    node._active = True
    node.needs_input_grad = _T1
    if _anomaly_enabled:
        _record_forward_trace(node)
    if saves == SAVES_INPUT:
        node._saved = [_save_input(x)]
    _set_edges(node, (x,))
    out._requires_grad = True
    out._grad_fn = node
    if saves == SAVES_RESULT:
        node.save_result = True
        node._saved_out = _save_output(out, 0)
    _untrack_node(node)
    return out


import types as _types
cdef object _bound_method = _types.MethodType


@cython.final
cdef class FloatUnary:
    """The public function of a floating-point unary op (pyautograd.sin): a C callable, so the
    call costs no Python frame; as a class attribute it binds like a function (x.sin()).
    op: the declaration; slow(input): the Python path for everything but a float tensor."""
    cdef object op
    cdef object slow
    cdef dict __dict__          # __name__, __qualname__, __doc__, __module__ of the function

    def __init__(self, op, slow):
        self.op = op
        self.slow = slow

    def __call__(self, input, *, out=None):
        if out is not None:             # torch.sin(x, out=t): the Python layer writes the result
            return self.slow(input, out)
        return _float_unary_call(self.op, input, self.slow)

    def __get__(self, obj, objtype):
        if obj is None:
            return self
        return _bound_method(self, obj)

    def __repr__(self):
        return "<function %s>" % getattr(self, "__name__", "?")


cdef object _float_unary_call(object op, object x, object slow):
    """op(x) for a float tensor x; anything else goes to `slow` (type promotion, errors)."""
    if _is_float_tensor(x):
        if _is_0d_f64((<TensorBase>x)._data) and (<TensorBase>x)._base is None \
                and not (_fw_nlevels and _has_fw(<TensorBase>x)) and not _prof_active:
            kernel = _unary_kernel(op)
            if kernel is not None:
                return _unary_0d(op, <tuple>kernel, <TensorBase>x)
        return apply_op(op, (x,))
    return slow(x)
