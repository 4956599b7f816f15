package io.geniejmeter.genie;

import io.geniejmeter.settings.Settings;
import io.geniejmeter.settings.GenieSettings;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieCreateConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieGetConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieService;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Measures how well a way of timing Genie answers matches the simulator's ground truth: runs concurrent
 * conversations against a {@link GenieSimulator}, then pairs every measured latency with the server's own
 * {@code completed_ms - created_ms}. Shared by {@code GenieClientSimulatorTest} and {@code ClientAccuracyBenchmark}.
 */
public final class SimulatorAccuracy {

    private SimulatorAccuracy() {
    }

    /** What one way of asking measured for one message. */
    public record Measured(String conversationId, String messageId, long latencyMs, int polls, String outcome) {
    }

    /** One way of asking a question and timing it: a new conversation when {@code conversationId} is null. */
    @FunctionalInterface
    public interface Asker {
        Measured ask(String question, String conversationId);
    }

    /** A measured message beside its ground truth. */
    public record Sample(Measured measured, long truthMs) {
        public long errorMs() {
            return measured.latencyMs() - truthMs;
        }

        /** Polls per second of server time, scaled to real time ({@code timeScale} 0.1 = ten times faster). */
        public double pollsPerSecond(double timeScale) {
            return measured.polls() / Math.max(1e-9, truthMs / 1000.0 / timeScale);
        }
    }

