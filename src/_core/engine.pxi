# The backward engine: one entry point (run_backward) for Tensor.backward(),
# autograd.backward() and autograd.grad().
#
# 1. Collect the nodes reachable from the roots with an explicit stack (no
#    recursion), in post-order, marking which ones lead to a requested input
#    when autograd.grad() asked for specific inputs.
# 2. Count, per node, the edges arriving from other needed nodes.
# 3. Run a ready queue ordered by sequence number (most recent first, like
#    PyTorch's CPU queue): a node runs once, when all its gradients arrived.
#    Each node has one input buffer: the first gradient is taken by reference,
#    later ones are added. Buffers are dropped as soon as the node consumed them.
# Gradients whose shape differs from the input's (broadcasting) are reduced
# with sum_to here, so op rules never have to.

# Threads: several threads may run backward passes at once (the GIL is released inside NumPy
# calls). Everything per pass lives in the pass (its locals) or, for what op rules must read
# (the batch flag), in a C thread-local; a leaf's .grad is updated under a lock of that tensor,
# as PyTorch locks its AccumulateGrad node.

cdef object _sum_to = None      # pyautograd's differentiable sum_to(grad, shape)


def grad_batch_ndim():
    """Leading batch dims of the gradients in the backward pass this thread runs (0 or 1).

    Backward rules that build shapes from their input's shape prepend
    grad.shape[:grad_batch_ndim()] so that one pass can carry a batch of
    vector-Jacobian products (autograd.functional's vectorize=True)."""
    return pag_get_batch_ndim()


cdef int _lock_grad(TensorBase t) except -1:
    """Take t's .grad lock (made on first use; under the GIL nothing runs between the test
    and the assignment). Waits with the GIL released, so the holder can finish."""
    cdef PyThread_type_lock lock = t._grad_lock
    if lock == NULL:
        lock = PyThread_allocate_lock()
        if lock == NULL:
            raise MemoryError()
        t._grad_lock = lock
    if not PyThread_acquire_lock(lock, NOWAIT_LOCK):
        with nogil:
            PyThread_acquire_lock(lock, WAIT_LOCK)
    return 0


cdef inline void _unlock_grad(TensorBase t):
    PyThread_release_lock(t._grad_lock)
cdef object _zeros_like_meta = None
cdef object _copy_grad = None   # differentiable copy (grad_fn CopyBackwards) for create_graph


cdef object _array_rules = None  # the rule namespace F of plain backward (arrays; pyautograd.ops)


cdef _set_engine_hooks(sum_to, zeros, copy_grad, array_rules):
    global _sum_to, _zeros_like_meta, _copy_grad, _array_rules
    _sum_to = sum_to
    _zeros_like_meta = zeros
    _copy_grad = copy_grad
    _array_rules = array_rules


# ---- plain backward on arrays ---------------------------------------------------------------
# Without create_graph (and outside batched passes and anomaly mode) gradients travel as NumPy
# arrays (0-d values as NumPy scalars, what NumPy's ufuncs return for them): a node whose op
# declares vjp(F, ctx, *grads) runs it with F = the array namespace, so no tensor and no node is
# made inside a rule. Tensors are made only where user code sees a gradient: hooks, custom
# Functions (and ops whose rule is still a tensor `backward`), captured autograd.grad results
# and .grad.

@cython.final
cdef class ExactZero:
    """An exact zero gradient in plain backward (PyTorch's ZeroTensor): what sgn's rule gives
    for a real input; a node that receives only these does not run its rule."""
    cdef readonly tuple shape
    cdef readonly object dtype

    def __repr__(self):
        return "ExactZero(%s, %s)" % (self.shape, self.dtype)

    def materialize(self):
        return np.zeros(self.shape, dtype=self.dtype)


cdef ExactZero _exact_zero_value(tuple shape, object dtype):
    cdef ExactZero z = ExactZero.__new__(ExactZero)
    z.shape = shape
    z.dtype = dtype
    return z


def _exact_zero_array(shape, dtype):
    return _exact_zero_value(tuple(shape), np.dtype(dtype))


cdef object _value_to_tensor(object v):
    """A plain-backward gradient as the tensor user code sees."""
    cdef TensorBase t
    if v is None:
        return None
    if type(v) is ExactZero:
        t = _new_tensor((<ExactZero>v).materialize())
        t._exact_zero = True
        return t
    if type(v) is _ndarray:
        return _new_tensor(v)
    return _new_tensor(_asarray(v))


cdef object _tensor_to_value(Node node, Py_ssize_t i, object g):
    """A gradient returned by tensor code (a hook, a custom Function) back as an array."""
    if g is None:
        return None
    if not isinstance(g, TensorBase):
        raise RuntimeError("function %s returned an invalid gradient at index %d - expected Variable or None "
                           "(got %s)" % (node.name(), i, _typename(g)))
    d = (<TensorBase>g)._data
    if (<TensorBase>g)._exact_zero and not d.any():
        return _exact_zero_value(d.shape, d.dtype)
    return d


cdef object _add_values(object a, object b):
    if type(a) is ExactZero:
        return b
    if type(b) is ExactZero:
        return a
    return a + b


cdef object _sum_to_array(object g, tuple shape):
    """g summed down to shape (broadcast dims), as SumToSize's forward."""
    cdef tuple gshape = g.shape
    cdef Py_ssize_t lead = len(gshape) - len(shape), i
    axes = list(range(lead))
    for i in range(len(shape)):
        if shape[i] == 1 and gshape[lead + i] != 1:
            axes.append(lead + i)
    if axes:
        g = g.sum(axis=tuple(axes), keepdims=True)
    return g.reshape(shape)




def array_conj(x):
    """conj(x) for a complex array, x itself for a real one (F.conj of plain backward)."""
    t = type(x)
    if t is _np_float64 or t is _np_float32:
        return x
    return x.conjugate() if x.dtype.kind == "c" else x


def array_is_complex(x):
    t = type(x)
    if t is _np_float64 or t is _np_float32:
        return False
    return x.dtype.kind == "c"


