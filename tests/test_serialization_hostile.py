"""pyautograd.load on hostile and damaged files, and round trips that keep aliasing (issue 8, item 9).

Every file that is not what pyautograd.save wrote must give load's documented
RuntimeError ("pyautograd.load: <file> ..."), never another exception type, never
a crash, never an allocation the file's bytes cannot back.
"""
import io
import json
import math
import random
import struct
import time
import tracemalloc
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

import pyautograd as pt
from pyautograd import nn, optim

DAMAGED = r"^pyautograd\.load: .* is damaged \("


# ---- crafting files --------------------------------------------------------------------------

def _npy(arr=None, header=None, data=None):
    """A .npy entry: numpy's own bytes for `arr`, or a hand-made header dict text and data."""
    if arr is not None:
        buf = io.BytesIO()
        np.lib.format.write_array(buf, arr, allow_pickle=True)
        return buf.getvalue()
    text = header.encode("latin1")
    pad = 64 - (10 + len(text) + 1) % 64
    text += b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + data


def _meta(obj, version=1, **extra):
    doc = {"format": "pyautograd.save", "version": version, "object": obj}
    doc.update(extra)
    return _npy(np.frombuffer(json.dumps(doc).encode(), dtype=np.uint8))


def _zip(entries, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _patch_sizes(data, name, uncompressed):
    """Rewrite the declared uncompressed size of entry `name` in its local header and the central directory."""
    data = bytearray(data)
    enc = name.encode()
    for sig, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = 0
        while True:
            pos = data.find(sig, pos)
            assert pos >= 0, "entry not found"
            fname_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if data[fname_at:fname_at + len(enc)] == enc:
                data[pos + field:pos + field + 4] = struct.pack("<I", uncompressed)
                break
            pos += 4
    return bytes(data)


def _load_bytes(data):
    return pt.load(io.BytesIO(data))


def _damaged(data, match=""):
    with pytest.raises(RuntimeError, match=DAMAGED + ".*" + match) as info:
        _load_bytes(data)
    return str(info.value)


def _peak_of(fn):
    """(result or exception, peak bytes traced while fn ran)."""
    tracemalloc.start()
    try:
        try:
            out = fn()
        except Exception as e:  # noqa: BLE001 - returned for the caller to check
            out = e
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# ---- declared sizes against the file --------------------------------------------------------------

BIG = 2 ** 28        # float64 elements: 2 GB declared
SMALL = 1900 * 1024  # what the file really holds


def test_npy_header_declaring_2gb_in_a_small_file_is_refused_without_allocating():
    data = _zip({"__pyautograd__.npy": _meta({"__tensor__": "t0"}),
                 "t0.npy": _npy(header="{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }" % BIG,
                                data=b"\0" * SMALL)})
    t0 = time.perf_counter()
    out, peak = _peak_of(lambda: _load_bytes(data))
    assert peak < 20 * 2 ** 20, peak        # no 2 GB buffer, not even a virtual one
    assert isinstance(out, RuntimeError), out
    assert "declares an array of shape (268435456,) and dtype float64 (2147483648 bytes) but holds" in str(out)
    assert time.perf_counter() - t0 < 5


def test_zip_directory_declaring_2gb_is_refused_without_allocating():
    payload = _npy(header="{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }" % BIG, data=b"\0" * SMALL)
    meta = _meta({"__tensor__": "t0"})
    # a stored entry whose directory claims 2 GB (more than it stores)
    stored = _patch_sizes(_zip({"__pyautograd__.npy": meta, "t0.npy": payload}), "t0.npy", BIG * 8 + 128)
    out, peak = _peak_of(lambda: _load_bytes(stored))
    assert peak < 20 * 2 ** 20, peak
    assert isinstance(out, RuntimeError) and "declares 2147483776 bytes but stores" in str(out), out
    # a deflated entry claiming more than deflate can expand its compressed bytes to (> 1032:1)
    deflated = _patch_sizes(_zip({"__pyautograd__.npy": meta, "t0.npy": payload}, zipfile.ZIP_DEFLATED),
                            "t0.npy", BIG * 8 + 128)
    out, peak = _peak_of(lambda: _load_bytes(deflated))
    assert peak < 20 * 2 ** 20, peak
    assert isinstance(out, RuntimeError) and "more than its" in str(out) and "compressed bytes can hold" in str(out)


def test_entry_past_the_end_of_the_file_and_short_entries():
    good = io.BytesIO()
    pt.save({"x": pt.arange(1000.0)}, good)
    data = good.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    # a .npy whose header declares fewer elements than the entry holds
    entries["t0.npy"] = _npy(header="{'descr': '<f8', 'fortran_order': False, 'shape': (10,), }",
                             data=b"\0" * 8000)
    _damaged(_zip(entries), "declares an array of shape \\(10,\\)")
    # an entry declaring more bytes than remain in the file (truncated after the directory was written)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("t0.npy")
    cut = bytearray(data)
    del cut[info.header_offset + 100:info.header_offset + 4000]
    with pytest.raises(RuntimeError, match="^pyautograd.load: "):
        _load_bytes(bytes(cut))


def test_a_valid_file_is_read_once():
    n = 5 * 2 ** 20                     # 40 MB of float64
    buf = io.BytesIO()
    x = pt.arange(float(n), dtype=pt.float64)
    pt.save({"x": x}, buf)
    del x
    data = buf.getvalue()
    out, peak = _peak_of(lambda: _load_bytes(data))
    assert not isinstance(out, Exception), out
    assert out["x"].shape == (n,) and float(out["x"][-1]) == n - 1
    # the array once, plus one read chunk and the small structure entry (was 3x: file bytes, npz array, copy)
    assert peak < 8 * n * 1.15, peak / (8 * n)


def test_load_from_a_path_does_not_hold_the_file_bytes(tmp_path):
    n = 5 * 2 ** 20
    pt.save([pt.ones(n, dtype=pt.float64)], tmp_path / "big.pt")
    out, peak = _peak_of(lambda: pt.load(tmp_path / "big.pt"))
    assert not isinstance(out, Exception) and float(out[0].sum()) == n
    assert peak < 8 * n * 1.15, peak / (8 * n)


# ---- names read from the file come from fixed tables ----------------------------------------------

@pytest.mark.parametrize("name", ["np", "__builtins__", "promote", "builtins", "dtype", "_ALL", "_default_dtype",
                                  "float", "torch.np", "set_default_dtype", "", "float32 "])
def test_dtype_entry_is_looked_up_in_a_fixed_table(name):
    msg = _damaged(_zip({"__pyautograd__.npy": _meta({"__dtype__": name})}), "unknown dtype")
    assert "module" not in msg


@pytest.mark.parametrize("name,expected", [("torch.float32", pt.float32), ("float64", pt.float64),
                                           ("torch.bool", pt.bool), ("bool", pt.bool), ("torch.int64", pt.int64),
                                           ("torch.complex64", pt.complex64)])
def test_dtype_entry_names_that_load(name, expected):
    assert _load_bytes(_zip({"__pyautograd__.npy": _meta({"__dtype__": name})})) is expected


def test_dtype_entry_that_is_not_a_string():
    _damaged(_zip({"__pyautograd__.npy": _meta({"__dtype__": ["float32"]})}), "unknown dtype")


# ---- malformed structures --------------------------------------------------------------------

def _nested(depth, leaf=1):
    obj = leaf
    for _ in range(depth):
        obj = {"__list__": [obj]}
    return obj


MALFORMED = {
    "list of a string": {"__list__": "abc"},
    "list of a number": {"__list__": 5},
    "tuple of a dict": {"__tuple__": {"a": 1}},
    "dict of a number": {"__dict__": 5},
    "dict pair of one": {"__dict__": [[1]]},
    "dict pair not a list": {"__dict__": ["ab"]},
    "unhashable key": {"__dict__": [[{"__list__": [1]}, 2]]},
    "ordered not a bool": {"__dict__": [], "ordered": "yes"},
    "ref to a list": {"__ref__": [1]},
    "ref to unknown": {"__ref__": "t7"},
    "float word": {"__float__": "abc"},
    "float of a list": {"__float__": [1]},
    "float of a number text": {"__float__": "1e5"},
    "complex of one": {"__complex__": [1]},
    "complex of a number": {"__complex__": 3},
    "complex of strings": {"__complex__": ["a", "b"]},
    "complex of bools": {"__complex__": [True, False]},
    "two tags": {"__list__": [], "__tuple__": []},
    "tensor and list": {"__tensor__": "t0", "__list__": []},
    "unknown key": {"__list__": [], "extra": 1},
    "empty object": {},
    "raw list": [1, 2],
    "tensor key a list": {"__tensor__": ["t0"]},
    "tensor requires_grad text": {"__tensor__": "t0", "requires_grad": "yes"},
    "parameter flag a number": {"__tensor__": "t0", "parameter": 1},
    "tensor of the structure entry": {"__tensor__": "__pyautograd__"},
    "ndarray key a number": {"__ndarray__": 0},
    "same array twice": {"__list__": [{"__tensor__": "t0"}, {"__tensor__": "t0"}]},
    "array as tensor and ndarray": {"__list__": [{"__tensor__": "t0"}, {"__ndarray__": "t0"}]},
    "int tensor requires grad": {"__tensor__": "i0", "requires_grad": True},
    "view without storage": {"__view__": "s9", "key": "v", "offset": 0, "shape": [1], "strides": [1]},
    "view missing fields": {"__view__": "t0", "key": "v"},
    "view of a 2-d array": {"__view__": "m0", "key": "v", "offset": 0, "shape": [1], "strides": [1]},
    "view past the end": {"__view__": "t0", "key": "v", "offset": 2, "shape": [3], "strides": [1]},
    "view negative reach": {"__view__": "t0", "key": "v", "offset": 0, "shape": [2], "strides": [-1]},
    "view negative offset": {"__view__": "t0", "key": "v", "offset": -1, "shape": [1], "strides": [1]},
    "view huge stride": {"__view__": "t0", "key": "v", "offset": 0, "shape": [2], "strides": [2 ** 62]},
    "view huge shape on stride 0": {"__view__": "t0", "key": "v", "offset": 0, "shape": [2 ** 62, 2 ** 62],
                                    "strides": [0, 0]},
    "view float offset": {"__view__": "t0", "key": "v", "offset": 0.5, "shape": [1], "strides": [1]},
    "view bool shape": {"__view__": "t0", "key": "v", "offset": 0, "shape": [True], "strides": [1]},
    "view mismatched strides": {"__view__": "t0", "key": "v", "offset": 0, "shape": [1, 1], "strides": [1]},
    "view 70 dims": {"__view__": "t0", "key": "v", "offset": 0, "shape": [1] * 70, "strides": [1] * 70},
    "view key a list": {"__view__": "t0", "key": [1], "offset": 0, "shape": [1], "strides": [1]},
    "two views one key": {"__list__": [
        {"__view__": "t0", "key": "v", "offset": 0, "shape": [1], "strides": [1]},
        {"__view__": "t0", "key": "v", "offset": 1, "shape": [1], "strides": [1]}]},
    "storage used as array too": {"__list__": [
        {"__view__": "t0", "key": "v", "offset": 0, "shape": [1], "strides": [1]}, {"__tensor__": "t0"}]},
    "201 deep": _nested(201),
    "900 deep": "DEEP900",
    "100000 deep JSON": "DEEP100000",
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_structure_is_refused(case):
    obj = MALFORMED[case]
    entries = {"t0.npy": _npy(np.arange(4.0)), "i0.npy": _npy(np.arange(4)), "m0.npy": _npy(np.ones((2, 2)))}
    if isinstance(obj, str):     # too deep for json.dumps: written as text
        n = int(obj[4:])
        text = '{"format": "pyautograd.save", "version": 1, "object": %s1%s}' % ('{"__list__": [' * n, "]}" * n)
        entries["__pyautograd__.npy"] = _npy(np.frombuffer(text.encode(), dtype=np.uint8))
    else:
        entries["__pyautograd__.npy"] = _meta(obj, version=2)
    msg = _damaged(_zip(entries))
    assert len(msg) < 400, msg          # a description, never a dump of the file


def test_deep_but_allowed_nesting_loads_and_deeper_is_refused_on_save():
    obj = 1
    for _ in range(200):
        obj = [obj]
    buf = io.BytesIO()
    pt.save(obj, buf)
    r = _load_bytes(buf.getvalue())
    for _ in range(200):
        r = r[0]
    assert r == 1
    with pytest.raises(ValueError, match="nested more than 200 levels deep"):
        pt.save([obj], io.BytesIO())


@pytest.mark.parametrize("meta,match", [
    ({"format": "pyautograd.save", "version": "2", "object": None}, "bad format version '2'"),
    ({"format": "pyautograd.save", "version": 1.5, "object": None}, "bad format version 1.5"),
    ({"format": "pyautograd.save", "version": True, "object": None}, "bad format version True"),
    ({"format": "pyautograd.save", "version": 0, "object": None}, "bad format version 0"),
    ({"format": "pyautograd.save", "object": None}, "bad format version None"),
    ({"format": "pyautograd.save", "version": 1}, "no object in its structure entry"),
])
def test_bad_versions_and_missing_object(meta, match):
    data = _zip({"__pyautograd__.npy": _npy(np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))})
    _damaged(data, match)


def test_newer_version_and_unknown_format():
    data = _zip({"__pyautograd__.npy": _meta(None, version=99)})
    with pytest.raises(RuntimeError, match="written by a newer pyautograd \\(format version 99; this one reads up "
                                           "to 2\\)"):
        _load_bytes(data)
    bad = _npy(np.frombuffer(b'{"format": "other", "version": 1, "object": null}', dtype=np.uint8))
    with pytest.raises(RuntimeError, match="unknown format tag"):
        _load_bytes(_zip({"__pyautograd__.npy": bad}))


@pytest.mark.parametrize("meta_entry,match", [
    (_npy(np.arange(3.0)), "structure entry is not a 1-d uint8 array"),
    (_npy(np.frombuffer(b"\xff\xfe{", dtype=np.uint8)), "bad structure entry"),
    (_npy(np.frombuffer(b'{"format": ', dtype=np.uint8)), "bad structure entry"),
    (_npy(np.frombuffer(b'{"format": "pyautograd.save", "version": 1, "object": ' + b"9" * 5000 + b"}",
                        dtype=np.uint8)), "bad structure entry"),
    (b"not a npy", "is not a .npy array"),
])
def test_bad_structure_entry(meta_entry, match):
    _damaged(_zip({"__pyautograd__.npy": meta_entry}), match)


# ---- array entries: only the dtypes save writes ------------------------------------------------------

@pytest.mark.parametrize("arr", [
    np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]),      # structured
    np.arange(3.0).astype(">f8"),                          # big-endian
    np.array(["ab", "c"]),                                 # unicode
    np.array([b"ab"]),                                     # bytes
    np.array([{"a": 1}], dtype=object),                    # object (would need pickle)
    np.array(["2020-01-01"], dtype="datetime64[D]"),
    np.zeros(2, dtype="V4"),
    np.zeros(2, dtype=np.longdouble),
], ids=["structured", "big-endian", "unicode", "bytes", "object", "datetime", "void", "longdouble"])
@pytest.mark.parametrize("tag", ["__tensor__", "__ndarray__"])
def test_arrays_of_other_dtypes_are_refused(arr, tag):
    data = _zip({"__pyautograd__.npy": _meta({tag: "t0"}), "t0.npy": _npy(arr)})
    _damaged(data, "holds an array of dtype .*pyautograd.load reads only bool, integer, float and complex arrays "
                   "in this machine's byte order")


