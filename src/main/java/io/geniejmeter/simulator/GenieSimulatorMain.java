package io.geniejmeter.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/genie-simulator}: runs the Genie simulator standalone until Ctrl-C. Options are the long names of
 * {@link SimulatorConfig#options()} ({@code --name value} or {@code --name=value}); {@code --port} defaults to 8765
 * here. Exit codes: 0 after a clean stop or {@code --help}, 2 for a bad option, 1 when the simulator cannot start
 * (port taken, unusable conversations file).
 */
public final class GenieSimulatorMain {

    /** Port used when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8765;

    private GenieSimulatorMain() {
    }

    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(); // let run() close the server before the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "genie-simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = run(args, System.out, System.err, stop);
        stopped.countDown();
        if (code != 0 || stop.getCount() > 0) {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.exit(code);
        }
    }

    /**
     * Parses {@code args}, starts the simulator, prints how to use it and blocks until {@code stop} opens.
     *
     * @return the process exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.print(help());
                return 0;
            }
            if (!a.startsWith("--") || a.length() == 2) {
                err.println("error: unexpected argument '" + a + "': options look like --name value "
                        + "(see --help)");
                return 2;
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = null;
            }
            if (!SimulatorConfig.options().containsKey(name)) {
                err.println("error: unknown option --" + name + " (see --help for the list)");
                return 2;
            }
            if (value == null || value.isBlank()) {
                err.println("error: option --" + name + " needs a value ("
                        + SimulatorConfig.options().get(name).valueHint() + ")");
                return 2;
            }
            options.put(name, value);
        }
        options.putIfAbsent("port", Integer.toString(DEFAULT_PORT));
        SimulatorConfig config;
        try {
            config = SimulatorConfig.fromOptions(options);
        } catch (SimulatorConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        GenieSimulator sim;
        try {
            sim = GenieSimulator.start(config);
        } catch (java.net.BindException e) {
            err.println("error: option --port " + config.port() + ": cannot listen on " + config.host() + ":"
                    + config.port() + " (" + e.getMessage() + "); pick another port or stop what uses it");
            return 1;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        try (sim) {
            out.println("Genie simulator running at " + sim.baseUrl() + " (Ctrl-C to stop)");
            out.println("Point the tool at it with these settings (.env or environment):");
            out.println("  DATABRICKS_HOST=" + sim.baseUrl());
            out.println("  DATABRICKS_TOKEN=" + sim.token());
            out.println("  GENIE_SPACE_ID=" + sim.spaceId());
            out.println("  GENIE_WAREHOUSE_ID=" + sim.warehouseId());
            out.println("Ground truth: GET " + sim.baseUrl() + "/_simulator/messages");
            out.flush();
            stop.await();
            out.println("Stopping the Genie simulator");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The complete {@code --help} text, generated from {@link SimulatorConfig#options()}. */
    static String help() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: bin/genie-simulator [--port 8765] [--time-scale X] [--qpm N] [--seed N] "
                + "[--conversations FILE] [options]\n\n");
        b.append("Runs a Genie simulator speaking the Databricks Genie REST API on a local port until Ctrl-C,\n");
        b.append("and prints the host and token to use. Options (--name value or --name=value):\n\n");
        for (SimulatorConfig.OptionSpec o : SimulatorConfig.options().values()) {
            String head = "  --" + o.name() + " " + o.valueHint();
            b.append(head);
            b.append(head.length() < 40 ? " ".repeat(40 - head.length()) : "\n" + " ".repeat(40));
            String def = o.name().equals("port") ? Integer.toString(DEFAULT_PORT) : o.defaultText();
            b.append(o.description()).append(" [default: ").append(def).append("]\n");
        }
        b.append("  --help").append(" ".repeat(32)).append("show this help\n\n");
        b.append("Exit codes: 0 stopped cleanly, 1 cannot start (port taken, bad conversations file), "
                + "2 bad option.\n");
        return b.toString();
    }
}
