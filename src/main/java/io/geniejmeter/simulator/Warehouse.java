package io.geniejmeter.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL warehouse with a fixed number of concurrent query slots. A query is booked when its message is created, for
 * the moment its PENDING_WAREHOUSE phase starts: it gets the earliest time at or after that moment when some slot has a
 * gap long enough for it, so queries queue (PENDING_WAREHOUSE grows) only when every slot is busy. Booking ahead keeps
 * the simulator free of timers: a message's whole schedule is known at creation.
 *
 * <p>Thread-safe: all methods are synchronized; bookings are short (a few slots of a few intervals each).
 */
final class Warehouse {

    /** Runs that ended this long ago (real ms) can no longer collide with a new booking and are forgotten. */
    private static final long FORGET_AFTER_MS = 60_000;

    private final List<List<long[]>> slots;

    Warehouse(int slotCount) {
        slots = new ArrayList<>(slotCount);
        for (int i = 0; i < slotCount; i++) {
            slots.add(new ArrayList<>());
        }
    }

    /**
     * Books {@code durationMs} of one slot at the earliest start at or after {@code readyAtMs}.
     *
     * @param nowMs current time; bookings that ended a minute before it are forgotten
     * @return the start time of the booked run (epoch ms)
     */
    synchronized long book(long readyAtMs, long durationMs, long nowMs) {
        // Callers read the clock before taking this lock, so a later booking can carry an earlier "now" (and ready
        // time) than one already made: keep a minute of past runs, not just those still running at nowMs.
        long forgetBefore = nowMs - FORGET_AFTER_MS;
        long bestStart = Long.MAX_VALUE;
        int bestSlot = 0;
        int bestIndex = 0;
        for (int s = 0; s < slots.size(); s++) {
            List<long[]> runs = slots.get(s);
            runs.removeIf(r -> r[1] < forgetBefore);
            long start = readyAtMs;
            int index = 0;
            for (long[] r : runs) {
                if (start + durationMs <= r[0]) {
                    break;
                }
                start = Math.max(start, r[1]);
                index++;
            }
            if (start < bestStart) {
                bestStart = start;
                bestSlot = s;
                bestIndex = index;
            }
            if (start == readyAtMs) {
                break;
            }
        }
        slots.get(bestSlot).add(bestIndex, new long[] {bestStart, bestStart + durationMs});
        return bestStart;
    }

    /** Number of queries running at {@code atMs}. */
    synchronized int running(long atMs) {
        int n = 0;
        for (List<long[]> runs : slots) {
            for (long[] r : runs) {
                if (r[0] <= atMs && atMs < r[1]) {
                    n++;
                }
            }
        }
        return n;
    }
}
