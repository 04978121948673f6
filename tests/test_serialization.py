"""pyautograd.save / pyautograd.load: .npz without pickle, round trips and clear errors."""
import io
import os
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

import pyautograd as pt
from pyautograd import nn, optim


def _roundtrip(obj, tmp_path):
    path = tmp_path / "obj.pt"
    pt.save(obj, path)
    assert path.exists() and not (tmp_path / "obj.pt.npz").exists()  # written exactly where asked
    return pt.load(path)


@pytest.mark.parametrize("t", [pt.tensor(3.5), pt.arange(6.0).reshape(2, 3), pt.tensor([1, 2, 3]),
                               pt.tensor([True, False]), pt.zeros(0, 3), pt.tensor([1.5], dtype=pt.float64),
                               pt.tensor([1 + 2j]), pt.ones(2, 3).t()])
def test_tensor_roundtrip(t, tmp_path):
    r = _roundtrip(t, tmp_path)
    assert isinstance(r, pt.Tensor) and r.dtype == t.dtype and r.shape == t.shape
    assert np.array_equal(r.numpy(), t.numpy())


def test_requires_grad_and_parameter_flags(tmp_path):
    obj = {"a": pt.ones(2, requires_grad=True), "p": nn.Parameter(pt.zeros(2)), "b": pt.ones(1)}
    r = _roundtrip(obj, tmp_path)
    assert r["a"].requires_grad and r["a"].is_leaf
    assert isinstance(r["p"], nn.Parameter) and r["p"].requires_grad
    assert not r["b"].requires_grad


def test_nested_containers(tmp_path):
    obj = {"epoch": 7, "lr": 0.001, "name": "run", "none": None, "flag": True, "inf": float("inf"),
           "list": [1, 2.5, pt.ones(2), [pt.zeros(1)]], "tuple": (1, "x"), 3: "int key", (1, 2): "tuple key",
           "nested": OrderedDict(b=1, a=2), "arr": np.arange(3), "c": 1 + 2j, "dtype": pt.float64}
    r = _roundtrip(obj, tmp_path)
    assert r["epoch"] == 7 and r["lr"] == 0.001 and r["name"] == "run" and r["none"] is None
    assert r["flag"] is True and r["inf"] == float("inf") and r["tuple"] == (1, "x")
    assert r[3] == "int key" and r[(1, 2)] == "tuple key"
    assert isinstance(r["nested"], OrderedDict) and list(r["nested"]) == ["b", "a"]
    assert pt.equal(r["list"][2], pt.ones(2)) and pt.equal(r["list"][3][0], pt.zeros(1))
    assert np.array_equal(r["arr"], np.arange(3)) and r["c"] == 1 + 2j and r["dtype"] is pt.float64
    assert list(r.keys()) == list(obj.keys())


def test_shared_tensors_stay_shared(tmp_path):
    t = pt.ones(3)
    r = _roundtrip([t, t], tmp_path)
    assert r[0] is r[1]


def test_file_objects():
    buf = io.BytesIO()
    pt.save({"x": pt.arange(3.0)}, buf)
    buf.seek(0)
    assert pt.equal(pt.load(buf)["x"], pt.arange(3.0))


def test_model_state_dict_into_fresh_model(tmp_path):
    pt.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3))
    path = os.path.join(str(tmp_path), "model.pt")
    pt.save(model.state_dict(), path)
    pt.manual_seed(1)
    fresh = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3))
    x = pt.randn(4, 2)
    assert not pt.equal(fresh(x), model(x))
    sd = pt.load(path)
    assert isinstance(sd, OrderedDict) and list(sd) == list(model.state_dict())
    assert repr(fresh.load_state_dict(sd)) == "<All keys matched successfully>"
    assert pt.equal(fresh(x), model(x))


