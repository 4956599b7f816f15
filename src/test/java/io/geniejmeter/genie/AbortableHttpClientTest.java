package io.geniejmeter.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK's HTTP client that a stopping thread can cut short, against a loopback server that never answers. */
class AbortableHttpClientTest {

    private ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean answer;

    @BeforeEach
    void startASilentServer() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    if (answer) {
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                                + "{\"ok\":true}").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            } catch (java.io.IOException e) {
                // closed at the end of the test
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopTheServer() throws Exception {
        server.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private AbortableHttpClient client() {
        return new AbortableHttpClient(WorkspaceClients.connectionManager(4), 60);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/api/2.0/genie/spaces/s/conversations/c/messages/m";
    }

    @Test
    void answersLikeTheSdksClient() throws Exception {
        answer = true;

        Response r = client().execute(new Request("GET", url()));

        assertEquals(200, r.getStatusCode());
        assertEquals("{\"ok\":true}", new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, AbortableHttpClient.inFlight());
    }

    @Test
    void cutsAHangingCallShortWhenTheThreadIsInterruptedThroughIt() throws Exception {
        AbortableHttpClient client = client();
        Thread[] caller = new Thread[1];
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            caller[0] = Thread.currentThread();
            try {
                client.execute(new Request("GET", url()));
                return null;
            } catch (Exception e) {
                return e;
            }
        }, r -> new Thread(r, "asking").start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (AbortableHttpClient.inFlight() == 0 || connections.get() == 0) {
            assertTrue(System.nanoTime() < deadline, "the request never got on the wire");
            Thread.sleep(5);
        }

        long start = System.nanoTime();
        assertTrue(AbortableHttpClient.interrupt(caller[0]), "a call was in flight");
        Throwable e = failure.get(2, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertInstanceOf(InterruptedIOException.class, e, String.valueOf(e));
        assertTrue(tookMs < 1000, "aborted in " + tookMs + " ms, not at the 60 s timeout");
        assertEquals(0, AbortableHttpClient.inFlight());
    }

    @Test
    void doesNotSendTheRequestOfAnAlreadyInterruptedThread() throws Exception {
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt();
            try {
                client().execute(new Request("GET", url()));
                return null;
            } catch (Exception e) {
                return e;
            }
        }, r -> new Thread(r, "interrupted").start());

        assertInstanceOf(InterruptedIOException.class, failure.get(2, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertEquals(0, connections.get(), "nothing reached the server");
        assertEquals(0, AbortableHttpClient.inFlight());
    }
}
