package io.geniejmeter.genie;

import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieGetMessageQueryResultResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieQueryAttachment;
import com.databricks.sdk.service.dashboards.GenieResultMetadata;
import com.databricks.sdk.service.dashboards.GenieService;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageError;
import com.databricks.sdk.service.dashboards.MessageErrorType;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.ResultManifest;
import com.databricks.sdk.service.sql.StatementResponse;
import io.geniejmeter.time.ManualClock;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Genie service (the SDK's {@link GenieService} interface) that plays a scripted message on a {@link ManualClock}:
 * status changes at given server-side offsets, server time stamps on a clock of its own (not synchronised with the
 * client's), and a network round trip that moves the fake clock. Only the calls the client makes are implemented.
 */
final class ScriptedGenie {

    /** A status change {@code atMs} after the message was created. */
    record Step(long atMs, MessageStatus status) {
    }

    private final ManualClock clock;
    private final List<Step> steps = new ArrayList<>();
    private long roundTripNanos = 4_000_000L;
    private long serverEpochOffsetMs = 1_234_567L;
    private boolean timestamps = true;
    private MessageErrorType errorType;
    private boolean queryAttachment;
    private Long createdServerMs;
    private long[] finalShiftsMs = {0};
    private int messagesCreated;
    private long currentShiftMs;
    private final java.util.Set<Integer> failingGets = new java.util.HashSet<>();
    private int failingFetches;
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger followUps = new AtomicInteger();
    final AtomicInteger resultFetches = new AtomicInteger();

    ScriptedGenie(ManualClock clock) {
        this.clock = clock;
    }

    ScriptedGenie step(long atMs, MessageStatus status) {
        steps.add(new Step(atMs, status));
        return this;
    }

    ScriptedGenie roundTripMs(long ms) {
        this.roundTripNanos = ms * 1_000_000L;
        return this;
    }

    ScriptedGenie withoutTimestamps() {
        this.timestamps = false;
        return this;
    }

    ScriptedGenie failingWith(MessageErrorType type) {
        this.errorType = type;
        return this;
    }

    /** Moves the final step of successive messages by these amounts (cycling), so durations vary. */
    ScriptedGenie finalStepShifts(long... shiftsMs) {
        this.finalShiftsMs = shiftsMs;
        return this;
    }

    private void newMessage() {
        createdServerMs = null;
        currentShiftMs = finalShiftsMs[messagesCreated++ % finalShiftsMs.length];
    }

    /** The polls with these numbers (1 = the first) fail with HTTP 500 after their round trip. */
    ScriptedGenie failingPolls(Integer... numbers) {
        failingGets.addAll(List.of(numbers));
        return this;
    }

    /** The first {@code count} result fetches fail with HTTP 503. */
    ScriptedGenie failingFetches(int count) {
        this.failingFetches = count;
        return this;
    }

    ScriptedGenie withQuery() {
        this.queryAttachment = true;
        return this;
    }

    /** Server processing time of the scripted message: the offset of its final step. */
    long finalAtMs() {
        return steps.get(steps.size() - 1).atMs();
    }

    private long serverNowMs() {
        return serverEpochOffsetMs + clock.nanoTime() / 1_000_000L;
    }

    private GenieMessage messageNow() {
        long now = serverNowMs();
        if (createdServerMs == null) {
            createdServerMs = now;
        }
        long age = now - createdServerMs;
        Step current = new Step(0, MessageStatus.SUBMITTED);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (i == steps.size() - 1) {
                s = new Step(s.atMs() + currentShiftMs, s.status());
            }
            if (s.atMs() <= age) {
                current = s;
            }
        }
        GenieMessage m = new GenieMessage().setConversationId("conv-1").setMessageId("msg-1").setId("msg-1")
                .setStatus(current.status()).setContent("q");
        if (timestamps) {
            m.setCreatedTimestamp(createdServerMs).setLastUpdatedTimestamp(createdServerMs + current.atMs());
        }
        if (current.status() == MessageStatus.FAILED && errorType != null) {
            m.setError(new MessageError().setType(errorType).setError("scripted failure"));
        }
        if (current.status() == MessageStatus.COMPLETED && queryAttachment) {
            m.setAttachments(List.of(new GenieAttachment().setAttachmentId("att-1").setQuery(
                    new GenieQueryAttachment().setQuery("SELECT 1").setDescription("one").setStatementId("st-1")
                            .setQueryResultMetadata(new GenieResultMetadata().setRowCount(7L)))));
        }
        return m;
    }

    /** Runs {@code body} in the middle of a network round trip on the fake clock. */
    private <T> T roundTrip(java.util.function.Supplier<T> body) {
        clock.advanceNanos(roundTripNanos / 2);
        T result = body.get();
        clock.advanceNanos(roundTripNanos - roundTripNanos / 2);
        return result;
    }

    GenieService service() {
        return (GenieService) Proxy.newProxyInstance(GenieService.class.getClassLoader(),
                new Class<?>[] {GenieService.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "startConversation":
                            starts.incrementAndGet();
                            return roundTrip(() -> {
                                newMessage();
                                GenieMessage m = messageNow();
                                return new GenieStartConversationResponse().setConversationId("conv-1")
                                        .setMessageId("msg-1").setMessage(m);
                            });
                        case "createMessage":
                            followUps.incrementAndGet();
                            return roundTrip(() -> {
                                newMessage();
                                return messageNow();
                            });
                        case "getMessage":
                            int poll = gets.incrementAndGet();
                            GenieMessage polled = roundTrip(this::messageNow);
                            if (failingGets.contains(poll)) {
                                throw new com.databricks.sdk.core.DatabricksError("INTERNAL_ERROR", "scripted", 500);
                            }
                            return polled;
                        case "getMessageAttachmentQueryResult":
                            clock.advanceNanos(30_000_000L);
                            if (resultFetches.incrementAndGet() <= failingFetches) {
                                throw new com.databricks.sdk.core.DatabricksError("TEMPORARILY_UNAVAILABLE", "busy",
                                        503);
                            }
                            return new GenieGetMessageQueryResultResponse().setStatementResponse(
                                    new StatementResponse().setStatementId("st-1")
                                            .setManifest(new ResultManifest().setTotalRowCount(7L)));
                        case "toString":
                            return "ScriptedGenie";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
