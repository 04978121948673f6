# vmap (pyautograd/_vmap.py): the hook that hands an op with a batched input to its batching rule.
#
# A batched tensor (pyautograd._vmap.BatchedTensor) is a Tensor whose _data is a stand-in array of
# its *logical* shape, dtype and strides (of the type bound here), while the values live in a
# physical tensor with the batch dim in front. The Python layer's argument checks, dtype
# promotion and error texts therefore run on logical shapes, as they do in PyTorch's vmap; the
# op itself never runs on the stand-in: apply_op / apply_inplace pass an op with a batched input
# to the batching dispatcher, which runs the op's batching rule on physical tensors. Code outside
# vmap pays one integer test per op.

cdef int _vmap_nlevels = 0           # active vmap levels
cdef object _vmap_dispatch = None    # (op, inputs, kwargs) -> result
cdef object _vmap_dispatch_inplace = None   # (op, self, others, kwargs) -> self
cdef object _vmap_logical_type = None       # the type of a batched tensor's stand-in array
cdef object _vmap_public = None     # (kind, function, args, kwargs) -> result: public functions


def _vmap_set_hooks(dispatch, dispatch_inplace, logical_type, public):
    global _vmap_dispatch, _vmap_dispatch_inplace, _vmap_logical_type, _vmap_public
    _vmap_dispatch = dispatch
    _vmap_dispatch_inplace = dispatch_inplace
    _vmap_logical_type = logical_type
    _vmap_public = public


def vmap_call(kind, function, tuple args, dict kwargs):
    """A public function that works on arrays rather than through ops (comparisons, argmax),
    called with a batched argument inside vmap: vmap runs it on the physical tensors
    (pyautograd/ops/_common.py batched_public tells the kinds)."""
    return _vmap_public(kind, function, args, kwargs)


def vmap_wants(tuple args, dict kwargs):
    """Inside vmap, is any argument (or a tensor in a list/tuple argument) batched?"""
    if _vmap_nlevels == 0:
        return False
    for x in args:
        if _is_batched(x):
            return True
        if type(x) is tuple or type(x) is list:
            for y in x:
                if _is_batched(y):
                    return True
    if kwargs:
        for x in kwargs.values():
            if _is_batched(x):
                return True
    return False


def _vmap_enter():
    """A vmap level starts (in any thread: the count only gates the batched-input test)."""
    global _vmap_nlevels
    _vmap_nlevels += 1


def _vmap_exit():
    global _vmap_nlevels
    if _vmap_nlevels > 0:
        _vmap_nlevels -= 1


def _vmap_get_nlevels():
    return _vmap_nlevels


cdef inline bint _is_batched(object x):
    return isinstance(x, TensorBase) and type((<TensorBase>x)._data) is _vmap_logical_type


cdef bint _vmap_any(tuple inputs):
    for x in inputs:
        if _is_batched(x):
            return True
    return False


# ---- the profiler (pyautograd/autograd/profiler.py) ----------------------------------------------
# While a profiler is active, every op (forward: apply_op / apply_inplace, the compiled paths
# included) and every node a backward pass runs is an event: _prof_enter(what, inputs) -> token
# before, _prof_exit(token) after. Outside, one integer test per op and per node.
cdef int _prof_active = 0
cdef object _prof_enter = None
cdef object _prof_exit = None


def _prof_set_hooks(int active, enter, exit):
    global _prof_active, _prof_enter, _prof_exit
    _prof_active = active
    _prof_enter = enter
    _prof_exit = exit
