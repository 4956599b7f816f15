package io.geniejmeter.cli;

import io.geniejmeter.lakebase.LocalPostgres;
import io.geniejmeter.lakebase.LocalPostgresException;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bin/genie-loadtest-cached} on the simulator with no database configured: the local PostgreSQL with pgvector
 * ({@link LocalPostgres}, as {@code bin/genie-postgres start}) that the test's semantic cache then uses. One that
 * already runs in the folder is used and left running; one started here is stopped and deleted when the test ends
 * (also on Ctrl-C), unless {@code --keep-postgres} asks to leave it running for the next run or a look at its table.
 * JMeter gets the URL and user as properties and the password in its environment, never on its command line.
 */
final class LocalCacheDatabase implements AutoCloseable {

    private final LocalPostgres pg;
    private final boolean stopAtEnd;
    private final PrintStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread onInterrupt;

    private LocalCacheDatabase(LocalPostgres pg, boolean stopAtEnd, PrintStream out) {
        this.pg = pg;
        this.stopAtEnd = stopAtEnd;
        this.out = out;
        this.onInterrupt = stopAtEnd ? new Thread(this::stop, "stop-local-postgres") : null;
    }

    /** Whether {@code scenario} on this target with these settings needs a local database. */
    static boolean needed(Scenario scenario, GenieSettings settings, boolean simulator) {
        return scenario == Scenario.CACHED && simulator && settings.optional(Settings.GENIE_PG_URL).isEmpty()
                && settings.optional(Settings.GENIE_LAKEBASE_INSTANCE).isEmpty();
    }

    /**
     * Why a distributed run cannot use the local PostgreSQL, and what to configure instead: it listens on this
     * machine's loopback, out of reach of nodes on other machines, and its password would have to travel from the
     * controller to the nodes, which secrets never do (nodes on this machine could reach it, but not log in).
     */
    static String notForRemoteNodes(List<String> nodes, boolean allOnThisMachine) {
        String why = allOnThisMachine
                ? "the local PostgreSQL it would start has a password that never travels from the controller, so the"
                        + " nodes could not log in to it"
                : "the local PostgreSQL it would start listens on this machine's loopback, out of reach of the nodes"
                        + " on other machines (" + String.join(",", nodes) + ")";
        String where = allOnThisMachine
                ? " For nodes on this machine: 'bin/genie-postgres start', then the three lines of 'bin/genie-postgres"
                        + " env' in each node's .env and in this folder's."
                : " Put the same settings in each node's .env and in this folder's .env (or the options --pg-url,"
                        + " --lakebase-instance here).";
        return "With --remote the Lakebase cache test needs one database that every node reaches, and none is"
                + " configured (no GENIE_PG_URL, no GENIE_LAKEBASE_INSTANCE): " + why + ". Configure GENIE_PG_URL"
                + " (with GENIE_PG_USER and GENIE_PG_PASSWORD) of a PostgreSQL with pgvector that listens on an"
                + " address the nodes reach, or a Lakebase instance (GENIE_LAKEBASE_INSTANCE with"
                + " GENIE_LAKEBASE_CLIENT_ID and GENIE_LAKEBASE_CLIENT_SECRET)." + where;
    }

    /**
     * Starts (or finds running) the local PostgreSQL the settings describe.
     *
     * @throws LoadTestLauncher.LaunchException saying what to install, or which database to configure instead
     */
    static LocalCacheDatabase start(GenieSettings settings, Map<String, String> environment, Path workingDir,
                                    Path projectDir, boolean keep, PrintStream out)
            throws LoadTestLauncher.LaunchException {
        LocalPostgres pg;
        try {
            pg = LocalPostgres.start(LocalPostgresCommand.options(settings, workingDir, projectDir, environment));
        } catch (LocalPostgresException e) {
            throw new LoadTestLauncher.LaunchException("The Lakebase cache test needs a PostgreSQL with pgvector."
                    + " None is configured (no GENIE_PG_URL, no GENIE_LAKEBASE_INSTANCE), so it starts a local one,"
                    + " which is not possible here. " + e.getMessage() + ". Or configure a database instead:"
                    + " --pg-url (GENIE_PG_URL, with GENIE_PG_USER and GENIE_PG_PASSWORD) for any PostgreSQL with"
                    + " pgvector, or a Lakebase instance (GENIE_LAKEBASE_INSTANCE with GENIE_LAKEBASE_CLIENT_ID and"
                    + " GENIE_LAKEBASE_CLIENT_SECRET).");
        }
        LocalCacheDatabase db = new LocalCacheDatabase(pg, !pg.reused() && !keep, out);
        if (pg.reused()) {
            out.println("Semantic cache: the " + pg + " that is already running (left running; 'bin/genie-postgres"
                    + " stop' stops it).");
        } else {
            out.println("Semantic cache: a " + pg + ", started for this test"
                    + (keep ? " and left running after it (--keep-postgres)." : ", stopped at its end."));
        }
        if (db.onInterrupt != null) {
            Runtime.getRuntime().addShutdownHook(db.onInterrupt);
        }
        return db;
    }

    /** The JMeter properties that point the plan's cache at the database (no secret). */
    Map<String, String> properties() {
        return Map.of(Settings.GENIE_PG_URL.property().orElseThrow(), pg.jdbcUrl(),
                Settings.GENIE_PG_USER.property().orElseThrow(), LocalPostgres.USER);
    }

    /** The environment JMeter gets on top of this one: the password. */
    Map<String, String> environment() {
        return Map.of(Settings.GENIE_PG_PASSWORD.name(), pg.password());
    }

    /** Stops the database when this run started it (and --keep-postgres was not given); says what happened. */
    @Override
    public void close() {
        if (onInterrupt != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                return; // the hook stops it
            }
        }
        if (stopAtEnd) {
            stop();
        } else if (!pg.reused()) {
            out.println("The " + pg + " keeps running; 'bin/genie-postgres stop' stops it and deletes its data.");
        }
    }

    private void stop() {
        if (closed.compareAndSet(false, true)) {
            pg.close();
            out.println("Stopped the " + pg + " and deleted its data.");
        }
    }
}
