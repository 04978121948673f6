# cython: language_level=3
"""pyautograd._core: the compiled part of pyautograd.

Holds graph nodes and saved tensors (node.pxi), the tensor base type
(tensor.pxi) and the backward engine (engine.pxi). Everything the Python layer
does per op or per backward step that costs time lives here. The files are
`include`d so that they build as a single extension module.
"""
cimport cython
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF
import heapq
import weakref
import numpy as np

cdef extern from "core.h":
    int pag_get_grad_enabled()
    void pag_set_grad_enabled(int v)
    object pag_tp_new(PyTypeObject* tp, object args)

cdef extern from "Python.h":
    Py_ssize_t Py_REFCNT(object o)


def is_grad_enabled():
    """True when new operations are recorded for differentiation (thread-local)."""
    return bool(pag_get_grad_enabled())


def _set_grad_enabled(bint mode):
    pag_set_grad_enabled(mode)


include "node.pxi"
include "tensor.pxi"
include "engine.pxi"
