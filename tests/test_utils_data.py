"""pyautograd.utils.data against torch.utils.data: the same batches (values and dtypes) for the same seed,
the same collation, the same errors. Worker tests use tiny datasets and timeouts so they cannot hang."""
import collections
import math
import random
import warnings

import numpy as np
import pytest

import pyautograd as pa
from pyautograd.utils import data as pdata


def _plain(x):
    """Batches as comparable Python values: tensors -> (type tag, dtype name, values)."""
    if hasattr(x, "dtype") and hasattr(x, "tolist") and not isinstance(x, np.ndarray):
        return ("T", str(x.dtype).replace("torch.", ""), tuple(x.shape), x.tolist())
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return (type(x).__name__, tuple(_plain(v) for v in x))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [_plain(v) for v in x])
    if isinstance(x, dict):
        return ("dict", {k: _plain(v) for k, v in x.items()})
    return x


def _epochs(T, seed, n=23, epochs=2, features=3, **kw):
    T.manual_seed(seed)
    X = T.arange(n * features, dtype=T.float32).reshape(n, features)
    y = T.arange(n) % 4
    loader = T.utils.data.DataLoader(T.utils.data.TensorDataset(X, y), **kw)
    return [_plain(batch) for _ in range(epochs) for batch in loader]


@pytest.mark.parametrize("seed", [0, 1, 1234])
@pytest.mark.parametrize("batch_size", [1, 4, 7, 23, 64])
@pytest.mark.parametrize("drop_last", [False, True])
@pytest.mark.parametrize("shuffle", [False, True])
def test_tensor_dataset_batches_are_torchs(seed, batch_size, drop_last, shuffle):
    torch = pytest.importorskip("torch")
    kw = dict(batch_size=batch_size, drop_last=drop_last, shuffle=shuffle)
    assert _epochs(pa, seed, **kw) == _epochs(torch, seed, **kw)


@pytest.mark.parametrize("seed", [0, 7])
def test_shuffle_with_a_generator_and_the_default_stream_after(seed):
    torch = pytest.importorskip("torch")

    def run(T):
        T.manual_seed(99)
        g = T.Generator()
        g.manual_seed(seed)
        loader = T.utils.data.DataLoader(T.utils.data.TensorDataset(T.arange(17)), batch_size=5, shuffle=True,
                                         generator=g)
        out = [_plain(b) for _ in range(3) for b in loader]
        # the loader's draws came from g: the default stream is untouched
        return out, T.randint(0, 1000, (3,)).tolist()
    assert run(pa) == run(torch)


def test_d2l_load_array():
    torch = pytest.importorskip("torch")

    def run(T):
        # (T.normal is not torch-exact yet: the data come from NumPy, the shuffling from the seed)
        features = T.tensor(np.random.default_rng(0).normal(size=(50, 2)), dtype=T.float32)
        labels = (features * T.tensor([2.0, -3.4])).sum(1) + 4.2
        T.manual_seed(42)
        loader = T.utils.data.DataLoader(T.utils.data.TensorDataset(features, labels), 10, shuffle=True)
        return [_plain(b) for b in loader], [_plain(b) for b in loader]
    ours, theirs = run(pa), run(torch)
    assert ours == theirs


@pytest.mark.parametrize("seed", [0, 3])
def test_samplers_are_torchs(seed):
    torch = pytest.importorskip("torch")

    def run(T):
        D = T.utils.data
        T.manual_seed(seed)
        src = list(range(13))
        g = T.Generator()
        g.manual_seed(seed + 1)
        out = [list(D.SequentialSampler(src)),
               list(D.RandomSampler(src)),
               list(D.RandomSampler(src, generator=g)),
               list(D.RandomSampler(src, num_samples=30)),
               list(D.RandomSampler(src, num_samples=5)),
               list(D.RandomSampler(src, replacement=True)),
               list(D.RandomSampler(src, replacement=True, num_samples=70, generator=g)),
               list(D.SubsetRandomSampler([3, 5, 8, 13, 21])),
               list(D.SubsetRandomSampler([3, 5, 8, 13, 21], generator=g)),
               list(D.BatchSampler(D.SequentialSampler(src), 4, False)),
               list(D.BatchSampler(D.SequentialSampler(src), 4, True)),
               list(D.BatchSampler(range(10), 3, False)),
               len(D.BatchSampler(src, 4, False)), len(D.BatchSampler(src, 4, True)),
               len(D.RandomSampler(src, num_samples=30))]
        return out, T.randint(0, 100, (2,)).tolist()
    assert run(pa) == run(torch)


