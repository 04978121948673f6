# Graph nodes and saved tensors.
#
# A Node is what PyTorch calls a grad_fn: it records, for one op application,
# the edges to the nodes that produced its inputs (next_nodes/next_nrs), a sequence
# number (creation order, used to schedule the backward pass), the shapes and
# dtypes of its inputs (so the engine can reduce broadcast gradients and check
# shapes) and the tensors its backward rule needs (saved tensors, each with the
# version it was saved at). The node is also the `ctx` the op's forward and
# backward receive, as in torch.autograd.Function.

cdef long long _sequence_nr = 0
cdef long long _live_nodes = 0


def _live_node_count():
    """Number of Node objects alive (a debug counter used by the tests)."""
    return _live_nodes


# PyTorch's names of a dtype: ScalarType (Float), C++ type (float), legacy type (FloatTensor)
cdef dict _DTYPE_NAMES = {
    "float64": ("Double", "double"), "float32": ("Float", "float"), "float16": ("Half", "c10::Half"),
    "bfloat16": ("BFloat16", "c10::BFloat16"), "int64": ("Long", "long int"), "int32": ("Int", "int"),
    "int16": ("Short", "short int"), "int8": ("Char", "signed char"), "uint8": ("Byte", "unsigned char"),
    "bool": ("Bool", "bool"), "complex64": ("ComplexFloat", "c10::complex<float>"),
    "complex128": ("ComplexDouble", "c10::complex<double>"),
}


cdef str _scalar_type_name(object npdtype):
    e = _DTYPE_NAMES.get(str(npdtype))
    return e[0] if e is not None else str(npdtype)


cdef str _c_type_name(object npdtype):
    e = _DTYPE_NAMES.get(str(npdtype))
    return e[1] if e is not None else str(npdtype)


import re as _re
_OPERATOR_METHODS = {"__iadd__": "+=", "__isub__": "-=", "__imul__": "*=", "__itruediv__": "/="}


cdef str _change_text(object change, object node):
    """What PyTorch's version error does not say: which in-place change came last (with its
    file:line and the line of the forward call that saved the tensor under anomaly detection)."""
    if change is None:
        return ""
    line = None
    if isinstance(change, tuple):
        change, line = change
    if isinstance(change, str):
        what = ("the in-place operator %s" % _OPERATOR_METHODS[change]) if change in _OPERATOR_METHODS else change
    else:
        fn = getattr(change, "fn", None)
        if not isinstance(fn, str):
            # the op's grad_fn name without "Backward<n>", in snake case: ClampMinBackward0 -> clamp_min
            base = _re.sub(r"Backward\d*$", "", str(getattr(change, "name", getattr(change, "__name__", "?"))))
            fn = _re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", base.rpartition("::")[2]).lower()
        what = "the in-place op %s_" % fn
    text = " It was last changed by %s%s" % (what, (" at " + line) if line else "")
    saved_at = None
    if _anomaly_enabled and node is not None:
        trace = node.metadata.get("traceback_")
        if trace:
            last = trace[-1].strip().splitlines()[0].strip()        # 'File "x.py", line 3, in f'
            saved_at = last
    if saved_at:
        text += "; the tensor was saved by the forward call (%s)" % saved_at
    return text + "."


cdef str _type_name(object data):
    """PyTorch's legacy type name of an array's tensor: torch.FloatTensor; the types without a
    legacy tensor class are named CPUBoolType, CPUComplexFloatType, CPUBFloat16Type."""
    e = _DTYPE_NAMES.get(str(data.dtype))
    if e is None:
        return "torch.Tensor"
    if e[0] in ("Bool", "BFloat16", "ComplexFloat", "ComplexDouble"):
        return "CPU%sType" % e[0]
    return "torch.%sTensor" % e[0]


cdef str _sizes_str(tuple shape):
    return "[" + ", ".join([str(s) for s in shape]) + "]"


_ERR_FREED = (
    "Trying to backward through the graph a second time (or directly access saved "
    "tensors after they have already been freed). Saved intermediate values of the "
    "graph are freed when you call .backward() or autograd.grad(). Specify "
    "retain_graph=True if you need to backward through the graph a second time or "
    "if you need to access saved tensors after calling backward.")


