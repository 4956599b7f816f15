package io.geniejmeter.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {

    private static final Instant NOW = Instant.parse("2026-01-28T08:00:00Z");
    // A zone far from UTC: results must not depend on the machine's zone.
    private final Clock clock = Clock.fixed(NOW, ZoneId.of("Pacific/Kiritimati"));

    private long parse(String text) {
        return TimeArgument.parse(text, "--from", clock);
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void readsRelativeTimesBeforeNow() {
        assertEquals(NOW.toEpochMilli() - 30 * 60_000L, parse("30m"));
        assertEquals(NOW.toEpochMilli() - 24 * 3_600_000L, parse("24h"));
        assertEquals(NOW.toEpochMilli() - 7 * 86_400_000L, parse("7d"));
        assertEquals(NOW.toEpochMilli() - 14 * 86_400_000L, parse("2W"));
    }

    @Test
    void readsIsoTimesAsUtcUnlessAZoneIsGiven() {
        assertEquals(ms("2026-01-15T10:30:00Z"), parse("2026-01-15T10:30:00"));
        assertEquals(ms("2026-01-15T10:30:00.250Z"), parse("2026-01-15T10:30:00.250"));
        assertEquals(ms("2026-01-15T10:30:00Z"), parse("2026-01-15T10:30:00Z"));
        assertEquals(ms("2026-01-15T09:30:00Z"), parse("2026-01-15T10:30:00+01:00"));
        assertEquals(ms("2026-01-15T09:30:00Z"), parse("2026-01-15T10:30:00+0100"));
    }

    @Test
    void readsADateAsTheStartOfThatDayInUtc() {
        assertEquals(ms("2026-01-15T00:00:00Z"), parse("2026-01-15"));
        assertEquals(ms("2026-01-15T00:00:00Z"), parse(" 2026-01-15 "));
    }

    @Test
    void listsTheAcceptedFormsWhenItCannotRead() {
        for (String bad : new String[] {"yesterday", "7y", "2026-13-01", "2026/01/15", "", "-5d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad));
            assertTrue(e.getMessage().startsWith("Cannot read --from '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("30m, 24h, 7d, 1w"), e.getMessage());
        }
    }
}
