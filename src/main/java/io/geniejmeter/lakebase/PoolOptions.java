package io.geniejmeter.lakebase;

import java.time.Duration;

/**
 * Size and timeouts of the semantic cache's connection pool. Every wait is bounded, so that a database that is down
 * or hangs costs a cache lookup at most about {@code connectTimeout} (no connection) or {@code statementTimeout}
 * (a statement or a lock wait), after which the cache falls back to live Genie.
 *
 * @param maxConnections   most open connections (the pool opens them on demand and closes idle ones)
 * @param connectTimeout   longest wait for a connection: TCP connect, login and waiting for a free one
 * @param statementTimeout longest run of one statement and of one lock wait, enforced by the server
 *                         ({@code statement_timeout}, {@code lock_timeout}) and, a few seconds later, by the socket
 */
public record PoolOptions(int maxConnections, Duration connectTimeout, Duration statementTimeout) {

    /** 10 connections, 3 s to connect, 5 s per statement. */
    public static final PoolOptions DEFAULTS = new PoolOptions(10, Duration.ofSeconds(3), Duration.ofSeconds(5));

    public PoolOptions {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectTimeout must be at least 250 ms, was " + connectTimeout);
        }
        if (statementTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("statementTimeout must be positive, was " + statementTimeout);
        }
    }

    /** These options with {@code connections} connections at most. */
    public PoolOptions withMaxConnections(int connections) {
        return new PoolOptions(connections, connectTimeout, statementTimeout);
    }
}
