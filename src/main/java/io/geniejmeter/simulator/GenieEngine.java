package io.geniejmeter.simulator;

import io.geniejmeter.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated Genie space without HTTP: conversations, messages with their precomputed schedules, the warehouse, the
 * questions-per-minute limit and the ground truth. Called concurrently by the HTTP worker threads; lookups are
 * lock-free (concurrent maps), creation takes the warehouse and rate-limiter locks briefly.
 *
 * <p>Randomness: each message draws its latencies and faults from a generator seeded with (seed, message sequence
 * number), and its answer from (seed, question text); so a given seed and sequence of questions always produces the
 * same schedules, SQL and ids.
 */
final class GenieEngine {

    static final String RATE_LIMIT_ERROR = "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION";
    private static final String[] SQL_PHASES = {"SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI",
        "PENDING_WAREHOUSE", "EXECUTING_QUERY"};
    private static final int ASKING_AI = 3;
    private static final int PENDING_WAREHOUSE = 4;

    private final SimulatorConfig config;
    private final RateLimitSettings rateLimit;
    private final MessageFaults faults;
    private final Clock clock;
    private final long seed;
    private final double scale;
    private final AnswerGenerator answers;
    private final Warehouse warehouse;
    private final QueryHistory history;
    private final RateLimiter limiter;
    private final LatencyRange[] latency = new LatencyRange[SQL_PHASES.length];
    private final AtomicLong conversationSeq = new AtomicLong();
    private final AtomicLong messageSeq = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final Map<String, SimConversation> conversations = new ConcurrentHashMap<>();
    private final Map<String, SimMessage> messages = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<SimMessage> truthLog = new ConcurrentLinkedQueue<>();
    /** Answers by their SQL text, so that re-running Genie's SQL on the warehouse returns Genie's rows. */
    private final Map<String, AnswerGenerator.Answer> answersBySql = new ConcurrentHashMap<>();

    GenieEngine(SimulatorConfig config) {
        this.config = config;
        this.rateLimit = config.rateLimit();
        this.faults = config.messageFaults();
        this.clock = config.clock();
        this.seed = config.data().seed();
        this.scale = config.timing().timeScale();
        this.answers = new AnswerGenerator(seed, config.data().textOnlyRate());
        this.warehouse = new Warehouse(config.warehouse().warehouseSlots());
        this.history = new QueryHistory(scaled(config.warehouse().queryHistoryLagMs()),
                config.warehouse().queryHistoryFile());
        this.limiter = new RateLimiter(rateLimit.qpm(), scaled(60_000));
        for (int i = 0; i < SQL_PHASES.length; i++) {
            latency[i] = config.timing().phaseLatency().get(SQL_PHASES[i]);
        }
    }

    SimulatorConfig config() {
        return config;
    }

    long now() {
        return clock.wallMillis();
    }

    /** Nominal milliseconds to real milliseconds under the time scale. */
    long scaled(long nominalMs) {
        return Math.round(nominalMs * scale);
    }

    /** Outcome of a question POST: the new message, or a refusal with the wait before a retry. */
    record Posted(SimConversation conversation, SimMessage message, long retryAfterMs) {
        boolean refused() {
            return message == null;
        }
    }

    /** start-conversation: a new conversation owned by the configured user, holding the first message. */
    Posted startConversation(String content) {
        long now = now();
        long wait = limiter.tryAcquire(now);
        boolean limited = wait > 0;
        if (limited && rateLimit.rateLimitStyle() == RateLimitStyle.HTTP_429) {
            refused.incrementAndGet();
            return new Posted(null, null, wait);
        }
        long cseq = conversationSeq.incrementAndGet();
        SimConversation c = new SimConversation(cseq, Hashing.genieId(seed, 1, cseq), config.data().spaceId(),
                Long.toString(DataSettings.USER_ID), title(content), now);
        SimMessage m = newMessage(c, content, now, limited);
        conversations.put(c.id, c);
        return new Posted(c, m, 0);
    }

