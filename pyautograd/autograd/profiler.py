"""torch.autograd.profiler: where the time of a program goes, op by op and backward node by node::

    with profiler.profile(record_shapes=True) as prof:
        with profiler.record_function("block"):
            loss = model(x).sum()
        loss.backward()
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=10))
    prof.export_chrome_trace("trace.json")      # chrome://tracing, ui.perfetto.dev

While a profile is active the core reports every op it runs (forward, the compiled paths
included) and every node of a backward pass (src/_core/vmap.pxi); outside one, that costs one
integer test per op. Ops are named as PyTorch names them ("aten::mul", from the op's public
function), backward nodes "autograd::engine::evaluate_function: MulBackward0". Times are CPU wall
times (time.perf_counter_ns); "self" time excludes the events opened inside an event."""
import functools
import json
import os
import threading
import time
import traceback

from .. import _core

__all__ = ["profile", "record_function", "FunctionEvent", "FunctionEventAvg", "EventList"]

_perf_ns = time.perf_counter_ns


class FunctionEvent:
    """One op, backward node or record_function range (times in microseconds).

    name (also key), input_shapes (with record_shapes), stack (with with_stack), thread, count
    (1), cpu_time_total, self_cpu_time_total (without the events opened inside it), time_range.

    Example::

        >>> from pyautograd.autograd import profiler
        >>> x = pa.tensor([1.0, 2.0])
        >>> with profiler.profile(record_shapes=True) as prof:
        ...     y = x * x
        >>> ev = prof.function_events[0]
        >>> ev.name, ev.input_shapes, ev.count
        ('aten::mul', [[2], [2]], 1)
        >>> ev.cpu_time_total >= ev.self_cpu_time_total >= 0
        True
    """

    def __init__(self, name, start_ns, thread, input_shapes, stack, depth):
        self.name = self.key = name
        self._start = start_ns
        self._end = start_ns
        self.thread = thread
        self.input_shapes = input_shapes
        self.stack = stack
        self.depth = depth
        self.children_ns = 0
        self.cpu_memory_usage = 0
        self.self_cpu_memory_usage = 0
        self.count = 1

    @property
    def cpu_time_total(self):
        return (self._end - self._start) / 1000.0

    @property
    def self_cpu_time_total(self):
        return (self._end - self._start - self.children_ns) / 1000.0

    @property
    def cpu_time(self):
        return self.cpu_time_total

    @property
    def time_range(self):
        return (self._start / 1000.0, self._end / 1000.0)

    def __repr__(self):
        return ("<FunctionEvent name=%s cpu_time=%s self_cpu_time=%s input_shapes=%s>"
                % (self.name, _fmt_us(self.cpu_time_total), _fmt_us(self.self_cpu_time_total), self.input_shapes))


class FunctionEventAvg:
    """The events of one name (and input shapes, when grouped by them), summed.

    What key_averages() lists: key, count, cpu_time_total, self_cpu_time_total, cpu_time (the
    average per call), the memory columns, input_shapes when grouped by them.

    Example::

        >>> from pyautograd.autograd import profiler
        >>> x = pa.tensor([1.0, 2.0])
        >>> with profiler.profile() as prof:
        ...     y = x * x * x
        >>> avg = prof.key_averages()[0]
        >>> type(avg).__name__, avg.key, avg.count
        ('FunctionEventAvg', 'aten::mul', 2)
    """

    def __init__(self, key, input_shapes=None):
        self.key = key
        self.input_shapes = input_shapes
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0
        self.cpu_memory_usage = 0
        self.self_cpu_memory_usage = 0
        self.stack = None

    def add(self, ev):
        self.count += 1
        self.cpu_time_total += ev.cpu_time_total
        self.self_cpu_time_total += ev.self_cpu_time_total
        self.cpu_memory_usage += ev.cpu_memory_usage
        self.self_cpu_memory_usage += ev.self_cpu_memory_usage
        if self.stack is None:
            self.stack = ev.stack
        return self

    @property
    def cpu_time(self):
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self):
        return ("<FunctionEventAvg key=%s self_cpu_time=%s cpu_time=%s input_shapes=%s>"
                % (self.key, _fmt_us(self.self_cpu_time_total), _fmt_us(self.cpu_time), self.input_shapes))


