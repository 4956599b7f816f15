package io.geniejmeter.cli;

import io.geniejmeter.results.CsvRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code bin/genie-compare DIR...}: the capacity page and CSV ({@link CapacityReport}) from earlier results folders,
 * steps of {@code bin/genie-capacity} or any {@code bin/genie-loadtest --headless} runs. A capacity step knows its
 * load ({@value CapacityCommand#STEP_FILE}); for any other run the load is its users, the most threads the JTL
 * recorded at once ({@code allThreads}).
 */
public final class CompareCommand {

    static final String USAGE = String.join("\n",
            "Usage: bin/genie-compare [--p95 S] [--max-errors PCT] [--results-dir OUT] DIR...",
            "Builds capacity.csv and capacity.html from earlier results folders (each holding results.jtl): steps",
            "of bin/genie-capacity, or bin/genie-loadtest --headless runs at different user counts.",
            "      --p95 S            objective: 95th percentile response time at most S seconds (default 60)",
            "      --max-errors PCT   objective: at most PCT% of questions failed (default 1)",
            "      --results-dir OUT  where the page and CSV go (default results/compare-<yyyyMMdd-HHmmss>)",
            "");

    private final Path workingDir;
    private final PrintStream out;
    private final PrintStream err;

    CompareCommand(Path workingDir, PrintStream out, PrintStream err) {
        this.workingDir = workingDir;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CompareCommand(Path.of("").toAbsolutePath(), System.out, System.err).run(List.of(args)));
    }

    int run(List<String> args) {
        double p95 = 60;
        double maxErrors = 0.01;
        Path outDir = null;
        List<Path> dirs = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--p95", "--max-errors", "--results-dir" -> {
                        if (i + 1 >= args.size()) {
                            throw new LoadTestOptions.UsageException(a + " needs a value");
                        }
                        String v = args.get(++i);
                        if (a.equals("--results-dir")) {
                            outDir = Path.of(v);
                        } else {
                            CapacityCommand.Options o = CapacityCommand.parse(List.of(a, v));
                            p95 = a.equals("--p95") ? o.p95 : p95;
                            maxErrors = a.equals("--max-errors") ? o.maxErrors : maxErrors;
                        }
                    }
                    default -> dirs.add(workingDir.resolve(a));
                }
            }
            if (dirs.isEmpty()) {
                throw new LoadTestOptions.UsageException("name at least one results folder");
            }
        } catch (LoadTestOptions.UsageException e) {
            err.println("genie-compare: " + e.getMessage());
            return 2;
        }
        try {
            List<CapacityStep> steps = new ArrayList<>();
            for (Path dir : dirs) {
                steps.add(read(dir));
            }
            Path target = workingDir.resolve(outDir != null ? outDir : Path.of("results",
                    "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
            Files.createDirectories(target);
            new CapacityReport(steps, new CapacityReport.Objective(p95, maxErrors))
                    .write(target, "Genie runs compared", out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("genie-compare: " + e.getMessage());
            return 1;
        }
    }

    /** One folder as a step: its recorded load, else its users. */
    static CapacityStep read(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("results.jtl"))) {
            throw new IOException(dir + " holds no results.jtl");
        }
        Path stepFile = dir.resolve(CapacityCommand.STEP_FILE);
        if (Files.isRegularFile(stepFile)) {
            Properties p = new Properties();
            try (BufferedReader in = Files.newBufferedReader(stepFile, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            return CapacityStep.read(dir, Double.parseDouble(p.getProperty("load")), p.getProperty("unit"),
                    Double.parseDouble(p.getProperty("time_scale", "1")),
                    Double.parseDouble(p.getProperty("window_seconds", "0")));
        }
        return CapacityStep.read(dir, maxThreads(dir.resolve("results.jtl")), CapacityStep.USERS, 1, 0);
    }

    private static int maxThreads(Path jtl) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
            List<List<String>> records = CsvRecords.parse(in);
            int col = records.isEmpty() ? -1 : records.get(0).indexOf("allThreads");
            int max = 0;
            for (List<String> r : records.subList(Math.min(1, records.size()), records.size())) {
                if (col >= 0 && r.size() > col && r.get(col).matches("\\d+")) {
                    max = Math.max(max, Integer.parseInt(r.get(col)));
                }
            }
            return max;
        }
    }
}
