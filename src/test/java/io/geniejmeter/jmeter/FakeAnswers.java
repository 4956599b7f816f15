package io.geniejmeter.jmeter;

import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GenieOutcome;

import java.util.Map;

/** Answers as the client core would return them, for feeding the sampler through its test seam. */
final class FakeAnswers {

    private FakeAnswers() {
    }

    static GenieAnswer completed(String conversationId, String messageId, long startedAtMs, long latencyMs) {
        return new GenieAnswer(GenieOutcome.COMPLETED, "COMPLETED", "Genie answered with a query",
                new GenieAnswer.Message(conversationId, messageId, "COMPLETED"),
                new GenieAnswer.ErrorDetail(null, 200, null),
                new GenieAnswer.Content("SELECT month, COUNT(*) FROM repairs GROUP BY month", "Repairs per month",
                        "stmt-" + messageId, 12L, null),
                new GenieAnswer.Timing(startedAtMs, latencyMs, latencyMs - 40, 300L, Map.of("ASKING_AI", 2000L), 7,
                        35));
    }

    static GenieAnswer failed(GenieOutcome outcome, String responseCode, String message, String conversationId,
                              int httpStatus) {
        return new GenieAnswer(outcome, responseCode, message,
                new GenieAnswer.Message(conversationId, conversationId == null ? null : "msg-failed",
                        outcome == GenieOutcome.FAILED ? "FAILED" : null),
                new GenieAnswer.ErrorDetail(outcome == GenieOutcome.FAILED ? responseCode : null, httpStatus, null),
                GenieAnswer.Content.NONE,
                new GenieAnswer.Timing(1_000_000L, 1234, null, null, Map.of(), 3, 0));
    }
}
