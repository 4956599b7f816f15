package io.geniejmeter.simulator;

/**
 * The PostgreSQL server the simulated Lakebase database instance points at. Made by {@link SimulatorConfig} from
 * checked values.
 *
 * @param lakebaseHost host returned as the instance's {@code read_write_dns}, default 127.0.0.1
 * @param lakebasePort its port, default 5432; another port is appended to {@code read_write_dns}
 */
public record LakebaseSettings(String lakebaseHost, int lakebasePort) {
}
