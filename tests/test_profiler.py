"""autograd.profiler: events of ops, backward nodes and record_function ranges, torch's table
layout, chrome traces, and nothing recorded (or changed) when no profiler is active."""
import json

import numpy as np
import pytest

import pyautograd as T
from pyautograd.autograd import profiler


def _program():
    x = T.tensor(np.arange(100.0).reshape(10, 10) / 100, requires_grad=True)
    with profiler.record_function("my_block"):
        y = (x * 2).sin().sum()
    y.backward()
    return x


def test_events_and_table():
    with profiler.profile(record_shapes=True) as prof:
        x = _program()
    names = [e.name for e in prof.function_events]
    for n in ("my_block", "aten::mul", "aten::sin", "aten::sum", "autograd::engine::evaluate_function: SinBackward0",
              "autograd::engine::evaluate_function: MulBackward0"):
        assert n in names, (n, names)
    avg = {e.key: e for e in prof.key_averages()}
    blk = avg["my_block"]
    assert blk.count == 1 and blk.cpu_time_total >= avg["aten::sin"].cpu_time_total > 0
    assert blk.self_cpu_time_total <= blk.cpu_time_total
    # my_block contains the forward ops: its total covers theirs
    inner = sum(avg[n].cpu_time_total for n in ("aten::sin", "aten::sum"))
    assert blk.cpu_time_total >= inner
    table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=5)
    lines = table.splitlines()
    assert lines[1].split() == ["Name", "Self", "CPU", "%", "Self", "CPU", "CPU", "total", "%", "CPU", "total", "CPU",
                                "time", "avg", "#", "of", "Calls"]
    assert lines[0] == lines[2] == lines[-2] and set(lines[0]) == {"-", " "}
    assert len(lines) == 3 + 5 + 2 and lines[-1].startswith("Self CPU time total: ")
    shaped = prof.key_averages(group_by_input_shape=True).table(row_limit=20)
    assert "Input Shapes" in shaped and "[[10, 10], []]" in shaped
    assert x.grad.shape == (10, 10)
    with pytest.raises(AttributeError):
        prof.key_averages().table(sort_by="no_such_column")


def test_chrome_trace(tmp_path):
    with profiler.profile() as prof:
        _program()
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    trace = json.loads(path.read_text())
    evs = trace["traceEvents"]
    assert len(evs) == len(prof.function_events) and all(e["ph"] == "X" and e["dur"] >= 0 for e in evs)
    assert {"name", "ts", "dur", "pid", "tid"} <= set(evs[0])


def test_memory_and_0d_fast_path_and_no_recording_outside():
    with profiler.profile(profile_memory=True) as prof:
        x = T.ones(100, 100, requires_grad=True)
        (x * 2).sum()
        s = T.tensor(1.0, requires_grad=True)
        z = s
        for _ in range(3):
            z = (z * 1.5).sin()
        z.backward()
    avg = {e.key: e for e in prof.key_averages()}
    assert avg["aten::mul"].count >= 4 and avg["aten::sin"].count == 3     # the compiled 0-d ops too
    assert avg["aten::mul"].self_cpu_memory_usage >= 100 * 100 * 4
    assert "CPU Mem" in prof.key_averages().table() and "KB" in prof.key_averages().table()
    assert T._core._prof_set_hooks is not None
    with profiler.profile() as p2:
        pass
    _program()      # after the profile: nothing more recorded
    assert len(p2.function_events) == 0
    with pytest.raises(RuntimeError, match="^Profiler didn't finish running$"):
        profiler.profile().key_averages()


def test_record_function_decorator_and_disabled_profile():
    @profiler.record_function("decorated")
    def f(a):
        return a * 3
    with profiler.profile() as prof:
        f(T.ones(2))
    assert [e.name for e in prof.function_events][:2] == ["decorated", "aten::mul"]
    with profiler.profile(enabled=False) as off:
        f(T.ones(2))
    assert off._events is None


def test_table_layout_as_torch():
    torch = pytest.importorskip("torch")
    heads = {}
    for L in (T, torch):
        with L.autograd.profiler.profile() as prof:
            L.ones(3).mul(2)
        heads[L] = prof.key_averages().table(row_limit=1).splitlines()[1].split()
    assert heads[T] == heads[torch]


def test_torch_profiler_api_and_schedule(tmp_path):
    from pyautograd.profiler import profile, ProfilerActivity, ProfilerAction, schedule, tensorboard_trace_handler
    from pyautograd.profiler import record_function
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        with record_function("model_inference"):
            (T.ones(3, 3) * 2).sum()
    table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=10)
    assert "model_inference" in table and "aten::mul" in table
    with pytest.raises(AssertionError):
        profile(activities=[ProfilerActivity.CUDA])
    sched = schedule(wait=1, warmup=1, active=2, repeat=1)
    assert [sched(i) for i in range(5)] == [ProfilerAction.NONE, ProfilerAction.WARMUP, ProfilerAction.RECORD,
                                            ProfilerAction.RECORD_AND_SAVE, ProfilerAction.NONE]
    saved = []
    with profile(schedule=sched, on_trace_ready=lambda p: saved.append(len(p.events()))) as prof:
        for step in range(6):
            with record_function("step%d" % step):
                T.ones(2) * step
            prof.step()
    assert len(saved) == 1      # one cycle: steps 2 and 3 recorded
    names = {e.name for e in prof.events()}
    assert {"step2", "step3"} <= names and not ({"step0", "step1", "step4"} & names)
    with profile(schedule=schedule(wait=0, warmup=1, active=1), on_trace_ready=tensorboard_trace_handler(
            str(tmp_path / "log"))) as prof:
        for _ in range(4):
            T.ones(2) * 3
            prof.step()
    files = list((tmp_path / "log").iterdir())
    assert len(files) == 2 and all(f.name.endswith(".pt.trace.json") for f in files)
    assert json.loads(files[0].read_text())["traceEvents"]


def test_schedule_skip_first_wait_as_torch():
    # skip_first_wait skips the first cycle's wait steps: the cycles start wait steps earlier (torch's
    # schedule adds wait to the step); it used to change nothing
    from pyautograd.profiler import schedule
    names = lambda s, n: [s(i).name for i in range(n)]
    assert names(schedule(wait=2, warmup=1, active=1, skip_first_wait=1), 8) == [
        "WARMUP", "RECORD_AND_SAVE", "NONE", "NONE", "WARMUP", "RECORD_AND_SAVE", "NONE", "NONE"]
    assert names(schedule(wait=2, warmup=1, active=1, skip_first_wait=1, repeat=1, skip_first=2), 8) == [
        "NONE", "NONE", "WARMUP", "RECORD_AND_SAVE", "NONE", "NONE", "NONE", "NONE"]
