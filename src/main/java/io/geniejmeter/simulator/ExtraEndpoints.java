package io.geniejmeter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.geniejmeter.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The non-Genie endpoints the tool uses: workspace host metadata ({@code /.well-known/databricks-config}), OAuth M2M
 * discovery and token endpoint, the Statement Execution API (on the same simulated warehouse as Genie), serving
 * endpoint embeddings and Lakebase database instances and credentials. Thread-safe: state lives in concurrent maps.
 */
final class ExtraEndpoints implements SimulatorHttp.ExtraApis {

    private static final String STATEMENTS = "/api/2.0/sql/statements";
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    /** Lifetime of OAuth tokens: one hour, as on Databricks (not time-scaled); see --lakebase-token-seconds. */
    private static final long TOKEN_LIFETIME_S = 3600;

    private final GenieEngine engine;
    private final SimulatorConfig config;
    private final Clock clock;
    private final Embeddings embeddings;
    private final Map<String, SimStatement> statements = new ConcurrentHashMap<>();
    private final AtomicLong statementSeq = new AtomicLong();
    private final AtomicLong tokenSeq = new AtomicLong();
    private final AtomicLong embeddingSeq = new AtomicLong();
    /** Told of each database credential minted, before the client gets it (see GenieSimulator). */
    private volatile BiConsumer<String, Instant> credentialListener = (token, expires) -> { };

    ExtraEndpoints(GenieEngine engine) {
        this.engine = engine;
        this.config = engine.config();
        this.clock = config.clock();
        this.embeddings = new Embeddings(config.data().embeddingDimensions());
    }

    /** The error of a statement failed by --statement-fail-rate. */
    private static final String INJECTED_STATEMENT_FAILURE =
            "[TABLE_OR_VIEW_NOT_FOUND] Injected fault: the statement failed on the warehouse";

    /** A statement run on the simulated warehouse: pending until {@code startMs}, running until {@code endMs}. */
    private static final class SimStatement {
        final String id;
        final AnswerGenerator.Answer answer;
        final long startMs;
        final long endMs;
        /** Error of a statement that failed (its state is FAILED from the start), else null. */
        final QueryHistorySql.Outcome failure;
        /** Ends FAILED instead of SUCCEEDED (--statement-fail-rate). */
        final boolean fails;
        volatile long canceledAtMs = Long.MAX_VALUE;

        SimStatement(String id, AnswerGenerator.Answer answer, long startMs, long endMs, boolean fails) {
            this(id, answer, startMs, endMs, null, fails);
        }

        SimStatement(String id, AnswerGenerator.Answer answer, long startMs, long endMs,
                     QueryHistorySql.Outcome failure) {
            this(id, answer, startMs, endMs, failure, false);
        }

        private SimStatement(String id, AnswerGenerator.Answer answer, long startMs, long endMs,
                             QueryHistorySql.Outcome failure, boolean fails) {
            this.id = id;
            this.answer = answer;
            this.startMs = startMs;
            this.endMs = endMs;
            this.failure = failure;
            this.fails = fails;
        }

        String state(long now) {
            if (failure != null) {
                return "FAILED";
            }
            if (canceledAtMs <= now && canceledAtMs < endMs) {
                return "CANCELED";
            }
            return now < startMs ? "PENDING" : now < endMs ? "RUNNING" : fails ? "FAILED" : "SUCCEEDED";
        }
    }

    @Override
    public boolean handle(HttpExchange ex, String method, String path, SimulatorHttp http) throws IOException {
        if (path.equals("/.well-known/databricks-config") && method.equals("GET")) {
            String host = host(ex);
            SimulatorHttp.send(ex, 200, GenieJson.render(g -> {
                g.writeStartObject();
                g.writeStringField("oidc_endpoint", host + "/oidc");
                g.writeStringField("workspace_id", "1234567890123456");
                g.writeStringField("cloud", "aws");
                g.writeEndObject();
            }));
            return true;
        }
        if (path.equals("/oidc/.well-known/oauth-authorization-server") && method.equals("GET")) {
            String host = host(ex);
            SimulatorHttp.send(ex, 200, GenieJson.render(g -> {
                g.writeStartObject();
                g.writeStringField("issuer", host + "/oidc");
                g.writeStringField("authorization_endpoint", host + "/oidc/v1/authorize");
                g.writeStringField("token_endpoint", host + "/oidc/v1/token");
                g.writeStringField("jwks_uri", host + "/oidc/jwks.json");
                g.writeArrayFieldStart("grant_types_supported");
                g.writeString("client_credentials");
                g.writeEndArray();
                g.writeEndObject();
            }));
            return true;
        }
        if (path.equals("/oidc/v1/token") && method.equals("POST")) {
            token(ex, http);
            return true;
        }
        if (path.startsWith(STATEMENTS)) {
            if (http.authorised(ex)) {
                statements(ex, method, path);
            }
            return true;
        }
        if (path.startsWith("/serving-endpoints/") && path.endsWith("/invocations")) {
            if (http.authorised(ex) && requireMethod(ex, method, "POST")) {
                invocations(ex, path.substring("/serving-endpoints/".length(),
                        path.length() - "/invocations".length()));
            }
            return true;
        }
        if (path.startsWith("/api/2.0/database/")) {
            if (http.authorised(ex)) {
                database(ex, method, path);
            }
            return true;
        }
        return false;
    }

