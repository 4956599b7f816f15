package io.geniejmeter.notebooks;

import static io.geniejmeter.notebooks.Python.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions of {@code notebooks/genie_notebook.py}, the code the notebooks share, one by one with python3: the
 * command lines they build from widget values, the files they read, the workspace and Java they pick. NotebooksTest
 * runs the notebooks themselves end to end.
 */
class GenieNotebookModuleTest {

    @TempDir
    Path tmp;

    @Test
    void buildsTheLoadTestCommandFromTheWidgets() throws Exception {
        List<?> results = evaluate(tmp,
                "build_loadtest_args({'user_count': '10', 'spawn_rate': '2', 'run_time': '5m', 'sample_size': '',"
                        + " 'seed': '', 'min_wait': '', 'max_wait': '', 'target': 'auto', 'extra_args': ''},"
                        + " '/p/conversations.yaml', '/r/1')",
                "build_loadtest_args({'user_count': ' 3 ', 'spawn_rate': '0.5', 'run_time': '1h', 'sample_size': '4',"
                        + " 'seed': '7', 'min_wait': '1', 'max_wait': '2.5', 'target': 'simulator',"
                        + " 'extra_args': '--qpm 5 --sim-fail-rate 0.1'}, '/c.yaml', '/r/2')",
                "build_loadtest_args({'user_count': '1', 'spawn_rate': '1', 'run_time': '1m'}, None, '/r/3')",
                "error(lambda: build_loadtest_args({'user_count': 'ten', 'spawn_rate': '2', 'run_time': '5m'}, 'c',"
                        + " 'r'))",
                "error(lambda: build_loadtest_args({'user_count': '1', 'spawn_rate': '0', 'run_time': '5m'}, 'c',"
                        + " 'r'))");

        assertEquals(List.of("--headless", "--users", "10", "--spawn-rate", "2", "--run-time", "5m",
                "--conversations", "/p/conversations.yaml", "--results-dir", "/r/1", "--exit-code-on-error", "0"),
                results.get(0));
        assertEquals(List.of("--headless", "--users", "3", "--spawn-rate", "0.5", "--run-time", "1h",
                "--conversations", "/c.yaml", "--results-dir", "/r/2", "--exit-code-on-error", "0",
                "--sample-size", "4", "--seed", "7", "--min-wait", "1", "--max-wait", "2.5", "--target", "simulator",
                "--qpm", "5", "--sim-fail-rate", "0.1"),
                results.get(1));
        assertEquals(List.of("--headless", "--users", "1", "--spawn-rate", "1", "--run-time", "1m", "--results-dir",
                "/r/3", "--exit-code-on-error", "0"), results.get(2));
        assertEquals("Widget user_count: 'ten' is not a whole number", results.get(3));
        assertEquals("Widget spawn_rate: must be greater than 0 (got 0)", results.get(4));
    }

    @Test
    void passesTheCacheWidgetsThatHaveAValueAsTheirLaunchersOptions() throws Exception {
        List<?> results = evaluate(tmp,
                "build_loadtest_args({'user_count': '1', 'spawn_rate': '1', 'run_time': '1m', 'warehouse_id': 'w1',"
                        + " 'capacity': ' 2000 ', 'similarity_threshold': '', 'cache_scope': 'per-user',"
                        + " 'extra_args': '--qpm 5'}, None, '/r')",
                "list(CACHE_WIDGETS)",
                "build_loadtest_args({'user_count': '1', 'spawn_rate': '1', 'run_time': '1m', 'pg_url': "
                        + "'jdbc:postgresql://db/x', 'lakebase_instance': ' '}, None, '/r')");

        assertEquals(List.of("--headless", "--users", "1", "--spawn-rate", "1", "--run-time", "1m", "--results-dir",
                "/r", "--exit-code-on-error", "0", "--warehouse-id", "w1", "--capacity", "2000", "--cache-scope",
                "per-user", "--qpm", "5"), results.get(0));
        assertEquals(List.of("warehouse_id", "lru_capacity", "capacity", "cache_ttl", "similarity_threshold",
                "context_window_size", "context_similarity_threshold", "embedding_model", "cache_scope",
                "lakebase_instance", "pg_url"), results.get(1));
        assertEquals(List.of("--headless", "--users", "1", "--spawn-rate", "1", "--run-time", "1m", "--results-dir",
                "/r", "--exit-code-on-error", "0", "--pg-url", "jdbc:postgresql://db/x"), results.get(2));
    }

