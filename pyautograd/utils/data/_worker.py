"""What runs in a DataLoader worker process, and how its batches cross back to the parent.

pyautograd tensors refuse pickle (Tensor.__reduce_ex__), so a batch is sent with every tensor replaced by
its NumPy array plus dtype name (_TensorPayload), pickled in the worker (_WireBatch), and the parent
rebuilds the tensors (_from_wire)."""
import collections.abc
import os
import pickle
import queue
import random
import sys
import traceback
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler

from ..._random import manual_seed
from ..._tensor import Tensor
from ..._creation import from_numpy
from ..._dtype import _dtype_by_name

__all__ = ["WorkerInfo", "get_worker_info"]

# How often (seconds) a blocked worker or parent wakes to check that the other side is still alive.
MP_STATUS_CHECK_INTERVAL = 5.0


@dataclass
class WorkerInfo:
    """The worker's id, the number of workers, its seed (base_seed + id) and its copy of the dataset."""
    id: int
    num_workers: int
    seed: int
    dataset: object

    def __setattr__(self, key, val):
        if getattr(self, "_frozen", False):
            raise RuntimeError(f"Cannot assign attributes to {self.__class__.__name__} objects")
        super().__setattr__(key, val)

    def __post_init__(self):
        self._frozen = True


_worker_info = None


def get_worker_info():
    """In a DataLoader worker: its WorkerInfo; in the main process: None."""
    return _worker_info


class _IterableDatasetStopIteration:
    """A worker's iterable dataset is exhausted: the parent sends it no more work this epoch."""

    def __init__(self, worker_id):
        self.worker_id = worker_id


class _ResumeIteration:
    """A new epoch for persistent workers: recreate the fetcher (a fresh iter(dataset))."""


class ExceptionWrapper:
    """An exception raised in a worker, re-raised in the parent with the worker's traceback in its message."""

    def __init__(self, exc_info=None, where="in background"):
        exc_info = sys.exc_info() if exc_info is None else exc_info
        self.exc_type = exc_info[0]
        self.exc_name = self.exc_type.__name__
        try:
            pickle.dumps(self.exc_type)
        except Exception:
            # a class the parent cannot unpickle (e.g. defined in a function): the wrapper must still arrive
            self.exc_type = RuntimeError
        self.exc_msg = "".join(traceback.format_exception(*exc_info))
        self.where = where

    def reraise(self):
        msg = f"Caught {self.exc_name} {self.where}.\nOriginal {self.exc_msg}"
        if self.exc_type is KeyError:
            msg = _KeyErrorMessage(msg)     # str(KeyError(s)) is repr(s): keep the traceback readable
        try:
            exception = self.exc_type(msg)
        except Exception:
            raise RuntimeError(msg) from None
        raise exception


class _KeyErrorMessage(str):
    def __repr__(self):
        return self


class _WireBatch:
    """A batch pickled in the worker itself: a batch that cannot be pickled becomes an error the parent
    raises, instead of being dropped by the queue's feeder thread (the parent would wait for it forever)."""
    __slots__ = ("payload",)

    def __init__(self, payload):
        self.payload = payload

    def __reduce__(self):
        return (_WireBatch, (self.payload,))

    def load(self):
        return _from_wire(pickle.loads(self.payload))


class _TensorPayload:
    """A tensor on the wire: its array and dtype name (the array pickles; the tensor does not)."""
    __slots__ = ("array", "dtype")

    def __init__(self, array, dtype):
        self.array = array
        self.dtype = dtype

    def __reduce__(self):
        return (_TensorPayload, (self.array, self.dtype))


def _to_wire(data):
    """`data` with every tensor (inside tuples, lists, dicts, namedtuples) replaced by a _TensorPayload."""
    if isinstance(data, Tensor):
        return _TensorPayload(data.detach().numpy(), data.dtype.name)
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(_to_wire(d) for d in data))
    if type(data) in (tuple, list):
        return type(data)(_to_wire(d) for d in data)
    if type(data) is dict:
        return {k: _to_wire(v) for k, v in data.items()}
    if isinstance(data, collections.abc.MutableMapping):
        clone = data.copy() if hasattr(data, "copy") else dict(data)
        for k in data:
            clone[k] = _to_wire(data[k])
        return clone
    return data


def _from_wire(data):
    """The inverse of _to_wire, in the parent: payloads become tensors again."""
    if isinstance(data, _TensorPayload):
        t = from_numpy(data.array)
        dtype = _dtype_by_name(data.dtype)
        return t if t.dtype == dtype else t.to(dtype)
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(_from_wire(d) for d in data))
    if type(data) in (tuple, list):
        return type(data)(_from_wire(d) for d in data)
    if type(data) is dict:
        return {k: _from_wire(v) for k, v in data.items()}
    if isinstance(data, collections.abc.MutableMapping):
        for k in data:
            data[k] = _from_wire(data[k])
        return data
    return data


def _worker_loop(make_fetcher, dataset, index_queue, data_queue, done_event, base_seed, init_fn,
                 worker_id, num_workers, parent_pid):
    """Fetch the batches the parent asks for, (task index, batch) onto data_queue, until told to stop (None)."""
    global _worker_info
    try:
        seed = base_seed + worker_id
        random.seed(seed)
        manual_seed(seed)
        _worker_info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset)
        init_exception = None
        fetcher = None
        try:
            if init_fn is not None:
                init_fn(worker_id)
            fetcher = make_fetcher(dataset)
        except Exception:
            init_exception = ExceptionWrapper(where=f"in DataLoader worker process {worker_id}")
        iteration_end = False
        while True:
            try:
                r = index_queue.get(timeout=MP_STATUS_CHECK_INTERVAL)
            except queue.Empty:
                if os.getppid() != parent_pid:      # the parent died: nobody will send None
                    break
                continue
            if isinstance(r, _ResumeIteration):
                data_queue.put((r, None))
                iteration_end = False
                fetcher = make_fetcher(dataset)
                continue
            if r is None:
                break
            if done_event.is_set() or iteration_end:
                continue
            idx, index = r
            if init_exception is not None:
                data, init_exception = init_exception, None
            else:
                try:
                    data = _WireBatch(bytes(ForkingPickler.dumps(_to_wire(fetcher.fetch(index)))))
                except StopIteration:
                    if not fetcher.is_iterable:
                        data = ExceptionWrapper(where=f"in DataLoader worker process {worker_id}")
                    else:
                        data = _IterableDatasetStopIteration(worker_id)
                        iteration_end = True
                except Exception:
                    data = ExceptionWrapper(where=f"in DataLoader worker process {worker_id}")
            data_queue.put((idx, data))
            del data, idx, index, r
    except KeyboardInterrupt:
        pass
    if done_event.is_set():
        data_queue.cancel_join_thread()
        data_queue.close()
