"""torch.utils's counterparts: benchmark (Timer, Measurement)."""
from . import benchmark

__all__ = ["benchmark"]
