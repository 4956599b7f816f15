package io.geniejmeter.conversation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The {@code filter} block of a conversation file: the creation-time window an export was limited to with
 * {@code --from} / {@code --to}. Either end may be absent (null); the original writes only the keys of the ends that
 * were given, and so does this project.
 *
 * @param fromTimestamp start of the window, epoch milliseconds, inclusive; null when open
 * @param fromTimestampIso the same instant as the original writes it (for example {@code 2026-01-15T00:00:00+00:00})
 * @param toTimestamp end of the window, epoch milliseconds, inclusive; null when open
 * @param toTimestampIso the same instant as text
 */
public record TimeFilter(Long fromTimestamp, String fromTimestampIso, Long toTimestamp, String toTimestampIso) {

    /**
     * Builds a filter from epoch milliseconds, with the ISO texts formatted like the original (UTC, {@code +00:00},
     * microseconds only when not zero).
     *
     * @param fromMs start, epoch milliseconds, or null
     * @param toMs end, epoch milliseconds, or null
     * @return the filter
     */
    public static TimeFilter of(Long fromMs, Long toMs) {
        return new TimeFilter(fromMs, fromMs == null ? null : isoUtc(fromMs), toMs, toMs == null ? null : isoUtc(toMs));
    }

    /**
     * Formats epoch milliseconds the way Python's {@code datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
     * .isoformat()} does, so files match the original byte for byte.
     *
     * @param epochMs epoch milliseconds
     * @return for example {@code 2026-01-28T08:17:30.463000+00:00} or {@code 2026-01-15T00:00:00+00:00}
     */
    public static String isoUtc(long epochMs) {
        OffsetDateTime t = Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC);
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? base + "+00:00" : base + String.format(".%06d", micros) + "+00:00";
    }
}
