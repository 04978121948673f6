# The tensor base type and the per-op entry points (apply_op, apply_inplace).
#
# TensorBase holds what autograd needs per tensor: the NumPy array, the
# requires_grad flag, .grad, the grad_fn edge (node, output_nr), a weak
# reference to the leaf's AccumulateGrad node, and a version counter shared
# with views and detach()ed aliases. The Python class pyautograd.Tensor
# subclasses it and adds the PyTorch method surface.

cdef class VersionCounter:
    """Counts in-place changes of a storage; shared by a tensor and its views. last_change: what
    made the last change (an op, an operator's method name or a description; with the user's
    file:line under anomaly detection), for the version error (node.pxi _change_text)."""
    cdef public long long value
    cdef public object last_change


cdef inline void _note_change(VersionCounter vc, object what):
    # one attribute store per in-place op; the line only under anomaly detection (a stack walk)
    vc.last_change = (what, _user_line()) if _anomaly_enabled else what


cdef object _TensorCls = None      # pyautograd.Tensor, set by _set_tensor_class
cdef PyTypeObject* _tensor_type = NULL
cdef object _ndarray = np.ndarray
cdef object _asarray = np.asarray


cdef _set_tensor_class(cls):
    global _TensorCls, _tensor_type
    # _new_tensor allocates instances of it with TensorBase's tp_new: it must be a subclass
    if not (isinstance(cls, type) and issubclass(cls, TensorBase)):
        raise TypeError("_set_tensor_class expects a subclass of TensorBase, got " + _typename(cls))
    _TensorCls = cls
    _tensor_type = <PyTypeObject*>cls


cdef str _typename(object o):
    """The type name PyTorch prints for a wrong-typed argument: the C type name, which for
    NumPy types is qualified (numpy.ndarray) and for Python classes is the class name."""
    cdef object tp = type(o)
    return (<PyTypeObject*>tp).tp_name.decode("utf-8", "replace")


cdef inline bint _is_float_kind(object a):
    """a (an ndarray) is floating or complex."""
    cdef char k = pag_kind(a)
    return k == b'f' or k == b'c'


cdef inline object _f64_0d(double v):
    """A new 0-d float64 array holding v."""
    a = PyArray_SimpleNew(0, NULL, NPY_DOUBLE)
    (<double*>PyArray_DATA(<PyArrayObject*>a))[0] = v
    return a


cdef inline TensorBase _new_tensor(object data):
    """A new pyautograd.Tensor around `data` (made an ndarray if it is a NumPy scalar)."""
    cdef TensorBase t
    if type(data) is not _ndarray:
        data = _f64_0d(PyFloat_AS_DOUBLE(data)) if type(data) is _np_float64 else _asarray(data)
    if _tensor_type is NULL:
        t = TensorBase.__new__(TensorBase)
    else:
        # TensorBase's own tp_new on the subclass: skips the Python-level Tensor.__new__
        t = <TensorBase>pag_base_new(<PyTypeObject*>TensorBase, _tensor_type, ())
    t._data = data
    t._inference = pag_get_inference()
    return t


_ERR_INFERENCE_SAVE = ("Inference tensors cannot be saved for backward. Please do not use Tensors created in inference "
                       "mode in computation tracked by autograd. To work around this, you can make a clone to get a "
                       "normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
                       "`torch.inference_mode()`.")
_ERR_INFERENCE_INPLACE = ("Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone "
                          "to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 "
                          "for more details.")


cdef inline int _check_inference_write(TensorBase t) except -1:
    """torch's error for an in-place change of an inference tensor outside inference mode."""
    if t._inference and not pag_get_inference():
        raise RuntimeError(_ERR_INFERENCE_INPLACE)
    return 0


def check_inplace_inference(TensorBase t not None):
    """Raise torch's error for an in-place change of an inference tensor outside inference mode."""
    _check_inference_write(t)


def _set_inference_mode(bint enabled):
    """Turn inference mode on or off in this thread (pyautograd.inference_mode); returns the previous state."""
    prev = pag_get_inference()
    pag_set_inference(enabled)
    return bool(prev)


def is_inference_mode_enabled():
    return bool(pag_get_inference())


def _make_tensor(data, bint requires_grad=False):
    """Wrap an ndarray (not copied) as a tensor."""
    cdef TensorBase t = _new_tensor(data)
    if requires_grad:
        t._set_requires_grad(True)
    return t


# PyTorch's CreationMeta: how a view was made decides whether an in-place change through it (or
# through its base) can be recorded
cdef enum:
    CM_DEFAULT = 0
    CM_IN_CUSTOM_FUNCTION = 1
    CM_MULTI_OUTPUT_NODE = 2
    CM_NO_GRAD_MODE = 3
    CM_INFERENCE_MODE = 4