def test_tensor_of_a_dtype_pyautograd_lacks():
    data = _zip({"__pyautograd__.npy": _meta({"__tensor__": "t0"}), "t0.npy": _npy(np.arange(3, dtype=np.uint16))})
    _damaged(data, "a tensor of dtype uint16")
    # as a NumPy array it is fine (pyautograd.save writes such arrays)
    data = _zip({"__pyautograd__.npy": _meta({"__ndarray__": "t0"}), "t0.npy": _npy(np.arange(3, dtype=np.uint16))})
    assert _load_bytes(data).dtype == np.uint16


@pytest.mark.parametrize("header", [
    "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
    "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': [1], }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (1.0,), }",
    "{'descr': '<f8', 'fortran_order': False, }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (1,) + (2,), }",
    "__import__('os').system('true')",
    "-" * 5000 + "1",
    "(" * 5000,
    "{'descr': " + "[" * 300 + "]" * 300 + ", 'fortran_order': False, 'shape': (1,), }",
    "{'descr': 'O', 'fortran_order': False, 'shape': (1,), }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "1, " * 70 + "), }",
])
def test_bad_npy_headers(header):
    data = _zip({"__pyautograd__.npy": _meta({"__tensor__": "t0"}),
                 "t0.npy": _npy(header=header, data=b"\0" * 8)})
    _damaged(data, "t0.npy")