def test_weighted_random_sampler_shape_and_distribution():
    # the distribution; the exact indices are tested against torch in test_random_streams.py
    pa.manual_seed(0)
    weights = [0.1, 0.0, 0.6, 0.3]
    drawn = list(pdata.WeightedRandomSampler(weights, 20000))
    assert len(drawn) == 20000 and all(type(i) is int for i in drawn)
    freq = np.bincount(drawn, minlength=4) / 20000
    assert freq[1] == 0 and np.allclose(freq, weights, atol=0.02)
    without = list(pdata.WeightedRandomSampler([1, 2, 3, 4, 5], 5, replacement=False))
    assert sorted(without) == [0, 1, 2, 3, 4]
    assert len(pdata.WeightedRandomSampler(weights, 7)) == 7
    loader = pdata.DataLoader(pdata.TensorDataset(pa.arange(4)), batch_size=3,
                              sampler=pdata.WeightedRandomSampler(weights, 7))
    assert [b[0].shape[0] for b in loader] == [3, 3, 1]


@pytest.mark.parametrize("seed", [0, 5])
def test_random_split_subset_concat_are_torchs(seed):
    torch = pytest.importorskip("torch")

    def run(T):
        D = T.utils.data
        T.manual_seed(seed)
        a, b = D.random_split(range(10), [3, 7])
        g = T.Generator().manual_seed(seed)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            parts = D.random_split(range(31), [0.3, 0.3, 0.4], generator=g)
            tiny = D.random_split(range(2), [0.5, 0.5, 0.0])
        ds = D.TensorDataset(T.arange(12).reshape(6, 2), T.arange(6) * 1.5)
        sub = D.Subset(ds, [5, 0, 3])
        cat = D.ConcatDataset([ds, sub]) + ds
        loader = D.DataLoader(cat, batch_size=4, shuffle=True)
        return ([list(a), list(b)], [list(p) for p in parts], [len(p) for p in parts], [list(p) for p in tiny],
                [str(x.message) for x in w], len(cat), cat.cumulative_sizes, _plain(cat[7]), _plain(cat[-1]),
                _plain(sub[1]), [_plain(x) for x in loader],
                [_plain(x) for x in D.DataLoader(sub, batch_size=2)])
    assert run(pa) == run(torch)


def test_stack_and_chain_datasets_are_torchs():
    torch = pytest.importorskip("torch")

    class Stream(object):
        pass

    def run(T):
        D = T.utils.data

        class Count(D.IterableDataset):
            def __init__(self, lo, hi):
                self.lo, self.hi = lo, hi

            def __iter__(self):
                return iter(range(self.lo, self.hi))

            def __len__(self):
                return self.hi - self.lo
        ds = D.TensorDataset(T.arange(5))
        tup = D.StackDataset(ds, list(range(10, 15)))
        dic = D.StackDataset(x=ds, y=list("abcde"))
        chain = D.ChainDataset([Count(0, 3), Count(10, 12)])
        chained = Count(0, 2) + Count(5, 7)
        return (_plain(tup[1]), _plain(dic[2]), len(tup), [_plain(b) for b in D.DataLoader(tup, batch_size=2)],
                [_plain(b) for b in D.DataLoader(dic, batch_size=3)], list(chain), len(chain), list(chained),
                [_plain(b) for b in D.DataLoader(chain, batch_size=2)],
                [_plain(b) for b in D.DataLoader(chain, batch_size=2, drop_last=True)],
                [_plain(b) for b in D.DataLoader(chain, batch_size=None)])
    assert run(pa) == run(torch)


def test_default_collate_and_convert_are_torchs():
    torch = pytest.importorskip("torch")
    Point = collections.namedtuple("Point", ["x", "y"])

    def run(T):
        D = T.utils.data
        c = D.default_collate
        out = [c([0, 1, 2]), c([0.5, 1.5]), c([True, False]), c(["a", "b"]), c([b"a", b"b"]),
               c([{"A": 0, "B": 1.0}, {"A": 100, "B": 2.0}]), c([Point(0, 0.5), Point(1, 1.5)]),
               c([(0, 1), (2, 3)]), c([[0, 1], [2, 3]]),
               c([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)]),
               c([np.float32(1.5), np.float32(2.5)]), c([np.int16(1), np.int16(2)]),
               c([T.tensor([1.0, 2.0]), T.tensor([3.0, 4.0])]), c([T.tensor(1), T.tensor(2)]),
               c([T.tensor([1, 2], dtype=T.uint8)] * 2),
               c([{"img": T.ones(2, 2), "meta": {"id": 3, "name": "n", "pt": Point(np.float64(1.0), [1, 2])}}] * 3),
               c([(T.zeros(1), [np.array(1.0)], "s")] * 2),
               D.default_convert(np.array([0, 1])), D.default_convert(0), D.default_convert(Point(np.array(0), 1)),
               D.default_convert([np.array([0.5]), (np.int64(3), "x")]), D.default_convert({"a": np.ones(2)}),
               D.default_convert(np.array(["a"])), D.default_convert("s"),
               D.default_convert(np.float32(2.0))]
        return [_plain(o) for o in out]
    assert run(pa) == run(torch)


