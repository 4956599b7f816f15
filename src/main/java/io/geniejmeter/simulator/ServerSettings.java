package io.geniejmeter.simulator;

/**
 * Where the simulator listens and how many connections it serves at once. Made by {@link SimulatorConfig} from checked
 * values; see {@link SimulatorOptions} for each one's default and range.
 *
 * @param host bind address, default 127.0.0.1 (loopback only)
 * @param port TCP port, default 0 (ephemeral: the OS picks a free port)
 * @param maxConnections HTTP connections served at once, one thread each, default 10,000 (JMeter's own default)
 * @param adminFromAnywhere whether the admin endpoints ({@code /_simulator/}: ground truth, stats, reset) answer
 *                          other machines too; default false: loopback only, whatever the bind address
 */
public record ServerSettings(String host, int port, int maxConnections, boolean adminFromAnywhere) {
}
