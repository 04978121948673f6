"""torch.autograd's API: backward, grad, Function, functional, gradcheck, grad modes."""
import functools
import warnings

from .. import _core
from .._backward import backward, grad, _create_graph_warned, _is_checkpoint_valid  # noqa: F401 - private state
from ..grad_mode import no_grad, enable_grad, set_grad_enabled, inference_mode, is_grad_enabled

__all__ = ["backward", "grad", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode",
           "is_grad_enabled", "detect_anomaly", "set_detect_anomaly"]


class detect_anomaly:
    """Context manager / decorator enabling anomaly detection for autograd (as PyTorch): every op
    records the traceback of its forward call; when a backward rule fails (or, with check_nan,
    returns NaN) a warning names the node and shows that traceback. With check_nan (the default)
    a NaN in a backward result raises RuntimeError naming the node. Making one warns that it slows
    everything down (it is for debugging).

    Example::

        >>> import warnings
        >>> x = pa.tensor([0.0], requires_grad=True)
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     with pa.autograd.detect_anomaly():
        ...         (pa.sqrt(x) * 0).sum().backward()
        Traceback (most recent call last):
            ...
        RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.
    """

    def __init__(self, check_nan=True):
        self.prev = _core.is_anomaly_enabled()
        self.check_nan = check_nan
        self.prev_check_nan = _core.is_anomaly_check_nan_enabled()
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only "
                      "be enabled for debugging.", stacklevel=2)

    def __enter__(self):
        _core._set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *args):
        _core._set_anomaly_enabled(self.prev, self.prev_check_nan)

    def __call__(self, func):

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return func(*args, **kwargs)
        return wrapper


class set_detect_anomaly:
    """Turn anomaly detection (see detect_anomaly) on or off: a plain call, or a context manager
    restoring the previous state.

    Example::

        >>> with pa.autograd.set_detect_anomaly(True):
        ...     pa.autograd.is_anomaly_enabled()
        True
        >>> pa.autograd.is_anomaly_enabled()
        False
    """

    def __init__(self, mode, check_nan=True):
        self.prev = _core.is_anomaly_enabled()
        self.prev_check_nan = _core.is_anomaly_check_nan_enabled()
        _core._set_anomaly_enabled(bool(mode), bool(check_nan))

    def __enter__(self):
        pass

    def __exit__(self, *args):
        _core._set_anomaly_enabled(self.prev, self.prev_check_nan)


def is_anomaly_enabled():
    return _core.is_anomaly_enabled()


def is_anomaly_check_nan_enabled():
    return _core.is_anomaly_check_nan_enabled()


from . import function  # noqa: E402
from .function import Function, once_differentiable  # noqa: E402
__all__ += ["Function", "once_differentiable"]
from . import functional  # noqa: E402
__all__ += ["functional"]
from .gradcheck import gradcheck, gradgradcheck, GradcheckError  # noqa: E402
__all__ += ["gradcheck", "gradgradcheck", "GradcheckError"]
from . import forward_ad  # noqa: E402
__all__ += ["forward_ad"]
from . import graph  # noqa: E402
__all__ += ["graph"]
from . import profiler  # noqa: E402
__all__ += ["profiler"]
from . import variable  # noqa: E402
from .variable import Variable  # noqa: E402
__all__ += ["Variable"]
from .explain import explain, Explanation  # noqa: E402  (the function shadows the submodule's name)
__all__ += ["explain"]