MULTI_OUTPUT_VIEW = CM_MULTI_OUTPUT_NODE   # for the Python layer's split / chunk / unbind


@cython.trashcan(True)
cdef class TensorBase:
    cdef public object _data
    cdef public bint _requires_grad
    cdef public TensorBase _grad       # typed: anything else assigned from Python is a TypeError
    cdef public Node _grad_fn
    cdef public int _output_nr
    cdef public object _acc_ref        # weakref to the AccumulateGrad node
    cdef public VersionCounter _vc
    cdef public bint _retains_grad
    cdef public bint _exact_zero       # an exact zero gradient (PyTorch's ZeroTensor): see engine
    cdef public list _hooks            # leaf tensor hooks
    cdef public TensorBase _base       # the root tensor this is a view of (never itself a view)
    cdef public long long _view_version  # the version counter's value when _grad_fn was made
    cdef public int _creation_meta     # how the view was made (CM_* below: PyTorch's CreationMeta)
    cdef public dict _fw_grads         # forward AD: {level: tangent} (forward.pxi), or None
    cdef public bint _inference        # made in inference mode (torch's inference tensor)
    cdef public list _post_acc_hooks   # register_post_accumulate_grad_hook's hooks (leaves), or None
    cdef PyThread_type_lock _grad_lock # guards .grad accumulation across threads (made on first use)
    cdef object __weakref__

    def __dealloc__(self):
        if self._grad_lock != NULL:
            PyThread_free_lock(self._grad_lock)

    cdef VersionCounter _get_vc(self):
        if self._vc is None:
            self._vc = VersionCounter.__new__(VersionCounter)
        return self._vc

    cdef _set_requires_grad(self, bint value):
        _check_inference_requires_grad(self, value)
        # factories: torch.tensor(..., requires_grad=True), torch.zeros(..., requires_grad=True)
        if value and self._data.dtype.kind not in 'fc':
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        self._requires_grad = value

    # ---- autograd attributes ---------------------------------------------
    @property
    def requires_grad(self):
        """Whether autograd records the operations on this tensor (and so computes a gradient for it).

        A result requires grad when any of its inputs does (outside ``pyautograd.no_grad()``).
        It can be set on a leaf only, with a bool: ``True`` needs a floating point or complex
        dtype (RuntimeError otherwise); setting it on a non-leaf raises RuntimeError (use
        ``detach()`` instead). ``requires_grad_()`` is the in-place method form.

        Example::

            >>> x = pa.tensor([1.0, 2.0])
            >>> x.requires_grad
            False
            >>> x.requires_grad = True
            >>> (x * 2).requires_grad
            True
        """
        return _req(self)

    @requires_grad.setter
    def requires_grad(self, value):
        if type(value) is not bool:
            raise RuntimeError("requires_grad must be a bool")
        if self._grad_fn is not None:
            raise RuntimeError(_requires_grad_leaf_error(bool(value)))
        if value and self._data.dtype.kind not in 'fc':
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        _check_inference_requires_grad(self, value)
        self._requires_grad = bool(value)

    @property
    def is_leaf(self):
        """Whether this tensor is a leaf of the graph: made by the user rather than by a recorded operation.

        Every tensor with ``requires_grad=False`` is a leaf; a tensor that requires grad is a
        leaf when it has no ``grad_fn`` (it was created with ``requires_grad=True``, or given it
        with ``requires_grad_()``, as parameters are).
        ``backward()`` accumulates into ``.grad`` only for leaves that require grad (other
        tensors need ``retain_grad()``).

        Example::

            >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
            >>> x.is_leaf, (x * 2).is_leaf
            (True, False)
        """
        return _current_grad_fn(self) is None

    @property
    def grad_fn(self):
        """The graph node of the recorded operation that made this tensor, or ``None`` for a leaf.

        Its type is named after the operation, as in PyTorch (``MulBackward0``, ``SumBackward0``,
        ...); ``backward()`` starts from it, and its ``next_functions`` lead to the nodes of the
        inputs.

        Example::

            >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
            >>> print(x.grad_fn)
            None
            >>> (x * x).sum().grad_fn
            <SumBackward0 object at 0x...>
        """
        return _current_grad_fn(self)

    @property
    def output_nr(self):
        """Which output of its ``grad_fn`` this tensor is (0 for a leaf and for single-output operations).

        Example::

            >>> x = pa.tensor([1.0, 2.0, 3.0], requires_grad=True)
            >>> a, b = x.split(2)
            >>> a.output_nr, b.output_nr
            (0, 1)
        """
        return self._output_nr

    @property
    def _version(self):
        if self._inference:
            raise RuntimeError("Inference tensors do not track version counter.")
        return 0 if self._vc is None else self._vc.value

    def is_inference(self):
        """Whether this is an inference tensor (made in inference mode)."""
        return self._inference

    @property
    def retains_grad(self):
        """Whether ``retain_grad()`` was called on this non-leaf tensor, so that ``backward()`` fills its ``.grad``.

        Always ``False`` for a leaf (leaves get their ``.grad`` anyway).

        Example::

            >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
            >>> y = x * 2
            >>> y.retain_grad()
            >>> y.retains_grad
            True
        """
        return self._retains_grad

    @property
    def grad(self):
        """The gradient accumulated into this tensor by ``backward()``, or ``None`` before the first one.

        Each ``backward()`` adds to it (call ``zero_grad()`` on the optimizer, or set it to
        ``None``, between steps). It is filled for leaves that require grad and for non-leaves
        on which ``retain_grad()`` was called; reading it on any other non-leaf warns
        (UserWarning) and gives ``None``, as in PyTorch. It can be assigned a tensor of the same
        dtype (and shape) or ``None``.

        Example::

            >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
            >>> (x * x).sum().backward()
            >>> x.grad
            tensor([2., 4.])
        """
        if self._grad_fn is not None and not self._retains_grad and self._grad is None:
            import warnings
            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its "
                ".grad attribute won't be populated during autograd.backward(). If you indeed want "
                "the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the "
                "non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access "
                "the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.",
                UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        cdef TensorBase g
        if value is not None:
            if not isinstance(value, TensorBase):
                raise TypeError("assigned grad expected to be a Tensor or None but got grad of type "
                                + _typename(value))
            g = <TensorBase>value
            if g is self:
                raise RuntimeError("can't assign Variable as its own grad")
            if g._data.dtype != self._data.dtype:
                raise RuntimeError(
                    "attempting to assign a gradient with dtype '%s' to a tensor with grad_dtype '%s'. The "
                    "gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set "
                    "the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set "
                    "grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break "
                    "downstream systems that assume they match." % (_c_type_name(g._data.dtype),
                                                                    _scalar_type_name(self._data.dtype)))
            if g._data.shape != self._data.shape:
                raise RuntimeError(
                    "attempting to assign a gradient of size '%s' to a tensor of size '%s'. Please ensure "
                    "that the gradient and the tensor are the same size"
                    % (_sizes_str(g._data.shape), _sizes_str(self._data.shape)))
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def data(self):
        """An alias of this tensor's array outside autograd (own version counter)."""
        cdef TensorBase t = _new_tensor(self._data)
        t._inference = self._inference
        return t

    @data.setter
    def data(self, value):
        if not isinstance(value, TensorBase):
            raise TypeError("Variable data has to be a tensor, but got " + _typename(value))
        self._data = (<TensorBase>value)._data

    def _grad_edge(self):
        return _gradient_edge(self)

    @property
    def _value(self):
        """The data for an elementwise computation: a NumPy scalar for a 0-d tensor (NumPy computes
        on scalars 2-8x faster than on 0-d arrays, with the same loops and results), else the
        array itself."""
        return _scalar_if_0d(self._data)

    def _bump_version(self, what=None):
        """An in-place change made outside the ops (what: its description for the version error)."""
        cdef VersionCounter vc = self._get_vc()
        vc.value += 1
        _note_change(vc, what)

    def _share_version(self, TensorBase other not None):
        """Make self share other's version counter (views, detach)."""
        self._vc = other._get_vc()

    def _make_view_of(self, TensorBase base not None, int creation_meta=CM_DEFAULT):
        """Make self a view of base: it shares base's version counter and its _base is the root
        base. Its place in the root is read from the two arrays' memory when needed (after an
        in-place change), so a view costs the same however long the chain of views that made it.
        A view made under no_grad is marked so (PyTorch's NO_GRAD_MODE); a view of a view keeps
        the stricter of the two marks."""
        cdef TensorBase root = base if base._base is None else base._base
        cdef int prev_meta = CM_DEFAULT if base._base is None else base._creation_meta
        self._vc = base._get_vc()
        self._base = root
        self._view_version = self._vc.value
        self._inference = base._inference        # a view of a normal tensor stays normal in inference mode
        if pag_get_inference() and not base._inference:
            creation_meta = CM_INFERENCE_MODE
        elif not pag_get_grad_enabled():
            creation_meta = CM_NO_GRAD_MODE      # even for a multi-output op's views, as PyTorch
        self._creation_meta = creation_meta if creation_meta != CM_DEFAULT else prev_meta


