package io.geniejmeter.cli;

import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.ServerSettings;
import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.simulator.SimulatorConfigException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code bin/genie-simulator}: runs the Genie simulator standalone until Ctrl-C. Options are the long names of
 * {@link SimulatorConfig#options()} ({@code --name value} or {@code --name=value}), parsed by picocli as the other
 * bin/ commands are; {@code --port} defaults to 8765 here. Exit codes: 0 after a clean stop or {@code --help}, 2
 * for a bad option, 1 when the simulator cannot start (port taken, unusable conversations file).
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
        CommandLine cli = command();
        Map<String, String> options;
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (parsed.isUsageHelpRequested()) {
                out.print(SimulatorCommandLine.usage(cli));
                return 0;
            }
            options = SimulatorCommandLine.given(parsed, "--");
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + SimulatorCommandLine.describe(e, List.of(args)));
            err.println("Run bin/genie-simulator --help for the options.");
            return 2;
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
            ServerSettings listen = config.server();
            err.println("error: option --port " + listen.port() + ": cannot listen on " + listen.host() + ":"
                    + listen.port() + " (" + e.getMessage() + "); pick another port or stop what uses it");
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

    /** The command line: every option of {@link SimulatorConfig#options()}, {@code --help}, and the help text. */
    static CommandLine command() {
        CommandSpec spec = CommandSpec.create().name("genie-simulator");
        spec.usageMessage().width(120).longOptionsMaxWidth(34).sortOptions(false)
                .customSynopsis("bin/genie-simulator [--port 8765] [--time-scale X] [--qpm N] [--seed N]"
                        + " [--conversations FILE] [options]", "")
                .description("Runs a Genie simulator speaking the Databricks Genie REST API on a local port until"
                        + " Ctrl-C,", "and prints the host and token to use. Options (--name value or --name=value):",
                        "")
                .footer("", "Exit codes: 0 stopped cleanly, 1 cannot start (port taken, bad conversations file), 2 bad"
                        + " option.");
        SimulatorCommandLine.declare(spec, "--", false, Map.of("port", Integer.toString(DEFAULT_PORT)));
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
        CommandLine cli = new CommandLine(spec);
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        return cli;
    }
}
