package io.geniejmeter.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's own HTTP/1.1 server, spoken to over raw sockets to pin down the wire details clients rely on
 * (the SDK-level behaviour is covered by the API tests).
 */
class BlockingHttpServerTest {

    private BlockingHttpServer server;

    /** Echoes method, path and request body; "/drop" closes without an answer. */
    private final HttpHandler echo = ex -> {
        if (ex.getRequestURI().getPath().equals("/drop")) {
            ex.close();
            return;
        }
        byte[] in = ex.getRequestBody().readAllBytes();
        byte[] out = (ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " "
                + new String(in, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = BlockingHttpServer.start("127.0.0.1", 0, echo, 16, "test-http");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static String exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return head.toString(StandardCharsets.US_ASCII);
            }
            head.write(c);
        }
        String h = head.toString(StandardCharsets.US_ASCII);
        if (h.startsWith("HTTP/1.1 100 ")) {
            return h + exchange(s, ""); // interim answer: the final one follows
        }
        int i = h.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(h.substring(i, h.indexOf('\r', i)));
        return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void shouldServeSeveralRequestsOnOneKeepAliveConnection() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            String first = exchange(s, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            String second = exchange(s, "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");

            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n") && first.endsWith("GET /a "), first);
            assertTrue(second.endsWith("POST /b hello"), second);
        }
    }

    @Test
    void shouldReadAChunkedRequestBodyAndAnswerExpectContinue() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            String r = exchange(s, "POST /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");

            assertTrue(r.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK"), r);
            assertTrue(r.endsWith("POST /c abcde"), r);
        }
    }

    @Test
    void shouldCloseTheConnectionWhenTheClientAsksFor() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            String r = exchange(s, "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            assertTrue(r.contains("Connection: close\r\n"), r);
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void shouldDropTheConnectionWhenTheHandlerClosesWithoutAnswering() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GET /drop HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void shouldAnswer400ToAGarbledRequestLine() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            String r = exchange(s, "NONSENSE\r\n\r\n");

            assertTrue(r.startsWith("HTTP/1.1 400 "), r);
        }
    }
}
