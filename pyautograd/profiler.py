"""torch.profiler: the profiler API of PyTorch's tutorials, over autograd.profiler's recorder.

Profile a block, then print the operators' times::

    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        with record_function("model_inference"):
            model(inputs)
    print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=10))

or profile some steps of a loop by a schedule, each saved cycle written for TensorBoard::

    with profile(schedule=schedule(wait=1, warmup=1, active=2),
                 on_trace_ready=tensorboard_trace_handler("./log")) as prof:
        for batch in data:
            train_step(batch)
            prof.step()

Only the CPU activity exists here (asking for CUDA raises). Events, tables and traces are
autograd.profiler's (pyautograd/autograd/profiler.py)."""
import enum
import gzip
import os
import socket
import time
import warnings

from .autograd import profiler as _ap
from .autograd.profiler import record_function, EventList

__all__ = ["profile", "record_function", "ProfilerActivity", "ProfilerAction", "schedule",
           "tensorboard_trace_handler"]


class ProfilerActivity(enum.Enum):
    """The kinds of activity a profiler can record (the activities argument of profile).

    CPU: the operators run on the CPU (the only one pyautograd has: it computes on the CPU only);
    CUDA, XPU, MTIA, HPU, PrivateUse1: the device kernels of those accelerators in torch, here
    accepted as names but refused by profile (AssertionError).

    Example::

        >>> from pyautograd.profiler import ProfilerActivity
        >>> ProfilerActivity.CPU
        <ProfilerActivity.CPU: 0>
    """
    CPU = 0
    CUDA = 2
    XPU = 3
    MTIA = 4
    HPU = 5
    PrivateUse1 = 6


class ProfilerAction(enum.Enum):
    """What the profiler does at a step, as a schedule function returns it.

    NONE: not profiling; WARMUP: profiling, the events thrown away (the warm-up's overhead is not
    measured); RECORD: recording; RECORD_AND_SAVE: recording, and at the end of this step the cycle
    is saved and handed to on_trace_ready.

    Example::

        >>> from pyautograd.profiler import schedule
        >>> s = schedule(wait=1, warmup=1, active=2)
        >>> [s(step).name for step in range(4)]
        ['NONE', 'WARMUP', 'RECORD', 'RECORD_AND_SAVE']
    """
    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def schedule(*, wait, warmup, active, repeat=0, skip_first=0, skip_first_wait=0):
    """torch.profiler.schedule: skip skip_first steps, then cycles of ``wait`` idle steps, ``warmup``
    steps profiled and thrown away and ``active`` steps recorded (the last one saves); ``repeat``
    cycles (0: until the end). skip_first_wait: the first cycle has no wait steps.

    Returns the function profile(schedule=...) calls with each step number, giving a
    ProfilerAction. warmup=0 warns (results may be skewed).

    Example::

        >>> from pyautograd.profiler import schedule
        >>> s = schedule(wait=1, warmup=1, active=2)
        >>> [s(step).name for step in range(5)]
        ['NONE', 'WARMUP', 'RECORD', 'RECORD_AND_SAVE', 'NONE']
    """
    if warmup == 0:
        warnings.warn("Profiler won't be using warmup, this can skew profiler results")
    if not (wait >= 0 and warmup >= 0 and active > 0 and repeat >= 0 and skip_first >= 0):
        raise AssertionError("Invalid profiler schedule arguments")

    def schedule_fn(step):
        if step < 0:
            raise AssertionError("Step should be non-negative")
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if skip_first_wait:     # the first cycle's wait is skipped: every cycle starts wait steps earlier
            step += wait
        num_steps = wait + warmup + active
        if repeat > 0 and step / num_steps >= repeat:
            return ProfilerAction.NONE
        mod_step = step % num_steps
        if mod_step < wait:
            return ProfilerAction.NONE
        if mod_step < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if mod_step < num_steps - 1 else ProfilerAction.RECORD_AND_SAVE
    return schedule_fn


def _always_record(step):
    return ProfilerAction.RECORD


def tensorboard_trace_handler(dir_name, worker_name=None, use_gzip=False):
    """An on_trace_ready that writes each saved cycle as a chrome trace under dir_name
    (``<worker>.<time>.pt.trace.json``, ``.gz`` added with use_gzip; TensorBoard's profile plugin
    reads them). worker_name defaults to ``<hostname>_<pid>``; dir_name is created if needed.

    Example::

        >>> import os, tempfile
        >>> from pyautograd.profiler import profile, schedule, tensorboard_trace_handler
        >>> x = pa.tensor([1.0, 2.0])
        >>> with tempfile.TemporaryDirectory() as d:
        ...     with profile(schedule=schedule(wait=0, warmup=1, active=1, repeat=1),
        ...                  on_trace_ready=tensorboard_trace_handler(d, worker_name="w")) as prof:
        ...         for step in range(3):
        ...             y = x * step
        ...             prof.step()
        ...     [name.split(".")[0] + " " + name.split(".", 2)[2] for name in os.listdir(d)]
        ['w pt.trace.json']
    """
    def handler(prof):
        os.makedirs(dir_name, exist_ok=True)
        worker = worker_name or "%s_%d" % (socket.gethostname(), os.getpid())
        name = "%s.%d.pt.trace.json" % (worker, time.time_ns())
        path = os.path.join(dir_name, name + (".gz" if use_gzip else ""))
        if use_gzip:
            tmp = path[:-3]
            prof.export_chrome_trace(tmp)
            with open(tmp, "rb") as f, gzip.open(path, "wb") as g:
                g.write(f.read())
            os.remove(tmp)
        else:
            prof.export_chrome_trace(path)
    return handler