def _check_inference_requires_grad(TensorBase t, bint value):
    if value and t._inference and not pag_get_inference():
        raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.")


def _requires_grad_leaf_error(bint requires_grad):
    msg = "you can only change requires_grad flags of leaf variables."
    if not requires_grad:
        msg += (" If you want to use a computed variable in a subgraph that doesn't require "
                "differentiation use var_no_grad = var.detach().")
    return msg


cdef object _view_positions = None  # pyautograd's functions for views of a base that changed in
cdef object _view_write = None      # place: positions of a view in its base, the recorded write
cdef object _view_regenerate = None  # into the base (CopySlices), the regenerated view (AsStrided)


cdef _set_view_hooks(positions, write, regenerate):
    global _view_positions, _view_write, _view_regenerate
    _view_positions = positions
    _view_write = write
    _view_regenerate = regenerate


def _mark_custom_function_view(TensorBase t not None):
    """An output of a custom Function that is a view: in-place changes through it are refused."""
    t._creation_meta = CM_IN_CUSTOM_FUNCTION


cdef inline bint _req(TensorBase t):
    """PyTorch's requires_grad(): a view also requires grad when its base does (even a view made
    under no_grad, which has no history)."""
    return t._requires_grad or (t._base is not None and t._base._requires_grad)


