package io.geniejmeter.lakebase;

import java.time.Instant;
import java.util.Objects;

/**
 * A Lakebase database credential: a token that is the PostgreSQL password of the identity that minted it, and when it
 * expires. Tokens are checked only at login, so connections opened before {@code expiresAt} outlive it.
 *
 * @param token     the password; never logged ({@link #toString()} masks it)
 * @param expiresAt the server's {@code expiration_time}
 */
public record DatabaseCredential(String token, Instant expiresAt) {

    public DatabaseCredential {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "DatabaseCredential[token=****, expiresAt=" + expiresAt + "]";
    }
}