@cython.trashcan(True)
@cython.final
cdef class SavedTensor:
    """A tensor saved for backward, with the version it had when saved.

    Inputs are kept as the tensor object itself. An op's own output is kept as
    its data only (holding the output tensor would make a reference cycle
    output -> node -> output); unpacking rebuilds a tensor whose grad_fn is the
    node, so double backward through the output still works.
    """
    cdef TensorBase tensor       # saved input (None for a saved output)
    cdef object data             # saved output's array
    cdef VersionCounter vc
    cdef long long version
    cdef bint is_output
    cdef int output_nr
    cdef bint out_requires_grad
    cdef str owner               # the node the error names, when not the saving node (None)
    cdef object view_fn_ref      # weakref to the grad_fn of a view saved as an output (see _unpack)
    cdef dict fw_grads           # a saved output's tangents (forward AD: forward.pxi)
    cdef object packed           # saved_tensors_hooks: what pack_hook returned (the tensor is not kept)
    cdef object unpack_hook      # ... and the unpack_hook that gives it back (None: no hooks)

    def __repr__(self):
        return "<SavedTensor output=%s version=%d>" % (self.is_output, self.version)

    def register_hooks(self, pack_hook, unpack_hook):
        """Keep this saved tensor as pack_hook(tensor) (called now) and give backward
        unpack_hook(packed) (torch's SavedTensor.register_hooks)."""
        if not (callable(pack_hook) and callable(unpack_hook)):
            raise TypeError("register_hooks(): incompatible function arguments. The following argument types are "
                            "supported:\n    1. (self: torch._C._autograd.SavedTensor, arg0: Callable, arg1: Callable) "
                            "-> None")
        if self.unpack_hook is not None:
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already been set. Hint: only "
                               "one pair of hooks is allowed at a time.")
        t = self.tensor if not self.is_output else _new_tensor(self.data)
        self.packed = pack_hook(t)
        self.unpack_hook = unpack_hook
        self.tensor = None
        self.vc = VersionCounter.__new__(VersionCounter)
        self.version = 0


# saved_tensors_hooks (pyautograd/autograd/graph.py): while any thread has hooks on, _saved_hooks()
# gives this thread's innermost (pack_hook, unpack_hook), or None
cdef int _n_saved_hooks = 0
cdef object _saved_hooks = None


def _set_saved_tensors_hooks(int active, current):
    """How many saved_tensors_hooks contexts are open (in any thread) and the function giving
    the calling thread's innermost hooks."""
    global _n_saved_hooks, _saved_hooks
    _n_saved_hooks = active
    _saved_hooks = current


cdef bint _pack(SavedTensor s, TensorBase t) except -1:
    """Save t through the thread's pack hook, if there is one: the packed value is kept instead
    of the tensor, and no version check is made (PyTorch's behaviour with hooks)."""
    hooks = _saved_hooks() if _saved_hooks is not None else None
    if hooks is None:
        return False
    s.packed = hooks[0](t)
    s.unpack_hook = hooks[1]
    s.vc = VersionCounter.__new__(VersionCounter)
    s.version = 0
    return True


cdef TensorBase _unpacked(SavedTensor s):
    r = s.unpack_hook(s.packed)
    if not isinstance(r, TensorBase):
        raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got result of type %s"
                        % _typename(r))
    return <TensorBase>r


cdef SavedTensor _save_input(TensorBase t):
    if t._inference:
        raise RuntimeError(_ERR_INFERENCE_SAVE)
    cdef SavedTensor s
    if _n_saved_hooks:
        s = SavedTensor.__new__(SavedTensor)
        s.is_output = False
        if _pack(s, t):
            return s
    return _save_input_unhooked(t)


cdef SavedTensor _save_input_unhooked(TensorBase t):
    if t._inference:
        raise RuntimeError(_ERR_INFERENCE_SAVE)
    cdef SavedTensor s = SavedTensor.__new__(SavedTensor)
    s.is_output = False
    s.tensor = t
    s.vc = t._get_vc()
    s.version = s.vc.value
    return s


