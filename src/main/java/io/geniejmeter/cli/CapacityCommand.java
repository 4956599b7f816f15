package io.geniejmeter.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code bin/genie-capacity}: a series of load-test steps, each a complete {@code bin/genie-loadtest} run with its
 * own results folder, then {@code capacity.csv} and {@code capacity.html} ({@link CapacityReport}) with the answer.
 *
 * <p>Steps are arrival rates of conversations (an open model, so the load does not ease when Genie slows down) or,
 * with {@code --users}, user counts. Without a list, rates double from {@code --start} until a step misses the
 * objective, then the gap between the last good and the first bad step is halved until they are within 25%. Every
 * option it does not know goes to each step's launcher unchanged (conversations, waits, {@code --qpm},
 * {@code --sim-*}, ...). Loads and times are Genie's: with {@code --time-scale X} (simulator) a step of 3 minutes
 * runs 3 x X minutes at rates divided by X, and the results are scaled back.
 */
public final class CapacityCommand {

    static final String USAGE = String.join("\n",
            "Usage: bin/genie-capacity [--rates R1,R2,... | --users N1,N2,... | --start RATE] [--step-time TIME]",
            "                          [--p95 S] [--max-errors PCT] [--results-dir DIR] [load-test options]",
            "Finds the highest load the Genie space sustains: runs one load test per step (bin/genie-loadtest,",
            "headless, each in DIR/step-NN-...), then writes DIR/capacity.csv and DIR/capacity.html.",
            "",
            "      --rates LIST       conversation arrival rates, e.g. 2/min,4/min,8/min (an open model)",
            "      --users LIST       user counts instead, e.g. 1,2,4,8 (a closed model, users started at once)",
            "      --start RATE       without a list: rates double from RATE (default 2/min) until a step misses",
            "                         the objective, then the gap is halved until within 25%",
            "      --max-steps N      most steps of a search (default 10)",
            "      --step-time TIME   how long each step applies its load (default 3m), plus half as long for the",
            "                         last conversations to finish",
            "      --arrivals KIND    even (default: one every 1/rate, so a step measures the rate, not its bursts)",
            "                         or random (Poisson, as real users)",
            "      --p95 S            objective: 95th percentile response time at most S seconds (default 60)",
            "      --max-errors PCT   objective: at most PCT% of questions failed (default 1)",
            "      --results-dir DIR  where the steps and the report go (default results/capacity-<yyyyMMdd-HHmmss>)",
            "  -h, --help             this help",
            "Any other option is passed to every step's bin/genie-loadtest: -c, --min-wait, --max-wait, --seed,",
            "--qpm, --time-scale, --sim-warehouse-slots 2, ... Times and rates are Genie's: with --time-scale X the",
            "steps run X times as long at rates divided by X, and the report scales the results back.",
            "");

    static final String STEP_FILE = "capacity-step.properties";

    /** The JMeter property of GENIE_POLL_INTERVAL_MS, scaled with {@code --time-scale} for every step. */
    static final String POLL_PROPERTY = "genie.poll_interval_ms";

    /** The default 1 s poll in Genie's time, in real milliseconds at time scale {@code x}; at least the 50 allowed. */
    static long scaledPollMs(double x) {
        return Math.max(50, Math.round(1000 * x));
    }

    private final Map<String, String> env;
    private final Path workingDir;
    private final PrintStream out;
    private final PrintStream err;

