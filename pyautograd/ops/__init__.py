"""pyautograd.ops: the op registry (see _registry.py for what a declaration holds)."""
from ._registry import Op, REGISTRY, register, rule_helper, ARRAY, GRAPH  # noqa: F401
