"""Sphinx extension: writes the API reference (docs/api/*.rst) from the imported package.

On builder-inited, every page is generated from the live objects, so the reference follows the
code: a module's entries are its ``__all__`` (or, without one, its public names), kept when the
object is defined in pyautograd; ``Tensor``'s methods are the ones the op registry attached at
import time (autodoc's ``:members:`` on the live class). One object exported under several names
(``pyautograd.tanh`` is ``pyautograd.nn.functional.tanh``) is indexed once, under the first page
that lists it; the other entries are rendered with ``:no-index:`` and point to it.

The generated directory is ignored by git; files are rewritten only when their text changes, so
incremental builds stay incremental.
"""
import importlib
import inspect
import os
import types

# (module, page title, intro) in the order of the reference's table of contents; modules found
# through an __all__ that are not listed here are appended (a new public module gets a page)
MODULES = [
    ("pyautograd", "pyautograd", "Tensor creation, the tensor operations, dtypes and grad modes."),
    ("pyautograd.autograd", "pyautograd.autograd", None),
    ("pyautograd.autograd.functional", "pyautograd.autograd.functional", None),
    ("pyautograd.autograd.forward_ad", "pyautograd.autograd.forward_ad", None),
    ("pyautograd.autograd.graph", "pyautograd.autograd.graph", None),
    ("pyautograd.func", "pyautograd.func", None),
    ("pyautograd.nn", "pyautograd.nn", None),
    ("pyautograd.nn.functional", "pyautograd.nn.functional", None),
    ("pyautograd.nn.init", "pyautograd.nn.init", None),
    ("pyautograd.nn.utils", "pyautograd.nn.utils", None),
    ("pyautograd.optim", "pyautograd.optim", None),
    ("pyautograd.optim.lr_scheduler", "pyautograd.optim.lr_scheduler", None),
    ("pyautograd.utils.data", "pyautograd.utils.data", None),
    ("pyautograd.utils.checkpoint", "pyautograd.utils.checkpoint", None),
    ("pyautograd.linalg", "pyautograd.linalg", None),
    ("pyautograd.special", "pyautograd.special", None),
    ("pyautograd.viz", "pyautograd.viz", None),
    ("pyautograd.profiler", "pyautograd.profiler", None),
]
# public modules that are namespaces only (their members have their own pages)
NAMESPACES = {"pyautograd.utils"}

API_DIR = "api"


def _no_index_option():
    # Sphinx 7.2 renamed :noindex: to :no-index: (the old spelling still works there, but is the
    # only one before); pyproject's docs extra allows Sphinx >= 7
    import sphinx
    return ":no-index:" if sphinx.version_info >= (7, 2) else ":noindex:"


def _defined_here(obj):
    """True for objects pyautograd defines (its tensor types report module 'torch', as PyTorch's)."""
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] in ("pyautograd", "torch")


def _public_names(mod):
    names = getattr(mod, "__all__", None)
    if names is not None:
        return list(names), True
    return sorted(n for n in vars(mod) if not n.startswith("_")), False


