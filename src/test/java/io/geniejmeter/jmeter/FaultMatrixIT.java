package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.genie.GenieSampleVariables;
import io.geniejmeter.lakebase.PostgresExtension;
import io.geniejmeter.lakebase.TestPostgres;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix (issue 9): each cell a short headless run of a shipped plan ({@link InProcessPlanRun}: the real
 * plan in a real JMeter engine, in this JVM so that one JVM start serves every cell) against a simulator on loopback
 * with one fault switched on. For each cell:
 * <ul>
 *   <li><b>classified correctly</b>: every sample checked against the simulator's ground truth for its message:
 *       only a message that reached COMPLETED is a success; a FAILED or CANCELLED message is a failed sample with
 *       its error type or CANCELLED as response code; an answered message is never recorded as failed (one failed
 *       poll must not decide the question), an expired one only as QUERY_RESULT_EXPIRED, a TIMEOUT only for a
 *       message that was not answered; every failure's code is one the fault explains; and the fault was met;</li>
 *   <li><b>accounted</b>: samples in the JTL + questions reported as cut off at the end = question POSTs the
 *       simulator received ({@link GenieSimulator#receivedQuestions()}); with a cache in front, the live samples;</li>
 *   <li><b>the run continues</b> to its scheduled end, with questions asked in its last part, and ends within
 *       {@link #STOP_LIMIT_MS} of it;</li>
 *   <li><b>nothing leaks</b>: no thread and no socket more after the run than before it.</li>
 * </ul>
 * Each cell's figures are appended to {@code target/fault-matrix.csv} (and a Markdown table to
 * {@code target/fault-matrix.md}) before its assertions, for the table in docs/reliability.md.
 */
@ExtendWith(PostgresExtension.class)
class FaultMatrixIT {

    private static final Path STANDARD = Path.of("testplans/genie-standard.jmx");
    private static final Path IN_MEMORY = Path.of("testplans/genie-in-memory-semantic.jmx");
    /** The Lakebase instance the cells with a Lakebase login name (the simulator serves any name). */
    private static final String LAKEBASE_INSTANCE = "genie-cache";
    private static final String LAKEBASE_SECRET = "sp-secret";
    private static final Path CONVERSATIONS = Path.of("testplans/sample-conversations.yaml");
    private static final Path CSV = Path.of("target/fault-matrix.csv");
    private static final Path MARKDOWN = Path.of("target/fault-matrix.md");
    /** Stop and shutdown within 2 s (issue 9), measured from the scheduled end of the run. */
    private static final long STOP_LIMIT_MS = 2_000;
    private static final Pattern TEST_COMPLETE = Pattern.compile("test_complete .* cache_errors=(\\d+)"
            + " failed_reruns=(\\d+)");

    @TempDir
    Path work;

    @BeforeAll
    static void tableHeaderAndWarmUp() throws Exception {
        Files.createDirectories(CSV.getParent());
        Files.writeString(CSV, "fault,expected classification,samples,by response code,received,cut off,accounted,"
                + "stop ms,threads leaked,sockets leaked\n", StandardCharsets.UTF_8);
        Files.writeString(MARKDOWN, "| fault | expected classification | samples | by response code | accounted"
                + " | stop time |\n|---|---|---|---|---|---|\n",
                StandardCharsets.UTF_8);
        warmUp();
    }

    static Stream<FaultCell> cells() {
        List<FaultCell> cells = new ArrayList<>();
        cells.add(FaultCell.of("none (baseline)", "all COMPLETED").mustSee("COMPLETED"));
        cells.add(FaultCell.of("429 storm, HTTP 429 style", "429 on the question POST, no message")
                .sim("qpm", "4").users(8).allow("429").mustSee("429"));
        cells.add(FaultCell.of("429 storm, FAILED-message style",
                        "FAILED RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION, as Genie said")
                .sim("qpm", "4").sim("rate-limit-style", "failed-message").users(8)
                .allow("RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION").mustSee("RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION"));
        cells.add(FaultCell.of("HTTP 500 burst (20% of requests)",
                        "500 when the question POST failed; polls and result fetches retried")
                .sim("http-500-rate", "0.2").allow("500").mustSee("500"));
        cells.add(FaultCell.of("HTTP 503 burst (20% of requests)",
                        "503 when the question POST failed; polls and result fetches retried")
                .sim("http-503-rate", "0.2").allow("503").mustSee("503"));
        cells.add(FaultCell.of("slow responses (30%, +200 ms)", "all COMPLETED, slower")
                .sim("slow-rate", "0.3").sim("slow-ms", "10000").mustSee("COMPLETED"));
        cells.add(FaultCell.of("hanging responses (5%, 3 s > 1 s HTTP timeout)",
                        "TIMEOUT or lost POST when the question POST hung; polls retried")
                .sim("hang-rate", "0.05").sim("hang-ms", "150000").prop("genie.http_timeout_seconds", "1")
                .allow("TIMEOUT", "CONNECTION_ERROR", "CLIENT_LOST_RESPONSE")
                .mustSee("TIMEOUT", "CLIENT_LOST_RESPONSE"));
        cells.add(FaultCell.of("dropped connections (5%)",
                        "CONNECTION_ERROR or lost POST when the question POST was dropped; polls retried")
                .sim("drop-rate", "0.05").allow("CONNECTION_ERROR", "CLIENT_LOST_RESPONSE")
                .mustSee("CONNECTION_ERROR", "CLIENT_LOST_RESPONSE"));
        cells.add(FaultCell.of("stuck in ASKING_AI past the 2 s timeout (30%)", "TIMEOUT, status ASKING_AI")
                .sim("stuck-rate", "0.3").prop("genie.timeout_seconds", "2").seconds(5).allow("TIMEOUT")
                .mustSee("TIMEOUT"));
        for (String type : List.of("SQL_EXECUTION_EXCEPTION", "WAREHOUSE_NOT_FOUND_EXCEPTION",
                "REPLY_PROCESS_TIMEOUT_EXCEPTION", "CONTEXT_EXCEEDED_EXCEPTION", "NO_TABLES_TO_QUERY_EXCEPTION",
                "CONTENT_FILTER_EXCEPTION")) {
            cells.add(FaultCell.of("FAILED " + type + " (30%)", "FAILED, code " + type).seconds(3)
                    .sim("fail-rate", "0.3").sim("fail-error-type", type).allow(type).mustSee(type));
        }
        cells.add(FaultCell.of("CANCELLED (30%)", "CANCELLED").sim("cancel-rate", "0.3").allow("CANCELLED")
                .mustSee("CANCELLED"));
        cells.add(FaultCell.of("QUERY_RESULT_EXPIRED (50%)", "QUERY_RESULT_EXPIRED")
                .sim("expire-rate", "0.5").sim("expire-after-ms", "0").allow("QUERY_RESULT_EXPIRED")
                .mustSee("QUERY_RESULT_EXPIRED"));
        cells.add(FaultCell.of("simulator killed at 1.5 s, restarted 1 s later",
                        "CONNECTION_ERROR or lost POST while down, 404 for messages the new one never had")
                .killAndRestart(1_500, 1_000).seconds(5)
                .allow("CONNECTION_ERROR", "CLIENT_LOST_RESPONSE", "404", "TIMEOUT").lostAnswers("404")
                .mustSee("CONNECTION_ERROR", "CLIENT_LOST_RESPONSE", "404"));
        cells.add(FaultCell.of("in-memory cache: every hit's SQL re-run fails",
                        "hits FAILED BAD_REQUEST; live answers COMPLETED")
                .plan(IN_MEMORY).sim("statement-fail-rate", "1").seconds(5).allow("BAD_REQUEST")
                .mustSee("BAD_REQUEST"));
        cells.add(FaultCell.of("in-memory cache: embedding endpoint down (503)",
                        "all COMPLETED from Genie or the exact-match layer; counted as cache errors")
                .plan(IN_MEMORY).sim("embedding-fail-rate", "1").seconds(5).mustSee("COMPLETED"));
        cells.add(FaultCell.of("Lakebase cache: database token expiring every 2 s, its sessions ended then",
                        "all COMPLETED; the token re-minted before expiry, so the cache logs in again; a lookup"
                        + " on an ended session falls back to Genie (cache_errors)")
                .lakebaseTokens(2).seconds(7).mustSee("COMPLETED"));
        // -DfaultMatrix.only=TEXT runs only the cells whose fault names contain TEXT (while working on one)
        String only = System.getProperty("faultMatrix.only", "");
        return cells.stream().filter(c -> c.fault().contains(only));
    }

    /**
     * One short run before the cells, unchecked: what a JVM starts once (JMeter's timers, the sampler's deadline
     * thread, classes loaded and compiled) is then not counted against the first cell.
     */
    private static void warmUp() throws Exception {
        Path dir = Files.createTempDirectory(CSV.getParent(), "fault-matrix-warm-up");
        run(FaultCell.of("warm-up", "").users(2).seconds(1), dir, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void everyQuestionIsClassifiedAndAccountedForAndTheRunEndsCleanly(FaultCell cell, TestPostgres pg)
            throws Exception {
        List<String> problems;
        try (LakebaseTokenSide lakebase = cell.lakebaseTokenSeconds() < 0 ? null : new LakebaseTokenSide(pg)) {
            problems = run(cell, work, lakebase);
        }
        assertTrue(problems.isEmpty(), cell.fault() + ":\n  " + String.join("\n  ", problems));
    }

    /**
     * Runs one cell, records its figures, and returns what is wrong with it. {@code lakebase} plays Lakebase's side
     * of the database tokens for a cell with a Lakebase login, else null.
     */
    private static List<String> run(FaultCell cell, Path work, LakebaseTokenSide lakebase) throws Exception {
        boolean recorded = !cell.expected().isEmpty();
        List<GenieSimulator> simulators = new CopyOnWriteArrayList<>();
        Map<String, String> options = new LinkedHashMap<>(cell.simulatorOptions());
        List<String> envLines = new ArrayList<>();
        if (lakebase != null) {
            options.put("client-id", lakebase.clientId());
            options.put("client-secret", LAKEBASE_SECRET);
            options.put("lakebase-host", lakebase.hostAndPort()[0]);
            options.put("lakebase-port", lakebase.hostAndPort()[1]);
            envLines.addAll(List.of("GENIE_LAKEBASE_INSTANCE=" + LAKEBASE_INSTANCE,
                    "GENIE_LAKEBASE_CLIENT_ID=" + lakebase.clientId(),
                    "GENIE_LAKEBASE_CLIENT_SECRET=" + LAKEBASE_SECRET));
        }
        SimulatorConfig config = SimulatorConfig.fromOptions(options);
        simulators.add(GenieSimulator.start(config));
        GenieSimulator first = simulators.get(0);
        if (lakebase != null) {
            first.onDatabaseCredential(lakebase::accept);
        }
        Path env = work.resolve("genie.env");
        envLines.addAll(0, List.of(
                "DATABRICKS_HOST=" + first.baseUrl(),
                "DATABRICKS_TOKEN=" + first.token(),
                "DATABRICKS_AUTH_TYPE=pat",
                "GENIE_SPACE_ID=" + first.spaceId(),
                "GENIE_WAREHOUSE_ID=" + first.warehouseId(),
                "GENIE_CONVERSATIONS_FILE=" + CONVERSATIONS.toAbsolutePath()));
        Files.writeString(env, String.join("\n", envLines) + "\n", StandardCharsets.UTF_8);
        Files.deleteIfExists(work.resolve("results.jtl"));
        Map<String, String> props = cell.jmeterProperties(env);
        Map<String, MessageTruth> truth = new HashMap<>();
        long[] received = {0};
        Thread killer = cell.killAtMs() < 0 ? null : new Thread(() -> killAndRestart(cell, simulators, truth,
                received), "fault-matrix-killer");

        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        Set<String> socketsBefore = Leaks.openSockets();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        InProcessPlanRun.Result run;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            if (killer != null) {
                killer.start();
            }
            run = InProcessPlanRun.run(cell.plan(), props, work.resolve("results.jtl"), cell.seconds() * 1000L
                    + 60_000);
            if (killer != null) {
                killer.join(10_000);
            }
        } finally {
            System.setOut(originalOut);
        }
        int cutOff = GenieConversationSampler.cutOffQuestions();
        if (lakebase != null) {
            lakebase.stopEnforcing();
        }
        for (GenieSimulator sim : simulators) {
            sim.groundTruth().forEach(t -> truth.putIfAbsent(t.messageId(), t));
            received[0] += sim.receivedQuestions();
            sim.close();
        }
        List<String> leakedThreads = Leaks.threadsLeftOver(threadsBefore);
        List<String> leakedSockets = Leaks.socketsLeftOver(socketsBefore);

        List<String> problems = new ArrayList<>();
        Map<String, Integer> byCode = new TreeMap<>();
        int askedGenie = 0;
        int neverSent = 0;
        for (Map<String, String> row : run.rows()) {
            byCode.merge(row.get("responseCode"), 1, Integer::sum);
            String type = row.getOrDefault(GenieSampleVariables.REQUEST_TYPE, "");
            if (!type.endsWith("_HIT")) {
                askedGenie++;
            }
            if (row.getOrDefault(GenieSampleVariables.MESSAGE_ID, "").isEmpty()
                    && row.getOrDefault("responseMessage", "").contains("Connection refused")) {
                neverSent++; // the question's connection was refused: it never reached Genie
            }
            classification(cell, row, truth).ifPresent(problems::add);
        }
        if (cell.mustSee().stream().noneMatch(byCode::containsKey)) {
            problems.add("the fault never showed: none of " + cell.mustSee() + " in " + byCode);
        }
        boolean cached = !cell.plan().equals(STANDARD);
        int sent = askedGenie - neverSent;
        // When the server is killed, a question whose POST was on the wire may have died with it before it was
        // read: its lost response (CLIENT_LOST_RESPONSE) then stands for a question received or not.
        int unknowable = cell.killAtMs() >= 0 ? byCode.getOrDefault("CLIENT_LOST_RESPONSE", 0) : 0;
        boolean accounted = cached ? sent <= received[0] && received[0] <= sent + cutOff
                : sent + cutOff - unknowable <= received[0] && received[0] <= sent + cutOff;
        if (!accounted) {
            problems.add("accounting: " + askedGenie + " samples that asked Genie (" + neverSent + " of them never"
                    + " sent, " + unknowable + " lost with the server) + " + cutOff + " cut off, but the simulator"
                    + " received " + received[0] + " questions");
        }
        String consoleText = console.toString(StandardCharsets.UTF_8);
        cacheChecks(cell, run.rows(), consoleText).ifPresent(problems::add);
        String note = "";
        if (lakebase != null) {
            note = lakebaseTokenChecks(run.rows(), consoleText, lakebase, problems);
        }
        long scheduledEnd = run.startedAtMs() + cell.seconds() * 1000L;
        long stopMs = run.endedAtMs() - scheduledEnd;
        if (!run.ended() || stopMs > STOP_LIMIT_MS) {
            problems.add("the run ended " + stopMs + " ms after its scheduled end (limit " + STOP_LIMIT_MS + ")");
        }
        if (stopMs < -300) {
            problems.add("the run ended " + -stopMs + " ms before its scheduled end");
        }
        long lastStart = run.rows().stream().mapToLong(FaultMatrixIT::startMs).max().orElse(0);
        if (lastStart < run.startedAtMs() + cell.seconds() * 600L) {
            problems.add("no question started in the last 40% of the run: the users stopped asking");
        }
        if (!leakedThreads.isEmpty()) {
            problems.add("threads left over: " + leakedThreads);
        }
        if (!leakedSockets.isEmpty()) {
            problems.add("sockets left open: " + leakedSockets);
        }

        if (recorded) {
            record(cell, run.rows().size(), askedGenie, neverSent, byCode, note, received[0], cutOff, accounted,
                    stopMs, leakedThreads.size(), leakedSockets.size());
        }
        return problems;
    }

    /** Closes the first simulator at the cell's time, keeps its ground truth, starts a new one on its port. */
    private static void killAndRestart(FaultCell cell, List<GenieSimulator> simulators,
                                       Map<String, MessageTruth> truth, long[] received) {
        try {
            Thread.sleep(cell.killAtMs());
            GenieSimulator old = simulators.get(0);
            old.groundTruth().forEach(t -> truth.put(t.messageId(), t));
            synchronized (received) {
                received[0] += old.receivedQuestions();
            }
            old.close();
            simulators.remove(old);
            Thread.sleep(cell.downMs());
            // another seed: the new instance knows none of the old one's conversations, and gives other ids
            simulators.add(GenieSimulator.start(old.config().toBuilder().port(old.port()).seed(old.config().data()
                    .seed() + 1).build()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("could not restart the simulator on its port", e);
        }
    }

    /** What is wrong with one sample's classification, judged against the ground truth of its message. */
    private static java.util.Optional<String> classification(FaultCell cell, Map<String, String> row,
                                                             Map<String, MessageTruth> truths) {
        String code = row.get("responseCode");
        boolean success = Boolean.parseBoolean(row.get("success"));
        String id = row.getOrDefault(GenieSampleVariables.MESSAGE_ID, "");
        boolean hit = row.getOrDefault(GenieSampleVariables.REQUEST_TYPE, "").endsWith("_HIT");
        MessageTruth t = id.isEmpty() ? null : truths.get(id);
        String what = row.get("label") + " " + code + " (" + row.get("responseMessage") + ", message " + id + ")";
        if (hit) {
            if (t != null) {
                return java.util.Optional.of("a cache hit that asked Genie: " + what);
            }
            if (!success && !cell.allowed().contains(code)) {
                return java.util.Optional.of("unexpected failure of a hit: " + what);
            }
            return java.util.Optional.empty();
        }
        if (success) {
            if (t == null || !"COMPLETED".equals(t.finalStatus()) || t.completedMs() == null) {
                return java.util.Optional.of("a success that Genie did not complete: " + what + ", truth " + t);
            }
            return java.util.Optional.empty();
        }
        if (!cell.allowed().contains(code)) {
            return java.util.Optional.of("a failure this fault does not explain: " + what + ", truth " + t);
        }
        if (t == null) {
            return java.util.Optional.empty(); // the question's POST failed: no message to compare with
        }
        boolean answered = t.completedMs() != null;
        String finalStatus = t.finalStatus();
        if (answered && "FAILED".equals(finalStatus) && !code.equals(t.errorType())) {
            return java.util.Optional.of("Genie's FAILED " + t.errorType() + " recorded as " + what);
        }
        if (answered && "CANCELLED".equals(finalStatus) && !code.equals("CANCELLED")) {
            return java.util.Optional.of("Genie's CANCELLED recorded as " + what);
        }
        if (code.equals("QUERY_RESULT_EXPIRED") && !"QUERY_RESULT_EXPIRED".equals(t.status())) {
            return java.util.Optional.of("expired, but the result had not expired: " + what + ", truth " + t);
        }
        if (answered && "COMPLETED".equals(finalStatus) && !"QUERY_RESULT_EXPIRED".equals(t.status())
                && !cell.lostAnswers().contains(code)) {
            return java.util.Optional.of("an answer Genie completed recorded as failed: " + what);
        }
        return java.util.Optional.empty();
    }

    /** With a cache in front: what the test_complete line and the request types say about the fault. */
    private static java.util.Optional<String> cacheChecks(FaultCell cell, List<Map<String, String>> rows,
                                                          String console) {
        if (!cell.plan().equals(IN_MEMORY)) {
            return java.util.Optional.empty();
        }
        Matcher m = TEST_COMPLETE.matcher(console);
        if (!m.find()) {
            return java.util.Optional.of("no test_complete line on the console: " + console);
        }
        int cacheErrors = Integer.parseInt(m.group(1));
        int failedReruns = Integer.parseInt(m.group(2));
        Set<String> types = new HashSet<>();
        rows.forEach(r -> types.add(r.get(GenieSampleVariables.REQUEST_TYPE)));
        if (cell.simulatorOptions().containsKey("embedding-fail-rate")) {
            if (cacheErrors == 0 || types.contains("GENIE_SEMANTIC_HIT")) {
                return java.util.Optional.of("embeddings down: expected cache errors and no semantic hit, got "
                        + cacheErrors + " errors and " + types);
            }
        } else if (failedReruns == 0) {
            return java.util.Optional.of("re-runs failing: test_complete counted no failed re-run");
        }
        return java.util.Optional.empty();
    }

    /**
     * With database tokens that expire mid-run: tokens were minted again and expired, the server accepted logins
     * after the first expiry (with tokens minted later), and the cache errors are no more than the sessions the
     * server ended (a statement on an ended session fails once, the pool then drops it): no lookup failed for a stale
     * token. Returns the figures for the table.
     */
    private static String lakebaseTokenChecks(List<Map<String, String>> rows, String console,
                                              LakebaseTokenSide lakebase, List<String> problems) {
        Matcher m = TEST_COMPLETE.matcher(console);
        if (!m.find()) {
            problems.add("no test_complete line on the console: " + console);
            return "";
        }
        int cacheErrors = Integer.parseInt(m.group(1));
        long firstExpiry = lakebase.firstExpiry() == null ? Long.MAX_VALUE : lakebase.firstExpiry().toEpochMilli();
        long askedAfter = rows.stream().filter(r -> startMs(r) > firstExpiry).count();
        if (lakebase.minted() < 2 || lakebase.expiriesEnforced() < 1 || askedAfter == 0) {
            problems.add("the database token did not expire and get replaced during the run: " + lakebase.minted()
                    + " minted, " + lakebase.expiriesEnforced() + " expired, " + askedAfter + " questions after");
        }
        if (lakebase.loginsAfterFirstExpiry() == 0) {
            problems.add("no login to the database after the first token expired (" + cacheErrors
                    + " cache errors): the password was not re-minted");
        }
        if (cacheErrors > lakebase.sessionsEnded()) {
            problems.add(cacheErrors + " cache errors but only " + lakebase.sessionsEnded() + " sessions ended: some"
                    + " lookups failed for a stale token");
        }
        return "; " + lakebase.minted() + " tokens minted, " + lakebase.expiriesEnforced() + " expired ("
                + lakebase.sessionsEnded() + " sessions ended), " + lakebase.loginsAfterFirstExpiry() + " logins"
                + " after the first expiry, cache_errors=" + cacheErrors;
    }

    private static long startMs(Map<String, String> row) {
        long stamp = Long.parseLong(row.get("timeStamp"));
        return org.apache.jmeter.util.JMeterUtils.getPropDefault("sampleresult.timestamp.start", false) ? stamp
                : stamp - Long.parseLong(row.get("elapsed"));
    }

    private static void record(FaultCell cell, int samples, int askedGenie, int neverSent,
                               Map<String, Integer> byCode, String note,
                               long received, int cutOff, boolean accounted, long stopMs, int threads, int sockets)
            throws IOException {
        StringBuilder codes = new StringBuilder();
        byCode.forEach((code, n) -> codes.append(codes.length() == 0 ? "" : ", ").append(code).append(' ').append(n));
        codes.append(note);
        Files.writeString(CSV, String.join(",", quote(cell.fault()), quote(cell.expected()),
                Integer.toString(samples), quote(codes.toString()), Long.toString(received), Integer.toString(cutOff),
                accounted ? "yes" : "NO", Long.toString(stopMs), Integer.toString(threads), Integer.toString(sockets))
                + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        String sent = askedGenie + (neverSent > 0 ? " - " + neverSent + " refused connections" : "");
        String accounting = !cell.plan().equals(STANDARD)
                ? sent + " live <= " + received + " received <= " + sent + " + " + cutOff + " cut off"
                : sent + " + " + cutOff + " cut off = " + received + " received"
                + (cell.killAtMs() >= 0 && byCode.containsKey("CLIENT_LOST_RESPONSE") ? " (give or take the "
                + byCode.get("CLIENT_LOST_RESPONSE") + " lost with the server)" : "");
        Files.writeString(MARKDOWN, "| " + cell.fault() + " | " + cell.expected() + " | " + samples + " | " + codes
                + " | " + (accounted ? "yes" : "NO") + ": " + accounting + " | " + stopMs + " ms |\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** The default load of a cell and its JMeter properties. */
    static Map<String, String> baseProperties(Path env) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("genie.target", "workspace");
        p.put("genie.env_file", env.toString());
        p.put("genie.rampup", "0");
        p.put("genie.min_wait", "0.1");
        p.put("genie.max_wait", "0.3");
        p.put("genie.seed", "3");
        p.put("genie.poll_interval_ms", "100");
        p.put("genie.http_timeout_seconds", "5");
        p.put("sample_variables", GenieSampleVariables.SAMPLE_VARIABLES);
        p.put("jmeter.save.saveservice.output_format", "csv");
        return p;
    }
}
