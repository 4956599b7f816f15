package io.geniejmeter.simulator;

import java.nio.file.Path;

/**
 * The SQL warehouse behind the space: its id, how many queries it runs at once, and how long a Statement Execution
 * API statement runs. Made by {@link SimulatorConfig} from checked values.
 *
 * @param warehouseId id of the warehouse; statements for other ids are refused
 * @param warehouseSlots queries run at once, default 10; more wait in PENDING_WAREHOUSE
 * @param statementLatency nominal run time of a statement, default 200-2000 ms
 * @param queryHistoryTable name of the query history table served to SQL, default {@code system.query.history}
 * @param queryHistoryLagMs nominal ms after its end before a statement's row is served, default 0
 * @param queryHistoryFile file keeping the query history across runs, or null (memory only)
 */
public record WarehouseSettings(String warehouseId, int warehouseSlots, LatencyRange statementLatency,
                                String queryHistoryTable, long queryHistoryLagMs, Path queryHistoryFile) {
}