    private static String host(HttpExchange ex) {
        return "http://" + ex.getRequestHeaders().getFirst("Host");
    }

    private static boolean requireMethod(HttpExchange ex, String method, String expected) throws IOException {
        if (method.equals(expected)) {
            return true;
        }
        SimulatorHttp.send(ex, 404, GenieJson.error("ENDPOINT_NOT_FOUND",
                "No API found for '" + method + " " + ex.getRequestURI().getPath() + "'"));
        return false;
    }

    // ---- OAuth M2M ---------------------------------------------------------------------------------------------

    private void token(HttpExchange ex, SimulatorHttp http) throws IOException {
        Map<String, String> form = form(ex);
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            try {
                String pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon >= 0) {
                    id = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
                    secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                id = null;
            }
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            oauthError(ex, 400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
            return;
        }
        if (!config.auth().clientId().equals(id) || !config.auth().clientSecret().equals(secret)) {
            oauthError(ex, 401, "invalid_client", "Client authentication failed.");
            return;
        }
        String token = "sim-oauth-" + Hashing.genieId(config.data().seed(), 6, tokenSeq.incrementAndGet());
        http.issuedTokens.add(token);
        String scope = form.getOrDefault("scope", "all-apis");
        SimulatorHttp.send(ex, 200, GenieJson.render(g -> {
            g.writeStartObject();
            g.writeStringField("access_token", token);
            g.writeStringField("token_type", "Bearer");
            g.writeNumberField("expires_in", TOKEN_LIFETIME_S);
            g.writeStringField("scope", scope);
            g.writeEndObject();
        }));
    }

    private static void oauthError(HttpExchange ex, int status, String error, String description)
            throws IOException {
        SimulatorHttp.send(ex, status, GenieJson.render(g -> {
            g.writeStartObject();
            g.writeStringField("error", error);
            g.writeStringField("error_description", description);
            g.writeEndObject();
        }));
    }

    private static Map<String, String> form(HttpExchange ex) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---- Statement Execution -----------------------------------------------------------------------------------

    private void statements(HttpExchange ex, String method, String path) throws IOException {
        String rest = path.substring(STATEMENTS.length());
        if ((rest.isEmpty() || rest.equals("/")) && method.equals("POST")) {
            execute(ex);
            return;
        }
        String[] p = rest.substring(1).split("/");
        SimStatement st = statements.get(p[0]);
        if (st == null) {
            SimulatorHttp.send(ex, 404, GenieJson.error("RESOURCE_DOES_NOT_EXIST",
                    "Statement " + p[0] + " does not exist."));
            return;
        }
        if (p.length == 1 && method.equals("GET")) {
            sendStatement(ex, st);
        } else if (p.length == 2 && p[1].equals("cancel") && method.equals("POST")) {
            st.canceledAtMs = Math.min(st.canceledAtMs, clock.wallMillis());
            SimulatorHttp.send(ex, 200, EMPTY_OBJECT);
        } else if (p.length == 4 && p[1].equals("result") && p[2].equals("chunks") && method.equals("GET")) {
            if (!p[3].equals("0") || !"SUCCEEDED".equals(st.state(clock.wallMillis()))) {
                SimulatorHttp.send(ex, 404, GenieJson.error("RESOURCE_DOES_NOT_EXIST",
                        "No result chunk " + p[3] + " for statement " + st.id + "."));
                return;
            }
            SimulatorHttp.send(ex, 200, GenieJson.render(g -> GenieJson.writeResultChunk(g, st.answer.rows())));
        } else {
            SimulatorHttp.send(ex, 404, GenieJson.error("ENDPOINT_NOT_FOUND",
                    "No API found for '" + method + " " + path + "'"));
        }
    }