def broadcast_view(a, shape):
    """np.broadcast_to(a, shape) made in C: a read-only view with zero strides on the broadcast
    dims (a NumPy scalar becomes a 0-d array first); np.broadcast_to's Python layers cost 1.5-3 us,
    and every reduction's rule expands its gradient. Shapes that do not broadcast go to NumPy
    (its error)."""
    cdef npy_intp dims[32]
    cdef npy_intp strides[32]
    cdef Py_ssize_t nd = len(shape), k, j
    if type(a) is not _ndarray:
        a = _asarray(a)
    cdef PyArrayObject* p = <PyArrayObject*>a
    cdef int na = PyArray_NDIM(p)
    if nd > 32 or na > nd:
        return np.broadcast_to(a, shape)
    cdef npy_intp* adims = PyArray_DIMS(p)
    cdef npy_intp* astrides = PyArray_STRIDES(p)
    for k in range(nd):
        dims[k] = shape[k]
        if dims[k] < 0:
            return np.broadcast_to(a, shape)
        j = k - (nd - na)
        if j < 0:
            strides[k] = 0
        elif adims[j] == dims[k]:
            strides[k] = astrides[j] if dims[k] != 1 else 0
        elif adims[j] == 1:
            strides[k] = 0
        else:
            return np.broadcast_to(a, shape)
    descr = <object>PyArray_DESCR_ptr(p)
    Py_INCREF(descr)                 # PyArray_NewFromDescr steals it
    out = PyArray_NewFromDescr(&PyArray_Type, <PyObject*>descr, <int>nd, dims, strides, PyArray_DATA(p), 0, NULL)
    Py_INCREF(a)                     # PyArray_SetBaseObject steals it
    PyArray_SetBaseObject(<PyArrayObject*>out, <PyObject*>a)
    PyArray_UpdateFlags(<PyArrayObject*>out, NPY_ARRAY_UPDATE_ALL)
    return out


def threshold_select(g, r):
    """relu's rule on arrays: 0 where r <= 0, else g (a nan r passes g), what
    np.where(r <= 0, 0, g) gives, in one branch-free C pass (the bits of g masked) for C-contiguous
    float32/float64 arrays of one shape and dtype: NumPy's where (a mask, then a select that
    branches on it) costs 2-15x that; anything else is NumPy's where."""
    cdef Py_ssize_t n, i
    cdef uint64_t* g8
    cdef uint64_t* o8
    cdef double* r8
    cdef uint32_t* g4
    cdef uint32_t* o4
    cdef float* r4
    if type(g) is _ndarray and type(r) is _ndarray and _c_contiguous(g) and _c_contiguous(r) \
            and PyArray_DESCR_ptr(<PyArrayObject*>g) == PyArray_DESCR_ptr(<PyArrayObject*>r) \
            and _array_matches(r, g.shape, g.dtype):
        t = PyArray_TYPE(<PyArrayObject*>g)
        if t == NPY_DOUBLE or t == NPY_FLOAT:
            out = np.empty_like(g, order="C")
            n = g.size
            if t == NPY_DOUBLE:
                g8 = <uint64_t*>PyArray_DATA(<PyArrayObject*>g)
                r8 = <double*>PyArray_DATA(<PyArrayObject*>r)
                o8 = <uint64_t*>PyArray_DATA(<PyArrayObject*>out)
                with nogil:
                    for i in range(n):
                        o8[i] = g8[i] & (<uint64_t>0 - <uint64_t>(not (r8[i] <= 0)))
            else:
                g4 = <uint32_t*>PyArray_DATA(<PyArrayObject*>g)
                r4 = <float*>PyArray_DATA(<PyArrayObject*>r)
                o4 = <uint32_t*>PyArray_DATA(<PyArrayObject*>out)
                with nogil:
                    for i in range(n):
                        o4[i] = g4[i] & (<uint32_t>0 - <uint32_t>(not (r4[i] <= 0)))
            return out
    return np.where(r <= 0, np.zeros((), dtype=g.dtype), g)


def sum_to_array(g, shape):
    """g (an array) summed down to shape: the plain-backward form of sum_to."""
    return _sum_to_array(g, tuple(shape))


cdef inline bint _array_matches(object a, tuple shape, object dtype):
    """a (an ndarray) has exactly this shape and dtype (read from the array struct)."""
    cdef PyArrayObject* p = <PyArrayObject*>a
    cdef int nd = PyArray_NDIM(p), k
    cdef npy_intp* dims
    if nd != len(shape) or PyArray_DESCR_ptr(p) != <PyObject*>dtype:
        return False
    dims = PyArray_DIMS(p)
    for k in range(nd):
        if dims[k] != <npy_intp>shape[k]:
            return False
    return True


cdef object _fit_value(Node node, Py_ssize_t i, object g):
    """_fit_grad for an array gradient: shape checked, broadcasts reduced, dtype cast."""
    meta = _edge_meta(node, i)
    cdef tuple shape = meta[0]
    # the common cases first: a float64 scalar for a 0-d float64 input, an array of the input's
    # exact shape and dtype
    if type(g) is _np_float64:
        if len(shape) == 0 and meta[1] is _f64_dtype:
            return g
    elif type(g) is _ndarray and _array_matches(g, shape, meta[1]):
        return g
    if type(g) is ExactZero:
        gshape = (<ExactZero>g).shape
        if gshape != shape and not (len(gshape) >= len(shape) and _broadcastable_to(shape, gshape)):
            raise _shape_error(node, i, gshape, shape)
        return _exact_zero_value(shape, meta[1])
    if type(g) is not _ndarray and not isinstance(g, np.generic):
        raise RuntimeError("function %s returned an invalid gradient at index %d - expected an array in "
                           "plain backward (got %s)" % (node.name(), i, _typename(g)))
    gshape = g.shape
    if gshape != shape:
        if len(gshape) >= len(shape) and _broadcastable_to(shape, gshape):
            g = _sum_to_array(g, shape)
        else:
            raise _shape_error(node, i, gshape, shape)
    gdtype = g.dtype
    if gdtype is not meta[1] and gdtype != meta[1]:
        if gdtype.kind == "c" and meta[1].kind != "c":
            g = g.real
        g = g.astype(meta[1])
    return g


# ---- compiled rules for 0-d float64 values -------------------------------------------------------
# Ops that declare `rule_kernel` (Add, Sub, Mul, Div and the unary ops of the W1 chain) have their
# vjp compiled here for a float64 scalar gradient and 0-d float64 saved values: the same
# arithmetic in the same order as the declared rule (so the results are bitwise the same), with the
# NumPy ufunc for sin/cos, and no Python frame.
cdef enum:
    RK_NONE, RK_ADD, RK_SUB, RK_MUL, RK_DIV, RK_NEG, RK_EXP, RK_LOG, RK_SQRT, RK_SIN, RK_COS, RK_TANH, \
        RK_SIGMOID

