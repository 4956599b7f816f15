package io.geniejmeter.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void monotonicAndWallTimeMoveTogether() {
        ManualClock clock = new ManualClock(1_000_000L);
        long nanos = clock.nanoTime();

        clock.advanceMillis(1_500);
        clock.advanceNanos(400_000);

        assertEquals(nanos + 1_500_400_000L, clock.nanoTime());
        assertEquals(1_001_500L, clock.wallMillis());
    }

    @Test
    void sleepingMovesTheClockInsteadOfWaitingAndIsRecorded() throws InterruptedException {
        ManualClock clock = new ManualClock();
        long before = System.nanoTime();

        clock.sleep(Duration.ofHours(1));
        clock.sleep(-5);

        assertTrue(System.nanoTime() - before < Duration.ofSeconds(5).toNanos(), "no real wait");
        assertEquals(ManualClock.DEFAULT_START_MS + 3_600_000L, clock.wallMillis());
        assertEquals(List.of(Duration.ofHours(1), Duration.ofNanos(-5)), clock.sleepDurations());
    }

    @Test
    void sleepingWhenInterruptedThrowsAndClearsTheFlag() {
        ManualClock clock = new ManualClock();
        Thread.currentThread().interrupt();

        assertThrows(InterruptedException.class, () -> clock.sleep(0));

        assertFalse(Thread.currentThread().isInterrupted(), "flag cleared as by Thread.sleep");
        assertEquals(List.of(), clock.sleeps());
    }

    @Test
    void settingTheWallTimeMovesForwardOnlyAndCarriesMonotonicTimeAlong() {
        ManualClock clock = new ManualClock(10_000L);
        long nanos = clock.nanoTime();

        clock.setWallMillis(16_500L);

        assertEquals(16_500L, clock.wallMillis());
        assertEquals(nanos + 6_500_000_000L, clock.nanoTime());
        assertThrows(IllegalArgumentException.class, () -> clock.setWallMillis(16_000L));
    }

    @Test
    void anAutoAdvancingClockMovesOnAfterEveryMonotonicRead() {
        ManualClock clock = new ManualClock();
        clock.autoAdvance(Duration.ofSeconds(3));

        long first = clock.nanoTime();
        long second = clock.nanoTime();

        assertEquals(Duration.ofSeconds(3).toNanos(), second - first);
        assertEquals(ManualClock.DEFAULT_START_MS + 6_000L, clock.wallMillis(), "two reads, two steps");
    }

    @Test
    void theSystemClockSleepsForRealAndRefusesAnInterruptedThread() throws InterruptedException {
        long before = Clock.SYSTEM.nanoTime();
        Clock.SYSTEM.sleep(Duration.ofMillis(20));
        assertTrue(Clock.SYSTEM.nanoTime() - before >= Duration.ofMillis(20).toNanos());
        assertTrue(Math.abs(Clock.SYSTEM.wallMillis() - System.currentTimeMillis()) < 1_000);

        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Clock.SYSTEM.sleep(0));
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
