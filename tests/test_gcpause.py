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


def test_freezing_happens_once_and_keeps_objects_out_of_the_collector_s_sight() -> None:
    from mapping import gcpause

    gc.unfreeze()
    gcpause._frozen = False
    try:
        alive = [object() for _ in range(10)] + [[] for _ in range(1_000)]
        assert gcpause.freeze_startup_objects()
        assert gc.get_freeze_count() >= len(alive) - 10, "the lists (tracked containers) are frozen"
        assert not gcpause.freeze_startup_objects(), "a second call does nothing"
        later = [[] for _ in range(1_000)]
        assert all(not any(x is o for x in gc.get_objects()) for o in alive[10:12])
        assert any(x is later[0] for x in gc.get_objects()), "objects made later stay visible"
    finally:
        gc.unfreeze()
        gcpause._frozen = False
