package io.geniejmeter.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Genie simulator: the real Genie REST API (and the Statement Execution, serving-endpoint embeddings,
 * Lakebase and OAuth endpoints the tool uses) over real HTTP on a loopback port, with the lifecycle, capacity and
 * faults configured in {@link SimulatorConfig}. Start one with {@link #start(SimulatorConfig)}, point a
 * {@code WorkspaceClient} at {@link #baseUrl()} with {@link #token()}, and check measurements against
 * {@link #groundTruth()}.
 *
 * <p>Thread-safe. The HTTP server is the JDK's built-in one with a fixed pool of {@link SimulatorConfig#threads()}
 * worker threads; no timers run: a message's status is computed from its precomputed schedule at request time.
 */
public final class GenieSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GenieSimulator.class);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed ACKs
        // add ~40 ms to small responses. Read once when the server classes load, so set it before the first start.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final GenieEngine engine;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private volatile boolean closed;

    private GenieSimulator(SimulatorConfig config, GenieEngine engine, HttpServer server, ExecutorService executor) {
        this.config = config;
        this.engine = engine;
        this.server = server;
        this.executor = executor;
        this.baseUrl = "http://" + hostForUrl(config.host()) + ":" + server.getAddress().getPort();
    }

    /**
     * Starts a simulator and returns once it accepts connections.
     *
     * @throws IOException when the port cannot be bound or the conversations file cannot be read
     */
    public static GenieSimulator start(SimulatorConfig config) throws IOException {
        GenieEngine engine = new GenieEngine(config);
        if (config.conversations() != null) {
            ConversationPreloader.preload(engine, config.conversations());
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "genie-simulator-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.prestartAllCoreThreads();
        server.setExecutor(executor);
        server.createContext("/", new SimulatorHttp(engine, new ExtraEndpoints(engine)));
        server.start();
        GenieSimulator sim = new GenieSimulator(config, engine, server, executor);
        LOG.info("Genie simulator listening on {} (space {}, time scale {}, {} questions/min, seed {})",
                sim.baseUrl, config.spaceId(), config.timeScale(), config.qpm() == 0 ? "unlimited" : config.qpm(),
                config.seed());
        return sim;
    }

    private static String hostForUrl(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** {@code http://127.0.0.1:PORT}: the workspace host to give the SDK. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The bearer token the simulator accepts. */
    public String token() {
        return config.token();
    }

    /** A token that authenticates but lacks permission: requests with it get HTTP 403. */
    public String forbiddenToken() {
        return config.forbiddenToken();
    }

    public String spaceId() {
        return config.spaceId();
    }

    public String warehouseId() {
        return config.warehouseId();
    }

    public SimulatorConfig config() {
        return config;
    }

    /** Ground truth of every message created through the API since start or the last reset, in creation order. */
    public List<MessageTruth> groundTruth() {
        return engine.truths();
    }

    /** Forgets the ground truth recorded so far (conversations and messages stay servable). */
    public void resetGroundTruth() {
        engine.resetTruths();
    }

    /** Questions refused with HTTP 429 since start or the last reset. */
    public long refusedQuestions() {
        return engine.refusedCount();
    }

    /** Number of conversations held (preloaded ones included). */
    public int conversationCount() {
        return engine.conversationCount();
    }

    /** The model behind the HTTP front, for tests in this package. */
    GenieEngine engine() {
        return engine;
    }

    /** Stops the server at once: open requests (hanging ones included) are cut off. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        LOG.info("Genie simulator on {} stopped", baseUrl);
    }

    @Override
    public String toString() {
        return "GenieSimulator{" + baseUrl + ", space " + config.spaceId() + "}";
    }
}
