package io.geniejmeter.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import io.geniejmeter.time.Clock;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server with one thread per connection and blocking I/O, serving a JDK {@link HttpHandler}.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver.HttpServer}: its dispatcher thread hands every request of a
 * keep-alive connection to a worker and re-registers the connection with a selector after each response; on a
 * 2-core machine those hand-offs, not the simulator's work, capped get-message polls. Load tests hold a fixed number
 * of keep-alive connections (one per simulated user), so a thread that reads, answers and reads again on its own
 * connection is the cheapest model: no hand-off, no selector, TCP_NODELAY on, one buffered write per response.
 *
 * <p>Supports what Databricks clients send: request bodies with {@code Content-Length} or chunked, {@code Expect:
 * 100-continue}, keep-alive (HTTP/1.1 default, {@code Connection: close} honoured). A handler that closes the exchange
 * without sending a response drops the connection (the simulator's "dropped connection" fault).
 *
 * <p>Threads: an accept thread, plus one daemon thread per open connection, at most {@code maxConnections}; further
 * connections wait in the accept backlog until one closes. {@link #stop()} closes every socket at once.
 */
public final class BlockingHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingHttpServer.class);
    private static final int MAX_HEADER_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final long CONNECTION_STACK_BYTES = 256 * 1024;
    private static final long ACCEPT_BACKOFF_MS = 50;

    private final ServerSocket serverSocket;
    private final HttpHandler handler;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean running = true;

    private BlockingHttpServer(ServerSocket serverSocket, HttpHandler handler, int maxConnections, String name) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.connections = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    // Small stacks: a connection thread only parses a request and writes a response.
                    Thread t = new Thread(null, r, name + "-conn-" + n.incrementAndGet(), CONNECTION_STACK_BYTES);
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> {
                    // Every connection thread is busy: wait for one (the new connection waits, as in a backlog).
                    if (executor.isShutdown()) {
                        // Stopped: the accept loop closes the connection instead of leaving it open forever.
                        throw new RejectedExecutionException("server stopped");
                    }
                    try {
                        executor.getQueue().put(r);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code host:port} (0 = ephemeral) and starts serving {@code handler}.
     *
     * @param maxConnections connections served at once (one thread each)
     */
    public static BlockingHttpServer start(String host, int port, HttpHandler handler, int maxConnections,
                                           String threadName) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(host, port), 1024);
        BlockingHttpServer server = new BlockingHttpServer(ss, handler, Math.max(1, maxConnections), threadName);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Stops accepting, closes every open connection (in-flight requests are cut off) and ends the threads. */
    public void stop() {
        running = false;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("closing the server socket: {}", e.toString());
        }
        acceptor.interrupt();
        for (Socket s : open) {
            closeQuietly(s);
        }
        connections.shutdownNow();
    }

    private void acceptLoop() {
        while (running) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (running) {
                    // e.g. out of file descriptors: back off instead of spinning on a failing accept
                    LOG.warn("accept failed: {}", e.toString());
                    try {
                        // real time on purpose: an operating-system resource recovers in real time, and a
                        // hand-moved test clock would turn this back-off into a busy loop
                        Clock.SYSTEM.sleep(TimeUnit.MILLISECONDS.toNanos(ACCEPT_BACKOFF_MS));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                open.add(s);
                if (!running) {
                    // stop() may have closed the open connections just before this one was added
                    throw new IOException("server stopped");
                }
                connections.execute(() -> serve(s));
            } catch (IOException | RuntimeException e) {
                open.remove(s);
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            StringBuilder line = new StringBuilder(256);
            while (running) {
                if (!readLine(in, line)) {
                    return; // client closed the connection between requests
                }
                if (line.length() == 0) {
                    continue; // tolerate a stray CRLF between requests
                }
                String requestLine = line.toString();
                int sp1 = requestLine.indexOf(' ');
                int sp2 = requestLine.indexOf(' ', sp1 + 1);
                if (sp1 <= 0 || sp2 < 0) {
                    writeSimple(out, 400, "Bad Request");
                    return;
                }
                String method = requestLine.substring(0, sp1);
                String target = requestLine.substring(sp1 + 1, sp2);
                String protocol = requestLine.substring(sp2 + 1);
                Headers headers = new Headers();
                int count = 0;
                while (true) {
                    if (!readLine(in, line)) {
                        return;
                    }
                    if (line.length() == 0) {
                        break;
                    }
                    if (++count > MAX_HEADERS) {
                        writeSimple(out, 431, "Request Header Fields Too Large");
                        return;
                    }
                    int colon = line.indexOf(":");
                    if (colon > 0) {
                        headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                    }
                }
                URI uri;
                try {
                    uri = new URI(target);
                } catch (URISyntaxException e) {
                    writeSimple(out, 400, "Bad Request");
                    return;
                }
                if ("100-continue".equalsIgnoreCase(headers.getFirst("Expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] body = readBody(in, headers);
                if (body == null) {
                    writeSimple(out, 400, "Bad Request");
                    return;
                }
                String connection = headers.getFirst("Connection");
                boolean keepAlive = protocol.equals("HTTP/1.1") ? !"close".equalsIgnoreCase(connection)
                        : "keep-alive".equalsIgnoreCase(connection);
                Exchange ex = new Exchange(method, uri, protocol, headers, body, out, local, remote, keepAlive);
                try {
                    handler.handle(ex);
                } catch (RuntimeException e) {
                    LOG.warn("handler failed for {} {}", method, uri.getPath(), e);
                    if (!ex.sent) {
                        ex.sendResponseHeaders(500, -1);
                    }
                }
                if (!ex.sent) {
                    return; // closed without an answer: drop the connection
                }
                ex.finish();
                if (!keepAlive) {
                    return;
                }
            }
        } catch (SocketException e) {
            LOG.trace("connection ended: {}", e.toString());
        } catch (IOException e) {
            LOG.debug("connection failed: {}", e.toString());
        } finally {
            open.remove(socket);
        }
    }

    /** Reads a CRLF- (or LF-) terminated line into {@code line}; false on end of stream before any byte. */
    private static boolean readLine(InputStream in, StringBuilder line) throws IOException {
        line.setLength(0);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return true;
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("header line too long");
            }
            line.append((char) c);
        }
        if (line.length() > 0) {
            throw new IOException("connection closed in the middle of a line");
        }
        return false;
    }

    private static byte[] readBody(InputStream in, Headers headers) throws IOException {
        String te = headers.getFirst("Transfer-Encoding");
        if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            StringBuilder line = new StringBuilder();
            while (true) {
                if (!readLine(in, line)) {
                    return null;
                }
                int semi = line.indexOf(";");
                int size;
                try {
                    size = Integer.parseInt((semi >= 0 ? line.substring(0, semi) : line.toString()).trim(), 16);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (size == 0) {
                    do {
                        if (!readLine(in, line)) {
                            return null;
                        }
                    } while (line.length() > 0); // trailers
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                readLine(in, line);
            }
        }
        String cl = headers.getFirst("Content-Length");
        if (cl == null) {
            return new byte[0];
        }
        int length;
        try {
            length = Integer.parseInt(cl.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        byte[] body = in.readNBytes(length);
        return body.length == length ? body : null;
    }

    private static void writeSimple(OutputStream out, int code, String reason) throws IOException {
        out.write(("HTTP/1.1 " + code + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }

    static String reason(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** One request/response on a connection; used by one connection thread only. */
    private static final class Exchange extends HttpExchange {
        private final String method;
        private final URI uri;
        private final String protocol;
        private final Headers requestHeaders;
        private final Headers responseHeaders = new Headers();
        private final InputStream requestBody;
        private final OutputStream out;
        private final InetSocketAddress local;
        private final InetSocketAddress remote;
        private final boolean keepAlive;
        private Map<String, Object> attributes;
        private boolean sent;
        private int responseCode = -1;
        private long remaining;
        private final OutputStream responseBody = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!sent) {
                    throw new IOException("sendResponseHeaders must be called before writing the body");
                }
                if (len > remaining) {
                    throw new IOException("body longer than the announced Content-Length");
                }
                out.write(b, off, len);
                remaining -= len;
            }

            @Override
            public void close() {
                // the connection stays open; the response is flushed when the handler returns
            }
        };

        Exchange(String method, URI uri, String protocol, Headers requestHeaders, byte[] body, OutputStream out,
                 InetSocketAddress local, InetSocketAddress remote, boolean keepAlive) {
            this.method = method;
            this.uri = uri;
            this.protocol = protocol;
            this.requestHeaders = requestHeaders;
            this.requestBody = new ByteArrayInputStream(body);
            this.out = out;
            this.local = local;
            this.remote = remote;
            this.keepAlive = keepAlive;
        }

        void finish() throws IOException {
            if (remaining > 0) {
                throw new IOException("handler wrote " + remaining + " bytes less than announced");
            }
            out.flush();
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        /** Without a response sent, the connection is dropped once the handler returns. */
        @Override
        public void close() {
            // nothing to release: the connection thread decides what happens to the connection
        }

        @Override
        public InputStream getRequestBody() {
            return requestBody;
        }

        @Override
        public OutputStream getResponseBody() {
            return responseBody;
        }

        /** {@code length} > 0: that many body bytes follow; -1 or 0: no body (chunked responses are not used). */
        @Override
        public void sendResponseHeaders(int code, long length) throws IOException {
            if (sent) {
                throw new IOException("headers already sent");
            }
            sent = true;
            responseCode = code;
            remaining = Math.max(0, length);
            StringBuilder h = new StringBuilder(160);
            h.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
            for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
                for (String v : e.getValue()) {
                    h.append(e.getKey()).append(": ").append(v).append("\r\n");
                }
            }
            h.append("Content-Length: ").append(remaining).append("\r\n");
            if (!keepAlive) {
                h.append("Connection: close\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return remote;
        }

        @Override
        public int getResponseCode() {
            return responseCode;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return local;
        }

        @Override
        public String getProtocol() {
            return protocol;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes == null ? null : attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (attributes == null) {
                attributes = new java.util.HashMap<>();
            }
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            throw new UnsupportedOperationException("filters are not supported");
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }

    /** For diagnostics: the loopback address the server is bound to. */
    InetAddress address() {
        return serverSocket.getInetAddress();
    }
}
