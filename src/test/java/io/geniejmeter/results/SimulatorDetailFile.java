package io.geniejmeter.results;

import com.databricks.sdk.WorkspaceClient;
import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GenieClient;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorTestSupport;
import io.geniejmeter.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A detail file in the original's format ({@code detailed_metrics.csv}: its 18 columns, then one of ours) written from
 * questions really asked of a simulator by the Genie client, {@code users} at once: what a load test against it
 * records, without JMeter. Prompts carry commas and quotes, so the file needs proper CSV quoting.
 */
public final class SimulatorDetailFile {

    /** The original tool's detail columns, names and order. */
    public static final List<String> ORIGINAL_COLUMNS = List.of("run_id", "space_id", "request_started_at",
            "request_completed_at", "duration_ms", "concurrent_users", "user", "prompt", "source_conversation_id",
            "source_message_id", "genie_conversation_id", "genie_message_id", "message_index", "sql",
            "response_size", "success", "error", "sql_statement_id");

    private SimulatorDetailFile() {
    }

    /**
     * Asks {@code questionsPerUser} questions from each of {@code users} threads at once and appends their rows to
     * {@code file} (writing the header first when it does not exist yet).
     *
     * @return the answers, in file order
     */
    public static List<GenieAnswer> ask(GenieSimulator sim, Clock clock, int users, int questionsPerUser,
                                        String questionPrefix, Path file) throws Exception {
        WorkspaceClient workspace = SimulatorTestSupport.client(sim);
        List<GenieAnswer> answers = Collections.synchronizedList(new ArrayList<>());
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(users);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int u = 1; u <= users; u++) {
                int user = u;
                done.add(pool.submit(() -> {
                    GenieClient client = GenieClient.builder(workspace, sim.spaceId()).clock(clock)
                            .pollInterval(Duration.ofSeconds(1)).fetchQueryResult(false).build();
                    for (int q = 0; q < questionsPerUser; q++) {
                        String prompt = questionPrefix + " \"repairs\", by month, user " + user + " question " + q;
                        GenieAnswer a = client.ask(prompt, null);
                        answers.add(a);
                        lines.add(row(sim, users, user, prompt, q, a));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (!Files.exists(file)) {
            Files.writeString(file, String.join(",", ORIGINAL_COLUMNS) + ",request_type\n", StandardCharsets.UTF_8);
        }
        try {
            Files.writeString(file, String.join("", lines), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answers;
    }

    private static String row(GenieSimulator sim, int users, int user, String prompt, int index, GenieAnswer a) {
        long start = a.timing().startedAtMs();
        long end = start + a.timing().latencyMs();
        List<String> f = List.of("run-1", sim.spaceId(), Instant.ofEpochMilli(start).toString(),
                Instant.ofEpochMilli(end).toString(), Long.toString(a.timing().latencyMs()), Integer.toString(users),
                "user_" + user, prompt, "", "", nz(a.conversationId()), nz(a.messageId()), Integer.toString(index),
                nz(a.sql()), "0", Boolean.toString(a.success()), a.success() ? "" : nz(a.responseMessage()),
                nz(a.statementId()), "GENIE");
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < f.size(); i++) {
            String v = f.get(i);
            line.append(i == 0 ? "" : ",");
            line.append(v.contains(",") || v.contains("\"") || v.contains("\n")
                    ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        return line.append('\n').toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
