"""torch.cuda on a machine without CUDA, as a CPU build of PyTorch behaves: queries answer "none",
seeding and cache calls do nothing, anything that needs a device raises torch's error."""
from ._device import _ABSENT

__all__ = ["is_available", "device_count", "manual_seed", "manual_seed_all", "seed", "seed_all", "current_device",
           "synchronize", "empty_cache", "get_device_name", "is_initialized", "memory_allocated",
           "max_memory_allocated", "memory_reserved", "max_memory_reserved", "is_bf16_supported", "device"]


def _absent():
    raise AssertionError(_ABSENT["cuda"][1])


def is_available():
    return False


def device_count():
    return 0


def is_initialized():
    return False


def is_bf16_supported(including_emulation=True):
    return False


def manual_seed(seed):
    """Seeds the CUDA generators (there are none here: nothing to do, as a CPU build of torch)."""


def manual_seed_all(seed):
    """See manual_seed."""


def seed():
    """See manual_seed."""


def seed_all():
    """See manual_seed."""


def empty_cache():
    """Frees the CUDA caching allocator's cache (there is none here)."""


def memory_allocated(device=None):
    return 0


def max_memory_allocated(device=None):
    return 0


def memory_reserved(device=None):
    return 0


def max_memory_reserved(device=None):
    return 0


def current_device():
    _absent()


def synchronize(device=None):
    _absent()


def get_device_name(device=None):
    _absent()


class device:
    """torch.cuda.device(idx): a context manager selecting a CUDA device; with no CUDA, entering it
    with a real index raises torch's error (None / -1 select nothing, as torch)."""

    def __init__(self, device):
        self.idx = device if device is None or isinstance(device, int) else getattr(device, "index", device)

    def __enter__(self):
        if self.idx is not None and self.idx != -1:
            _absent()
        return self

    def __exit__(self, *exc):
        return False