def _raises_same(torch, make):
    """make(T) raises for both libraries: same type and text."""
    errors = []
    for T in (pa, torch):
        with pytest.raises(Exception) as info:
            make(T)
        errors.append((type(info.value), str(info.value)))
    assert errors[0] == errors[1], errors
    return errors[0]


def test_errors_are_torchs():
    torch = pytest.importorskip("torch")

    class It(torch.utils.data.IterableDataset):
        pass

    cases = [
        lambda T: T.utils.data.TensorDataset(T.zeros(3), T.zeros(4)),
        lambda T: T.utils.data.DataLoader(range(5), batch_size=0),
        lambda T: T.utils.data.DataLoader(range(5), batch_size=-1),
        lambda T: T.utils.data.DataLoader(range(5), batch_size=2.0),
        lambda T: T.utils.data.DataLoader(range(5), drop_last=1),
        lambda T: T.utils.data.DataLoader(range(5), shuffle=True, sampler=[0, 1]),
        lambda T: T.utils.data.DataLoader(range(5), batch_size=2, batch_sampler=[[0, 1]]),
        lambda T: T.utils.data.DataLoader(range(5), batch_size=None, drop_last=True),
        lambda T: T.utils.data.DataLoader(range(5), num_workers=-1),
        lambda T: T.utils.data.DataLoader(range(5), timeout=-1),
        lambda T: T.utils.data.DataLoader(range(5), prefetch_factor=2),
        lambda T: T.utils.data.DataLoader(range(5), persistent_workers=True),
        lambda T: T.utils.data.DataLoader(range(5), multiprocessing_context="fork"),
        lambda T: T.utils.data.DataLoader(range(5), num_workers=1, multiprocessing_context="nope"),
        lambda T: T.utils.data.RandomSampler(range(5), replacement=1),
        lambda T: T.utils.data.RandomSampler(range(5), num_samples=0),
        lambda T: T.utils.data.RandomSampler([]),
        lambda T: T.utils.data.WeightedRandomSampler([1.0], 0),
        lambda T: T.utils.data.WeightedRandomSampler([1.0], 2, replacement=None),
        lambda T: T.utils.data.WeightedRandomSampler([[1.0]], 2),
        lambda T: T.utils.data.random_split(range(5), [2, 2]),
        lambda T: T.utils.data.random_split(range(5), [1.2, -0.2]),
        lambda T: T.utils.data.ConcatDataset([]),
        lambda T: T.utils.data.StackDataset(),
        lambda T: T.utils.data.StackDataset([1], [1, 2]),
        lambda T: T.utils.data.StackDataset([1], y=[1]),
        lambda T: T.utils.data.ConcatDataset([[1, 2]])[-3],
        lambda T: T.utils.data.default_collate([object()]),
        lambda T: T.utils.data.default_collate([np.array(["a"])]),
        lambda T: T.utils.data.default_collate([[1, 2], [1]]),
        lambda T: T.utils.data.default_collate([T.zeros(2), T.zeros(3)]),
        lambda T: next(iter(T.utils.data.DataLoader([T.zeros(2), T.zeros(3)], batch_size=2))),
        lambda T: list(T.utils.data.DataLoader(range(3), timeout=1)),
    ]
    for make in cases:
        _raises_same(torch, make)

    def iterable_errors(T):
        class Stream(T.utils.data.IterableDataset):
            def __iter__(self):
                return iter(range(3))
        return [lambda T: T.utils.data.DataLoader(Stream(), shuffle=True),
                lambda T: T.utils.data.DataLoader(Stream(), sampler=[0]),
                lambda T: T.utils.data.ConcatDataset([Stream()]),
                lambda T: list(T.utils.data.ChainDataset([[1, 2]]))]
    for i in range(4):
        _raises_same(torch, lambda T: iterable_errors(T)[i](T))
    loader = pdata.DataLoader(range(4))
    with pytest.raises(ValueError, match="batch_size attribute should not be set after DataLoader is initialized"):
        loader.batch_size = 3


