"""torch.accelerator as PyTorch 2.13's CPU build has it: no accelerator. `is_available()` is False,
`current_accelerator()` None, `device_count()` 0; what needs an accelerator device raises PyTorch's
RuntimeError "Cannot access accelerator device when none is available."."""
import warnings

from ._device import NO_ACCELERATOR, device as _device

__all__ = ["current_accelerator", "current_device_idx", "current_device_index", "current_stream", "device_count",
           "device_index", "empty_cache", "empty_host_cache", "get_device_capability", "get_memory_info",
           "is_available", "max_memory_allocated", "max_memory_reserved", "memory_allocated", "memory_reserved",
           "memory_stats", "reset_accumulated_memory_stats", "reset_peak_memory_stats", "set_device_idx",
           "set_device_index", "set_stream", "synchronize"]


def _none_available():
    raise RuntimeError(NO_ACCELERATOR)


def is_available():
    """Whether an accelerator is there: never here."""
    return False


def device_count():
    return 0


def current_accelerator(check_available=False):
    """The accelerator's device type (a torch.device), None when there is none."""
    return None


def current_device_index():
    _none_available()


def current_device_idx():
    warnings.warn("Use `current_device_index` instead.", FutureWarning, stacklevel=2)
    return current_device_index()


def set_device_index(device, /):
    _none_available()


def set_device_idx(device, /):
    warnings.warn("Use `set_device_index` instead.", FutureWarning, stacklevel=2)
    return set_device_index(device)


def current_stream(device=None, /):
    _none_available()


def set_stream(stream):
    raise TypeError("_accelerator_setStream(): incompatible function arguments. The following argument types are "
                    "supported:\n    1. (arg0: torch.Stream) -> None\n\nInvoked with: %r" % (stream,))


def synchronize(device=None, /):
    if isinstance(device, (str, _device)) and _device(device).type == "cpu":
        raise RuntimeError("Accelerator expected")
    _none_available()


class device_index:
    """Context manager making `device` the current accelerator index; `device_index(None)` does nothing."""

    def __init__(self, device, /):
        self.idx = device

    def __enter__(self):
        if self.idx is not None:
            _none_available()

    def __exit__(self, *exc):
        return False


def empty_cache():
    _none_available()


def empty_host_cache():
    _none_available()


def get_device_capability(device=None, /):
    _none_available()


def get_memory_info(device_index=None, /):
    _none_available()


def memory_stats(device_index=None, /):
    _none_available()


def memory_allocated(device_index=None, /):
    _none_available()


def max_memory_allocated(device_index=None, /):
    _none_available()


def memory_reserved(device_index=None, /):
    _none_available()


def max_memory_reserved(device_index=None, /):
    _none_available()


def reset_accumulated_memory_stats(device_index=None, /):
    _none_available()


def reset_peak_memory_stats(device_index=None, /):
    _none_available()