_SORT_KEYS = {"cpu_time": "cpu_time", "cpu_time_total": "cpu_time_total", "self_cpu_time_total": "self_cpu_time_total",
              "count": "count", "cpu_memory_usage": "cpu_memory_usage",
              "self_cpu_memory_usage": "self_cpu_memory_usage"}


class EventList(list):
    """A list of events with torch's summaries.

    What profile.function_events gives (FunctionEvent items) and key_averages() returns
    (FunctionEventAvg items): key_averages(group_by_input_shape=False, group_by_stack_n=0),
    table(sort_by=None, row_limit=100, ...) (PyTorch's layout), export_chrome_trace(path) and
    self_cpu_time_total.

    Example::

        >>> from pyautograd.autograd import profiler
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> with profiler.profile() as prof:
        ...     (x * x).sum().backward()
        >>> events = prof.function_events
        >>> type(events).__name__, len(events)
        ('EventList', 8)
        >>> [(e.key, e.count) for e in events.key_averages()][:3]
        [('aten::mul', 3), ('aten::sum', 1), ('autograd::engine::evaluate_function: SumBackward0', 1)]
        >>> print(events.key_averages().table().splitlines()[1])
        Name    Self CPU %      Self CPU   CPU total %     CPU total  CPU time avg    # of Calls
    """

    def __init__(self, events=(), *, profile_memory=False, record_shapes=False):
        super().__init__(events)
        self._profile_memory = profile_memory
        self._record_shapes = record_shapes

    @property
    def self_cpu_time_total(self):
        return sum(e.self_cpu_time_total for e in self)

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        groups = {}
        order = []
        for ev in self:
            key = ev.name
            if group_by_input_shape:
                key = (key, str(ev.input_shapes))
            if group_by_stack_n:
                key = (key, tuple((ev.stack or [])[:group_by_stack_n]))
            g = groups.get(key)
            if g is None:
                g = groups[key] = FunctionEventAvg(ev.name, ev.input_shapes if group_by_input_shape else None)
                order.append(key)
            g.add(ev)
        out = EventList([groups[k] for k in order], profile_memory=self._profile_memory,
                        record_shapes=self._record_shapes)
        out._grouped_by_shape = group_by_input_shape
        out._total_self = self.self_cpu_time_total
        return out

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75, max_name_column_width=55,
              max_shapes_column_width=80, header=None, top_level_events_only=False):
        """The summary table, laid out as PyTorch's."""
        rows = list(self)
        if sort_by is not None:
            if sort_by not in _SORT_KEYS:
                raise AttributeError("'FunctionEventAvg' object has no attribute '%s'" % sort_by)
            attr = _SORT_KEYS[sort_by]
            rows.sort(key=lambda e: getattr(e, attr), reverse=True)
        if row_limit is not None and row_limit > 0:
            rows = rows[:row_limit]
        total = getattr(self, "_total_self", None)
        if total is None:
            total = self.self_cpu_time_total
        shapes = getattr(self, "_grouped_by_shape", False)
        memory = self._profile_memory
        # as torch: the name column fits the longest name (+4), at most max_name_column_width
        name_w = min(max_name_column_width, max([len(e.key) for e in rows] + [4]) + 4)
        cols = [("Name", name_w), ("Self CPU %", 12), ("Self CPU", 12), ("CPU total %", 12), ("CPU total", 12),
                ("CPU time avg", 12)]
        if memory:
            cols += [("CPU Mem", 12), ("Self CPU Mem", 12)]
        cols += [("# of Calls", 12)]
        if shapes:
            cols += [("Input Shapes", 32)]
        sep = "  ".join("-" * w for _, w in cols) + "  "
        lines = [sep, "  ".join(h.rjust(w) for h, w in cols) + "  ", sep]
        for e in rows:
            name = e.key if len(e.key) <= name_w else e.key[:name_w - 3] + "..."
            cells = [name, _pct(e.self_cpu_time_total, total), _fmt_us(e.self_cpu_time_total),
                     _pct(e.cpu_time_total, total), _fmt_us(e.cpu_time_total), _fmt_us(e.cpu_time)]
            if memory:
                cells += [_fmt_mem(e.cpu_memory_usage), _fmt_mem(e.self_cpu_memory_usage)]
            cells += [str(e.count)]
            if shapes:
                cells += [str(e.input_shapes)[:max_shapes_column_width]]
            lines.append("  ".join(c.rjust(w) for c, (_, w) in zip(cells, cols)) + "  ")
        lines.append(sep)
        lines.append("Self CPU time total: %s" % _fmt_us(total))
        return "\n".join(lines) + "\n"

    def export_chrome_trace(self, path):
        _write_trace(self, path)


