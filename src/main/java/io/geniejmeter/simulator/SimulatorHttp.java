package io.geniejmeter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.geniejmeter.time.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's one HTTP handler: authenticates, injects per-request faults, routes by path and writes the JSON.
 * Runs on the HTTP server's worker threads; keeps no per-request state beyond locals.
 */
final class SimulatorHttp implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorHttp.class);
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String GENIE = "/api/2.0/genie/spaces/";
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final int DEFAULT_PAGE_SIZE = 100;

    private final GenieEngine engine;
    private final SimulatorConfig config;
    private final Clock clock;
    private final String goodAuth;
    private final String forbiddenAuth;
    /** Tokens minted by the OAuth token endpoint; accepted like the configured token. */
    final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong requestSeq = new AtomicLong();
    private final AtomicLong statementSeq = new AtomicLong();
    private final RequestFaults faults;
    private final boolean requestFaults;
    private final ExtraApis extra;

    SimulatorHttp(GenieEngine engine, ExtraApis extra) {
        this.engine = engine;
        this.config = engine.config();
        this.clock = config.clock();
        this.goodAuth = "Bearer " + config.auth().token();
        this.forbiddenAuth = "Bearer " + config.auth().forbiddenToken();
        this.faults = config.requestFaults();
        this.requestFaults = faults.any();
        this.extra = extra;
    }

    /** Extension point for the non-Genie APIs (statements, embeddings, Lakebase, OAuth). */
    interface ExtraApis {
        /** @return true when the request was handled */
        boolean handle(HttpExchange ex, String method, String path, SimulatorHttp http) throws IOException;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (BadRequest e) {
            send(ex, 400, GenieJson.error("INVALID_PARAMETER_VALUE", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        } catch (IOException e) {
            LOG.debug("Client went away: {}", e.toString());
            ex.close();
        } catch (RuntimeException e) {
            LOG.warn("Simulator request {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            send(ex, 500, GenieJson.error("INTERNAL_ERROR", "simulator error: " + e));
        }
    }

    private void route(HttpExchange ex) throws IOException, InterruptedException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        if (path.startsWith(GENIE)) {
            if (!authorised(ex)) {
                return;
            }
            if (method.equals("POST") && isQuestion(path)) {
                engine.questionReceived(); // before any fault: a question lost to one was still received
            }
            if (requestFaults && injectFault(ex)) {
                return;
            }
            genie(ex, method, path);
            return;
        }
        if (path.startsWith("/_simulator/")) {
            if (!adminAllowed(ex.getRemoteAddress().getAddress(), config.server().adminFromAnywhere())) {
                send(ex, 403, GenieJson.error("PERMISSION_DENIED", "the simulator's admin endpoints answer on"
                        + " loopback only; start it with --admin-from-anywhere true to allow other machines"));
                return;
            }
            simulatorAdmin(ex, method, path);
            return;
        }
        if (extra != null && extra.handle(ex, method, path, this)) {
            return;
        }
        send(ex, 404, GenieJson.error("ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'"));
    }

    /**
     * Whether a request from {@code remote} may use the admin endpoints: they tell the truth about every question and
     * can wipe it, so only this machine may, unless the simulator was started with {@code --admin-from-anywhere}.
     */
    static boolean adminAllowed(InetAddress remote, boolean fromAnywhere) {
        return fromAnywhere || (remote != null && remote.isLoopbackAddress());
    }

    /** A question path: {@code {space}/start-conversation} or {@code {space}/conversations/{c}/messages}. */
    private static boolean isQuestion(String path) {
        String[] p = path.substring(GENIE.length()).split("/");
        return (p.length == 2 && p[1].equals("start-conversation"))
                || (p.length == 4 && p[1].equals("conversations") && p[3].equals("messages"));
    }

    /** Checks the bearer token; answers 401/403 itself and returns false when refused. */
    boolean authorised(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (goodAuth.equals(auth)) {
            return true;
        }
        if (forbiddenAuth.equals(auth)) {
            send(ex, 403, GenieJson.error("PERMISSION_DENIED",
                    "User does not have permission to use this Genie space (simulated missing CAN RUN permission)"));
            return false;
        }
        if (auth != null && auth.startsWith("Bearer ") && issuedTokens.contains(auth.substring(7))) {
            return true;
        }
        send(ex, 401, GenieJson.error("UNAUTHENTICATED", auth == null
                ? "Credential was not sent or was of an unsupported type for this API."
                : "Invalid access token."));
        return false;
    }

    /** Per-request faults, drawn from (seed, request number). Returns true when the request was consumed. */
    private boolean injectFault(HttpExchange ex) throws IOException, InterruptedException {
        double u = Hashing.unit(Hashing.mix(config.data().seed() ^ 0xfa17L, requestSeq.incrementAndGet()));
        double edge = faults.dropRate();
        if (u < edge) {
            ex.close(); // no response headers sent: the JDK server closes the connection
            return true;
        }
        edge += faults.hangRate();
        if (u < edge) {
            clock.sleep(Duration.ofMillis(engine.scaled(faults.hangMs())));
            ex.close();
            return true;
        }
        edge += faults.http500Rate();
        if (u < edge) {
            send(ex, 500, GenieJson.error("INTERNAL_ERROR", "Injected fault: internal server error"));
            return true;
        }
        edge += faults.http503Rate();
        if (u < edge) {
            ex.getResponseHeaders().set("Retry-After", "1");
            send(ex, 503, GenieJson.error("TEMPORARILY_UNAVAILABLE",
                    "Injected fault: the service is temporarily unavailable"));
            return true;
        }
        edge += faults.slowRate();
        if (u < edge) {
            clock.sleep(Duration.ofMillis(engine.scaled(faults.slowMs())));
        }
        return false;
    }

    // ---- Genie ---------------------------------------------------------------------------------------------

    private void genie(HttpExchange ex, String method, String path) throws IOException {
        String[] p = path.substring(GENIE.length()).split("/");
        if (!p[0].equals(config.data().spaceId())) {
            send(ex, 404, GenieJson.error("RESOURCE_DOES_NOT_EXIST", "Genie space " + p[0] + " does not exist."));
            return;
        }
        int n = p.length;
        if (n == 1 && method.equals("GET")) {
            space(ex);
        } else if (n == 2 && p[1].equals("start-conversation") && method.equals("POST")) {
            startConversation(ex);
        } else if (n == 2 && p[1].equals("conversations") && method.equals("GET")) {
            listConversations(ex);
        } else if (n >= 3 && p[1].equals("conversations")) {
            SimConversation c = engine.conversation(p[2]);
            if (c == null) {
                send(ex, 404, GenieJson.error("RESOURCE_DOES_NOT_EXIST",
                        "Conversation " + p[2] + " does not exist."));
                return;
            }
            if (n == 3 && method.equals("DELETE")) {
                engine.delete(c.id);
                send(ex, 200, EMPTY_OBJECT);
            } else if (n == 4 && p[3].equals("messages") && method.equals("POST")) {
                followUp(ex, c);
            } else if (n == 4 && p[3].equals("messages") && method.equals("GET")) {
                listMessages(ex, c);
            } else if (n >= 5 && p[3].equals("messages")) {
                SimMessage m = engine.message(c.id, p[4]);
                if (m == null) {
                    send(ex, 404, GenieJson.error("RESOURCE_DOES_NOT_EXIST",
                            "Message " + p[4] + " does not exist in conversation " + c.id + "."));
                    return;
                }
                messageRoute(ex, method, p, m);
            } else {
                notFound(ex, method, path);
            }
        } else {
            notFound(ex, method, path);
        }
    }

    private void messageRoute(HttpExchange ex, String method, String[] p, SimMessage m) throws IOException {
        int n = p.length;
        if (n == 5 && method.equals("GET")) {
            int idx = m.statusIndex(clock.wallMillis());
            send(ex, 200, GenieJson.message(m, idx));
        } else if (n == 8 && p[5].equals("attachments") && p[7].equals("query-result") && method.equals("GET")) {
            queryResult(ex, m, p[6], false);
        } else if (n == 8 && p[5].equals("attachments") && p[7].equals("execute-query") && method.equals("POST")) {
            queryResult(ex, m, p[6], true);
        } else if (n == 6 && p[5].equals("query-result") && method.equals("GET")) {
            queryResult(ex, m, m.attachmentId, false);
        } else if (n == 6 && p[5].equals("execute-query") && method.equals("POST")) {
            queryResult(ex, m, m.attachmentId, true);
        } else {
            notFound(ex, method, ex.getRequestURI().getRawPath());
        }
    }

    private void space(HttpExchange ex) throws IOException {
        send(ex, 200, GenieJson.render(g -> {
            g.writeStartObject();
            g.writeStringField("space_id", config.data().spaceId());
            g.writeStringField("title", config.data().spaceTitle());
            g.writeStringField("description", "Simulated Genie space served by genie-jmeter's simulator");
            g.writeStringField("warehouse_id", config.warehouse().warehouseId());
            g.writeEndObject();
        }));
    }

    private void startConversation(HttpExchange ex) throws IOException {
        String content = content(ex);
        GenieEngine.Posted posted = engine.startConversation(content);
        if (posted.refused()) {
            tooManyRequests(ex, posted.retryAfterMs());
            return;
        }
        SimMessage m = posted.message();
        int idx = 0; // the POST answers with the message as created: SUBMITTED
        send(ex, 200, GenieJson.render(g -> {
            g.writeStartObject();
            g.writeStringField("conversation_id", posted.conversation().id);
            g.writeStringField("message_id", m.messageId);
            g.writeFieldName("conversation");
            GenieJson.writeConversation(g, posted.conversation());
            g.writeFieldName("message");
            GenieJson.writeMessage(g, m, idx);
            g.writeEndObject();
        }));
    }

    private void followUp(HttpExchange ex, SimConversation c) throws IOException {
        String content = content(ex);
        GenieEngine.Posted posted = engine.followUp(c, content);
        if (posted.refused()) {
            tooManyRequests(ex, posted.retryAfterMs());
            return;
        }
        SimMessage m = posted.message();
        send(ex, 200, GenieJson.render(g -> GenieJson.writeMessage(g, m, 0)));
    }

    private void tooManyRequests(HttpExchange ex, long retryAfterMs) throws IOException {
        long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
        ex.getResponseHeaders().set("Retry-After", Long.toString(seconds));
        send(ex, 429, GenieJson.error("REQUEST_LIMIT_EXCEEDED", "Rate limit exceeded: the workspace allows "
                + config.rateLimit().qpm() + " Genie questions per minute. Retry after " + seconds + " s."));
    }

    private String content(HttpExchange ex) throws IOException {
        JsonNode body = jsonBody(ex);
        JsonNode content = body.get("content");
        if (content == null || !content.isTextual() || content.asText().isBlank()) {
            throw new BadRequest("Field 'content' is required and must be a non-empty string.");
        }
        return content.asText();
    }

    private void listConversations(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex);
        boolean includeAll = Boolean.parseBoolean(q.getOrDefault("include_all", "false"));
        int pageSize = pageSize(q);
        List<SimConversation> all = engine.conversations(includeAll);
        int start = 0;
        String token = q.get("page_token");
        if (token != null && !token.isEmpty()) {
            long[] key = decodeConversationToken(token);
            while (start < all.size() && !after(all.get(start), key)) {
                start++;
            }
        }
        int end = Math.min(all.size(), start + pageSize);
        List<SimConversation> page = all.subList(start, end);
        String next = end < all.size() ? encodeConversationToken(all.get(end - 1)) : null;
        send(ex, 200, GenieJson.render(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("conversations");
            for (SimConversation c : page) {
                g.writeStartObject();
                g.writeStringField("conversation_id", c.id);
                g.writeStringField("title", c.title);
                g.writeNumberField("created_timestamp", c.createdMs);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (next != null) {
                g.writeStringField("next_page_token", next);
            }
            g.writeEndObject();
        }));
    }

    /** True when {@code c} sorts strictly after the conversation the token was made from (newest first). */
    private static boolean after(SimConversation c, long[] key) {
        return c.createdMs < key[0] || (c.createdMs == key[0] && c.seq < key[1]);
    }

    private static String encodeConversationToken(SimConversation c) {
        return "c" + Long.toString(c.createdMs, 36) + "." + Long.toString(c.seq, 36);
    }

    private static long[] decodeConversationToken(String token) {
        try {
            int dot = token.indexOf('.');
            if (!token.startsWith("c") || dot < 0) {
                throw new NumberFormatException();
            }
            return new long[] {Long.parseLong(token.substring(1, dot), 36), Long.parseLong(token.substring(dot + 1),
                    36)};
        } catch (NumberFormatException e) {
            throw new BadRequest("Invalid page_token '" + token + "'.");
        }
    }

    private void listMessages(HttpExchange ex, SimConversation c) throws IOException {
        Map<String, String> q = query(ex);
        int pageSize = pageSize(q);
        List<SimMessage> all = c.messages();
        int start = 0;
        String token = q.get("page_token");
        if (token != null && !token.isEmpty()) {
            try {
                start = Integer.parseInt(token.startsWith("m") ? token.substring(1) : "x");
            } catch (NumberFormatException e) {
                throw new BadRequest("Invalid page_token '" + token + "'.");
            }
        }
        int from = Math.min(start, all.size());
        int end = Math.min(all.size(), from + pageSize);
        List<SimMessage> page = all.subList(from, end);
        long now = clock.wallMillis();
        send(ex, 200, GenieJson.render(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("messages");
            for (SimMessage m : page) {
                GenieJson.writeMessage(g, m, m.statusIndex(now));
            }
            g.writeEndArray();
            if (end < all.size()) {
                g.writeStringField("next_page_token", "m" + end);
            }
            g.writeEndObject();
        }));
    }

    private static int pageSize(Map<String, String> q) {
        String s = q.get("page_size");
        if (s == null || s.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n == 0 ? DEFAULT_PAGE_SIZE : Math.min(n, DEFAULT_PAGE_SIZE);
        } catch (NumberFormatException e) {
            throw new BadRequest("page_size must be a non-negative integer, got '" + s + "'.");
        }
    }

    private void queryResult(HttpExchange ex, SimMessage m, String attachmentId, boolean execute)
            throws IOException {
        if (m.answer == null || m.answer.textOnly() || m.queryFromIndex == Integer.MAX_VALUE
                || !attachmentId.equals(m.attachmentId)) {
            send(ex, 404, GenieJson.error("RESOURCE_DOES_NOT_EXIST",
                    "Message " + m.messageId + " has no query attachment " + attachmentId + "."));
            return;
        }
        if (execute) {
            jsonBodyOrEmpty(ex);
        }
        int idx = m.statusIndex(clock.wallMillis());
        if (idx < m.phases.length && !"EXECUTING_QUERY".equals(m.status(idx))) {
            send(ex, 400, GenieJson.error("INVALID_STATE", "The query of message " + m.messageId
                    + " is not executing yet (status " + m.status(idx) + ")."));
            return;
        }
        String state;
        String statementId = m.statementId;
        String status = m.status(idx);
        if (execute && (status.equals("COMPLETED") || status.equals("QUERY_RESULT_EXPIRED"))) {
            engine.reExecute(m);
            state = "SUCCEEDED";
            statementId = Hashing.uuidLike(config.data().seed(), 5, statementSeq.incrementAndGet());
        } else {
            state = switch (status) {
                case "COMPLETED" -> "SUCCEEDED";
                case "QUERY_RESULT_EXPIRED" -> "CLOSED";
                case "FAILED" -> "FAILED";
                case "CANCELLED" -> "CANCELED";
                default -> "RUNNING";
            };
        }
        String sid = statementId;
        boolean failed = state.equals("FAILED");
        send(ex, 200, GenieJson.render(g -> {
            g.writeStartObject();
            g.writeFieldName("statement_response");
            GenieJson.writeStatement(g, sid, state, m.answer, failed ? "BAD_REQUEST" : null,
                    failed ? m.errorMessage : null);
            g.writeEndObject();
        }));
    }

    private void notFound(HttpExchange ex, String method, String path) throws IOException {
        send(ex, 404, GenieJson.error("ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'"));
    }

    // ---- simulator admin -------------------------------------------------------------------------------------

    private void simulatorAdmin(HttpExchange ex, String method, String path) throws IOException {
        if (path.equals("/_simulator/messages") && method.equals("GET")) {
            List<MessageTruth> truths = engine.truths();
            send(ex, 200, GenieJson.render(g -> {
                g.writeStartArray();
                for (MessageTruth t : truths) {
                    GenieJson.writeTruth(g, t);
                }
                g.writeEndArray();
            }));
        } else if (path.equals("/_simulator/stats") && method.equals("GET")) {
            send(ex, 200, GenieJson.render(g -> {
                g.writeStartObject();
                g.writeNumberField("messages", engine.truthCount());
                g.writeNumberField("refused_questions", engine.refusedCount());
                g.writeNumberField("received_questions", engine.receivedQuestions());
                g.writeNumberField("conversations", engine.conversationCount());
                g.writeEndObject();
            }));
        } else if ((path.equals("/_simulator/messages") && method.equals("DELETE"))
                || (path.equals("/_simulator/messages/reset") && method.equals("POST"))) {
            engine.resetTruths();
            send(ex, 200, EMPTY_OBJECT);
        } else {
            notFound(ex, method, path);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Thrown to answer HTTP 400 INVALID_PARAMETER_VALUE with its message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    static JsonNode jsonBody(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length == 0) {
            throw new BadRequest("A JSON request body is required.");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("The request body must be a JSON object.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("Malformed JSON request body: " + e.getOriginalMessage());
        }
    }

    static JsonNode jsonBodyOrEmpty(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("Malformed JSON request body: " + e.getOriginalMessage());
        }
    }

    static Map<String, String> query(HttpExchange ex) {
        String raw = ex.getRequestURI().getRawQuery();
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", "application/json");
        // JDK server: length 0 would mean chunked, -1 means no body.
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    GenieEngine engine() {
        return engine;
    }
}
