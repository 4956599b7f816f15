package io.geniejmeter.simulator;

/**
 * The PostgreSQL server the simulated Lakebase database instance points at. Made by {@link SimulatorConfig} from
 * checked values.
 *
 * @param lakebaseHost host returned as the instance's {@code read_write_dns}, default 127.0.0.1
 * @param lakebasePort its port, default 5432; another port is appended to {@code read_write_dns}
 * @param lakebaseTokenSeconds lifetime of a minted database credential token, default 3600 as on Lakebase;
 *                             shorter ones let a test see tokens expire
 */
public record LakebaseSettings(String lakebaseHost, int lakebasePort, int lakebaseTokenSeconds) {
}
