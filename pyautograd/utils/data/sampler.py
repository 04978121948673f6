"""torch.utils.data's samplers: which dataset indices a DataLoader visits, in which order, in which batches.
The random ones draw exactly PyTorch's numbers for a seed (randperm / randint / ``random_`` are torch-exact)."""
import itertools
from typing import Generic, TypeVar

from ..._random import Generator
from ..._creation import as_tensor, empty, multinomial, randint, randperm
from ..._dtype import float64, int64

_T_co = TypeVar("_T_co", covariant=True)

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
           "BatchSampler"]


class Sampler(Generic[_T_co]):
    """Base class of samplers: iterables over the dataset indices (or batches of them) a DataLoader fetches.

    A subclass defines ``__iter__`` and, when it can, ``__len__``.

    Example::

        >>> class Reversed(pa.utils.data.Sampler):
        ...     def __init__(self, data_source):
        ...         self.data_source = data_source
        ...     def __iter__(self):
        ...         return iter(range(len(self.data_source) - 1, -1, -1))
        ...     def __len__(self):
        ...         return len(self.data_source)
        >>> list(pa.utils.data.DataLoader(range(10, 15), batch_size=2, sampler=Reversed(range(5))))
        [tensor([14, 13]), tensor([12, 11]), tensor([10])]
    """

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler[int]):
    """The indices ``0, 1, ..., len(data_source) - 1`` in order (the DataLoader's default without shuffle).

    Example::

        >>> list(pa.utils.data.SequentialSampler("abc"))
        [0, 1, 2]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


def _fresh_generator():
    # Without a generator, each epoch seeds its own from the default generator: one int64 draw, as torch does.
    seed = int(empty((), dtype=int64).random_().item())
    generator = Generator()
    generator.manual_seed(seed)
    return generator


class RandomSampler(Sampler[int]):
    """Random indices into ``data_source``: a random permutation, or with ``replacement`` uniform draws.

    Without replacement, ``num_samples`` (default ``len(data_source)``) indices are taken from
    successive permutations; with replacement they are drawn uniformly (in blocks of 32, PyTorch's draw
    sizes). The numbers are PyTorch's for the same seed. Without ``generator`` each iteration seeds a
    fresh one from the default generator.

    Args:
        data_source: the dataset (only its length is used).
        replacement: draw with replacement (default False).
        num_samples: how many indices (default: the dataset's length).
        generator: the ``Generator`` to draw from.

    Example::

        >>> list(pa.utils.data.RandomSampler(range(5), generator=pa.Generator().manual_seed(0)))
        [4, 0, 1, 3, 2]
        >>> list(pa.utils.data.RandomSampler(range(5), replacement=True, num_samples=4,
        ...                                  generator=pa.Generator().manual_seed(0)))
        [4, 4, 3, 0]
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={self.replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={self.num_samples}")

    @property
    def num_samples(self):
        # the dataset's size may change between epochs
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        generator = _fresh_generator() if self.generator is None else self.generator
        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from randint(high=n, size=(32,), dtype=int64, generator=generator).tolist()
            yield from randint(high=n, size=(self.num_samples % 32,), dtype=int64, generator=generator).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from randperm(n, generator=generator).tolist()
            yield from randperm(n, generator=generator).tolist()[:self.num_samples % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler[int]):
    """The given ``indices`` in a random order (a ``randperm`` of their positions, from ``generator``).

    Example::

        >>> list(pa.utils.data.SubsetRandomSampler([10, 20, 30], generator=pa.Generator().manual_seed(0)))
        [30, 10, 20]
    """

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
    """Indices ``0 .. len(weights) - 1`` drawn with probabilities proportional to ``weights``.

    ``WeightedRandomSampler(weights, num_samples, replacement=True, generator=None)``: ``num_samples``
    draws by ``multinomial`` on the float64 weights (the weights need not sum to 1), PyTorch's
    indices for the same seed or generator.

    Example::

        >>> sampler = pa.utils.data.WeightedRandomSampler([0.5, 0.0, 0.5], 6,
        ...                                               generator=pa.Generator().manual_seed(0))
        >>> list(sampler)                      # index 1 has weight 0: never drawn
        [2, 2, 0, 2, 2, 2]
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        weights_tensor = as_tensor(weights, dtype=float64)
        if len(weights_tensor.shape) != 1:
            raise ValueError("weights should be a 1d sequence but given "
                             f"weights have shape {tuple(weights_tensor.shape)}")
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        drawn = multinomial(self.weights, self.num_samples, self.replacement, generator=self.generator)
        yield from iter(drawn.tolist())

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler[list]):
    """Groups the indices of another sampler into lists of ``batch_size`` (the last one shorter unless ``drop_last``).

    ``BatchSampler(sampler, batch_size, drop_last)``; ``sampler`` is any iterable of indices. A
    ``DataLoader`` takes one as ``batch_sampler``.

    Example::

        >>> seq = pa.utils.data.SequentialSampler(range(5))
        >>> list(pa.utils.data.BatchSampler(seq, batch_size=2, drop_last=False))
        [[0, 1], [2, 3], [4]]
        >>> list(pa.utils.data.BatchSampler(seq, batch_size=2, drop_last=True))
        [[0, 1], [2, 3]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        indices = iter(self.sampler)
        if self.drop_last:
            for batch in zip(*[indices] * self.batch_size):
                yield [*batch]
        else:
            batch = [*itertools.islice(indices, self.batch_size)]
            while batch:
                yield batch
                batch = [*itertools.islice(indices, self.batch_size)]

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