cdef inline bint _stale(TensorBase t):
    """A view whose base (or another view of it) was changed in place since its history was made."""
    return t._base is not None and t._vc is not None and t._vc.value != t._view_version


cdef str _view_node_name(Node node):
    """The op name PyTorch 2.13 puts in its view errors: SplitBackward0 -> Split, FBackward -> F."""
    name = node.name()
    cdef Py_ssize_t i = name.rfind("Backward")
    if i > 0 and (name[i + 8:] == "" or name[i + 8:].isdigit()):
        return name[:i]
    return name


cdef str _view_rebase_error(TensorBase view, bint indirect):
    """PyTorch's error for an in-place change that cannot be recorded on a view made under
    no_grad, by a multi-output op or inside a custom Function (handle_view_on_rebase)."""
    cdef int cm = view._creation_meta
    node = view._grad_fn
    what = "its base or another view of its base has been" if indirect else "is being"
    if cm == CM_INFERENCE_MODE:
        return ("A view was created in inference mode and %s modified inplace in normal mode. Given that this use "
                "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the "
                "view and the inplace either both inside the inference_mode block (if you don't want the inplace "
                "to be tracked) or both outside (if you want the inplace to be tracked)." % what)
    if cm == CM_NO_GRAD_MODE or node is None:
        prefix = ("Output %d of %s is a view of a view which was created in"
                  % (view._output_nr, _view_node_name(node)) if node is not None
                  else "A view was created in")
        msg = "%s no_grad mode and %s modified inplace with grad mode enabled." % (prefix, what)
    else:
        msg = "Output %d of %s is a view and %s modified inplace." % (view._output_nr, _view_node_name(node), what)
    if cm == CM_MULTI_OUTPUT_NODE:
        return msg + (" This view is the output of a function that returns multiple views. Such functions do not "
                      "allow the output views to be modified inplace. You should replace the inplace operation by "
                      "an out-of-place one.")
    if cm == CM_NO_GRAD_MODE:
        return msg + (" Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify "
                      "your code by moving both the view and the inplace either both inside the no_grad block (if "
                      "you don't want the inplace to be tracked) or both outside (if you want the inplace to be "
                      "tracked).")
    return msg + (" This view was created inside a custom Function (or because an input was returned as-is) and "
                  "the autograd logic to handle view+inplace would override the custom backward associated with "
                  "the custom Function, leading to incorrect gradients. This behavior is forbidden. You can fix "
                  "this by cloning the output of the custom Function.")


_ERR_VIEW_NOT_REGENERABLE = (
    "a view of a tensor that requires grad was used after its base (or another view of it) was modified "
    "by an inplace operation, or is being modified inplace itself, but its elements are no longer part of "
    "its base's memory (the base's .data was replaced); recompute this view from its base.")


cdef object _positions_in_base(TensorBase view):
    """The flat position in its base of each element of view (in real coordinates for complex
    tensors), or an error when view's memory is no longer part of its base's."""
    pos = _view_positions(view._base._data, view._data)
    if pos is None:
        raise RuntimeError(_ERR_VIEW_NOT_REGENERABLE)
    return pos


