package io.geniejmeter.simulator;

import java.util.SplittableRandom;

/**
 * A latency distribution for one phase of the simulated Genie lifecycle: uniform between {@code minMs} and
 * {@code maxMs} milliseconds of nominal (unscaled) time, both inclusive. The time scale of the simulator is applied
 * afterwards, so a range of 1000-3000 ms with time scale 0.01 takes 10-30 ms of real time.
 *
 * <p>Written on the command line as {@code MIN-MAX} ({@code 500-2000}) or a single number for a fixed latency.
 */
public record LatencyRange(long minMs, long maxMs) {

    /** No delay at all. */
    public static final LatencyRange ZERO = new LatencyRange(0, 0);

    public LatencyRange {
        if (minMs < 0 || maxMs < minMs) {
            throw new IllegalArgumentException("latency range needs 0 <= min <= max, got " + minMs + "-" + maxMs);
        }
    }

    /** A fixed latency of {@code ms} milliseconds. */
    public static LatencyRange fixed(long ms) {
        return new LatencyRange(ms, ms);
    }

    /**
     * Parses {@code MIN-MAX} or a single number (milliseconds).
     *
     * @throws IllegalArgumentException when the text is neither, saying what is expected
     */
    public static LatencyRange parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-', 1);
        try {
            if (dash < 0) {
                return fixed(Long.parseLong(t));
            }
            return new LatencyRange(Long.parseLong(t.substring(0, dash).trim()),
                    Long.parseLong(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a latency in milliseconds: write MIN-MAX "
                    + "(for example 500-2000) or a single number");
        }
    }

    /** Draws one nominal latency in milliseconds. */
    long draw(SplittableRandom random) {
        return minMs == maxMs ? minMs : minMs + random.nextLong(maxMs - minMs + 1);
    }

    /** Mean in milliseconds, used to document the defaults. */
    public double meanMs() {
        return (minMs + maxMs) / 2.0;
    }

    @Override
    public String toString() {
        return minMs == maxMs ? Long.toString(minMs) : minMs + "-" + maxMs;
    }
}