    /** create-message (follow-up) in an existing conversation; null conversation means 404. */
    Posted followUp(SimConversation c, String content) {
        long now = now();
        long wait = limiter.tryAcquire(now);
        boolean limited = wait > 0;
        if (limited && rateLimit.rateLimitStyle() == RateLimitStyle.HTTP_429) {
            refused.incrementAndGet();
            return new Posted(c, null, wait);
        }
        return new Posted(c, newMessage(c, content, now, limited), 0);
    }

    private static String title(String content) {
        String t = content.strip();
        return t.length() > 120 ? t.substring(0, 117) + "..." : t;
    }

    private SimMessage newMessage(SimConversation c, String content, long now, boolean rateLimited) {
        long seq = messageSeq.incrementAndGet();
        String id = Hashing.genieId(seed, 2, seq);
        SplittableRandom r = new SplittableRandom(Hashing.mix(seed, seq));
        long[] nominal = new long[SQL_PHASES.length];
        for (int i = 0; i < nominal.length; i++) {
            nominal[i] = latency[i].draw(r);
        }
        double faultDraw = r.nextDouble();
        double cutDraw = r.nextDouble();
        double expireDraw = r.nextDouble();
        double stuckDraw = r.nextDouble(); // drawn last, so adding it changed no other draw of a seed
        SimMessage m;
        if (rateLimited) {
            m = new SimMessage(seq, c.id, id, c.spaceId, c.userId, content, now, new String[] {"SUBMITTED"},
                    new long[] {now + scaled(nominal[0])}, "FAILED", RATE_LIMIT_ERROR,
                    "Rate limit exceeded: the workspace allows " + rateLimit.qpm() + " questions per minute",
                    null, Integer.MAX_VALUE, null, null, false, 0);
        } else {
            AnswerGenerator.Answer a = answers.answer(content);
            boolean fail = faultDraw < faults.failRate();
            boolean cancel = !fail && faultDraw < faults.failRate() + faults.cancelRate();
            boolean sqlFailure = fail && !a.textOnly() && isSqlError(faults.failErrorType());
            boolean stuck = !fail && !cancel && stuckDraw < faults.stuckRate();
            int phaseCount = a.textOnly() || stuck || (fail && !sqlFailure) ? ASKING_AI + 1 : SQL_PHASES.length;
            if (cancel) {
                phaseCount = 1 + (int) (cutDraw * phaseCount);
            }
            String[] phases = new String[phaseCount];
            long[] ends = new long[phaseCount];
            long t = now;
            for (int i = 0; i < phaseCount; i++) {
                phases[i] = SQL_PHASES[i];
                if (i == PENDING_WAREHOUSE && i + 1 < phaseCount) {
                    // Queue for a warehouse slot: the run starts when one is free, not before the nominal delay.
                    long ready = t + scaled(nominal[i]);
                    t = warehouse.book(ready, scaled(nominal[i + 1]), now);
                } else {
                    t += scaled(nominal[i]);
                }
                ends[i] = t;
            }
            if (stuck) {
                ends[ASKING_AI] = Long.MAX_VALUE; // never answered: completed_ms stays null in the ground truth
            }
            String terminal = fail ? "FAILED" : cancel ? "CANCELLED" : "COMPLETED";
            String errorType = fail ? faults.failErrorType() : null;
            String errorMessage = fail ? errorMessage(errorType) : null;
            // The query attachment appears once the AI has written SQL, i.e. when the warehouse phases start.
            int queryFrom = !a.textOnly() && phaseCount > PENDING_WAREHOUSE ? PENDING_WAREHOUSE : Integer.MAX_VALUE;
            boolean expires = !fail && !cancel && !stuck && !a.textOnly() && expireDraw < faults.expireRate();
            m = new SimMessage(seq, c.id, id, c.spaceId, c.userId, content, now, phases, ends, terminal, errorType,
                    errorMessage, a, queryFrom, Hashing.genieId(seed, 3, seq),
                    Hashing.uuidLike(seed, 4, seq), expires, scaled(faults.expireAfterMs()));
            if (queryFrom != Integer.MAX_VALUE) {
                history.add(statementRow(m, scaled(nominal[PENDING_WAREHOUSE])));
            }
        }
        register(c, m);
        return m;
    }

