package io.geniejmeter.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Polls a message that ends after {@code durationNanos}; returns how many polls it took to see the end. */
    private static int pollsUntilSeen(PollSchedule schedule, long durationNanos) {
        long t = 0;
        int polls = 0;
        while (t < durationNanos) {
            t = schedule.nextPollAtNanos(t, polls);
            polls++;
        }
        return polls;
    }

    @Test
    void shouldPollOncePerIntervalBeforeAnythingIsLearned() {
        PollSchedule schedule = new PollSchedule(SECOND);

        assertEquals(SECOND, schedule.nextPollAtNanos(0, 0));
        assertEquals(5 * SECOND, schedule.nextPollAtNanos(4 * SECOND, 4));
        assertEquals(10, pollsUntilSeen(schedule, 10 * SECOND - 1));
    }

    @Test
    void shouldStayWithinOnePollPerSecondOverFiveToThirtySecondAnswers() {
        Random random = new Random(42);
        PollSchedule schedule = new PollSchedule(SECOND);
        for (int i = 0; i < PollSchedule.WINDOW; i++) {
            schedule.record(5 * SECOND + (long) (random.nextDouble() * 25 * SECOND));
        }

        for (int i = 0; i < 1000; i++) {
            long duration = 5 * SECOND + (long) (random.nextDouble() * 25 * SECOND);
            int polls = pollsUntilSeen(schedule, duration);

            assertTrue(polls <= duration / (double) SECOND + 1.5,
                    polls + " polls for a " + duration / 1e9 + " s answer");
        }
    }

    @Test
    void shouldNeverPollFasterThanTheBudgetAllows() {
        PollSchedule schedule = new PollSchedule(SECOND);
        for (int i = 0; i < 50; i++) {
            schedule.record(3 * SECOND); // everything ends at 3 s: the schedule wants dense polls there
        }

        long t = 0;
        for (int polls = 0; polls < 40; polls++) {
            t = schedule.nextPollAtNanos(t, polls);
            assertTrue(t >= (long) ((polls + 0.5) * SECOND), "poll " + (polls + 1) + " at " + t / 1e9 + " s");
        }
    }

    @Test
    void shouldIgnoreNonPositiveDurations() {
        PollSchedule schedule = new PollSchedule(SECOND);

        schedule.record(0);
        schedule.record(-5);

        assertEquals(0, schedule.learned());
    }
}
