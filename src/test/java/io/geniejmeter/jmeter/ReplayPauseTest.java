package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.time.Clock;
import io.geniejmeter.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplayPauseTest {

    private final ManualClock clock = new ManualClock(1_000_000);
    private final ReplayPause pause = new ReplayPause(new SplittableRandom(42), clock);

    /** The sleeps so far, in milliseconds. */
    private List<Long> sleeps() {
        return clock.sleepDurations().stream().map(Duration::toMillis).toList();
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void drawsWaitsBetweenConversationsFromMinToMax() {
        for (int i = 0; i < 1_000; i++) {
            long ms = pause.betweenConversationsMs(8, 30);
            assertTrue(ms >= 8_000 && ms <= 30_000, "wait " + ms);
        }
    }

    @Test
    void drawsWaitsBetweenMessagesFromHalfMinToHalfMax() {
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (int i = 0; i < 5_000; i++) {
            long ms = pause.betweenMessagesMs(8, 30);
            smallest = Math.min(smallest, ms);
            largest = Math.max(largest, ms);
        }
        assertTrue(smallest >= 4_000 && smallest < 4_100, "smallest " + smallest);
        assertTrue(largest <= 15_000 && largest > 14_900, "largest " + largest);
    }

    @Test
    void waitsExactlyMinWhenMinEqualsMax() {
        assertEquals(5_000, pause.betweenConversationsMs(5, 5));
        assertEquals(0, pause.betweenMessagesMs(0, 0));
    }

    @Test
    void sleepsTheWholeWaitInSlices() {
        assertTrue(pause.await(2_500, 0, () -> true));
        assertEquals(List.of(1_000L, 1_000L, 500L), sleeps());
    }

    @Test
    void stopsAtTheDeadlineAndSaysSo() {
        assertFalse(pause.await(10_000, clock.wallMillis() + 1_500, () -> true));
        assertEquals(1_500, sleeps().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void stopsWhenAskedToBetweenSlices() {
        AtomicLong checks = new AtomicLong();
        assertFalse(pause.await(10_000, 0, () -> checks.incrementAndGet() < 3));
        assertEquals(2, sleeps().size());
    }

    @Test
    void doesNotSleepWhenTheThreadIsAlreadyInterrupted() {
        Thread.currentThread().interrupt();
        assertFalse(pause.await(10_000, 0, () -> true));
        assertTrue(sleeps().isEmpty());
    }

    @Test
    void endsAtOnceAndKeepsTheInterruptWhenSleepIsInterrupted() {
        ReplayPause interrupted = new ReplayPause(new SplittableRandom(1), new Clock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public long wallMillis() {
                return 0;
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                throw new InterruptedException();
            }
        });
        assertFalse(interrupted.await(10_000, 0, () -> true));
        assertTrue(Thread.currentThread().isInterrupted());
    }
}