cdef int _regenerate_view(TensorBase view, object pos) except -1:
    """Give `view` the history it has as a view of its base as the base is now (after an in-place
    change): one AsStridedBackward0 node from the base, as PyTorch. Raises PyTorch's error for
    views whose in-place changes cannot be recorded."""
    if view._creation_meta != CM_DEFAULT:
        raise RuntimeError(_view_rebase_error(view, True))
    cdef TensorBase base = view._base
    cdef Node old = view._grad_fn
    cdef bint prev = pag_get_grad_enabled()
    cdef TensorBase nv
    if pos is None:
        pos = _positions_in_base(view)
    pag_set_grad_enabled(1)      # reached from the engine too (grad mode off there)
    try:
        nv = _tensor_arg(_view_regenerate(base, view, pos))
    finally:
        pag_set_grad_enabled(prev)
    view._requires_grad = nv._requires_grad
    view._grad_fn = nv._grad_fn
    view._output_nr = 0
    view._view_version = base._get_vc().value
    if view._retains_grad and view._grad_fn is not old:
        _move_retain_grad(view, old)
    return 0


cdef inline Node _current_grad_fn(TensorBase t):
    """t's grad_fn, regenerated first when t is a stale view (PyTorch's VariableHooks::grad_fn)."""
    if _stale(t) and (t._grad_fn is not None or t._base._requires_grad):
        _regenerate_view(t, None)
    return t._grad_fn


cdef inline object _edge_node(TensorBase x):
    """The node gradients for x flow into: its grad_fn, its leaf's AccumulateGrad, or None. A
    view without history (made under no_grad) has no accumulator of its own, as in PyTorch."""
    cdef Node node = _current_grad_fn(x)
    if node is not None:
        return node
    if x._requires_grad:
        return _grad_accumulator(x)
    return None


cdef inline int _edge_output_nr(TensorBase x, object node):
    """Which output of `node` (x's _edge_node) x is: 0 for an accumulator or no edge."""
    return x._output_nr if node is not None and node is x._grad_fn else 0


cdef tuple _gradient_edge(TensorBase t):
    """(node, output_nr) that gradients for t flow into, or (None, 0)."""
    node = _edge_node(t)
    return (node, _edge_output_nr(t, node))


cdef inline TensorBase _tensor_arg(object x):
    """x as a TensorBase, or a TypeError: the tensor inputs of apply_op / apply_inplace /
    _rebase_outputs come from Python, and an unchecked cast of anything else would crash."""
    if not isinstance(x, TensorBase):
        raise TypeError("expected a Tensor as an operation input, but got " + _typename(x))
    return <TensorBase>x


# Shared constant tuples for what most nodes record (needs_input_grad of one or two inputs, the
# meta of 0-d inputs): a node costs ~500 ns to record, and small tuples were a fifth of it.
cdef tuple _T1 = (True,)
cdef tuple _F1 = (False,)
cdef tuple _TT = (True, True)
cdef tuple _TF = (True, False)
cdef tuple _FT = (False, True)
cdef tuple _FF = (False, False)
cdef dict _meta_0d = {}             # dtype -> ((), dtype): the input meta of a 0-d input


cdef tuple _needs_grad(tuple inputs):
    cdef Py_ssize_t n = len(inputs)
    cdef bint a, b
    if n == 1:
        return _T1 if _req(_tensor_arg(inputs[0])) else _F1
    if n == 2:
        a = _req(_tensor_arg(inputs[0]))
        b = _req(_tensor_arg(inputs[1]))
        return (_TT if b else _TF) if a else (_FT if b else _FF)
    return tuple([_req(_tensor_arg(x)) for x in inputs])


cdef inline tuple _input_meta(TensorBase x):
    """(shape, dtype) of an input; one shared tuple per dtype for 0-d inputs."""
    d = x._data
    if type(d) is _ndarray and PyArray_NDIM(<PyArrayObject*>d) == 0:
        m = _meta_0d.get(d.dtype)
        if m is None:
            m = ((), d.dtype)
            _meta_0d[d.dtype] = m
        return <tuple>m
    return (d.shape, d.dtype)


cdef inline bint _any_requires_grad(tuple inputs) except -1:
    for x in inputs:
        if _req(_tensor_arg(x)):
            return True
    return False



