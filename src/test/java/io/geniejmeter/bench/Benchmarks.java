package io.geniejmeter.bench;

import io.geniejmeter.lakebase.TestPostgres;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs this package's JMH benchmarks: JMH's own command line ({@code -h} shows it; a name such as
 * {@code CacheBenchmark} selects benchmarks, {@code -p rows=10000} a parameter), given as arguments or, under
 * {@code mvn exec:java}, as the property {@code bench.jmh} ({@code exec.args} would also replace the arguments of the
 * build's own exec executions). Two things beyond {@code org.openjdk.jmh.Main}: the forked JVMs get Maven's test class
 * path (JMH passes on {@code java.class.path}, which under {@code exec:java} is Maven's own), and when
 * {@link PgVectorLookupBenchmark} is selected, the tests' PostgreSQL ({@code GENIE_TEST_PG_URL} or a throwaway
 * cluster, {@link TestPostgres}) is started once for all its forks, which keep its loaded tables between them
 * (loading 100,000 rows and building their index takes minutes); the tables and the cluster are removed at the end,
 * also when a benchmark fails. How to run: docs/benchmarks.md.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String[] jmhArgs = args.length > 0 ? args : System.getProperty("bench.jmh", "").strip().split("\\s+");
        if (jmhArgs.length == 1 && jmhArgs[0].isEmpty()) {
            jmhArgs = new String[0];
        }
        CommandLineOptions options = new CommandLineOptions(jmhArgs);
        if (options.shouldHelp()) {
            options.showHelp();
            return;
        }
        if (options.shouldList() || options.shouldListWithParams()) {
            new Runner(options).listWithParams(options);
            return;
        }
        forkWithThisClassPath();
        if (!needsPostgres(options)) {
            new Runner(options).run();
            return;
        }
        String prefix = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestPostgres pg = TestPostgres.start()) {
            List<String> forkArgs = new ArrayList<>(options.getJvmArgsPrepend().orElse(List.of()));
            forkArgs.add("-D" + PgVectorLookupBenchmark.SCHEMA_PROPERTY + "=" + prefix);
            if (pg.throwaway()) {
                // With GENIE_TEST_PG_URL the forks read it themselves (no password on their command line).
                forkArgs.add("-D" + PgVectorLookupBenchmark.SERVER_PROPERTY + "=" + pg.adminUrl());
            }
            try {
                new Runner(new OptionsBuilder().parent(options).jvmArgsPrepend(forkArgs.toArray(String[]::new))
                        .build()).run();
            } finally {
                dropSchemas(pg, prefix);
            }
        }
    }

    /** Under {@code exec:java} the benchmarks' classes come from a class loader of Maven's: hand its path on. */
    private static void forkWithThisClassPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader
                && loader.findResource("META-INF/BenchmarkList") != null) {
            List<String> path = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    path.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("not a file on the class path: " + url, e);
                }
            }
            System.setProperty("java.class.path", String.join(File.pathSeparator, path));
        }
    }

    private static boolean needsPostgres(CommandLineOptions options) {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().find(OutputFormatFactory.createFormatInstance(
                quiet, VerboseMode.SILENT), options.getIncludes(), options.getExcludes())) {
            if (entry.getUserClassQName().equals(PgVectorLookupBenchmark.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static void dropSchemas(TestPostgres pg, String prefix) throws SQLException {
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + prefix
                    + "%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                st.execute("DROP SCHEMA " + name + " CASCADE");
            }
        }
    }
}
