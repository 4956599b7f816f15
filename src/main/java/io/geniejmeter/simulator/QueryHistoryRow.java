package io.geniejmeter.simulator;

/**
 * One statement as the simulated warehouse records it in its query history, the simulator's
 * {@code system.query.history}: the ground truth that SQL history enrichment must reproduce. Times are epoch
 * milliseconds and durations milliseconds of real (already time-scaled) time.
 *
 * <p>For a Genie message with SQL, the statement starts when the message enters PENDING_WAREHOUSE and its parts add
 * up to that phase plus EXECUTING_QUERY: {@code waitingForComputeMs} is the nominal PENDING_WAREHOUSE delay (the
 * warehouse getting ready), {@code waitingAtCapacityMs} the wait for a free warehouse slot on top of it, and
 * {@code compilationMs + executionMs} the EXECUTING_QUERY phase. The result fetch comes after the end.
 *
 * @param statementId the statement id (the query attachment's {@code statement_id})
 * @param warehouseId the warehouse that ran it ({@code compute.warehouse_id})
 * @param genieSpaceId the Genie space that asked ({@code query_source.genie_space_id}); null for API statements
 * @param statementText the SQL
 * @param startMs when the statement was submitted to the warehouse
 * @param endMs when it finished, failed or was cancelled
 * @param waitingForComputeMs {@code waiting_for_compute_duration_ms}
 * @param waitingAtCapacityMs {@code waiting_at_capacity_duration_ms}: queued for a free slot
 * @param compilationMs {@code compilation_duration_ms}
 * @param executionMs {@code execution_duration_ms}
 * @param resultFetchMs {@code result_fetch_duration_ms}
 * @param producedRows {@code produced_rows}
 * @param readRows {@code read_rows}
 * @param readBytes {@code read_bytes}
 * @param executionStatus FINISHED, FAILED or CANCELED
 * @param errorMessage the error of a FAILED statement, else null
 */
public record QueryHistoryRow(String statementId, String warehouseId, String genieSpaceId, String statementText,
                              long startMs, long endMs, long waitingForComputeMs, long waitingAtCapacityMs,
                              long compilationMs, long executionMs, long resultFetchMs, long producedRows,
                              long readRows, long readBytes, String executionStatus, String errorMessage) {

    /** {@code total_duration_ms}: the four parts before the end, the result fetch excluded (as Databricks'). */
    public long totalDurationMs() {
        return waitingForComputeMs + waitingAtCapacityMs + compilationMs + executionMs;
    }
}
