package io.geniejmeter.simulator;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Genie simulator: the real Genie REST API (and the Statement Execution, serving-endpoint embeddings,
 * Lakebase and OAuth endpoints the tool uses) over real HTTP on a loopback port, with the lifecycle, capacity and
 * faults configured in {@link SimulatorConfig}. Start one with {@link #start(SimulatorConfig)}, point a
 * {@code WorkspaceClient} at {@link #baseUrl()} with {@link #token()}, and check measurements against
 * {@link #groundTruth()}.
 *
 * <p>Thread-safe. HTTP is served by {@link BlockingHttpServer} (one thread per connection, at most
 * {@link ServerSettings#maxConnections()}); no timers run: a message's status is computed from its precomputed
 * schedule at request time.
 */
public final class GenieSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GenieSimulator.class);

    private final SimulatorConfig config;
    private final GenieEngine engine;
    private final BlockingHttpServer server;
    private final ExtraEndpoints extras;
    private final String baseUrl;
    private volatile boolean closed;

    private GenieSimulator(SimulatorConfig config, GenieEngine engine, BlockingHttpServer server,
                           ExtraEndpoints extras) {
        this.config = config;
        this.engine = engine;
        this.server = server;
        this.extras = extras;
        this.baseUrl = "http://" + hostForUrl(config.server().host()) + ":" + server.port();
    }

    /**
     * Starts a simulator and returns once it accepts connections.
     *
     * @throws IOException when the port cannot be bound or the conversations file cannot be read
     */
    public static GenieSimulator start(SimulatorConfig config) throws IOException {
        GenieEngine engine = new GenieEngine(config);
        if (config.data().conversations() != null) {
            ConversationPreloader.preload(engine, config.data().conversations());
        }
        ServerSettings listen = config.server();
        ExtraEndpoints extras = new ExtraEndpoints(engine);
        BlockingHttpServer server = BlockingHttpServer.start(listen.host(), listen.port(),
                new SimulatorHttp(engine, extras), listen.maxConnections(), "genie-simulator");
        GenieSimulator sim = new GenieSimulator(config, engine, server, extras);
        LOG.info("Genie simulator listening on {} (space {}, time scale {}, {} questions/min, seed {})",
                sim.baseUrl, config.data().spaceId(), config.timing().timeScale(),
                config.rateLimit().limited() ? config.rateLimit().qpm() : "unlimited", config.data().seed());
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
        return server.port();
    }

    /** The bearer token the simulator accepts. */
    public String token() {
        return config.auth().token();
    }

    /** A token that authenticates but lacks permission: requests with it get HTTP 403. */
    public String forbiddenToken() {
        return config.auth().forbiddenToken();
    }

    public String spaceId() {
        return config.data().spaceId();
    }

    public String warehouseId() {
        return config.warehouse().warehouseId();
    }

    public SimulatorConfig config() {
        return config;
    }

    /** Ground truth of every message created through the API since start or the last reset, in creation order. */
    public List<MessageTruth> groundTruth() {
        return engine.truths();
    }

    /**
     * Ground truth of the warehouse's statements: the rows of the simulator's query history (Genie's SQL and
     * Statement Execution API statements), ingested or not, by start time.
     */
    public List<QueryHistoryRow> queryHistory() {
        return engine.history().all();
    }

    /** Forgets the ground truth recorded so far (conversations and messages stay servable). */
    public void resetGroundTruth() {
        engine.resetTruths();
    }

    /** Questions refused with HTTP 429 since start or the last reset. */
    public long refusedQuestions() {
        return engine.refusedCount();
    }

    /**
     * Question POSTs (start-conversation and follow-up) that reached the Genie API with valid credentials since start
     * or the last reset, whatever happened to them: a message created, a 429 refusal, a 404, or an injected fault
     * (HTTP 500/503, a hang, a dropped connection). What a load test must account for, one sample or cut-off each.
     */
    public long receivedQuestions() {
        return engine.receivedQuestions();
    }

    /**
     * Calls {@code listener} with each Lakebase database credential the simulator mints (token and expiry), before
     * the client receives it. The simulator plays Lakebase's API, not its PostgreSQL: with this a test makes its
     * PostgreSQL accept the token just minted (e.g. as the role's password, valid until the expiry), as Lakebase
     * does. One listener; a later call replaces it.
     */
    public void onDatabaseCredential(BiConsumer<String, Instant> listener) {
        extras.onDatabaseCredential(Objects.requireNonNull(listener, "listener"));
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
        server.stop();
        LOG.info("Genie simulator on {} stopped", baseUrl);
    }

    @Override
    public String toString() {
        return "GenieSimulator{" + baseUrl + ", space " + config.data().spaceId() + "}";
    }
}
