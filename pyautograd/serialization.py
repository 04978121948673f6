"""pyautograd.save / pyautograd.load: tensors and nested containers in a NumPy .npz file, without pickle.

The archive holds one array per distinct tensor ("t0", "t1", ...) and an entry
"__pyautograd__" with the structure as UTF-8 JSON: dicts (any JSON-able keys,
insertion order kept), lists, tuples, numbers, strings, None and references to
the arrays. It is written and read with allow_pickle=False, so loading a file
never runs code; a pickle, a torch.save archive or a damaged file gives a
RuntimeError saying which.
"""
import io
import json
import math
import os
import zipfile
from collections import OrderedDict

import numpy as np

from ._core import TensorBase, _make_tensor

__all__ = ["save", "load"]

_META = "__pyautograd__"
_FORMAT = "pyautograd.save"
_VERSION = 1


class _Encoder:
    def __init__(self):
        self.arrays = {}
        self.memo = {}

    def array(self, arr):
        key = "t%d" % len(self.arrays)
        self.arrays[key] = np.asarray(arr, order="C")
        return key

    def encode(self, obj, path="obj"):
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (int, np.integer)) and not isinstance(obj, bool):
            return int(obj)
        if isinstance(obj, np.bool_):
            return bool(obj)
        if isinstance(obj, (float, np.floating)):
            f = float(obj)
            if math.isfinite(f):
                return f
            return {"__float__": repr(f)}
        if isinstance(obj, (complex, np.complexfloating)):
            return {"__complex__": [float(obj.real), float(obj.imag)]}
        if isinstance(obj, TensorBase):
            if id(obj) in self.memo:
                return {"__ref__": self.memo[id(obj)]}
            key = self.array(obj._data)
            self.memo[id(obj)] = key
            from .nn.parameter import Parameter
            return {"__tensor__": key, "requires_grad": bool(obj._requires_grad and obj._grad_fn is None),
                    "parameter": isinstance(obj, Parameter)}
        if isinstance(obj, np.ndarray):
            if obj.dtype.kind not in "biufc":
                raise TypeError("pyautograd.save: cannot save an array of dtype %s at %s" % (obj.dtype, path))
            return {"__ndarray__": self.array(obj)}
        if isinstance(obj, dict):
            items = []
            for k, v in obj.items():
                if not (k is None or isinstance(k, (str, int, float, bool, tuple))):
                    raise TypeError("pyautograd.save: dict keys must be str, int, float, bool, None or tuples, "
                                    "got %s at %s" % (type(k).__name__, path))
                items.append([self.encode(k, path), self.encode(v, "%s[%r]" % (path, k))])
            return {"__dict__": items, "ordered": isinstance(obj, OrderedDict)}
        if isinstance(obj, list):
            return {"__list__": [self.encode(v, "%s[%d]" % (path, i)) for i, v in enumerate(obj)]}
        if isinstance(obj, tuple):
            return {"__tuple__": [self.encode(v, "%s[%d]" % (path, i)) for i, v in enumerate(obj)]}
        from ._dtype import dtype as _dtype_cls
        if isinstance(obj, _dtype_cls):
            return {"__dtype__": repr(obj)}
        from .nn.modules import Module
        from .optim.optimizer import Optimizer
        if isinstance(obj, (Module, Optimizer)):
            raise TypeError("pyautograd.save: cannot save a whole %s at %s (PyTorch pickles it; pyautograd never "
                            "pickles). Save its state_dict() instead and restore it with "
                            "load_state_dict(pyautograd.load(path))" % (type(obj).__name__, path))
        raise TypeError("pyautograd.save: cannot save an object of type %s at %s (supported: tensors, NumPy arrays, "
                        "dicts, lists, tuples, numbers, strings, None)" % (type(obj).__name__, path))


