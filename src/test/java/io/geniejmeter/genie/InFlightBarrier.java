package io.geniejmeter.genie;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WireMock response transformer that holds every request it serves until {@code expected} requests are held at
 * once (or {@code maxHold} has passed), and records the largest number held together.
 *
 * <p>It proves "N requests on the wire at the same time" without timing anything: a client that queues requests
 * internally never gets more than its pool size to the server, so the count stays below N however fast or slow the
 * machine is. Stubs opt in with {@code .withTransformers(InFlightBarrier.NAME)}.
 *
 * <p>Threading: {@link #arm} is called by the test thread between waves; {@link #transform} by Jetty's request
 * threads. The latch is replaced only between waves, when no request is in flight.
 */
public final class InFlightBarrier implements ResponseTransformerV2 {

    public static final String NAME = "in-flight-barrier";

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    // volatile: written by the test thread in arm(), read by request threads.
    private volatile CountDownLatch allArrived = new CountDownLatch(0);
    private volatile long maxHoldMillis;

    /**
     * Starts a new wave: hold requests until {@code expected} are in flight together, each at most
     * {@code maxHoldMillis}.
     */
    public void arm(int expected, long maxHoldMillis) {
        this.allArrived = new CountDownLatch(expected);
        this.maxHoldMillis = maxHoldMillis;
        maxInFlight.set(0);
    }

    /** The largest number of requests held at the same time since the last {@link #arm}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        CountDownLatch latch = allArrived;
        latch.countDown();
        try {
            latch.await(maxHoldMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        return response;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