cdef SavedTensor _save_output(TensorBase t, int output_nr):
    if t._inference:
        raise RuntimeError(_ERR_INFERENCE_SAVE)
    cdef SavedTensor s = SavedTensor.__new__(SavedTensor)
    if _n_saved_hooks and _pack(s, t):
        s.is_output = True
        s.output_nr = output_nr
        s.out_requires_grad = t._requires_grad
        return s
    s.data = t._data
    s.vc = t._get_vc()
    s.version = s.vc.value
    s.is_output = True
    s.output_nr = output_nr
    s.out_requires_grad = t._requires_grad
    s.fw_grads = t._fw_grads
    # It refers only to an array and a counter, so it can never be part of a
    # reference cycle: keep it out of the cyclic GC's scans (long graphs).
    PyObject_GC_UnTrack(<void*>s)
    return s


cdef str _short_name(str name):
    """The node name PyTorch 2.13 puts in the version error: SinBackward0 -> Sin,
    MaxBackward1 -> Max1, CopySlices -> torch::autograd::CopySlices."""
    cdef Py_ssize_t i = name.rfind("Backward")
    if i > 0 and name[i + 8:].isdigit():
        return name[:i] + ("" if name[i + 8:] == "0" else name[i + 8:])
    if "::" not in name and "Backward" not in name:
        return "torch::autograd::" + name
    return name


cdef object _unpack(SavedTensor s, Node node):
    cdef TensorBase t
    if s.unpack_hook is not None:
        t = _unpacked(s)
        if not s.is_output:
            return t
        # an op's own output: the unpacked values as that output (its grad_fn the node)
        r = _new_tensor(t._data)
        r._vc = t._get_vc()
        if s.out_requires_grad:
            r._requires_grad = True
            r._grad_fn = node
            r._output_nr = s.output_nr
        return r
    if s.vc.value != s.version:
        if s.is_output:
            shape = s.data.shape
            tname = _type_name(s.data)
            where = ", which is output %d of %s," % (s.output_nr, s.owner or _short_name(node.name()))
        else:
            # an op's internal dtype-cast copy of its operand is checked as that operand (PyTorch
            # saves the operand itself: pyautograd._ops._cast)
            t = getattr(s.tensor, "_cast_src", s.tensor)
            shape = t._data.shape
            tname = _type_name(t._data)
            gf = t._grad_fn
            if gf is None:
                where = ""
            elif t._base is not None and gf.num_outputs == 1:
                # a view whose base (or itself) changed since: PyTorch regenerates its grad_fn
                # as AsStridedBackward0 when the saved view is unpacked
                where = ", which is output 0 of AsStrided,"
            else:
                where = ", which is output %d of %s," % (t._output_nr, _short_name(gf.name()))
        raise RuntimeError(
            "one of the variables needed for gradient computation has been modified by an "
            "inplace operation: [%s %s]%s is at version %d; expected version %d instead. %s%s"
            % (tname, _sizes_str(shape), where, s.vc.value, s.version,
               "Hint: the backtrace further above shows the operation that failed to compute its "
               "gradient. The variable in question was changed in there or anywhere later. Good luck!"
               if _anomaly_enabled else
               "Hint: enable anomaly detection to find the operation that failed to compute its "
               "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).",
               _change_text(s.vc.last_change, node)))
    if not s.is_output:
        return s.tensor
    t = _new_tensor(s.data)
    t._vc = s.vc
    t._fw_grads = s.fw_grads
    if s.view_fn_ref is not None:
        # the result of an in-place op on a view is the view, whose history is its regenerated
        # grad_fn (held weakly, as PyTorch: that history leads back to this node)
        view_fn = s.view_fn_ref()
        if view_fn is not None:
            t._requires_grad = True
            t._grad_fn = view_fn
        return t
    if s.out_requires_grad:
        t._requires_grad = True
        t._grad_fn = node
        t._output_nr = s.output_nr
    return t


cdef inline object _edge_to(Node n, Py_ssize_t i):
    """The node input i's gradient goes to (or None)."""
    if n._more_nodes is not None:
        return (<tuple>n._more_nodes)[i]
    return n.e0 if i == 0 else n.e1


cdef inline int _edge_nr(Node n, Py_ssize_t i):
    if n._more_nrs is not None:
        return (<tuple>n._more_nrs)[i]
    return n.r0 if i == 0 else n.r1


