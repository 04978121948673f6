"""torch.device, the default device (set_default_device / get_default_device) and the device check of
every function taking `device=`.

Only the CPU exists here. torch.device parses every device string PyTorch parses (so
`torch.device("cuda")` builds, as in a CPU build of PyTorch); asking for a tensor on a device that is
not there raises what PyTorch 2.13's CPU build raises (AssertionError "Torch not compiled with CUDA
enabled", ...). Depends on nothing else of the Python layer."""
import re

__all__ = ["device", "set_default_device", "get_default_device"]

# PyTorch's device types, in the order of its parse error
DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia",
                "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
_DEVICE_STRING = re.compile(r"([a-zA-Z_]+)(?::([1-9]\d*|0))?")
NO_ACCELERATOR = "Cannot access accelerator device when none is available."
# what PyTorch's CPU build raises for a tensor asked on a device it has not
_ABSENT = {"cuda": (AssertionError, "Torch not compiled with CUDA enabled"),
           "xpu": (AssertionError, "Torch not compiled with XPU enabled"),
           "mps": (RuntimeError, "PyTorch is not linked with support for mps devices")}


def _invalid_arguments(args):
    got = ", ".join(type(a).__name__ for a in args)
    lines = ["device() received an invalid combination of arguments - got (%s), but expected one of:" % got,
             " * (torch.device device)"]
    if len(args) == 1:
        lines.append("      didn't match because some of the arguments have invalid types: (!%s!)"
                     % type(args[0]).__name__)
    lines.append(" * (str type, int index = -1)")
    return TypeError("\n".join(lines) + "\n")


class device:
    """torch.device: a device type and an optional index (`device("cpu")`, `device("cuda:1")`,
    `device("cpu", 0)`); immutable, equal when type and index are, a context manager setting the
    default device."""

    __slots__ = ("_type", "_index", "_previous")

    def __init__(self, *args, **kwargs):
        if kwargs:
            args = args + tuple(kwargs.values())
        if len(args) == 1 and isinstance(args[0], device):
            type_, index = args[0]._type, args[0]._index
        elif len(args) == 1 and isinstance(args[0], int) and not isinstance(args[0], bool):
            raise RuntimeError(NO_ACCELERATOR)
        elif 1 <= len(args) <= 2 and isinstance(args[0], str) and (len(args) == 1 or args[1] is None or (
                isinstance(args[1], int) and not isinstance(args[1], bool))):
            type_, index = self._parse(args[0])
            if len(args) == 2 and args[1] is not None:
                if index is not None:
                    raise RuntimeError("type (string) must not include an index because index was passed "
                                       "explicitly: %s" % args[0])
                if args[1] < 0:
                    raise RuntimeError("Device index must not be negative")
                index = args[1]
        else:
            raise _invalid_arguments(args)
        object.__setattr__(self, "_type", type_)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_previous", None)

    @staticmethod
    def _parse(string):
        match = _DEVICE_STRING.fullmatch(string)
        if match is None:
            raise RuntimeError("Invalid device string: '%s'" % string)
        if match.group(1) not in DEVICE_TYPES:
            raise RuntimeError("Expected one of %s device type at start of device string: %s"
                               % (", ".join(DEVICE_TYPES), string))
        return match.group(1), None if match.group(2) is None else int(match.group(2))

    @property
    def type(self):
        return self._type

    @property
    def index(self):
        return self._index

    def __setattr__(self, name, value):
        raise AttributeError("attribute '%s' of 'torch.device' objects is not writable" % name)

    def __repr__(self):
        if self._index is None:
            return "device(type='%s')" % self._type
        return "device(type='%s', index=%d)" % (self._type, self._index)

    def __str__(self):
        return self._type if self._index is None else "%s:%d" % (self._type, self._index)

    def __eq__(self, other):
        if not isinstance(other, device):
            return NotImplemented
        return self._type == other._type and self._index == other._index

    def __hash__(self):
        return hash((self._type, self._index))

    def __reduce__(self):
        return (device, (self._type,) if self._index is None else (self._type, self._index))

    def __enter__(self):
        object.__setattr__(self, "_previous", (_DEFAULT[0],))
        set_default_device(self)
        return self

    def __exit__(self, *exc):
        _DEFAULT[0] = self._previous[0]
        object.__setattr__(self, "_previous", None)


device.__module__ = "torch"   # type(d) prints <class 'torch.device'>, as PyTorch

_CPU = device("cpu")
_DEFAULT = [None]   # the default device set by set_default_device (None: the CPU)


def _check_device(dev):
    """Raise what PyTorch's CPU build raises when `dev` (a device, a string, an int index, or None for
    the default device) is not the CPU."""
    if dev is None:
        dev = _DEFAULT[0]
        if dev is None:
            return
    if isinstance(dev, device):
        type_ = dev._type
    elif isinstance(dev, str):
        type_ = dev if dev == "cpu" else device(dev)._type
    else:
        type_ = device(dev)._type   # an int index asks for the accelerator; anything else: torch's TypeError
    if type_ != "cpu":
        cls, text = _ABSENT.get(type_, (RuntimeError, None))
        raise cls(text or "pyautograd runs on the CPU only; device %r is not available" % (str(dev),))


def _check_cuda(dev=None):
    """Tensor.cuda / Module.cuda: the CUDA device `dev` (None: the current one), absent here."""
    if dev is not None and not isinstance(dev, (str, device)):
        device(dev)   # an int index: PyTorch's "no accelerator" error
    if dev is not None and device(dev)._type != "cuda":
        raise RuntimeError("Invalid device, must be cuda device")
    raise AssertionError(_ABSENT["cuda"][1])


def set_default_device(device_):
    """torch.set_default_device: the device the creation functions use when given no ``device=``
    (None resets it to the CPU). As PyTorch, a device that is not there is refused when a tensor is
    made on it (and by get_default_device), not here.

    Example::

        >>> pa.set_default_device("cpu")
        >>> pa.zeros(1).device
        device(type='cpu')
        >>> pa.set_default_device(None)
    """
    if device_ is None:
        _DEFAULT[0] = None
    elif isinstance(device_, int) and not isinstance(device_, bool):
        _DEFAULT[0] = device_
    else:
        _DEFAULT[0] = device(device_)


def get_default_device():
    """torch.get_default_device: the device a new tensor is made on (the CPU unless set_default_device
    chose another).

    Example::

        >>> pa.get_default_device()
        device(type='cpu')
    """
    dev = _DEFAULT[0]
    if dev is None:
        return _CPU
    _check_device(dev)
    return dev