    /** Summary figures of a run. */
    public record Summary(int messages, long p50AbsErrorMs, long p99AbsErrorMs, long maxAbsErrorMs,
                          double meanErrorMs, double meanPolls, double meanPollsPerSecond) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "%d messages: |error| p50 %d ms, p99 %d ms, max %d ms, mean error %+.1f ms; %.1f polls per"
                            + " message, %.2f polls per second of answer",
                    messages, p50AbsErrorMs, p99AbsErrorMs, maxAbsErrorMs, meanErrorMs, meanPolls,
                    meanPollsPerSecond);
        }
    }

    /** A settings object pointing at {@code sim}, with extra overrides (e.g. the poll interval). */
    public static GenieSettings settingsFor(GenieSimulator sim, Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(extra);
        overrides.put(Settings.DATABRICKS_HOST.name(), sim.baseUrl());
        overrides.put(Settings.DATABRICKS_TOKEN.name(), sim.token());
        overrides.put(Settings.GENIE_SPACE_ID.name(), sim.spaceId());
        return GenieSettings.load(overrides, Map.of("HOME", "target"), Path.of("target"));
    }

    /** The way this project measures: {@link GenieClient#ask}. */
    public static Asker genieClient(GenieClient client) {
        return (question, conversationId) -> {
            GenieAnswer a = client.ask(question, conversationId);
            // the ground truth ends at the final status: compare without the result fetch
            return new Measured(a.conversationId(), a.messageId(), a.timeToFinalMs(), a.polls(), a.responseCode());
        };
    }

    private static final Set<MessageStatus> FINAL = EnumSet.of(MessageStatus.COMPLETED, MessageStatus.FAILED,
            MessageStatus.CANCELLED, MessageStatus.QUERY_RESULT_EXPIRED);

    /**
     * The original tool's method: send, then sleep a fixed interval (0.5 s there) before every poll, and time from
     * sending until the poll that sees a final status returns.
     */
    public static Asker fixedSleepPolling(WorkspaceClient workspace, String spaceId, Duration sleep) {
        GenieService genie = workspace.genie().impl();
        return (question, conversationId) -> {
            long start = System.nanoTime();
            GenieMessage m;
            String cid = conversationId;
            if (conversationId == null) {
                GenieStartConversationResponse r = genie.startConversation(
                        new GenieStartConversationMessageRequest().setSpaceId(spaceId).setContent(question));
                cid = r.getConversationId();
                m = r.getMessage();
            } else {
                m = genie.createMessage(new GenieCreateConversationMessageRequest().setSpaceId(spaceId)
                        .setConversationId(conversationId).setContent(question));
            }
            String mid = m.getMessageId() != null ? m.getMessageId() : m.getId();
            int polls = 0;
            try {
                while (!FINAL.contains(m.getStatus())) {
                    Thread.sleep(sleep.toMillis());
                    m = genie.getMessage(new GenieGetConversationMessageRequest().setSpaceId(spaceId)
                            .setConversationId(cid).setMessageId(mid));
                    polls++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Measured(cid, mid, latencyMs, polls, String.valueOf(m.getStatus()));
        };
    }

    /**
     * The SDK's own waiter ({@code startConversation(...).get()}, {@code createMessage(...).get()}): sleeps of 1, 2,
     * 3 ... up to 10 s (plus jitter) between polls, timed from the call until it returns. Its polls are counted on
     * the wire, per thread. Built on a client from {@link WorkspaceClients#databricksConfig} with a pool of
     * {@code threads} connections, so only the waiting differs.
     */
    public static Asker sdkWaiter(GenieSettings settings, int threads) {
        ThreadLocal<int[]> gets = ThreadLocal.withInitial(() -> new int[1]);
        com.databricks.sdk.core.DatabricksConfig config = WorkspaceClients.databricksConfig(settings);
        com.databricks.sdk.core.http.HttpClient http = new com.databricks.sdk.core.commons.CommonsHttpClient.Builder()
                .withDatabricksConfig(config).withConnectionManager(WorkspaceClients.connectionManager(threads))
                .build();
        config.setHttpClient(request -> {
            if ("GET".equals(request.getMethod()) && request.getUrl().contains("/messages/")) {
                gets.get()[0]++;
            }
            return http.execute(request);
        });
        config.resolve();
        com.databricks.sdk.service.dashboards.GenieAPI genie = new WorkspaceClient(config).genie();
        String spaceId = settings.require(Settings.GENIE_SPACE_ID, "");
        return (question, conversationId) -> {
            gets.get()[0] = 0;
            long start = System.nanoTime();
            String cid = conversationId;
            GenieMessage m;
            String outcome;
            try {
                if (conversationId == null) {
                    var wait = genie.startConversation(new GenieStartConversationMessageRequest()
                            .setSpaceId(spaceId).setContent(question));
                    cid = wait.getResponse().getConversationId();
                    m = wait.get(Duration.ofMinutes(20));
                } else {
                    m = genie.createMessage(new GenieCreateConversationMessageRequest().setSpaceId(spaceId)
                            .setConversationId(conversationId).setContent(question)).get(Duration.ofMinutes(20));
                }
                outcome = String.valueOf(m.getStatus());
            } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
                return new Measured(cid, null, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                        gets.get()[0], e.getClass().getSimpleName());
            }
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Measured(cid, m.getMessageId() != null ? m.getMessageId() : m.getId(), latencyMs,
                    gets.get()[0], outcome);
        };
    }

    /**
     * Runs {@code conversations} conversations at once (all threads start together), each asking
     * {@code messagesPerConversation} questions in order: the first starts the conversation, the others follow up.
     */
    public static List<Measured> run(int conversations, int messagesPerConversation, Asker asker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(conversations);
        try {
            CountDownLatch ready = new CountDownLatch(conversations);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Measured>>> futures = new ArrayList<>();
            for (int c = 0; c < conversations; c++) {
                int conversation = c;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    List<Measured> out = new ArrayList<>();
                    String cid = null;
                    for (int m = 0; m < messagesPerConversation; m++) {
                        Measured measured = asker.ask("Question " + m + " of conversation " + conversation
                                + ": how many repairs per month?", cid);
                        out.add(measured);
                        cid = measured.conversationId();
                        if (cid == null) {
                            break;
                        }
                    }
                    return out;
                }));
            }
            ready.await();
            go.countDown();
            List<Measured> all = new ArrayList<>();
            for (Future<List<Measured>> f : futures) {
                all.addAll(f.get(10, TimeUnit.MINUTES));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pairs measurements with the simulator's ground truth (messages without a finished truth are left out). */
    public static List<Sample> join(List<Measured> measured, List<MessageTruth> truth) {
        Map<String, MessageTruth> byId = new HashMap<>();
        for (MessageTruth t : truth) {
            byId.put(t.messageId(), t);
        }
        List<Sample> samples = new ArrayList<>();
        for (Measured m : measured) {
            MessageTruth t = m.messageId() == null ? null : byId.get(m.messageId());
            if (t != null && t.completedMs() != null) {
                samples.add(new Sample(m, t.completedMs() - t.createdMs()));
            }
        }
        return samples;
    }

    /** Percentiles of the absolute error, mean signed error and poll figures. */
    public static Summary summarise(List<Sample> samples, double timeScale) {
        long[] abs = samples.stream().mapToLong(s -> Math.abs(s.errorMs())).sorted().toArray();
        return new Summary(samples.size(), percentile(abs, 0.50), percentile(abs, 0.99),
                abs.length == 0 ? 0 : abs[abs.length - 1],
                samples.stream().mapToLong(Sample::errorMs).average().orElse(0),
                samples.stream().mapToInt(s -> s.measured().polls()).average().orElse(0),
                samples.stream().mapToDouble(s -> s.pollsPerSecond(timeScale)).average().orElse(0));
    }

    /** Nearest-rank percentile of a sorted array ({@code p} in 0..1). */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long[] sortedCopy(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