def test_fortran_order_npy_loads():
    a = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    r = _load_bytes(_zip({"__pyautograd__.npy": _meta({"__tensor__": "t0"}), "t0.npy": _npy(a)}))
    assert np.array_equal(r.numpy(), a)


def test_deflated_file_within_bounds_loads():
    buf = io.BytesIO()
    pt.save({"x": pt.arange(6.0)}, buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    r = _load_bytes(_zip(entries, zipfile.ZIP_DEFLATED))
    assert pt.equal(r["x"], pt.arange(6.0))


def test_unsupported_compression_and_crc():
    buf = io.BytesIO()
    pt.save({"x": pt.arange(6.0)}, buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    _damaged(_zip(entries, zipfile.ZIP_BZIP2), "compression method 12")
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("t0.npy")
    data[info.header_offset + 200] ^= 0xFF            # inside t0's array data
    _damaged(bytes(data), "BadZipFile: Bad CRC-32")


# ---- round trips ---------------------------------------------------------------------------

def _rt(obj):
    buf = io.BytesIO()
    pt.save(obj, buf)
    return _load_bytes(buf.getvalue())


def test_views_of_one_storage_load_as_views_of_one_storage():
    x = pt.arange(12.0)
    saved = [x, x[1:4], x.view(3, 4), x.reshape(4, 3).t(), x.unbind(0)[5], x[2:].view(2, 5)[:, ::2]]
    r = _rt(saved)
    for a, b in zip(saved, r):
        assert b.shape == a.shape and b.stride() == a.stride() and b.dtype == a.dtype
        assert np.array_equal(a.numpy(), b.numpy())
        assert np.shares_memory(b.numpy(), r[0].numpy()) and b.is_leaf and b._base is None
    r[0].add_(100)          # as after torch.load: a change through one is seen through the others
    for a, b in zip(saved, r):
        assert np.array_equal(a.numpy() + 100, b.numpy())
    assert len({b._version for b in r}) == 1     # and they share one version counter


def test_views_without_their_base_and_unrelated_tensors():
    x, y = pt.arange(10.0), pt.arange(10.0)
    r = _rt({"a": x[2:5], "b": x[4:], "y": y, "c": y.detach()})
    assert np.shares_memory(r["a"].numpy(), r["b"].numpy())
    assert np.shares_memory(r["y"].numpy(), r["c"].numpy())
    assert not np.shares_memory(r["a"].numpy(), r["y"].numpy())
    r["a"][2] = -1.0
    assert float(r["b"][0]) == -1.0
    # a lone view is saved as its own data only (not its whole base)
    buf = io.BytesIO()
    pt.save(pt.arange(100000.0)[:3], buf)
    assert len(buf.getvalue()) < 2000


def test_expanded_view_stays_read_only():
    x = pt.arange(3.0)
    r = _rt([x, x.expand(4, 3)])
    assert r[1].stride() == (0, 1) and not r[1].numpy().flags.writeable and r[0].numpy().flags.writeable
    assert np.array_equal(r[1].numpy(), np.broadcast_to(np.arange(3.0), (4, 3)))


def test_views_as_different_dtypes_are_refused_as_torch_does():
    a = np.arange(4.0)
    with pytest.raises(RuntimeError, match="^Cannot save multiple tensors or storages that view the same data as "
                                           "different types$"):
        pt.save([pt.from_numpy(a), pt.from_numpy(a.view(np.int64))], io.BytesIO())


def test_requires_grad_kept_as_torch_keeps_it():
    w = pt.ones(3, requires_grad=True)
    y = w * 2
    r = _rt({"w": w, "y": y, "wv": w[1:], "p": nn.Parameter(pt.zeros(2)), "q": nn.Parameter(pt.zeros(2), False),
             "n": pt.ones(2)})
    for k in ("w", "y", "wv"):            # torch 2.13: requires_grad=True, is_leaf=True, grad_fn None
        assert r[k].requires_grad and r[k].is_leaf and r[k].grad_fn is None, k
    assert isinstance(r["p"], nn.Parameter) and r["p"].requires_grad
    assert isinstance(r["q"], nn.Parameter) and not r["q"].requires_grad
    assert not r["n"].requires_grad
    assert np.shares_memory(r["w"].detach().numpy(), r["wv"].detach().numpy())
    (r["w"] * r["wv"].sum()).sum().backward()
    assert np.array_equal(r["w"].grad.numpy(), [2.0, 2.0, 2.0])


def test_views_match_torch():
    torch = pytest.importorskip("torch")

    def build(lib):
        x = lib.arange(12.0).requires_grad_(False)
        return [x, x[1:4], x.view(3, 4), x.reshape(4, 3).t(), x[2:].view(2, 5)[:, 1:3]]

    tb = io.BytesIO()
    torch.save(build(torch), tb)
    tb.seek(0)
    tr = torch.load(tb)
    r = _rt(build(pt))
    for a, b in zip(tr, r):
        assert tuple(a.shape) == b.shape and a.stride() == b.stride()
        assert a.untyped_storage().data_ptr() == tr[0].untyped_storage().data_ptr()
        assert np.shares_memory(b.numpy(), r[0].numpy())
    tr[0].mul_(3)
    r[0].mul_(3)
    for a, b in zip(tr, r):
        assert np.array_equal(a.numpy(), b.numpy())


def test_every_dtype_and_shape_roundtrips():
    for d in (pt.float16, pt.float32, pt.float64, pt.complex64, pt.complex128, pt.uint8, pt.int8, pt.int16,
              pt.int32, pt.int64, pt.bool):
        for shape in ((), (0,), (3,), (2, 0, 3), (2, 3, 4)):
            t = pt.zeros(shape, dtype=d)
            r = _rt([t, t])
            assert r[0] is r[1] and r[0].dtype == d and r[0].shape == shape


def test_nested_containers_and_special_numbers():
    obj = OrderedDict(a=[1, 2.5, "s", None, True], b=(pt.ones(2), {"c": pt.zeros(1)}),
                      n=[float("nan"), float("-inf")], z=complex(float("inf"), -1.0), d={(1, "k"): None})
    r = _rt(obj)
    assert isinstance(r, OrderedDict) and list(r) == list(obj)
    assert r["a"] == [1, 2.5, "s", None, True] and isinstance(r["b"], tuple)
    assert pt.equal(r["b"][0], pt.ones(2)) and pt.equal(r["b"][1]["c"], pt.zeros(1))
    assert math.isnan(r["n"][0]) and r["n"][1] == -math.inf
    assert r["z"] == complex(math.inf, -1.0) and r["d"] == {(1, "k"): None}


def test_state_dicts_with_tied_and_view_parameters():
    pt.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 3))
    model[1].weight = model[0].weight           # tied weights
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(pt.randn(2, 3)).sum().backward()
    opt.step()
    r = _rt({"model": model.state_dict(), "opt": opt.state_dict()})
    sd = r["model"]
    # state_dict() detaches each entry: two tensors of one storage, which load sharing it (as in torch)
    assert np.shares_memory(sd["0.weight"].numpy(), sd["1.weight"].numpy())
    for k, v in model.state_dict().items():
        assert pt.equal(sd[k], v) and sd[k].dtype == v.dtype
    assert r["opt"]["param_groups"] == opt.state_dict()["param_groups"]
    for k, st in opt.state_dict()["state"].items():
        assert pt.equal(r["opt"]["state"][k]["momentum_buffer"], st["momentum_buffer"])


