package io.geniejmeter.results;

import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code detailed_metrics.csv} goes, decided once per test, in this order:
 * <ol>
 *   <li>the folder {@code GENIE_RESULTS_DIR} names (the original tool's variable; {@code bin/genie-loadtest} sets it
 *       to its results folder, beside {@code results.jtl});</li>
 *   <li>beside the JTL that JMeter writes with {@code -l FILE} (read from JMeter's command line);</li>
 *   <li>beside the dashboard folder that {@code -e -o FOLDER} makes;</li>
 *   <li>else {@code results/} in the working directory (the original's default), e.g. a GUI run.</li>
 * </ol>
 * The folder's name is the run id (the original's {@code run_id}).
 *
 * @param folder where the file goes
 * @param why    which rule chose it, for the log
 */
public record DetailFileLocation(Path folder, String why) {

    /** The file itself. */
    public Path file() {
        return folder.resolve(DetailCsvWriter.FILE_NAME);
    }

    /** The run id written in every row: the folder's name. */
    public String runId() {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return name == null ? "" : name.toString();
    }

    /**
     * Applies the rules.
     *
     * @param resultsDir   the GENIE_RESULTS_DIR setting, or null
     * @param commandLine  the JVM's command line as the Java launcher records it ({@code sun.java.command}), or null
     * @param dashboardDir JMeter's {@code jmeter.reportgenerator.outputdir} property (set by {@code -o}), or null
     * @param workingDir   the working directory, against which relative paths are resolved
     */
    public static DetailFileLocation choose(String resultsDir, String commandLine, String dashboardDir,
                                            Path workingDir) {
        if (resultsDir != null && !resultsDir.isBlank()) {
            return new DetailFileLocation(workingDir.resolve(resultsDir.strip()).normalize(), "GENIE_RESULTS_DIR");
        }
        String jtl = jtlOf(commandLine);
        if (jtl != null) {
            Path parent = workingDir.resolve(jtl).normalize().getParent();
            return new DetailFileLocation(parent == null ? workingDir : parent, "beside the JTL " + jtl);
        }
        if (dashboardDir != null && !dashboardDir.isBlank()) {
            Path parent = workingDir.resolve(dashboardDir).normalize().getParent();
            return new DetailFileLocation(parent == null ? workingDir : parent,
                    "beside the dashboard folder " + dashboardDir);
        }
        return new DetailFileLocation(workingDir.resolve("results").normalize(),
                "no GENIE_RESULTS_DIR, JTL or dashboard folder given: results/ in the working directory");
    }

    /** The argument of {@code -l} or {@code --logfile} on a JMeter command line, or null. */
    static String jtlOf(String commandLine) {
        if (commandLine == null || commandLine.isBlank()) {
            return null;
        }
        List<String> words = List.of(commandLine.strip().split("\\s+"));
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("-l") || w.equals("--logfile")) && i + 1 < words.size()) {
                return words.get(i + 1);
            }
            if (w.startsWith("--logfile=")) {
                return w.substring("--logfile=".length());
            }
        }
        return null;
    }
}
