package io.geniejmeter.simulator;

/**
 * The SQL warehouse behind the space: its id, how many queries it runs at once, and how long a Statement Execution
 * API statement runs. Made by {@link SimulatorConfig} from checked values.
 *
 * @param warehouseId id of the warehouse; statements for other ids are refused
 * @param warehouseSlots queries run at once, default 10; more wait in PENDING_WAREHOUSE
 * @param statementLatency nominal run time of a statement, default 200-2000 ms
 */
public record WarehouseSettings(String warehouseId, int warehouseSlots, LatencyRange statementLatency) {
}