def test_version_1_files_still_load():
    # what the previous pyautograd.save wrote: arrays "t0", "t1", references by array key
    meta = {"__list__": [{"__tensor__": "t0", "requires_grad": True, "parameter": False}, {"__ref__": "t0"},
                         {"__ndarray__": "t1"}, {"__dtype__": "torch.float64"}, {"__float__": "inf"},
                         {"__complex__": [1.0, 2.0]}]}
    r = _load_bytes(_zip({"__pyautograd__.npy": _meta(meta, version=1), "t0.npy": _npy(np.arange(3.0)),
                          "t1.npy": _npy(np.arange(2))}))
    assert r[0] is r[1] and r[0].requires_grad and np.array_equal(r[2], [0, 1])
    assert r[3] is pt.float64 and r[4] == math.inf and r[5] == 1 + 2j


def test_file_object_not_at_start_and_unseekable():
    buf = io.BytesIO()
    buf.write(b"header")
    pt.save({"x": pt.arange(3.0)}, buf)
    buf.seek(6)
    assert pt.equal(pt.load(buf)["x"], pt.arange(3.0))

    class Stream(io.RawIOBase):
        def __init__(self, data):
            self.inner = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            return self.inner.readinto(b)

    one = io.BytesIO()
    pt.save([pt.ones(2)], one)
    assert pt.equal(pt.load(Stream(one.getvalue()))[0], pt.ones(2))


