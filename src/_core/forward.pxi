# Forward-mode AD: the tangents tensors carry and the hook that propagates them through ops.
#
# A tensor's tangents live in TensorBase._fw_grads: None, or a dict {level: tangent tensor or
# None} (None: explicitly no tangent, unpack_dual's primal). A view without an entry of its own
# takes its base's tangent (pyautograd/autograd/forward_ad.py derives it). The Python layer
# (forward_ad) owns the levels and the jvp calls; the core only asks it to propagate when a
# dual level is active, propagation is not paused (a jvp rule computing tangents) and an input
# carries a tangent, so code outside forward AD pays one integer test per op.

cdef int _fw_nlevels = 0             # active dual levels
cdef bint _fw_paused = False         # True while a jvp rule runs (its ops propagate nothing)
cdef object _fw_propagate = None     # (op, ctx, inputs, kwargs, result) -> None
cdef object _fw_propagate_inplace = None   # (op, ctx, inputs, kwargs, self) -> None
cdef object _fw_copy_to_shadow = None      # (shadow, self): shadow gets self's tangent


def _fw_set_hooks(propagate, propagate_inplace, copy_to_shadow):
    global _fw_propagate, _fw_propagate_inplace, _fw_copy_to_shadow
    _fw_propagate = propagate
    _fw_propagate_inplace = propagate_inplace
    _fw_copy_to_shadow = copy_to_shadow


def _fw_set_nlevels(int n):
    global _fw_nlevels
    _fw_nlevels = n


def _fw_set_paused(bint paused):
    """Pause (or resume) tangent propagation; returns the previous state."""
    global _fw_paused
    prev = _fw_paused
    _fw_paused = paused
    return prev


def _fw_is_active():
    """A dual level exists and propagation is not paused."""
    return _fw_nlevels > 0 and not _fw_paused


cdef inline bint _has_fw(TensorBase t):
    return (t._fw_grads is not None and len(<dict>t._fw_grads) > 0) or \
        (t._base is not None and t._base._fw_grads is not None and len(<dict>t._base._fw_grads) > 0)


cdef inline bint _fw_any(tuple inputs):
    """Tangents must be propagated for an op on inputs."""
    if _fw_nlevels == 0 or _fw_paused:
        return False
    for x in inputs:
        if isinstance(x, TensorBase) and _has_fw(<TensorBase>x):
            return True
    return False


def _fw_has_tangent_entry(TensorBase t not None):
    return _has_fw(t)
