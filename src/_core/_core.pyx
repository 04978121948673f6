# cython: language_level=3
"""pyautograd._core: the compiled part of pyautograd.

Holds graph nodes and saved tensors (node.pxi), the tensor base type
(tensor.pxi) and the backward engine (engine.pxi). Everything the Python layer
does per op or per backward step that costs time lives here. The files are
`include`d so that they build as a single extension module.
"""
cimport cython
from libc.stdint cimport uint32_t, uint64_t
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.pythread cimport (PyThread_type_lock, PyThread_allocate_lock, PyThread_free_lock,
                               PyThread_acquire_lock, PyThread_release_lock, WAIT_LOCK, NOWAIT_LOCK)
import gc
from heapq import heappush, heappop
import weakref
import numpy as np

cdef extern from "core.h":
    int pag_get_grad_enabled()
    void pag_set_grad_enabled(int v)
    int pag_get_inference()
    void pag_set_inference(int v)
    int pag_get_batch_ndim()
    void pag_set_batch_ndim(int v)
    int pag_get_graph_backward()
    void pag_set_graph_backward(int v)
    object pag_tp_new(PyTypeObject* tp, object args)
    object pag_base_new(PyTypeObject* base, PyTypeObject* sub, object args)
    void pag_rename_type(PyTypeObject* t, const char* name)

cdef extern from "Python.h":
    Py_ssize_t Py_REFCNT(object o)
    void PyObject_GC_UnTrack(void* o)
    void PyObject_GC_Track(void* o)
    int PyObject_GC_IsTracked(object o)
    int PyObject_GenericSetAttr(object o, object name, object value) except -1
    PyObject** _PyObject_GetDictPtr(PyObject* o)


def is_grad_enabled():
    """True when new operations are recorded for differentiation (thread-local)."""
    return bool(pag_get_grad_enabled())


def _set_grad_enabled(bint mode):
    pag_set_grad_enabled(mode)


# Anomaly detection (global, as in PyTorch): record each op's forward traceback, name the
# node whose backward failed, and check backward results for NaN.
cdef bint _anomaly_enabled = False
cdef bint _anomaly_check_nan = True


def _set_anomaly_enabled(bint enabled, bint check_nan=True):
    global _anomaly_enabled, _anomaly_check_nan
    _anomaly_enabled = enabled
    _anomaly_check_nan = check_nan


def is_anomaly_enabled():
    return _anomaly_enabled


def is_anomaly_check_nan_enabled():
    return _anomaly_check_nan


cdef inline object _instance_dict(object o):
    """o's __dict__ if it has one already, else None (reading o.__dict__ would create it)."""
    cdef PyObject** p = _PyObject_GetDictPtr(<PyObject*>o)
    if p == NULL or p[0] == NULL:
        return None
    return <object>p[0]


import os as _os
import traceback as _traceback
cdef str _package_dir = _os.path.dirname(_os.path.abspath(__file__)) + _os.sep


cdef str _user_line():
    """file:line of the innermost frame outside pyautograd (the user's call)."""
    stack = _traceback.extract_stack()
    while stack and stack[-1].filename.startswith(_package_dir):
        stack.pop()
    return "%s:%d" % (stack[-1].filename, stack[-1].lineno) if stack else "?"


cdef void _record_forward_trace(object node):
    """The forward call's traceback up to the user's line (pyautograd's own frames dropped: some
    public functions are Python functions, others compiled entries with no frame)."""
    stack = _traceback.extract_stack()
    while stack and stack[-1].filename.startswith(_package_dir):
        stack.pop()
    node.metadata["traceback_"] = _traceback.format_list(stack)


cdef extern from "numpy/ndarraytypes.h":
    ctypedef struct PyArrayObject:
        pass
    ctypedef Py_ssize_t npy_intp
    int PyArray_FLAGS(PyArrayObject *arr)
    int PyArray_NDIM(PyArrayObject *arr)
    npy_intp *PyArray_DIMS(PyArrayObject *arr)
    npy_intp *PyArray_STRIDES(PyArrayObject *arr)
    int NPY_ARRAY_C_CONTIGUOUS
    int PyArray_TYPE(PyArrayObject *arr)
    object PyArray_NewLikeArray(PyArrayObject* prototype, int order, PyObject* descr, int subok)