def test_batch_size_none_and_custom_collate_and_batch_sampler():
    torch = pytest.importorskip("torch")

    def run(T):
        D = T.utils.data
        T.manual_seed(0)
        ds = [(np.array([i, i + 1]), float(i)) for i in range(5)]
        return ([_plain(b) for b in D.DataLoader(ds, batch_size=None)],
                [_plain(b) for b in D.DataLoader(ds, batch_size=None, shuffle=True)],
                [_plain(b) for b in D.DataLoader(ds, batch_size=2, collate_fn=lambda b: len(b))],
                [_plain(b) for b in D.DataLoader(ds, batch_sampler=[[4, 0], [1, 2, 3]])],
                [_plain(b) for b in D.DataLoader(ds, sampler=[3, 3, 1], batch_size=2)],
                len(D.DataLoader(ds, batch_size=2)), len(D.DataLoader(ds, batch_size=2, drop_last=True)),
                len(D.DataLoader(ds, batch_size=None)))
    assert run(pa) == run(torch)


def test_iterable_dataset_len_and_warning():
    torch = pytest.importorskip("torch")

    def run(T):
        class Liar(T.utils.data.IterableDataset):
            def __iter__(self):
                return iter(range(5))

            def __len__(self):
                return 2

            def __repr__(self):
                return "Liar"
        loader = T.utils.data.DataLoader(Liar(), batch_size=None)
        n = len(loader)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            out = list(loader)
        return (n, out, [str(x.message) for x in w], len(T.utils.data.DataLoader(Liar(), batch_size=3)),
                len(T.utils.data.DataLoader(Liar(), batch_size=3, drop_last=True)))
    assert run(pa) == run(torch)


def test_pin_memory_is_accepted_on_cpu():
    torch = pytest.importorskip("torch")

    def run(T):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            out = [_plain(b) for b in T.utils.data.DataLoader(T.utils.data.TensorDataset(T.arange(3)),
                                                              batch_size=2, pin_memory=True)]
        return out, [str(x.message) for x in w]
    assert run(pa) == run(torch)


# ---- worker processes: small, with timeouts -------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 11])
@pytest.mark.parametrize("shuffle", [False, True])
def test_two_workers_give_torchs_batches(seed, shuffle):
    torch = pytest.importorskip("torch")
    kw = dict(batch_size=3, shuffle=shuffle, num_workers=2, timeout=60, n=11, drop_last=seed == 11)
    assert _epochs(pa, seed, **kw) == _epochs(torch, seed, **kw)


def _worker_report(worker_id):
    info = pdata.get_worker_info() or __import__("torch").utils.data.get_worker_info()
    assert info.id == worker_id


class _Seeds:
    """A dataset whose samples are what the worker's random state gives (same for torch and pyautograd)."""

    def __init__(self, T):
        self.T = T

    def __len__(self):
        return 6

    def __getitem__(self, i):
        info = self.T.utils.data.get_worker_info()
        return {"i": i, "worker": info.id, "n": info.num_workers, "seed": info.seed,
                "rand": self.T.randint(0, 10 ** 6, (2,)), "py": random.randrange(10 ** 6),
                "same": info.dataset is self}


def test_workers_seeds_worker_info_and_init_fn():
    torch = pytest.importorskip("torch")

    def run(T):
        T.manual_seed(5)
        loader = T.utils.data.DataLoader(_Seeds(T), batch_size=2, num_workers=2, timeout=60,
                                         worker_init_fn=_worker_report)
        return [_plain(b) for b in loader] + [_plain(b) for b in loader]
    assert pdata.get_worker_info() is None
    assert run(pa) == run(torch)


def test_persistent_workers_and_prefetch_factor():
    torch = pytest.importorskip("torch")

    def run(T):
        T.manual_seed(2)
        loader = T.utils.data.DataLoader(_Seeds(T), batch_size=2, shuffle=True, num_workers=2, timeout=60,
                                         persistent_workers=True, prefetch_factor=1)
        return [_plain(b) for _ in range(3) for b in loader]
    assert run(pa) == run(torch)


def _sharded(T, start, end):
    """An IterableDataset sharded across workers by get_worker_info() (torch's documented pattern).
    (Workers are forked: the dataset is not pickled, so a local class is fine.)"""
    class Sharded(T.utils.data.IterableDataset):
        def __iter__(self):
            info = T.utils.data.get_worker_info()
            if info is None:
                lo, hi = start, end
            else:
                per = int(math.ceil((end - start) / info.num_workers))
                lo = start + info.id * per
                hi = min(lo + per, end)
            return iter([T.tensor([float(i)]) for i in range(lo, hi)])
    return Sharded()