class profile:
    """torch.profiler.profile: records while active, or by ``schedule`` over prof.step() calls,
    handing each saved cycle to on_trace_ready.

    activities: ProfilerActivity.CPU only (the default; pyautograd runs on the CPU). record_shapes,
    profile_memory and with_stack are autograd.profiler.profile's. After the block (or in
    on_trace_ready): events(), key_averages() and export_chrome_trace(path), of the last saved
    cycle.

    Example::

        >>> from pyautograd.profiler import profile, schedule, ProfilerActivity
        >>> x = pa.tensor([1.0, 2.0])
        >>> with profile(activities=[ProfilerActivity.CPU]) as prof:
        ...     y = x * x
        >>> [(e.key, e.count) for e in prof.key_averages()]
        [('aten::mul', 1)]
        >>> saved = []
        >>> with profile(schedule=schedule(wait=1, warmup=1, active=1, repeat=1),
        ...              on_trace_ready=lambda p: saved.append([e.key for e in p.key_averages()])) as prof:
        ...     for step in range(4):
        ...         y = x + step
        ...         prof.step()
        >>> saved
        [['aten::add']]
    """

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None, record_shapes=False,
                 profile_memory=False, with_stack=False, with_flops=False, with_modules=False,
                 experimental_config=None, execution_trace_observer=None, acc_events=False, use_cuda=None,
                 custom_trace_id_callback=None):
        acts = set(activities) if activities is not None else {ProfilerActivity.CPU}
        if use_cuda or acts - {ProfilerActivity.CPU}:
            raise AssertionError("pyautograd runs on the CPU only: only ProfilerActivity.CPU can be profiled")
        self.activities = acts
        self.schedule = schedule or _always_record
        self.on_trace_ready = on_trace_ready
        self._options = dict(record_shapes=record_shapes, profile_memory=profile_memory, with_stack=with_stack)
        self.step_num = 0
        self.current_action = None
        self._prof = None
        self._events = None

    # the underlying recorder of one cycle
    def _begin(self):
        if self._prof is None:
            self._prof = _ap.profile(**self._options)
            self._prof.__enter__()

    def _end(self, save):
        if self._prof is not None:
            self._prof.__exit__(None, None, None)
            if save or self._events is None:
                self._events = self._prof.function_events
            self._prof = None
            if save and self.on_trace_ready is not None:
                self.on_trace_ready(self)

    def _enter_action(self, action):
        if action in (ProfilerAction.WARMUP, ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE):
            if action is not ProfilerAction.WARMUP and self.current_action is ProfilerAction.WARMUP:
                self._end(False)        # the warm-up's events are thrown away
                self._events = None
            self._begin()
        self.current_action = action

    def start(self):
        """Start profiling (what entering the with block does): step 0 and the schedule's first action."""
        self.step_num = 0
        self.current_action = None
        self._enter_action(self.schedule(self.step_num))

    def stop(self):
        """Stop profiling (what leaving the with block does): the recording cycle in progress is kept."""
        self._end(self.current_action in (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE))
        self.current_action = None

    def step(self):
        """The end of one step of the program (a training iteration): the schedule's next action."""
        prev = self.current_action
        self.step_num += 1
        action = self.schedule(self.step_num)
        if prev is ProfilerAction.RECORD_AND_SAVE:
            self._end(True)
        elif prev in (ProfilerAction.WARMUP, ProfilerAction.RECORD) and action is ProfilerAction.NONE:
            self._end(False)
        self._enter_action(action)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def _finished(self):
        if self._events is None:
            if self._prof is not None:
                raise RuntimeError("Profiler didn't finish running")
            return EventList([])
        return self._events

    def events(self):
        """The recorded events (an EventList, one FunctionEvent per operator call) of the last saved cycle.

        Raises RuntimeError while a recording is still running (inside the with block).

        Example::

            >>> with pa.profiler.profile() as prof:
            ...     y = pa.ones(2) + 1
            >>> [e.name for e in prof.events()]
            ['aten::add']
        """
        return self._finished()

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        """The events averaged per operator name (an EventList whose table() prints the summary).

        group_by_input_shape=True splits them by input shapes as well (record_shapes must have been
        set), group_by_stack_n by the top n frames of their stacks (with_stack);
        group_by_overload_name is accepted and ignored.

        Example::

            >>> with pa.profiler.profile() as prof:
            ...     y = pa.ones(2) + 1
            >>> [e.key for e in prof.key_averages()]
            ['aten::add']
        """
        return self._finished().key_averages(group_by_input_shape, group_by_stack_n)

    def export_chrome_trace(self, path):
        """Write the recorded events to path as a Chrome trace (JSON, viewable in chrome://tracing or Perfetto)."""
        _ap._write_trace(self._finished(), path)