cdef inline tuple _edge_meta(Node n, Py_ssize_t i):
    """(shape, dtype) of input i."""
    if n._more_meta is not None:
        return <tuple>(<tuple>n._more_meta)[i]
    return <tuple>(n.m0 if i == 0 else n.m1)


cdef inline object _scalar_if_0d(object a):
    if type(a) is _ndarray and PyArray_NDIM(<PyArrayObject *>a) == 0:
        return PyArray_Scalar(PyArray_DATA(<PyArrayObject*>a), PyArray_DESCR_ptr(<PyArrayObject*>a), <PyObject*>a)
    return a


@cython.trashcan(True)
cdef class Node:
    """A node of the backward graph: a result's grad_fn (torch.autograd.graph.Node), and the ctx a
    custom Function's forward and backward receive (torch.autograd.function.FunctionCtx).

    name() is the node's class name (MulBackward0), next_functions the (node, output index) pairs
    its gradients go to, register_hook / register_prehook add hooks on its gradients; as a ctx,
    save_for_backward, saved_tensors, mark_dirty, mark_non_differentiable and
    set_materialize_grads.

    Example::

        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (x * 2).sum()
        >>> y.grad_fn.name(), isinstance(y.grad_fn, pa.autograd.graph.Node)
        ('SumBackward0', True)
        >>> y.grad_fn.next_functions
        ((<MulBackward0 object at 0x...>, 0),)
    """
    # op: the declaration whose rule computes the gradients for the inputs. The edges are C
    # fields: per tensor input, the node its gradient goes to (None when it needs none), which
    # output of that node it is, and the input's (shape, dtype); inputs 0 and 1 in fields of
    # their own (most ops have one or two), more inputs in three tuples. next_nodes, next_nrs and
    # input_meta are tuples built when read (graph inspection; the engine reads the fields).
    cdef public object op
    cdef Py_ssize_t n_in              # tensor inputs (edges)
    cdef object e0, e1                # the Node input 0 / 1's gradient goes to, or None
    cdef int r0, r1                   # ... which output of that node it is
    cdef object m0, m1                # input 0 / 1's (shape, dtype)
    cdef tuple _more_nodes, _more_nrs, _more_meta   # n_in > 2: all edges, as tuples
    cdef readonly long long seq
    cdef readonly tuple output_meta     # per output: (shape, dtype)
    cdef readonly int num_outputs
    cdef public tuple needs_input_grad
    cdef list _saved                  # SavedTensor per saved slot (or None)
    cdef SavedTensor _saved_out       # the op's own output, when save_result is set
    cdef public bint save_result      # set by a forward rule whose backward uses `ctx.result`
    cdef readonly bint _released
    cdef public bint _active          # False while the op runs without recording
    cdef public bint materialize_grads
    cdef public bint _lazy_saved      # custom Function: saved tensors are checked when unpacked only
    cdef public dict _options         # the op's keyword options (grad_fn._saved_dim, _saved_alpha, ...)
    cdef public bint _defer_pack      # custom Function's forward running: save_for_backward keeps the
                                      # tensors; saved_tensors_hooks pack them once, when forward returns
    cdef readonly bint _gc_untracked  # kept out of the cyclic GC (see _untrack_node)
    cdef object _vjp                  # the op's vjp (looked up once per op, see _node_type_for)
    cdef int _rule_kernel             # its compiled 0-d form (engine.pxi _rule_0d), 0 if none
    cdef readonly bint _array_rule    # the op's rule is a vjp(F, ctx, *grads) written against a rule
                                      # namespace: plain backward runs it on arrays (see engine.pxi)
    cdef readonly list _pre_hooks     # (output_nr, fn): tensor hooks, then retain_grad, then node
                                      # pre-hooks (nr -1), the order PyTorch runs them in
    cdef readonly list _post_hooks
    cdef public tuple _non_differentiable
    cdef public object _dirty
    cdef object _metadata
    cdef dict __dict__
    cdef object __weakref__

    def __cinit__(self):
        global _live_nodes
        _live_nodes += 1
        self.num_outputs = 1
        self.materialize_grads = True

    def __dealloc__(self):
        global _live_nodes
        _live_nodes -= 1

    def __setattr__(self, name, value):
        # a user attribute may close a cycle through this node (y.grad_fn.foo = y): back into the GC
        _track_node(self)
        PyObject_GenericSetAttr(self, name, value)

    # ---- ctx API used by forward rules and custom Functions ---------------
    def save_for_backward(self, *tensors):
        """Save tensors (or None) for backward; checked against in-place changes."""
        if not self._active:
            return
        saved = []
        for t in tensors:
            if t is None:
                saved.append(None)
            elif isinstance(t, TensorBase):
                saved.append(_save_input_unhooked(<TensorBase>t) if self._defer_pack else _save_input(<TensorBase>t))
            else:
                raise TypeError("save_for_backward can only save variables, but argument %d is of type %s"
                                % (len(saved), type(t).__name__))
        self._saved = saved

    def save_for_forward(self, *tensors):
        """Save tensors (or None) for a custom Function's jvp (forward AD), where they are
        ctx.saved_tensors."""
        for t in tensors:
            if not (t is None or isinstance(t, TensorBase)):
                raise AssertionError("save_for_forward expects all arguments to be tensors; you should save "
                                     "non-tensors as attributes on ctx.")
        self.saved_for_forward = tensors

    def _save_as_output(self, int slot, TensorBase t not None, int output_nr):
        """Turn saved slot `slot` into a saved output (used once outputs exist)."""
        if self._saved is not None:
            self._saved[slot] = _save_output(t, output_nr)

    def _saved_slots(self):
        return [None if s is None else ((<SavedTensor>s).tensor if (<SavedTensor>s).unpack_hook is None
                                        else _unpacked(<SavedTensor>s)) for s in self._saved] if self._saved else []

    @property
    def saved_tensors(self):
        if self._released:
            raise RuntimeError(_ERR_FREED)
        if self._saved is None:
            return ()
        return tuple([None if s is None else _unpack(<SavedTensor>s, self) for s in self._saved])

    def _saved_arrays(self):
        """The saved tensors' arrays, for a rule running on arrays (plain backward): the same
        checks as saved_tensors, no tensor made; 0-d values as NumPy scalars (arithmetic on
        them costs a tenth of that on 0-d arrays)."""
        cdef SavedTensor s
        if self._released:
            raise RuntimeError(_ERR_FREED)
        if self._saved is None:
            return ()
        out = []
        for x in self._saved:
            if x is None:
                out.append(None)
                continue
            s = <SavedTensor>x
            if s.unpack_hook is not None:
                out.append(_scalar_if_0d(_unpacked(s)._data))
                continue
            if s.vc.value != s.version:
                _unpack(s, self)        # raises the version error
            out.append(_scalar_if_0d(s.data if s.is_output else s.tensor._data))
        return tuple(out)

    def _result_array(self):
        """The saved result's array (see _saved_arrays)."""
        if self._released:
            raise RuntimeError(_ERR_FREED)
        if self._saved_out is None:
            raise RuntimeError("this node saved no result (its forward did not set ctx.save_result)")
        if self._saved_out.unpack_hook is not None:
            return _scalar_if_0d(_unpacked(self._saved_out)._data)
        if self._saved_out.vc.value != self._saved_out.version:
            _unpack(self._saved_out, self)
        return _scalar_if_0d(self._saved_out.data)

    @property
    def result(self):
        """The op's output, for backward rules that use it (exp, tanh, sqrt...); in a custom
        Function, whatever its forward stored as ctx.result (PyTorch's ctx takes any attribute)."""
        d = (<object>self).__dict__
        if self._saved_out is None and d and "result" in d:
            return d["result"]
        if self._released:
            raise RuntimeError(_ERR_FREED)
        if self._saved_out is None:
            raise RuntimeError("this node saved no result (its forward did not set ctx.save_result)")
        return _unpack(self._saved_out, self)

    @result.setter
    def result(self, value):
        _track_node(self)
        (<object>self).__dict__["result"] = value

    @result.deleter
    def result(self):
        del (<object>self).__dict__["result"]

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = tensors

    def set_materialize_grads(self, bint value):
        self.materialize_grads = value

    # ---- saved values by name (PyTorch's grad_fn._saved_<name> / _raw_saved_<name>) ------------
    def __getattr__(self, str attr):
        # reached only for names the node does not have: _saved_<name> of its saved tensors (named by
        # the op's `saved_names`, else self / other in saving order; its result "result"), of its
        # input's sizes (self_sym_sizes) and of its options kept on the ctx (dim, alpha, ...)
        cdef SavedTensor st
        raw = attr.startswith("_raw_saved_")
        if not (raw or attr.startswith("_saved_")):
            raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, attr))
        key = attr[11:] if raw else attr[7:]
        slots = self._saved or []
        names = getattr(self.op, "saved_names", None) or ("self", "other", "third")[:len(slots)]
        found = None
        if key == "result" and self._saved_out is not None:
            found = self._saved_out
        elif key in names and names.index(key) < len(slots):
            found = slots[names.index(key)]
        elif self._released and key in names:
            raise RuntimeError(_ERR_FREED)
        if found is not None or (key in names and not raw):
            if raw:
                return found
            if self._released:
                raise RuntimeError(_ERR_FREED)
            return None if found is None else _unpack(<SavedTensor>found, self)
        if raw:
            raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, attr))
        if key == "self_sym_sizes" and self.n_in:
            return tuple(_edge_meta(self, 0)[0])
        if self._options is not None and key in self._options:
            return self._options[key]
        cls_attrs = type(self).__dict__     # an option at its default: the op's ctx_defaults
        if key in cls_attrs and not callable(cls_attrs[key]):
            return cls_attrs[key]
        d = (<object>self).__dict__
        if d is not None and key in d:
            return d[key]
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, attr))

    # ---- graph inspection -------------------------------------------------
    def name(self):
        op = self.op
        return op.name if op is not None else "AccumulateGrad"

    @property
    def next_nodes(self):
        return tuple([_edge_to(self, i) for i in range(self.n_in)])

    @property
    def next_nrs(self):
        return tuple([_edge_nr(self, i) for i in range(self.n_in)])

    @property
    def input_meta(self):
        return tuple([_edge_meta(self, i) for i in range(self.n_in)])

    @property
    def next_functions(self):
        return tuple([(_edge_to(self, i), _edge_nr(self, i)) for i in range(self.n_in)])

    @property
    def metadata(self):
        _track_node(self)
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def register_hook(self, fn):
        """fn(grad_inputs, grad_outputs) runs after this node computed its gradients."""
        _track_node(self)
        if self._post_hooks is None:
            self._post_hooks = []
        self._post_hooks.append(fn)
        return _RemovableHandle(self._post_hooks, fn)

    def register_prehook(self, fn):
        """fn(grad_outputs) runs before this node; may return replacement grads."""
        _track_node(self)
        if self._pre_hooks is None:
            self._pre_hooks = []
        entry = (-1, fn)
        self._pre_hooks.append(entry)
        return _RemovableHandle(self._pre_hooks, entry)

    cdef int _check_saved(self) except -1:
        """Before a built-in op's rule runs: every saved tensor is unpacked (freed-graph and
        version checks), as PyTorch's generated nodes unpack all of theirs, whether or not the
        rule uses them in this case (cumprod of a 0-d tensor, prod without zeros...)."""
        cdef SavedTensor s
        if self._released:
            raise RuntimeError(_ERR_FREED)
        if self._saved is not None:
            for x in self._saved:
                if x is not None:
                    s = <SavedTensor>x
                    if s.vc.value != s.version:
                        _unpack(s, self)
        if self._saved_out is not None and self._saved_out.vc.value != self._saved_out.version:
            _unpack(self._saved_out, self)
        return 0

    cdef void _release(self):
        """Free saved tensors after a pass without retain_graph (ctx attributes stay,
        as PyTorch keeps non-tensor saved values, so a node that saved no tensors can
        run again)."""
        if self._saved is not None or self._saved_out is not None:
            self._saved = None
            self._saved_out = None
            self._released = True

    def __call__(self, *grads):
        return self.op.backward(self, *grads)

    def __repr__(self):
        return "<%s object at %s>" % (type(self).__name__, hex(id(self)))


