"""torch.utils's counterparts: benchmark (Timer, Measurement), checkpoint (activation checkpointing)."""
from . import benchmark, checkpoint
from . import data

__all__ = ["benchmark", "checkpoint", "data"]