# The NumPy C API for 0-d values: a float64 0-d array made and read without Python calls (the
# scalar path of 0-d tensors: np.asarray of a NumPy scalar costs 170 ns, this 40)
cdef extern from "numpy/arrayobject.h":
    object PyArray_SimpleNew(int nd, npy_intp* dims, int typenum)
    void* PyArray_DATA(PyArrayObject* arr)
    object PyArray_Scalar(void* data, PyObject* descr, PyObject* base)    # new reference
    PyObject* PyArray_DESCR_ptr "(PyObject*)PyArray_DESCR"(PyArrayObject* arr)   # borrowed
    char pag_kind "PAG_KIND"(object arr)       # the dtype's kind character (core.h)
    int _import_array() except -1
    enum:
        NPY_DOUBLE
        NPY_FLOAT
        NPY_ARRAY_UPDATE_ALL
    ctypedef struct PyTypeObject_np "PyTypeObject":
        pass
    PyTypeObject PyArray_Type
    object PyArray_NewFromDescr(PyTypeObject* subtype, PyObject* descr, int nd, npy_intp* dims,
                                npy_intp* strides, void* data, int flags, PyObject* obj)
    int PyArray_SetBaseObject(PyArrayObject* arr, PyObject* obj) except -1
    void PyArray_UpdateFlags(PyArrayObject* arr, int flagmask)

cdef extern from "Python.h":
    double PyFloat_AS_DOUBLE(object o)

_import_array()


# NumPy's floating-point error state, switched off around op forwards and plain-backward rules
from cpython.contextvars cimport PyContextVar_Set, PyContextVar_Reset

cdef object _err_cv = None          # NumPy's error-state context variable (NumPy >= 2)
cdef object _err_quiet = None       # its value with all floating-point warnings off


cdef _set_quiet_errstate(cv, quiet):
    """Op forwards run with NumPy's floating-point warnings off (PyTorch computes inf/nan
    silently); setting NumPy's context variable from C costs ~50 ns, np.errstate ~1 us."""
    global _err_cv, _err_quiet
    _err_cv = cv
    _err_quiet = quiet


cdef inline object _quiet_on():
    """Turn NumPy's floating-point warnings off; returns the token for _quiet_off."""
    if _err_cv is None:
        return None
    return PyContextVar_Set(_err_cv, _err_quiet)


cdef inline int _quiet_off(object token) except -1:
    if token is not None:
        PyContextVar_Reset(_err_cv, token)
    return 0


# NumPy's float types and the float64 dtype, compared by identity on the hot paths
cdef object _np_float64 = np.float64
cdef object _np_float32 = np.float32
cdef object _f64_dtype = np.dtype(np.float64)

include "node.pxi"
include "tensor.pxi"
include "engine.pxi"
include "fast.pxi"
include "forward.pxi"
include "vmap.pxi"
include "special.pxi"

pag_rename_type(<PyTypeObject*>AccumulateGrad, "AccumulateGrad")


def bind_python_layer(*, tensor_class, dtype_from_numpy, sum_to, zeros, copy_grad, array_rules,
                      view_positions, view_write, view_regenerate, iter_layout, fast_ops, slow_binary,
                      errstate_var, errstate_quiet):
    """The one place the Python layer hands the core what it needs from it (pyautograd/_bind.py
    calls it once, at import): imports go one way, the core never imports pyautograd.

    tensor_class: pyautograd.Tensor (what the core allocates); dtype_from_numpy: dtype objects;
    sum_to, zeros, copy_grad: the engine's differentiable reduction, zeros and gradient copy;
    array_rules: the rule namespace of plain backward; view_*: in-place on views; iter_layout:
    PyTorch's elementwise result layout; fast_ops / slow_binary: Add, Sub, Mul, Div, Neg, Mm and the
    Python forms of + - * /; errstate_var / errstate_quiet: NumPy's error-state context variable
    and its all-quiet value."""
    global _dtype_from_numpy
    _set_tensor_class(tensor_class)
    _dtype_from_numpy = dtype_from_numpy
    _set_engine_hooks(sum_to, zeros, copy_grad, array_rules)
    _set_view_hooks(view_positions, view_write, view_regenerate)
    _set_layout_hook(iter_layout)
    _set_fast_ops(fast_ops[0], fast_ops[1], fast_ops[2], fast_ops[3], fast_ops[4], fast_ops[5], slow_binary)
    _set_quiet_errstate(errstate_var, errstate_quiet)
