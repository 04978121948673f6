"""The Tensor class: PyTorch's tensor surface over the compiled TensorBase."""
import builtins
import warnings

import numpy as np

from . import _core, _ops, _numpy
from ._core import TensorBase, _make_tensor, apply_inplace, check_inplace
from ._dtype import (dtype, _dtype_from_numpy, to_numpy_dtype, get_default_dtype, scalar_dtype,
                     float16, float32, float64, int32, int64, bool_, _category)
from .ops._registry import PUBLIC, compose_doc, linear_jvp
from ._convert import _size, _full_array
from ._convert import Size, _data_from, _python_data_to, _check_int64, _PY_NUMBERS, _nested_to_array, _NUMBERS, _nested_error  # noqa: F401 - re-exported
from ._device import _CPU, _check_device, _check_cuda
from ._tensortype import _dtype_of_type
from . import _random
from ._tensor_str import tensor_repr
from ._backward import backward as _backward

__all__ = ["Tensor", "tensor", "Size"]


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new leaf tensor holding a copy of ``data`` (a number, a nested list or tuple of numbers or
    tensors, a NumPy array or a tensor).

    Without ``dtype`` the dtype is inferred as PyTorch infers it: bool for bools, ``int64`` for
    ints, the default dtype (``float32``) for Python floats, ``complex64`` for complex numbers,
    and a NumPy array's or tensor's own dtype. Ragged lists raise ValueError.

    Args:
        data: the values.
        dtype: the element type, inferred from ``data`` if not given.
        device: only the CPU exists (a CUDA device raises PyTorch's error).
        requires_grad: make the tensor a leaf that requires grad (floating point and complex
            dtypes only).
        pin_memory: accepted and ignored.

    Not differentiable: the copy is a new leaf (use ``clone()`` to copy inside the graph).

    Example::

        >>> pa.tensor([[1, 2], [3, 4]])
        tensor([[1, 2],
                [3, 4]])
        >>> pa.tensor([1.0, 2.0], requires_grad=True)
        tensor([1., 2.], requires_grad=True)
    """
    _check_device(device)
    arr = _data_from(data, to_numpy_dtype(dtype) if dtype is not None else None)
    return _make_tensor(arr, builtins.bool(requires_grad))


def _new(arr, requires_grad):
    """A new leaf tensor of arr (Tensor.new_zeros, new_ones, new_full)."""
    return _make_tensor(arr, builtins.bool(requires_grad))


def _operand_ok(x):
    """What a Tensor operator takes: a tensor, a number or an ndarray (anything else gets
    NotImplemented, so Python raises its TypeError, as for torch)."""
    return isinstance(x, _OPERAND_TYPES)


_OPERAND_TYPES = (TensorBase, np.ndarray) + _ops._NUMBER_TYPES


def _operand(x):
    return _ops._as_tensor(x) if isinstance(x, np.ndarray) else x


def _scalar_operand(x):
    return isinstance(x, (builtins.bool, builtins.int, builtins.float, builtins.complex, np.generic))


class Tensor(TensorBase):
    """A multi-dimensional array of one dtype that records the operations on it for automatic
    differentiation, as ``torch.Tensor``.

    Make one with ``pyautograd.tensor(data)`` or a factory (``zeros``, ``rand``, ...). A tensor
    with ``requires_grad=True`` is a leaf of a graph: the results computed from it have a
    ``grad_fn``, and ``backward()`` on a result fills the leaf's ``.grad``. The data is a NumPy
    array (``numpy()`` shares it).

    Example::

        >>> x = pa.tensor([1.0, 2.0, 3.0], requires_grad=True)
        >>> y = (x ** 2).sum()
        >>> y
        tensor(14., grad_fn=<SumBackward0>)
        >>> y.backward()
        >>> x.grad
        tensor([2., 4., 6.])
    """

    __array_priority__ = 1000  # make ndarray (op) Tensor defer to Tensor's reflected operators

    def __init__(self, *args, **kwargs):
        """Make a tensor: ``pa.Tensor(data)`` copies ``data`` (a nested list, an array, ...) into a new
        tensor of the default dtype; ``pa.Tensor(2, 3)`` is a tensor of that shape, filled with
        zeros.

        This is PyTorch's legacy constructor: it always gives the default dtype (``float32`` unless
        ``pyautograd.set_default_dtype`` changed it). ``pyautograd.tensor`` infers the dtype from
        the data and takes ``dtype``, ``requires_grad``: prefer it.

        Example::

            >>> pa.Tensor([1, 2])
            tensor([1., 2.])
            >>> pa.Tensor(2, 3).shape
            torch.Size([2, 3])
        """
        # Tensor(data) / Tensor(2, 3) as in torch.Tensor (default dtype)
        if self._data is not None:
            return
        if len(args) == 1 and not isinstance(args[0], builtins.int):
            self._data = _data_from(args[0], get_default_dtype().np)
        else:
            self._data = np.zeros(tuple(args), dtype=get_default_dtype().np)

    def __new__(cls, *args, **kwargs):
        """Allocate an empty Tensor object (``__init__`` fills it): ``pa.Tensor(...)`` calls both.

        Example::

            >>> pa.Tensor([1.0]).dtype
            torch.float32
        """
        return TensorBase.__new__(cls)

    @classmethod
    def _from_data(cls, obj):
        return _make_tensor(_data_from(obj))

    # ---- metadata ----------------------------------------------------------
    @property
    def shape(self):
        """The size of each dimension, a ``pyautograd.Size`` (a tuple of ints); ``x.size()`` without an
        argument gives the same.

        Example::

            >>> pa.zeros(2, 3).shape
            torch.Size([2, 3])
        """
        return Size(self._data.shape)

    def size(self, dim=None):
        """The shape of the tensor, a ``pyautograd.Size`` (a tuple of ints); ``size(dim)`` is the size
        of one dimension (an int; a negative ``dim`` counts from the end).

        Example::

            >>> x = pa.zeros(2, 3)
            >>> x.size()
            torch.Size([2, 3])
            >>> x.size(-1)
            3
        """
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_ops._norm_dim(dim, self._data.ndim)] if self._data.ndim else \
            _ops._norm_dim(dim, 0) or 1

    def dim(self):
        """The number of dimensions (0 for a scalar tensor); the same as ``x.ndim`` and
        ``x.ndimension()``.

        Example::

            >>> pa.zeros(2, 3).dim()
            2
        """
        return self._data.ndim

    def ndimension(self):
        """Alias of Tensor.dim: the number of dimensions.

        Example::

            >>> pa.zeros(2, 3).ndimension()
            2
        """
        return self._data.ndim

    @property
    def ndim(self):
        """The number of dimensions (0 for a scalar tensor), as ``x.dim()``.

        Example::

            >>> pa.tensor(1.0).ndim, pa.zeros(2, 3).ndim
            (0, 2)
        """
        return self._data.ndim

    def numel(self):
        """The number of elements (the product of the sizes; 1 for a scalar tensor), as
        ``pyautograd.numel(x)``.

        Example::

            >>> pa.zeros(2, 3).numel()
            6
        """
        return self._data.size

    def nelement(self):
        """Alias of Tensor.numel: the number of elements.

        Example::

            >>> pa.zeros(2, 3).nelement()
            6
        """
        return self._data.size

    @property
    def dtype(self):
        """The data type of the elements, a ``pyautograd.dtype`` (``pa.float32``, ``pa.int64``, ...).

        Example::

            >>> pa.tensor([1.0]).dtype, pa.tensor([1]).dtype
            (torch.float32, torch.int64)
        """
        return _dtype_from_numpy(self._data.dtype)

    @property
    def device(self):
        """The device holding the data: always the CPU (pyautograd computes with NumPy).

        Example::

            >>> pa.zeros(2).device
            device(type='cpu')
        """
        return _CPU

    @property
    def is_cuda(self):
        """Whether the tensor is on a CUDA device: always ``False`` (there is only the CPU).

        Example::

            >>> pa.zeros(2).is_cuda
            False
        """
        return False

    @property
    def layout(self):
        """The memory layout, always ``torch.strided`` (a dense array; there are no sparse tensors). It
        is the string ``"torch.strided"`` here, not a layout object.

        Example::

            >>> pa.zeros(2).layout
            'torch.strided'
        """
        return "torch.strided"

    def stride(self, dim=None):
        """The strides: how many elements to step in memory for one step along each dimension (a
        tuple), or along dimension ``dim`` (an int).

        Views such as ``x.T`` or ``x.expand(...)`` have other strides than a contiguous tensor of
        their shape (an expanded dimension has stride 0).

        Example::

            >>> x = pa.zeros(2, 3)
            >>> x.stride()
            (3, 1)
            >>> x.T.stride(0)
            1
        """
        st = tuple(s // self._data.itemsize for s in self._data.strides)
        return st if dim is None else st[dim]

    def is_contiguous(self, memory_format=None):
        """Whether the elements lie in memory in row-major (C) order without gaps, as a new tensor's do
        (``memory_format`` is accepted and ignored).

        Example::

            >>> x = pa.zeros(2, 3)
            >>> x.is_contiguous(), x.T.is_contiguous()
            (True, False)
        """
        return self._data.flags.c_contiguous

    def contiguous(self, memory_format=None):
        """This tensor if it is contiguous, else a contiguous copy of it (``memory_format`` is accepted
        and ignored).

        Gradient: the copy passes the gradient through unchanged.

        Example::

            >>> x = pa.zeros(2, 3).T
            >>> x.contiguous().is_contiguous()
            True
        """
        return self if self._data.flags.c_contiguous else _ops.clone(self)

    def element_size(self):
        """The size of one element in bytes (4 for ``float32``, 8 for ``int64``, ...).

        Example::

            >>> pa.zeros(2).element_size(), pa.zeros(2, dtype=pa.float64).element_size()
            (4, 8)
        """
        return self._data.itemsize

    def is_floating_point(self):
        """Whether the dtype is a floating point one (``float16``, ``float32``,
        ``float64``), as ``pyautograd.is_floating_point(x)``.

        Example::

            >>> pa.tensor([1.0]).is_floating_point(), pa.tensor([1]).is_floating_point()
            (True, False)
        """
        return self._data.dtype.kind == "f"

    def is_complex(self):
        """Whether the dtype is a complex one (``complex64``, ``complex128``).

        Example::

            >>> pa.tensor([1j]).is_complex(), pa.tensor([1.0]).is_complex()
            (True, False)
        """
        return self._data.dtype.kind == "c"

    def data_ptr(self):
        """The memory address (an int) of the tensor's first element; views of one tensor share its
        memory, at their offset.

        Example::

            >>> x = pa.zeros(4)
            >>> x[2:].data_ptr() - x.data_ptr()
            8
        """
        return self._data.__array_interface__["data"][0]

    def __len__(self):
        """len(x): the size of the first dimension; a 0-d tensor has no length (TypeError), as in
        PyTorch.

        Example::

            >>> len(pa.zeros(2, 3))
            2
        """
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        """iter(x): the tensors along the first dimension, as ``x.unbind(0)`` (TypeError for a 0-d
        tensor).

        Gradient: each one is a view of x and passes its gradient back to its row of x.

        Example::

            >>> list(pa.tensor([1.0, 2.0]))
            [tensor(1.), tensor(2.)]
        """
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __hash__(self):
        """hash(x): the object's identity (``id(x)``), as in PyTorch, so that tensors can be dict keys
        and set members; ``x == y`` compares elementwise and is not what a dict uses.

        Example::

            >>> x = pa.tensor([1.0])
            >>> hash(x) == id(x)
            True
        """
        return id(self)

    # ---- autograd ----------------------------------------------------------
    def requires_grad_(self, requires_grad=True):
        """Set whether autograd records operations on this tensor (in place); returns the tensor.

        Args:
            requires_grad: ``True`` (the default) to start recording, ``False`` to stop.

        Only a leaf can change it (``False`` on a tensor with a ``grad_fn`` raises RuntimeError;
        ``True`` on one is a no-op), and only a floating point or complex tensor can require grad
        (RuntimeError otherwise). Typical use: ``w = pa.zeros(3).requires_grad_()``.

        Example::

            >>> w = pa.zeros(2).requires_grad_()
            >>> w.requires_grad, w.is_leaf
            (True, True)
        """
        requires_grad = builtins.bool(requires_grad)
        if self._grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(_core._requires_grad_leaf_error(False))
            return self
        if requires_grad and self._data.dtype.kind not in "fc":
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        _core._check_inference_requires_grad(self, requires_grad)
        self._requires_grad = requires_grad
        return self

    def retain_grad(self):
        """Make ``backward()`` fill this non-leaf tensor's ``.grad`` (normally only leaves get one);
        returns None.

        A no-op on a leaf. RuntimeError on a tensor that does not require grad.

        Example::

            >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
            >>> y = x * 3
            >>> y.retain_grad()
            >>> (y * y).sum().backward()
            >>> y.grad
            tensor([ 6., 12.])
        """
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        _core._retain_grad(self)

    def register_hook(self, hook):
        """Register a function called with this tensor's gradient each time one is computed in a
        backward pass; returns a handle whose ``remove()`` unregisters it.

        The hook has the signature ``hook(grad) -> Tensor or None``: it receives the gradient with
        respect to this tensor and may return a new tensor (of the same shape and dtype), which
        replaces the gradient from then on (what flows further back, and for a leaf what is
        accumulated into ``.grad``); returning None keeps it. Hooks run in the order they were
        registered. RuntimeError on a tensor that does not require grad.

        Example::

            >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
            >>> handle = x.register_hook(lambda g: g * 10)
            >>> (x * x).sum().backward()
            >>> x.grad
            tensor([20., 40.])
            >>> handle.remove()
        """
        return _core._register_tensor_hook(self, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """hook(tensor) after backward() has accumulated into this leaf's .grad (not for autograd.grad)."""
        return _core._register_post_accumulate_grad_hook(self, hook)

    def _is_view(self):
        """Whether this tensor is a view of another (its _base)."""
        return self._base is not None

    def detach(self):
        """A tensor sharing this one's data and version counter, outside the graph."""
        t = _make_tensor(self._data)
        t._share_version(self)
        t._inference = self._inference
        return t

    def detach_(self):
        """Detach this tensor from the graph in place: it becomes a leaf that does not require grad
        (its ``grad_fn`` is dropped); returns it.

        A view that has a history cannot be detached in place (RuntimeError: use ``detach()``).

        Example::

            >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
            >>> y = (x * 2).detach_()
            >>> y.requires_grad, y.is_leaf
            (False, True)
        """
        if self._base is not None and self._grad_fn is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self._grad_fn = None
        self._requires_grad = False
        self._output_nr = 0
        return self

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute the gradient of this tensor with respect to the graph's leaves and accumulate it
        into their ``.grad``; returns None.

        The chain rule runs backwards from this tensor through the recorded operations (its
        ``grad_fn``), and every leaf that requires grad gets the gradient added to its ``.grad`` (a
        ``None`` grad becomes the gradient; an existing one is summed with it). Non-leaf tensors get
        a ``.grad`` only if ``retain_grad()`` was called on them. It is the same as
        ``pyautograd.autograd.backward(self, gradient, ...)``.

        Args:
            gradient: the gradient with respect to this tensor (of its shape; another dtype is
                converted to this tensor's), the "vector" of the vector-Jacobian product. It may be
                omitted only for a tensor with a single element, where it is 1: for any other tensor
                ``backward()`` without it raises RuntimeError ("grad can be implicitly created only for
                scalar outputs"), so call ``y.sum().backward()`` or ``y.backward(pa.ones_like(y))``.
                A wrong shape raises RuntimeError ("Mismatch in shape").
            retain_graph: keep the intermediate values the graph saved, so that it can be run
                backward again; by default (None) the same as ``create_graph``. A second backward
                through a graph that was freed raises RuntimeError.
            create_graph: record the backward computation itself, so that the gradients have a
                ``grad_fn`` and can be differentiated again (higher-order derivatives); it implies
                ``retain_graph``. PyTorch's warning about the reference cycle this makes between a
                parameter and its gradient is given once.
            inputs: a tensor or a sequence of tensors: accumulate only into their ``.grad`` (leaves
                or not) instead of into every leaf; it must not be empty.

        Raises RuntimeError when this tensor does not require grad ("element 0 of tensors does not
        require grad and does not have a grad_fn").

        Example::

            >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
            >>> y = x * x
            >>> y.backward(pa.tensor([1.0, 1.0]))
            >>> x.grad
            tensor([2., 4.])
            >>> (x * 3).sum().backward()
            >>> x.grad
            tensor([5., 7.])
        """
        _backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # ---- conversion --------------------------------------------------------
    def numpy(self, *, force=False):
        """The tensor's data as a NumPy array, sharing its memory (no copy: writing into one changes
        the other).

        A tensor that requires grad raises RuntimeError (its array would let the graph be bypassed):
        use ``x.detach().numpy()``, or ``numpy(force=True)``.

        Example::

            >>> pa.tensor([1.0, 2.0]).numpy()
            array([1., 2.], dtype=float32)
        """
        if self.requires_grad and not force:      # a view of a tensor that requires grad too
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data

    # np.sin(t), np.sum(t, axis=0), ndarray + t: pyautograd's ops, with the graph (pyautograd/_numpy.py)
    __array_ufunc__ = _numpy.array_ufunc
    __array_function__ = _numpy.array_function

    def __array__(self, dtype=None, copy=None):
        """np.asarray(x): the tensor's NumPy array (shared, not copied; converted when a ``dtype`` is
        given). A tensor that requires grad raises RuntimeError, as ``numpy()``.

        Example::

            >>> np.asarray(pa.tensor([1, 2]))
            array([1, 2])
        """
        if self.requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data if dtype is None else self._data.astype(dtype)

    def item(self):
        """The value of a one-element tensor as a Python number (float, int, bool or complex);
        RuntimeError for more elements.

        Not differentiable (a plain number leaves the graph).

        Example::

            >>> pa.tensor([[2.5]]).item()
            2.5
        """
        if self._data.size != 1:
            raise RuntimeError("a Tensor with %d elements cannot be converted to Scalar" % self._data.size)
        return self._data.reshape(()).item()

    def tolist(self):
        """The tensor as nested Python lists of Python numbers (a number for a 0-d tensor).

        Example::

            >>> pa.tensor([[1, 2], [3, 4]]).tolist()
            [[1, 2], [3, 4]]
        """
        return self._data.tolist()

    def _python_scalar(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.reshape(()).item()

    def __float__(self):
        """float(x): the value of a one-element tensor as a Python float (ValueError for more elements;
        RuntimeError for a complex value).

        Example::

            >>> float(pa.tensor([2]))
            2.0
        """
        v = self._python_scalar()
        if isinstance(v, builtins.complex):
            raise RuntimeError("value cannot be converted to type double without overflow")
        return builtins.float(v)

    def __int__(self):
        """int(x): the value of a one-element tensor as a Python int, truncated towards zero
        (ValueError for more elements).

        Example::

            >>> int(pa.tensor(2.7))
            2
        """
        return builtins.int(self._python_scalar())

    def __bool__(self):
        """bool(x) (``if x:``): the truth of a one-element tensor; a tensor with more than one element
        is ambiguous (RuntimeError): use ``x.any()`` or ``x.all()``.

        Example::

            >>> bool(pa.tensor([0.5])), bool(pa.tensor(0))
            (True, False)
        """
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(self._data.reshape(()).item())

    def __index__(self):
        """operator.index(x): a one-element integer or bool tensor as a Python int, so it can index a
        list or be a slice bound (TypeError for other tensors).

        Example::

            >>> ["a", "b", "c"][pa.tensor(1)]
            'b'
        """
        if self._data.dtype.kind not in "biu" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return builtins.int(self._data.reshape(()).item())

    def __complex__(self):
        """complex(x): the value of a one-element tensor as a Python complex (ValueError for more
        elements).

        Example::

            >>> complex(pa.tensor(1.5))
            (1.5+0j)
        """
        return builtins.complex(self._python_scalar())

    def to(self, *args, **kwargs):
        """This tensor converted to another dtype: ``x.to(dtype)``, ``x.to(other)`` (other's dtype),
        ``x.to(device, dtype)``, ``x.to(dtype=..., copy=...)``.

        The device may be given (``"cpu"``, ``pa.device("cpu")``); a CUDA device raises PyTorch's
        error for a build without CUDA. Without a new dtype the tensor itself is returned (a copy if
        ``copy=True``); with the tensor's own dtype too, unless ``copy=True``.

        Gradient: for a floating point or complex result, the gradient converted back to this
        tensor's dtype; a conversion to an integer or bool dtype is not differentiable.

        Example::

            >>> pa.tensor([1, 2]).to(pa.float64)
            tensor([1., 2.], dtype=torch.float64)
            >>> pa.tensor([1.7]).to("cpu", pa.int64)
            tensor([1])
        """
        dt = kwargs.pop("dtype", None)
        copy = kwargs.pop("copy", False)
        for a in args:
            if isinstance(a, dtype) or (isinstance(a, type) and a in (builtins.float, builtins.int, builtins.bool)):
                dt = a
            elif isinstance(a, TensorBase):
                dt = a.dtype
            else:
                _check_device(a)
        _check_device(kwargs.pop("device", None))
        if dt is None:
            return _ops.clone(self) if copy else self
        return _ops.to_dtype(self, dt, copy)

    def type(self, dtype=None, non_blocking=False, **kwargs):
        """'torch.FloatTensor' (the typed tensor class's name), or this tensor converted to a dtype, a
        typed tensor class or its name (itself when it has that type already)."""
        for key in kwargs:
            if key != "async":
                raise TypeError("type() got an unexpected keyword argument '%s'" % key)
        if dtype is None:
            return "torch." + self.dtype._tensor_type
        dt = _dtype_of_type(dtype, Tensor)
        if dt is None or dt is self.dtype:
            return self
        return _ops.to_dtype(self, dt)

    def float(self):
        """This tensor converted to ``float32`` (``self.to(pa.float32)``; itself if it is one already).

        Gradient: the gradient converted back to this tensor's dtype (floating point inputs).

        Example::

            >>> pa.tensor([1, 2]).float()
            tensor([1., 2.])
        """
        return _ops.to_dtype(self, float32)

    def double(self):
        """This tensor converted to ``float64`` (``self.to(pa.float64)``; itself if it is one already).

        Gradient: the gradient converted back to this tensor's dtype (floating point inputs).

        Example::

            >>> pa.tensor([1, 2]).double()
            tensor([1., 2.], dtype=torch.float64)
        """
        return _ops.to_dtype(self, float64)

    def long(self):
        """This tensor converted to ``int64`` (``self.to(pa.int64)``; floats are truncated towards
        zero).

        Not differentiable (an integer result).

        Example::

            >>> pa.tensor([1.7, -1.7]).long()
            tensor([ 1, -1])
        """
        return _ops.to_dtype(self, int64)

    def int(self):
        """This tensor converted to ``int32`` (``self.to(pa.int32)``; floats are truncated towards
        zero).

        Not differentiable (an integer result).

        Example::

            >>> pa.tensor([1.7, 2.0]).int()
            tensor([1, 2], dtype=torch.int32)
        """
        return _ops.to_dtype(self, int32)

    def bool(self):
        """This tensor converted to ``bool`` (``self.to(pa.bool)``): True where an element is non-zero.

        Not differentiable.

        Example::

            >>> pa.tensor([0.0, 2.0]).bool()
            tensor([False,  True])
        """
        return _ops.to_dtype(self, bool_)

    def half(self):
        """This tensor converted to ``float16`` (``self.to(pa.float16)``; itself if it is one already).

        Gradient: the gradient converted back to this tensor's dtype (floating point inputs).

        Example::

            >>> pa.tensor([1.0, 2.5]).half()
            tensor([1.0000, 2.5000], dtype=torch.float16)
        """
        return _ops.to_dtype(self, float16)

    def cpu(self, memory_format=None):
        """This tensor on the CPU: the tensor itself, since it is always there (``memory_format`` is
        accepted and ignored).

        Example::

            >>> x = pa.zeros(2)
            >>> x.cpu() is x
            True
        """
        return self

    def cuda(self, device=None, non_blocking=False, memory_format=None):
        """As PyTorch's CPU build: there is no CUDA device to copy to."""
        _check_cuda(device)

    def get_device(self):
        """The index of the CUDA device holding the tensor, -1 for the CPU (always, here).

        Example::

            >>> pa.zeros(2).get_device()
            -1
        """
        return -1

    def type_as(self, other):
        """This tensor converted to the dtype of ``other`` (``self.to(other.dtype)``; itself if it has
        it already).

        Gradient: as ``to``: converted back for a floating point result, none for an integer one.

        Example::

            >>> pa.tensor([1, 2]).type_as(pa.tensor([0.5]))
            tensor([1., 2.])
        """
        return self.to(other.dtype)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        """A new leaf tensor holding a copy of ``data``, with this tensor's dtype unless ``dtype`` is
        given (``requires_grad`` as for ``pyautograd.tensor``).

        Example::

            >>> x = pa.tensor([0.5])
            >>> x.new_tensor([1, 2])
            tensor([1., 2.])
        """
        _check_device(device)
        return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
        """A new tensor of zeros of the given size (``new_zeros(2, 3)`` or ``new_zeros((2, 3))``), with
        this tensor's dtype unless ``dtype`` is given.

        Example::

            >>> pa.tensor([1], dtype=pa.int32).new_zeros(2, 2)
            tensor([[0, 0],
                    [0, 0]], dtype=torch.int32)
        """
        _check_device(device)
        return _new(np.zeros(_size(size), dtype=to_numpy_dtype(dtype or self.dtype)), requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
        """A new tensor of ones of the given size (``new_ones(2, 3)`` or ``new_ones((2, 3))``), with
        this tensor's dtype unless ``dtype`` is given.

        Example::

            >>> pa.tensor([0.5]).new_ones(3)
            tensor([1., 1., 1.])
        """
        _check_device(device)
        return _new(np.ones(_size(size), dtype=to_numpy_dtype(dtype or self.dtype)), requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
        """A new tensor of the given size (a tuple) filled with ``fill_value``, with this tensor's
        dtype unless ``dtype`` is given.

        Example::

            >>> pa.tensor([0.5]).new_full((2,), 7)
            tensor([7., 7.])
        """
        _check_device(device)
        return _new(_full_array(size, fill_value, to_numpy_dtype(dtype or self.dtype)), requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
        """A new tensor of the given size (``new_empty(2, 3)`` or ``new_empty((2, 3))``), with this
        tensor's dtype unless ``dtype`` is given.

        Its values are unspecified in PyTorch; here they are zeros (do not rely on it).

        Example::

            >>> pa.tensor([0.5]).new_empty(2, 3).shape
            torch.Size([2, 3])
        """
        _check_device(device)
        return self.new_zeros(*size, dtype=dtype, requires_grad=requires_grad)

    # ---- printing ----------------------------------------------------------
    def __repr__(self):
        """repr(x): the tensor printed as PyTorch prints it (``tensor([1., 2.])``, with the dtype when
        it is not the default one and ``grad_fn`` or ``requires_grad`` when set);
        ``pyautograd.set_printoptions`` sets the precision and the summarising of large tensors.

        Example::

            >>> pa.tensor([1.0, 2.5], requires_grad=True)
            tensor([1.0000, 2.5000], requires_grad=True)
        """
        return tensor_repr(self)

    def __str__(self):
        """str(x) and print(x): the same text as repr(x).

        Example::

            >>> print(pa.tensor([1, 2], dtype=pa.int32))
            tensor([1, 2], dtype=torch.int32)
        """
        return tensor_repr(self)

    def __format__(self, spec):
        """format(x, spec) and f-strings: a 0-d tensor with a format spec formats its value
        (``f"{x:.2f}"``); without a spec, repr(x).

        Example::

            >>> f"{pa.tensor(3.14159):.2f}"
            '3.14'
        """
        if self._data.ndim == 0 and spec:
            return self.item().__format__(spec)
        return object.__format__(self, spec) if spec else repr(self)

    # ---- operators ---------------------------------------------------------
    # x + y, x - y, x * y, x / y: compiled fast paths for float operands, which fall
    # back to the _ops functions for everything else (promotion, errors)
    __add__ = _core.fast_add
    __sub__ = _core.fast_sub
    __mul__ = _core.fast_mul
    __truediv__ = _core.fast_div

    __radd__ = _core.fast_radd      # number + float tensor in C; the rest below

    def _radd_slow(self, other):
        # 1 + x is x.add(1) in PyTorch: the tensor is the first input of AddBackward0
        if not _operand_ok(other):
            return NotImplemented
        return _core.fast_add(self, other) if _scalar_operand(other) else _ops.add(_ops._as_tensor(other), self)

    def __rsub__(self, other):
        """n - x: ``pyautograd.rsub(x, n)``, i.e. ``pyautograd.sub(n, x)`` (a number or array ``n`` on
        the left).

        Gradient: minus the gradient for x (the node is RsubBackward1 for a number, as in PyTorch).

        Example::

            >>> 1 - pa.tensor([1.0, 2.0])
            tensor([ 0., -1.])
        """
        # 1 - x is torch.rsub(x, 1): one input, grad_fn RsubBackward1
        if not _operand_ok(other):
            return NotImplemented
        if (_scalar_operand(other) and not isinstance(other, (builtins.bool, np.bool_))
                and (self._data.dtype.kind == "c" or (self._data.dtype.kind == "f"
                                                      and not isinstance(other, builtins.complex)))):
            return _ops.apply_op(_RsubScalar, (self,), {"other": other})
        return _ops.sub(_ops._as_tensor(other), self)

    __rmul__ = _core.fast_rmul      # number * float tensor in C; the rest below

    def _rmul_slow(self, other):
        # 2 * x is x.mul(2) in PyTorch: the tensor is the first input of MulBackward0
        if not _operand_ok(other):
            return NotImplemented
        return _core.fast_mul(self, other) if _scalar_operand(other) else _ops.mul(_ops._as_tensor(other), self)

    def __rtruediv__(self, other):
        """n / x: ``pyautograd.div(n, x)`` (a number or array ``n`` on the left; for a number PyTorch's
        ``x.reciprocal() * n``).

        Gradient: ``-n / x**2`` times the gradient for x.

        Example::

            >>> 1 / pa.tensor([1.0, 4.0])
            tensor([1.0000, 0.2500])
        """
        # PyTorch's Tensor.__rdiv__: self.reciprocal() * other (grad_fn MulBackward0)
        if not _operand_ok(other):
            return NotImplemented
        if _scalar_operand(other) and not isinstance(other, (builtins.bool, np.bool_)):
            return _ops.mul(_ops.reciprocal(self), other)
        return _ops.div(_ops._as_tensor(other), self)

    def __floordiv__(self, other):
        """x // y: ``pyautograd.floor_divide(x, y)``, the quotient rounded down.

        Example::

            >>> pa.tensor([7.0, -7.0]) // 2
            tensor([ 3., -4.])
        """
        return _ops.floor_divide(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __rfloordiv__(self, other):
        """n // x: ``pyautograd.floor_divide(n, x)`` (a number or array ``n`` on the left).

        Example::

            >>> 7 // pa.tensor([2, 3])
            tensor([3, 2])
        """
        return _ops.floor_divide(_operand(other), self) if _operand_ok(other) else NotImplemented

    def __mod__(self, other):
        """x % y: ``pyautograd.remainder(x, y)``, with the sign of y as Python's %.

        Example::

            >>> pa.tensor([5.0, -5.0]) % 3
            tensor([2., 1.])
        """
        return _ops.remainder(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __rmod__(self, other):
        """n % x: ``pyautograd.remainder(n, x)`` (a number or array ``n`` on the left).

        Example::

            >>> 7 % pa.tensor([2, 4])
            tensor([1, 3])
        """
        return _ops.remainder(_operand(other), self) if _operand_ok(other) else NotImplemented

    def __pow__(self, other):
        """x ** y: ``pyautograd.pow(x, y)``.

        Gradient: ``y * x**(y-1)`` times the gradient for x; ``x**y * log(x)`` times it for a tensor
        y.

        Example::

            >>> pa.tensor([1.0, 2.0, 3.0]) ** 2
            tensor([1., 4., 9.])
        """
        return _ops.pow(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __rpow__(self, other):
        """n ** x: ``pyautograd.pow(n, x)`` (a number or array ``n`` as the base).

        Gradient: ``n**x * log(n)`` times the gradient for x.

        Example::

            >>> 2 ** pa.tensor([1.0, 3.0])
            tensor([2., 8.])
        """
        return _ops.pow(_operand(other), self) if _operand_ok(other) else NotImplemented

    __matmul__ = _core.fast_matmul   # 2-D @ 2-D float tensors in C; the rest below

    def _matmul_slow(self, other):
        return _ops.matmul(self, other)

    def __rmatmul__(self, other):
        """a @ x: ``pyautograd.matmul(a, x)`` for a NumPy array ``a`` on the left (made a tensor
        first).

        Example::

            >>> np.array([[1.0, 2.0]], dtype=np.float32) @ pa.tensor([[3.0], [4.0]])
            tensor([[11.]])
        """
        return _ops.matmul(_ops._as_tensor(other), self) if isinstance(other, np.ndarray) else NotImplemented

    def __neg__(self):
        """-x: ``pyautograd.neg(x)``.

        Gradient: minus the gradient.

        Example::

            >>> -pa.tensor([1.0, -2.0])
            tensor([-1.,  2.])
        """
        return _ops.neg(self)

    def __pos__(self):
        """+x: the tensor itself (unchanged, as ``pyautograd.positive(x)``).

        Example::

            >>> +pa.tensor([1.0, -2.0])
            tensor([ 1., -2.])
        """
        return self

    def __abs__(self):
        """abs(x): ``pyautograd.abs(x)``.

        Gradient: ``sign(x)`` times the gradient.

        Example::

            >>> abs(pa.tensor([-1.0, 2.0]))
            tensor([1., 2.])
        """
        return _ops.abs(self)

    def __invert__(self):
        """~x: ``pyautograd.bitwise_not(x)``: logical not for bool tensors, bitwise not for integers
        (TypeError for float tensors).

        Example::

            >>> ~pa.tensor([True, False])
            tensor([False,  True])
        """
        if self._data.dtype.kind not in "biu":
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
        return _ops.bitwise_not(self)

    def __and__(self, other):
        """x & y: ``pyautograd.bitwise_and(x, y)`` (logical and for bool tensors).

        Example::

            >>> pa.tensor([True, False]) & pa.tensor([True, True])
            tensor([ True, False])
        """
        return _ops.bitwise_and(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __rand__(self, other):
        """n & x: ``pyautograd.bitwise_and(x, n)`` (a number or array ``n`` on the left).

        Example::

            >>> 6 & pa.tensor([3, 4])
            tensor([2, 4])
        """
        return _ops.bitwise_and(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __or__(self, other):
        """x | y: ``pyautograd.bitwise_or(x, y)`` (logical or for bool tensors).

        Example::

            >>> pa.tensor([1, 2]) | 4
            tensor([5, 6])
        """
        return _ops.bitwise_or(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __ror__(self, other):
        """n | x: ``pyautograd.bitwise_or(x, n)`` (a number or array ``n`` on the left).

        Example::

            >>> 4 | pa.tensor([1, 2])
            tensor([5, 6])
        """
        return _ops.bitwise_or(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __xor__(self, other):
        """x ^ y: ``pyautograd.bitwise_xor(x, y)`` (logical xor for bool tensors).

        Example::

            >>> pa.tensor([1, 3]) ^ 1
            tensor([0, 2])
        """
        return _ops.bitwise_xor(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __rxor__(self, other):
        """n ^ x: ``pyautograd.bitwise_xor(x, n)`` (a number or array ``n`` on the left).

        Example::

            >>> 1 ^ pa.tensor([1, 3])
            tensor([0, 2])
        """
        return _ops.bitwise_xor(self, _operand(other)) if _operand_ok(other) else NotImplemented

    # comparisons with a non-tensor (t == None, t < "a"): NotImplemented, so Python compares by
    # identity (==, !=) or raises its TypeError, as for torch
    def __eq__(self, other):
        """x == y: ``pyautograd.eq(x, y)`` (a bool tensor, elementwise, with broadcasting; a non-tensor
        operand such as None or a string is not compared elementwise: x == None is False). Not
        differentiable.

        Example::

            >>> pa.tensor([1.0, 2.0]) == pa.tensor([1.0, 0.0])
            tensor([ True, False])
        """
        return _ops.eq(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __ne__(self, other):
        """x != y: ``pyautograd.ne(x, y)`` (a bool tensor, elementwise, with broadcasting; a non-tensor
        operand such as None or a string is not compared elementwise: x != None is True). Not
        differentiable.

        Example::

            >>> pa.tensor([1.0, 2.0]) != 1
            tensor([False,  True])
        """
        return _ops.ne(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __lt__(self, other):
        """x < y: ``pyautograd.lt(x, y)`` (a bool tensor, elementwise, with broadcasting; a non-tensor
        operand such as None or a string is not compared elementwise: TypeError). Not
        differentiable.

        Example::

            >>> pa.tensor([1.0, 2.0]) < 2
            tensor([ True, False])
        """
        return _ops.lt(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __le__(self, other):
        """x <= y: ``pyautograd.le(x, y)`` (a bool tensor, elementwise, with broadcasting; a non-tensor
        operand such as None or a string is not compared elementwise: TypeError). Not
        differentiable.

        Example::

            >>> pa.tensor([1.0, 2.0]) <= 1
            tensor([ True, False])
        """
        return _ops.le(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __gt__(self, other):
        """x > y: ``pyautograd.gt(x, y)`` (a bool tensor, elementwise, with broadcasting; a non-tensor
        operand such as None or a string is not compared elementwise: TypeError). Not
        differentiable.

        Example::

            >>> pa.tensor([1.0, 2.0]) > 1
            tensor([False,  True])
        """
        return _ops.gt(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __ge__(self, other):
        """x >= y: ``pyautograd.ge(x, y)`` (a bool tensor, elementwise, with broadcasting; a non-tensor
        operand such as None or a string is not compared elementwise: TypeError). Not
        differentiable.

        Example::

            >>> pa.tensor([1.0, 2.0]) >= 2
            tensor([False,  True])
        """
        return _ops.ge(self, _operand(other)) if _operand_ok(other) else NotImplemented

    def __getitem__(self, index):
        """x[index]: indexing as PyTorch and NumPy: ints, slices, None, ``...``, and integer or bool
        tensors / lists (advanced indexing, a copy); basic indexing gives a view sharing x's memory.

        Gradient: the gradient scattered back into a zero tensor of x's shape (summed where an index
        repeats).

        Example::

            >>> pa.tensor([[1, 2], [3, 4]])[:, 0]
            tensor([1, 3])
        """
        return _ops.getitem(self, index)

    def __setitem__(self, index, value):
        """x[index] = value: writes ``value`` (a number or a tensor broadcast to the indexed part) into
        x in place, recorded by autograd (the version counter is bumped).

        Gradient: zero for the overwritten elements of x; ``value`` gets the gradient of its
        elements.

        Example::

            >>> x = pa.zeros(3); x[1] = 5.0; x
            tensor([0., 5., 0.])
        """
        _ops.setitem(self, index, value)

    # in-place operators: x += y records an in-place op (version bump, leaf check)
    # x += y outside the graph (optimizer updates) in C; everything else through add_, sub_, ...
    __iadd__ = _core.fast_iadd
    __isub__ = _core.fast_isub
    __imul__ = _core.fast_imul
    __itruediv__ = _core.fast_itruediv

    def __ipow__(self, other):
        """``x **= y``: ``x.pow_(y)``, ``pyautograd.pow`` computed in place (x keeps its dtype, its version
        counter is bumped).

        Example::

            >>> x = pa.tensor([2.0, 3.0]); x **= 2; x
            tensor([4., 9.])
        """
        return self.pow_(other)

    # ---- methods with a different shape from the functions ------------------
    def view(self, *shape):
        """A tensor sharing this one's data with another shape: ``view(2, 3)``, ``view((2, 3))``, one
        size may be -1 (inferred).

        The new shape must be reachable without copying (a contiguous tensor always can; a
        transposed one often cannot: RuntimeError, use ``reshape``). Writes through the view change
        this tensor, and the other way round.

        Gradient: the gradient reshaped back to this tensor's shape.

        Example::

            >>> pa.arange(6).view(2, -1)
            tensor([[0, 1, 2],
                    [3, 4, 5]])
        """
        if not shape:
            raise TypeError("view() received an invalid combination of arguments - got (), but expected one of:\n"
                            " * (torch.dtype dtype)\n * (tuple of ints size)\n")
        return _ops.view(self, *shape)

    def reshape(self, *shape):
        """This tensor with another shape: ``reshape(2, 3)`` or ``reshape((2, 3))``, one size may be -1
        (inferred); ``pyautograd.reshape(x, shape)``.

        A view when the shape can be had without copying (as ``view``), else a copy.

        Gradient: the gradient reshaped back to this tensor's shape.

        Example::

            >>> pa.arange(6).reshape(3, 2)
            tensor([[0, 1],
                    [2, 3],
                    [4, 5]])
        """
        if not shape:
            raise TypeError('reshape() missing 1 required positional arguments: "shape"')
        return _ops.reshape(self, *shape)

    def view_as(self, other):
        """A view of this tensor with the shape of ``other`` (``self.view(other.shape)``).

        Gradient: the gradient reshaped back to this tensor's shape.

        Example::

            >>> pa.arange(4).view_as(pa.zeros(2, 2))
            tensor([[0, 1],
                    [2, 3]])
        """
        return _ops.view(self, other.shape)

    def reshape_as(self, other):
        """This tensor reshaped to the shape of ``other`` (``self.reshape(other.shape)``).

        Gradient: the gradient reshaped back to this tensor's shape.

        Example::

            >>> pa.arange(4).reshape_as(pa.zeros(2, 2))
            tensor([[0, 1],
                    [2, 3]])
        """
        return _ops.reshape(self, other.shape)

    def expand(self, *sizes):
        """A view of this tensor with dimensions of size 1 repeated to a larger size, without copying:
        ``expand(3, 2)`` or ``expand((3, 2))``; -1 keeps a size, and new leading dimensions may be
        added.

        The expanded dimensions have stride 0 (every element shares memory): write into a
        ``clone()`` of it, not into the view.

        Gradient: the gradient summed over the expanded dimensions.

        Example::

            >>> pa.tensor([[1, 2]]).expand(3, -1)
            tensor([[1, 2],
                    [1, 2],
                    [1, 2]])
        """
        if not sizes:
            raise TypeError('expand() missing 1 required positional arguments: "size"')
        return _ops.expand(self, *sizes)

    def permute(self, *dims):
        """A view of this tensor with its dimensions reordered: ``permute(1, 0)`` or ``permute((1,
        0))``, dimension i of the result being dimension ``dims[i]`` of this tensor
        (``pyautograd.permute``).

        Gradient: the gradient permuted back with the inverse order.

        Example::

            >>> pa.zeros(2, 3, 4).permute(2, 0, 1).shape
            torch.Size([4, 2, 3])
        """
        if not dims:
            raise TypeError('permute() missing 1 required positional arguments: "dims"')
        return _ops.permute(self, *dims)

    def repeat(self, *sizes):
        """This tensor tiled: ``repeat(2, 3)`` (or a tuple) repeats it twice along the first and three
        times along the second dimension (a copy, as ``np.tile``); more repeats than dimensions add
        leading ones.

        Gradient: the gradient of each copy summed back onto this tensor.

        Example::

            >>> pa.tensor([1, 2]).repeat(2, 2)
            tensor([[1, 2, 1, 2],
                    [1, 2, 1, 2]])
        """
        return _ops.repeat(self, *sizes)

    @property
    def T(self):
        """This tensor with its dimensions reversed (the transpose of a matrix; a 0-d or 1-d tensor is
        unchanged), a view, as ``x.permute(n-1, ..., 0)``.

        For a batch of matrices use ``x.mT``; PyTorch deprecates ``.T`` on more than 2 dimensions.

        Gradient: the gradient with its dimensions reversed back.

        Example::

            >>> pa.tensor([[1, 2], [3, 4]]).T
            tensor([[1, 3],
                    [2, 4]])
        """
        nd = self._data.ndim
        return _ops.permute(self, tuple(range(nd - 1, -1, -1)))

    @property
    def mT(self):
        """The transpose of the last two dimensions (of each matrix in a batch), a view:
        ``x.transpose(-2, -1)``.

        Needs at least 2 dimensions (RuntimeError on a 1-d tensor; a 0-d tensor warns and is
        returned).

        Gradient: the gradient transposed back.

        Example::

            >>> pa.zeros(5, 2, 3).mT.shape
            torch.Size([5, 3, 2])
        """
        nd = self._data.ndim
        if nd < 2:
            if nd == 1:
                raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")
            warnings.warn("Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases.",
                          UserWarning, stacklevel=2)
            return _ops.transpose(self, 0, 0)
        return _ops.transpose(self, -2, -1)

    @property
    def mH(self):
        """The conjugate transpose of the last two dims (the transpose for real tensors)."""
        if self._data.ndim < 2:
            raise RuntimeError("tensor.mH is only supported on matrices or batches of matrices. Got %d-D tensor."
                               % self._data.ndim)
        return self.adjoint()

    @property
    def H(self):
        """The conjugate transpose of a matrix (2-D only; mH for batches)."""
        nd = self._data.ndim
        if nd != 2 and nd != 0:
            raise RuntimeError("tensor.H is only supported on matrices (2-D tensors). Got %d-D tensor.%s"
                               % (nd, " For batches of matrices, consider using tensor.mH" if nd > 2 else ""))
        if nd == 0:
            warnings.warn("Tensor.H is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=2)
            return _ops.conj(self)
        return self.adjoint()

    def adjoint(self):
        """The conjugate transpose of the last two dimensions (the transpose for real tensors), a view:
        ``x.transpose(-2, -1).conj()``; ``x.mH`` is the same.

        Needs at least 2 dimensions (RuntimeError on a 1-d tensor; a 0-d tensor warns and gives
        ``x.conj()``).

        Gradient: the conjugate transpose of the gradient.

        Example::

            >>> pa.tensor([[1 + 1j, 2j]]).adjoint()
            tensor([[1.-1.j],
                    [0.-2.j]])
        """
        if self._data.ndim == 0:
            warnings.warn("adjoint() is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=2)
            return _ops.conj(self)
        if self._data.ndim < 2:
            raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of matrices. Got %d-D "
                               "tensor." % self._data.ndim)
        t = _ops.transpose(self, -2, -1)
        return _ops.conj(t) if self._data.dtype.kind == "c" else t

    @property
    def real(self):
        """The real part, as ``pyautograd.real(x)``: for a complex tensor a view of real dtype sharing
        its memory (assigning ``x.real = v`` writes into it); a real tensor is its own real part.

        Gradient: the gradient as the real part of this tensor's gradient.

        Example::

            >>> pa.tensor([1 + 2j, 3 - 1j]).real
            tensor([1., 3.])
        """
        return _ops.real(self)

    @real.setter
    def real(self, value):
        _ops.real(self).copy_(value)

    @property
    def imag(self):
        """The imaginary part of a complex tensor, a view of real dtype sharing its memory (assigning
        ``x.imag = v`` writes into it), as ``pyautograd.imag(x)``; RuntimeError for a real tensor.

        Gradient: the gradient as the imaginary part of this tensor's gradient.

        Example::

            >>> pa.tensor([1 + 2j, 3 - 1j]).imag
            tensor([ 2., -1.])
        """
        return _ops.imag(self)

    @imag.setter
    def imag(self, value):
        _ops.imag(self).copy_(value)

    def resize_(self, *sizes, memory_format=None):
        """Give the tensor a new shape, keeping its first elements in memory order (new elements
        are zeros here; PyTorch leaves them uninitialised)."""
        if self.requires_grad:
            raise RuntimeError("cannot resize variables that require grad")
        shape = tuple(builtins.int(s) for s in _size(sizes))
        if builtins.any(s < 0 for s in shape):
            raise RuntimeError("Trying to create tensor with negative dimension %d: [%s]"
                               % (builtins.min(shape), ", ".join(map(str, shape))))
        flat = self._data.reshape(-1)
        n = builtins.int(np.prod(shape))
        new = np.zeros(n, dtype=self._data.dtype)
        k = builtins.min(n, flat.size)
        new[:k] = flat[:k]
        self._data = new.reshape(shape)
        self._bump_version("the in-place op resize_")
        return self

    def apply_(self, fn):
        """Replace each element by ``fn(element)`` in place (``fn`` gets and returns a Python number);
        returns the tensor.

        A Python loop over the elements (slow), as in PyTorch. Not recorded by autograd: a leaf that
        requires grad refuses it (RuntimeError).

        Example::

            >>> pa.tensor([1.0, 2.0]).apply_(lambda v: v * 10)
            tensor([10., 20.])
        """
        check_inplace(self)
        flat = self._data.reshape(-1)
        for i in range(flat.size):
            flat[i] = fn(flat[i].item())
        self._bump_version("the in-place op apply_")
        return self

    def zero_(self):
        """Fill this tensor with zeros in place; returns it (``pyautograd.zero_(x)``).

        Gradient: zero for the old values (they no longer matter).

        Example::

            >>> pa.ones(2).zero_()
            tensor([0., 0.])
        """
        if _ops._fill_overlapping(self, 0):     # an expanded tensor: written as PyTorch does
            return self
        return apply_inplace(_Zero, self, ())

    def fill_(self, value):
        """Fill this tensor with ``value`` in place (a number, or a one-element tensor); returns it
        (``pyautograd.fill_(x, value)``).

        Gradient: zero for the old values; for a tensor ``value``, the sum of the gradient.

        Example::

            >>> pa.zeros(3).fill_(7)
            tensor([7., 7., 7.])
        """
        return _inplace_fill(self, value)

    def copy_(self, src, non_blocking=False):
        """Copy the elements of ``src`` into this tensor in place (``src`` is broadcast to this
        tensor's shape and converted to its dtype); returns this tensor.

        Gradient: zero for this tensor's old values; ``src`` gets the gradient (summed over the
        broadcast dimensions, converted to its dtype).

        Example::

            >>> x = pa.zeros(2, 2)
            >>> x.copy_(pa.tensor([1.0, 2.0]))
            tensor([[1., 2.],
                    [1., 2.]])
        """
        _ops._check_tensor(src, "copy_", "other", 1)
        if src._data.dtype != self._data.dtype:
            src = _ops.to_dtype(src, _dtype_from_numpy(self._data.dtype))
        src = _ops.expand(src, self.shape) if src.shape != self.shape else src
        return apply_inplace(_Copy, self, (src,))

    def uniform_(self, from_=0.0, to=1.0, *, generator=None, **kw):
        """Fill with uniform values in [from, to): PyTorch's for the same seed."""
        from_, to = kw.pop("from", kw.pop("a", from_)), kw.pop("b", to)
        gen = generator or _random.default_generator
        dt = self._data.dtype
        return _random_fill(self, lambda shape: gen._uniform_range(shape, dt, from_, to))

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        """Fill with normal values: PyTorch's for the same seed."""
        if std < 0:
            raise RuntimeError("normal expects std >= 0.0, but found std %s" % (std,))
        gen = generator or _random.default_generator
        dt = self._data.dtype
        if not self._data.flags.c_contiguous:     # PyTorch draws these one by one (no blocks of 16)
            return _random_fill(self, lambda shape: gen._normal_scalar(int(np.prod(shape)), mean, std).reshape(shape))
        return _random_fill(self, lambda shape: gen._normal(shape, dt, mean, std))

    def bernoulli_(self, p=0.5, *, generator=None):
        """Fill with 0/1 draws, probability p (a float, or a tensor broadcast to self): PyTorch's
        values for the same seed."""
        gen = generator or _random.default_generator
        if isinstance(p, TensorBase):
            prob = _ops.expand(p, self.shape)._data if p.shape != self.shape else p._data
            hooks = _random.vmap_hooks[0]
            if not self._data.flags.c_contiguous and not (hooks is not None and hooks.active()):
                prob = np.transpose(prob, _memory_order(self._data))   # drawn in self's memory order
            return _random_fill(self, lambda shape: _random.bernoulli_tensor_values(np.broadcast_to(prob, shape), gen))
        _random.check_bernoulli_p(p)
        return _random_fill(self, lambda shape: gen._bernoulli(int(np.prod(shape)), p).reshape(shape))

    def bernoulli(self, p=None, *, generator=None):
        """0/1 draws with probabilities self (or p for all): torch.bernoulli."""
        gen = generator or _random.default_generator
        if p is None:
            return _make_tensor(_random.bernoulli_tensor_values(self._data, gen).astype(self._data.dtype))
        _random.check_bernoulli_p(p)
        return _make_tensor(gen._bernoulli(self._data.size, p).reshape(self.shape).astype(self._data.dtype))

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        """torch.multinomial(self, ...): PyTorch's indices for the same seed."""
        return _make_tensor(_random.multinomial_indices(self._data, num_samples, replacement, generator))

    def exponential_(self, lambd=1.0, *, generator=None):
        """Fill with Exp(lambd) draws: PyTorch's for the same seed."""
        if self._data.dtype.kind != "f":
            raise RuntimeError("Exponential distribution is a continuous probability distribution. dtype must be a "
                               "floating point but you specified %s" % _random._type_name(self._data.dtype))
        if not lambd > 0:
            raise RuntimeError("exponential_ expects lambda > 0.0, but found lambda=%s" % _random._num(lambd))
        gen = generator or _random.default_generator
        return _random_fill(self, lambda shape: gen._exponential(int(np.prod(shape)), lambd).reshape(shape))

    def geometric_(self, p, *, generator=None):
        """Fill with the number of Bernoulli(p) trials up to the first success (1, 2, ...), also
        on integer tensors: PyTorch's draws for the same seed."""
        if not 0 < p < 1:
            raise RuntimeError("geometric_ expects p to be in (0, 1), but got p=%s" % _random._num(p))
        if self._data.dtype.kind not in "iuf":
            raise NotImplementedError("\"geometric_cpu\" not implemented for '%s'" % _random._type_name(self._data.dtype))
        gen = generator or _random.default_generator
        return _random_fill(self, lambda shape: gen._geometric(int(np.prod(shape)), p).reshape(shape))

    def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
        """Fill with Cauchy(median, sigma) draws: PyTorch's for the same seed."""
        if self._data.dtype.kind != "f":
            raise RuntimeError("Cauchy distribution is a continuous probability distribution. dtype must be a floating "
                               "point but you specified %s" % _CXX_TYPE_NAMES.get(self._data.dtype.name, self._data.dtype.name))
        if not sigma > 0:
            raise RuntimeError("cauchy_ expects sigma > 0.0, but found sigma=%s" % _random._num(sigma))
        gen = generator or _random.default_generator
        return _random_fill(self, lambda shape: gen._cauchy(int(np.prod(shape)), median, sigma).reshape(shape))

    def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
        """Fill with exp(Normal(mean, std)) draws: PyTorch's for the same seed."""
        if not std > 0:
            raise RuntimeError("log_normal_ expects std > 0.0, but found std=%s" % _random._num(std))
        if self._data.dtype.kind != "f":
            raise NotImplementedError("\"log_normal_cpu\" not implemented for '%s'" % _random._type_name(self._data.dtype))
        gen = generator or _random.default_generator
        return _random_fill(self, lambda shape: gen._log_normal(int(np.prod(shape)), mean, std).reshape(shape))

    def random_(self, from_=None, to=None, *, generator=None, **kw):
        """Fill with integers: random_() the dtype's range, random_(to) [0, to), random_(from, to)
        [from, to): PyTorch's draws for the same seed."""
        from_ = kw.pop("from", from_)
        if kw:
            raise TypeError("random_() got an unexpected keyword argument '%s'" % next(iter(kw)))
        if to is None and from_ is not None:
            from_, to = 0, from_
        if to is not None and from_ >= to:
            raise RuntimeError("random_ expects 'from' to be less than 'to', but got from=%d >= to=%d" % (from_, to))
        gen = generator or _random.default_generator
        npdtype = self._data.dtype
        return _random_fill(self, lambda shape: gen._integers(int(np.prod(shape)), npdtype, from_, to).reshape(shape))

    def masked_fill_(self, mask, value):
        """Write ``value`` into the elements where ``mask`` (a bool tensor, broadcast to this tensor's
        shape) is True, in place; returns the tensor. ``masked_fill`` is the out-of-place form.

        Gradient: the gradient where the mask is False, zero where it is True.

        Example::

            >>> x = pa.zeros(3)
            >>> x.masked_fill_(pa.tensor([True, False, True]), 1.0)
            tensor([1., 0., 1.])
        """
        return apply_inplace(_MaskedFill, self, (), {"mask": _ops._as_tensor(mask)._data, "value": value})

    def __deepcopy__(self, memo):
        """copy.deepcopy(x): a new leaf with a copy of the data, keeping ``requires_grad`` (for a leaf)
        and a copy of ``.grad``; the graph is not copied.

        Example::

            >>> import copy
            >>> x = pa.tensor([1.0], requires_grad=True)
            >>> y = copy.deepcopy(x)
            >>> y.requires_grad, y is x
            (True, False)
        """
        t = _make_tensor(self._data.copy())
        t._requires_grad = self._requires_grad and self._grad_fn is None
        if self._grad is not None:
            t._grad = _make_tensor(self._grad._data.copy())
        memo[id(self)] = t
        if type(self) is not Tensor:
            t = type(self).__new__(type(self), t)
            memo[id(self)] = t
        return t

    def __copy__(self):
        """copy.copy(x): a new leaf tensor sharing this one's memory (no copy of the data), keeping
        ``requires_grad``; the graph is not copied. Use ``x.clone()`` for a copy of the data.

        Example::

            >>> import copy
            >>> x = pa.tensor([1.0, 2.0])
            >>> y = copy.copy(x)
            >>> y.data_ptr() == x.data_ptr()
            True
        """
        # as torch: a new leaf over the same memory, keeping requires_grad (matplotlib copies its inputs)
        t = _make_tensor(self._data)
        t._requires_grad = self._requires_grad
        if type(self) is not Tensor:
            t = type(self).__new__(type(self), t)
        return t

    def __reduce_ex__(self, proto):
        """Pickling a tensor is refused (TypeError): unpickling can execute code, so use
        ``pyautograd.save`` and ``pyautograd.load``, which write and read ``.npz`` files.

        Example::

            >>> import pickle
            >>> pickle.dumps(pa.zeros(1))
            Traceback (most recent call last):
            ...
            TypeError: pyautograd tensors are not pickled (pickle can execute code on load); use pyautograd.save / pyautograd.load, which write .npz files
        """
        raise TypeError("pyautograd tensors are not pickled (pickle can execute code on load); "
                        "use pyautograd.save / pyautograd.load, which write .npz files")



# ---- docstrings of the operators that are compiled fast paths, and of NumPy's protocol methods ----
# Tensor.__add__ is pyautograd._core.fast_add itself (no wrapper on the hot path) and __array_ufunc__ is
# pyautograd._numpy.array_ufunc: a Cython function's __doc__ is writable as a Python function's, so each
# one's docstring is set here, where it becomes the operator (nothing is called differently).
Tensor.__add__.__doc__ = """x + y: ``pyautograd.add(x, y)``, elementwise with broadcasting and type promotion (float operands in
compiled code, the rest through pyautograd.add).

Gradient: the gradient for both x and y (summed over broadcast dimensions).

Example::

    >>> pa.tensor([1.0, 2.0]) + pa.tensor([3.0, 4.0])
    tensor([4., 6.])
"""

Tensor.__radd__.__doc__ = """n + x: ``pyautograd.add(x, n)`` for a number or array ``n`` on the left (1 + x is x.add(1) in
PyTorch).

Gradient: the gradient for x.

Example::

    >>> 1 + pa.tensor([1.0, 2.0])
    tensor([2., 3.])
"""

Tensor.__sub__.__doc__ = """x - y: ``pyautograd.sub(x, y)``, elementwise with broadcasting and type promotion.

Gradient: the gradient for x, minus it for y.

Example::

    >>> pa.tensor([1.0, 2.0]) - pa.tensor([3.0, 5.0])
    tensor([-2., -3.])
"""

Tensor.__mul__.__doc__ = """x * y: ``pyautograd.mul(x, y)``, elementwise with broadcasting and type promotion.

Gradient: ``y`` times the gradient for x, ``x`` times it for y.

Example::

    >>> pa.tensor([1.0, 2.0]) * pa.tensor([3.0, 4.0])
    tensor([3., 8.])
"""

Tensor.__rmul__.__doc__ = """n * x: ``pyautograd.mul(x, n)`` for a number or array ``n`` on the left (2 * x is x.mul(2) in
PyTorch).

Gradient: ``n`` times the gradient for x.

Example::

    >>> 2 * pa.tensor([1.0, 2.0])
    tensor([2., 4.])
"""

Tensor.__truediv__.__doc__ = """x / y: ``pyautograd.div(x, y)``, true division (integer tensors give floats).

Gradient: the gradient divided by ``y`` for x, ``-x / y**2`` times it for y.

Example::

    >>> pa.tensor([1.0, 3.0]) / 2
    tensor([0.5000, 1.5000])
"""

Tensor.__matmul__.__doc__ = """x @ y: ``pyautograd.matmul(x, y)``, the matrix product (of vectors, matrices or batches of
matrices).

Gradient: ``g @ y.mT`` for x and ``x.mT @ g`` for y (for matrices).

Example::

    >>> pa.tensor([[1.0, 2.0]]) @ pa.tensor([[3.0], [4.0]])
    tensor([[11.]])
"""

Tensor.__iadd__.__doc__ = """x += y: ``x.add_(y)``, ``pyautograd.add`` computed in place (x keeps its dtype and shape, its
version counter is bumped; recorded by autograd when x or y requires grad).

Example::

    >>> x = pa.tensor([1.0, 2.0]); x += 1; x
    tensor([2., 3.])
"""

Tensor.__isub__.__doc__ = """x -= y: ``x.sub_(y)``, ``pyautograd.sub`` computed in place (x keeps its dtype and shape, its
version counter is bumped; recorded by autograd when x or y requires grad).

Example::

    >>> x = pa.tensor([1.0, 2.0]); x -= 1; x
    tensor([0., 1.])
"""

Tensor.__imul__.__doc__ = """``x *= y``: ``x.mul_(y)``, ``pyautograd.mul`` computed in place (x keeps its dtype and shape, its
version counter is bumped; recorded by autograd when x or y requires grad).

Example::

    >>> x = pa.tensor([1.0, 2.0]); x *= 3; x
    tensor([3., 6.])
"""

Tensor.__itruediv__.__doc__ = """x /= y: ``x.div_(y)``, ``pyautograd.div`` computed in place (x keeps its dtype and shape, its
version counter is bumped; an integer x refuses it: RuntimeError).

Example::

    >>> x = pa.tensor([1.0, 2.0]); x /= 2; x
    tensor([0.5000, 1.0000])
"""

Tensor.__array_ufunc__.__doc__ = """NumPy ufuncs on tensors (``np.sin(x)``, ``np.add(x, 1)``, ``ndarray + x``): computed by pyautograd's
own functions, so the result is a tensor and stays in the autograd graph.

A ufunc without a pyautograd counterpart, or with arguments it does not take, gives NotImplemented
(NumPy then raises its TypeError).

Example::

    >>> np.sin(pa.tensor([0.0]))
    tensor([0.])
"""

Tensor.__array_function__.__doc__ = """NumPy functions on tensors (``np.sum(x, axis=0)``, ``np.concatenate([x, y])``, ...): computed by
pyautograd's own functions, so the result is a tensor and stays in the autograd graph; NumPy
functions without a counterpart give NotImplemented (NumPy's TypeError).

Example::

    >>> np.sum(pa.tensor([1.0, 2.0]))
    tensor(3.)
"""


def _inplace_fill(t, value):
    if not isinstance(value, TensorBase) and not _ops._is_number(value):
        raise TypeError("fill_() received an invalid combination of arguments - got (%s), but expected one of:"
                        % _ops._tp_name(value))
    if isinstance(value, TensorBase):
        if value._data.size != 1:
            raise RuntimeError("fill_ only supports 0-dimension value tensor but got tensor with %d dimensions."
                               % value._data.ndim)
        return apply_inplace(_FillTensor, t, (_ops.to_dtype(value.reshape(()), t.dtype),))
    _ops._check_complex_value(t, value)
    if _ops._fill_overlapping(t, value):        # an expanded tensor: written as PyTorch does
        return t
    return apply_inplace(_Fill, t, (), {"value": value})


# the C++ type names PyTorch's cauchy_ prints for a non-floating dtype
_CXX_TYPE_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
                   "uint8": "unsigned char", "bool": "bool"}


def _memory_order(data):
    """The axes of data from the slowest to the fastest in memory: the order PyTorch's in-place
    random kernels visit the elements of a non-contiguous tensor."""
    return tuple(sorted(range(data.ndim), key=lambda ax: -abs(data.strides[ax])))


def _random_fill(t, values_of):
    """t filled in place with values_of(shape), drawn in t's memory order as PyTorch's kernels
    draw (inside vmap: _random.fill decides the draw)."""
    done = _random.fill(t, values_of)
    if done is not None:
        return done
    check_inplace(t)
    data = t._data
    if data.flags.c_contiguous:
        values = values_of(data.shape)
    else:
        order = _memory_order(data)
        values = np.transpose(values_of(tuple(data.shape[ax] for ax in order)), np.argsort(order))
    if data.dtype == np.float16 and values.dtype == np.float64:
        values = values.astype(np.float32)     # PyTorch's double -> Half goes through float
    with np.errstate(over="ignore", invalid="ignore"):
        np.copyto(data, values, casting="unsafe")
    t._bump_version()
    return t


class _Fill(_ops.Op):
    name = "FillBackward2"            # PyTorch's name for fill_(Scalar)
    writes_through_overlap = True     # one value: an expanded tensor can be filled (PyTorch)

    @staticmethod
    def forward(ctx, x, value=0):
        return np.full(x._data.shape, value, dtype=x._data.dtype)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        return F.zeros_like(result)

    @staticmethod
    def vjp(F, ctx, g):
        return F.zeros_like(g)        # zeros, never g * 0.0 (inf * 0 is nan)


class _Zero(_Fill):
    name = "ZeroBackward0"


class _FillTensor(_ops.Op):
    name = "FillBackward3"            # fill_(Tensor)

    @staticmethod
    def forward(ctx, x, v):
        return np.broadcast_to(v._data, x._data.shape)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.zeros_like(g), g     # v's: the engine sums g to v's shape (batch dims kept)


class _RsubScalar(_ops.Op):
    name = "RsubBackward1"

    @staticmethod
    def forward(ctx, x, other=0):
        return np.asarray(other, dtype=x._data.dtype) - x._data

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        return -t

    @staticmethod
    def vjp(F, ctx, g):
        return -g


class _CopyGrad(_ops.Op):
    """The copy PyTorch makes of a gradient accumulated with create_graph=True."""
    name = "torch::autograd::CopyBackwards"   # its name(); the node type is CopyBackwards

    @staticmethod
    def forward(ctx, dst, src):
        return src._data.copy()

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return None, g


def _copy_grad(g):
    return _ops.apply_op(_CopyGrad, (_make_tensor(np.empty_like(g._data)), g))


class _Copy(_ops.Op):
    name = "torch::autograd::CopyBackwards"   # its name(); the node type is CopyBackwards

    @staticmethod
    def forward(ctx, x, src):
        return src._data

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.zeros_like(g), g


class _MaskedFill(_ops.Op):
    name = "MaskedFillBackward0"

    @staticmethod
    def forward(ctx, x, mask=None, value=0):
        ctx.mask = mask
        return np.where(mask, np.asarray(value, dtype=x._data.dtype), x._data)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        return F.select(~ctx.mask, t)

    @staticmethod
    def vjp(F, ctx, g):
        return F.select(~ctx.mask, g)


# ---- methods that are the public functions with `self` first ----------------
# (declared with method=True where each function is defined: pyautograd/ops/_registry.py PUBLIC)
for _name, _public in PUBLIC.items():
    if _public.method:
        setattr(Tensor, _name, _public.method_function)


# method forms whose signature differs from the function's
def _polygamma_method(self, n):
    """x.polygamma(n) = torch.polygamma(n, x) (n first in the function)."""
    return _ops.polygamma(n, self)


def _polygamma_inplace(self, n):
    _ops.polygamma(n, self)      # PyTorch's argument errors, before anything changes
    if self._data.dtype.kind != "f":
        raise RuntimeError("result type Float can't be cast to the desired output type "
                           + self.dtype._tensor_type.replace("Tensor", ""))
    return apply_inplace(_ops.Digamma, self, ()) if n == 0 else apply_inplace(_ops.Polygamma, self, (), {"n": int(n)})


def _mvlgamma_inplace(self, p):
    _ops.mvlgamma(self, p)
    if self._data.dtype.kind != "f":
        raise RuntimeError("result type Float can't be cast to the desired output type "
                           + self.dtype._tensor_type.replace("Tensor", ""))
    return apply_inplace(_ops.Mvlgamma, self, (), {"p": int(p)})


Tensor.polygamma = _polygamma_method
Tensor.polygamma_ = _polygamma_inplace
Tensor.mvlgamma_ = _mvlgamma_inplace


def _flip_method(self, *dims, **kwargs):
    """This tensor with the order of the elements reversed along the given dimensions (a copy):
    ``x.flip(0)``, ``x.flip(0, 1)``, ``x.flip((0, 1))`` or ``x.flip(dims=[0])``, as
    ``pyautograd.flip(x, dims)``.

    Gradient: the gradient flipped back along the same dimensions.

    Example::

        >>> pa.tensor([[1, 2], [3, 4]]).flip(1)
        tensor([[2, 1],
                [4, 3]])
    """
    # x.flip(0), x.flip(0, 1), x.flip((0, 1)) and x.flip(dims=[0]) as PyTorch's method
    if kwargs:
        if dims or set(kwargs) != {"dims"}:
            raise TypeError("flip() received an invalid combination of arguments")
        dims = kwargs["dims"]
    elif len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = dims[0]
    return _ops.flip(self, tuple(dims))


Tensor.flip = _flip_method


def _where_method(self, condition, other):
    """This tensor where ``condition`` is True, ``other`` elsewhere (broadcast together):
    ``x.where(condition, y)`` is ``pyautograd.where(condition, x, y)``.

    Gradient: the gradient where the condition holds for this tensor, elsewhere for ``other``.

    Example::

        >>> x = pa.tensor([1.0, 2.0, 3.0])
        >>> x.where(x > 1, 0.0)
        tensor([0., 2., 3.])
    """
    return _ops.where(condition, self, other)


Tensor.where = _where_method

# ---- in-place variants: x.sin_(), x.add_(y), ... ------------------------------
# unary ones from the declarations (expose(..., inplace_op=Op)): name -> the op applied in place
_UNARY_INPLACE = {name: e.inplace_op for name, e in PUBLIC.items()
                  if e.inplace_op is not None and not e.inplace_binary}


def _inplace_doc(name, signature="x.%s_()"):
    """The docstring of an in-place variant: what it is, then the function's own docstring."""
    return compose_doc("In-place form of pyautograd.%s: %s writes the result into x and returns x (bumping "
                       "its version counter)." % (name, signature % name), getattr(_ops, name).__doc__)


def _make_unary_inplace(name, op):
    def method(self):
        if self._data.dtype.kind == "c" and name in ("abs", "sign", "relu"):
            if name == "abs":
                raise RuntimeError("In-place abs is not supported for complex tensors.")
            getattr(_ops, name)(self)     # raises PyTorch's error for complex input
        if name in ("neg", "relu") and self._data.dtype == np.bool_:
            getattr(_ops, name)(self)      # PyTorch's error for negating / relu of a bool tensor
        if self._data.dtype.kind not in "fc" and name not in ("neg", "abs", "sign", "relu", "square"):
            raise RuntimeError("result type Float can't be cast to the desired output type "
                               + self.dtype._tensor_type.replace("Tensor", ""))
        return apply_inplace(op, self, ())   # the core silences NumPy's fp warnings
    method.__name__ = name + "_"
    method.__doc__ = _inplace_doc(name)
    return method


for _name, _op in _UNARY_INPLACE.items():
    _method = _make_unary_inplace(PUBLIC[_name].alias_of or _name, _op)    # an alias checks as its function
    _method.__name__ = _name + "_"
    _method.__doc__ = _inplace_doc(_name)
    setattr(Tensor, _name + "_", _method)


def _check_inplace_dtype(self, other):
    """PyTorch refuses in-place results of a higher category than self (int += float)."""
    od = other._data.dtype if isinstance(other, TensorBase) else scalar_dtype(other)
    if _category(od) > _category(self._data.dtype):
        od = _ops._result_dtype(self, other)    # the promoted type PyTorch names (float64 with 1j: ComplexDouble)
        raise RuntimeError("result type %s can't be cast to the desired output type %s"
                           % (_dtype_from_numpy(od)._tensor_type.replace("Tensor", ""),
                              self.dtype._tensor_type.replace("Tensor", "")))


def _binary_inplace(op, fname):
    def method(self, other, **kw):
        if op is _ops.Sub:
            _ops._check_sub_bool(self, other)       # before the cast check, as PyTorch
        _check_inplace_dtype(self, other)
        if kw and (op is _ops.Add or op is _ops.Sub):
            alpha = kw.get("alpha", 1)
            if alpha.__class__ is not int or alpha != 1:
                kw = {"alpha": _ops._check_alpha(self, other, alpha)}
        if op is _ops.Div and self._data.dtype.kind not in "fc":
            # true division gives floats, which an integer tensor cannot hold
            raise RuntimeError("result type Float can't be cast to the desired output type "
                               + self.dtype._tensor_type.replace("Tensor", ""))
        other_t = other if isinstance(other, TensorBase) else _ops._const(other, self._data.dtype)
        if other_t._data.dtype != self._data.dtype:
            other_t = _ops._cast(other_t, self._data.dtype)
        bshape = _broadcast_or_same(self._data.shape, other_t._data.shape)
        if bshape != self._data.shape:
            raise RuntimeError("output with shape [%s] doesn't match the broadcast shape [%s]"
                               % (", ".join(map(str, self._data.shape)), ", ".join(map(str, bshape))))
        return apply_inplace(op, self, (other_t,), kw or None)
    method.__name__ = fname
    method.__doc__ = _inplace_doc(fname[:-1], "x.%s_(other)")
    return method


def _broadcast_or_same(a, b):
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        return b


for _name, _public in PUBLIC.items():     # declared with inplace_binary (x.hypot_(y))
    if _public.inplace_op is not None and _public.inplace_binary:
        setattr(Tensor, _name + "_", _binary_inplace(_public.inplace_op, _name + "_"))
Tensor.add_ = _binary_inplace(_ops.Add, "add_")
Tensor.sub_ = _binary_inplace(_ops.Sub, "sub_")
Tensor.mul_ = _binary_inplace(_ops.Mul, "mul_")
Tensor.div_ = _binary_inplace(_ops.Div, "div_")
Tensor.maximum_ = _binary_inplace(_ops.Maximum, "maximum_")
Tensor.minimum_ = _binary_inplace(_ops.Minimum, "minimum_")
_pow_tensor_inplace = _binary_inplace(_ops.Pow, "pow_")


def _pow_(self, exponent):
    if _scalar_operand(exponent) and not isinstance(exponent, builtins.complex):
        _check_inplace_dtype(self, exponent)
        if self._data.dtype.kind in "iu" and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        return apply_inplace(_ops.PowScalar, self, (), {"exponent": exponent})
    return _pow_tensor_inplace(self, exponent)


def _clamp_(self, min=None, max=None, _one_bound=False):
    _ops._no_complex(self, "clamp is not supported for complex types")
    x, lo, hi = _ops._clamp_operands(self, min, max)
    # clamp_min_ / clamp_max_: the same checks, PyTorch's node names
    number_op, tensor_op = (_ops.ClampMin, _ops.ClampMinTensor) if _one_bound and max is None else \
        (_ops.ClampMax, _ops.ClampMaxTensor) if _one_bound else (_ops.Clamp, _ops.ClampTensor)
    if x._data.dtype != self._data.dtype:
        # PyTorch names the output type as a C type for number bounds (long int), else as Long
        names = _ops._SCALAR_TYPE_NAMES if lo is not None else _ops._C_TYPE_NAMES
        raise RuntimeError("result type %s can't be cast to the desired output type %s"
                           % (_ops._SCALAR_TYPE_NAMES[x._data.dtype.name], names[self._data.dtype.name]))
    if lo is None:
        return apply_inplace(number_op, self, (), {"min": min, "max": max})
    bshape = _broadcast_or_same(_broadcast_or_same(self._data.shape, lo._data.shape), hi._data.shape)
    if bshape != self._data.shape:
        raise RuntimeError("output with shape [%s] doesn't match the broadcast shape [%s]"
                           % (", ".join(map(str, self._data.shape)), ", ".join(map(str, bshape))))
    return apply_inplace(tensor_op, self, (lo, hi), {"both": min is not None and max is not None})


def _clamp_min_(self, min):
    return _clamp_(self, min, None, _one_bound=True)


def _clamp_max_(self, max):
    return _clamp_(self, None, max, _one_bound=True)


_pow_.__doc__ = _inplace_doc("pow", "x.%s_(exponent)")
_clamp_.__doc__ = _inplace_doc("clamp", "x.%s_(min, max)")
_clamp_min_.__doc__ = _inplace_doc("clamp_min", "x.%s_(min)")
_clamp_max_.__doc__ = _inplace_doc("clamp_max", "x.%s_(max)")
_polygamma_inplace.__doc__ = _inplace_doc("polygamma", "x.%s_(n)")
_mvlgamma_inplace.__doc__ = _inplace_doc("mvlgamma", "x.%s_(p)")
Tensor.pow_ = _pow_
Tensor.clamp_min_ = _clamp_min_
Tensor.clamp_max_ = _clamp_max_
Tensor.clamp_ = _clamp_
def _inplace_alias(name, of):
    """Tensor.<name>: the in-place method `of` under its own name, saying which one it is."""
    target = getattr(Tensor, of)

    def method(self, *args, **kwargs):
        return target(self, *args, **kwargs)
    method.__name__ = method.__qualname__ = name
    method.__doc__ = "Alias of ``Tensor.%s``.\n\n%s" % (of, target.__doc__ or "")   # ``: a bare "clamp_." is a link in RST
    method.__wrapped__ = target
    setattr(Tensor, name, method)


for _name, _of in (("clip_", "clamp_"), ("subtract_", "sub_"), ("multiply_", "mul_"), ("divide_", "div_"),
                   ("true_divide_", "div_")):
    _inplace_alias(_name, _of)



def _inplace_functions():
    """torch.sin_(x), torch.exp_(x), ...: module-level forms of the in-place methods."""
    out = {}
    # torch has the aliases' in-place methods, and all but absolute_ as functions
    for name in [n for n in _UNARY_INPLACE if n != "absolute"] + ["clamp", "clip", "clamp_min", "clamp_max", "zero", "fill"]:
        meth = getattr(Tensor, name + "_")

        def fn(input, *args, _meth=meth, **kwargs):
            return _meth(input, *args, **kwargs)
        fn.__name__ = name + "_"
        fn.__doc__ = meth.__doc__
        out[name + "_"] = fn
    return out
