package io.geniejmeter.genie;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The statuses of one message as the client observed them, and the time spent in each: pure arithmetic on
 * client-clock nanoseconds and the server's millisecond time stamps, with no SDK and no clock of its own (the caller
 * passes every instant), so it is tested on plain numbers.
 *
 * <p><b>Observations.</b> Each response (the POST that created the message, then every poll) brings the message's
 * status and its server time stamps. A status first seen in the response to a request began after the previous
 * request was sent and before that response arrived: its <i>observation bracket</i>. The server's
 * {@code last_updated_timestamp} that comes with a new status says when it began, on the server's clock.
 *
 * <p><b>Instants.</b> The message's creation is placed at sending plus the one-way network delay (half the quickest
 * round trip of this question); a status change at creation plus the server's own {@code S - created}, kept within
 * its observation bracket (less the POST's duration, during which creation may have happened), so contradictory time
 * stamps cannot produce impossible figures; without time stamps, the middle of the bracket. Differences of server
 * time stamps need no clock synchronisation.
 *
 * <p><b>Durations.</b> {@link #spans} gives each status with its start and end on the client clock;
 * {@link StatusSpans#millisPerStatus()} the milliseconds spent per status, which is what the sampler reports.
 *
 * <p>Not thread-safe: one timeline belongs to one question on one thread.
 */
final class StatusTimeline {

    /** Shown as the last status before any was seen. */
    static final String NO_STATUS = "none";

    /**
     * A status as first seen.
     *
     * @param status         the status name
     * @param notBeforeNanos the previous request was sent at this client instant: the status began after it
     * @param notAfterNanos  the response that showed the status arrived at this client instant
     * @param serverTs       the server's {@code last_updated_timestamp} with it (epoch ms), else null
     */
    record Observation(String status, long notBeforeNanos, long notAfterNanos, Long serverTs) {
    }

    /**
     * One status on the client clock.
     *
     * @param status     the status name
     * @param startNanos when it began (client nanos)
     * @param endNanos   when the next status began, or, for a status still running, the instant given to
     *                   {@link #spans}
     */
    record Span(String status, long startNanos, long endNanos) {
        /** Time spent in the status, milliseconds rounded, never negative. */
        long millis() {
            return toMillis(endNanos - startNanos);
        }
    }

    /**
     * The spans of one message, in the order seen, and the first status change.
     *
     * @param spans                 each status in order (a status seen twice has two spans)
     * @param firstStatusChangeMs   from sending until the second status began, ms; null when only one was seen
     */
    record StatusSpans(List<Span> spans, Long firstStatusChangeMs) {
        StatusSpans {
            spans = List.copyOf(spans);
        }

        /** Milliseconds spent in each status, in the order first seen; a status seen twice sums its spans. */
        Map<String, Long> millisPerStatus() {
            Map<String, Long> perStatus = new LinkedHashMap<>();
            for (Span s : spans) {
                perStatus.merge(s.status(), s.millis(), Long::sum);
            }
            return Collections.unmodifiableMap(perStatus);
        }
    }

    private long sentNanos;
    private long postDoneNanos;
    private long minRoundTripNanos = Long.MAX_VALUE;
    private long lastRequestStartNanos;
    private Long createdTs;
    private Long latestServerTs;
    private final List<Observation> seen = new ArrayList<>();

    /** A timeline for a question sent at {@code sentNanos}; {@link #postAnswered} corrects the instant. */
    StatusTimeline(long sentNanos) {
        this.sentNanos = sentNanos;
        this.postDoneNanos = sentNanos;
    }

    /** The question was on the wire from {@code sentNanos} until its answer arrived at {@code doneNanos}. */
    void postAnswered(long sentNanos, long doneNanos) {
        this.sentNanos = sentNanos;
        this.postDoneNanos = doneNanos;
    }

    /** When the question was sent (client nanos). */
    long sentNanos() {
        return sentNanos;
    }

    /** When the answer to the question's POST arrived (client nanos). */
    long postDoneNanos() {
        return postDoneNanos;
    }

    /**
     * Records one response (the POST or a poll) sent at {@code requestStartNanos} and answered at
     * {@code responseEndNanos}: its round trip, and a new {@link Observation} when the status differs from the last.
     *
     * @param status      the message's status in the response, or null when the response held no message
     * @param createdTs   the message's {@code created_timestamp}, or null
     * @param lastUpdated the message's {@code last_updated_timestamp}, or null
     */
    void observe(long requestStartNanos, long responseEndNanos, String status, Long createdTs, Long lastUpdated) {
        long previousRequestStart = seen.isEmpty() ? sentNanos : lastRequestStartNanos;
        lastRequestStartNanos = requestStartNanos;
        minRoundTripNanos = Math.min(minRoundTripNanos, responseEndNanos - requestStartNanos);
        if (status == null) {
            return;
        }
        if (this.createdTs == null) {
            this.createdTs = createdTs;
        }
        latestServerTs = lastUpdated;
        if (seen.isEmpty() || !seen.get(seen.size() - 1).status().equals(status)) {
            seen.add(new Observation(status, previousRequestStart, responseEndNanos, lastUpdated));
        }
    }

    /** The statuses as first seen, in order. */
    List<Observation> observations() {
        return List.copyOf(seen);
    }

    /** The last status seen, or {@value #NO_STATUS}. */
    String lastStatus() {
        return seen.isEmpty() ? NO_STATUS : seen.get(seen.size() - 1).status();
    }

    /** From sending until the last status began (client nanos); requires a status. */
    long timeToLastStatusNanos() {
        return instantOf(seen.get(seen.size() - 1)) - sentNanos;
    }

    /**
     * Server time from creation until the last status began, from the server's time stamps
     * ({@code last_updated(first seen with the last status) - created}); null without consistent stamps.
     */
    Long serverMsToLastStatus() {
        return seen.isEmpty() ? null : serverMs(seen.get(seen.size() - 1).serverTs());
    }

    /**
     * Server time from creation until the latest response's {@code last_updated_timestamp}: the figure for an answer
     * given up before the final status. Null without consistent stamps.
     */
    Long serverMsToLatestUpdate() {
        return serverMs(latestServerTs);
    }

    private Long serverMs(Long ts) {
        if (createdTs != null && ts != null && ts >= createdTs) {
            return ts - createdTs;
        }
        return null;
    }

    /**
     * Each status from when it began until the next began. The last status ends where it began (a final status takes
     * no time) unless {@code runningUntilNanos} is given: then it is still running and ends there.
     *
     * @param runningUntilNanos null when the last status is final, else the client instant it was left running at
     */
    StatusSpans spans(Long runningUntilNanos) {
        List<Span> spans = new ArrayList<>();
        Long firstChangeMs = null;
        if (seen.isEmpty()) {
            return new StatusSpans(spans, null);
        }
        long previous = createdTs != null ? createdNanos() : seen.get(0).notBeforeNanos();
        for (int i = 1; i < seen.size(); i++) {
            long at = instantOf(seen.get(i));
            spans.add(new Span(seen.get(i - 1).status(), previous, at));
            if (firstChangeMs == null) {
                firstChangeMs = toMillis(at - sentNanos);
            }
            previous = at;
        }
        if (runningUntilNanos != null) {
            spans.add(new Span(lastStatus(), previous, runningUntilNanos));
        }
        return new StatusSpans(spans, firstChangeMs);
    }

    /**
     * Client-clock instant taken as the message's creation: sending plus the one-way network delay, estimated as half
     * the quickest round trip of this question (POST or poll). Time the POST spent before Genie created the message
     * beyond that (the SDK's connection set-up, a busy load generator, an accept queue) is not Genie's processing and
     * is left out, so the latency matches what Genie itself took.
     */
    long createdNanos() {
        long quickest = minRoundTripNanos == Long.MAX_VALUE ? postDoneNanos - sentNanos : minRoundTripNanos;
        return sentNanos + quickest / 2;
    }

    /**
     * Client-clock instant of a status change: creation plus the server's own {@code S - created}, kept within what
     * the polls saw (not after the response that first showed it, not before the last request that did not, less the
     * POST's duration, during which creation may have happened). Without time stamps: the middle of that bracket.
     */
    long instantOf(Observation s) {
        if (s.serverTs() != null && createdTs != null && s.serverTs() >= createdTs) {
            long estimate = createdNanos() + TimeUnit.MILLISECONDS.toNanos(s.serverTs() - createdTs);
            long earliest = s.notBeforeNanos() - (postDoneNanos - sentNanos);
            return Math.max(earliest, Math.min(s.notAfterNanos(), estimate));
        }
        return s.notBeforeNanos() + (s.notAfterNanos() - s.notBeforeNanos()) / 2;
    }

    /** Nanoseconds to milliseconds, rounded, never negative. */
    static long toMillis(long nanos) {
        return Math.max(0, Math.round(nanos / 1_000_000.0));
    }
}
