package io.geniejmeter.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Clock} that moves only when a test moves it, or when code sleeps on it: a sleep records its length and
 * moves the clock forward by it instead of waiting, so poll loops, back-off and the simulator's latency model run
 * instantly. Monotonic and wall time move together. Thread-safe (every method synchronizes on the clock), so it can
 * be shared with the simulator's HTTP threads.
 */
public final class ManualClock implements Clock {

    /** Default start of the wall clock: 2026-01-01T00:00:00Z. */
    public static final long DEFAULT_START_MS = 1_767_225_600_000L;
    /** Monotonic time does not start at 0 (as {@link System#nanoTime()} need not), so no code may rely on it. */
    private static final long NANOS_ORIGIN = 5_000_000_000L;

    private final long startWallMs;
    private long nanos = NANOS_ORIGIN;
    private long autoAdvanceNanos;
    private final List<Long> sleeps = new ArrayList<>();

    /** A clock whose wall time starts at {@link #DEFAULT_START_MS}. */
    public ManualClock() {
        this(DEFAULT_START_MS);
    }

    /** A clock whose wall time starts at {@code startWallMs} (epoch milliseconds). */
    public ManualClock(long startWallMs) {
        this.startWallMs = startWallMs;
    }

    /** The current monotonic time; then, when {@link #autoAdvance} was set, moves the clock on by that step. */
    @Override
    public synchronized long nanoTime() {
        long now = nanos;
        nanos += autoAdvanceNanos;
        return now;
    }

    @Override
    public synchronized long wallMillis() {
        return startWallMs + Math.floorDiv(nanos - NANOS_ORIGIN, 1_000_000L);
    }

    /** Records the sleep and moves the clock forward by it; throws (and clears the flag) if interrupted. */
    @Override
    public synchronized void sleep(long sleepNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(sleepNanos);
        nanos += Math.max(0, sleepNanos);
    }

    /**
     * Makes every {@link #nanoTime()} read move the clock on by {@code step} afterwards (as Guava's
     * {@code FakeTicker} auto-increment step), for code that only reads time, such as a progress log; zero turns it
     * off.
     */
    public synchronized void autoAdvance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + step);
        }
        autoAdvanceNanos = step.toNanos();
    }

    /** Moves the clock forward by {@code advanceNanos} (not backward: monotonic time never goes back). */
    public synchronized void advanceNanos(long advanceNanos) {
        if (advanceNanos < 0) {
            throw new IllegalArgumentException("a clock does not go back: " + advanceNanos);
        }
        nanos += advanceNanos;
    }

    /** Moves the clock forward by {@code ms} milliseconds. */
    public void advanceMillis(long ms) {
        advanceNanos(ms * 1_000_000L);
    }

    /** Moves the clock forward by {@code duration}. */
    public void advance(Duration duration) {
        advanceNanos(duration.toNanos());
    }

    /** Moves the clock forward until its wall time is {@code wallMs} (not before the current wall time). */
    public synchronized void setWallMillis(long wallMs) {
        advanceMillis(wallMs - wallMillis());
    }

    /** Every sleep so far, in nanoseconds, in the order they happened. */
    public synchronized List<Long> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Every sleep so far as durations. */
    public synchronized List<Duration> sleepDurations() {
        return sleeps.stream().map(Duration::ofNanos).toList();
    }
}
