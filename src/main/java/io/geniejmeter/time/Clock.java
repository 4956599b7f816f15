package io.geniejmeter.time;

import java.time.Duration;

/**
 * The one source of time of the core: a monotonic clock for measuring, a wall clock for time stamps, and the wait
 * that polling, back-off and the simulator's latency model use. Everything that measures or waits takes a
 * {@code Clock}, so tests pass a hand-moved clock and run instantly and deterministically instead of sleeping;
 * production uses {@link #SYSTEM}. Modelled on the habit of Caffeine's {@code Ticker}: time is read through one small
 * interface, never straight from {@link System}.
 *
 * <p>Implementations must be safe for use by any number of threads.
 */
public interface Clock {

    /** The real clock: {@link System#nanoTime()}, {@link System#currentTimeMillis()} and a real sleep. */
    Clock SYSTEM = new SystemClock();

    /** Monotonic time in nanoseconds, only meaningful as a difference (like {@link System#nanoTime()}). */
    long nanoTime();

    /** Wall-clock time in epoch milliseconds (like {@link System#currentTimeMillis()}), for time stamps. */
    long wallMillis();

    /**
     * Waits {@code nanos} nanoseconds; returns at once for 0 or less unless the thread is interrupted. A hand-moved
     * clock moves itself forward instead of waiting.
     *
     * @throws InterruptedException when the waiting thread is, or already was, interrupted (the interrupt flag is
     *                              then cleared, as {@link Thread#sleep} does)
     */
    void sleep(long nanos) throws InterruptedException;

    /** {@link #sleep(long)} for a {@link Duration}. */
    default void sleep(Duration duration) throws InterruptedException {
        sleep(duration.toNanos());
    }
}