# ---- built-in nodes outside the cyclic GC ----------------------------------------------------
# A graph is acyclic and freed by reference counting; what the collector would find in it costs
# 0.2-8 us per live node and op (DESIGN.md section 7). A built-in op's node refers only to older
# nodes, arrays, shapes and its saved tensors, so it cannot be part of a cycle until user code
# hangs something on it (an attribute, metadata, a hook): then it is tracked again. Nodes
# recorded inside a create_graph backward stay tracked (x.grad's graph may save x: a cycle).
# What stays uncollected: a cycle user code closes through a tensor or an older node to a newer
# tensor (x.foo = x * 2; y.grad_fn.metadata["z"] = y * 2), which PyTorch 2.13 does not collect
# either (the cycle through the node itself, y.grad_fn.foo = y, is collected: it re-tracks).

cdef bint _acyclic_value(object v, int depth):
    """v cannot lead back to a node: an array, a number, a string, a dtype, a slice, or a tuple of
    those (nested twice at most)."""
    t = type(v)
    if v is None or t is _ndarray or t is int or t is float or t is bool or t is str or t is slice \
            or t is complex or isinstance(v, (np.generic, np.dtype)):
        return t is not _ndarray or (<object>v).dtype.kind != "O"
    if t is tuple and depth < 3:
        for x in <tuple>v:
            if not _acyclic_value(x, depth + 1):
                return False
        return True
    return False


