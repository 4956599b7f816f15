package io.geniejmeter.genie;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import io.geniejmeter.time.Clock;
import java.io.IOException;

/**
 * Records, per thread, when the last HTTP request of the SDK was handed to the connection and when its response came
 * back, so {@link GenieClient} can time Genie and not the SDK's own preparation (JSON writing, auth headers) or
 * response parsing. On a cold or busy load generator those take tens of milliseconds, which would otherwise be
 * counted as Genie's time.
 *
 * <p>{@link #wrap} is applied by {@link WorkspaceClients#create}, on {@link Clock#SYSTEM}; tests wrap an HTTP client
 * on a hand-moved clock. A record names the clock it was read from, and a {@link GenieClient} uses only records
 * taken on its own clock (instants of two clocks cannot be compared). The records are thread-confined
 * ({@link ThreadLocal}), so concurrent sampler threads never see each other's times.
 */
final class WireTiming {

    /** The last request on this thread: start and end nanos, the clock read, a sequence growing per request. */
    static final class Last {
        long startNanos;
        long endNanos;
        long sequence;
        Clock clock;
    }

    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    private WireTiming() {
    }

    /** The current thread's record (mutable, thread-confined). */
    static Last last() {
        return LAST.get();
    }

    /** An SDK HTTP client that records the wire times of every request it executes on {@link Clock#SYSTEM}. */
    static HttpClient wrap(HttpClient delegate) {
        return wrap(delegate, Clock.SYSTEM);
    }

    /** An SDK HTTP client that records the wire times of every request it executes on {@code clock}. */
    static HttpClient wrap(HttpClient delegate, Clock clock) {
        return new HttpClient() {
            @Override
            public Response execute(Request request) throws IOException {
                Last last = LAST.get();
                long start = clock.nanoTime();
                try {
                    return delegate.execute(request);
                } finally {
                    last.startNanos = start;
                    last.endNanos = clock.nanoTime();
                    last.clock = clock;
                    last.sequence++;
                }
            }
        };
    }
}
