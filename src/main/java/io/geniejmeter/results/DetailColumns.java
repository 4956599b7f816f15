package io.geniejmeter.results;

import io.geniejmeter.genie.GeniePhase;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of {@code detailed_metrics.csv}, one row per sample: first the original tool's eighteen, with its
 * names and in its order (so that existing analyses and tables keep working), then ours. The one place these names
 * are declared: the writer, the SQL history enrichment and the tests read them from here, and readers of the file
 * should find columns by header name, since enrichment appends its {@code sql_*} columns after these.
 */
public final class DetailColumns {

    /** The results folder's name: one load test (the original's: the name of its results directory). */
    public static final String RUN_ID = "run_id";
    /** The Genie space asked. */
    public static final String SPACE_ID = "space_id";
    /** When the question was sent: ISO-8601 with milliseconds and the writer's UTC offset. */
    public static final String REQUEST_STARTED_AT = "request_started_at";
    /** When the answer was complete (started + duration), same format. */
    public static final String REQUEST_COMPLETED_AT = "request_completed_at";
    /** The response time, ms: the JTL's {@code elapsed}. */
    public static final String DURATION_MS = "duration_ms";
    /** Users (JMeter threads of all thread groups) active when the sample ended: JMeter's {@code allThreads}. */
    public static final String CONCURRENT_USERS = "concurrent_users";
    /** The simulated user: {@code user_<n>}, n counted from 1 within its thread group. */
    public static final String USER = "user";
    /** The question asked. */
    public static final String PROMPT = "prompt";
    /** Id of the recorded conversation being replayed (from the conversation file). */
    public static final String SOURCE_CONVERSATION_ID = "source_conversation_id";
    /** Id of the recorded message being replayed (from the conversation file). */
    public static final String SOURCE_MESSAGE_ID = "source_message_id";
    /** Id of the Genie conversation the question went into. */
    public static final String GENIE_CONVERSATION_ID = "genie_conversation_id";
    /** Id Genie gave the message. */
    public static final String GENIE_MESSAGE_ID = "genie_message_id";
    /** Position of the message in its conversation, from 0 (the original's). */
    public static final String MESSAGE_INDEX = "message_index";
    /** The SQL Genie generated (or a cache hit re-ran). */
    public static final String SQL = "sql";
    /** Size of the response body, bytes. */
    public static final String RESPONSE_SIZE = "response_size";
    /** {@code True} only for a COMPLETED answer, else {@code False} (the original's spelling). */
    public static final String SUCCESS = "success";
    /** What went wrong, in words; empty for a success. */
    public static final String ERROR = "error";
    /** The statement id of the SQL: known from Genie's answer, so filled at once (the original found it later). */
    public static final String SQL_STATEMENT_ID = "sql_statement_id";

    /** GENIE; with a cache in front GENIE_LRU_HIT, GENIE_SEMANTIC_HIT or GENIE_LIVE (the label's first word). */
    public static final String REQUEST_TYPE = "request_type";
    /** Genie's last status (COMPLETED, FAILED, ...); empty when no message was created. */
    public static final String STATUS = "status";
    /** The failure's response code (e.g. SQL_EXECUTION_EXCEPTION, 429, TIMEOUT); empty for a success. */
    public static final String ERROR_TYPE = "error_type";
    /** Genie's own processing time from the message's server time stamps, ms. */
    public static final String SERVER_MS = "server_ms";
    /** How many times the message was polled. */
    public static final String POLLS = "polls";
    /** For a semantic cache hit: the cached question whose SQL was re-run. */
    public static final String MATCHED_QUESTION = "matched_question";
    /** For a semantic cache hit: cosine similarity of the questions. */
    public static final String QUESTION_SIMILARITY = "question_similarity";
    /** For a semantic cache hit: cosine similarity of the conversation contexts. */
    public static final String CONTEXT_SIMILARITY = "context_similarity";
    /** Rows of the query result. */
    public static final String ROW_COUNT = "row_count";
    /** The JTL's label, e.g. {@code GENIE message_2_of_3}. */
    public static final String LABEL = "label";
    /** The JTL's thread name. */
    public static final String THREAD_NAME = "thread_name";

    /** The original tool's columns, names and order. */
    public static final List<String> ORIGINAL = List.of(RUN_ID, SPACE_ID, REQUEST_STARTED_AT, REQUEST_COMPLETED_AT,
            DURATION_MS, CONCURRENT_USERS, USER, PROMPT, SOURCE_CONVERSATION_ID, SOURCE_MESSAGE_ID,
            GENIE_CONVERSATION_ID, GENIE_MESSAGE_ID, MESSAGE_INDEX, SQL, RESPONSE_SIZE, SUCCESS, ERROR,
            SQL_STATEMENT_ID);

    /** The phase columns ({@link GeniePhase#columnName()}: {@code submitted_ms} ... {@code result_fetch_ms}). */
    public static final List<String> PHASES = phases();

    /** Ours, after the original's. */
    public static final List<String> EXTRA = extra();

    /** Every column, in file order. */
    public static final List<String> ALL = concat(ORIGINAL, EXTRA);

    private DetailColumns() {
    }

    private static List<String> phases() {
        List<String> names = new ArrayList<>();
        for (GeniePhase phase : GeniePhase.values()) {
            names.add(phase.columnName());
        }
        return List.copyOf(names);
    }

    private static List<String> extra() {
        List<String> names = new ArrayList<>(List.of(REQUEST_TYPE, STATUS, ERROR_TYPE, SERVER_MS, POLLS));
        names.addAll(PHASES);
        names.addAll(List.of(MATCHED_QUESTION, QUESTION_SIMILARITY, CONTEXT_SIMILARITY, ROW_COUNT, LABEL,
                THREAD_NAME));
        return List.copyOf(names);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