def _fmt_us(us):
    if us >= 1e6:
        return "%.3fs" % (us / 1e6)
    if us >= 1e3:
        return "%.3fms" % (us / 1e3)
    return "%.3fus" % us


def _pct(part, total):
    return "%.2f%%" % (100.0 * part / total) if total else "0.00%"


def _fmt_mem(nbytes):
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if abs(nbytes) >= scale:
            return "%.2f %s" % (nbytes / scale, unit)
    return "%d B" % nbytes


def _write_trace(events, path):
    trace = {"traceEvents": [], "displayTimeUnit": "ms"}
    pid = os.getpid()
    for ev in events:
        item = {"ph": "X", "cat": "cpu_op", "name": ev.name, "pid": pid, "tid": ev.thread,
                "ts": ev._start / 1000.0, "dur": (ev._end - ev._start) / 1000.0, "args": {}}
        if ev.input_shapes:
            item["args"]["Input Dims"] = ev.input_shapes
        if ev.stack:
            item["args"]["Call stack"] = ";".join(ev.stack)
        trace["traceEvents"].append(item)
    with open(path, "w") as f:
        json.dump(trace, f)


# ---- the recorder ------------------------------------------------------------------------------
def _op_name(op):
    """PyTorch's name of an op event (aten::<public function>) or a backward node's."""
    if isinstance(op, _core.Node):
        return "autograd::engine::evaluate_function: " + op.name()
    fn = getattr(op, "fn", None)
    if fn:
        return "aten::" + fn
    name = getattr(op, "name", None) or getattr(op, "__name__", "op")
    i = name.rfind("Backward")
    base = name[:i] if i > 0 else name
    return "aten::" + base.rpartition("::")[2].lower()


class _Recorder:
    """The events of one profile; the stack of open events is per thread."""

    def __init__(self, record_shapes, profile_memory, with_stack):
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.events = []
        self.local = threading.local()
        self.lock = threading.Lock()

    def _stack(self):
        st = getattr(self.local, "stack", None)
        if st is None:
            st = self.local.stack = []
        return st

    def open(self, name, inputs=None):
        shapes = [list(t.shape) if hasattr(t, "shape") else [] for t in inputs] \
            if (self.record_shapes and inputs is not None) else []
        stack = [("%s(%d): %s" % (f.filename, f.lineno, f.name)) for f in traceback.extract_stack()[:-3]][::-1] \
            if self.with_stack else None
        st = self._stack()
        ev = FunctionEvent(name, _perf_ns(), threading.get_ident(), shapes, stack, len(st))
        st.append(ev)
        with self.lock:
            self.events.append(ev)
        return ev

    def close(self, ev, result=None):
        ev._end = _perf_ns()
        if self.profile_memory and result is not None:
            outs = result if isinstance(result, tuple) else (result,)
            nbytes = sum(o._data.nbytes for o in outs if isinstance(o, _core.TensorBase))
            ev.self_cpu_memory_usage += nbytes
            ev.cpu_memory_usage += nbytes
        st = self._stack()
        if st and st[-1] is ev:
            st.pop()
        if st:
            st[-1].children_ns += ev._end - ev._start
            st[-1].cpu_memory_usage += ev.cpu_memory_usage

    # the core's hooks
    def enter(self, what, inputs):
        return self.open(_op_name(what), inputs)

    def exit(self, ev, result):
        self.close(ev, result)