    private void execute(HttpExchange ex) throws IOException {
        JsonNode body = SimulatorHttp.jsonBody(ex);
        String warehouse = body.path("warehouse_id").asText("");
        String sql = body.path("statement").asText("");
        if (sql.isBlank()) {
            throw new SimulatorHttp.BadRequest("Field 'statement' is required.");
        }
        if (!warehouse.equals(config.warehouse().warehouseId())) {
            SimulatorHttp.send(ex, 404, GenieJson.error("RESOURCE_DOES_NOT_EXIST",
                    "SQL warehouse '" + warehouse + "' does not exist."));
            return;
        }
        long waitMs = waitTimeoutMs(body.path("wait_timeout").asText("10s"));
        boolean cancelOnTimeout = body.path("on_wait_timeout").asText("CONTINUE").equalsIgnoreCase("CANCEL");

        long n = statementSeq.incrementAndGet();
        String id = Hashing.uuidLike(config.data().seed(), 7, n);
        QueryHistorySql.Outcome lookup = QueryHistorySql.answer(sql, parameters(body),
                config.warehouse().queryHistoryTable(), engine.history(), clock.wallMillis());
        if (lookup != null) {
            // A query on the history: answered at once from the records, without taking a warehouse slot.
            long now = clock.wallMillis();
            SimStatement st = new SimStatement(id, lookup.answer(), now, now,
                    lookup.errorCode() == null ? null : lookup);
            statements.put(st.id, st);
            sendStatement(ex, st);
            return;
        }
        SplittableRandom r = new SplittableRandom(Hashing.mix(config.data().seed() ^ 0x57a7L, n));
        long duration = engine.scaled(config.warehouse().statementLatency().draw(r));
        long submitted = clock.wallMillis();
        long start = engine.bookWarehouse(duration);
        AnswerGenerator.Answer answer = engine.answerForSql(sql);
        if (answer == null) {
            answer = genericResult(sql);
        }
        boolean fails = r.nextDouble() < config.requestFaults().statementFailRate();
        SimStatement st = new SimStatement(id, answer, start, start + duration, fails);
        statements.put(st.id, st);
        long compilation = Math.round(duration * (0.05 + 0.2 * r.nextDouble()));
        engine.history().add(new QueryHistoryRow(st.id, warehouse, null, sql, submitted, st.endMs, 0,
                Math.max(0, start - submitted), compilation, duration - compilation, 0, answer.rows().size(),
                answer.rows().size(), answer.rows().size() * 64L, st.fails ? "FAILED" : "FINISHED",
                st.fails ? INJECTED_STATEMENT_FAILURE : null));
        if ((n & 1023) == 0) {
            forgetOldStatements();
        }

        long now = clock.wallMillis();
        long wait = Math.min(waitMs, st.endMs - now);
        if (wait > 0) {
            try {
                clock.sleep(Duration.ofMillis(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the statement", e);
            }
        }
        if (cancelOnTimeout && !"SUCCEEDED".equals(st.state(clock.wallMillis()))) {
            st.canceledAtMs = clock.wallMillis();
        }
        sendStatement(ex, st);
    }

    /** Results live one hour (time-scaled) on Databricks; older statements are forgotten to bound memory. */
    private void forgetOldStatements() {
        long cutoff = clock.wallMillis() - engine.scaled(3_600_000);
        statements.values().removeIf(st -> st.endMs < cutoff);
    }

    /** {@code 0s} or {@code 5s}..{@code 50s}, as the real API accepts. */
    private static long waitTimeoutMs(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (!t.endsWith("s")) {
                throw new NumberFormatException();
            }
            int s = Integer.parseInt(t.substring(0, t.length() - 1));
            if (s == 0 || (s >= 5 && s <= 50)) {
                return s * 1000L;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new SimulatorHttp.BadRequest("wait_timeout must be 0s or between 5s and 50s, got '" + text + "'.");
    }

    private static AnswerGenerator.Answer genericResult(String sql) {
        long h = Hashing.hash(0, sql);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(Long.toString(Long.remainderUnsigned(h, 10_000))));
        return new AnswerGenerator.Answer(false, null, null, sql, null,
                List.of(new AnswerGenerator.Column("value", "LONG")), rows);
    }

    private void sendStatement(HttpExchange ex, SimStatement st) throws IOException {
        String state = st.state(clock.wallMillis());
        boolean injected = st.failure == null && "FAILED".equals(state);
        String code = st.failure != null ? st.failure.errorCode() : injected ? "BAD_REQUEST" : null;
        String message = st.failure != null ? st.failure.errorMessage()
                : injected ? INJECTED_STATEMENT_FAILURE : null;
        SimulatorHttp.send(ex, 200, GenieJson.render(g -> GenieJson.writeStatement(g, st.id, state, st.answer,
                code, message)));
    }

    /** The named parameters of a Statement Execution request ({@code parameters[{name, value, type}]}). */
    private static Map<String, String> parameters(JsonNode body) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode p : body.path("parameters")) {
            out.put(p.path("name").asText(), p.path("value").isNull() ? null : p.path("value").asText());
        }
        return out;
    }

    // ---- Serving endpoint embeddings ---------------------------------------------------------------------------