    /** As the original: the secret scope genie-loadtest, else the environment / .env (the launcher reads those). */
    @Test
    void takesTheLakebaseCredentialsFromTheSecretScopeElseLeavesThemToTheEnvironment() throws Exception {
        List<?> results = evaluate(tmp,
                "lakebase_credentials({'lakebase-client-id': 'sp-id', 'lakebase-client-secret': 'sp-secret'},"
                        + " {'GENIE_LAKEBASE_CLIENT_ID': 'env-id'})",
                "lakebase_credentials({'lakebase-client-secret': 'sp-secret'}, {'GENIE_LAKEBASE_CLIENT_ID': 'env-id'})",
                "lakebase_credentials({}, {})");

        assertEquals(List.of(Map.of("GENIE_LAKEBASE_CLIENT_ID", "sp-id", "GENIE_LAKEBASE_CLIENT_SECRET", "sp-secret"),
                Map.of("GENIE_LAKEBASE_CLIENT_ID", "secret scope genie-loadtest, key lakebase-client-id",
                        "GENIE_LAKEBASE_CLIENT_SECRET", "secret scope genie-loadtest, key lakebase-client-secret")),
                results.get(0));
        assertEquals(List.of(Map.of("GENIE_LAKEBASE_CLIENT_SECRET", "sp-secret"),
                Map.of("GENIE_LAKEBASE_CLIENT_ID", "the environment / .env",
                        "GENIE_LAKEBASE_CLIENT_SECRET", "secret scope genie-loadtest, key lakebase-client-secret")),
                results.get(1));
        List<?> none = (List<?>) results.get(2);
        assertEquals(Map.of(), none.get(0));
        assertTrue(((Map<?, ?>) none.get(1)).values().stream().allMatch(v -> ((String) v).startsWith("not set")),
                none.toString());
    }

    @Test
    void countsRequestsPerRequestTypeAndReadsTheTestCompleteLine() throws Exception {
        String summary = "[{'Type': 'GENIE_LIVE', 'Name': 'message_1_of_2', 'Requests': 3},"
                + " {'Type': 'GENIE_LRU_HIT', 'Name': 'message_1_of_2', 'Requests': 4},"
                + " {'Type': 'GENIE_LRU_HIT', 'Name': 'message_2_of_2', 'Requests': 2},"
                + " {'Type': '', 'Name': 'Aggregated', 'Requests': 9}]";
        String line = "test_complete total_requests=10 lru_hits=6 lru_hit_rate=60.0% semantic_hits=0"
                + " semantic_hit_rate=0.0% misses=3 miss_rate=30.0% cache_errors=2 failed_reruns=1";
        List<?> results = evaluate(tmp,
                "hit_rates(" + summary + ")",
                "hit_rates([])",
                "test_complete_figures(['summary = 9', '  " + line + "', 'Tidying up'])",
                "error(lambda: test_complete_figures(['summary = 0']))",
                "error(lambda: test_complete_figures(['test_complete total_requests=1 lru_hits=1']))");

        assertEquals(List.of(hitRow("GENIE_LRU_HIT", 6, 66.7), hitRow("GENIE_SEMANTIC_HIT", 0, 0.0),
                hitRow("GENIE_LIVE", 3, 33.3)), results.get(0));
        assertEquals(List.of(hitRow("GENIE_LRU_HIT", 0, 0.0), hitRow("GENIE_SEMANTIC_HIT", 0, 0.0),
                hitRow("GENIE_LIVE", 0, 0.0)), results.get(1));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("total_requests", 10);
        figures.put("lru_hits", 6);
        figures.put("lru_hit_rate", 60.0);
        figures.put("semantic_hits", 0);
        figures.put("semantic_hit_rate", 0.0);
        figures.put("misses", 3);
        figures.put("miss_rate", 30.0);
        figures.put("cache_errors", 2);
        figures.put("failed_reruns", 1);
        assertEquals(figures, results.get(2));
        assertTrue(((String) results.get(3)).startsWith("The launcher printed no test_complete line"),
                results.get(3).toString());
        assertTrue(((String) results.get(4)).startsWith("No lru_hit_rate in the launcher's line"),
                results.get(4).toString());
    }

