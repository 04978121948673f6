"""pyautograd.save / pyautograd.load: tensors and nested containers in a NumPy .npz file, without pickle.

The archive holds one .npy entry per array and an entry "__pyautograd__" with
the structure as UTF-8 JSON: dicts (any JSON-able keys, insertion order kept),
lists, tuples, numbers, strings, None, dtypes and references to the arrays.
A tensor that shares its memory with no other saved tensor is one array
("t0", "t1", ...). Tensors that view one memory (x, x[1:], x.t(), ...) are
saved as torch.save saves them: one storage array ("s0", ...) covering them all
and, per tensor, its offset, shape and strides in elements; they load as
tensors sharing one storage (and one version counter), so an in-place change
through one is seen by the others, as after torch.load.

Loading never runs code and trusts nothing in the file: every name read from it
(dtypes, structure tags, array entries) is looked up in a fixed table, every
declared size is checked against the bytes the file really holds before any
array is allocated, each array is read once straight into its final buffer,
and the structure is decoded with a depth limit. A pickle, a torch.save
archive, a damaged or hostile file gives a RuntimeError saying which.
"""
import ast
import io
import json
import struct
import math
import os
import zipfile
from collections import OrderedDict

import numpy as np

from . import _dtype
from ._core import TensorBase, _make_tensor
from .nn.modules import Module
from .nn.parameter import Parameter
from .optim.optimizer import Optimizer

__all__ = ["save", "load"]

_META = "__pyautograd__"
_FORMAT = "pyautograd.save"
_VERSION = 2          # 2: adds "__view__" entries (tensors sharing a storage); 1 files still load
_MAX_DEPTH = 200      # containers nested deeper are refused on save and on load (torch.save fails at ~900)

# The only dtypes a file may name, in this machine's byte order (".npy" header descr -> dtype).
# Tensors use pyautograd's dtypes; plain NumPy arrays may also be unsigned 16/32/64-bit.
_NPY_DTYPES = {np.dtype(t).str: np.dtype(t) for t in
               (np.bool_, np.uint8, np.int8, np.int16, np.int32, np.int64, np.uint16, np.uint32, np.uint64,
                np.float16, np.float32, np.float64, np.complex64, np.complex128)}
_TENSOR_NP_DTYPES = frozenset(d.np for d in _dtype._ALL)
# "__dtype__" entries: repr(dtype) as save writes it ("torch.float32"), or the bare name
_DTYPE_NAMES = {}
for _d in _dtype._ALL:
    _DTYPE_NAMES[repr(_d)] = _DTYPE_NAMES[_d.name] = _d
del _d
_FLOAT_WORDS = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}

# per structure tag: the other keys its JSON object may have (required, optional)
_ENTRY_KEYS = {
    "__tensor__": (frozenset(), frozenset({"requires_grad", "parameter"})),
    "__view__": (frozenset({"key", "offset", "shape", "strides"}), frozenset({"requires_grad", "parameter"})),
    "__ref__": (frozenset(), frozenset()),
    "__ndarray__": (frozenset(), frozenset()),
    "__dict__": (frozenset(), frozenset({"ordered"})),
    "__list__": (frozenset(), frozenset()),
    "__tuple__": (frozenset(), frozenset()),
    "__float__": (frozenset(), frozenset()),
    "__complex__": (frozenset(), frozenset()),
    "__dtype__": (frozenset(), frozenset()),
}

_CHUNK = 1 << 20            # arrays are read from the archive in pieces of this size
_MAX_NPY_HEADER = 10000     # numpy's own limit on a .npy header (format.read_array_header_*)
_DEFLATE_MAX_RATIO = 1032   # deflate cannot expand one byte into more than ~1032


def _byte_bounds(arr):
    """(first pointer, lowest byte address, one past the highest byte address) of a non-empty array."""
    ptr = arr.__array_interface__["data"][0]
    lo = hi = ptr
    for n, s in zip(arr.shape, arr.strides):
        if s < 0:
            lo += (n - 1) * s
        else:
            hi += (n - 1) * s
    return ptr, lo, hi + arr.itemsize


def _memory_owner(arr):
    """The object that owns arr's memory: views of one memory have the same owner."""
    while isinstance(arr.base, np.ndarray):
        arr = arr.base
    return arr if arr.base is None else arr.base


