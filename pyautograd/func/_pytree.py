"""Pytrees for the function transforms: nested tuples, lists, dicts, OrderedDicts and namedtuples
whose other values are leaves (tensors, numbers, None, anything else), as torch.utils._pytree
sees them in torch 2.x (None is a leaf).

    leaves, spec = tree_flatten({"a": x, "b": (y, None)})    # [x, y, None]
    tree_unflatten(leaves, spec)                            # {"a": x, "b": (y, None)}

A TreeSpec prints as torch's treespec_pprint does ("(*, {'a': *})"), which the transforms' error
texts show."""
from collections import OrderedDict

__all__ = ["TreeSpec", "LEAF", "tree_flatten", "tree_unflatten", "tree_leaves", "tree_map", "treespec_pprint"]


def _is_namedtuple(obj):
    return isinstance(obj, tuple) and hasattr(type(obj), "_fields")


def _node_kind(obj):
    """The container kind of `obj` ("tuple", "namedtuple", "list", "dict", "odict"), None for a leaf."""
    t = type(obj)
    if t is tuple:
        return "tuple"
    if t is list:
        return "list"
    if t is dict:
        return "dict"
    if t is OrderedDict:
        return "odict"
    if _is_namedtuple(obj):
        return "namedtuple"
    return None


class TreeSpec:
    """The structure of a pytree: a leaf, or a container kind with its type, its keys (dicts) and
    the specs of its children."""

    __slots__ = ("kind", "type", "context", "children", "num_leaves")

    def __init__(self, kind, typ=None, context=None, children=()):
        self.kind = kind
        self.type = typ
        self.context = context
        self.children = tuple(children)
        self.num_leaves = 1 if kind is None else sum(c.num_leaves for c in self.children)

    def is_leaf(self):
        return self.kind is None

    def __eq__(self, other):
        if not isinstance(other, TreeSpec):
            return NotImplemented
        return (self.kind == other.kind and self.type is other.type and self.context == other.context
                and self.children == other.children)

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash((self.kind, self.type, self.context, self.children))

    def __repr__(self):
        return treespec_pprint(self)


LEAF = TreeSpec(None)


def treespec_pprint(spec):
    """torch's treespec_pprint: "*" for a leaf, the container's literal around its children."""
    kind = spec.kind
    if kind is None:
        return "*"
    parts = [treespec_pprint(c) for c in spec.children]
    if kind == "tuple":
        return "(%s,)" % parts[0] if len(parts) == 1 else "(%s)" % ", ".join(parts)
    if kind == "list":
        return "[%s]" % ", ".join(parts)
    if kind == "dict":
        return "{%s}" % ", ".join("%r: %s" % (k, p) for k, p in zip(spec.context, parts))
    if kind == "odict":
        return "OrderedDict([%s])" % ", ".join("(%r, %s)" % (k, p) for k, p in zip(spec.context, parts))
    return "%s(%s)" % (spec.type.__name__, ", ".join("%s=%s" % (f, p) for f, p in zip(spec.context, parts)))


def _flatten_into(tree, leaves):
    kind = _node_kind(tree)
    if kind is None:
        leaves.append(tree)
        return LEAF
    if kind in ("dict", "odict"):
        keys = tuple(tree)
        children = [_flatten_into(tree[k], leaves) for k in keys]
        return TreeSpec(kind, type(tree), keys, children)
    children = [_flatten_into(v, leaves) for v in tree]
    context = type(tree)._fields if kind == "namedtuple" else None
    return TreeSpec(kind, type(tree), context, children)


_CONTAINERS = (tuple, list, dict)       # namedtuples and OrderedDicts are subclasses
_FLAT = {}      # (tuple or list, n): the spec of a container of n leaves (the transforms' usual case)


def tree_flatten(tree):
    """(leaves in order, TreeSpec) of `tree`."""
    t = type(tree)
    if (t is tuple or t is list) and not any(isinstance(x, _CONTAINERS) for x in tree):
        key = (t, len(tree))
        spec = _FLAT.get(key)
        if spec is None:
            spec = _FLAT[key] = TreeSpec("tuple" if t is tuple else "list", t, None, [LEAF] * len(tree))
        return list(tree), spec
    leaves = []
    spec = _flatten_into(tree, leaves)
    return leaves, spec


def tree_leaves(tree):
    leaves = []
    _flatten_into(tree, leaves)
    return leaves


def _build(spec, it):
    kind = spec.kind
    if kind is None:
        return next(it)
    values = [_build(c, it) for c in spec.children]
    if kind == "dict":
        return dict(zip(spec.context, values))
    if kind == "odict":
        return OrderedDict(zip(spec.context, values))
    if kind == "tuple":
        return tuple(values)
    if kind == "list":
        return values
    return spec.type(*values)


def tree_unflatten(leaves, spec):
    """The pytree of structure `spec` holding `leaves` in order."""
    leaves = list(leaves)
    if len(leaves) != spec.num_leaves:
        raise ValueError("treespec.unflatten(leaves): `leaves` has length %d but the spec refers to a pytree that "
                         "holds %d items (%s)." % (len(leaves), spec.num_leaves, treespec_pprint(spec)))
    if spec.kind is None:
        return leaves[0]
    if _FLAT.get((spec.type, len(leaves))) is spec:     # a tuple / list of leaves
        return tuple(leaves) if spec.type is tuple else leaves
    return _build(spec, iter(leaves))


def tree_map(fn, tree, *rest):
    """`tree` with every leaf replaced by fn(leaf, *the leaves at the same place in `rest`)."""
    leaves, spec = tree_flatten(tree)
    others = []
    for r in rest:
        rl, rs = tree_flatten(r)
        if rs != spec:
            raise ValueError("tree_map: the pytrees do not have the same structure: %s and %s"
                             % (treespec_pprint(spec), treespec_pprint(rs)))
        others.append(rl)
    return tree_unflatten([fn(*vals) for vals in zip(leaves, *others)], spec)
