package io.geniejmeter.genie;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpDelete;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpHead;
import org.apache.http.client.methods.HttpPatch;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * The SDK's HTTP client for load tests: Apache HttpClient 4 like the SDK's own, but every request in flight can be
 * cut short from another thread, so that stopping a test does not wait for answers that hang.
 *
 * <p><b>Why.</b> The SDK's client blocks in socket reads, which ignore {@link Thread#interrupt()}: a Stop while Genie
 * hangs would wait for the HTTP timeout ({@code GENIE_HTTP_TIMEOUT_SECONDS}) per user. Here each request is
 * registered under the thread that executes it while it is in flight, and {@link #interrupt(Thread)} (called by the
 * stopping thread instead of a bare {@code thread.interrupt()}) sets the thread's interrupt flag and aborts that
 * request: a wait for a pooled connection, a connect or a blocked read ends at once with an
 * {@link InterruptedIOException} on the asking thread, which {@link SdkFailure} classifies as
 * {@link SdkFailure.Kind#INTERRUPTED}. The registry is static because the stopping side (a JMeter element) knows the
 * thread, not the client; a thread has at most one request in flight.
 *
 * <p><b>Race.</b> The interrupter sets the flag, then looks the request up; the asking thread registers the request,
 * then checks the flag. Both are volatile steps, so an interrupt that comes just before the request is registered is
 * still seen, and the request is not sent.
 *
 * <p><b>Behaviour otherwise as the SDK's client</b>: one call is one request on the wire (the pool's transparent
 * resend is off), redirects follow the request's choice, the same time-outs for waiting on the pool, connecting and
 * reading, JSON answers read whole (and the connection released), other content types streamed to the caller, who
 * closes the stream.
 */
public final class AbortableHttpClient implements HttpClient {

    private static final ConcurrentMap<Thread, HttpRequestBase> IN_FLIGHT = new ConcurrentHashMap<>();

    private final CloseableHttpClient http;
    private final RequestConfig defaults;

    /**
     * A client over {@code pool}, giving up on the pool, the connect and each read after {@code timeoutSeconds}.
     */
    AbortableHttpClient(PoolingHttpClientConnectionManager pool, int timeoutSeconds) {
        int timeoutMs = Math.multiplyExact(timeoutSeconds, 1000);
        this.defaults = RequestConfig.custom().setConnectionRequestTimeout(timeoutMs).setConnectTimeout(timeoutMs)
                .setSocketTimeout(timeoutMs).build();
        HttpRequestRetryHandler noResend = (exception, executionCount, context) -> false;
        this.http = HttpClients.custom().setConnectionManager(pool).setRetryHandler(noResend)
                .setDefaultRequestConfig(defaults).build();
    }

    /**
     * Interrupts {@code thread} and aborts the HTTP request it has in flight through any client of this class.
     *
     * @return true when a request was in flight and was aborted
     */
    public static boolean interrupt(Thread thread) {
        thread.interrupt();
        HttpRequestBase request = IN_FLIGHT.get(thread);
        if (request == null) {
            return false;
        }
        request.abort();
        return true;
    }

    /** How many requests are in flight right now, over all clients (for tests and diagnostics). */
    public static int inFlight() {
        return IN_FLIGHT.size();
    }

    @Override
    public Response execute(Request in) throws IOException {
        HttpRequestBase request = toApache(in);
        Thread me = Thread.currentThread();
        IN_FLIGHT.put(me, request);
        boolean handedOver = false;
        try {
            if (me.isInterrupted()) {
                request.abort(); // interrupted before the request was registered: do not send it
            }
            HttpClientContext context = HttpClientContext.create();
            CloseableHttpResponse response = http.execute(request, context);
            if (streamed(in, response)) {
                handedOver = true; // stays abortable until the caller closes the stream
                return streaming(in, response, context, me, request);
            }
            return whole(in, response, context);
        } catch (IOException e) {
            if (request.isAborted()) {
                InterruptedIOException aborted = new InterruptedIOException("HTTP request aborted: the test is"
                        + " stopping (" + in.getMethod() + " " + in.getUri().getPath() + ")");
                aborted.initCause(e);
                throw aborted;
            }
            throw e;
        } finally {
            if (!handedOver) {
                IN_FLIGHT.remove(me, request);
            }
        }
    }

