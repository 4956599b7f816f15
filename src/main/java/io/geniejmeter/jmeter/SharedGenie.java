package io.geniejmeter.jmeter;

import io.geniejmeter.genie.GenieAsker;
import io.geniejmeter.settings.GenieSettings;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Genie client that all threads of a test share (one test runs per JVM at a time): created once per test
 * from {@link TestSettings#current()}, again if those settings change (a Genie Connection element whose
 * {@code testStarted} ran after a sampler's), closed when the test ends.
 *
 * <p>Threads: created and closed under this class's lock; sampler threads read the volatile fields without it.
 */
final class SharedGenie {

    private static final Logger log = LoggerFactory.getLogger(SharedGenie.class);

    private static final Object LOCK = new Object();
    private static volatile GenieAsker asker;
    private static volatile String error;
    /** Guarded by LOCK: the settings the current asker (or error) was made from. */
    private static GenieSettings madeFrom;

    private SharedGenie() {
    }

    /**
     * The test's shared asker, made by {@code factory} on first use; null when that failed, with the reason in
     * {@link #error()}.
     */
    static GenieAsker asker(Supplier<GenieAsker> factory) {
        GenieAsker current = asker;
        if (current != null || error != null) {
            return current;
        }
        synchronized (LOCK) {
            if (asker == null && error == null) {
                try {
                    madeFrom = TestSettings.current();
                    asker = factory.get();
                } catch (RuntimeException e) {
                    error = "Cannot connect to Genie: " + e.getMessage();
                    log.error("{}", error, e);
                }
            }
            return asker;
        }
    }

    /** Connects now (before any thread starts), or again if the test's settings changed since the last connect. */
    static void connect(Supplier<GenieAsker> factory) {
        synchronized (LOCK) {
            if ((asker != null || error != null) && madeFrom != TestSettings.current()) {
                close();
            }
            asker(factory);
        }
    }

    /** Why there is no asker, or null. */
    static String error() {
        return error;
    }

    /**
     * Closes the shared asker (and releases the embedded simulator) so the next test starts afresh.
     *
     * @return the asker closed, for its final figures; null when there was none
     */
    static GenieAsker close() {
        synchronized (LOCK) {
            GenieAsker closing = asker;
            asker = null;
            error = null;
            madeFrom = null;
            if (closing != null) {
                try {
                    closing.close();
                } catch (RuntimeException e) {
                    log.warn("Closing the Genie client failed", e);
                }
            }
            return closing;
        }
    }
}