    CapacityCommand(Map<String, String> env, Path workingDir, PrintStream out, PrintStream err) {
        this.env = env;
        this.workingDir = workingDir;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CapacityCommand(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err)
                .run(List.of(args)));
    }

    /** The parsed command line. */
    static final class Options {
        List<Double> rates = new ArrayList<>();
        List<Integer> users = new ArrayList<>();
        double start = 2;
        int maxSteps = 10;
        long stepSeconds = 180;
        boolean randomArrivals;
        double p95 = 60;
        double maxErrors = 0.01;
        Path resultsDir;
        double timeScale = 1;
        boolean help;
        final List<String> passed = new ArrayList<>();
    }

    static Options parse(List<String> args) throws LoadTestOptions.UsageException {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            boolean attached = !name.equals(a);
            switch (name) {
                case "-h", "--help" -> o.help = true;
                case "--rates", "--users", "--start", "--max-steps", "--step-time", "--arrivals", "--p95",
                     "--max-errors", "--results-dir" -> {
                    String value;
                    if (attached) {
                        value = a.substring(a.indexOf('=') + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new LoadTestOptions.UsageException(name + " needs a value");
                    }
                    set(o, name, value);
                }
                case "-u", "-t", "--run-time", "--arrival-rate", "--arrival-schedule", "--headless",
                     "--exit-code-on-error" -> throw new LoadTestOptions.UsageException(name + " is chosen per step"
                        + " by bin/genie-capacity: use --rates, --users or --step-time");
                default -> {
                    if (name.equals("--time-scale")) {
                        String value = attached ? a.substring(a.indexOf('=') + 1)
                                : i + 1 < args.size() ? args.get(i + 1) : "1";
                        o.timeScale = LoadTestOptions.positiveNumber("--time-scale", value);
                    }
                    o.passed.add(a);
                }
            }
        }
        if (!o.rates.isEmpty() && !o.users.isEmpty()) {
            throw new LoadTestOptions.UsageException("give either --rates or --users, not both");
        }
        return o;
    }

    private static void set(Options o, String name, String value) throws LoadTestOptions.UsageException {
        switch (name) {
            case "--rates" -> {
                for (String r : value.split(",")) {
                    o.rates.add(perMinute("--rates", r));
                }
            }
            case "--users" -> {
                for (String u : value.split(",")) {
                    o.users.add((int) Math.max(1, Math.round(LoadTestOptions.positiveNumber("--users", u))));
                }
            }
            case "--start" -> o.start = perMinute("--start", value);
            case "--max-steps" -> o.maxSteps = (int) Math.round(LoadTestOptions.positiveNumber("--max-steps", value));
            case "--step-time" -> o.stepSeconds = LoadTestOptions.durationSeconds("--step-time", value);
            case "--arrivals" -> {
                if (!value.equals("even") && !value.equals("random")) {
                    throw new LoadTestOptions.UsageException("--arrivals '" + value + "': use even or random");
                }
                o.randomArrivals = value.equals("random");
            }
            case "--p95" -> o.p95 = LoadTestOptions.positiveNumber("--p95", value);
            case "--max-errors" -> o.maxErrors = LoadTestOptions.positiveNumber("--max-errors", value) / 100.0;
            default -> o.resultsDir = Path.of(value);
        }
    }

    /** {@code 5/min}, {@code 0.5/s}, {@code 300/hour} as conversations per minute. */
    static double perMinute(String option, String text) throws LoadTestOptions.UsageException {
        String rate = LoadTestOptions.jmeterRate(option, text);
        double n = Double.parseDouble(rate.substring(0, rate.indexOf('/')));
        return switch (rate.substring(rate.indexOf('/') + 1)) {
            case "sec" -> n * 60;
            case "min" -> n;
            case "hour" -> n / 60;
            default -> n / 1440;
        };
    }

    int run(List<String> args) {
        Options o;
        try {
            o = parse(args);
        } catch (LoadTestOptions.UsageException e) {
            err.println("genie-capacity: " + e.getMessage());
            err.println("Run bin/genie-capacity --help for the options.");
            return 2;
        }
        if (o.help) {
            out.print(USAGE);
            return 0;
        }
        Path dir = workingDir.resolve(o.resultsDir != null ? o.resultsDir : Path.of("results",
                "capacity-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        CapacityReport.Objective objective = new CapacityReport.Objective(o.p95, o.maxErrors);
        List<CapacityStep> done = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            if (!o.users.isEmpty()) {
                for (int users : o.users) {
                    done.add(step(o, dir, done.size() + 1, users, CapacityStep.USERS));
                }
            } else if (!o.rates.isEmpty()) {
                for (double rate : o.rates) {
                    done.add(step(o, dir, done.size() + 1, rate, CapacityStep.PER_MINUTE));
                }
            } else {
                search(o, dir, objective, done);
            }
            out.println();
            new CapacityReport(done, objective).write(dir, "Genie capacity", out);
            return 0;
        } catch (StepFailed | IOException e) {
            err.println("genie-capacity: " + e.getMessage());
            return 1;
        }
    }

    /** Doubling from the start rate until a step misses the objective, then halving the gap to within 25%. */
    private void search(Options o, Path dir, CapacityReport.Objective objective, List<CapacityStep> done)
            throws StepFailed, IOException {
        double rate = o.start;
        Double good = null;
        Double bad = null;
        while (done.size() < o.maxSteps && bad == null) {
            CapacityStep s = step(o, dir, done.size() + 1, rate, CapacityStep.PER_MINUTE);
            done.add(s);
            if (objective.metBy(s)) {
                good = rate;
                rate *= 2;
            } else {
                bad = rate;
            }
        }
        while (good != null && bad != null && bad / good > 1.25 && done.size() < o.maxSteps) {
            double mid = Math.round((good + bad) / 2 * 100) / 100.0;
            CapacityStep s = step(o, dir, done.size() + 1, mid, CapacityStep.PER_MINUTE);
            done.add(s);
            if (objective.metBy(s)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
    }

    /** A step that could not run at all (as opposed to one that missed the objective). */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    /** Runs one step through the launcher and reads its results. */
    private CapacityStep step(Options o, Path dir, int number, double load, String unit)
            throws StepFailed, IOException {
        boolean users = unit.equals(CapacityStep.USERS);
        String name = String.format(Locale.ROOT, "step-%02d-%s", number,
                CapacityReport.number(load).replace('.', '_') + (users ? "users" : "perMin"));
        Path stepDir = dir.resolve(name);
        double realSeconds = Math.max(1, Math.round(o.stepSeconds * o.timeScale));
        List<String> args = new ArrayList<>(o.passed);
        if (o.timeScale < 1 && o.passed.stream().noneMatch(a -> a.contains(POLL_PROPERTY))) {
            // Genie's phases are split by the polls; at 1 s real polls a time-scaled answer would pass unobserved.
            args.addAll(List.of("-J", POLL_PROPERTY + "=" + scaledPollMs(o.timeScale)));
        }
        args.addAll(List.of("--headless", "--results-dir", stepDir.toString(), "--exit-code-on-error", "0"));
        if (users) {
            args.addAll(List.of("-u", String.valueOf((int) load), "-r", String.valueOf((int) load), "-t",
                    String.valueOf((long) realSeconds)));
        } else {
            // JMeter's rates are real time: a Genie rate of R per minute at time scale X is R / X per real minute.
            String realRate = String.format(Locale.ROOT, "%.6f/min", load / o.timeScale);
            long drain = Math.max(1, Math.round(realSeconds / 2));
            args.addAll(List.of("--arrival-schedule", LoadTestOptions.START_PAUSE + " rate(" + realRate + ") "
                    + (o.randomArrivals ? "random_arrivals" : "even_arrivals") + "(" + (long) realSeconds + " sec)"
                    + " pause(" + drain + " sec)"));
        }
        out.printf("%n== Step %d: %s for %s (Genie time) ==%n", number,
                CapacityReport.number(load) + " " + unit, o.stepSeconds + " s");
        int status = new LoadTestLauncher(Scenario.STANDARD, env, workingDir, out, err).run(args);
        if (status != 0 || !Files.isRegularFile(stepDir.resolve("results.jtl"))) {
            throw new StepFailed("step " + number + " (" + name + ") did not run (status " + status + "); see "
                    + stepDir.resolve("jmeter.log"));
        }
        Properties p = new Properties();
        p.setProperty("load", String.valueOf(load));
        p.setProperty("unit", unit);
        p.setProperty("time_scale", String.valueOf(o.timeScale));
        p.setProperty("window_seconds", String.valueOf(realSeconds));
        try (var w = Files.newBufferedWriter(stepDir.resolve(STEP_FILE))) {
            p.store(w, "the load of this bin/genie-capacity step, read by bin/genie-compare");
        }
        return CapacityStep.read(stepDir, load, unit, o.timeScale, realSeconds);
    }
}
