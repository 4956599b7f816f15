package io.geniejmeter.lakebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.geniejmeter.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** When the Lakebase token is re-minted, on a hand-moved clock. */
class RefreshingPasswordTest {

    private final ManualClock clock = new ManualClock();
    private int minted;
    private final Deque<Duration> lifetimes = new ArrayDeque<>();

    private DatabaseCredential mint() {
        minted++;
        Duration life = lifetimes.isEmpty() ? Duration.ofHours(1) : lifetimes.pop();
        return new DatabaseCredential("token-" + minted, Instant.ofEpochMilli(clock.wallMillis()).plus(life));
    }

    @Test
    void shouldMintOnFirstUseAndKeepTheTokenUntilFiftyMinutesOfItsHour() {
        RefreshingPassword password = new RefreshingPassword(this::mint, clock);
        assertEquals(0, password.mints(), "nothing minted before a connection asks");

        assertEquals("token-1", password.get());
        clock.advance(Duration.ofMinutes(49).plusSeconds(59));
        assertEquals("token-1", password.get());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("token-2", password.get(), "re-minted 10 minutes before the one-hour token expires");
        assertEquals("token-2", password.get());
        assertEquals(2, password.mints());
    }

    @Test
    void shouldReplaceAShortLivedTokenAtHalfItsLife() {
        lifetimes.add(Duration.ofMinutes(8));
        RefreshingPassword password = new RefreshingPassword(this::mint, clock);
        assertEquals("token-1", password.get());
        clock.advance(Duration.ofMinutes(3).plusSeconds(59));
        assertEquals("token-1", password.get());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("token-2", password.get());
    }

    @Test
    void shouldTryAgainOnTheNextConnectionAfterAFailedMint() {
        boolean[] fail = {true};
        RefreshingPassword password = new RefreshingPassword(() -> {
            if (fail[0]) {
                throw new CacheDatabaseException(CacheDatabaseException.Kind.LOGIN, "workspace down", null);
            }
            return mint();
        }, clock);

        assertThrows(CacheDatabaseException.class, password::get);
        fail[0] = false;
        assertEquals("token-1", password.get());
    }
}
