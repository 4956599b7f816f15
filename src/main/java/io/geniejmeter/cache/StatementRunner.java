package io.geniejmeter.cache;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.Disposition;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.Format;
import com.databricks.sdk.service.sql.GetStatementRequest;
import com.databricks.sdk.service.sql.StatementExecutionService;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.geniejmeter.genie.GenieOutcome;
import io.geniejmeter.genie.SdkFailure;
import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs cached SQL on a SQL warehouse through the Statement Execution API and waits for its end, so a cache hit
 * costs what a fresh answer costs on the warehouse and never serves stale rows.
 *
 * <p>The statement is sent with a server-side wait ({@code wait_timeout}, {@code on_wait_timeout=CONTINUE}): most
 * statements end within it and the answer arrives the moment they do, with no poll gap in the measured time. A
 * statement still PENDING or RUNNING after it is polled ({@code GET /api/2.0/sql/statements/{id}}) on the
 * {@link Clock} until a final state or the timeout, after which it is cancelled (best effort) and the run is a
 * TIMEOUT. Only SUCCEEDED is a success. Each HTTP call is bounded by the client's HTTP timeout; no retries.
 *
 * <p>Thread-safe: each {@link #run} keeps its state on its own stack; the SDK service is shared.
 */
public final class StatementRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StatementRunner.class);

    private final StatementExecutionService statements;
    private final String warehouseId;
    private final Duration serverWait;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Clock clock;

    /**
     * A runner on warehouse {@code warehouseId}.
     *
     * @param serverWait   the {@code wait_timeout}: 0 (answer at once) or 5 to 50 seconds
     * @param timeout      give up (and cancel) after this long
     * @param pollInterval time between two polls after the server-side wait
     */
    public StatementRunner(StatementExecutionService statements, String warehouseId, Duration serverWait,
                           Duration timeout, Duration pollInterval, Clock clock) {
        long wait = serverWait.toSeconds();
        if (wait != 0 && (wait < 5 || wait > 50)) {
            throw new IllegalArgumentException("the server-side wait must be 0 or 5..50 s, was " + serverWait);
        }
        this.statements = Objects.requireNonNull(statements, "statements");
        this.warehouseId = Objects.requireNonNull(warehouseId, "warehouseId");
        this.serverWait = Duration.ofSeconds(wait);
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A runner through {@code workspace}'s Statement Execution API. */
    public static StatementRunner of(WorkspaceClient workspace, String warehouseId, Duration serverWait,
                                     Duration timeout, Duration pollInterval, Clock clock) {
        return new StatementRunner(workspace.statementExecution().impl(), warehouseId, serverWait, timeout,
                pollInterval, clock);
    }

    /**
     * The server-side wait that fits an HTTP read timeout: 10 s, less when the timeout is short, 0 (poll only)
     * when it is under 10 s, so a held request never hits the read timeout.
     */
    public static Duration serverWaitFor(Duration httpTimeout, Duration statementTimeout) {
        long seconds = Math.min(10, Math.min(httpTimeout.toSeconds() - 5, statementTimeout.toSeconds()));
        return Duration.ofSeconds(seconds >= 5 ? seconds : 0);
    }

    /** The warehouse this runner uses. */
    public String warehouseId() {
        return warehouseId;
    }

    /** Runs {@code sql} and waits for its end. Never throws for an expected failure. */
    public StatementRun run(String sql) {
        long start = clock.nanoTime();
        long deadline = start + timeout.toNanos();
        String id = null;
        int polls = 0;
        try {
            StatementResponse response = statements.executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(warehouseId).setStatement(sql)
                    .setWaitTimeout(serverWait.toSeconds() + "s")
                    .setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CONTINUE)
                    .setDisposition(Disposition.INLINE).setFormat(Format.JSON_ARRAY));
            id = response == null ? null : response.getStatementId();
            if (id == null) {
                return new StatementRun(GenieOutcome.HTTP_ERROR, "MALFORMED_RESPONSE",
                        "The warehouse accepted the statement without a statement id", null, null, 0,
                        clock.nanoTime() - start, 0, "MALFORMED_RESPONSE");
            }
            while (!isFinal(response)) {
                long now = clock.nanoTime();
                if (now - deadline >= 0) {
                    cancel(id);
                    return new StatementRun(GenieOutcome.TIMEOUT, "TIMEOUT", "The cached SQL did not finish within "
                            + timeout.toSeconds() + " s on warehouse " + warehouseId + " (last state "
                            + state(response) + "); cancelled", id, null, polls, now - start, 0, null);
                }
                clock.sleep(Math.min(pollInterval.toNanos(), deadline - now));
                polls++;
                response = statements.getStatement(new GetStatementRequest().setStatementId(id));
            }
            return finished(response, id, polls, clock.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return interrupted(id, polls, start);
        } catch (RuntimeException e) {
            return failed(e, id, polls, start);
        }
    }

    private static boolean isFinal(StatementResponse response) {
        StatementState s = state(response);
        return s != null && s != StatementState.PENDING && s != StatementState.RUNNING;
    }

    private static StatementState state(StatementResponse response) {
        return response == null || response.getStatus() == null ? null : response.getStatus().getState();
    }

    private StatementRun finished(StatementResponse response, String id, int polls, long elapsed) {
        StatementState state = state(response);
        Long rows = null;
        if (response.getManifest() != null && response.getManifest().getTotalRowCount() != null) {
            rows = response.getManifest().getTotalRowCount();
        } else if (response.getResult() != null && response.getResult().getRowCount() != null) {
            rows = response.getResult().getRowCount();
        }
        if (state == StatementState.SUCCEEDED) {
            return new StatementRun(GenieOutcome.COMPLETED, "COMPLETED", "Re-ran the cached SQL on warehouse "
                    + warehouseId + (rows == null ? "" : " (" + rows + " rows)"), id, rows, polls, elapsed, 0, null);
        }
        var error = response.getStatus().getError();
        String code = error != null && error.getErrorCode() != null ? error.getErrorCode().name() : null;
        String text = error == null ? null : error.getMessage();
        return switch (state) {
            case CANCELED -> new StatementRun(GenieOutcome.CANCELLED, "CANCELLED",
                    "The re-run of the cached SQL was cancelled", id, null, polls, elapsed, 0, code);
            case CLOSED -> new StatementRun(GenieOutcome.QUERY_RESULT_EXPIRED, "QUERY_RESULT_EXPIRED",
                    "The re-run's result is no longer available (statement CLOSED)", id, null, polls, elapsed, 0,
                    code);
            default -> new StatementRun(GenieOutcome.FAILED, code == null ? "QUERY_FAILED" : code,
                    "The cached SQL failed on warehouse " + warehouseId + ": " + (text == null ? state : text), id,
                    null, polls, elapsed, 0, code);
        };
    }

    private StatementRun failed(RuntimeException e, String id, int polls, long start) {
        long elapsed = clock.nanoTime() - start;
        SdkFailure failure = SdkFailure.classify(e);
        String where = " while re-running the cached SQL on warehouse " + warehouseId;
        return switch (failure.kind()) {
            case INTERRUPTED -> interrupted(id, polls, start);
            case TIMEOUT -> new StatementRun(GenieOutcome.TIMEOUT, "TIMEOUT", "No HTTP response in time" + where
                    + "; the HTTP timeout is GENIE_HTTP_TIMEOUT_SECONDS", id, null, polls, elapsed, 0, null);
            case UNKNOWN_HOST, CONNECTION -> new StatementRun(GenieOutcome.CONNECTION_ERROR, "CONNECTION_ERROR",
                    "Connection failed" + where + ": " + failure.ioCause(), id, null, polls, elapsed, 0, null);
            case THROTTLED -> new StatementRun(GenieOutcome.RATE_LIMITED, "429", "HTTP 429" + where + ": "
                    + failure.errorText(), id, null, polls, elapsed, failure.httpStatus(), failure.errorCode());
            case MALFORMED_RESPONSE, NO_CREDENTIALS, UNEXPECTED -> {
                LOG.debug("Re-run of cached SQL failed", e);
                yield new StatementRun(GenieOutcome.HTTP_ERROR, failure.kind().name(), "Unexpected failure" + where
                        + ": " + e, id, null, polls, elapsed, failure.httpStatus(), failure.kind().name());
            }
            default -> new StatementRun(GenieOutcome.HTTP_ERROR, Integer.toString(failure.httpStatus()),
                    "HTTP " + failure.httpStatus() + (failure.errorCode() == null ? "" : " " + failure.errorCode())
                            + where + ": " + failure.errorText(), id, null, polls, elapsed, failure.httpStatus(),
                    failure.errorCode());
        };
    }

    private StatementRun interrupted(String id, int polls, long start) {
        Thread.currentThread().interrupt();
        return new StatementRun(GenieOutcome.INTERRUPTED, "INTERRUPTED", "Interrupted while re-running the cached"
                + " SQL", id, null, polls, clock.nanoTime() - start, 0, null);
    }

    /** Best effort: a statement given up on should not keep the warehouse busy. */
    private void cancel(String id) {
        try {
            statements.cancelExecution(new CancelExecutionRequest().setStatementId(id));
        } catch (RuntimeException e) {
            LOG.debug("Cancelling statement {} failed: {}", id, e.toString());
        }
    }
}
