"""torch.accelerator as PyTorch 2.13's CPU build has it: no accelerator. ``is_available()`` is False,
``current_accelerator()`` None, ``device_count()`` 0; what needs an accelerator device raises PyTorch's
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
    """Whether an accelerator (CUDA, MPS, XPU, ...) can be used: always False here.

    In torch: whether the current accelerator is present and usable. pyautograd has no accelerator
    (it computes on the CPU only), so, as PyTorch's CPU build, it answers False.

    Example::

        >>> pa.accelerator.is_available()
        False
    """
    return False


def device_count():
    """The number of accelerator devices: always 0 here.

    In torch: how many devices of the current accelerator type are visible. pyautograd has no
    accelerator (it computes on the CPU only), so, as PyTorch's CPU build, it answers 0.

    Example::

        >>> pa.accelerator.device_count()
        0
    """
    return 0


def current_accelerator(check_available=False):
    """The accelerator's device type (a torch.device such as cuda), or None: always None here.

    In torch: the device type of the build's accelerator (check_available=True: None unless it is
    usable). pyautograd has no accelerator (it computes on the CPU only), so, as PyTorch's CPU
    build, it answers None whatever check_available says.

    Example::

        >>> pa.accelerator.current_accelerator() is None
        True
    """
    return None


def current_device_index():
    """The index of the current accelerator device: raises RuntimeError here.

    In torch: the index of the current accelerator device. pyautograd has no accelerator (it
    computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.".

    Example::

        >>> pa.accelerator.current_device_index()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def current_device_idx():
    """The deprecated name of current_device_index: warns (FutureWarning), then raises RuntimeError here.

    In torch: the index of the current accelerator device. pyautograd has no accelerator (it
    computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.", as current_device_index.

    Example::

        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", FutureWarning)
        ...     pa.accelerator.current_device_idx()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    warnings.warn("Use `current_device_index` instead.", FutureWarning, stacklevel=2)
    return current_device_index()


def set_device_index(device, /):
    """Make device the current accelerator device: raises RuntimeError here.

    In torch: makes the given device the current accelerator device. pyautograd has no accelerator
    (it computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.".

    Example::

        >>> pa.accelerator.set_device_index(0)
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def set_device_idx(device, /):
    """The deprecated name of set_device_index: warns (FutureWarning), then raises RuntimeError here.

    In torch: makes the given device the current accelerator device. pyautograd has no accelerator
    (it computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.", as set_device_index.

    Example::

        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", FutureWarning)
        ...     pa.accelerator.set_device_idx(0)
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    warnings.warn("Use `set_device_index` instead.", FutureWarning, stacklevel=2)
    return set_device_index(device)


def current_stream(device=None, /):
    """The current stream of an accelerator device: raises RuntimeError here.

    In torch: the current stream (queue of work) of an accelerator device. pyautograd has no
    accelerator (it computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError
    "Cannot access accelerator device when none is available.".

    Example::

        >>> pa.accelerator.current_stream()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def set_stream(stream):
    """Make stream the current stream of its device: raises TypeError here.

    In torch: sets the current accelerator stream, given a torch.Stream. pyautograd has no
    accelerator and no Stream type (CPU only), so any argument is refused with the TypeError a CPU
    build of PyTorch gives for an argument that is not a Stream.

    Example::

        >>> pa.accelerator.set_stream(None)
        Traceback (most recent call last):
            ...
        TypeError: _accelerator_setStream(): incompatible function arguments. ...
    """
    raise TypeError("_accelerator_setStream(): incompatible function arguments. The following argument types are "
                    "supported:\n    1. (arg0: torch.Stream) -> None\n\nInvoked with: %r" % (stream,))


def synchronize(device=None, /):
    """Wait for all work queued on an accelerator device: raises RuntimeError here.

    In torch: blocks until the device's streams are done. pyautograd has no accelerator (it computes
    on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access accelerator
    device when none is available." (for a cpu device: "Accelerator expected").

    Example::

        >>> pa.accelerator.synchronize()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    if isinstance(device, (str, _device)) and _device(device).type == "cpu":
        raise RuntimeError("Accelerator expected")
    _none_available()


class device_index:
    """A context manager making device the current accelerator device index for its block.

    In torch: selects an accelerator device for the with block. pyautograd has no accelerator (it
    computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available." on entering it with an index; device_index(None)
    does nothing.

    Example::

        >>> with pa.accelerator.device_index(None):
        ...     pa.accelerator.device_count()
        0
    """

    def __init__(self, device, /):
        self.idx = device

    def __enter__(self):
        if self.idx is not None:
            _none_available()

    def __exit__(self, *exc):
        return False


def empty_cache():
    """Release the accelerator caching allocator's unused memory: raises RuntimeError here.

    In torch: releases the accelerator caching allocator's unused memory. pyautograd has no
    accelerator (it computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError
    "Cannot access accelerator device when none is available.".

    Example::

        >>> pa.accelerator.empty_cache()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def empty_host_cache():
    """Release the cached pinned host memory of the accelerator: raises RuntimeError here.

    In torch: releases the cached pinned host memory the accelerator uses. pyautograd has no
    accelerator (it computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError
    "Cannot access accelerator device when none is available.".

    Example::

        >>> pa.accelerator.empty_host_cache()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def get_device_capability(device=None, /):
    """The capabilities of an accelerator device: raises RuntimeError here.

    In torch: the device's capabilities (supported dtypes, ...). pyautograd has no accelerator (it
    computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.".

    Example::

        >>> pa.accelerator.get_device_capability()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def get_memory_info(device_index=None, /):
    """The free and total memory of an accelerator device: raises RuntimeError here.

    In torch: the free and total bytes of the device's memory. pyautograd has no accelerator (it
    computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.".

    Example::

        >>> pa.accelerator.get_memory_info()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def memory_stats(device_index=None, /):
    """The memory allocator's statistics of an accelerator device: raises RuntimeError here.

    In torch: a dictionary of the device allocator's statistics. pyautograd has no accelerator (it
    computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.".

    Example::

        >>> pa.accelerator.memory_stats()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def memory_allocated(device_index=None, /):
    """The bytes of accelerator memory held by tensors: raises RuntimeError here (pa.cuda.memory_allocated answers 0).

    In torch: the bytes of device memory held by tensors. pyautograd has no accelerator (it computes
    on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access accelerator
    device when none is available.".

    Example::

        >>> pa.accelerator.memory_allocated()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def max_memory_allocated(device_index=None, /):
    """The peak bytes of accelerator memory held by tensors: raises RuntimeError here.

    In torch: the peak of memory_allocated. pyautograd has no accelerator (it computes on the CPU
    only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access accelerator device when
    none is available.".

    Example::

        >>> pa.accelerator.max_memory_allocated()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def memory_reserved(device_index=None, /):
    """The bytes of accelerator memory the caching allocator holds: raises RuntimeError here.

    In torch: the bytes of device memory the caching allocator holds. pyautograd has no accelerator
    (it computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.".

    Example::

        >>> pa.accelerator.memory_reserved()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def max_memory_reserved(device_index=None, /):
    """The peak bytes of accelerator memory the caching allocator has held: raises RuntimeError here.

    In torch: the peak of memory_reserved. pyautograd has no accelerator (it computes on the CPU
    only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access accelerator device when
    none is available.".

    Example::

        >>> pa.accelerator.max_memory_reserved()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def reset_accumulated_memory_stats(device_index=None, /):
    """Reset the accumulated memory statistics of an accelerator device: raises RuntimeError here.

    In torch: zeroes the allocator's accumulated counters (allocations, frees, ...). pyautograd has
    no accelerator (it computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError
    "Cannot access accelerator device when none is available.".

    Example::

        >>> pa.accelerator.reset_accumulated_memory_stats()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()


def reset_peak_memory_stats(device_index=None, /):
    """Reset the peak memory statistics of an accelerator device: raises RuntimeError here.

    In torch: restarts the peak (max_*) memory statistics. pyautograd has no accelerator (it
    computes on the CPU only), so, as PyTorch's CPU build, it raises RuntimeError "Cannot access
    accelerator device when none is available.".

    Example::

        >>> pa.accelerator.reset_peak_memory_stats()
        Traceback (most recent call last):
            ...
        RuntimeError: Cannot access accelerator device when none is available.
    """
    _none_available()