def _float(f):
    return f if math.isfinite(f) else {"__float__": repr(f)}


class _Encoder:
    def __init__(self):
        self.arrays = {}
        self.memo = {}
        self.tensors = []        # (tensor, its entry), in the order met
        self.counts = {"a": 0, "s": 0}
        self.version = 1

    def array(self, prefix, arr):
        key = "%s%d" % (prefix, self.counts[prefix])
        self.counts[prefix] += 1
        self.arrays[key] = arr
        return key

    def encode(self, obj, path="obj", depth=0):
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (int, np.integer)) and not isinstance(obj, bool):
            return int(obj)
        if isinstance(obj, np.bool_):
            return bool(obj)
        if isinstance(obj, (float, np.floating)):
            return _float(float(obj))
        if isinstance(obj, (complex, np.complexfloating)):
            return {"__complex__": [_float(float(obj.real)), _float(float(obj.imag))]}
        if isinstance(obj, TensorBase):
            if id(obj) in self.memo:
                return {"__ref__": self.memo[id(obj)]}
            key = "t%d" % len(self.tensors)
            self.memo[id(obj)] = key
            # requires_grad as torch.save keeps it: a non-leaf that requires grad loads as such a leaf
            entry = {"__tensor__": key, "requires_grad": bool(obj._requires_grad),
                     "parameter": isinstance(obj, Parameter)}
            self.tensors.append((obj, entry))
            return entry
        if isinstance(obj, np.ndarray):
            if obj.dtype.newbyteorder("=").str not in _NPY_DTYPES:
                raise TypeError("pyautograd.save: cannot save an array of dtype %s at %s" % (obj.dtype, path))
            if not obj.dtype.isnative:
                obj = obj.astype(obj.dtype.newbyteorder("="))
            return {"__ndarray__": self.array("a", np.asarray(obj, order="C"))}
        if isinstance(obj, (dict, list, tuple)) and depth >= _MAX_DEPTH:
            raise ValueError("pyautograd.save: containers nested more than %d levels deep at %s (pyautograd.load "
                             "refuses them)" % (_MAX_DEPTH, path))
        if isinstance(obj, dict):
            items = []
            for k, v in obj.items():
                if not (k is None or isinstance(k, (str, int, float, bool, tuple))):
                    raise TypeError("pyautograd.save: dict keys must be str, int, float, bool, None or tuples, "
                                    "got %s at %s" % (type(k).__name__, path))
                items.append([self.encode(k, path, depth + 1), self.encode(v, "%s[%r]" % (path, k), depth + 1)])
            return {"__dict__": items, "ordered": isinstance(obj, OrderedDict)}
        if isinstance(obj, list):
            return {"__list__": [self.encode(v, "%s[%d]" % (path, i), depth + 1) for i, v in enumerate(obj)]}
        if isinstance(obj, tuple):
            return {"__tuple__": [self.encode(v, "%s[%d]" % (path, i), depth + 1) for i, v in enumerate(obj)]}
        if isinstance(obj, _dtype.dtype):
            return {"__dtype__": repr(obj)}
        if isinstance(obj, (Module, Optimizer)):
            raise TypeError("pyautograd.save: cannot save a whole %s at %s (PyTorch pickles it; pyautograd never "
                            "pickles). Save its state_dict() instead and restore it with "
                            "load_state_dict(pyautograd.load(path))" % (type(obj).__name__, path))
        raise TypeError("pyautograd.save: cannot save an object of type %s at %s (supported: tensors, NumPy arrays, "
                        "dicts, lists, tuples, numbers, strings, None)" % (type(obj).__name__, path))

    def store_tensors(self):
        """Give each tensor met its array: its own one, or a storage shared with the tensors it aliases."""
        groups = {}
        for t, entry in self.tensors:
            arr = t._data
            if arr.size == 0:       # an empty tensor shares nothing worth keeping
                groups[id(entry)] = [(arr, entry)]
            else:
                groups.setdefault(id(_memory_owner(arr)), []).append((arr, entry))
        for members in groups.values():
            if len(members) > 1 and self._store_shared(members):
                continue
            for arr, entry in members:
                self.arrays[entry["__tensor__"]] = np.asarray(arr, order="C")

    def _store_shared(self, members):
        dt = members[0][0].dtype
        if any(arr.dtype != dt for arr, _ in members):
            # torch.save's own refusal (a storage has one element type in its format and in ours)
            raise RuntimeError("Cannot save multiple tensors or storages that view the same data as different types")
        size = dt.itemsize
        bounds = [_byte_bounds(arr) for arr, _ in members]
        lo = min(b[1] for b in bounds)
        hi = max(b[2] for b in bounds)
        if any((b[0] - lo) % size for b in bounds) or any(s % size for arr, _ in members for s in arr.strides):
            return False            # not expressible in elements (odd byte offsets): each is saved on its own
        storage = np.zeros((hi - lo) // size, dtype=dt)     # zeros: memory between the views is not saved
        key = self.array("s", storage)
        for (arr, entry), (ptr, _, _) in zip(members, bounds):
            np.ndarray(arr.shape, dt, buffer=storage, offset=ptr - lo, strides=arr.strides)[...] = arr
            tkey = entry.pop("__tensor__")
            rest = dict(entry)
            entry.clear()
            entry.update({"__view__": key, "key": tkey, "offset": (ptr - lo) // size, "shape": list(arr.shape),
                          "strides": [s // size for s in arr.strides]}, **rest)
        self.version = 2
        return True


class _Damaged(Exception):
    """A reason why the file cannot be what pyautograd.save wrote; load turns it into its RuntimeError."""


def _is_int(x):
    return type(x) is int


def _short(v):
    """A short description of a value read from the file (never a full repr: it may be huge or deep)."""
    if isinstance(v, dict):
        keys = list(v)
        return "{%s%s}" % (", ".join(_short(k) + ": ..." for k in keys[:4]), ", ..." if len(keys) > 4 else "")
    if isinstance(v, (list, tuple)):
        return "a %s of %d items" % (type(v).__name__, len(v))
    if isinstance(v, str):
        return repr(v[:60]) + ("..." if len(v) > 60 else "")
    if isinstance(v, (bool, int, float)) or v is None:
        r = repr(v)
        return r if len(r) <= 40 else r[:40] + "..."
    return "a %s" % type(v).__name__


class _Archive:
    """The .npy entries of an open zip archive, each read once and only when the structure asks for it."""

    def __init__(self, zf, file_size):
        self.zf = zf
        self.file_size = file_size
        self.infos = {}
        for info in zf.infolist():
            self.infos.setdefault(info.filename, info)

    def read(self, key):
        info = self.infos.get(key + ".npy") if isinstance(key, str) else None
        if info is None:
            raise _Damaged("its structure refers to a missing array %s" % _short(key))
        what = "entry %r" % info.filename
        if info.flag_bits & 0x1:
            raise _Damaged("%s is encrypted" % what)
        # the sizes the zip directory declares must fit the file, before anything is allocated
        if info.compress_type == zipfile.ZIP_STORED:
            if info.file_size != info.compress_size:
                raise _Damaged("%s declares %d bytes but stores %d" % (what, info.file_size, info.compress_size))
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            if info.file_size > _DEFLATE_MAX_RATIO * info.compress_size + 64:
                raise _Damaged("%s declares %d bytes, more than its %d compressed bytes can hold"
                               % (what, info.file_size, info.compress_size))
        else:
            raise _Damaged("%s uses zip compression method %d (pyautograd.save stores entries uncompressed)"
                           % (what, info.compress_type))
        if info.header_offset + 30 + info.compress_size > self.file_size:
            raise _Damaged("%s declares %d bytes at offset %d, past the end of the %d-byte file"
                           % (what, info.compress_size, info.header_offset, self.file_size))
        try:
            return self._read_npy(info, what)
        except _ZIP_ERRORS as e:     # zipfile's own checks (local header, CRC, deflate stream)
            raise _Damaged("%s: %s: %s" % (what, type(e).__name__, e)) from None

    def _read_npy(self, info, what):
        with self.zf.open(info) as ef:
            shape, fortran, dt, header_len = _read_npy_header(ef, info.file_size, what)
            count = math.prod(shape)
            if count * dt.itemsize != info.file_size - header_len:
                raise _Damaged("%s declares an array of shape %s and dtype %s (%d bytes) but holds %d bytes of data"
                               % (what, shape, dt, count * dt.itemsize, info.file_size - header_len))
            arr = np.empty(count, dtype=dt)
            buf = memoryview(arr.view(np.uint8))
            pos, total = 0, count * dt.itemsize
            while pos < total:
                piece = ef.read(min(_CHUNK, total - pos))
                if not piece:
                    raise _Damaged("%s ends after %d of its %d bytes" % (what, pos, total))
                buf[pos:pos + len(piece)] = piece
                pos += len(piece)
            if ef.read(1):      # also makes zipfile check the CRC of what was read
                raise _Damaged("%s holds more bytes than it declares" % what)
        try:
            return arr.reshape(shape, order="F" if fortran else "C")
        except ValueError:          # more dimensions than this NumPy supports
            raise _Damaged("%s has an array of %d dimensions" % (what, len(shape))) from None


def _read_npy_header(ef, entry_size, what):
    """(shape, fortran_order, dtype, header length) of the .npy entry, checked; what numpy writes."""
    magic = ef.read(8)
    if len(magic) < 8 or magic[:6] != b"\x93NUMPY":
        raise _Damaged("%s is not a .npy array" % what)
    major = magic[6]
    if major not in (1, 2, 3):
        raise _Damaged("%s is a .npy array of unknown format version %d.%d" % (what, major, magic[7]))
    nlen = 2 if major == 1 else 4
    hlen = int.from_bytes(ef.read(nlen), "little")
    if hlen > _MAX_NPY_HEADER or 8 + nlen + hlen > entry_size:
        raise _Damaged("%s has a .npy header of %d bytes" % (what, hlen))
    raw = ef.read(hlen)
    try:
        header = ast.literal_eval(raw.decode("utf-8" if major == 3 else "latin1"))
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError, UnicodeDecodeError):
        raise _Damaged("%s has an unreadable .npy header" % what) from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise _Damaged("%s has an unreadable .npy header" % what)
    descr, fortran, shape = header["descr"], header["fortran_order"], header["shape"]
    dt = _NPY_DTYPES.get(descr) if isinstance(descr, str) else None
    if dt is None:
        raise _Damaged("%s holds an array of dtype %s; pyautograd.load reads only bool, integer, float and "
                       "complex arrays in this machine's byte order (no structured, string, object or "
                       "other-endian arrays)" % (what, _short(descr)))
    if type(fortran) is not bool or not isinstance(shape, tuple) or len(shape) > 64 \
            or not all(_is_int(n) and n >= 0 for n in shape):
        raise _Damaged("%s has an unreadable .npy header (shape %s)" % (what, _short(shape)))
    return shape, fortran, dt, 8 + nlen + hlen


class _Decoder:
    def __init__(self, archive):
        self.archive = archive
        self.tensors = {}       # tensor key -> tensor, for "__ref__"
        self.used = {}          # array key -> "array" or "storage": an array is read for one purpose
        self.storages = {}      # storage key -> (array, first tensor on it)

    def take_array(self, key, purpose):
        if key == _META or not isinstance(key, str):
            raise _Damaged("its structure refers to a missing array %s" % _short(key))
        prev = self.used.get(key)
        if prev == "storage" and purpose == "storage":
            return self.storages[key][0]
        if prev is not None:
            raise _Damaged("array %r is used by two entries of its structure" % key)
        self.used[key] = purpose
        return self.archive.read(key)

    def flag(self, obj, name):
        v = obj.get(name, False)
        if type(v) is not bool:
            raise _Damaged("bad %r flag %s" % (name, _short(v)))
        return v

    def finish_tensor(self, obj, t, key):
        if not isinstance(key, str) or key in self.tensors:
            raise _Damaged("bad or repeated tensor key %s" % _short(key))
        requires_grad = self.flag(obj, "requires_grad")
        if requires_grad and t._data.dtype.kind not in "fc":
            raise _Damaged("a tensor of dtype %s is marked requires_grad" % t._data.dtype)
        if self.flag(obj, "parameter"):
            t = Parameter(t, requires_grad=requires_grad)
        elif requires_grad:
            t.requires_grad_(True)
        self.tensors[key] = t
        return t

    def tensor(self, obj):
        arr = self.take_array(obj["__tensor__"], "array")
        if arr.dtype not in _TENSOR_NP_DTYPES:
            raise _Damaged("a tensor of dtype %s, which pyautograd does not have" % arr.dtype)
        return self.finish_tensor(obj, _make_tensor(arr), obj["__tensor__"])

    def view(self, obj):
        skey = obj["__view__"]
        storage = self.take_array(skey, "storage")
        if storage.ndim != 1 or storage.dtype not in _TENSOR_NP_DTYPES:
            raise _Damaged("storage %r is not a 1-d array of a tensor dtype" % skey)
        offset, shape, strides = obj["offset"], obj["shape"], obj["strides"]
        if not (_is_int(offset) and offset >= 0 and isinstance(shape, list) and isinstance(strides, list)
                and len(shape) == len(strides) <= 64 and all(_is_int(n) and n >= 0 for n in shape)
                and all(_is_int(s) for s in strides)):
            raise _Damaged("bad view of storage %r (offset %s, shape %s, strides %s)"
                           % (skey, _short(offset), _short(shape), _short(strides)))
        size = storage.dtype.itemsize
        # the elements the view reaches (in Python ints, so no overflow) must lie inside the storage
        lo = offset + sum((n - 1) * s for n, s in zip(shape, strides) if s < 0)
        hi = offset + sum((n - 1) * s for n, s in zip(shape, strides) if s > 0)
        if 0 not in shape and (lo < 0 or hi >= len(storage)):
            raise _Damaged("a view of shape %.200s reaches past its %d-element storage %r"
                           % (shape, len(storage), skey))
        try:
            if 0 in shape:
                arr = np.zeros(shape, storage.dtype)
            else:
                arr = np.ndarray(shape, storage.dtype, buffer=storage, offset=offset * size,
                                 strides=[s * size for s in strides])
        except (ValueError, OverflowError):  # more dimensions than NumPy supports, sizes past its index type
            raise _Damaged("a view of shape %.200s and strides %.200s that NumPy cannot make"
                           % (shape, strides)) from None
        if any(s == 0 and n > 1 for n, s in zip(shape, strides)):
            arr.flags.writeable = False     # an expanded view, read-only as np.broadcast_to makes it
        t = _make_tensor(arr)
        if skey in self.storages:
            t._share_version(self.storages[skey][1])    # aliases share one version counter
        else:
            self.storages[skey] = (storage, t)
        return self.finish_tensor(obj, t, obj["key"])

    def decode(self, obj, depth=0):
        if obj is None or isinstance(obj, (bool, int, float, str)):
            return obj
        tag = None
        if isinstance(obj, dict):
            tags = [k for k in obj if k in _ENTRY_KEYS]
            if len(tags) == 1:
                tag = tags[0]
                required, optional = _ENTRY_KEYS[tag]
                rest = set(obj) - {tag}
                if not required <= rest or not rest <= required | optional:
                    tag = None
        if tag is None:
            raise _Damaged("unrecognised entry %s" % _short(obj))
        val = obj[tag]
        if tag == "__tensor__":
            return self.tensor(obj)
        if tag == "__view__":
            return self.view(obj)
        if tag == "__ref__":
            if not isinstance(val, str) or val not in self.tensors:
                raise _Damaged("reference to unknown tensor %s" % _short(val))
            return self.tensors[val]
        if tag == "__ndarray__":
            return self.take_array(val, "array")
        if tag == "__float__":
            if not isinstance(val, str) or val not in _FLOAT_WORDS:
                raise _Damaged("bad float %s" % _short(val))
            return _FLOAT_WORDS[val]
        if tag == "__complex__":
            if not isinstance(val, list) or len(val) != 2:
                raise _Damaged("bad complex %s" % _short(val))
            parts = [self.decode(v, depth + 1) for v in val]
            if not all(type(p) in (int, float) for p in parts):
                raise _Damaged("bad complex %s" % _short(val))
            return complex(*parts)
        if tag == "__dtype__":
            d = _DTYPE_NAMES.get(val) if isinstance(val, str) else None
            if d is None:
                raise _Damaged("unknown dtype %s" % _short(val))
            return d
        # containers: the depth is checked before going one level down
        if not isinstance(val, list):
            raise _Damaged("bad %s entry %s" % (tag, _short(val)))
        if depth >= _MAX_DEPTH:
            raise _Damaged("its structure is nested more than %d levels deep" % _MAX_DEPTH)
        if tag == "__dict__":
            out = OrderedDict() if self.flag(obj, "ordered") else {}
            for pair in val:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise _Damaged("bad dict entry %s" % _short(pair))
                k = self.decode(pair[0], depth + 1)
                try:
                    hash(k)
                except TypeError:
                    raise _Damaged("unhashable dict key %s" % _short(k)) from None
                out[k] = self.decode(pair[1], depth + 1)
            return out
        items = []
        for v in val:
            items.append(self.decode(v, depth + 1))
        return items if tag == "__list__" else tuple(items)


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True):
    """Save tensors / state_dicts / nested containers to `f` (a path or a binary file) as .npz.

    The file is written exactly at the path given (no ".npz" suffix is added).
    """
    if pickle_module is not None:
        raise ValueError("pyautograd.save never pickles; pickle_module is not accepted")
    enc = _Encoder()
    structure = enc.encode(obj)
    enc.store_tensors()
    meta = json.dumps({"format": _FORMAT, "version": enc.version, "object": structure}, allow_nan=False)
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


# what zipfile raises on a malformed archive (its directory is read by zipfile, entries by _Archive)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
               OverflowError, IndexError, KeyError, struct.error)


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Load what pyautograd.save wrote. Never unpickles; foreign, damaged or hostile files raise RuntimeError."""
    if pickle_module is not None:
        raise ValueError("pyautograd.load never unpickles; pickle_module is not accepted")
    if map_location is not None and str(map_location).split(":")[0] != "cpu" and not callable(map_location) \
            and not isinstance(map_location, dict):
        raise RuntimeError("pyautograd runs on the CPU only; map_location %r is not available" % (map_location,))
    if isinstance(f, (str, bytes, os.PathLike)):
        with open(f, "rb") as fh:
            return _load_from(fh, f)
    name = getattr(f, "name", "<file>")
    if isinstance(f.read(0), str):
        raise RuntimeError("pyautograd.load: %s was opened in text mode; open it with 'rb'" % (name,))
    seekable = getattr(f, "seekable", None)
    if seekable is None or not seekable() or f.tell() != 0:
        # the archive is found from its end, so read what is left of the stream into a buffer of its own
        return _load_from(io.BytesIO(f.read()), name)
    return _load_from(f, name)


def _load_from(fh, name):
    head = fh.read(8)
    file_size = fh.seek(0, 2)
    fh.seek(0)
    if head[:4] != b"PK\x03\x04" and head[:4] != b"PK\x05\x06":
        raise RuntimeError("pyautograd.load: %s is not a file written by pyautograd.save: %s"
                           % (name, _describe_foreign(head)))
    try:
        zf = zipfile.ZipFile(fh)
    except _ZIP_ERRORS as e:
        raise RuntimeError("pyautograd.load: %s is damaged (not a readable zip archive: %s)" % (name, e)) from None
    with zf:
        names = zf.namelist()
        if _META + ".npy" not in names:
            raise RuntimeError("pyautograd.load: %s is not a file written by pyautograd.save: %s"
                               % (name, _describe_foreign(head, names)))
        archive = _Archive(zf, file_size)
        try:
            meta_arr = archive.read(_META)
            if meta_arr.dtype != np.uint8 or meta_arr.ndim != 1:
                raise _Damaged("its structure entry is not a 1-d uint8 array")
            try:
                meta = json.loads(meta_arr.tobytes().decode("utf-8"))
            except RecursionError:
                raise _Damaged("its structure is nested too deeply") from None
            except ValueError as e:      # JSON and UTF-8 errors
                raise _Damaged("bad structure entry: %s" % e) from None
            if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
                raise RuntimeError("pyautograd.load: %s is not a file written by pyautograd.save (unknown format "
                                   "tag)" % (name,))
            version = meta.get("version")
            if not _is_int(version) or version < 1:
                raise _Damaged("bad format version %s" % _short(version))
            if version > _VERSION:
                raise RuntimeError("pyautograd.load: %s was written by a newer pyautograd (format version %s; this "
                                   "one reads up to %d)" % (name, version, _VERSION))
            if "object" not in meta:
                raise _Damaged("no object in its structure entry")
            return _Decoder(archive).decode(meta["object"])
        except _Damaged as e:
            raise RuntimeError("pyautograd.load: %s is damaged (%s)" % (name, e)) from None