    private void invocations(HttpExchange ex, String endpoint) throws IOException {
        JsonNode body = SimulatorHttp.jsonBody(ex);
        double failRate = config.requestFaults().embeddingFailRate();
        if (failRate > 0 && Hashing.unit(Hashing.mix(config.data().seed() ^ 0xe3bedL,
                embeddingSeq.incrementAndGet())) < failRate) {
            SimulatorHttp.send(ex, 503, GenieJson.error("TEMPORARILY_UNAVAILABLE",
                    "Injected fault: the serving endpoint " + endpoint + " is temporarily unavailable"));
            return;
        }
        JsonNode input = body.has("input") ? body.get("input") : body.get("inputs");
        List<String> texts = new ArrayList<>();
        if (input != null && input.isTextual()) {
            texts.add(input.asText());
        } else if (input != null && input.isArray()) {
            for (JsonNode t : input) {
                if (!t.isTextual()) {
                    throw new SimulatorHttp.BadRequest("Every element of 'input' must be a string.");
                }
                texts.add(t.asText());
            }
        }
        if (texts.isEmpty()) {
            throw new SimulatorHttp.BadRequest("Field 'input' is required: a string or a list of strings.");
        }
        int tokens = 0;
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String t : texts) {
            vectors.add(embeddings.embed(t));
            tokens += Embeddings.tokens(t);
        }
        int totalTokens = tokens;
        SimulatorHttp.send(ex, 200, GenieJson.render(g -> {
            g.writeStartObject();
            g.writeStringField("id", "sim-" + Long.toHexString(Hashing.hash(1, String.join("\n", texts))));
            g.writeStringField("object", "list");
            g.writeStringField("model", endpoint);
            g.writeArrayFieldStart("data");
            for (int i = 0; i < vectors.size(); i++) {
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", i);
                g.writeFieldName("embedding");
                g.writeStartArray();
                for (float x : vectors.get(i)) {
                    g.writeNumber(x);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", totalTokens);
            g.writeNumberField("total_tokens", totalTokens);
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    // ---- Lakebase ----------------------------------------------------------------------------------------------

    void onDatabaseCredential(BiConsumer<String, Instant> listener) {
        credentialListener = listener;
    }

    private void database(HttpExchange ex, String method, String path) throws IOException {
        if (path.startsWith("/api/2.0/database/instances/") && method.equals("GET")) {
            String name = path.substring("/api/2.0/database/instances/".length());
            if (name.isEmpty() || name.contains("/")) {
                SimulatorHttp.send(ex, 404, GenieJson.error("ENDPOINT_NOT_FOUND", "No API found for '" + path + "'"));
                return;
            }
            LakebaseSettings lakebase = config.lakebase();
            String dns = lakebase.lakebasePort() == 5432 ? lakebase.lakebaseHost()
                    : lakebase.lakebaseHost() + ":" + lakebase.lakebasePort();
            SimulatorHttp.send(ex, 200, GenieJson.render(g -> {
                g.writeStartObject();
                g.writeStringField("name", name);
                g.writeStringField("uid", Hashing.uuidLike(0, 8, Hashing.hash(0, name)));
                g.writeStringField("state", "AVAILABLE");
                g.writeStringField("read_write_dns", dns);
                g.writeStringField("read_only_dns", dns);
                g.writeStringField("pg_version", "PG_VERSION_16");
                g.writeStringField("capacity", "CU_1");
                g.writeStringField("creator", "genie-simulator");
                g.writeStringField("creation_time", "2026-01-01T00:00:00Z");
                g.writeEndObject();
            }));
        } else if (path.equals("/api/2.0/database/credentials") && method.equals("POST")) {
            JsonNode body = SimulatorHttp.jsonBody(ex);
            JsonNode names = body.get("instance_names");
            if (names == null || !names.isArray() || names.isEmpty()) {
                throw new SimulatorHttp.BadRequest("Field 'instance_names' must list at least one instance.");
            }
            String token = "sim-lakebase-" + Hashing.genieId(config.data().seed(), 9, tokenSeq.incrementAndGet());
            Instant expiresAt = Instant.ofEpochMilli(clock.wallMillis()
                    + config.lakebase().lakebaseTokenSeconds() * 1000L);
            credentialListener.accept(token, expiresAt);
            String expires = expiresAt.toString();
            SimulatorHttp.send(ex, 200, GenieJson.render(g -> {
                g.writeStartObject();
                g.writeStringField("token", token);
                g.writeStringField("expiration_time", expires);
                g.writeEndObject();
            }));
        } else {
            SimulatorHttp.send(ex, 404, GenieJson.error("ENDPOINT_NOT_FOUND",
                    "No API found for '" + method + " " + path + "'"));
        }
    }
}