    /**
     * The query history row of a message's SQL (see {@link QueryHistoryRow} for how its parts map to the phases).
     *
     * @param computeWaitMs the nominal PENDING_WAREHOUSE delay (real ms); any longer pending was a slot wait
     */
    private QueryHistoryRow statementRow(SimMessage m, long computeWaitMs) {
        SplittableRandom r = new SplittableRandom(Hashing.mix(seed ^ 0x5c1e_d0c5L, m.seq));
        long start = m.ends[ASKING_AI];
        long pending = m.ends[PENDING_WAREHOUSE] - start;
        long compute = Math.min(computeWaitMs, pending);
        boolean ran = m.phases.length > PENDING_WAREHOUSE + 1;
        long run = ran ? m.ends[PENDING_WAREHOUSE + 1] - m.ends[PENDING_WAREHOUSE] : 0;
        long compilation = Math.round(run * (0.05 + 0.2 * r.nextDouble()));
        String status = switch (m.terminal) {
            case "COMPLETED" -> "FINISHED";
            case "FAILED" -> "FAILED";
            default -> "CANCELED";
        };
        boolean finished = status.equals("FINISHED");
        long produced = finished ? m.answer.rows().size() : 0;
        long volume = Hashing.hash(seed, m.answer.sql());
        long readRows = finished ? Math.max(1, produced) * (10 + Long.remainderUnsigned(volume, 990)) : 0;
        long rowWidth = 32 + Long.remainderUnsigned(volume >>> 20, 224);
        long fetch = finished ? scaled(5 + r.nextLong(60)) : 0;
        return new QueryHistoryRow(m.statementId, config.warehouse().warehouseId(), m.spaceId, m.answer.sql(),
                start, m.ends[m.ends.length - 1], compute, pending - compute, compilation, run - compilation, fetch,
                produced, readRows, readRows * rowWidth, status, status.equals("FAILED") ? m.errorMessage : null);
    }

    /** The warehouse's query history (system.query.history of the simulator). */
    QueryHistory history() {
        return history;
    }

    private void register(SimConversation c, SimMessage m) {
        rememberSql(m.answer);
        c.add(m);
        messages.put(m.messageId, m);
        truthLog.add(m);
    }

    private static boolean isSqlError(String type) {
        return type.contains("SQL") || type.contains("WAREHOUSE") || type.contains("QUERY");
    }

    private static String errorMessage(String type) {
        return switch (type) {
            case "SQL_EXECUTION_EXCEPTION" -> "[TABLE_OR_VIEW_NOT_FOUND] The query failed on the SQL warehouse";
            case "REPLY_PROCESS_TIMEOUT_EXCEPTION" -> "Genie took too long to reply";
            case "CHAT_COMPLETION_CLIENT_TIMEOUT_EXCEPTION" -> "The model did not answer in time";
            default -> "Injected failure: " + type;
        };
    }