cdef _set_edges(Node node, tuple inputs):
    """Fill node's next_nodes/next_nrs, input_meta, needs_input_grad and sequence number
    (one and two inputs, the common cases, build their tuples directly)."""
    global _sequence_nr
    cdef TensorBase x, y
    cdef Py_ssize_t n = len(inputs)
    if n == 1:
        x = _tensor_arg(inputs[0])
        nx = _edge_node(x)
        node.n_in = 1
        node.e0 = nx
        node.r0 = _edge_output_nr(x, nx)
        node.m0 = _input_meta(x)
    elif n == 2:
        x = _tensor_arg(inputs[0])
        y = _tensor_arg(inputs[1])
        nx = _edge_node(x)
        ny = _edge_node(y)
        node.n_in = 2
        node.e0 = nx
        node.e1 = ny
        node.r0 = _edge_output_nr(x, nx)
        node.r1 = _edge_output_nr(y, ny)
        node.m0 = _input_meta(x)
        node.m1 = _input_meta(y)
    else:
        nodes = []
        nrs = []
        meta = []
        for obj in inputs:
            x = _tensor_arg(obj)
            edge = _gradient_edge(x)
            nodes.append(edge[0])
            nrs.append(edge[1])
            meta.append((x._data.shape, x._data.dtype))
        node.n_in = n
        node._more_nodes = tuple(nodes)
        node._more_nrs = tuple(nrs)
        node._more_meta = tuple(meta)
    if node.needs_input_grad is None:
        node.needs_input_grad = _needs_grad(inputs)
    node.seq = _sequence_nr
    _sequence_nr += 1

cdef _attach(Node node, tuple inputs, object out):
    """Record node as the grad_fn of the outputs; returns the output tensor(s)."""
    cdef Py_ssize_t i
    cdef TensorBase r
    _set_edges(node, inputs)
    if type(out) is tuple:
        node.num_outputs = len(out)
        results = []
        ometa = []
        for i in range(len(out)):
            r = _new_tensor(out[i])
            if _is_float_kind(r._data):
                r._requires_grad = True
                r._grad_fn = node
                r._output_nr = i
            ometa.append((r._data.shape, r._data.dtype))
            results.append(r)
        node.output_meta = tuple(ometa)
        return tuple(results)
    r = _new_tensor(out)
    if _is_float_kind(r._data):     # integer/bool results (x.long()) are outside the graph
        r._requires_grad = True
        r._grad_fn = node
    return r


cdef dict _node_types = {}      # op -> (its Node subclass, whether its rule is a vjp on arrays)


cdef tuple _node_type_for(object op):
    """A Node subclass named after the op (type(y.grad_fn) is <class 'MulBackward0'>, as PyTorch),
    and whether the op declares a vjp(F, ctx, *grads) rule (run on arrays in plain backward)."""
    entry = _node_types.get(op)
    if entry is None:
        name = getattr(op, "name", None) or "Node"
        # torch::autograd::CopySlices is a type named CopySlices
        attrs = {"__module__": "builtins", "__doc__": "Backward node of %s." % name}
        # an op's ctx attributes with a default (Add's alpha): class attributes of its node type
        attrs.update(getattr(op, "ctx_defaults", None) or {})
        cls = type(str(name).rpartition("::")[2], (Node,), attrs)
        vjp = getattr(op, "vjp", None)
        entry = (cls, vjp is not None, vjp, _RULE_KERNELS.get(getattr(op, "rule_kernel", None), 0))
        _node_types[op] = entry
    return <tuple>entry


cdef inline Node _idle_ctx(object op):
    """The ctx of an op that is not recorded: a plain Node (never part of a graph)."""
    cdef Node n = Node.__new__(Node)
    n.op = op
    return n


cdef inline Node _make_node(object op):
    cdef tuple entry = _node_type_for(op)
    cdef Node n = <Node>pag_tp_new(<PyTypeObject*>entry[0], ())
    n.op = op
    n._array_rule = entry[1]
    n._vjp = entry[2]
    n._rule_kernel = entry[3]
    return n


def apply_op(op, tuple inputs, dict kwargs=None):
    """Run op.forward(ctx, *inputs, **kwargs) and record it if any input requires grad.

    `inputs` are the tensor inputs (already tensors); non-tensor options go in
    kwargs. forward returns an ndarray (or a tuple of them); the result is a
    tensor (or tuple of tensors). Inside vmap, an op with a batched input goes to its
    batching rule (vmap.pxi).
    """
    if _vmap_nlevels and _vmap_any(inputs):
        return _vmap_dispatch(op, inputs, kwargs)
    if _prof_active:
        token = _prof_enter(op, inputs)
        try:
            res = _apply_op(op, inputs, kwargs)
        except BaseException:
            _prof_exit(token, None)
            raise
        _prof_exit(token, res)
        return res
    return _apply_op(op, inputs, kwargs)