    private static Map<String, Object> hitRow(String type, int requests, double share) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Request type", type);
        row.put("Requests", requests);
        row.put("Share %", share);
        return row;
    }

    @Test
    void buildsTheExportCommandFromTheWidgets() throws Exception {
        List<?> results = evaluate(tmp,
                "build_export_args({'space_id': ' abc123 ', 'include_all': 'true', 'max_conversations': '25',"
                        + " 'from_time': '7d', 'to_time': ''}, '/p/conversations.yaml')",
                "build_export_args({'space_id': '', 'include_all': 'false', 'max_conversations': ''}, 'out.yaml')",
                "error(lambda: build_export_args({'max_conversations': '-1'}, 'o'))");

        assertEquals(List.of("--output", "/p/conversations.yaml", "--space-id", "abc123", "--include-all",
                "--max-conversations", "25", "--from", "7d"), results.get(0));
        assertEquals(List.of("--output", "out.yaml"), results.get(1));
        assertTrue(((String) results.get(2)).startsWith("Widget max_conversations: '-1'"), results.get(2).toString());
    }

    /** The launcher gets the scope's credentials in its environment; what the scope lacks stays the environment's. */
    @Test
    void handsTheLakebaseCredentialsToTheLauncherInItsEnvironment() throws Exception {
        Path dotenv = Files.writeString(tmp.resolve("empty.env"), "");
        String notebook = "Notebook({'__file__': " + Python.string(Path.of("notebooks/load_test_cached.py")
                .toAbsolutePath().toString()) + "}, 'load_test_cached')";
        String scope = "type('WithScope', (), {'optional_secrets': lambda self, scope, keys:"
                + " {'lakebase-client-id': 'sp-id'} if scope == 'genie-loadtest' and 'lakebase-client-id' in keys"
                + " else {}})()";
        List<?> results = evaluate(tmp, Map.of("GENIE_ENV_FILE", dotenv.toString(),
                        "GENIE_LAKEBASE_CLIENT_ID", "env-id", "GENIE_LAKEBASE_CLIENT_SECRET", "env-secret"),
                "(lambda p: [p.use_lakebase_credentials(" + scope + "), p.run_env['GENIE_LAKEBASE_CLIENT_ID'],"
                        + " p.run_env['GENIE_LAKEBASE_CLIENT_SECRET']][1:])(Project(" + notebook
                        + ", 'genie-loadtest-cached', ''))");

        assertEquals(List.of("sp-id", "env-secret"), results.get(0));
    }

    @Test
    void readsTheLaunchersSummaryCsvWithTypedNumbers() throws Exception {
        Path csv = tmp.resolve("summary.csv");
        Files.writeString(csv, "Type,Name,Requests,Failures,Median ms,95% ms,Requests/s\n"
                + "GENIE,message_1_of_2,3,1,7000,8000,0.300\n,Aggregated,3,1,7000,8000,0.300\n");
        List<?> results = evaluate(tmp,
                "read_summary_csv(" + Python.string(csv.toString()) + ")");

        assertEquals(List.of(row("GENIE", "message_1_of_2", 3, 1, 7000, 8000, 0.3),
                row("", "Aggregated", 3, 1, 7000, 8000, 0.3)), results.get(0));
    }

    @Test
    void usesTheNotebooksWorkspaceAndTokenOnlyWhenNothingElseIsConfigured() throws Exception {
        List<?> results = evaluate(tmp,
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
        String home = Python.string(tmp.toString()) + " + '/";
        List<?> results = evaluate(tmp,
                "find_java_home([" + home + "jdk8', " + home + "missing', " + home + "jdk17', " + home + "jdk21'], "
                        + probe + ")",
                "find_java_home([" + home + "jdk8'], " + probe + ")",
                "[java_major('openjdk version \"1.8.0_382\"'), java_major('java version \"21\"'),"
                        + " java_major('no java here')]");

        assertEquals(tmp.resolve("jdk17").toString(), results.get(0));
        assertEquals(null, results.get(1));
        assertEquals(Arrays.asList(8, 21, null), results.get(2));
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
        List<?> results = evaluate(tmp,
                "local_project_copy(" + Python.string(project.toString()) + ", " + Python.string(local.toString())
                        + ")",
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
        List<?> results = evaluate(tmp,
                "parse_dotenv('# c\\nexport GENIE_SPACE_ID=abc\\nDATABRICKS_HOST=\"https://h\"\\n"
                        + "GENIE_MIN_WAIT=3 # s\\nBAD LINE\\nEMPTY=\\n')");

        assertEquals(Map.of("GENIE_SPACE_ID", "abc", "DATABRICKS_HOST", "https://h", "GENIE_MIN_WAIT", "3",
                "EMPTY", ""), results.get(0));
    }

    @Test
    void outsideDatabricksTakesWidgetsFromGenieWidgetVariablesAndHasNoContextOrSecrets() throws Exception {
        String script = "Notebook({'__file__': '/p/notebooks/load_test.py'}, 'load_test')";
        // Empty: a widget that stands for a .env variable stays empty (the launcher reads the variable), others take
        // their default.
        List<?> results = evaluate(tmp, Map.of("GENIE_WIDGET_USER_COUNT", "3", "GENIE_WIDGET_TARGET", "simulator",
                        "GENIE_WIDGET_CONVERSATIONS_FILE", "", "GENIE_WIDGET_RESULTS_DIR", " "),
                script + ".widgets()",
                "[" + script + ".on_databricks, " + script + ".folder(None), " + script + ".context()]",
                "error(lambda: " + script + ".secrets('genie-loadtest'))",
                script + ".secrets(' ')");

        Map<String, Object> expected = new LinkedHashMap<>(Map.of("conversations_file", "",
                "user_count", "3", "spawn_rate", "2", "run_time", "5m", "sample_size", "", "seed", "",
                "min_wait", "", "max_wait", "", "results_dir", "../results", "target", "simulator"));
        expected.putAll(Map.of("extra_args", "", "secret_scope", "", "install_tools", "true"));
        expected.putAll(Map.of("enrich", "false", "results_table", ""));
        assertEquals(expected, results.get(0));
        assertEquals(Arrays.asList(false, "/p/notebooks", Arrays.asList(null, null, null)),
                results.get(1));
        assertTrue(((String) results.get(2)).startsWith("Widget secret_scope: secret scopes exist on Databricks only"),
                results.get(2).toString());
        assertEquals(Map.of(), results.get(3));
    }

    @Test
    void findsTheNotebooksFolderUnderWorkspaceFromTheContextPath() throws Exception {
        List<?> results = evaluate(tmp,
                "notebook_dir('/Users/me@x.com/genie-jmeter/notebooks/load_test', '/databricks/driver')",
                "notebook_dir('/Workspace/Repos/me/genie-jmeter/notebooks/load_test', '/databricks/driver')",
                "notebook_dir(None, '/Workspace/Users/me/genie-jmeter/notebooks')");

        assertEquals(List.of("/Workspace/Users/me@x.com/genie-jmeter/notebooks",
                "/Workspace/Repos/me/genie-jmeter/notebooks", "/Workspace/Users/me/genie-jmeter/notebooks"), results);
    }

    @Test
    void listsEveryFailedSampleOfTheJtlWithItsCodeAndMessage() throws Exception {
        Path jtl = Path.of(getClass().getResource("/notebooks/results.jtl").toURI());
        List<?> results = evaluate(tmp, "failed_samples(" + Python.string(jtl.toString()) + ")");

        assertEquals(List.of(
                Map.of("Time", "1970-01-01 00:16:42.000", "Label", "GENIE message_1_of_2", "Response code", "429",
                        "Message", "Too many requests, retry later", "Elapsed ms", 8000),
                Map.of("Time", "1970-01-01 00:16:48.000", "Label", "GENIE message_2_of_2",
                        "Response code", "SQL_EXECUTION_EXCEPTION",
                        "Message", "Genie's query failed: \"column x\" not found\n(line 2)", "Elapsed ms", 2000)),
                results.get(0));
    }

    @Test
    void analyzesResponseTimesPerLabelWithNearestRankPercentilesAndCountsFailuresPerCode() throws Exception {
        // The fixture: message_1_of_2 took 5000, 7000 and 8000 ms (the last a 429), message_2_of_2 2000 (a
        // SQL_EXECUTION_EXCEPTION) and 1000 ms.
        Path jtl = Path.of(getClass().getResource("/notebooks/results.jtl").toURI());
        List<?> results = evaluate(tmp, "[latency_table(read_csv_rows(" + Python.string(jtl.toString()) + ")), "
                + "failures_by_kind(read_csv_rows(" + Python.string(jtl.toString()) + ")), "
                + "percentile(range(1, 101), 95), percentile([4, 1, 3, 2], 50), percentile([], 50)]");

        List<?> figures = (List<?>) results.get(0);
        List<?> latency = (List<?>) figures.get(0);
        assertEquals(List.of("GENIE message_1_of_2", 3, 1, 6667, 7000, 8000, 8000, 8000, 8000),
                latencyRow((Map<?, ?>) latency.get(0)));
        assertEquals(List.of("GENIE message_2_of_2", 2, 1, 1500, 1000, 2000, 2000, 2000, 2000),
                latencyRow((Map<?, ?>) latency.get(1)));
        assertEquals(List.of("All", 5, 2, 4600, 5000, 8000, 8000, 8000, 8000), latencyRow((Map<?, ?>) latency.get(2)));
        List<?> failures = (List<?>) figures.get(1);
        assertEquals(List.of("429", 1, 50.0), List.of(((Map<?, ?>) failures.get(0)).get("Response code"),
                ((Map<?, ?>) failures.get(0)).get("Failures"), ((Map<?, ?>) failures.get(0)).get("Share %")));
        assertEquals("SQL_EXECUTION_EXCEPTION", ((Map<?, ?>) failures.get(1)).get("Response code"));
        assertEquals(List.of(95, 2, 0), figures.subList(2, 5));
    }

    private static List<Object> latencyRow(Map<?, ?> row) {
        List<Object> values = new ArrayList<>();
        for (String column : List.of("Label", "Requests", "Failures", "Mean ms", "Median ms", "90% ms", "95% ms",
                "99% ms", "Max ms")) {
            values.add(row.get(column));
        }
        return values;
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


    /**
     * The export of a run's detail file to a Unity Catalog table, with run_notebook.py's Spark stand-in (a Delta
     * table's append, mergeSchema and DELETE): exporting the same run twice leaves one copy of its rows, another run
     * adds its own, and a later export of the enriched file brings the new columns.
     */
    @Test
    void exportsARunsDetailRowsOnceHoweverOftenItIsExported() throws Exception {
        Path run1 = Files.createDirectories(tmp.resolve("results/20260128-103000"));
        Path run2 = Files.createDirectories(tmp.resolve("results/20260128-110000"));
        String header = "run_id,space_id,duration_ms,prompt,success,genie_message_id,sql_statement_id";
        Files.writeString(run1.resolve("detailed_metrics.csv"), header + "\n"
                + "20260128-103000,s1,1200,\"Sales, by month\",True,123,01ef-a\n"
                + "20260128-103000,s1,900,Returns,False,124,\n");
        Files.writeString(run2.resolve("detailed_metrics.csv"), header + "\n20260128-110000,s1,800,Stock,True,9,b\n");
        String table = "'main.genie.load_tests'";
        String stand = "__import__('sys').path.insert(0, " + Python.string(Path.of(getClass()
                .getResource("/notebooks/run_notebook.py").toURI()).getParent().toString()) + ")";
        List<?> results = evaluate(tmp, stand,
                "(spark := __import__('run_notebook').SparkStandIn()) and None",
                "export_detail(spark, " + table + ", " + Python.string(run1.toString()) + ")",
                "export_detail(spark, " + table + ", " + Python.string(run1.toString()) + ")",
                "[r['run_id'] for r in spark.tables[" + table + "]['rows']]",
                "export_detail(spark, " + table + ", " + Python.string(run2.toString()) + ")",
                "len(spark.tables[" + table + "]['rows'])",
                "[list(c) for c in spark.tables[" + table + "]['columns']]",
                "dict(spark.tables[" + table + "]['rows'][0])",
                "open(" + Python.string(run1.resolve("detailed_metrics.csv").toString()) + ", 'a').write('')"
                        + " or __import__('pathlib').Path(" + Python.string(run1.resolve("detailed_metrics.csv")
                        .toString()) + ").write_text('" + header + ",sql_total_duration_ms\\n"
                        + "20260128-103000,s1,1200,x,True,123,01ef-a,4500\\n')",
                "export_detail(spark, " + table + ", " + Python.string(run1.toString()) + ")",
                "sorted(((r['run_id'], r['sql_total_duration_ms']) for r in spark.tables[" + table + "]['rows']),"
                        + " key=str)",
                "error(lambda: results_table('main.x; DROP TABLE y', {}))",
                "results_table('', {'MLFLOW_UC_CATALOG': 'main', 'MLFLOW_UC_SCHEMA': 'genie'})",
                "results_table(' ', {'MLFLOW_UC_CATALOG': 'main'})");

        assertEquals(List.of(List.of("20260128-103000"), 2), results.get(2));
        assertEquals(List.of(List.of("20260128-103000"), 2), results.get(3), "exported again: same rows replaced");
        assertEquals(List.of("20260128-103000", "20260128-103000"), results.get(4));
        assertEquals(3, results.get(6), "another run adds its own rows");
        assertEquals(List.of(List.of("run_id", "string"), List.of("space_id", "string"),
                List.of("duration_ms", "bigint"), List.of("prompt", "string"), List.of("success", "boolean"),
                List.of("genie_message_id", "string"), List.of("sql_statement_id", "string")), results.get(7));
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("run_id", "20260128-103000");
        first.put("space_id", "s1");
        first.put("duration_ms", 1200);
        first.put("prompt", "Sales, by month");
        first.put("success", true);
        first.put("genie_message_id", "123");
        first.put("sql_statement_id", "01ef-a");
        assertEquals(first, results.get(8));
        assertEquals(List.of(List.of("20260128-103000", 4500), Arrays.asList("20260128-110000", null)),
                results.get(11), "the enriched run replaced, its new column added to the table");
        assertTrue(((String) results.get(12)).contains("is not a table name"), results.get(12).toString());
        assertEquals("main.genie.genie_detailed_metrics", results.get(13), "the original's table from its variables");
        assertEquals(null, results.get(14));
    }
}