    private HttpRequestBase toApache(Request in) {
        URI uri = in.getUri();
        HttpRequestBase request = switch (in.getMethod()) {
            case Request.GET -> new HttpGet(uri);
            case Request.HEAD -> new HttpHead(uri);
            case Request.DELETE -> new HttpDelete(uri);
            case Request.POST -> withBody(new HttpPost(uri), in);
            case Request.PUT -> withBody(new HttpPut(uri), in);
            case Request.PATCH -> withBody(new HttpPatch(uri), in);
            default -> throw new IllegalArgumentException("Unknown HTTP method: " + in.getMethod());
        };
        in.getRedirectionBehavior().ifPresent(follow -> request.setConfig(RequestConfig.copy(defaults)
                .setRedirectsEnabled(follow).build()));
        in.getHeaders().forEach(request::setHeader);
        return request;
    }

    private static HttpRequestBase withBody(HttpEntityEnclosingRequestBase request, Request in) {
        if (in.isBodyString()) {
            request.setEntity(new StringEntity(in.getBodyString(), StandardCharsets.UTF_8));
        } else if (in.isBodyStreaming()) {
            request.setEntity(new InputStreamEntity(in.getBodyStream()));
        }
        return request;
    }

    /**
     * True for an answer to hand over as a stream the caller closes: a content type other than JSON, asked for with
     * a non-JSON {@code Accept} (file downloads). JSON and every error are read whole.
     */
    private static boolean streamed(Request in, CloseableHttpResponse response) {
        String json = ContentType.APPLICATION_JSON.getMimeType();
        String accept = in.getHeaders().get("Accept");
        HttpEntity entity = response.getEntity();
        ContentType type = entity == null ? null : ContentType.get(entity);
        return entity != null && accept != null && !json.equals(accept)
                && (type == null || !json.equals(type.getMimeType()));
    }

    /** The SDK's response read whole, the connection released. */
    private static Response whole(Request in, CloseableHttpResponse response, HttpClientContext context)
            throws IOException {
        try {
            HttpEntity entity = response.getEntity();
            String body = entity == null ? null : EntityUtils.toString(entity, StandardCharsets.UTF_8);
            return new Response(in, finalUrl(in, context), response.getStatusLine().getStatusCode(),
                    response.getStatusLine().getReasonPhrase(), headers(response), body);
        } finally {
            response.close();
        }
    }

    /** The SDK's response with the body as a stream; closing it releases the connection. */
    private static Response streaming(Request in, CloseableHttpResponse response, HttpClientContext context,
                                      Thread owner, HttpRequestBase request) throws IOException {
        InputStream body = new FilterInputStream(response.getEntity().getContent()) {
            @Override
            public void close() throws IOException {
                try {
                    response.close();
                } finally {
                    IN_FLIGHT.remove(owner, request);
                }
            }
        };
        return new Response(in, finalUrl(in, context), response.getStatusLine().getStatusCode(),
                response.getStatusLine().getReasonPhrase(), headers(response), body);
    }

    private static Map<String, List<String>> headers(CloseableHttpResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : response.getAllHeaders()) {
            headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
        }
        return headers;
    }

    /** Where the answer came from: the last redirect's target, else the request's address. */
    private static URL finalUrl(Request in, HttpClientContext context) throws IOException {
        List<URI> redirects = context.getRedirectLocations();
        URI uri = redirects == null || redirects.isEmpty() ? in.getUri() : redirects.get(redirects.size() - 1);
        return uri.toURL();
    }
}