cdef dict _RULE_KERNELS = {"add": RK_ADD, "sub": RK_SUB, "mul": RK_MUL, "div": RK_DIV, "neg": RK_NEG,
                           "exp": RK_EXP, "log": RK_LOG, "sqrt": RK_SQRT, "sin": RK_SIN, "cos": RK_COS,
                           "tanh": RK_TANH, "sigmoid": RK_SIGMOID}


cdef inline object _f64(double v):
    """A new np.float64 holding v."""
    return PyArray_Scalar(&v, <PyObject*>_f64_dtype, NULL)


cdef inline bint _saved_0d_f64(SavedTensor s, double* out):
    """The value of a saved 0-d float64 tensor (False: not one)."""
    if s is None or s.unpack_hook is not None:
        return False
    d = s.data if s.is_output else s.tensor._data
    if type(d) is not _ndarray or PyArray_NDIM(<PyArrayObject*>d) != 0 \
            or PyArray_TYPE(<PyArrayObject*>d) != NPY_DOUBLE:
        return False
    out[0] = (<double*>PyArray_DATA(<PyArrayObject*>d))[0]
    return True


cdef object _rule_0d(Node node, double g):
    """The compiled rule of node's op for a float64 scalar gradient g, or None when its saved
    values are not 0-d float64 (the Python rule runs then). Saved tensors are checked already."""
    cdef int k = node._rule_kernel
    cdef double a = 0, b = 0, r = 0
    cdef list saved = node._saved
    cdef tuple need = node.needs_input_grad
    cdef bint n0, n1
    if k == RK_ADD or k == RK_SUB:
        d = _instance_dict(node)
        if d is not None and "alpha" in <dict>d:
            return None
        return (_f64(g), _f64(g if k == RK_ADD else -g))
    if k == RK_NEG:
        return (_f64(-g),)
    if k == RK_MUL or k == RK_DIV:
        n0 = need[0]
        n1 = need[1]
        if n1 and not _saved_0d_f64(<SavedTensor>saved[0], &a):
            return None
        if (n0 or k == RK_DIV) and not _saved_0d_f64(<SavedTensor>saved[1], &b):
            return None
        if k == RK_MUL:
            return (_f64(g * b) if n0 else None, _f64(g * a) if n1 else None)
        return (_f64(g / b) if n0 else None, _f64((-g) * ((a / b) / b)) if n1 else None)
    if k == RK_EXP or k == RK_SQRT or k == RK_TANH or k == RK_SIGMOID:
        if not _saved_0d_f64(node._saved_out, &r):
            return None
        if k == RK_EXP:
            return (_f64(g * r),)
        if k == RK_SQRT:
            return (_f64(g / (2 * r)),)
        if k == RK_TANH:
            return (_f64(g * (1 - r * r)),)
        return (_f64(g * (r * (1 - r))),)
    if saved is None or not _saved_0d_f64(<SavedTensor>saved[0], &a):
        return None
    if k == RK_LOG:
        return (_f64(g / a),)
    if k == RK_SIN:
        return (_f64(g * PyFloat_AS_DOUBLE(_np_cos(_f64(a)))),)
    if k == RK_COS:
        return (_f64((-g) * PyFloat_AS_DOUBLE(_np_sin(_f64(a)))),)
    return None


cdef object _np_cos = np.cos
cdef object _np_sin = np.sin


cdef tuple _call_array_rule(Node node, list buf):
    """Run node's vjp on the array namespace (after its saved tensors are checked). Exact zeros
    alone skip the rule; mixed with other gradients they are materialized."""
    cdef Py_ssize_t i
    cdef bint any_g = False, all_zero = True
    _check_saved_of(node)
    for i in range(len(buf)):
        g = buf[i]
        if g is None:
            continue
        any_g = True
        if type(g) is not ExactZero:
            all_zero = False
    if not any_g and node.num_outputs == 1:
        return None
    if any_g and all_zero:
        return _zero_values(node, buf)
    if node._rule_kernel and node.num_outputs == 1 and type(buf[0]) is _np_float64:
        res = _rule_0d(node, PyFloat_AS_DOUBLE(buf[0]))
        if res is not None:
            return <tuple>res
    for i in range(len(buf)):
        g = buf[i]
        if g is None:
            if node.materialize_grads and node.num_outputs > 1:
                m = node.output_meta[i]
                buf[i] = np.zeros(m[0], dtype=m[1])
        elif type(g) is ExactZero:
            buf[i] = (<ExactZero>g).materialize()
    if node.num_outputs == 1:
        res = node._vjp(_array_rules, node, buf[0])
    else:
        res = node._vjp(_array_rules, node, *buf)
    if type(res) is not tuple:
        res = (res,)
    if len(<tuple>res) != node.n_in:
        raise RuntimeError("function %s returned an incorrect number of gradients (expected %d, got %d)"
                           % (node.name(), node.n_in, len(<tuple>res)))
    return <tuple>res


cdef tuple _zero_values(Node node, list buf):
    """Exact zeros for the inputs that need a gradient (as ExactZero values; _zero_results makes
    tensors of them)."""
    cdef Py_ssize_t i
    needs = node.needs_input_grad
    out = []
    for i in range(node.n_in):
        if _edge_to(node, i) is None or (needs is not None and not needs[i]):
            out.append(None)
        else:
            meta = _edge_meta(node, i)
            out.append(_exact_zero_value(meta[0], meta[1]))
    return tuple(out)


cdef int _accumulate_leaf_value(AccumulateGrad acc, object g) except -1:
    """Add an array gradient into acc.variable.grad under the leaf's lock (see _accumulate_leaf).
    An array nobody else holds becomes .grad without a copy."""
    cdef TensorBase var = acc.variable
    cdef TensorBase gt
    cdef object a = g       # g itself is borrowed: the caller's variable is its one other reference
    if var is None:
        raise RuntimeError("AccumulateGrad node has no variable to accumulate into")
    if type(a) is ExactZero:
        a = (<ExactZero>a).materialize()
    _lock_grad(var)
    try:
        if var._grad is None:
            # nobody else holds it (the engine's variable and `a` are the two references): take it
            # without a copy, as PyTorch steals an unshared buffer (tests/test_fast_paths.py)
            if type(a) is _ndarray and Py_REFCNT(a) <= 2 and a.base is None and a.flags.writeable:
                var._grad = _new_tensor(a)
            else:
                var._grad = _new_tensor(np.array(a))
        else:
            gt = <TensorBase>var._grad
            gd = gt._data
            np.add(gd, a, out=gd, casting="unsafe")
            if gt._vc is not None:
                gt._vc.value += 1
                gt._vc.last_change = "the accumulation of a gradient into .grad"
    finally:
        _unlock_grad(var)
    return 0


