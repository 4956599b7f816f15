package io.geniejmeter.jmeter;

import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GeniePhase;
import io.geniejmeter.genie.GenieSampleVariables;
import io.geniejmeter.genie.RequestType;
import io.geniejmeter.results.DetailColumns;
import io.geniejmeter.results.DetailRow;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.util.JMeterUtils;

/**
 * Turns a {@link GenieAnswer} into a JMeter {@link SampleResult} and the {@code genie_*} JMeter variables.
 *
 * <p><b>Label scheme</b>: {@code <REQUEST_TYPE> message_<i>_of_<n>}, e.g. {@code GENIE message_2_of_3} for the second
 * message of a three-message conversation. The first word is the original tool's request type ({@code GENIE} for
 * the standard test), the rest its request name; so the dashboard's tables and graphs group by position, sorted by
 * type, and a series filter such as {@code ^GENIE } or {@code message_1_of_} selects one type or one position.
 *
 * <p><b>Timing</b>: start time and elapsed are the client's honest ones ({@link GenieAnswer#startedAtMs()},
 * {@link GenieAnswer#latencyMs()}); JMeter's Latency column is the time until Genie reported a final status
 * (elapsed minus the query-result fetch). Think time is never inside a sample.
 *
 * <p>Stateless; safe from any thread.
 */
final class GenieSamples {

    /** Request type of the standard (uncached) test, as the original named it. */
    static final String REQUEST_TYPE_GENIE = "GENIE";

    /** Response code of a sample that could not be sent because the test is set up wrongly. */
    static final String CONFIGURATION_ERROR = "CONFIGURATION_ERROR";

    /** JMeter's own reading of this property (SampleResult reads it the same way, once). */
    private static final boolean START_TIMESTAMP =
            JMeterUtils.getPropDefault("sampleresult.timestamp.start", false);

    private GenieSamples() {
    }

    /** {@code GENIE message_2_of_3}: see the class comment. */
    static String label(String requestType, int position, int count) {
        return requestType + " message_" + position + "_of_" + count;
    }

    /** The sample of one answered (or failed) question; success only when the outcome is COMPLETED. */
    static SampleResult toResult(GenieAnswer answer, String label, String samplerData) {
        return toResult(answer, label, samplerData, new DetailRow());
    }

    /**
     * The same, carrying the row of {@code detailed_metrics.csv}: {@code replay} (what the sampler knows: question,
     * replayed ids, user, space) completed with what the answer tells.
     */
    static GenieSampleResult toResult(GenieAnswer answer, String label, String samplerData, DetailRow replay) {
        GenieSampleResult result = new GenieSampleResult();
        result.detail(new DetailRow().setAll(replay).setAll(DetailRow.answer(answer)));
        result.setSampleLabel(label);
        long elapsed = Math.max(0, answer.latencyMs());
        // setStampAndTime reads the stamp as start or end time depending on sampleresult.timestamp.start
        result.setStampAndTime(START_TIMESTAMP ? answer.startedAtMs() : answer.startedAtMs() + elapsed, elapsed);
        result.setLatency(Math.max(0, elapsed - Math.max(0, answer.resultFetchMs())));
        result.setSuccessful(answer.outcome().success());
        result.setResponseCode(nonBlank(answer.responseCode(), answer.outcome().name()));
        result.setResponseMessage(nonBlank(answer.responseMessage(), answer.outcome().name()));
        result.setDataType(SampleResult.TEXT);
        result.setContentType("text/plain; charset=UTF-8");
        result.setSamplerData(samplerData);
        byte[] body = responseData(answer).getBytes(StandardCharsets.UTF_8);
        result.setResponseData(body);
        result.setBodySize((long) body.length);
        result.setSentBytes(samplerData.getBytes(StandardCharsets.UTF_8).length);
        return result;
    }

