package io.geniejmeter.results;

/**
 * A statement's row of {@code system.query.history} as enrichment uses it, under the detail file's names (the
 * original tool's mapping: {@code waiting_at_capacity_duration_ms} is the queue wait, {@code
 * waiting_for_compute_duration_ms} the compute wait, ...). Durations in milliseconds; a value the history left
 * empty is 0, as the original's {@code COALESCE(..., 0)} made it.
 *
 * @param statementId the statement id
 * @param totalDurationMs {@code total_duration_ms}
 * @param executionTimeMs {@code execution_duration_ms}
 * @param compilationTimeMs {@code compilation_duration_ms}
 * @param queueWaitMs {@code waiting_at_capacity_duration_ms}
 * @param computeWaitMs {@code waiting_for_compute_duration_ms}
 * @param resultFetchMs {@code result_fetch_duration_ms}
 * @param rowsProduced {@code produced_rows}
 * @param bytesRead {@code read_bytes}
 * @param rowsRead {@code read_rows}
 * @param errorMessage {@code error_message}, empty when none
 * @param warehouseId {@code compute.warehouse_id}
 */
public record QueryHistoryRecord(String statementId, long totalDurationMs, long executionTimeMs,
                                 long compilationTimeMs, long queueWaitMs, long computeWaitMs, long resultFetchMs,
                                 long rowsProduced, long bytesRead, long rowsRead, String errorMessage,
                                 String warehouseId) {
}