_active = []        # the profiles running (innermost last)


def _install():
    if _active:
        rec = _active[-1]
        _core._prof_set_hooks(1, rec.enter, rec.exit)
    else:
        _core._prof_set_hooks(0, None, None)


class profile:
    """torch.autograd.profiler.profile: records ops, backward nodes and record_function ranges
    while active. record_shapes: the input shapes of each op; profile_memory: the bytes of the
    ops' results; with_stack: the Python call stack of each event. enabled=False records nothing.
    CPU only (use_cuda or another use_device raises). After the block: function_events (an
    EventList), key_averages(), table(), export_chrome_trace(path) (chrome://tracing,
    ui.perfetto.dev) and self_cpu_time_total.

    Example::

        >>> from pyautograd.autograd import profiler
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> with profiler.profile(record_shapes=True) as prof:
        ...     y = (x * x).sum()
        >>> [(e.key, e.count) for e in prof.key_averages()]
        [('aten::mul', 1), ('aten::sum', 1)]
        >>> print(prof.table(sort_by="self_cpu_time_total").splitlines()[1])
        Name    Self CPU %      Self CPU   CPU total %     CPU total  CPU time avg    # of Calls
    """

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False, with_flops=False,
                 profile_memory=False, with_stack=False, with_modules=False, use_kineto=False, use_cpu=True,
                 experimental_config=None, acc_events=False, custom_trace_id_callback=None):
        if use_cuda or (use_device not in (None, "cpu")):
            raise AssertionError("pyautograd runs on the CPU only: use_cuda / use_device=%r cannot be profiled"
                                 % (use_device or "cuda"))
        self.enabled = enabled
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self._rec = None
        self._events = None

    def __enter__(self):
        if not self.enabled:
            return self
        if self._rec is not None:
            raise RuntimeError("Profiler context manager is not reentrant")
        self._rec = _Recorder(self.record_shapes, self.profile_memory, self.with_stack)
        _active.append(self._rec)
        _install()
        return self

    def __exit__(self, *exc):
        if not self.enabled:
            return False
        _active.remove(self._rec)
        _install()
        self._events = EventList(self._rec.events, profile_memory=self.profile_memory,
                                 record_shapes=self.record_shapes)
        return False

    def _check_finish(self):
        if self._events is None:
            raise RuntimeError("Profiler didn't finish running")

    @property
    def function_events(self):
        self._check_finish()
        return self._events

    def events(self):
        return self.function_events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        self._check_finish()
        return self._events.key_averages(group_by_input_shape, group_by_stack_n)

    def table(self, sort_by=None, row_limit=100, **kwargs):
        self._check_finish()
        return self._events.key_averages().table(sort_by=sort_by, row_limit=row_limit, **kwargs)

    def export_chrome_trace(self, path):
        self._check_finish()
        _write_trace(self._events, path)

    @property
    def self_cpu_time_total(self):
        self._check_finish()
        return self._events.self_cpu_time_total

    def __str__(self):
        return self.table()


class record_function:
    """A named range of the profiled program (a context manager or decorator): a row of its own,
    containing the ops run inside it. Outside a profile it does nothing.

    Example::

        >>> from pyautograd.autograd import profiler
        >>> x = pa.tensor([1.0, 2.0])
        >>> with profiler.profile() as prof:
        ...     with profiler.record_function("square"):
        ...         y = x * x
        >>> [e.name for e in prof.function_events]
        ['square', 'aten::mul']
    """

    def __init__(self, name, args=None):
        self.name = name
        self.args = args
        self._ev = None

    def __enter__(self):
        if _active:
            self._rec = _active[-1]
            self._ev = self._rec.open(self.name)
        return self

    def __exit__(self, *exc):
        if self._ev is not None:
            self._rec.close(self._ev)
            self._ev = None
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with record_function(self.name, self.args):
                return fn(*args, **kwargs)
        return wrapper
