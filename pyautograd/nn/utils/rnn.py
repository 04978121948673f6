"""torch.nn.utils.rnn: PackedSequence and the packing / padding functions.

A PackedSequence holds a batch of variable-length sequences time-major: ``data``, of shape
``(sum of lengths, *)``, is step 0 of every sequence, then step 1 of those at least 2 long, ...;
``batch_sizes[t]`` (int64, on the CPU) is how many sequences have a step t. Sequences are sorted by
decreasing length; ``sorted_indices`` maps sorted position -> original batch index (None when the input
was already sorted), ``unsorted_indices`` is its inverse.

Every data movement (pack, pad, pad_sequence) is one index_select over a flattened tensor (the padding
value appended as one extra row), so it is differentiable, to every order, with the gradient of
index_select (an index_add back to the rows used)."""
from collections import namedtuple

import numpy as np

from ... import _ops
from ... import _dtype
from ..._creation import full
from ..._core import TensorBase, _make_tensor
from ..._tensor import tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence",
           "unpad_sequence", "pack_sequence", "unpack_sequence"]

_PackedSequence = namedtuple("PackedSequence_", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])


def _bind(optional, fn):
    return None if optional is None else fn(optional)


class PackedSequence(_PackedSequence):
    """(data, batch_sizes, sorted_indices, unsorted_indices); made by pack_padded_sequence /
    pack_sequence. PackedSequence((data, batch_sizes)) is accepted, as torch's.

    Example::

        >>> from pyautograd.nn.utils.rnn import pack_sequence
        >>> p = pack_sequence([pa.tensor([1.0, 2.0, 3.0]), pa.tensor([4.0, 5.0])])
        >>> p.data, p.batch_sizes
        (tensor([1., 4., 2., 5., 3.]), tensor([2, 2, 1]))
    """
    __slots__ = ()

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """data.to(...); the indices stay (there is only the CPU); self when data is unchanged."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        return type(self)(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def cuda(self, *args, **kwargs):
        kwargs["device"] = "cuda"
        return self.to(*args, **kwargs)

    def cpu(self, *args, **kwargs):
        kwargs["device"] = "cpu"
        return self.to(*args, **kwargs)

    def pin_memory(self):
        return type(self)(self.data.pin_memory(), self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def double(self):
        return self.to(dtype=_dtype.float64)

    def float(self):
        return self.to(dtype=_dtype.float32)

    def half(self):
        return self.to(dtype=_dtype.float16)

    def long(self):
        return self.to(dtype=_dtype.int64)

    def int(self):
        return self.to(dtype=_dtype.int32)

    def short(self):
        return self.to(dtype=_dtype.int16)

    def char(self):
        return self.to(dtype=_dtype.int8)

    def byte(self):
        return self.to(dtype=_dtype.uint8)

    @property
    def is_cuda(self):
        return False

    def is_pinned(self):
        return self.data.is_pinned()


def invert_permutation(permutation):
    """The inverse permutation (output[permutation[i]] = i); None for None.

    Example::

        >>> from pyautograd.nn.utils.rnn import invert_permutation
        >>> invert_permutation(pa.tensor([2, 0, 1]))
        tensor([1, 2, 0])
    """
    if permutation is None:
        return None
    p = np.asarray(permutation._data).astype(np.int64, copy=False)
    out = np.empty_like(p)
    out[p] = np.arange(p.size, dtype=np.int64)
    return _make_tensor(out.astype(permutation._data.dtype, copy=False))


def _index(idx):
    return _make_tensor(np.ascontiguousarray(idx, dtype=np.int64))


def _pack_index(lengths, batch_first, total):
    """Flat row positions (into input reshaped to (T*B, *) or (B*T, *)) of the packed data, and
    batch_sizes, for lengths sorted decreasing."""
    n = lengths.size
    steps = int(lengths[0])
    t = np.arange(steps)
    batch_sizes = (lengths[None, :] > t[:, None]).sum(1).astype(np.int64)
    tt, bb = np.nonzero(lengths[None, :] > t[:, None])       # row-major: time, then batch
    rows = bb * total + tt if batch_first else tt * n + bb
    return rows, batch_sizes


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch ``(T, B, *)`` (or ``(B, T, *)`` with batch_first) of sequences of the given
    lengths; enforce_sorted=False sorts them by decreasing length first (recorded in
    sorted_indices).

    Example::

        >>> from pyautograd.nn.utils.rnn import pack_padded_sequence
        >>> padded = pa.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 0.0]])
        >>> pack_padded_sequence(padded, [3, 2], batch_first=True).data
        tensor([1., 4., 2., 5., 3.])
    """
    if isinstance(lengths, TensorBase):
        if lengths.dim() != 1:
            raise RuntimeError("'lengths' argument should be a 1D CPU int64 tensor, but got %dD cpu %s tensor"
                               % (lengths.dim(), lengths.type().split(".")[-1].replace("Tensor", "")))
        lengths = lengths.to(_dtype.int64)
    else:
        lengths = tensor(list(lengths), dtype=_dtype.int64)
    sorted_indices = None
    if not enforce_sorted:
        lengths, sorted_indices = _ops.sort(lengths, descending=True)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    lens = np.asarray(lengths._data, dtype=np.int64)
    batch = input.shape[0] if batch_first else input.shape[1]
    total = input.shape[1] if batch_first else input.shape[0]
    if lens.size != batch:
        raise RuntimeError("Expected `len(lengths)` to be equal to batch_size, but got %d (batch_size=%d)"
                           % (lens.size, batch))
    if lens[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if np.any(lens[1:] > lens[:-1]):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You "
                           "can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to "
                           "sidestep this requirement if you do not need ONNX exportability.")
    if lens[0] > total:
        # torch reads past the end of the input here; a length longer than the padded input is an error
        raise RuntimeError("a length (%d) exceeds the padded sequence length %d" % (lens[0], total))
    rows, batch_sizes = _pack_index(lens, batch_first, total)
    flat = input.reshape((-1,) + tuple(input.shape[2:]))
    data = flat.index_select(0, _index(rows))
    return PackedSequence(data, _make_tensor(batch_sizes), sorted_indices, None)


