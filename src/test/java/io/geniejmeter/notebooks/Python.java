package io.geniejmeter.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the notebooks' Python for the tests: python3 from the PATH (a test fails, naming what to install, when it is
 * missing: nothing is skipped), with no byte-code files written into {@code notebooks/}.
 */
final class Python {

    static final Path NOTEBOOKS = Path.of("notebooks").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    private Python() {
    }

    /** What a process printed (stdout and stderr together) and its exit status. */
    record Result(int exitCode, String output) {
    }

    /** python3 from the PATH; fails the test when there is none. */
    static String python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "python3");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("python3 is not on the PATH: the notebooks are tested with it. Install Python 3.8 or later"
                + " (Debian/Ubuntu: apt-get install python3) and run the tests again.");
    }

    /** A python3 command; the environment drops byte-code writing (no __pycache__ in notebooks/). */
    static ProcessBuilder command(String... args) {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(python3());
        pb.command().addAll(List.of(args));
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().put("PYTHONUNBUFFERED", "1");
        return pb;
    }

    /** Runs a process to its end, its output going to a file (so a hanging process cannot block the reader). */
    static Result run(ProcessBuilder pb, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("python", ".log");
        try {
            pb.redirectErrorStream(true);
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("timed out after " + timeout + ": " + pb.command() + "\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The widget table of genie_notebook.py, as {@code python3 notebooks/genie_notebook.py widgets} prints it. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> widgetTable() throws Exception {
        Result r = run(command(NOTEBOOKS.resolve("genie_notebook.py").toString(), "widgets"), Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.output());
        return JSON.readValue(r.output(), List.class);
    }

    /**
     * Evaluates Python expressions in genie_notebook's namespace and returns their values (JSON round trip);
     * {@code error(lambda: ...)} gives the message of the exception the call raises.
     */
    static List<?> evaluate(Path tmp, String... expressions) throws Exception {
        return evaluate(tmp, Map.of(), expressions);
    }

    /** As {@link #evaluate(Path, String...)}, with these environment variables set. */
    static List<?> evaluate(Path tmp, Map<String, String> environment, String... expressions) throws Exception {
        Path expressionFile = tmp.resolve("expressions.json");
        Files.writeString(expressionFile, JSON.writeValueAsString(List.of(expressions)), StandardCharsets.UTF_8);
        Path driver = tmp.resolve("driver.py");
        Files.writeString(driver, String.join("\n",
                "import json, sys",
                "sys.path.insert(0, sys.argv[1])",
                "import genie_notebook",
                "ns = dict(vars(genie_notebook))",
                "def error(call):",
                "    try:",
                "        call()",
                "    except Exception as e:",
                "        return str(e)",
                "    return 'no error'",
                "ns['error'] = error",
                "print(json.dumps([eval(x, ns) for x in json.load(open(sys.argv[2], encoding='utf-8'))]))",
                ""), StandardCharsets.UTF_8);
        ProcessBuilder pb = command(driver.toString(), NOTEBOOKS.toString(), expressionFile.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("GENIE_WIDGET_"));
        pb.environment().putAll(environment);
        Result r = run(pb, Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), "python3 failed:\n" + r.output());
        String output = r.output().strip();
        return JSON.readValue(output.substring(output.lastIndexOf('\n') + 1), List.class);
    }

    static String string(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