def _kind(obj):
    if isinstance(obj, types.ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "data"


def _is_float_unary(obj):
    # the core's compiled unary entries (pyautograd.sin, ...): no readable signature
    return type(obj).__name__ == "FloatUnary"


def _heading(text, char):
    return "%s\n%s\n" % (text, char * max(len(text), 3))


def _submodules(mod):
    """The public pyautograd modules among a module's exported names."""
    names, _ = _public_names(mod)
    out = []
    for name in names:
        obj = getattr(mod, name, None)
        if isinstance(obj, types.ModuleType) and obj.__name__.startswith("pyautograd.") and \
                not any(part.startswith("_") for part in obj.__name__.split(".")):
            out.append(obj.__name__)
    return out


def _all_modules():
    listed = [m for m, _, _ in MODULES]
    order = list(MODULES)
    todo = list(listed) + sorted(NAMESPACES)
    seen = set(listed) | NAMESPACES
    while todo:
        modname = todo.pop(0)
        mod = importlib.import_module(modname)
        if getattr(mod, "__all__", None) is None:
            continue                  # only __all__ declares submodules (nn's modules/parameter are internal)
        for sub in _submodules(mod):
            if sub in seen:
                continue
            seen.add(sub)
            sub_mod = importlib.import_module(sub)
            if getattr(sub_mod, "__all__", None) is None or all(
                    isinstance(getattr(sub_mod, n, None), types.ModuleType) for n in sub_mod.__all__):
                NAMESPACES.add(sub)       # modules only (pyautograd.utils): its modules get the pages
                todo.append(sub)
                continue
            # after the last page of its parent's family (autograd.profiler after autograd.graph)
            parent = sub.rsplit(".", 1)[0]
            at = max((i for i, (m, _, _) in enumerate(order) if m == parent or m.startswith(parent + ".")),
                     default=len(order) - 1)
            order.insert(at + 1, (sub, sub, None))
            todo.append(sub)
    return order


class _Index:
    """The first full name each object was documented under (the one that gets indexed)."""

    def __init__(self):
        self.first = {}

    def claim(self, obj, fullname):
        key = id(obj)
        if key in self.first:
            return self.first[key][1]
        self.first[key] = (obj, fullname)   # holds obj: its id stays unique during the build
        return None


def _entry(directive, fullname, obj, index, options=(), signature=""):
    lines = [".. %s:: %s%s" % (directive, fullname, signature)]
    first = index.claim(obj, fullname)
    if first is not None:
        lines.append("   " + _no_index_option())
        lines.append("")
        lines.append("   The same object as :py:obj:`%s`." % first)
    else:
        lines.extend("   " + o for o in options)
    lines.append("")
    return lines


def _data_entry(modname, name, obj):
    lines = [".. py:data:: %s" % name, "   :module: %s" % modname]
    if isinstance(obj, (bool, int, float, complex, str)):
        lines.append("   :type: %s" % type(obj).__name__)
        lines.append("   :value: %r" % (obj,))
    else:
        cls = type(obj)
        lines.append("   :type: %s.%s" % (cls.__module__, cls.__qualname__))
        text = repr(obj)
        if " object at 0x" not in text and "\n" not in text:
            lines.append("   :value: %s" % text)
    lines.append("")
    return lines


def _module_page(modname, title, intro, index, pages):
    mod = importlib.import_module(modname)
    names, has_all = _public_names(mod)
    classes, functions, data, subs = [], [], [], []
    for name in names:
        try:
            obj = getattr(mod, name)
        except AttributeError:
            continue
        kind = _kind(obj)
        if kind == "module":
            if obj.__name__ in pages:
                subs.append(obj.__name__)
            continue
        if modname == "pyautograd" and name == "Tensor":
            continue                                   # its own page
        if kind == "data":
            if has_all and not inspect.isroutine(obj):
                data.append((name, obj))
            continue
        if not _defined_here(obj):
            continue
        (classes if kind == "class" else functions).append((name, obj))

    out = [".. This file is generated by docs/_ext/apigen.py at build time; do not edit.", "",
           _heading(title, "="), ".. automodule:: %s" % modname, ""]
    if intro:
        out += [intro, ""]
    if modname == "pyautograd":
        subs = [m for m, _, _ in pages.values()
                if m != "pyautograd" and m.rsplit(".", 1)[0] in {"pyautograd"} | NAMESPACES] or subs
        out += ["The ``Tensor`` class and its methods: :doc:`tensor`.", ""]
    if subs:
        out += ["Submodules: " + ", ".join(":doc:`%s`" % s for s in subs) + ".", ""]
    listed = [("Classes", classes), ("Functions", functions),
              ("Data types and constants" if modname == "pyautograd" else "Data", data)]
    for section, entries in listed:
        if entries:
            out += ["**%s:** %s." % (section, _names(modname, [n for n, _ in entries])), ""]
    if classes:
        out += [_heading("Classes", "-")]
        for name, obj in classes:
            options = [":members:"]
            if obj.__bases__ != (object,):
                options.append(":show-inheritance:")
            out += _entry("autoclass", "%s.%s" % (modname, name), obj, index, options=options)
    if functions:
        out += [_heading("Functions", "-")]
        for name, obj in functions:
            sig = "(input, *, out=None)" if _is_float_unary(obj) else ""
            out += _entry("autofunction", "%s.%s" % (modname, name), obj, index, signature=sig)
    if data:
        out += [_heading("Data types and constants" if modname == "pyautograd" else "Data", "-")]
        for name, obj in data:
            out += _data_entry(modname, name, obj)
    return "\n".join(out)


def _names(prefix, names):
    """A compact index: every name, linked to its entry."""
    return ", ".join(":py:obj:`~%s.%s`" % (prefix, n) for n in names)


def _tensor_page(index):
    import pyautograd
    tensor = pyautograd.Tensor
    index.claim(tensor, "pyautograd.Tensor")
    return "\n".join([
        ".. This file is generated by docs/_ext/apigen.py at build time; do not edit.", "",
        _heading("pyautograd.Tensor", "="),
        "The tensor class. Most of its methods are attached at import time from the op registry",
        "(``x.sin()`` is ``pyautograd.sin(x)``, ``x.sin_()`` its in-place form), so this page lists",
        "the live class's members.", "",
        "**Members:** %s." % _names("pyautograd.Tensor", sorted(
            n for n in dir(tensor) if not n.startswith("_") and getattr(tensor, n, None) is not None)), "",
        ".. autoclass:: pyautograd.Tensor",
        "   :members:",
        "   :undoc-members:",
        "   :inherited-members:",
        "   :show-inheritance:",
        "   :special-members: __getitem__, __setitem__, __len__, __iter__",
        "",
    ])


def generate(srcdir):
    """Writes srcdir/api/*.rst; returns the page names written."""
    api_dir = os.path.join(srcdir, API_DIR)
    os.makedirs(api_dir, exist_ok=True)
    pages = {}
    for modname, title, intro in _all_modules():
        if modname in NAMESPACES:
            continue
        pages[modname] = (modname, title, intro)

    index = _Index()
    texts = {}
    modname, title, intro = pages["pyautograd"]
    texts["pyautograd"] = _module_page(modname, title, intro, index, pages)
    texts["tensor"] = _tensor_page(index)
    for name, (modname, title, intro) in pages.items():
        if name != "pyautograd":
            texts[name] = _module_page(modname, title, intro, index, pages)

    toc = [".. This file is generated by docs/_ext/apigen.py at build time; do not edit.", "",
           _heading("API reference", "="),
           "Generated from the package at build time: one page per public module, each listing the",
           "module's exported names (``__all__``) that pyautograd defines.", "",
           ".. toctree::", "   :maxdepth: 1", ""]
    toc += ["   %s" % name for name in texts]
    texts["index"] = "\n".join(toc) + "\n"

    for name, text in texts.items():
        path = os.path.join(api_dir, name + ".rst")
        if not text.endswith("\n"):
            text += "\n"
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    for stale in os.listdir(api_dir):
        if stale.endswith(".rst") and stale[:-4] not in texts:
            os.remove(os.path.join(api_dir, stale))
    return list(texts)


def _on_builder_inited(app):
    generate(app.srcdir)


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