cdef class _RetainGradHook:
    """Pre-hook that stores a non-leaf tensor's gradient into its .grad."""
    cdef object ref

    def __init__(self, TensorBase t):
        self.ref = weakref.ref(t)

    def __call__(self, grad):
        if not isinstance(grad, TensorBase):
            raise TypeError("expected Variable, but got " + _typename(grad))
        cdef TensorBase t = self.ref()
        if t is None:
            return None
        _lock_grad(t)
        try:
            if t._grad is None:
                t._grad = _new_tensor((<TensorBase>grad)._data.copy())
            else:
                t._grad = t._grad + grad
        finally:
            _unlock_grad(t)
        return None


# A node's _pre_hooks list holds (output_nr, fn) in the order PyTorch runs them: the tensor
# hooks of its outputs (Tensor.register_hook, in registration order), then the retain_grad
# hooks, then the node's own pre-hooks (Node.register_prehook, output_nr -1).
cdef int _kind(tuple entry):
    if <Py_ssize_t>entry[0] < 0:
        return 2
    return 1 if isinstance(entry[1], _RetainGradHook) else 0


cdef int _insert_pre_hook(Node node, tuple entry) except -1:
    """Insert entry after every entry of its kind or an earlier kind."""
    if node._pre_hooks is None:
        node._pre_hooks = []
    cdef list hooks = node._pre_hooks
    cdef int kind = _kind(entry)
    cdef Py_ssize_t pos = len(hooks)
    while pos > 0 and _kind(<tuple>hooks[pos - 1]) > kind:
        pos -= 1
    hooks.insert(pos, entry)
    return 0


def _retain_grad(TensorBase t not None):
    if t._grad_fn is None:
        return
    if t._retains_grad:
        return
    _insert_pre_hook(t._grad_fn, (t._output_nr, _RetainGradHook(t)))
    t._retains_grad = True


cdef int _move_retain_grad(TensorBase t, Node old) except -1:
    """An in-place op gave t a new grad_fn: its retain_grad hook moves to the new node, so
    .grad is the gradient of t's new value (PyTorch). Tensor hooks stay on the old node."""
    if old is not None and old._pre_hooks:
        for entry in list(old._pre_hooks):
            fn = entry[1]
            if isinstance(fn, _RetainGradHook) and (<_RetainGradHook>fn).ref() is t:
                old._pre_hooks.remove(entry)
    t._retains_grad = False
    _retain_grad(t)
    return 0


def _register_post_accumulate_grad_hook(TensorBase t not None, fn):
    """Tensor.register_post_accumulate_grad_hook: fn(t) after backward() accumulated into t.grad."""
    if t._grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    if not t._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if t._post_acc_hooks is None:
        t._post_acc_hooks = []
    t._post_acc_hooks.append(fn)
    return _RemovableHandle(t._post_acc_hooks, fn)


cdef int _run_post_accumulate_hooks(TensorBase var) except -1:
    for fn in list(var._post_acc_hooks):
        r = fn(var)
        if r is not None:
            if isinstance(r, TensorBase):
                raise RuntimeError("Tensor post accumulate grad hooks should return None.")
            raise TypeError("expected Variable, but hook returned '%s'" % _typename(r))
    return 0


def _register_tensor_hook(TensorBase t not None, fn):
    if not t._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if t._grad_fn is None:
        if t._hooks is None:
            t._hooks = []
        t._hooks.append(fn)
        return _RemovableHandle(t._hooks, fn)
    node = t._grad_fn
    entry = (t._output_nr, fn)
    _track_node(node)           # fn may refer to t: a cycle through the node
    _insert_pre_hook(node, entry)
    return _RemovableHandle(node._pre_hooks, entry)


cdef str _hook_name(object fn):
    name = getattr(fn, "__name__", None)
    return str(name) if name is not None else "<unknown>"


cdef object _check_hook_value(object original, object r, object fn):
    """PyTorch's check of one value a hook returned in place of `original` (None: keep)."""
    cdef TensorBase o, t
    if r is None:
        return original
    if original is None:
        raise RuntimeError("can't replace a None gradient with a non-None value")
    if not isinstance(r, TensorBase):
        raise TypeError("expected Variable, but hook returned '%s'" % _typename(r))
    o = <TensorBase>original
    t = <TensorBase>r
    if t._data.dtype != o._data.dtype:
        raise RuntimeError("hook '%s' has changed the type of value (was %s got %s)"
                           % (_hook_name(fn), _type_name(o._data), _type_name(t._data)))
    if t._data.shape != o._data.shape:
        raise RuntimeError("hook '%s' has changed the size of value" % _hook_name(fn))
    return r


cdef tuple _check_hook_tuple(tuple original, object r, object fn):
    """PyTorch's check of what a node hook returned in place of the tuple `original`."""
    cdef Py_ssize_t i
    if not isinstance(r, tuple):
        raise TypeError("expected tuple, but hook returned '%s'" % _typename(r))
    if len(<tuple>r) != len(original):
        raise RuntimeError("hook '%s' has returned an incorrect number of values (got %d, but expected %d)"
                           % (_hook_name(fn), len(<tuple>r), len(original)))
    # a None in the returned tuple drops that gradient (a tensor hook's None keeps it)
    return tuple([None if (<tuple>r)[i] is None else _check_hook_value(original[i], (<tuple>r)[i], fn)
                  for i in range(len(original))])


cdef object _add_grads(object a, object b):
    return a + b


cdef object _shape_error(Node node, Py_ssize_t i, tuple got, tuple expected):
    """PyTorch's error for a rule's gradient whose shape does not fit its input."""
    return RuntimeError("Function %s returned an invalid gradient at index %d - got %s but expected shape "
                        "compatible with %s" % (node.name(), i, _sizes_str(got), _sizes_str(expected)))


cdef object _fit_grad(Node node, Py_ssize_t i, object g):
    """Check g against the shape/dtype of node's input i; reduce broadcasts."""
    if not isinstance(g, TensorBase):
        raise RuntimeError("function %s returned an invalid gradient at index %d - expected Variable or None "
                           "(got %s)" % (node.name(), i, _typename(g)))
    meta = _edge_meta(node, i)
    shape = meta[0]
    cdef TensorBase tg = <TensorBase>g
    gshape = tg._data.shape
    if pag_get_batch_ndim() and len(gshape) > len(shape):
        # batched pass: keep the leading batch dim, reduce the rest to shape
        # (pyautograd's sum_to keeps grad_batch_ndim() leading dims)
        if gshape[1:] != shape:
            if _broadcastable_to(shape, gshape[1:]):
                g = _sum_to(g, shape)
            else:
                raise _shape_error(node, i, gshape, gshape[:1] + shape)
    elif gshape != shape:
        if len(gshape) >= len(shape) and _broadcastable_to(shape, gshape):
            g = _sum_to(g, shape)
        else:
            raise _shape_error(node, i, gshape, shape)
    gdtype = (<TensorBase>g)._data.dtype
    if gdtype is not meta[1] and gdtype != meta[1]:     # identity first: dtypes are shared objects
        g = g.to(_dtype_of(meta[1]))
    return g