class _Decoder:
    def __init__(self, arrays):
        self.arrays = arrays
        self.tensors = {}

    def get_array(self, key):
        if not isinstance(key, str) or key not in self.arrays:
            raise RuntimeError("pyautograd.load: the file is damaged (its structure refers to a missing array %r)"
                               % (key,))
        return self.arrays[key]

    def decode(self, obj):
        if obj is None or isinstance(obj, (bool, int, float, str)):
            return obj
        if isinstance(obj, dict) and len(obj) >= 1:
            if "__tensor__" in obj:
                key = obj["__tensor__"]
                t = _make_tensor(np.array(self.get_array(key), copy=True))
                if obj.get("parameter"):
                    from .nn.parameter import Parameter
                    t = Parameter(t, requires_grad=bool(obj.get("requires_grad")))
                elif obj.get("requires_grad"):
                    t.requires_grad_(True)
                self.tensors[key] = t
                return t
            if "__ref__" in obj:
                key = obj["__ref__"]
                if key not in self.tensors:
                    raise RuntimeError("pyautograd.load: the file is damaged (reference to unknown tensor %r)"
                                       % (key,))
                return self.tensors[key]
            if "__ndarray__" in obj:
                return np.array(self.get_array(obj["__ndarray__"]), copy=True)
            if "__dict__" in obj:
                out = OrderedDict() if obj.get("ordered") else {}
                for pair in obj["__dict__"]:
                    if not isinstance(pair, list) or len(pair) != 2:
                        raise RuntimeError("pyautograd.load: the file is damaged (bad dict entry)")
                    k = self.decode(pair[0])
                    out[k] = self.decode(pair[1])
                return out
            if "__list__" in obj:
                return [self.decode(v) for v in obj["__list__"]]
            if "__tuple__" in obj:
                return tuple(self.decode(v) for v in obj["__tuple__"])
            if "__float__" in obj:
                return float(obj["__float__"])
            if "__complex__" in obj:
                re, im = obj["__complex__"]
                return complex(re, im)
            if "__dtype__" in obj:
                from . import _dtype
                name = str(obj["__dtype__"]).replace("torch.", "")
                d = getattr(_dtype, name, None) or getattr(_dtype, name + "_", None)
                if d is None:
                    raise RuntimeError("pyautograd.load: unknown dtype %r in the file" % (obj["__dtype__"],))
                return d
        raise RuntimeError("pyautograd.load: the file is damaged (unrecognised entry %.80r)" % (obj,))


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True):
    """Save tensors / state_dicts / nested containers to `f` (a path or a binary file) as .npz.

    The file is written exactly at the path given (no ".npz" suffix is added).
    """
    if pickle_module is not None:
        raise ValueError("pyautograd.save never pickles; pickle_module is not accepted")
    enc = _Encoder()
    structure = enc.encode(obj)
    meta = json.dumps({"format": _FORMAT, "version": _VERSION, "object": structure}, allow_nan=False)
    arrays = dict(enc.arrays)
    arrays[_META] = np.frombuffer(meta.encode("utf-8"), dtype=np.uint8)
    if isinstance(f, (str, bytes, os.PathLike)):
        with open(f, "wb") as fh:
            _write_npz(fh, arrays)
    else:
        _write_npz(f, arrays)


def _write_npz(fh, arrays):
    """What np.savez writes (one .npy per array in a zip), with allow_pickle=False on every array."""
    from numpy.lib import format as npformat
    with zipfile.ZipFile(fh, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for key, arr in arrays.items():
            with zf.open(key + ".npy", "w", force_zip64=True) as out:
                npformat.write_array(out, arr, allow_pickle=False)


def _describe_foreign(head, names=None):
    if head[:1] == b"\x80" or head[:2] in (b"(d", b"(l", b"}q", b"]q"):
        return ("it is a pickle (e.g. written by pickle or an old torch.save); pyautograd never unpickles, "
                "because loading a pickle can execute arbitrary code")
    if names is not None:
        if any(n.endswith("data.pkl") for n in names):
            return ("it is a torch.save archive (pickle inside a zip); pyautograd never unpickles, because "
                    "loading a pickle can execute arbitrary code. Save tensors with pyautograd.save instead")
        return "it is a zip/.npz archive without pyautograd's structure entry (%r)" % _META
    if head[:6] == b"\x93NUMPY":
        return "it is a single .npy array, not a pyautograd.save archive"
    return "it is not a zip archive (.npz)"


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Load what pyautograd.save wrote. Never unpickles; foreign or damaged files raise RuntimeError."""
    if pickle_module is not None:
        raise ValueError("pyautograd.load never unpickles; pickle_module is not accepted")
    if map_location is not None and str(map_location).split(":")[0] != "cpu" and not callable(map_location) \
            and not isinstance(map_location, dict):
        raise RuntimeError("pyautograd runs on the CPU only; map_location %r is not available" % (map_location,))
    name = f if isinstance(f, (str, bytes, os.PathLike)) else getattr(f, "name", "<file>")
    if isinstance(f, (str, bytes, os.PathLike)):
        with open(f, "rb") as fh:
            data = fh.read()
    else:
        data = f.read()
        if isinstance(data, str):
            raise RuntimeError("pyautograd.load: %s was opened in text mode; open it with 'rb'" % (name,))
    head = data[:8]
    if head[:4] != b"PK\x03\x04" and head[:4] != b"PK\x05\x06":
        raise RuntimeError("pyautograd.load: %s is not a file written by pyautograd.save: %s"
                           % (name, _describe_foreign(head)))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise RuntimeError("pyautograd.load: %s is damaged (not a readable zip archive: %s)" % (name, e)) from None
    if _META + ".npy" not in names:
        raise RuntimeError("pyautograd.load: %s is not a file written by pyautograd.save: %s"
                           % (name, _describe_foreign(head, names)))
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except Exception as e:  # zipfile / numpy format errors: report as a damaged file
        raise RuntimeError("pyautograd.load: %s is damaged (%s: %s)" % (name, type(e).__name__, e)) from None
    meta_arr = arrays.pop(_META)
    try:
        meta = json.loads(meta_arr.astype(np.uint8).tobytes().decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise RuntimeError("pyautograd.load: %s is damaged (bad structure entry: %s)" % (name, e)) from None
    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        raise RuntimeError("pyautograd.load: %s is not a file written by pyautograd.save (unknown format tag)"
                           % (name,))
    if meta.get("version", 0) > _VERSION:
        raise RuntimeError("pyautograd.load: %s was written by a newer pyautograd (format version %s; this one "
                           "reads up to %d)" % (name, meta.get("version"), _VERSION))
    return _Decoder(arrays).decode(meta.get("object"))