def _lengths_of(batch_sizes):
    """Each (sorted) sequence's length from batch_sizes."""
    bs = np.asarray(batch_sizes._data, dtype=np.int64)
    return (bs[None, :] > np.arange(int(bs[0]))[:, None]).sum(1).astype(np.int64)


def _with_padding_row(data, padding_value):
    pad = full((1,) + tuple(data.shape[1:]), padding_value, dtype=data.dtype)
    return _ops.cat([data, pad])


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The padded batch ``(T, B, *)`` (or ``(B, T, *)``) and the lengths (int64) of a PackedSequence, in
    the original batch order.

    Example::

        >>> from pyautograd.nn.utils.rnn import pack_sequence, pad_packed_sequence
        >>> p = pack_sequence([pa.tensor([1.0, 2.0, 3.0]), pa.tensor([4.0, 5.0])])
        >>> pad_packed_sequence(p, batch_first=True)
        (tensor([[1., 2., 3.],
                [4., 5., 0.]]), tensor([3, 2]))
    """
    data, batch_sizes, _, unsorted_indices = sequence
    bs = np.asarray(batch_sizes._data, dtype=np.int64)
    steps = bs.size
    if total_length is not None:
        if total_length < steps:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             "but got total_length=%s and max sequence length being %d" % (total_length, steps))
        steps = total_length
    n_rows = data.shape[0]
    batch = int(bs[0])
    lengths = _lengths_of(batch_sizes)
    offsets = np.concatenate([[0], np.cumsum(bs)[:-1]])
    b = np.arange(batch)[None, :]
    valid = np.zeros((steps, batch), dtype=bool)
    valid[:bs.size] = b < bs[:, None]
    rows = np.full((steps, batch), n_rows, dtype=np.int64)       # the padding row
    rows[:bs.size] = np.where(valid[:bs.size], offsets[:, None] + b, n_rows)
    if unsorted_indices is not None:
        perm = np.asarray(unsorted_indices._data, dtype=np.int64)
        rows = rows[:, perm]
        lengths = lengths[perm]
    if batch_first:
        rows = rows.T
    out = _with_padding_row(data, padding_value).index_select(0, _index(rows.reshape(-1)))
    out = out.reshape(rows.shape + tuple(data.shape[1:]))
    return out, _make_tensor(lengths)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences ``(L_i, *)`` into ``(T, B, *)`` (or ``(B, T, *)``), padded with padding_value on the
    right (or the left) to the longest.

    Example::

        >>> from pyautograd.nn.utils.rnn import pad_sequence
        >>> pad_sequence([pa.tensor([1.0, 2.0, 3.0]), pa.tensor([4.0])], batch_first=True)
        tensor([[1., 2., 3.],
                [4., 0., 0.]])
    """
    if isinstance(sequences, TensorBase):
        sequences = list(sequences.unbind(0))
    else:
        try:
            sequences = list(sequences)
        except TypeError:
            raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg of type: %s"
                               % type(sequences)) from None
    if padding_side not in ("left", "right"):
        raise RuntimeError("Expected padding_side to be one of left or right, but got %s." % padding_side)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    first = sequences[0]
    trailing = tuple(first.shape[1:])
    dt = first.dtype
    parts = []
    for s in sequences:
        shape = tuple(s.shape)
        # torch copies each sequence into its slot (a broadcasting copy): the same size check
        dest = (shape[0],) + trailing
        if len(shape) > len(dest):
            raise RuntimeError("expand(torch.%s{%s}, size=[%s]): the number of sizes provided (%d) must be greater "
                               "or equal to the number of dimensions in the tensor (%d)"
                               % (s.type().split(".")[-1], ", ".join(map(str, shape)),
                                  ", ".join(map(str, dest)), len(dest), len(shape)))
        for k in range(1, len(shape) + 1):
            a, b = dest[-k], shape[-k]
            if b != a and b != 1:
                raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at "
                                   "non-singleton dimension %d" % (a, b, len(dest) - k))
        if shape != dest:
            s = s.expand(dest)
        if s.dtype != dt:
            s = s.to(dt)
        parts.append(s)
    lengths = np.array([p.shape[0] for p in parts], dtype=np.int64)
    longest = int(lengths.max())
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    total = int(lengths.sum())
    pos = np.arange(longest)[None, :]                          # (B, T)
    if padding_side == "right":
        src = pos
    else:
        src = pos - (longest - lengths)[:, None]
    valid = (src >= 0) & (src < lengths[:, None])
    rows = np.where(valid, starts[:, None] + src, total)
    if not batch_first:
        rows = rows.T
    data = _ops.cat(parts) if len(parts) > 1 else parts[0]
    out = _with_padding_row(data, padding_value).index_select(0, _index(rows.reshape(-1)))
    return out.reshape(rows.shape + trailing)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The list of sequences ``(L_i, *)`` of a padded batch. (torch transposes a time-major input in
    place as a side effect; here the input is left as it is.)

    Example::

        >>> from pyautograd.nn.utils.rnn import unpad_sequence
        >>> padded = pa.tensor([[1.0, 2.0, 3.0], [4.0, 0.0, 0.0]])
        >>> unpad_sequence(padded, pa.tensor([3, 1]), batch_first=True)
        [tensor([1., 2., 3.]), tensor([4.])]
    """
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    lens = np.asarray(lengths._data if isinstance(lengths, TensorBase) else lengths, dtype=np.int64).reshape(-1)
    if lens.size != padded_sequences.shape[0]:
        raise ValueError("zip() argument 2 is %s than argument 1"
                         % ("shorter" if lens.size < padded_sequences.shape[0] else "longer"))
    return [padded_sequences[i, :int(n)] for i, n in enumerate(lens)]


def pack_sequence(sequences, enforce_sorted=True):
    """pack_padded_sequence(pad_sequence(sequences), their lengths).

    Example::

        >>> from pyautograd.nn.utils.rnn import pack_sequence
        >>> pack_sequence([pa.tensor([1.0]), pa.tensor([2.0, 3.0])], enforce_sorted=False).batch_sizes
        tensor([2, 1])
    """
    lengths = tensor([v.size(0) for v in sequences], dtype=_dtype.int64)
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """The list of sequences a PackedSequence holds, in the original order.

    Example::

        >>> from pyautograd.nn.utils.rnn import pack_sequence, unpack_sequence
        >>> unpack_sequence(pack_sequence([pa.tensor([1.0, 2.0]), pa.tensor([3.0])]))
        [tensor([1., 2.]), tensor([3.])]
    """
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
