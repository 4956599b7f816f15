package io.geniejmeter.bench;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.geniejmeter.simulator.BlockingHttpServer;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the simulator answers get-message polls, and how much heap 5,000 open conversations take; not a test.
 *
 * <p>Run: {@code mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.geniejmeter.bench.SimulatorBenchmark} (optional {@code -Dbench.seconds=10},
 * {@code -Dbench.clients=16}, {@code -Dbench.rounds=3}, {@code -Dbench.jdkServerThreads=8}).
 *
 * <p>Load: {@code bench.clients} threads, each with one keep-alive HTTP/1.1 connection on loopback, poll get-message
 * for 200 in-flight messages (answers in flight and completed, as in a load test) as fast as they can; every request's
 * latency is recorded. The client is a minimal socket client, so that the figures measure the server, not a client
 * library. Baseline, measured in the same run and the same way: the simulator's HTTP stack ({@link BlockingHttpServer})
 * with a handler that returns a fixed body of the same size; for context also the same handler on the JDK's
 * {@code HttpServer}. Everything runs in this JVM, so clients and server share the CPU.
 */
public final class SimulatorBenchmark {

    private static final Pattern IDS = Pattern.compile(
            "\"conversation_id\":\"([0-9a-f]+)\",\"message_id\":\"([0-9a-f]+)\"");

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int clients = Integer.getInteger("bench.clients", 16);
        int jdkThreads = Integer.getInteger("bench.jdkServerThreads", 8);
        int rounds = Integer.getInteger("bench.rounds", 3);
        System.out.printf(Locale.ROOT, "SimulatorBenchmark: %d s per run, %d rounds, %d keep-alive clients, %d cores%n",
                seconds, rounds, clients, Runtime.getRuntime().availableProcessors());