cdef object _dtype_from_numpy = None     # pyautograd's dtype object of a NumPy dtype


cdef object _dtype_of(object npdtype):
    return _dtype_from_numpy(npdtype)


cdef bint _broadcastable_to(tuple shape, tuple gshape):
    cdef Py_ssize_t k = len(gshape) - len(shape), j
    for j in range(len(shape)):
        if shape[j] != 1 and shape[j] != gshape[k + j]:
            return False
    return True


cdef int _accumulate_leaf(AccumulateGrad acc, object g, bint create_graph) except -1:
    """Add g into acc.variable.grad (in place when not building a graph), under the leaf's
    lock: threads backpropagating into one leaf must not lose each other's updates (np.add and
    the first copy release the GIL). Hooks run outside the lock, as in PyTorch."""
    cdef TensorBase var = acc.variable
    if var is None:
        raise RuntimeError("AccumulateGrad node has no variable to accumulate into")
    _lock_grad(var)
    try:
        _accumulate_locked(var, g, create_graph)
    finally:
        _unlock_grad(var)
    if acc._post_hooks:
        for fn in list(acc._post_hooks):
            r = fn((), (g,))
            if r is not None:
                _check_hook_tuple((), r, fn)
    if var._post_acc_hooks:
        _run_post_accumulate_hooks(var)
    return 0


cdef int _accumulate_locked(TensorBase var, object g, bint create_graph) except -1:
    cdef TensorBase tg = <TensorBase>g
    if var._grad is None:
        if create_graph:
            # PyTorch clones the gradient: a copy recorded as CopyBackwards when it
            # requires grad, so x.grad stays differentiable (higher order)
            if tg._requires_grad and _copy_grad is not None:
                var._grad = _copy_grad(g)
            else:
                var._grad = _new_tensor(tg._data.copy())
        elif Py_REFCNT(tg) <= 2 and Py_REFCNT(tg._data) <= 2 and tg._data.base is None \
                and tg._vc is None and tg._grad_fn is None and not tg._requires_grad:
            # Nobody else holds this gradient: the engine dropped its other references
            # before the call, so the two left are the engine's variable (the arguments
            # down to here are borrowed) and `tg`; its array is its own and writable. Take
            # it without a copy, as PyTorch steals an unshared buffer.
            # (tests/test_fast_paths.py checks both outcomes.)
            var._grad = tg
        else:
            var._grad = _new_tensor(tg._data.copy())
    elif create_graph:
        # out of place, so the sum is recorded (AddBackward0)
        var._grad = var._grad + g
    else:
        # in place, as PyTorch's `variable.grad += new_grad` (grad_fn unchanged)
        gt = <TensorBase>var._grad
        gd = gt._data
        np.add(gd, tg._data, out=gd, casting="unsafe")
        if gt._vc is not None:
            gt._vc.value += 1
            gt._vc.last_change = "the accumulation of a gradient into .grad"
    return 0


cdef int _accumulate_nonleaf(TensorBase t, object g, bint create_graph) except -1:
    """backward(inputs=[non-leaf]) accumulates into the non-leaf's .grad, as PyTorch."""
    if t._retains_grad:
        return 0            # its retain_grad hook has stored this gradient already
    _lock_grad(t)
    try:
        if t._grad is None:
            t._grad = g if create_graph else _new_tensor((<TensorBase>g)._data.copy())
        else:
            t._grad = t._grad + g
    finally:
        _unlock_grad(t)
    return 0


cdef list _tensor_pre_hooks(Node node, list buf):
    """The tensor hooks of node's outputs, then their retain_grad hooks (for an AccumulateGrad
    node: the leaf's hooks), each result checked as PyTorch checks it."""
    cdef Py_ssize_t nr
    cdef TensorBase var
    if type(node) is AccumulateGrad:
        var = (<AccumulateGrad>node).variable
        if var is not None and var._hooks and buf[0] is not None:
            for fn in list(var._hooks):
                buf[0] = _check_hook_value(buf[0], fn(buf[0]), fn)
    if node._pre_hooks:
        for entry in list(node._pre_hooks):
            nr = entry[0]
            if nr < 0:
                break
            fn = entry[1]
            if buf[nr] is not None:
                buf[nr] = _check_hook_value(buf[nr], fn(buf[nr]), fn)
    return buf


cdef list _node_pre_hooks(Node node, list buf):
    """Node.register_prehook hooks: fn(grad_outputs) may return replacement grad_outputs."""
    cdef tuple cur
    for entry in list(node._pre_hooks):
        if <Py_ssize_t>entry[0] >= 0:
            continue
        fn = entry[1]
        cur = tuple(buf)
        r = fn(cur)
        if r is not None:
            buf = list(_check_hook_tuple(cur, r, fn))
    return buf


cdef tuple _post_hooks(Node node, tuple res, list buf):
    """Node.register_hook hooks: fn(grad_inputs, grad_outputs) may replace grad_inputs."""
    cdef tuple grad_outputs = tuple(buf)
    for fn in list(node._post_hooks):
        r = fn(res, grad_outputs)
        if r is not None:
            res = _check_hook_tuple(res, r, fn)
    return res


cdef inline int _check_saved_of(Node node) except -1:
    """Before a built-in node's rule runs (or is skipped): its saved tensors' freed-graph and
    version checks (a custom Function's run when its saved_tensors are read)."""
    if (node._saved is not None or node._saved_out is not None or node._released) and not node._lazy_saved:
        node._check_saved()
    return 0


cdef bint _only_zero_grads(Node node, list buf) except -1:
    """Whether every gradient reaching a built-in node is an exact zero of a piecewise-constant
    op's rule (sign, floor, relu'' ...): PyTorch's ZeroTensor, which stays zero through any
    later rule (0 / 0 stays 0), so the rule is not run (not for custom Functions or hooks)."""
    cdef bint any_g = False
    if node._post_hooks or not getattr(node.op, "builtin_rule", False):
        return False
    for g in buf:
        if g is None:
            continue
        if not isinstance(g, TensorBase) or not (<TensorBase>g)._exact_zero:
            return False
        if (<TensorBase>g)._data.any():
            return False        # marked, but changed since (a hook, or a .grad written in place)
        any_g = True
    return any_g


