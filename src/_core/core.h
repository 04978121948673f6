/* Small C helpers for the core.
   The grad mode flag is read on every op: a C thread-local is one load, where a
   threading.local() lookup would cost a dict access per op. */
#ifndef PYAUTOGRAD_CORE_H
#define PYAUTOGRAD_CORE_H
#include <Python.h>

#if defined(_MSC_VER)
#define PAG_TLS __declspec(thread)
#else
#define PAG_TLS __thread
#endif

static PAG_TLS int pag_grad_enabled = 1;
static inline int pag_get_grad_enabled(void) { return pag_grad_enabled; }
static inline void pag_set_grad_enabled(int v) { pag_grad_enabled = v; }

/* Inference mode (torch.inference_mode): tensors made while it is on are inference tensors. */
static PAG_TLS int pag_inference = 0;
static inline int pag_get_inference(void) { return pag_inference; }
static inline void pag_set_inference(int v) { pag_inference = v; }

/* Leading batch dims of the gradients in the backward pass this thread is running (1 in a
   batched pass of autograd.grad(is_grads_batched=True), else 0). Per thread, because it is
   per pass: a batched pass in one thread must not change a plain pass in another. */
static PAG_TLS int pag_batch_ndim = 0;
static inline int pag_get_batch_ndim(void) { return pag_batch_ndim; }
static inline void pag_set_batch_ndim(int v) { pag_batch_ndim = v; }

/* Depth of create_graph backward passes this thread is running: nodes recorded inside one stay
   in the cyclic GC (a gradient's graph that saves its own leaf, x -> x.grad -> node -> x, is a
   cycle the collector must see). */
static PAG_TLS int pag_graph_backward = 0;
static inline int pag_get_graph_backward(void) { return pag_graph_backward; }
static inline void pag_set_graph_backward(int v) { pag_graph_backward = v; }

/* The kind character of an ndarray's dtype ('f', 'c', 'i', ...), without a Python attribute
   lookup (expanded where used, after NumPy's headers). */
#define PAG_KIND(arr) (PyArray_DESCR((PyArrayObject*)(arr))->kind)

/* Allocate an instance of the (Python) Tensor subclass without running
   __init__, as cheaply as the type allows. */
static inline PyObject* pag_tp_new(PyTypeObject* tp, PyObject* args) {
    return tp->tp_new(tp, args, NULL);
}

/* Allocate an instance of `sub` with the tp_new of its C base `base`: skips a
   Python-level __new__ defined on the subclass. */
static inline PyObject* pag_base_new(PyTypeObject* base, PyTypeObject* sub, PyObject* args) {
    return base->tp_new(sub, args, NULL);
}

/* Give a type of the core a bare name (type(node) prints <class 'AccumulateGrad'>, as PyTorch). */
static inline void pag_rename_type(PyTypeObject* t, const char* name) {
    PyObject* mod;
    t->tp_name = name;
    if (t->tp_dict) {
        mod = PyUnicode_FromString("builtins");
        if (mod) {
            PyDict_SetItemString(t->tp_dict, "__module__", mod);
            Py_DECREF(mod);
        }
        PyErr_Clear();
    }
    PyType_Modified(t);
}
#endif