cdef int _untrack_node(Node n) except -1:
    """Take a just-recorded built-in node (and its saved-tensor list) out of the cyclic GC when
    nothing it holds can lead back to it."""
    if pag_get_graph_backward() or n._metadata is not None or n._pre_hooks or n._post_hooks:
        return 0
    d = _instance_dict(n)
    if d:
        for v in (<dict>d).values():
            if not _acyclic_value(v, 0):
                return 0
    if PyObject_GC_IsTracked(n):
        PyObject_GC_UnTrack(<void*>n)
        n._gc_untracked = True
    # what is reachable only through it (its tuples, dict, saved list and saved tensors) leaves
    # the collector's scans as well: untracked or not, none of it could be collected before it
    _untrack_if_tracked(n._saved)
    _untrack_if_tracked(n.needs_input_grad)
    _untrack_if_tracked(d)
    _untrack_if_tracked(n.m0)
    _untrack_if_tracked(n.m1)
    _untrack_if_tracked(n._more_nodes)
    for c in (n._more_meta, n.output_meta):
        if c is not None:
            _untrack_if_tracked(c)
            for m in <tuple>c:
                _untrack_if_tracked(m)
    if n._saved is not None:
        for x in n._saved:
            if x is not None:
                _untrack_if_tracked(x)
    return 0


