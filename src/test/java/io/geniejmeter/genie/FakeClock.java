package io.geniejmeter.genie;

import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when told to, or when the poll loop sleeps: tests of the poll loop never really sleep. */
final class FakeClock implements GenieClock {

    private long nanos = 5_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized long currentTimeMillis() {
        return 1_767_225_600_000L + nanos / 1_000_000L;
    }

    @Override
    public synchronized void sleep(long sleepNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(sleepNanos);
        nanos += Math.max(0, sleepNanos);
    }

    synchronized void advance(long advanceNanos) {
        nanos += advanceNanos;
    }

    synchronized List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