        SimulatorConfig config = SimulatorConfig.builder().qpm(0).timeScale(0.05).build();
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            List<String> paths = startMessages(sim, 200);
            int bodySize = get(sim, paths.get(0)).length();
            byte[] body = new byte[bodySize];
            Arrays.fill(body, (byte) 'x');
            BlockingHttpServer stat = BlockingHttpServer.start("127.0.0.1", 0, staticHandler(body), 2048, "static");
            HttpServer jdk = jdkStaticServer(jdkThreads, body);
            List<String> one = List.of("/static");
            int statPort = stat.port();
            int jdkPort = jdk.getAddress().getPort();
            try {
                // Warm up (JIT), then alternate so that no run profits from its place in the order.
                poll(sim.port(), sim.token(), paths, clients, 3);
                poll(statPort, sim.token(), one, clients, 3);
                poll(jdkPort, sim.token(), one, clients, 3);
                List<Result> simRuns = new ArrayList<>();
                List<Result> baseRuns = new ArrayList<>();
                List<Result> jdkRuns = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    Result a = poll(sim.port(), sim.token(), paths, clients, seconds);
                    Result b = poll(statPort, sim.token(), one, clients, seconds);
                    Result c = poll(jdkPort, sim.token(), one, clients, seconds);
                    simRuns.add(a);
                    baseRuns.add(b);
                    jdkRuns.add(c);
                    System.out.printf(Locale.ROOT, "round %d  get-message      %s%n         baseline         %s%n"
                            + "         JDK HttpServer   %s%n", round, a, b, c);
                }
                Result sm = median(simRuns);
                Result bm = median(baseRuns);
                Result jm = median(jdkRuns);
                System.out.printf(Locale.ROOT, "median   get-message poll            %s (body %d bytes)%n", sm,
                        bodySize);
                System.out.printf(Locale.ROOT, "median   baseline static, same stack %s%n", bm);
                System.out.printf(Locale.ROOT, "median   static on JDK HttpServer    %s (%d worker threads)%n", jm,
                        jdkThreads);
                System.out.printf(Locale.ROOT, "ratio simulator/baseline: throughput %.2f, p99 %.2f%n",
                        sm.perSecond() / bm.perSecond(), (double) sm.p99Us() / bm.p99Us());
            } finally {
                stat.stop();
                jdk.stop(0);
                ((ExecutorService) jdk.getExecutor()).shutdownNow();
            }
        }
        heap();
    }

    /** Starts {@code n} conversations (no rate limit) and returns their get-message paths. */
    private static List<String> startMessages(GenieSimulator sim, int n) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                    + "/api/2.0/genie/spaces/" + sim.spaceId() + "/start-conversation"))
                    .header("Authorization", "Bearer " + sim.token())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Show total sales by month for store "
                            + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = IDS.matcher(r.body());
            if (!m.find()) {
                throw new IllegalStateException("unexpected start-conversation answer: " + r.body());
            }
            paths.add("/api/2.0/genie/spaces/" + sim.spaceId() + "/conversations/" + m.group(1) + "/messages/"
                    + m.group(2));
        }
        return paths;
    }

    private static String get(GenieSimulator sim, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Authorization", "Bearer " + sim.token()).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpHandler staticHandler(byte[] body) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        };
    }

    /** The JDK's built-in server (the simulator's first stack) with the same static handler, for context. */
    private static HttpServer jdkStaticServer(int threads, byte[] body) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        s.setExecutor(new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>()));
        s.createContext("/", staticHandler(body));
        s.start();
        return s;
    }

    /** The run with the median throughput. */
    private static Result median(List<Result> runs) {
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort((x, y) -> Double.compare(x.perSecond(), y.perSecond()));
        return sorted.get(sorted.size() / 2);
    }

    record Result(long requests, double seconds, long p50Us, long p99Us, long maxUs, long errors) {
        double perSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,9.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  (%d requests, "
                    + "%d errors)", perSecond(), p50Us / 1000.0, p99Us / 1000.0, maxUs / 1000.0, requests, errors);
        }
    }

    /** {@code clients} threads each poll over one keep-alive connection for {@code seconds}. */
    private static Result poll(int port, String token, List<String> paths, int clients, int seconds)
            throws Exception {
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] errors = new long[clients];
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 18];
                int n = 0;
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    byte[][] requests = new byte[paths.size()][];
                    for (int i = 0; i < paths.size(); i++) {
                        requests[i] = ("GET " + paths.get(i) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: keep-alive\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                    }
                    byte[] buf = new byte[64 * 1024];
                    ready.countDown();
                    go.await();
                    long end = window[1];
                    int i = id;
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            break;
                        }
                        out.write(requests[i++ % requests.length]);
                        out.flush();
                        if (readResponse(in, buf) != 200) {
                            errors[id]++;
                        }
                        if (n < lat.length) {
                            lat[n++] = (System.nanoTime() - start) / 1000;
                        }
                    }
                } catch (Exception e) {
                    errors[id]++;
                    ready.countDown();
                }
                latencies[id] = lat;
                counts[id] = n;
            }, "bench-client-" + c);
            t.start();
            threads.add(t);
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double took = (System.nanoTime() - window[0]) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        long errs = Arrays.stream(errors).sum();
        if (total == 0) {
            return new Result(0, took, 0, 0, 0, errs);
        }
        return new Result(total, took, all[(int) (total * 0.50)], all[Math.min(total - 1, (int) (total * 0.99))],
                all[total - 1], errs);
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in, byte[] buf) throws IOException {
        int len = 0;
        int headerEnd = -1;
        while (headerEnd < 0) {
            int r = in.read(buf, len, buf.length - len);
            if (r < 0) {
                throw new IOException("connection closed");
            }
            len += r;
            for (int i = Math.max(3, len - r - 3); i < len; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    headerEnd = i + 1;
                    break;
                }
            }
        }
        String head = new String(buf, 0, headerEnd, StandardCharsets.US_ASCII);
        int status = Integer.parseInt(head.substring(9, 12));
        int cl = head.toLowerCase(Locale.ROOT).indexOf("content-length:");
        int length = Integer.parseInt(head.substring(cl + 15, head.indexOf('\r', cl)).trim());
        int have = len - headerEnd;
        while (have < length) {
            int r = in.read(buf, 0, Math.min(buf.length, length - have));
            if (r < 0) {
                throw new IOException("connection closed");
            }
            have += r;
        }
        return status;
    }

    /** Heap taken by 5,000 conversations (each with a question and a follow-up, answered and polled once). */
    private static void heap() throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().qpm(0).timeScale(0.001).build();
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            long before = usedHeapAfterGc();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int n = 5_000;
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                        + "/api/2.0/genie/spaces/" + sim.spaceId() + "/start-conversation"))
                        .header("Authorization", "Bearer " + sim.token())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Show total repairs by month for "
                                + "airline number " + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = IDS.matcher(r.body());
                m.find();
                String conv = "/api/2.0/genie/spaces/" + sim.spaceId() + "/conversations/" + m.group(1);
                http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + conv + "/messages"))
                        .header("Authorization", "Bearer " + sim.token())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"And only for 2024\"}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                paths.add(conv + "/messages/" + m.group(2));
            }
            Thread.sleep(200); // all answers complete (time scale 0.001)
            for (String p : paths) {
                http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + p))
                        .header("Authorization", "Bearer " + sim.token()).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            long after = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "heap: %,d conversations (%,d messages) take %.1f MB, %.2f KB each "
                    + "(ground truth included)%n", sim.conversationCount(), sim.groundTruth().size(),
                    (after - before) / 1e6, (after - before) / 1024.0 / n);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