cdef object _apply_op(op, tuple inputs, dict kwargs):
    cdef bint record = pag_get_grad_enabled() and _any_requires_grad(inputs)
    cdef Node ctx = _make_node(op) if record else _idle_ctx(op)
    ctx._active = record
    if record:
        # known to forward, so it saves only what the needed gradients use
        ctx.needs_input_grad = _needs_grad(inputs)
        ctx._options = kwargs
        if _anomaly_enabled:
            _record_forward_trace(ctx)
    out = _call_forward(op, ctx, inputs, kwargs)
    if not record:
        result = tuple([_new_tensor(o) for o in out]) if type(out) is tuple else _new_tensor(out)
        if _fw_nlevels and _fw_any(inputs):
            _fw_propagate(op, ctx, inputs, kwargs, result)
        return result
    result = _attach(ctx, inputs, out)
    if _fw_nlevels and _fw_any(inputs):     # forward AD (forward.pxi): before the result is saved
        _fw_propagate(op, ctx, inputs, kwargs, result)
    if ctx.save_result:
        ctx._saved_out = _save_output(result if type(result) is not tuple else _tensor_arg(result[0]), 0)
    _untrack_node(ctx)
    return result


_ERR_LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."


cdef bint _repeats_elements(object data):
    """PyTorch's has_internal_overlap(...) == YES: a non-empty array with a stride-0 dim of size > 1."""
    if not isinstance(data, _ndarray):
        return False
    cdef PyArrayObject *p = <PyArrayObject *>data
    cdef int k
    cdef bint repeated = False
    cdef npy_intp *dims = PyArray_DIMS(p)
    cdef npy_intp *strides = PyArray_STRIDES(p)
    for k in range(PyArray_NDIM(p)):
        if dims[k] == 0:
            return False
        if strides[k] == 0 and dims[k] > 1:
            repeated = True
    return repeated


cdef int _check_overlap(object data) except -1:
    """PyTorch's error for a write into a tensor whose elements share memory (x.expand(2, 3)
    of a (1, 3) x: NumPy's read-only broadcast view); checked before anything changes.
    As PyTorch (has_internal_overlap), an empty tensor never overlaps. A read-only view that
    does not overlap (a row of an expanded tensor, an empty expand) is written through as in
    PyTorch: it is made writable (NumPy refuses that when the memory's owner is read-only, as
    the shared constants are; an owner array itself is never touched). A writable array can
    repeat elements too (x.as_strided((2, 2), (0, 1))): the strides are read in C for every write."""
    if _repeats_elements(data):
        raise RuntimeError("unsupported operation: more than one element of the written-to tensor "
                           "refers to a single memory location. Please clone() the tensor before "
                           "performing the operation.")
    if not data.flags.writeable:
        if data.base is not None:
            try:
                data.flags.writeable = True
            except ValueError:
                pass
    return 0


def check_inplace(TensorBase self not None):
    """Raise PyTorch's error for an in-place change of a leaf that requires grad (or of an inference
    tensor outside inference mode)."""
    if pag_get_grad_enabled() and self._requires_grad and self._grad_fn is None:
        raise RuntimeError(_ERR_LEAF_INPLACE)
    _check_inference_write(self)
    _check_overlap(self._data)


def apply_inplace(op, TensorBase self not None, tuple others, dict kwargs=None):
    """In-place version of apply_op: writes op's result into self and rebases its grad_fn.

    The forward rule sees a copy of self's old value when recording (so saved
    tensors are not clobbered by the write); the write bumps the version
    counter shared with every view and alias of self.
    """
    if _vmap_nlevels and (_is_batched(self) or _vmap_any(others)):
        return _vmap_dispatch_inplace(op, self, others, kwargs)
    if _prof_active:
        token = _prof_enter(op, (self,) + others)
        try:
            res = _apply_inplace(op, self, others, kwargs)
        finally:
            _prof_exit(token, None)     # an in-place op allocates no result
        return res
    return _apply_inplace(op, self, others, kwargs)