# ---- fuzz --------------------------------------------------------------------------------------

def _valid_checkpoint():
    pt.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    opt = optim.Adam(model.parameters(), lr=0.01)
    model(pt.randn(2, 3)).sum().backward()
    opt.step()
    x = pt.arange(12.0)
    obj = {"model": model.state_dict(), "opt": opt.state_dict(), "views": [x, x[2:5], x.view(3, 4).t()],
           "misc": (1, 2.5, "s", None, True, float("inf"), 1 + 2j, pt.float64, np.arange(3)),
           "ints": pt.tensor([1, 2, 3]), "w": pt.ones(2, requires_grad=True)}
    buf = io.BytesIO()
    pt.save(obj, buf)
    return buf.getvalue()


def _random_json(rng, depth=0):
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([0, 1, -1, 7, 2 ** 40, 2 ** 70, -(2 ** 63)])
    if kind == 2:
        return rng.choice([0.5, -1e300, 1e-300, float("nan")])
    if kind == 3:
        return rng.choice(["", "t0", "s0", "t1", "a0", "__pyautograd__", "torch.float32", "np", "inf", "x" * 50])
    if kind == 4:
        return rng.choice(list(MALFORMED.values())[:-3])
    if kind == 5:
        return {rng.choice(["__tensor__", "__view__", "__ref__", "__ndarray__", "__dict__", "__list__",
                            "__tuple__", "__float__", "__complex__", "__dtype__"]): _random_json(rng, depth + 1)}
    if kind == 6:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 7:
        return {rng.choice(["key", "offset", "shape", "strides", "requires_grad", "parameter", "ordered", "x"]):
                _random_json(rng, depth + 1) for _ in range(rng.randrange(4))}
    return rng.choice([[1], [0, 1], [2 ** 62], [-1], [1] * 70])


