"""torch.device (only the CPU exists here) and the device-argument check of the creation functions.

Depends on nothing else of the Python layer: Tensor.device, .to(device) and every creation
function use it; pyautograd.device is this class."""


class device:
    """Only the CPU exists here; kept so that `.to(device)` code runs."""

    def __init__(self, type="cpu", index=None):
        type = str(type)
        if type.split(":")[0] != "cpu":
            raise RuntimeError("pyautograd runs on the CPU only; device %r is not available" % type)
        self.type = "cpu"
        self.index = index

    def __repr__(self):
        return "device(type='cpu')"

    def __str__(self):
        return "cpu"

    def __eq__(self, other):
        return str(other) == "cpu"

    def __hash__(self):
        return hash("cpu")


def _check_device(device):
    if device is not None and str(device) not in ("cpu", "cpu:0"):
        raise RuntimeError("pyautograd runs on the CPU only; device %r is not available" % (str(device),))