    /**
     * Adds a conversation from history (preloaded YAML): completed messages at their recorded times, owned by
     * {@code userId}. Preloaded messages are not part of the ground truth.
     */
    SimConversation preload(String id, String title, long createdMs, String userId, List<String> contents,
                            List<Long> timestamps, List<String> messageIds) {
        long cseq = conversationSeq.incrementAndGet();
        String cid = id != null && !id.isBlank() ? id : Hashing.genieId(seed, 1, cseq);
        SimConversation c = new SimConversation(cseq, cid, config.data().spaceId(), userId,
                title == null || title.isBlank() ? "Untitled" : title, createdMs);
        for (int i = 0; i < contents.size(); i++) {
            long seq = messageSeq.incrementAndGet();
            String mid = messageIds.get(i) != null && !messageIds.get(i).isBlank()
                    ? messageIds.get(i) : Hashing.genieId(seed, 2, seq);
            long ts = timestamps.get(i) != null ? timestamps.get(i) : createdMs;
            SimMessage m = new SimMessage(seq, cid, mid, c.spaceId, userId, contents.get(i), ts, new String[0],
                    new long[0], "COMPLETED", null, null, answers.answer(contents.get(i)), 0,
                    Hashing.genieId(seed, 3, seq), Hashing.uuidLike(seed, 4, seq), false, 0);
            rememberSql(m.answer);
            c.add(m);
            messages.put(mid, m);
        }
        conversations.put(cid, c);
        return c;
    }

    private void rememberSql(AnswerGenerator.Answer a) {
        if (a != null && !a.textOnly()) {
            answersBySql.putIfAbsent(normaliseSql(a.sql()), a);
        }
    }

    private static String normaliseSql(String sql) {
        return sql.strip().replaceAll("\\s+", " ").replaceAll(";$", "");
    }

    /** The answer whose SQL this is (whitespace-insensitive), or null for SQL Genie never wrote. */
    AnswerGenerator.Answer answerForSql(String sql) {
        return answersBySql.get(normaliseSql(sql));
    }

    /** Books the warehouse for a statement run of {@code durationMs} (real ms) ready now; returns its start. */
    long bookWarehouse(long durationMs) {
        long now = now();
        return warehouse.book(now, durationMs, now);
    }

    SimConversation conversation(String id) {
        SimConversation c = conversations.get(id);
        return c == null || c.deleted ? null : c;
    }

    SimMessage message(String conversationId, String messageId) {
        SimMessage m = messages.get(messageId);
        if (m == null || !m.conversationId.equals(conversationId)) {
            return null;
        }
        SimConversation c = conversations.get(conversationId);
        return c == null || c.deleted ? null : m;
    }

    boolean delete(String conversationId) {
        SimConversation c = conversations.remove(conversationId);
        if (c == null) {
            return false;
        }
        c.deleted = true;
        for (SimMessage m : c.messages()) {
            messages.remove(m.messageId);
        }
        return true;
    }

    /** Re-runs a message's query: a fresh result, and an expiring result is valid again for its delay. */
    void reExecute(SimMessage m) {
        if (m.expires) {
            m.expireAtMs = now() + m.expireDelayMs;
            m.rendered(null);
        }
    }

    /** Conversations visible to the caller, newest first (ties by creation order). */
    List<SimConversation> conversations(boolean includeAll) {
        String me = Long.toString(DataSettings.USER_ID);
        List<SimConversation> out = new ArrayList<>();
        for (SimConversation c : conversations.values()) {
            if (!c.deleted && (includeAll || c.userId.equals(me))) {
                out.add(c);
            }
        }
        out.sort((a, b) -> a.createdMs != b.createdMs ? Long.compare(b.createdMs, a.createdMs)
                : Long.compare(b.seq, a.seq));
        return out;
    }

    int conversationCount() {
        return conversations.size();
    }

    /** Questions refused with HTTP 429 since start. */
    long refusedCount() {
        return refused.get();
    }

    /** Counts a question POST that reached the Genie API, authorised, whatever then happened to it. */
    void questionReceived() {
        received.incrementAndGet();
    }

    /** Question POSTs received since start: messages created, refused, lost to an injected fault or 404. */
    long receivedQuestions() {
        return received.get();
    }

    List<MessageTruth> truths() {
        long now = now();
        List<MessageTruth> out = new ArrayList<>();
        for (SimMessage m : truthLog) {
            out.add(m.truth(now));
        }
        return out;
    }

    /** Number of messages in the ground truth. */
    int truthCount() {
        return truthLog.size();
    }

    void resetTruths() {
        truthLog.clear();
        refused.set(0);
        received.set(0);
    }
}
