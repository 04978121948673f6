"""torch.cuda on a machine without CUDA, as a CPU build of PyTorch behaves: queries answer "none",
seeding and cache calls do nothing, anything that needs a device raises torch's error."""
from ._device import _ABSENT

__all__ = ["is_available", "device_count", "manual_seed", "manual_seed_all", "seed", "seed_all", "current_device",
           "synchronize", "empty_cache", "get_device_name", "is_initialized", "memory_allocated",
           "max_memory_allocated", "memory_reserved", "max_memory_reserved", "is_bf16_supported", "device"]


def _absent():
    raise AssertionError(_ABSENT["cuda"][1])


def is_available():
    """Whether a CUDA device can be used: always False here.

    In torch: whether CUDA is built in and a GPU is present. pyautograd has no CUDA backend (it
    computes on the CPU only), so it answers as a CPU build of PyTorch does.

    Example::

        >>> pa.cuda.is_available()
        False
    """
    return False


def device_count():
    """The number of CUDA devices: always 0 here.

    In torch: how many GPUs are visible. pyautograd has no CUDA backend (it computes on the CPU
    only), so it answers as a CPU build of PyTorch does.

    Example::

        >>> pa.cuda.device_count()
        0
    """
    return 0


def is_initialized():
    """Whether CUDA's state has been initialised in this process: always False here.

    In torch: whether the lazy CUDA initialisation has run. pyautograd has no CUDA backend (it
    computes on the CPU only), so it answers as a CPU build of PyTorch does.

    Example::

        >>> pa.cuda.is_initialized()
        False
    """
    return False


def is_bf16_supported(including_emulation=True):
    """Whether the current CUDA device supports bfloat16: always False here.

    In torch: whether the GPU runs bfloat16 (natively, or emulated with including_emulation).
    pyautograd has no CUDA backend (it computes on the CPU only), so it answers as a CPU build of
    PyTorch does.

    Example::

        >>> pa.cuda.is_bf16_supported()
        False
    """
    return False


def manual_seed(seed):
    """Seed the current CUDA device's random generator: does nothing here.

    In torch: sets the GPU generator's seed (silently ignored without CUDA, as here, so a program
    seeding both pa.manual_seed and pa.cuda.manual_seed runs unchanged). pyautograd has no CUDA
    generator; use pa.manual_seed for the CPU one.

    Example::

        >>> pa.cuda.manual_seed(0)
    """


def manual_seed_all(seed):
    """Seed the random generators of all CUDA devices: does nothing here.

    In torch: manual_seed on every GPU. pyautograd has no CUDA generator (CPU only), so there is
    nothing to seed, as in a CPU build of torch.

    Example::

        >>> pa.cuda.manual_seed_all(0)
    """


def seed():
    """Seed the current CUDA device's generator with a random number: does nothing here.

    In torch: a non-deterministic seed for the GPU generator. pyautograd has no CUDA generator (CPU
    only), so there is nothing to seed, as in a CPU build of torch.

    Example::

        >>> pa.cuda.seed()
    """


def seed_all():
    """Seed every CUDA device's generator with a random number: does nothing here.

    In torch: seed() on every GPU. pyautograd has no CUDA generator (CPU only), so there is nothing
    to seed, as in a CPU build of torch.

    Example::

        >>> pa.cuda.seed_all()
    """


def empty_cache():
    """Release the CUDA caching allocator's unused memory: does nothing here.

    In torch: frees cached GPU blocks so other processes can use them. pyautograd has no CUDA
    allocator (CPU only), so there is no cache to free.

    Example::

        >>> pa.cuda.empty_cache()
    """


def memory_allocated(device=None):
    """The bytes of CUDA memory held by tensors on device: always 0 here.

    In torch: the GPU memory occupied by live tensors. pyautograd has no CUDA backend (it computes
    on the CPU only), so it answers as a CPU build of PyTorch does.

    Example::

        >>> pa.cuda.memory_allocated()
        0
    """
    return 0


def max_memory_allocated(device=None):
    """The peak bytes of CUDA memory held by tensors on device: always 0 here.

    In torch: the high-water mark of memory_allocated. pyautograd has no CUDA backend (it computes
    on the CPU only), so it answers as a CPU build of PyTorch does.

    Example::

        >>> pa.cuda.max_memory_allocated()
        0
    """
    return 0


def memory_reserved(device=None):
    """The bytes of CUDA memory the caching allocator holds on device: always 0 here.

    In torch: allocated plus cached GPU memory. pyautograd has no CUDA backend (it computes on the
    CPU only), so it answers as a CPU build of PyTorch does.

    Example::

        >>> pa.cuda.memory_reserved()
        0
    """
    return 0


def max_memory_reserved(device=None):
    """The peak bytes of CUDA memory the caching allocator has held on device: always 0 here.

    In torch: the high-water mark of memory_reserved. pyautograd has no CUDA backend (it computes on
    the CPU only), so it answers as a CPU build of PyTorch does.

    Example::

        >>> pa.cuda.max_memory_reserved()
        0
    """
    return 0


def current_device():
    """The index of the current CUDA device: raises AssertionError here.

    In torch: the selected GPU's index. pyautograd has no CUDA backend (CPU only); like a CPU build
    of torch it raises "Torch not compiled with CUDA enabled".

    Example::

        >>> pa.cuda.current_device()
        Traceback (most recent call last):
            ...
        AssertionError: Torch not compiled with CUDA enabled
    """
    _absent()


def synchronize(device=None):
    """Wait for all kernels on a CUDA device to finish: raises AssertionError here.

    In torch: blocks until the GPU's queued work is done. pyautograd has no CUDA backend (CPU only);
    like a CPU build of torch it raises "Torch not compiled with CUDA enabled".

    Example::

        >>> pa.cuda.synchronize()
        Traceback (most recent call last):
            ...
        AssertionError: Torch not compiled with CUDA enabled
    """
    _absent()


def get_device_name(device=None):
    """The name of a CUDA device: raises AssertionError here.

    In torch: the GPU's model name. pyautograd has no CUDA backend (CPU only); like a CPU build of
    torch it raises "Torch not compiled with CUDA enabled".

    Example::

        >>> pa.cuda.get_device_name()
        Traceback (most recent call last):
            ...
        AssertionError: Torch not compiled with CUDA enabled
    """
    _absent()


class device:
    """A context manager selecting the CUDA device idx (an int or a torch.device) for its block.

    In torch: makes idx the current GPU inside the with block. pyautograd has no CUDA backend (CPU
    only): as in a CPU build of torch, None or -1 select nothing (the block just runs) and entering
    it with a real index raises "Torch not compiled with CUDA enabled".

    Example::

        >>> with pa.cuda.device(None):
        ...     pa.cuda.device_count()
        0
    """

    def __init__(self, device):
        self.idx = device if device is None or isinstance(device, int) else getattr(device, "index", device)

    def __enter__(self):
        if self.idx is not None and self.idx != -1:
            _absent()
        return self

    def __exit__(self, *exc):
        return False
