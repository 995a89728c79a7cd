"""The collector pause used while loading: counted across overlapping loads, and never turns on what was off."""

from __future__ import annotations

import gc
import threading

from mapping.gcpause import paused_gc


def test_overlapping_pauses_end_with_the_last() -> None:
    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer load is still running"
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_loads_in_two_threads_leave_the_collector_on() -> None:
    inside = threading.Barrier(2)

    def load() -> None:
        with paused_gc():
            inside.wait(timeout=10)  # both threads are inside their pause at once

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert gc.isenabled()


def test_an_error_inside_still_resumes_the_collector() -> None:
    try:
        with paused_gc():
            raise ValueError("a load failed")
    except ValueError:
        pass
    assert gc.isenabled()
