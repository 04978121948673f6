"""torch.utils.data's datasets: map-style and iterable-style, their compositions and random_split."""
import bisect
import itertools
import math
import warnings
from typing import Generic, Iterable, TypeVar


from ..._random import default_generator
from ..._core import _make_tensor
from ..._creation import randperm
from ..._tensor import Tensor

_T_co = TypeVar("_T_co", covariant=True)

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "StackDataset", "ConcatDataset", "ChainDataset",
           "Subset", "random_split"]


class Dataset(Generic[_T_co]):
    """A map-style dataset: the base class of datasets indexed by keys (usually ``0 .. len - 1``).

    A subclass defines ``__getitem__(index)`` returning one sample, and usually ``__len__`` (which
    the default samplers need); it may define ``__getitems__(indices)`` to fetch a batch at once.
    ``a + b`` concatenates two datasets (a ``ConcatDataset``).

    Example::

        >>> class Squares(pa.utils.data.Dataset):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __len__(self):
        ...         return self.n
        ...     def __getitem__(self, i):
        ...         return i * i
        >>> Squares(4)[3]
        9
        >>> list(pa.utils.data.DataLoader(Squares(4), batch_size=2))
        [tensor([0, 1]), tensor([4, 9])]
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset[_T_co], Iterable[_T_co]):
    """An iterable-style dataset: the base class of datasets that yield their samples from ``__iter__``.

    For streams, where random access is impossible or costly. A ``DataLoader`` takes the samples in
    the order ``__iter__`` yields them (no sampler or shuffle); with ``num_workers > 0`` each worker
    iterates its own copy, so ``__iter__`` should use ``get_worker_info()`` to yield only its share.
    ``a + b`` chains two of them (a ``ChainDataset``).

    Example::

        >>> class Count(pa.utils.data.IterableDataset):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(self.n))
        >>> list(pa.utils.data.DataLoader(Count(5), batch_size=2))
        [tensor([0, 1]), tensor([2, 3]), tensor([4])]
    """

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other):
        return ChainDataset([self, other])


class TensorDataset(Dataset):
    """A dataset of tensors: sample ``i`` is the tuple of each tensor's row ``i`` (first dimension).

    ``TensorDataset(*tensors)``: all tensors must have the same size along dimension 0.

    Example::

        >>> ds = pa.utils.data.TensorDataset(pa.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
        ...                                  pa.tensor([0, 1, 0]))
        >>> len(ds)
        3
        >>> ds[1]
        (tensor([3., 4.]), tensor(1))
    """

    def __init__(self, *tensors):
        if any(tensors[0].size(0) != tensor.size(0) for tensor in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        # The DataLoader's hot path (one call per sample): an int row of tensors that need no autograd is
        # the NumPy row view made a tensor directly (torch's tensor[i] is a view of the same memory too);
        # anything else, or an index out of range (for torch's error), goes through tensor indexing.
        if type(index) is int:
            try:
                rows = []
                for tensor in self.tensors:
                    if tensor.requires_grad or type(tensor) is not Tensor:
                        break
                    rows.append(_make_tensor(tensor._data[index, ...]))
                else:
                    return tuple(rows)
            except IndexError:
                pass
        return tuple(tensor[index] for tensor in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class StackDataset(Dataset):
    """Datasets side by side: sample ``i`` is the tuple (positional) or dict (keywords) of each dataset's sample ``i``.

    ``StackDataset(*datasets)`` or ``StackDataset(**datasets)`` (not both); all must have the same length.

    Example::

        >>> pa.utils.data.StackDataset(range(3), "abc")[1]
        (1, 'b')
        >>> pa.utils.data.StackDataset(x=range(3), y="abc")[2]
        {'x': 2, 'y': 'c'}
    """

    def __init__(self, *args, **kwargs):
        if args:
            if kwargs:
                raise ValueError("Supported either ``tuple``- (via ``args``) or"
                                 "``dict``- (via ``kwargs``) like input/output, but both types are given.")
            parts = args
        elif kwargs:
            parts = list(kwargs.values())
        else:
            raise ValueError("At least one dataset should be passed")
        self._length = len(parts[0])
        if any(self._length != len(dataset) for dataset in parts):
            raise ValueError("Size mismatch between datasets")
        self.datasets = args if args else kwargs

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: dataset[index] for k, dataset in self.datasets.items()}
        return tuple(dataset[index] for dataset in self.datasets)

    def _column(self, dataset, indices):
        if callable(getattr(dataset, "__getitems__", None)):
            items = dataset.__getitems__(indices)
            if len(items) != len(indices):
                raise ValueError("Nested dataset's output size mismatch."
                                 f" Expected {len(indices)}, got {len(items)}")
            return items
        return [dataset[i] for i in indices]

    def __getitems__(self, indices):
        if isinstance(self.datasets, dict):
            columns = {k: self._column(d, indices) for k, d in self.datasets.items()}
            return [{k: columns[k][j] for k in columns} for j in range(len(indices))]
        columns = [self._column(d, indices) for d in self.datasets]
        return [tuple(column[j] for column in columns) for j in range(len(indices))]

    def __len__(self):
        return self._length


class ConcatDataset(Dataset):
    """Map-style datasets one after another: index ``i`` goes to the dataset holding it.

    ``ConcatDataset(datasets)``; ``cumulative_sizes`` holds the running lengths. Negative indices
    count from the end. Iterable datasets are not accepted (see ``ChainDataset``).

    Example::

        >>> ds = pa.utils.data.ConcatDataset([range(2), range(10, 13)])
        >>> len(ds), ds[3], ds.cumulative_sizes
        (5, 11, [2, 5])
    """

    @staticmethod
    def cumsum(sequence):
        return list(itertools.accumulate(len(e) for e in sequence))

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][idx - start]

    @property
    def cummulative_sizes(self):
        warnings.warn("`cummulative_sizes` attribute is renamed to `cumulative_sizes`", FutureWarning, stacklevel=2)
        return self.cumulative_sizes


class ChainDataset(IterableDataset):
    """Iterable datasets chained one after another, iterated lazily (the dataset form of ``itertools.chain``).

    ``ChainDataset(datasets)``; ``len`` is the sum of the datasets' lengths when they have one.

    Example::

        >>> class Count(pa.utils.data.IterableDataset):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(self.n))
        >>> list(pa.utils.data.ChainDataset([Count(2), Count(3)]))
        [0, 1, 0, 1, 2]
    """

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self):
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(d)
        return total


class Subset(Dataset):
    """The samples of ``dataset`` at the given ``indices``: ``Subset(dataset, indices)[i]`` is ``dataset[indices[i]]``.

    Example::

        >>> sub = pa.utils.data.Subset(range(10, 20), [0, 5])
        >>> len(sub), sub[1]
        (2, 15)
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices
        # A subclass overriding __getitem__ alone would be bypassed by the DataLoader's __getitems__ path.
        if type(self).__getitem__ is not Subset.__getitem__ and type(self).__getitems__ is Subset.__getitems__:
            raise NotImplementedError(
                f"{type(self).__name__} overrides __getitem__ but not __getitems__. "
                "When subclassing Subset and overriding __getitem__, you must also override "
                "__getitems__ to ensure DataLoader works correctly with your custom logic. "
                "A simple implementation:\n\n"
                "def __getitems__(self, indices):\n"
                "    return [self.__getitem__(idx) for idx in indices]")

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices):
        if callable(getattr(self.dataset, "__getitems__", None)):
            return self.dataset.__getitems__([self.indices[i] for i in indices])
        return [self.dataset[self.indices[i]] for i in indices]

    def __len__(self):
        return len(self.indices)


def random_split(dataset, lengths, generator=default_generator):
    """Splits a dataset into non-overlapping random ``Subset`` objects of the given lengths.

    ``random_split(dataset, lengths, generator=default_generator)``. ``lengths`` are sizes summing to
    ``len(dataset)``, or fractions summing to 1: each split then gets ``floor(frac * len(dataset))``
    and the remainder is handed out one by one from the first split on. The indices are a
    ``randperm`` of ``generator``, the same split PyTorch makes for the same seed.

    Example::

        >>> train, val = pa.utils.data.random_split(range(5), [3, 2], generator=pa.Generator().manual_seed(42))
        >>> list(train), list(val)
        ([2, 4, 3], [0, 1])
        >>> [len(s) for s in pa.utils.data.random_split(range(10), [0.7, 0.3])]
        [7, 3]
    """
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        sizes = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            sizes.append(math.floor(len(dataset) * frac))
        for i in range(len(dataset) - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an empty dataset.",
                              stacklevel=2)
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    indices = randperm(sum(lengths), generator=generator).tolist()
    return [Subset(dataset, indices[offset - length:offset])
            for offset, length in zip(itertools.accumulate(lengths), lengths)]
