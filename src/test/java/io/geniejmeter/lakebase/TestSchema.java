package io.geniejmeter.lakebase;

/**
 * One test's schema on the {@link TestPostgres} server, dropped with its tables by {@link #close()}.
 *
 * @param url JDBC URL of the administrator with this schema first in the search path (pgvector's type stays
 *            reachable in {@code public})
 */
public record TestSchema(TestPostgres server, String name, String url) implements AutoCloseable {

    /** A pool on this schema with {@code options}. */
    public CacheDatabase database(PoolOptions options) {
        return CacheDatabase.plain(url, null, null, options);
    }

    @Override
    public void close() {
        server.dropSchema(name);
    }
}
