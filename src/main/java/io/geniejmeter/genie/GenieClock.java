package io.geniejmeter.genie;

import java.util.concurrent.TimeUnit;

/**
 * The time source of the poll loop: a monotonic clock for measuring, a wall clock for time stamps, and the sleep
 * between polls. Injected so that unit tests run the poll loop without really sleeping ({@link #SYSTEM} in
 * production).
 */
public interface GenieClock {

    /** Monotonic time in nanoseconds, only meaningful as a difference (like {@link System#nanoTime()}). */
    long nanoTime();

    /** Wall-clock time in epoch milliseconds, for {@link GenieAnswer#startedAtMs()}. */
    long currentTimeMillis();

    /**
     * Waits {@code nanos} nanoseconds (returns at once for 0 or less).
     *
     * @throws InterruptedException when the waiting thread is interrupted; the poll loop then stops at once
     */
    void sleep(long nanos) throws InterruptedException;

    /** The real clock: {@link System#nanoTime()}, {@link System#currentTimeMillis()}, {@link Thread#sleep}. */
    GenieClock SYSTEM = new GenieClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (nanos > 0) {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        }
    };
}