@pytest.mark.parametrize("batch_size", [None, 2, 3])
@pytest.mark.parametrize("persistent", [False, True])
def test_iterable_dataset_sharded_over_workers(batch_size, persistent):
    torch = pytest.importorskip("torch")

    def run(T):
        loader = T.utils.data.DataLoader(_sharded(T, 3, 10), batch_size=batch_size, num_workers=2, timeout=60,
                                         persistent_workers=persistent)
        return [_plain(b) for _ in range(2) for b in loader]
    assert run(pa) == run(torch)


class _Boom:
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 2:
            raise KeyError("no sample 2")
        return i


def test_worker_exception_is_reraised_in_the_parent():
    loader = pdata.DataLoader(_Boom(), batch_size=1, num_workers=2, timeout=60)
    with pytest.raises(KeyError, match="Caught KeyError in DataLoader worker process 0"):
        list(loader)


class _Slow:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        import time
        time.sleep(5)   # far beyond the 0.2 s timeout even when the worker starts late on a loaded machine
        return i


def test_worker_timeout():
    loader = pdata.DataLoader(_Slow(), num_workers=1, timeout=0.2)
    with pytest.raises(RuntimeError, match=r"DataLoader timed out after 0.2 seconds"):
        next(iter(loader))


def test_unordered_workers_give_all_batches():
    loader = pdata.DataLoader(pdata.TensorDataset(pa.arange(10)), batch_size=2, num_workers=2, timeout=60,
                              in_order=False)
    got = sorted(v for (b,) in loader for v in b.tolist())
    assert got == list(range(10))


def test_rows_and_batches_of_tensors_that_require_grad_keep_the_graph():
    torch = pytest.importorskip("torch")

    def run(T):
        w = T.arange(6.0).reshape(3, 2).requires_grad_()
        ds = T.utils.data.TensorDataset(w, T.arange(3))
        row = ds[1]
        (batch, labels), = list(T.utils.data.DataLoader(ds, batch_size=3))
        (batch * batch).sum().backward()
        return (type(row[0].grad_fn).__name__, type(batch.grad_fn).__name__, batch.requires_grad,
                labels.requires_grad, w.grad.tolist(), ds[-1][1].item())
    assert run(pa) == run(torch)


def test_rows_share_the_dataset_memory_like_torchs_views():
    torch = pytest.importorskip("torch")

    def run(T):
        x = T.zeros(3, 2)
        ds = T.utils.data.TensorDataset(x)
        ds[1][0].add_(5)
        return x.tolist(), _plain(ds[0]), _plain(ds[-3])
    assert run(pa) == run(torch)
    for T in (pa, torch):
        with pytest.raises(IndexError) as info:
            T.utils.data.TensorDataset(T.zeros(3, 2))[3]
        if T is pa:
            ours = str(info.value)
    assert ours == str(info.value)


class _Holder:
    """Not a container the worker knows: the tensor inside cannot be pickled (pyautograd tensors refuse)."""

    def __init__(self, t):
        self.t = t


class _HoldersDataset:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        return _Holder(pa.tensor([i]))


def test_a_batch_that_cannot_cross_processes_is_an_error_not_a_hang():
    loader = pdata.DataLoader(_HoldersDataset(), batch_size=2, num_workers=1, timeout=60, collate_fn=list)
    with pytest.raises(TypeError, match="Caught TypeError in DataLoader worker process 0"):
        list(loader)


def test_generic_subscripts_and_sampler_base():
    torch = pytest.importorskip("torch")
    for T in (pa, torch):
        D = T.utils.data

        class Rows(D.Dataset[int]):
            def __getitem__(self, i):
                return i

            def __len__(self):
                return 3
        assert list(D.DataLoader(Rows(), batch_size=None)) == [0, 1, 2]
        assert D.Sampler[int] is not None and D.IterableDataset[int] is not None
        with pytest.raises(NotImplementedError):
            iter(D.Sampler())
    _raises_same(torch, lambda T: T.utils.data.Dataset()[0])


def test_a_worker_error_of_a_local_exception_class_arrives():
    class Local(Exception):
        pass

    class Bad:
        def __len__(self):
            return 1

        def __getitem__(self, i):
            raise Local("local failure")
    with pytest.raises(RuntimeError, match="Caught Local in DataLoader worker process 0"):
        list(pdata.DataLoader(Bad(), num_workers=1, timeout=60))