cdef inline void _untrack_if_tracked(object c):
    if c is not None and PyObject_GC_IsTracked(c):
        PyObject_GC_UnTrack(<void*>c)


cdef int _track_node(Node n) except -1:
    """Back into the cyclic GC, with what it holds that can lead to user objects."""
    if n._gc_untracked:
        n._gc_untracked = False
        PyObject_GC_Track(<void*>n)
        _track_if_untracked(n._more_nodes)
        if n._saved is not None:
            _track_if_untracked(n._saved)
            for x in n._saved:
                if x is not None:
                    _track_if_untracked(x)
    return 0


cdef inline void _track_if_untracked(object c):
    if c is not None and not PyObject_GC_IsTracked(c):
        PyObject_GC_Track(<void*>c)


class _RemovableHandle:
    def __init__(self, lst, entry):
        self._lst = lst
        self._entry = entry

    def remove(self):
        try:
            self._lst.remove(self._entry)
        except ValueError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.remove()


@cython.final
cdef class AccumulateGrad(Node):
    """Sink node of a leaf tensor: adds the arriving gradient into `.grad`."""
    cdef public TensorBase variable

    @property
    def next_functions(self):
        return ()

    def name(self):
        return "torch::autograd::AccumulateGrad"

    def __repr__(self):
        return "<AccumulateGrad object at %s>" % hex(id(self))


cdef AccumulateGrad _grad_accumulator(TensorBase t):
    """The leaf's AccumulateGrad node; the leaf only holds it weakly (as PyTorch)."""
    cdef AccumulateGrad acc
    if t._acc_ref is not None:
        acc = t._acc_ref()
        if acc is not None:
            return acc
    acc = AccumulateGrad.__new__(AccumulateGrad)
    acc.variable = t
    acc.seq = -1            # no edges (n_in 0)
    t._acc_ref = weakref.ref(acc)
    return acc
