"""torch.utils's counterparts: benchmark (Timer, Measurement), checkpoint (activation checkpointing)."""
from . import benchmark, checkpoint

__all__ = ["benchmark", "checkpoint"]
