"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode (thread-local)."""
import functools
import inspect
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # type checkers only (typeshed has it; no runtime dependency)
    from typing_extensions import Self

from ._core import is_grad_enabled, _set_grad_enabled, _set_inference_mode, is_inference_mode_enabled

# The two queries are the core's (compiled) functions; their docstrings are set here, with the rest of
# the grad modes' documentation.
is_grad_enabled.__doc__ = """is_grad_enabled(): True when new operations are recorded for differentiation.

    The state no_grad, enable_grad, set_grad_enabled and inference_mode change (per thread).

    Example::

        >>> pa.is_grad_enabled()
        True
        >>> with pa.no_grad():
        ...     pa.is_grad_enabled()
        False
    """
is_inference_mode_enabled.__doc__ = """is_inference_mode_enabled(): True inside inference_mode (per thread).

    Example::

        >>> pa.is_inference_mode_enabled()
        False
        >>> with pa.inference_mode():
        ...     pa.is_inference_mode_enabled()
        True
    """

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled", "is_inference"]


class _DecoratorContextManager:
    """Usable as `with no_grad():`, `@no_grad()` and `@no_grad`."""

    def __new__(cls, func=None, *args, **kwargs) -> "Self":
        # a bare @no_grad gives the wrapped function instead; typed as the mode, the common use
        self = super().__new__(cls)
        if callable(func) and not isinstance(func, bool) and cls is not set_grad_enabled:
            # bare decorator: @no_grad
            self.__init__()
            return self(func)
        return self

    def __call__(self, func):
        if inspect.isgeneratorfunction(func):
            return self._wrap_generator(func)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper

    def _wrap_generator(self, func):
        """Each step of the generator runs inside the mode (PyTorch's _wrap_generator)."""
        @functools.wraps(func)
        def gen_wrapper(*args, **kwargs):
            gen = func(*args, **kwargs)
            try:
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    except BaseException:
                        with self.clone():
                            response = gen.throw(*sys.exc_info())
                    else:
                        with self.clone():
                            response = gen.send(request)
            except StopIteration as e:
                return e.value
        return gen_wrapper

    def clone(self):
        return self.__class__()


class no_grad(_DecoratorContextManager):
    """Disable gradient recording inside the block or the decorated function.

    Operations run inside make results with ``requires_grad=False`` and no ``grad_fn``, even on
    inputs that require grad (use it for inference and for updating parameters in place). Usable as
    ``with pa.no_grad():``, ``@pa.no_grad()`` and ``@pa.no_grad``; per thread. The mode the block
    was entered in is restored on exit.

    Example::

        >>> x = pa.tensor([1.0], requires_grad=True)
        >>> with pa.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> @pa.no_grad()
        ... def double(t):
        ...     return t * 2
        >>> double(x).requires_grad
        False
    """

    def __init__(self, func=None):
        self.prev = False

    def __enter__(self):
        self.prev = is_grad_enabled()
        _set_grad_enabled(False)

    def __exit__(self, *exc):
        _set_grad_enabled(self.prev)


class enable_grad(_DecoratorContextManager):
    """Enable gradient recording inside the block or the decorated function (e.g. within no_grad).

    Usable as ``with pa.enable_grad():``, ``@pa.enable_grad()`` and ``@pa.enable_grad``; per
    thread. It does not turn inference mode off.

    Example::

        >>> x = pa.tensor([1.0], requires_grad=True)
        >>> with pa.no_grad():
        ...     with pa.enable_grad():
        ...         y = x * 2
        >>> y
        tensor([2.], grad_fn=<MulBackward0>)
    """

    def __init__(self, func=None):
        self.prev = False

    def __enter__(self):
        self.prev = is_grad_enabled()
        _set_grad_enabled(True)

    def __exit__(self, *exc):
        _set_grad_enabled(self.prev)


class set_grad_enabled(_DecoratorContextManager):
    """set_grad_enabled(mode): turn gradient recording on (True) or off (False).

    Called alone it switches the mode for the current thread; as a context manager (or a
    decorator) it sets the mode inside and restores the previous one after.

    Example::

        >>> x = pa.tensor([1.0], requires_grad=True)
        >>> with pa.set_grad_enabled(False):
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> _ = pa.set_grad_enabled(False)
        >>> pa.is_grad_enabled()
        False
        >>> _ = pa.set_grad_enabled(True)
        >>> pa.is_grad_enabled()
        True
    """

    def __init__(self, mode):
        self.prev = is_grad_enabled()
        self.mode = bool(mode)
        _set_grad_enabled(self.mode)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        _set_grad_enabled(self.prev)

    def __call__(self, func):
        _set_grad_enabled(self.prev)
        return super().__call__(func)

    def clone(self):
        return self.__class__(self.mode)

    def __repr__(self):
        # what PyTorch shows for a bare `torch.set_grad_enabled(False)` at the prompt
        return "torch.autograd.grad_mode.set_grad_enabled(mode=%s)" % self.mode


class inference_mode(_DecoratorContextManager):
    """torch.inference_mode: no_grad, and every tensor made inside is an inference tensor
    (``is_inference()``): it is never recorded, cannot be saved for backward, changed in place or
    given requires_grad outside the mode, and has no version counter (PyTorch's errors). Views of
    normal tensors made inside stay normal tensors. Per thread; ``inference_mode(False)`` turns it
    off inside. Usable as a context manager and as a decorator.

    Example::

        >>> x = pa.tensor([1.0], requires_grad=True)
        >>> with pa.inference_mode():
        ...     y = x * 2
        >>> y.requires_grad, y.is_inference()
        (False, True)
    """

    def __init__(self, mode=True):
        self.mode = mode if isinstance(mode, bool) else True
        self.prev = False
        self.prev_inference = False

    def __enter__(self):
        self.prev = is_grad_enabled()
        self.prev_inference = _set_inference_mode(self.mode)
        _set_grad_enabled(not self.mode)      # as PyTorch's InferenceMode guard (False: grad on)

    def __exit__(self, *exc):
        _set_grad_enabled(self.prev)
        _set_inference_mode(self.prev_inference)

    def clone(self):
        return self.__class__(self.mode)


def is_inference(input):
    """Whether input is an inference tensor (one made in inference mode), as torch.is_inference.

    Example::

        >>> x = pa.tensor([1.0])
        >>> with pa.inference_mode():
        ...     y = x * 2
        >>> pa.is_inference(x), pa.is_inference(y)
        (False, True)
    """
    return input.is_inference()
