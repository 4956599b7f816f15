package io.geniejmeter.simulator;

import java.util.concurrent.atomic.AtomicLong;

/** A clock moved by hand: tests of the latency model jump through time instead of sleeping. */
final class ManualClock implements SimulatorClock {

    private final AtomicLong now;

    ManualClock(long startMs) {
        now = new AtomicLong(startMs);
    }

    @Override
    public long nowMs() {
        return now.get();
    }

    /** Sleeping on a manual clock moves it forward instead. */
    @Override
    public void sleep(long ms) {
        now.addAndGet(ms);
    }

    void advance(long ms) {
        now.addAndGet(ms);
    }

    void set(long ms) {
        now.set(ms);
    }
}
