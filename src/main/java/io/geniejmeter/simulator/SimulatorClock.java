package io.geniejmeter.simulator;

/**
 * The simulator's source of time, injectable so that tests can move time by hand instead of sleeping. Message status
 * is computed from this clock at request time; nothing in the simulator runs on timers.
 */
@FunctionalInterface
public interface SimulatorClock {

    /** Wall-clock time, epoch milliseconds ({@link System#currentTimeMillis()}). */
    SimulatorClock SYSTEM = System::currentTimeMillis;

    /** Current time in epoch milliseconds. */
    long nowMs();

    /** Waits {@code ms} milliseconds (slow and hanging responses); a hand-moved test clock may override it. */
    default void sleep(long ms) throws InterruptedException {
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