cdef tuple _zero_results(Node node, list buf):
    """The node's gradients when all that reaches it is exact zeros, as tensors: _zero_values
    with the batch dims of a batched pass, after its saved tensors are checked."""
    _check_saved_of(node)
    cdef int nb = pag_get_batch_ndim()
    cdef tuple lead = ()
    if nb:
        lead = next((<TensorBase>g)._data.shape[:nb] for g in buf if g is not None)
    return tuple([None if z is None else
                  _value_to_tensor(_exact_zero_value(lead + (<ExactZero>z).shape, (<ExactZero>z).dtype))
                  for z in _zero_values(node, buf)])


cdef tuple _call_node(Node node, list buf):
    """Run node's backward rule on its gathered output gradients."""
    cdef Py_ssize_t i
    _check_saved_of(node)
    if node.num_outputs == 1:
        g = buf[0]
        if g is None:
            return None
        res = node.op.backward(node, g)
    else:
        for i in range(node.num_outputs):
            if buf[i] is None and node.materialize_grads:
                m = node.output_meta[i]
                buf[i] = _zeros_like_meta(m[0], m[1])
        res = node.op.backward(node, *buf)
    if type(res) is not tuple:
        res = (res,)
    if len(res) != node.n_in:
        op = node.op
        raise RuntimeError("function %s returned an incorrect number of gradients (expected %d, got %d)"
                           % (getattr(op, "_backward_name", node.name()), node.n_in, len(res)))
    return res


cdef tuple _call_node_anomaly(Node node, list buf):
    """_call_node under anomaly detection: NaN check, and a warning naming the failing node
    with the traceback of its forward call."""
    cdef Py_ssize_t i
    try:
        res = _call_node(node, buf)
        if _anomaly_check_nan and res is not None:
            for i in range(len(res)):
                g = res[i]
                if isinstance(g, TensorBase) and (<TensorBase>g)._data.dtype.kind in 'fc' \
                        and np.isnan((<TensorBase>g)._data).any():
                    raise RuntimeError("Function '%s' returned nan values in its %dth output."
                                       % (node.name(), i))
        return res
    except Exception:
        import warnings
        meta = node._metadata
        tb = meta.get("traceback_") if meta is not None else None
        if tb:
            msg = ("Error detected in %s. Traceback of forward call that caused the error:\n%s"
                   % (node.name(), "".join(tb)))
        else:
            msg = ("Error detected in %s. No forward pass information available. Enable detect "
                   "anomaly during forward pass for more information." % node.name())
        warnings.warn(msg, UserWarning, stacklevel=2)
        raise


def run_backward(tuple roots, tuple grad_roots, bint keep_graph, bint create_graph,
                 tuple inputs=None, bint allow_unused=False, bint accumulate=True, bint batched=False):
    """The engine. roots: output tensors; grad_roots: their gradients (tensors).

    accumulate=True (backward): add into .grad of leaves (only of `inputs` if
    given). accumulate=False (autograd.grad): return the gradients flowing
    into `inputs`, a tuple aligned with inputs (None where unused).
    """
    # The cyclic GC would repeatedly scan the whole graph while the walk and the
    # pass allocate; the graph is acyclic and freed by reference counting, so the
    # collector is paused while any pass runs (passes may overlap in threads: the first
    # to start pauses it, the last to end restores it as it was).
    global _passes_running, _gc_paused
    if _passes_running == 0:
        _gc_paused = gc.isenabled()
        if _gc_paused:
            gc.disable()
    _passes_running += 1
    try:
        return _run_backward(roots, grad_roots, keep_graph, create_graph, inputs, allow_unused,
                             accumulate, batched)
    finally:
        _passes_running -= 1
        if _passes_running == 0 and _gc_paused:
            _gc_paused = False
            gc.enable()


cdef Py_ssize_t _passes_running = 0     # backward passes running (all threads)
cdef bint _gc_paused = False            # the first of them disabled the cyclic GC

import threading as _threading
_pass_state = _threading.local()        # .callbacks: one list per backward pass running in this thread


def _queue_callback(fn):
    """Run fn() when the backward pass running in this thread ends (torch's
    Variable._execution_engine.queue_callback)."""
    stack = getattr(_pass_state, "callbacks", None)
    if not stack:
        raise RuntimeError("Final callbacks can only be installed during backward pass.")
    stack[-1].append(fn)


cdef object _run_backward(tuple roots, tuple grad_roots, bint keep_graph, bint create_graph,
                          tuple inputs, bint allow_unused, bint accumulate, bint batched):
    cdef Py_ssize_t i
    cdef TensorBase t
    cdef tuple edge
    cdef dict captures = None
    cdef set needed = None, runs = None

    # root edges
    if len(grad_roots) != len(roots):
        raise RuntimeError("got %d tensors and %d gradients" % (len(roots), len(grad_roots)))
    root_edges = []
    for i in range(len(roots)):
        if not isinstance(roots[i], TensorBase):
            raise TypeError("element %d of tensors tuple is not a Tensor" % i)
        if not isinstance(grad_roots[i], TensorBase):
            raise TypeError("gradients can be either Tensors or None, but got " + _typename(grad_roots[i]))
        t = <TensorBase>roots[i]
        edge = _gradient_edge(t)
        if edge[0] is None:
            raise RuntimeError("element %d of tensors does not require grad and does not have a grad_fn" % i)
        root_edges.append(edge)

    # requested inputs: the edge whose incoming gradient is the answer
    if inputs is not None:
        captures = {}
        for i in range(len(inputs)):
            if _is_gradient_edge(inputs[i]):        # autograd.graph.GradientEdge: (node, output_nr)
                captures.setdefault(inputs[i][0], []).append((int(inputs[i][1]), i))
                continue
            if not isinstance(inputs[i], TensorBase):
                raise RuntimeError("all inputs have to be Tensors or GradientEdges, but got "
                                   + _typename(inputs[i]))
            t = <TensorBase>inputs[i]
            if not t._requires_grad:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
            edge = _gradient_edge(t)
            captures.setdefault(edge[0], []).append((edge[1], i))

    # the three phases (PyTorch's compute_dependencies / evaluate_function shape)
    order = _collect(root_edges)
    if captures is not None:
        needed, runs = _needed_nodes(order, captures)
    slots = _dependencies(order, needed)
    order = None
    stack = getattr(_pass_state, "callbacks", None)
    if stack is None:
        stack = _pass_state.callbacks = []
    callbacks = []
    stack.append(callbacks)
    try:
        res = _evaluate(root_edges, grad_roots, slots, needed, runs, captures, inputs, keep_graph,
                        create_graph, accumulate, batched)
    finally:
        stack.pop()
    for fn in callbacks:        # may queue more (PyTorch runs those too)
        fn()
    return res