def test_checkpoint_with_optimizer_resumes_exactly(tmp_path):
    def make():
        pt.manual_seed(0)
        m = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
        return m, optim.Adam(m.parameters(), lr=0.05, amsgrad=True)

    x, y = pt.randn(16, 3), pt.randn(16, 1)

    def train(m, o, n):
        for _ in range(n):
            o.zero_grad()
            nn.functional.mse_loss(m(x), y).backward()
            o.step()

    m1, o1 = make()
    train(m1, o1, 6)
    m2, o2 = make()
    train(m2, o2, 3)
    pt.save({"model": m2.state_dict(), "optim": o2.state_dict(), "epoch": 3}, tmp_path / "ck.pt")
    m3, o3 = make()
    ck = pt.load(tmp_path / "ck.pt")
    m3.load_state_dict(ck["model"])
    o3.load_state_dict(ck["optim"])
    assert ck["epoch"] == 3 and o3.state_dict()["param_groups"] == o2.state_dict()["param_groups"]
    train(m3, o3, 3)
    for a, b in zip(m1.parameters(), m3.parameters()):
        assert pt.equal(a, b)


def test_unsupported_objects_are_refused(tmp_path):
    with pytest.raises(TypeError, match="cannot save an object of type object"):
        pt.save({"x": object()}, tmp_path / "a.pt")
    with pytest.raises(TypeError, match=r"cannot save a whole Linear at obj\['m'\].*state_dict\(\)"):
        pt.save({"m": nn.Linear(1, 1)}, tmp_path / "a.pt")
    with pytest.raises(TypeError, match="dict keys must be"):
        pt.save({frozenset(): 1}, tmp_path / "a.pt")


def test_pickle_is_refused_and_not_executed(tmp_path):
    class Boom:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps(Boom()))
    with pytest.raises(RuntimeError, match="is a pickle"):
        pt.load(path)
    assert not (tmp_path / "pwned").exists()
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(pt.ones(2))


def test_foreign_and_corrupt_files(tmp_path):
    pt.save({"x": pt.ones(3)}, tmp_path / "good.pt")
    data = (tmp_path / "good.pt").read_bytes()
    (tmp_path / "trunc.pt").write_bytes(data[: len(data) // 2])
    with pytest.raises(RuntimeError, match="damaged"):
        pt.load(tmp_path / "trunc.pt")
    (tmp_path / "text.pt").write_bytes(b"hello world, not a checkpoint")
    with pytest.raises(RuntimeError, match="not a file written by pyautograd.save: it is not a zip archive"):
        pt.load(tmp_path / "text.pt")
    np.savez(tmp_path / "plain.npz", a=np.ones(2))
    with pytest.raises(RuntimeError, match="without pyautograd's structure entry"):
        pt.load(tmp_path / "plain.npz")
    np.save(tmp_path / "one.npy", np.ones(2))
    with pytest.raises(RuntimeError, match="single .npy array"):
        pt.load(tmp_path / "one.npy")
    with zipfile.ZipFile(tmp_path / "torchlike.pt", "w") as zf:
        zf.writestr("archive/data.pkl", pickle.dumps({"a": 1}))
    with pytest.raises(RuntimeError, match="torch.save archive"):
        pt.load(tmp_path / "torchlike.pt")
    # a structure entry that points to a missing array
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        meta = zf.read("__pyautograd__.npy")
    with zipfile.ZipFile(tmp_path / "missing.pt", "w") as zf:
        zf.writestr("__pyautograd__.npy", meta)
    with pytest.raises(RuntimeError, match="missing array"):
        pt.load(tmp_path / "missing.pt")
    # an object array (needs pickle) inside the archive is refused by allow_pickle=False
    buf = io.BytesIO()
    np.savez(buf, __pyautograd__=np.frombuffer(b'{"format": "pyautograd.save", "version": 1, "object": '
                                               b'{"__ndarray__": "t0"}}', dtype=np.uint8),
             t0=np.array([{"a": 1}], dtype=object))
    (tmp_path / "objarr.pt").write_bytes(buf.getvalue())
    with pytest.raises(RuntimeError, match="damaged"):
        pt.load(tmp_path / "objarr.pt")


def test_torch_save_file_is_refused(tmp_path):
    torch = pytest.importorskip("torch")
    torch.save({"a": torch.ones(2)}, tmp_path / "t.pt")
    with pytest.raises(RuntimeError, match="torch.save archive"):
        pt.load(tmp_path / "t.pt")
