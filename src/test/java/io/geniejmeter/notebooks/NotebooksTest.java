package io.geniejmeter.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Databricks notebooks under {@code notebooks/}: their format, that every launcher option they pass exists in that
 * launcher's {@code --help}, and (when {@code python3} is on the PATH) that they compile and that their helper
 * functions build the right command lines and the same result figures as the launcher's {@code summary.csv}.
 *
 * <p>The helpers are run from the notebook text itself (the cell between {@code # NOTEBOOK-HELPERS-BEGIN} and
 * {@code # NOTEBOOK-HELPERS-END}), so what is tested is what users run. Without python3 those tests are skipped
 * (JUnit assumptions), never passed silently.
 */
class NotebooksTest {

    private static final Path NOTEBOOKS = Path.of("notebooks");
    private static final Path BIN = Path.of("bin");
    /** Each notebook and the bin/ launcher it runs. */
    private static final Map<String, String> LAUNCHER_OF = Map.of(
            "export_conversations.py", "export-conversations",
            "load_test.py", "genie-loadtest");
    private static final Pattern OPTION_LITERAL = Pattern.compile("\"(--?[a-zA-Z][a-zA-Z-]*)\"");
    private static final Pattern MAIN_CLASS = Pattern.compile("(io\\.geniejmeter\\.[\\w.]+)\\s+\"\\$@\"");
    private static final Pattern FUNCTION = Pattern.compile("(?m)^def (\\w+)\\(");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shipsExactlyTheOriginalsUncachedNotebooksInDatabricksSourceFormat() throws IOException {
        try (var files = Files.list(NOTEBOOKS)) {
            assertEquals(Set.of("export_conversations.py", "load_test.py"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")).toList()),
                    "the cached notebooks come with the caching feature");
        }
        for (String name : LAUNCHER_OF.keySet()) {
            String text = read(name);
            assertTrue(text.startsWith("# Databricks notebook source\n"), name + " must start with the source header");
            assertTrue(text.split("\n# COMMAND ----------\n", -1).length >= 5, name + " has too few cells");
            assertFalse(text.contains("\r"), name + " must use LF line ends");
        }
    }

    @Test
    void keepsTheOriginalLoadTestWidgetsWithTheirDefaults() throws IOException {
        String text = read("load_test.py");
        for (String widget : List.of("(\"conversations_file\", \"../conversations.yaml\"", "(\"user_count\", \"10\"",
                "(\"spawn_rate\", \"2\"", "(\"run_time\", \"5m\"", "(\"sample_size\", \"\"", "(\"seed\", \"\"",
                "(\"min_wait\", \"\"", "(\"max_wait\", \"\"")) {
            assertTrue(text.contains("dbutils.widgets.text" + widget), "load_test.py lacks widget " + widget);
        }
        String export = read("export_conversations.py");
        assertTrue(export.contains("dbutils.widgets.text(\"space_id\", SETTINGS.get(\"GENIE_SPACE_ID\", \"\")"), export);
        assertTrue(export.contains("dbutils.widgets.text(\"output\", \"../conversations.yaml\""), export);
        assertTrue(export.contains("dbutils.widgets.dropdown(\"include_all\""), export);
        assertTrue(export.contains("dbutils.widgets.text(\"max_conversations\""), export);
    }

    @Test
    void passesOnlyOptionsThatTheLaunchersHelpLists() throws Exception {
        for (Map.Entry<String, String> e : LAUNCHER_OF.entrySet()) {
            Set<String> options = new LinkedHashSet<>();
            Matcher m = OPTION_LITERAL.matcher(helpers(e.getKey()));
            while (m.find()) {
                options.add(m.group(1));
            }
            assertTrue(options.size() >= 5, e.getKey() + " passes suspiciously few options: " + options);
            String help = launcherHelp(e.getValue());
            for (String option : options) {
                assertTrue(listsOption(help, option),
                        e.getKey() + " passes " + option + ", which bin/" + e.getValue() + " --help does not list:\n"
                                + help);
            }
        }
    }

    @Test
    void keepsTheHelpersSharedByBothNotebooksIdentical() throws IOException {
        Map<String, String> export = functions(helpers("export_conversations.py"));
        Map<String, String> loadTest = functions(helpers("load_test.py"));
        Set<String> shared = new LinkedHashSet<>(export.keySet());
        shared.retainAll(loadTest.keySet());
        assertTrue(shared.containsAll(List.of("parse_dotenv", "workspace_auth_env", "find_java_home", "run_streaming")),
                "shared helpers: " + shared);
        for (String name : shared) {
            assertEquals(loadTest.get(name), export.get(name), name + " differs between the two notebooks");
        }
    }

    @Test
    void byteCompilesBothNotebooks() throws Exception {
        String python = python3();
        for (String name : LAUNCHER_OF.keySet()) {
            ProcessBuilder pb = new ProcessBuilder(python, "-m", "py_compile", NOTEBOOKS.resolve(name).toString());
            pb.environment().put("PYTHONPYCACHEPREFIX", tmp.toString()); // no __pycache__ in notebooks/
            Result r = run(pb);
            assertEquals(0, r.exitCode(), name + " does not compile:\n" + r.output());
        }
    }

    @Test
    void buildsTheLoadTestCommandFromTheWidgets() throws Exception {
        List<?> results = evaluate("load_test.py",
                "build_loadtest_args({'user_count': '10', 'spawn_rate': '2', 'run_time': '5m', 'sample_size': '',"
                        + " 'seed': '', 'min_wait': '', 'max_wait': '', 'target': 'auto', 'extra_args': ''},"
                        + " '/p/conversations.yaml', '/r/1')",
                "build_loadtest_args({'user_count': ' 3 ', 'spawn_rate': '0.5', 'run_time': '1h', 'sample_size': '4',"
                        + " 'seed': '7', 'min_wait': '1', 'max_wait': '2.5', 'target': 'simulator',"
                        + " 'extra_args': '--qpm 5 --sim-fail-rate 0.1'}, '/c.yaml', '/r/2')",
                "error(lambda: build_loadtest_args({'user_count': 'ten', 'spawn_rate': '2', 'run_time': '5m'}, 'c',"
                        + " 'r'))",
                "error(lambda: build_loadtest_args({'user_count': '1', 'spawn_rate': '0', 'run_time': '5m'}, 'c',"
                        + " 'r'))");

        assertEquals(List.of("--headless", "--users", "10", "--spawn-rate", "2", "--run-time", "5m",
                "--conversations", "/p/conversations.yaml", "--results-dir", "/r/1", "--exit-code-on-error", "0"),
                results.get(0));
        assertEquals(List.of("--headless", "--users", "3", "--spawn-rate", "0.5", "--run-time", "1h",
                "--conversations", "/c.yaml", "--results-dir", "/r/2", "--exit-code-on-error", "0", "--sample-size", "4",
                "--seed", "7",
                "--min-wait", "1", "--max-wait", "2.5", "--simulator", "--qpm", "5", "--sim-fail-rate", "0.1"),
                results.get(1));
        assertEquals("Widget user_count: 'ten' is not a whole number", results.get(2));
        assertEquals("Widget spawn_rate: must be greater than 0 (got 0)", results.get(3));
    }

    @Test
    void buildsTheExportCommandFromTheWidgets() throws Exception {
        List<?> results = evaluate("export_conversations.py",
                "build_export_args({'space_id': ' abc123 ', 'include_all': 'true', 'max_conversations': '25',"
                        + " 'from_time': '7d', 'to_time': ''}, '/p/conversations.yaml')",
                "build_export_args({'space_id': '', 'include_all': 'false', 'max_conversations': ''}, 'out.yaml')",
                "error(lambda: build_export_args({'max_conversations': '-1'}, 'o'))");

        assertEquals(List.of("--output", "/p/conversations.yaml", "--space-id", "abc123", "--include-all",
                "--max-conversations", "25", "--from", "7d"), results.get(0));
        assertEquals(List.of("--output", "out.yaml"), results.get(1));
        assertTrue(((String) results.get(2)).startsWith("Widget max_conversations: '-1'"), results.get(2).toString());
    }

    @Test
    void aggregatesTheJtlToTheSameFiguresAsTheLaunchersSummaryCsv() throws Exception {
        Path jtl = Path.of(getClass().getResource("/notebooks/results.jtl").toURI());
        List<?> results = evaluate("load_test.py", "summarize_jtl(" + pythonString(jtl.toString()) + ")");

        // The launcher's summary.csv for this file: GENIE,message_1_of_2,3,1,7000,8000,0.300 /
        // GENIE,message_2_of_2,2,1,1000,2000,0.200 / ,Aggregated,5,2,5000,8000,0.500 (see JtlSummaryTest).
        List<?> summary = (List<?>) ((List<?>) results.get(0)).get(0);
        assertEquals(List.of(
                row("GENIE", "message_1_of_2", 3, 1, 7000, 8000, 0.3),
                row("GENIE", "message_2_of_2", 2, 1, 1000, 2000, 0.2),
                row("", "Aggregated", 5, 2, 5000, 8000, 0.5)), summary);
        List<?> failures = (List<?>) ((List<?>) results.get(0)).get(1);
        assertEquals(List.of(
                Map.of("Label", "GENIE message_1_of_2", "Response code", "429",
                        "Message", "Too many requests, retry later", "Count", 1),
                Map.of("Label", "GENIE message_2_of_2", "Response code", "SQL_EXECUTION_EXCEPTION",
                        "Message", "Genie's query failed: \"column x\" not found\n(line 2)", "Count", 1)), failures);
    }

    @Test
    void readsTheLaunchersSummaryCsvWithTypedNumbers() throws Exception {
        Path csv = tmp.resolve("summary.csv");
        Files.writeString(csv, "Type,Name,Requests,Failures,Median ms,95% ms,Requests/s\n"
                + "GENIE,message_1_of_2,3,1,7000,8000,0.300\n,Aggregated,3,1,7000,8000,0.300\n");
        List<?> results = evaluate("load_test.py", "read_summary_csv(" + pythonString(csv.toString()) + ")");

        assertEquals(List.of(row("GENIE", "message_1_of_2", 3, 1, 7000, 8000, 0.3),
                row("", "Aggregated", 3, 1, 7000, 8000, 0.3)), results.get(0));
    }

    @Test
    void usesTheNotebooksWorkspaceAndTokenOnlyWhenNothingElseIsConfigured() throws Exception {
        List<?> results = evaluate("load_test.py",
                "workspace_auth_env({}, 'https://w.example', 'tok')",
                "workspace_auth_env({'DATABRICKS_HOST': 'https://w.example/'}, 'https://w.example', 'tok')",
                "workspace_auth_env({'DATABRICKS_HOST': 'https://other.example'}, 'https://w.example', 'tok')",
                "workspace_auth_env({'DATABRICKS_HOST': 'https://w.example', 'DATABRICKS_TOKEN': 'mine'},"
                        + " 'https://w.example', 'tok')",
                "workspace_auth_env({'DATABRICKS_CONFIG_PROFILE': 'p'}, 'https://w.example', 'tok')",
                "workspace_auth_env({'DATABRICKS_CLIENT_ID': 'sp'}, 'https://w.example', 'tok')",
                "workspace_auth_env({}, None, None)");

        Map<String, String> context = Map.of("DATABRICKS_HOST", "https://w.example", "DATABRICKS_TOKEN", "tok");
        assertEquals(List.of(context, context, Map.of(), Map.of(), Map.of(), Map.of(), Map.of()), results);
    }

    @Test
    void findsAJava17AmongTheInstalledJdks() throws Exception {
        for (String jdk : List.of("jdk8", "jdk17", "jdk21")) {
            Files.createDirectories(tmp.resolve(jdk).resolve("bin"));
            Files.writeString(tmp.resolve(jdk).resolve("bin").resolve("java"), "");
        }
        String versions = "{'jdk8': 'openjdk version \"1.8.0_382\"', 'jdk17': 'openjdk version \"17.0.15\" 2025-04-15',"
                + " 'jdk21': 'java version \"21\" 2023-09-19'}";
        String probe = "lambda java: " + versions + "[java.split('/')[-3]]";
        String home = pythonString(tmp.toString()) + " + '/";
        List<?> results = evaluate("load_test.py",
                "find_java_home([" + home + "jdk8', " + home + "missing', " + home + "jdk17', " + home + "jdk21'], "
                        + probe + ")",
                "find_java_home([" + home + "jdk8'], " + probe + ")",
                "[java_major('openjdk version \"1.8.0_382\"'), java_major('java version \"21\"'),"
                        + " java_major('no java here')]");

        assertEquals(tmp.resolve("jdk17").toString(), results.get(0));
        assertEquals(null, results.get(1));
        assertEquals(java.util.Arrays.asList(8, 21, null), results.get(2));
    }

    @Test
    void copiesTheProjectToLocalDiskWithoutBuildOutputResultsOrSecrets() throws Exception {
        Path project = tmp.resolve("Workspace-project");
        for (String file : List.of("pom.xml", "bin/genie-loadtest", "src/main/A.java", "target/x.jar",
                "results/1/results.jtl", ".env", "run.jtl")) {
            Files.createDirectories(project.resolve(file).getParent());
            Files.writeString(project.resolve(file), file);
        }
        Path local = tmp.resolve("local");
        Files.createDirectories(local);
        List<?> results = evaluate("load_test.py",
                "local_project_copy(" + pythonString(project.toString()) + ", " + pythonString(local.toString()) + ")",
                "[is_fuse_path('/Workspace/Users/me/p'), is_fuse_path('/Volumes/c/s/v'), is_fuse_path('/dbfs/x'),"
                        + " is_fuse_path('/local_disk0/tmp'), is_fuse_path('/WorkspaceX')]");

        Path copy = local.resolve("genie-jmeter");
        assertEquals(copy.toString(), results.get(0));
        try (var files = Files.walk(copy)) {
            assertEquals(Set.of("pom.xml", "bin/genie-loadtest", "src/main/A.java"), Set.copyOf(files
                    .filter(Files::isRegularFile).map(f -> copy.relativize(f).toString().replace('\\', '/'))
                    .toList()));
        }
        assertEquals(List.of(true, true, true, false, false), results.get(1));
    }

    @Test
    void readsDotEnvLikeTheLauncher() throws Exception {
        List<?> results = evaluate("load_test.py",
                "parse_dotenv('# c\\nexport GENIE_SPACE_ID=abc\\nDATABRICKS_HOST=\"https://h\"\\n"
                        + "GENIE_MIN_WAIT=3 # s\\nBAD LINE\\nEMPTY=\\n')");

        assertEquals(Map.of("GENIE_SPACE_ID", "abc", "DATABRICKS_HOST", "https://h", "GENIE_MIN_WAIT", "3",
                "EMPTY", ""), results.get(0));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Map<String, Object> row(String type, String name, int requests, int failures, int median, int p95,
            double perSecond) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Type", type);
        row.put("Name", name);
        row.put("Requests", requests);
        row.put("Failures", failures);
        row.put("Median ms", median);
        row.put("95% ms", p95);
        row.put("Requests/s", perSecond);
        return row;
    }

    private static String read(String notebook) throws IOException {
        return Files.readString(NOTEBOOKS.resolve(notebook), StandardCharsets.UTF_8);
    }

    /** The helper cell of a notebook: the code between the NOTEBOOK-HELPERS markers. */
    private static String helpers(String notebook) throws IOException {
        String text = read(notebook);
        int begin = text.indexOf("# NOTEBOOK-HELPERS-BEGIN\n");
        int end = text.indexOf("# NOTEBOOK-HELPERS-END");
        assertTrue(begin >= 0 && end > begin, notebook + " has no NOTEBOOK-HELPERS-BEGIN/END block");
        return text.substring(begin, end);
    }

    /** Top-level function name to its source (up to the next top-level statement). */
    private static Map<String, String> functions(String source) {
        Map<String, String> functions = new LinkedHashMap<>();
        Matcher m = FUNCTION.matcher(source);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start()});
            names.add(m.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < names.size() ? starts.get(i + 1)[0] : source.length();
            functions.put(names.get(i), source.substring(starts.get(i)[0], end).strip());
        }
        return functions;
    }

    /** Runs the launcher's main class (read from its bin/ script) with --help on the test class path. */
    private String launcherHelp(String launcher) throws Exception {
        String script = Files.readString(BIN.resolve(launcher), StandardCharsets.UTF_8);
        Matcher m = MAIN_CLASS.matcher(script);
        assertTrue(m.find(), "no 'exec java ... <MainClass> \"$@\"' line in bin/" + launcher);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Result r = run(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), m.group(1), "--help"));
        assertEquals(0, r.exitCode(), "bin/" + launcher + " --help failed:\n" + r.output());
        return r.output();
    }

    /** An option as a help line lists it: "--users N", "-u, --users", "[--include-all]", "--space-id=ID". */
    private static boolean listsOption(String help, String option) {
        return Pattern.compile("(^|[\\s,\\[])" + Pattern.quote(option) + "([\\s=,\\]]|$)", Pattern.MULTILINE)
                .matcher(help).find();
    }

    /** Runs Python expressions against a notebook's helper cell and returns their values (JSON round trip). */
    private List<?> evaluate(String notebook, String... expressions) throws Exception {
        String python = python3();
        Path helpers = tmp.resolve(notebook.replace(".py", "_helpers.py"));
        Files.writeString(helpers, helpers(notebook), StandardCharsets.UTF_8);
        Path expressionFile = tmp.resolve("expressions.json");
        Files.writeString(expressionFile, JSON.writeValueAsString(List.of(expressions)), StandardCharsets.UTF_8);
        Path driver = tmp.resolve("driver.py");
        Files.writeString(driver, String.join("\n",
                "import json, sys",
                "ns = {}",
                "exec(compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec'), ns)",
                "def error(call):",
                "    try:",
                "        call()",
                "    except Exception as e:",
                "        return str(e)",
                "    return 'no error'",
                "ns['error'] = error",
                "print(json.dumps([eval(x, ns) for x in json.load(open(sys.argv[2], encoding='utf-8'))]))",
                ""), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(python, driver.toString(), helpers.toString(),
                expressionFile.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Result r = run(pb);
        assertEquals(0, r.exitCode(), "python3 failed:\n" + r.output());
        String output = r.output().strip();
        return JSON.readValue(output.substring(output.lastIndexOf('\n') + 1), List.class);
    }

    private static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** python3 from the PATH, or the test is skipped: the notebooks' Python cannot be checked without it. */
    private static String python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "python3");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        assumeTrue(false, "python3 is not on the PATH: the notebooks' Python is not checked");
        return null;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + pb.command());
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
