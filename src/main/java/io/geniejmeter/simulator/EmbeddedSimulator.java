package io.geniejmeter.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide shared simulator used when no workspace is configured: every user (JMeter thread group, command,
 * test) calls {@link #acquire(SimulatorConfig)}, which starts it on first use and hands the same instance to later
 * callers, and {@link #release()} when done; the last release stops it.
 *
 * <p>Synchronisation: both methods are {@code static synchronized} on this class, which guards {@link #instance} and
 * {@link #users}. The configuration of the first acquire wins; a later acquire with a different configuration gets
 * the running instance and a warning in the log.
 */
public final class EmbeddedSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSimulator.class);

    /** Guarded by EmbeddedSimulator.class. */
    private static GenieSimulator instance;
    /** Guarded by EmbeddedSimulator.class: number of acquires not yet released. */
    private static int users;

    private EmbeddedSimulator() {
    }

    /**
     * Returns the shared simulator, starting it with {@code config} if none runs.
     *
     * @throws UncheckedIOException when it cannot start (port taken, unreadable conversations file)
     */
    public static synchronized GenieSimulator acquire(SimulatorConfig config) {
        if (instance == null) {
            try {
                instance = GenieSimulator.start(config);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded Genie simulator: " + e.getMessage(), e);
            }
        } else if (!instance.config().equals(config)) {
            LOG.warn("Embedded Genie simulator already running on {} with other settings; reusing it",
                    instance.baseUrl());
        }
        users++;
        return instance;
    }

    /** How many acquires are not yet released (0: no embedded simulator runs in this JVM). */
    public static synchronized int users() {
        return users;
    }

    /** Releases one acquire; the last one stops the simulator. Extra releases are ignored. */
    public static synchronized void release() {
        if (users == 0) {
            return;
        }
        users--;
        if (users == 0 && instance != null) {
            instance.close();
            instance = null;
        }
    }

    /** The running shared instance, or null. */
    static synchronized GenieSimulator current() {
        return instance;
    }
}