cdef inline bint _is_gradient_edge(object x):
    return isinstance(x, tuple) and len(<tuple>x) == 2 and isinstance((<tuple>x)[0], Node) \
        and isinstance((<tuple>x)[1], int)


cdef list _collect(list root_edges):
    """Phase 1: the nodes reachable from the roots, children before parents (post-order), with an
    explicit stack (no recursion: a 1,000,000-node chain is walked like a short one)."""
    cdef list order = [], stack = []
    cdef set visited = set()
    cdef Node node
    cdef Py_ssize_t k
    for edge in root_edges:
        node = <Node>edge[0]
        if node not in visited:
            visited.add(node)
            stack.append((node, 0))
        while stack:
            node, k = stack[-1]
            while k < node.n_in:
                nxt_obj = _edge_to(node, k)
                k += 1
                if nxt_obj is not None and nxt_obj not in visited:
                    visited.add(nxt_obj)
                    stack[-1] = (node, k)
                    stack.append((nxt_obj, 0))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


cdef tuple _needed_nodes(list order, dict captures):
    """For autograd.grad(inputs=...): needed = the nodes that lead to a requested input; runs =
    those with a needed child, whose rule must run (a requested input itself may stop the walk)."""
    cdef set needed = set(), runs = set()
    cdef Node node
    cdef Py_ssize_t i
    for node in order:      # children come before parents in post-order
        for i in range(node.n_in):
            nxt_obj = _edge_to(node, i)
            if nxt_obj is not None and nxt_obj in needed:
                runs.add(node)
                break
        if node in runs or node in captures:
            needed.add(node)
    return needed, runs


@cython.final
cdef class _Slot:
    """A node's state in one pass: the edges still to arrive from needed nodes and its input
    buffer (None until a gradient arrives). One dict lookup per edge finds both."""
    cdef Py_ssize_t count
    cdef list buf


cdef dict _dependencies(list order, set needed):
    """Phase 2: per needed node with an incoming edge, a slot counting the edges arriving from
    other needed nodes."""
    cdef dict slots = {}
    cdef Node node
    cdef _Slot s
    cdef Py_ssize_t i
    for node in order:
        if needed is not None and node not in needed:
            continue
        for i in range(node.n_in):
            nxt_obj = _edge_to(node, i)
            if nxt_obj is not None and (needed is None or nxt_obj in needed):
                s = slots.get(nxt_obj)
                if s is None:
                    s = _Slot.__new__(_Slot)
                    slots[nxt_obj] = s
                s.count += 1
    return slots


cdef object _evaluate(list root_edges, tuple grad_roots, dict slots, set needed, set runs, dict captures,
                      tuple inputs, bint keep_graph, bint create_graph, bint accumulate, bint batched):
    """Phase 3: run the ready nodes, most recent first (PyTorch's CPU ready queue): a node runs
    once, when all its gradients arrived. Each node has one input buffer: the first gradient is
    taken by reference, later ones are added; buffers are dropped as soon as consumed."""
    cdef Py_ssize_t i, k, n_in = len(inputs) if inputs is not None else 0
    cdef Node node, nxt
    cdef _Slot slot, nslot, next_slot = None
    cdef TensorBase var
    cdef tuple res, edges, nrs
    cdef list buf
    cdef list heap = []
    cdef bint prev_mode = pag_get_grad_enabled()
    # plain backward: gradients are arrays, rules with a vjp run on them (see ExactZero above)
    cdef bint plain = not create_graph and not batched and not _anomaly_enabled and _array_rules is not None \
        and not _fw_nlevels     # under forward AD rules run on tensors: gradients carry tangents

    seeded = []
    for i in range(len(root_edges)):
        node = <Node>root_edges[i][0]
        if needed is not None and node not in needed:
            continue
        slot = slots.get(node)
        if slot is None:
            slot = _Slot.__new__(_Slot)
            slots[node] = slot
        if slot.buf is None:
            slot.buf = [None] * node.num_outputs
            seeded.append(node)
        buf = slot.buf
        k = root_edges[i][1]
        g = (<TensorBase>grad_roots[i])._data if plain else grad_roots[i]
        buf[k] = g if buf[k] is None else (_add_values(buf[k], g) if plain else _add_grads(buf[k], g))
    for node in seeded:
        if (<_Slot>slots[node]).count == 0:
            heappush(heap, (-node.seq, id(node), node))
    buf = None

    results = [None] * n_in if inputs is not None else None
    cdef int prev_batch = pag_get_batch_ndim()
    pag_set_batch_ndim(1 if batched else 0)
    pag_set_grad_enabled(create_graph)
    cdef Node next_node = None        # the one ready node, when the heap is empty
    # rules on arrays compute inf/nan silently, as the op forwards do (user code in hooks and
    # custom Functions gets the caller's NumPy error state back: _node_with_tensors)
    user_errstate = _err_cv.get() if plain and _err_cv is not None else None
    quiet = _quiet_on() if plain else None
    cdef int prev_graph_backward = pag_get_graph_backward()
    if create_graph:
        pag_set_graph_backward(prev_graph_backward + 1)
    try:
        while next_node is not None or heap:
            if next_node is not None:
                node = next_node
                slot = next_slot
                next_node = None
                next_slot = None
            else:
                node = <Node>heappop(heap)[2]
                slot = <_Slot>slots[node]
            buf = slot.buf
            slot.buf = None
            res = None
            if _prof_active:
                token = _prof_enter(node, None)
                try:
                    res = _user_node(node, buf, plain, captures, runs, inputs, results, accumulate,
                                     create_graph, user_errstate)
                finally:
                    _prof_exit(token, None)
                if res is _DONE:
                    continue
            elif plain and not node._pre_hooks and not node._post_hooks \
                    and (node._array_rule or type(node) is AccumulateGrad) \
                    and (captures is None or node not in captures):
                # the fast path: a built-in rule on arrays, or a leaf without hooks
                if type(node) is AccumulateGrad:
                    var = (<AccumulateGrad>node).variable
                    if var is None or not (var._hooks or var._post_acc_hooks):
                        g = buf[0]
                        buf = None      # drop the engine's other references first (see _accumulate_leaf_value)
                        if g is not None:
                            _accumulate_leaf_value(<AccumulateGrad>node, g)
                            g = None
                        continue
                    res = _user_node(node, buf, plain, captures, runs, inputs, results, accumulate,
                                     create_graph, user_errstate)
                else:
                    res = _call_array_rule(node, buf)
            else:
                res = _user_node(node, buf, plain, captures, runs, inputs, results, accumulate,
                                 create_graph, user_errstate)
                if res is _DONE:
                    continue
            buf = None
            if not keep_graph:
                node._release()
            if res is None:
                res = (None,) * node.n_in
            for i in range(node.n_in):
                nxt_obj = _edge_to(node, i)
                if nxt_obj is None:
                    continue
                nslot = slots.get(nxt_obj)
                if nslot is None:
                    continue            # not needed (autograd.grad asked for other inputs)
                g = res[i]
                nxt = <Node>nxt_obj
                if g is not None:
                    g = _fit_value(node, i, g) if plain else _fit_grad(node, i, g)
                    nbuf = nslot.buf
                    if nbuf is None:
                        nbuf = [None] * nxt.num_outputs
                        nslot.buf = nbuf
                    k = _edge_nr(node, i)
                    if nbuf[k] is None:
                        nbuf[k] = g
                    else:
                        nbuf[k] = _add_values(nbuf[k], g) if plain else _add_grads(nbuf[k], g)
                nslot.count -= 1
                if nslot.count == 0:
                    if nslot.buf is not None:
                        # a chain hands its single ready node on without the heap; with
                        # several ready nodes the heap orders them by sequence number
                        if next_node is None and not heap:
                            next_node = nxt
                            next_slot = nslot
                        else:
                            if next_node is not None:
                                heappush(heap, (-next_node.seq, id(next_node), next_node))
                                next_node = None
                                next_slot = None
                            heappush(heap, (-nxt.seq, id(nxt), nxt))
                    else:
                        # no gradient arrived: nothing flows further from here,
                        # but its children still wait for this edge
                        if next_node is not None:
                            heappush(heap, (-next_node.seq, id(next_node), next_node))
                            next_node = None
                            next_slot = None
                        _propagate_none(nxt, slots, heap)
            g = None            # the buffers own the gradients now
            res = None
            nbuf = None
    finally:
        pag_set_graph_backward(prev_graph_backward)
        _quiet_off(quiet)
        pag_set_grad_enabled(prev_mode)
        pag_set_batch_ndim(prev_batch)

    if inputs is not None and not accumulate:
        return tuple(results)
    return None


