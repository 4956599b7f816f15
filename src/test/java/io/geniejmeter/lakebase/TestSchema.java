package io.geniejmeter.lakebase;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * The schema as a user configures it: {@code GENIE_PG_URL} without the password (the product refuses one in the
     * URL), and {@code GENIE_PG_PASSWORD}, as {@code KEY=value} lines.
     */
    public List<String> settingLines() {
        Matcher m = Pattern.compile("([?&])password=([^&]*)&?").matcher(url);
        List<String> lines = new ArrayList<>();
        if (!m.find()) {
            lines.add("GENIE_PG_URL=" + url);
            return lines;
        }
        String bare = (url.substring(0, m.start()) + m.group(1) + url.substring(m.end())).replaceAll("[?&]$", "");
        lines.add("GENIE_PG_URL=" + bare);
        lines.add("GENIE_PG_PASSWORD=" + m.group(2));
        return lines;
    }

    @Override
    public void close() {
        server.dropSchema(name);
    }
}