    /**
     * A failed sample for a question that was never sent (missing config element, unreadable conversation file,
     * bad settings): zero elapsed time, response code {@link #CONFIGURATION_ERROR}, {@code message} says what to do.
     */
    static SampleResult configurationError(String label, String message, String samplerData) {
        GenieSampleResult result = new GenieSampleResult();
        result.detail().set(DetailColumns.REQUEST_TYPE, REQUEST_TYPE_GENIE);
        result.setSampleLabel(label);
        result.setStampAndTime(System.currentTimeMillis(), 0);
        result.setSuccessful(false);
        result.setResponseCode(CONFIGURATION_ERROR);
        result.setResponseMessage(message);
        result.setDataType(SampleResult.TEXT);
        result.setSamplerData(samplerData);
        result.setResponseData(message, StandardCharsets.UTF_8.name());
        return result;
    }

    /** The {@code genie_*} variables of one answer; absent values are empty strings, never "null". */
    static Map<String, String> variables(String requestType, GenieAnswer answer) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(GenieSampleVariables.REQUEST_TYPE, requestType);
        vars.put(GenieSampleVariables.CONVERSATION_ID, text(answer.conversationId()));
        vars.put(GenieSampleVariables.MESSAGE_ID, text(answer.messageId()));
        vars.put(GenieSampleVariables.STATUS, text(answer.status()));
        vars.put(GenieSampleVariables.SERVER_MS, text(answer.serverMs()));
        vars.put(GenieSampleVariables.POLLS, Integer.toString(answer.polls()));
        vars.put(GenieSampleVariables.STATEMENT_ID, text(answer.statementId()));
        GenieAnswer.CacheUse cache = answer.cacheUse();
        vars.put(GenieSampleVariables.MATCHED_QUESTION, text(cache.matchedQuestion()));
        vars.put(GenieSampleVariables.QUESTION_SIMILARITY, similarity(cache.questionSimilarity()));
        vars.put(GenieSampleVariables.CONTEXT_SIMILARITY, similarity(cache.contextSimilarity()));
        vars.put(GenieSampleVariables.POLL_ERRORS, Integer.toString(answer.pollErrors()));
        for (GeniePhase phase : GeniePhase.values()) {
            vars.put(phase.variable(), text(phase.millis(answer)));
        }
        vars.put(GenieSampleVariables.CACHE_ERRORS, Integer.toString(cache.cacheErrors()));
        return vars;
    }

    /** The same variables, emptied: set before a sample that produced no answer so no stale value is written. */
    static Map<String, String> emptyVariables(String requestType) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String name : GenieSampleVariables.SAMPLE_VARIABLES.split(",")) {
            vars.put(name, "");
        }
        vars.put(GenieSampleVariables.REQUEST_TYPE, requestType);
        return vars;
    }

    /** What View Results Tree shows as the response: the SQL, description and row count, or what went wrong. */
    static String responseData(GenieAnswer answer) {
        StringBuilder out = new StringBuilder();
        out.append("Outcome: ").append(answer.outcome()).append('\n');
        line(out, "Status", answer.status());
        if (answer.sql() != null && !answer.sql().isBlank()) {
            out.append("SQL:\n").append(answer.sql().strip()).append("\n");
        }
        line(out, "Description", answer.description());
        line(out, "Rows", answer.rowCount());
        line(out, "Text", answer.text());
        line(out, "Statement id", answer.statementId());
        GenieAnswer.CacheUse cache = answer.cacheUse();
        line(out, "Answered by", cache.requestType() == RequestType.GENIE ? null : cache.requestType());
        line(out, "Matched cached question", cache.matchedQuestion());
        line(out, "Question similarity", similarity(cache.questionSimilarity()));
        line(out, "Context similarity", similarity(cache.contextSimilarity()));
        if (!answer.outcome().success()) {
            line(out, "Error type", answer.errorType());
            line(out, "HTTP status", answer.httpStatus() > 0 ? answer.httpStatus() : null);
            line(out, "Error code", answer.errorCode());
            line(out, "Message", answer.responseMessage());
        }
        line(out, "Genie conversation", answer.conversationId());
        line(out, "Genie message", answer.messageId());
        line(out, "Server time ms", answer.serverMs());
        line(out, "Polls", answer.polls());
        line(out, "Failed polls and fetches, retried", answer.pollErrors() > 0 ? answer.pollErrors() : null);
        return out.toString();
    }

    private static void line(StringBuilder out, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            out.append(name).append(": ").append(value).append('\n');
        }
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A similarity with four decimals (enough to judge a threshold), or empty. */
    private static String similarity(Double value) {
        return value == null ? "" : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