cdef tuple _user_node(Node node, list buf, bint plain, dict captures, set runs, tuple inputs,
                      list results, bint accumulate, bint create_graph, object user_errstate):
    """_node_with_tensors under the caller's NumPy error state (plain backward runs quiet)."""
    if user_errstate is None:
        return _node_with_tensors(node, buf, plain, captures, runs, inputs, results, accumulate,
                                  create_graph)
    token = PyContextVar_Set(_err_cv, user_errstate)
    try:
        return _node_with_tensors(node, buf, plain, captures, runs, inputs, results, accumulate,
                                  create_graph)
    finally:
        PyContextVar_Reset(_err_cv, token)


cdef tuple _DONE = ("done",)     # _node_with_tensors: the node needs no propagation


cdef tuple _node_with_tensors(Node node, list buf, bint plain, dict captures, set runs, tuple inputs,
                              list results, bint accumulate, bint create_graph):
    """A node whose gradients user code sees: hooks in PyTorch's order (tensor hooks,
    retain_grad, node pre-hooks; a node only captured for autograd.grad runs the first two, one
    that also runs captures the gradient before its hooks), captures, leaves, and rules written
    on tensors. Returns the gradients for its inputs (arrays in plain backward), None, or _DONE."""
    cdef bint hooked = False
    cdef Py_ssize_t i
    if plain:
        # in place: the caller's list must not keep the arrays (an unshared gradient is stolen)
        for i in range(len(buf)):
            buf[i] = _value_to_tensor(buf[i])
    if captures is not None and node in captures:
        if accumulate or node not in runs:
            buf = _tensor_pre_hooks(node, buf)
            hooked = True
        for nr, pos in captures[node]:
            g = buf[nr]
            if accumulate:
                if g is not None and type(node) is not AccumulateGrad:
                    _accumulate_nonleaf(<TensorBase>inputs[pos], g, create_graph)
            else:
                results[pos] = g
        if node not in runs:
            if accumulate and type(node) is AccumulateGrad:
                if node._pre_hooks:
                    buf = _node_pre_hooks(node, buf)
                if buf[0] is not None:
                    _accumulate_leaf(<AccumulateGrad>node, buf[0], create_graph)
            return _DONE
    if not hooked and (node._pre_hooks or type(node) is AccumulateGrad):
        buf = _tensor_pre_hooks(node, buf)
    if node._pre_hooks:
        buf = _node_pre_hooks(node, buf)
    if captures is None and type(node) is AccumulateGrad:
        g = buf[0]
        buf[0] = None       # drop the engine's other references first (see _accumulate_leaf)
        buf = None
        if g is not None:
            _accumulate_leaf(<AccumulateGrad>node, g, create_graph)
        return _DONE
    if not create_graph and _only_zero_grads(node, buf):
        res = _zero_results(node, buf)
    elif _anomaly_enabled:
        res = _call_node_anomaly(node, buf)
    else:
        res = _call_node(node, buf)
    if node._post_hooks:
        res = _post_hooks(node, (None,) * node.n_in if res is None else res, buf)
    if plain and res is not None:
        res = tuple([_tensor_to_value(node, i, res[i]) for i in range(len(res))])
    return res


cdef int _propagate_none(Node start, dict slots, list heap) except -1:
    """A node that received no gradient at all: release its children's counts."""
    cdef list stack = [start]
    cdef Node node
    cdef _Slot s
    cdef Py_ssize_t i
    while stack:
        node = <Node>stack.pop()
        for i in range(node.n_in):
            nxt_obj = _edge_to(node, i)
            if nxt_obj is None:
                continue
            s = slots.get(nxt_obj)
            if s is None:
                continue
            s.count -= 1
            if s.count == 0:
                if s.buf is not None:
                    heappush(heap, (-(<Node>nxt_obj).seq, id(nxt_obj), nxt_obj))
                else:
                    stack.append(nxt_obj)
    return 0