cdef object _apply_inplace(op, TensorBase self, tuple others, dict kwargs):
    cdef Node ctx = _make_node(op)
    cdef TensorBase shadow
    cdef bint record = pag_get_grad_enabled() and (_req(self) or _any_requires_grad(others))
    cdef bint is_view = self._base is not None
    # PyTorch's check_inplace, in its order: the view's creation, a view of a leaf, a leaf
    if record and is_view:
        if self._creation_meta != CM_DEFAULT:
            raise RuntimeError(_view_rebase_error(self, False))
        if _req(self) and self._base._grad_fn is None:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place "
                               "operation.")
    if record and self._requires_grad and self._grad_fn is None:
        raise RuntimeError(_ERR_LEAF_INPLACE)
    _check_inference_write(self)
    # fill_/zero_ (and a checked index_put_) write through repeated elements (an expand) without
    # PyTorch's overlap check; recorded, they go through the base (CopySlices)
    if not (record and is_view and not self._data.flags.writeable
            and getattr(op, "writes_through_overlap", False)):
        _check_overlap(self._data)
    if record and is_view:
        return _inplace_on_view(op, self, others, kwargs)
    cdef VersionCounter vc
    cdef bint fw = _fw_nlevels and _fw_any((self,) + others)
    if not record and not fw and kwargs is None and len(others) == 1:
        # x += y outside the graph (an optimizer's update): write straight into x's
        # array instead of computing out of place and copying back (no extra buffer)
        uf = _inplace_ufuncs.get(op)
        if uf is not None:
            _call_inplace_ufunc(uf, self._data, _tensor_arg(others[0])._data)
            vc = self._get_vc()
            vc.value += 1
            _note_change(vc, op)
            return self
    ctx._active = record
    if record:
        shadow = _new_tensor(self._data.copy())
        shadow._requires_grad = self._requires_grad
        shadow._grad_fn = self._grad_fn
        shadow._output_nr = self._output_nr
        shadow._acc_ref = self._acc_ref
    elif fw:
        shadow = _new_tensor(self._data.copy())     # the old value, for the jvp rule
    else:
        shadow = self
    inputs = (shadow,) + others
    if record:
        ctx.needs_input_grad = _needs_grad(inputs)
        if _anomaly_enabled:
            _record_forward_trace(ctx)
    out = _call_forward(op, ctx, inputs, kwargs)
    if out is not self._data:
        np.copyto(self._data, out, casting="same_kind")
    vc = self._get_vc()
    vc.value += 1
    _note_change(vc, op)
    if record:
        _attach_inplace(ctx, inputs, self)
    if fw:      # forward AD (forward.pxi): after self has its new history, before it is saved
        _fw_propagate_inplace(op, ctx, inputs, kwargs, self)
    if record:
        if ctx.save_result:
            ctx._saved_out = _save_output(self, 0)
        _untrack_node(ctx)
    return self


cdef object _inplace_on_view(op, TensorBase view, tuple others, dict kwargs):
    """An in-place op on a view, recorded as PyTorch does: the op runs out of place on the view's
    value, the result is written into the base (recorded as CopySlices, so the base's history
    includes the change), and the view's history is regenerated from the new base."""
    cdef TensorBase shadow
    cdef TensorBase base = view._base
    pos = _positions_in_base(view)
    if _stale(view):
        _regenerate_view(view, pos)
    shadow = _new_tensor(view._data.copy())
    shadow._requires_grad = view._requires_grad
    shadow._grad_fn = view._grad_fn
    shadow._output_nr = view._output_nr
    shadow._acc_ref = view._acc_ref
    if _fw_nlevels:
        _fw_copy_to_shadow(shadow, view)
    result = apply_op(op, (shadow,) + others, kwargs)
    _view_write(base, view, result, pos)
    _note_change(base._get_vc(), op)         # the op itself, not the CopySlices write into the base
    _regenerate_view(view, pos)
    cdef Node node = _tensor_arg(result)._grad_fn
    if node is not None and node._saved_out is not None:
        # the op's saved result is the view itself, as in PyTorch: a later in-place change of the
        # base (or of another view of it) makes the backward raise the version error
        node._saved_out = _save_output(view, 0)
        node._saved_out.owner = "AsStrided"     # the view's regenerated history, as PyTorch names it
        node._saved_out.view_fn_ref = None if view._grad_fn is None else weakref.ref(view._grad_fn)
    return view


cdef _attach_inplace(Node node, tuple inputs, TensorBase self):
    cdef Node old = self._grad_fn
    _set_edges(node, inputs)
    self._requires_grad = True
    self._grad_fn = node
    self._output_nr = 0
    if self._retains_grad:
        _move_retain_grad(self, old)


def _rebase_outputs(Node node not None, tuple inputs, tuple outputs):
    """Make `outputs` (tensors made under no_grad by a custom Function) outputs of node.
    A tensor listed twice is one output, numbered by its last position (as PyTorch)."""
    cdef TensorBase r
    for o in outputs:
        _tensor_arg(o)
    _set_edges(node, inputs)
    node.num_outputs = len(outputs)
    ometa = []
    for i in range(len(outputs)):
        r = <TensorBase>outputs[i]
        ometa.append((r._data.shape, r._data.dtype))
        if r._data.dtype.kind in 'fc':
            r._requires_grad = True
            r._grad_fn = node
            r._output_nr = i
    node.output_meta = tuple(ometa)


def _new_node(op):
    cdef Node n = _make_node(op)
    n._active = True
    if _anomaly_enabled:
        _record_forward_trace(n)
    return n