def _mutate_json(rng, node):
    """Change one random place of a decoded JSON document in place (or return a replacement)."""
    path = []
    cur = node
    while isinstance(cur, (dict, list)) and cur and rng.random() < 0.8:
        keys = list(cur) if isinstance(cur, dict) else list(range(len(cur)))
        k = rng.choice(keys)
        path.append((cur, k))
        cur = cur[k]
    if not path:
        return _random_json(rng)
    parent, k = path[-1]
    op = rng.randrange(5)
    if op == 0 and isinstance(parent, dict):
        del parent[k]
    elif op == 1 and isinstance(parent, list):
        parent.insert(k, _random_json(rng))
    elif op == 2:
        parent[k] = {"__list__": [parent[k]]}
    else:
        parent[k] = _random_json(rng)
    return node


def _mutations(data, rng):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    meta_bytes = np.load(io.BytesIO(entries["__pyautograd__.npy"])).tobytes()
    kind = rng.randrange(6)
    if kind == 0:                                   # raw byte damage anywhere
        b = bytearray(data)
        for _ in range(rng.randrange(1, 6)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if kind == 1:                                   # truncate or extend
        return data[:rng.randrange(len(data))] if rng.random() < 0.7 else data + bytes(rng.randrange(1, 100))
    if kind == 2:                                   # the structure JSON, re-zipped with a valid CRC
        doc = json.loads(meta_bytes)
        for _ in range(rng.randrange(1, 4)):
            doc = _mutate_json(rng, doc)
        text = json.dumps(doc).encode()
        entries["__pyautograd__.npy"] = _npy(np.frombuffer(text, dtype=np.uint8))
        return _zip(entries)
    if kind == 3:                                   # the structure text, byte-damaged, re-zipped
        b = bytearray(meta_bytes)
        for _ in range(rng.randrange(1, 4)):
            b[rng.randrange(len(b))] = rng.choice(b'{}[]",:0123456789-.eEtfn \\u')
        entries["__pyautograd__.npy"] = _npy(np.frombuffer(bytes(b), dtype=np.uint8))
        return _zip(entries)
    name = rng.choice([n for n in entries if n != "__pyautograd__.npy"])
    if kind == 4:                                   # an array entry: dropped, renamed, or given another array
        op = rng.randrange(3)
        if op == 0:
            del entries[name]
        elif op == 1:
            entries["x" + name] = entries.pop(name)
        else:
            entries[name] = _npy(rng.choice([np.ones((2, 2)), np.zeros(0), np.arange(3), np.ones(3, dtype=">f4"),
                                             np.array(["a"]), np.zeros(1, dtype=[("a", "i4")]), np.float64(2.0),
                                             np.ones((1, 200), np.uint8), np.ones(2, dtype=np.uint64)]))
        return _zip(entries, rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    b = bytearray(entries[name])                    # an array's .npy header bytes, re-zipped
    for _ in range(rng.randrange(1, 4)):
        b[rng.randrange(min(len(b), 128))] = rng.randrange(32, 127)
    entries[name] = bytes(b)
    return _zip(entries)


def test_fuzz_load_returns_or_raises_its_runtime_error():
    rng = random.Random(8)
    data = _valid_checkpoint()
    assert isinstance(_load_bytes(data), dict)
    outcomes = {"loaded": 0, "refused": 0}
    t0 = time.perf_counter()
    for i in range(400):
        case = _mutations(data, rng)
        try:
            _load_bytes(case)
            outcomes["loaded"] += 1
        except RuntimeError as e:
            assert str(e).startswith("pyautograd.load: "), (i, e)
            assert len(str(e)) < 1000, (i, str(e)[:200])
            outcomes["refused"] += 1
        # anything else (TypeError, KeyError, ValueError, RecursionError, MemoryError, ...) fails the test
    assert outcomes["refused"] > 200 and outcomes["loaded"] > 5, outcomes
    assert time.perf_counter() - t0 < 30
