package io.geniejmeter.lakebase;

import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The password of each new pool connection when it is a Lakebase token: minted on first use and re-minted
 * {@link #REFRESH_MARGIN} before it expires (at 50 minutes for Lakebase's one-hour tokens, as the original tool does),
 * so a connection is never opened with a token about to expire. A token that lives less than twice the margin is
 * re-minted at half its life. Time is read from the injected {@link Clock}'s wall time, since the server's expiry is
 * a wall time.
 *
 * <p>Thread-safe: the pool's connection-adding threads call {@link #get()}; minting is serialised so that a burst of
 * new connections mints one token, not one each. A failed mint is not remembered: the next call tries again.
 */
public final class RefreshingPassword implements Supplier<String> {

    /** How long before expiry a token is replaced: 10 minutes. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(10);

    private final CredentialSource source;
    private final Clock clock;
    // Guarded by this.
    private DatabaseCredential current;
    private long refreshAtMs;
    private int mints;

    public RefreshingPassword(CredentialSource source, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The current token, minting a new one first when there is none or it is due for replacement. */
    @Override
    public synchronized String get() {
        long now = clock.wallMillis();
        if (current == null || now >= refreshAtMs) {
            DatabaseCredential fresh = source.mint();
            long expiresMs = fresh.expiresAt().toEpochMilli();
            long margin = Math.min(REFRESH_MARGIN.toMillis(), Math.max(0, (expiresMs - now) / 2));
            current = fresh;
            refreshAtMs = expiresMs - margin;
            mints++;
        }
        return current.token();
    }

    /** How many tokens were minted so far. */
    public synchronized int mints() {
        return mints;
    }

    @Override
    public String toString() {
        return "RefreshingPassword[" + source + "]";
    }
}
