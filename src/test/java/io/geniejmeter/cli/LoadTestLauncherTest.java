package io.geniejmeter.cli;

import io.geniejmeter.genie.GenieSampleVariables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bin/genie-loadtest hands JMeter, checked without starting JMeter. */
class LoadTestLauncherTest {

    @TempDir
    Path work;
    Path jmeterHome;
    Path projectDir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static final String ONE_QUESTION = "conversations:\n- messages:\n  - content: How many orders?\n";

    @BeforeEach
    void fakeInstallation() throws IOException {
        jmeterHome = Files.createDirectories(work.resolve("jmeter"));
        Files.createDirectories(jmeterHome.resolve("bin"));
        Files.writeString(jmeterHome.resolve("bin/ApacheJMeter-5.6.3.jar"), "");
        projectDir = Files.createDirectories(work.resolve("project"));
        Files.createDirectories(projectDir.resolve("testplans"));
        Files.writeString(projectDir.resolve("testplans/genie-standard.jmx"), "<jmeterTestPlan/>");
        Files.writeString(projectDir.resolve("testplans/sample-conversations.yaml"), "conversations: []");
    }

    private LoadTestLauncher launcher(Map<String, String> env) {
        return new LoadTestLauncher(env, work, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private LoadTestLauncher.Invocation prepare(Map<String, String> env, String... args) throws Exception {
        return launcher(env).prepare(LoadTestOptions.parse(List.of(args)), jmeterHome, projectDir,
                LocalDateTime.of(2026, 1, 28, 10, 30, 0));
    }

    @Test
    void turnsTheOriginalsOptionsIntoPlanPropertiesAndAHeadlessRun() throws Exception {
        LoadTestLauncher.Invocation run = prepare(Map.of("HOME", work.toString()), "--headless", "-u", "5", "-r",
                "1", "-t", "1m", "--seed", "42", "--min-wait", "2", "--max-wait", "4", "--sample-size", "3");
        List<String> cmd = run.command();

        assertTrue(cmd.containsAll(List.of("-Jgenie.users=5", "-Jgenie.rampup=5", "-Jgenie.duration=60",
                "-Jgenie.seed=42", "-Jgenie.simulator.seed=42", "-Jgenie.min_wait=2", "-Jgenie.max_wait=4",
                "-Jgenie.sample_size=3", "-Jsample_variables=" + GenieSampleVariables.SAMPLE_VARIABLES)), cmd
                .toString());
        assertTrue(cmd.stream().noneMatch(a -> a.startsWith("-Jgenie.target") || a.startsWith("-Jgenie.simulator.qpm")
                || a.startsWith("-Jgenie.simulator.time")), "not given, not passed (GenieTargets' defaults): " + cmd);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(time scale 1.0, no questions-per-minute limit)"),
                out.toString(StandardCharsets.UTF_8));
        assertTrue(cmd.contains("-n"));
        assertEquals(work.resolve("results/20260128-103000"), run.resultsDir());
        assertTrue(cmd.contains("-Jgenie.simulator.query-history-file=" + run.resultsDir()
                .resolve(EnrichCommand.SIMULATOR_HISTORY_FILE)), "the simulator keeps its history beside the results");
        assertEquals(run.resultsDir().resolve("results.jtl").toString(), cmd.get(cmd.indexOf("-l") + 1));
        assertEquals(run.resultsDir().resolve("dashboard").toString(), cmd.get(cmd.indexOf("-o") + 1));
        assertEquals(projectDir.resolve("testplans/genie-standard.jmx").toString(), cmd.get(cmd.indexOf("-t") + 1));
    }

    @Test
    void writesTheDetailBesideTheJtlAndGivesTheDashboardGeniesApdexAndGraphs() throws Exception {
        List<String> cmd = prepare(Map.of("HOME", work.toString()), "--headless", "-t", "1m").command();

        assertTrue(cmd.contains("-Jgenie.results_dir=" + work.resolve("results/20260128-103000")), cmd.toString());
        assertTrue(cmd.containsAll(List.of("-Jjmeter.reportgenerator.apdex_satisfied_threshold=30000",
                "-Jjmeter.reportgenerator.apdex_tolerated_threshold=60000",
                "-Jjmeter.reportgenerator.graph.custom_genie_asking_ai_ms.property.set_Sample_Variable_Name="
                        + "genie_asking_ai_ms")), cmd.toString());

        List<String> own = prepare(Map.of("HOME", work.toString(), "GENIE_RESULTS_DIR", "runs/r7"), "--headless",
                "-J", "jmeter.reportgenerator.apdex_satisfied_threshold=10000").command();
        assertTrue(own.contains("-Jgenie.results_dir=" + work.resolve("runs/r7")), "GENIE_RESULTS_DIR, the"
                + " original's variable, is the results folder: " + own);
        assertEquals(work.resolve("runs/r7/results.jtl").toString(), own.get(own.indexOf("-l") + 1));
        assertTrue(own.contains("-Jjmeter.reportgenerator.apdex_satisfied_threshold=10000"), "the user's wins");
        assertTrue(own.indexOf("-Jjmeter.reportgenerator.apdex_satisfied_threshold=10000") > 0);
        assertEquals(1, own.stream().filter(a -> a.startsWith("-Jjmeter.reportgenerator.apdex_satisfied")).count());
    }

    @Test
    void replaysTheShippedSampleOnTheSimulatorWhenThereIsNoConversationsFile() throws Exception {
        List<String> cmd = prepare(Map.of("HOME", work.toString()), "--headless").command();

        // JMeter finds the same sample by the same rule (no conversations file given, simulator).
        assertTrue(cmd.stream().noneMatch(a -> a.startsWith("-Jgenie.conversations=")), cmd.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("replaying the sample conversations"));
    }

    @Test
    void prefersConversationsYamlInTheCurrentDirectory() throws Exception {
        Files.writeString(work.resolve("conversations.yaml"), ONE_QUESTION);

        List<String> cmd = prepare(Map.of("HOME", work.toString()), "--headless").command();

        assertTrue(cmd.contains("-Jgenie.conversations=" + work.resolve("conversations.yaml")), cmd.toString());
    }

    @Test
    void namesBothOptionsWhenTheMaxWaitIsBelowTheMinWait() {
        LoadTestLauncher.LaunchException e = assertThrows(LoadTestLauncher.LaunchException.class,
                () -> prepare(Map.of("HOME", work.toString()), "--headless", "--min-wait", "5", "--max-wait", "2"));

        assertEquals("GENIE_MIN_WAIT 5 (from option --min-wait) is larger than GENIE_MAX_WAIT 2 (from option"
                + " --max-wait): make the minimum wait at most the maximum wait.", e.getMessage());
    }

    @Test
    void saysFileNotFoundAndHowToExportWhenTheGivenFileIsMissing() {
        LoadTestLauncher.LaunchException e = assertThrows(LoadTestLauncher.LaunchException.class,
                () -> prepare(Map.of("HOME", work.toString()), "--headless", "-c", "mine.yaml"));

        assertTrue(e.getMessage().startsWith("Conversations file not found: mine.yaml (from option -c; looked for "
                + work.resolve("mine.yaml")), e.getMessage());
        assertTrue(e.getMessage().contains("bin/export-conversations"), e.getMessage());
    }

    @Test
    void requiresAnExportWhenAWorkspaceIsConfigured() {
        Map<String, String> env = Map.of("HOME", work.toString(), "DATABRICKS_HOST", "https://example.invalid",
                "DATABRICKS_TOKEN", "dapi-secret");

        LoadTestLauncher.LaunchException e = assertThrows(LoadTestLauncher.LaunchException.class,
                () -> prepare(env, "--headless"));

        assertTrue(e.getMessage().startsWith("Conversations file not found"), e.getMessage());
    }

    @Test
    void neverPutsASecretOnJMetersCommandLine() throws Exception {
        Files.writeString(work.resolve("conversations.yaml"), ONE_QUESTION);
        Map<String, String> env = Map.of("HOME", work.toString(), "DATABRICKS_HOST", "https://example.invalid",
                "DATABRICKS_TOKEN", "dapi-secret");

        List<String> cmd = prepare(env, "--headless").command();

        assertTrue(cmd.stream().noneMatch(a -> a.contains("dapi-secret")), cmd.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Databricks workspace:"));
    }

    @Test
    void enrichesOnlyHeadlessRunsAndOnAWorkspaceOnlyWithAWarehouse() throws Exception {
        LoadTestLauncher.LaunchException gui = assertThrows(LoadTestLauncher.LaunchException.class,
                () -> prepare(Map.of("HOME", work.toString()), "--enrich"));
        assertTrue(gui.getMessage().contains("--headless"), gui.getMessage());

        Files.writeString(work.resolve("conversations.yaml"), ONE_QUESTION);
        Map<String, String> env = Map.of("HOME", work.toString(), "DATABRICKS_HOST", "https://example.invalid",
                "DATABRICKS_TOKEN", "dapi-secret");
        LoadTestLauncher.LaunchException noWarehouse = assertThrows(LoadTestLauncher.LaunchException.class,
                () -> prepare(env, "--headless", "--enrich"));
        assertTrue(noWarehouse.getMessage().contains("GENIE_WAREHOUSE_ID"), noWarehouse.getMessage());

        Map<String, String> withWarehouse = new java.util.HashMap<>(env);
        withWarehouse.put("GENIE_WAREHOUSE_ID", "abc123");
        assertTrue(LoadTestOptions.parse(List.of("--headless", "--enrich")).enrich);
        List<String> cmd = prepare(withWarehouse, "--headless", "--enrich").command();
        assertTrue(cmd.stream().noneMatch(a -> a.contains("query-history-file")),
                "a workspace run keeps no simulator history: " + cmd);
    }

    @Test
    void opensTheGuiWithThePlanWhenNotHeadless() throws Exception {
        List<String> cmd = prepare(Map.of("HOME", work.toString()), "-u", "3").command();

        assertTrue(cmd.contains("-Jgenie.users=3"));
        assertTrue(!cmd.contains("-n") && !cmd.contains("-l"), cmd.toString());
    }

    @Test
    void aDistributedRunSendsThePropertiesToTheNodesWithTheirCountOneSeedAndOneSharedSimulator() throws Exception {
        Files.writeString(work.resolve("conversations.yaml"), ONE_QUESTION);
        LoadTestLauncher launcher = launcher(Map.of("HOME", work.toString()));
        String url;
        try {
            List<String> cmd = launcher.prepare(LoadTestOptions.parse(List.of("--headless", "-u", "3",
                            "--time-scale", "0.1", "--remote", "127.0.0.1:25001,localhost:25011")), jmeterHome,
                    projectDir, LocalDateTime.of(2026, 1, 28, 10, 30, 0)).command();

            assertEquals("127.0.0.1:25001,localhost:25011", cmd.get(cmd.indexOf("-R") + 1));
            int hostname = cmd.indexOf("-Djava.rmi.server.hostname=127.0.0.1");
            assertTrue(hostname >= 0 && hostname < cmd.indexOf("-jar"),
                    "JMeter's SSL RMI needs the loopback callback address named: " + cmd);
            assertTrue(cmd.containsAll(List.of("-Ggenie.users=3", "-Ggenie.node_count=2",
                    "-Ggenie.simulator.time-scale=0.1", "-Jgenie.users=3")), cmd.toString());
            String seed = cmd.stream().filter(a -> a.startsWith("-Ggenie.seed=")).findFirst().orElseThrow();
            assertTrue(cmd.contains(seed.replace("-G", "-J")), "one seed, the same for controller and nodes");
            // Each node finds its own conversations file in its own working directory, not the controller's path.
            assertTrue(cmd.stream().noneMatch(a -> a.contains("genie.conversations=")), cmd.toString());
            url = cmd.stream().filter(a -> a.startsWith("-Ggenie.simulator_url=")).findFirst().orElseThrow()
                    .substring("-Ggenie.simulator_url=".length());
            assertTrue(url.startsWith("http://127.0.0.1:"), "loopback nodes reach it on loopback: " + url);
            assertEquals(200, status(url + "/_simulator/messages"), "the shared simulator runs during the test");
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Shared Genie simulator: 3 users on each of 2"
                    + " nodes"), out.toString(StandardCharsets.UTF_8));
        } finally {
            launcher.stopStarted();
        }
        assertThrows(IOException.class, () -> status(url + "/_simulator/messages"), "stopped with the run");
    }

    @Test
    void aDistributedRunKeepsTheSeedAndSimulatorItIsGiven() throws Exception {
        List<String> cmd = prepare(Map.of("HOME", work.toString(), "GENIE_SIMULATOR_URL", "http://sim-host:8765"),
                "--headless", "--seed", "7", "--remote", "node1,node2:1100").command();

        assertTrue(cmd.containsAll(List.of("-Ggenie.seed=7", "-Ggenie.node_count=2")), cmd.toString());
        assertTrue(cmd.stream().noneMatch(a -> a.startsWith("-Ggenie.simulator_url=")),
                "the nodes read GENIE_SIMULATOR_URL from their own .env or environment: " + cmd);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(the simulator at http://sim-host:8765, with its own"
                + " options)"), "not options it does not run with: " + out.toString(StandardCharsets.UTF_8));
        // No file here, but the nodes replay their own: the controller must not say it replays the sample.
        assertFalse(Files.exists(work.resolve("conversations.yaml")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Conversations: each node replays conversations.yaml"
                + " from the folder it runs in"), out.toString(StandardCharsets.UTF_8));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("here: replaying the sample"),
                out.toString(StandardCharsets.UTF_8));
    }

    private static int status(String url) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL()
                .openConnection();
        c.setConnectTimeout(2000);
        c.setRequestProperty("Authorization", "Bearer dapi-genie-simulator-token");
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void passesSimulatorOptionsAndForcingTheSimulator() throws Exception {
        List<String> cmd = prepare(Map.of("HOME", work.toString()), "--headless", "--simulator", "--qpm", "5",
                "--time-scale", "0.1", "--sim-fail-rate", "0.2").command();

        assertTrue(cmd.containsAll(List.of("-Jgenie.target=simulator", "-Jgenie.simulator.qpm=5",
                "-Jgenie.simulator.time-scale=0.1", "-Jgenie.simulator.fail-rate=0.2")), cmd.toString());
    }

    @Test
    void exitsWithTheChosenStatusWhenRequestsFailedAsTheOriginalLocustDoes() throws Exception {
        Path results = Files.createDirectories(work.resolve("results"));
        Path jtl = Files.copy(Path.of(LoadTestLauncherTest.class.getResource("/jmeter/results.jtl").toURI()),
                results.resolve("results.jtl"));
        LoadTestLauncher.Invocation run = new LoadTestLauncher.Invocation(List.of(), results, jtl,
                results.resolve("dashboard"), results.resolve("jmeter.log"));

        assertEquals(1, launcher(Map.of()).report(run, 0, 1));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("requests failed"), err.toString());
        assertEquals(0, launcher(Map.of()).report(run, 0, 0), "--exit-code-on-error 0 reports and exits 0");
        assertEquals(1, LoadTestOptions.parse(List.of("--headless")).exitCodeOnError, "Locust's default");
    }

    @Test
    void reportsTheQuestionsCutOffAtTheEndFromTheLog() throws Exception {
        Path results = Files.createDirectories(work.resolve("results"));
        Path jtl = Files.copy(Path.of(LoadTestLauncherTest.class.getResource("/jmeter/results.jtl").toURI()),
                results.resolve("results.jtl"));
        Files.writeString(results.resolve("jmeter.log"), "2026-11-28 07:00:00,000 INFO o.a.j.e.StandardJMeterEngine:"
                + " Notifying test listeners of end of test\n2026-11-28 07:00:00,001 INFO"
                + " i.g.j.GenieConversationSampler: questions_cut_off=12\n");
        LoadTestLauncher.Invocation run = new LoadTestLauncher.Invocation(List.of(), results, jtl,
                results.resolve("dashboard"), results.resolve("jmeter.log"));

        launcher(Map.of()).report(run, 0, 0);

        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Cut off at end:  12 questions still being answered"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void explainsARunWithoutSamplesWhoseQuestionsWereAllCutOffWithoutJMetersReportError() throws Exception {
        Path results = Files.createDirectories(work.resolve("results"));
        String header = Files.readAllLines(Path.of(LoadTestLauncherTest.class.getResource("/jmeter/results.jtl")
                .toURI())).get(0);
        Path jtl = Files.writeString(results.resolve("results.jtl"), header + "\n");
        Files.writeString(results.resolve("jmeter.log"), "2026-11-28 10:09:59,305 ERROR o.a.j.JMeter: Error"
                + " generating the report: Cannot invoke \"MapResultData.getResult(String)\"\n"
                + "2026-11-28 10:09:59,306 INFO i.g.j.GenieConversationSampler: questions_cut_off=1 at_genie=1\n");
        LoadTestLauncher.Invocation run = new LoadTestLauncher.Invocation(List.of(), results, jtl,
                results.resolve("dashboard"), results.resolve("jmeter.log"));

        assertEquals(1, launcher(Map.of()).report(run, 0, 0));

        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("the test recorded no request"), said);
        assertTrue(said.contains("1 question(s) were still being answered when the test ended")
                && said.contains("Run longer (-t)"), said);
        assertFalse(said.contains("Error generating the report"), "JMeter's empty-report error is noise: " + said);
    }

    @Test
    void exitsWithTwoAndAHintOnABadOption() {
        assertEquals(2, launcher(Map.of()).run(List.of("-u", "many")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-u 'many' is not a whole number"));
    }

    @Test
    void printsTheHelpWithoutNeedingJMeter() {
        assertEquals(0, launcher(Map.of()).run(List.of("--help")));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: bin/genie-loadtest"));
    }

    @Test
    void exitsWithOneWhenJMeterIsNotInstalled() throws Exception {
        Files.delete(jmeterHome.resolve("bin/ApacheJMeter-5.6.3.jar"));

        int status = launcher(Map.of(LoadTestLauncher.JMETER_HOME_ENV, jmeterHome.toString(),
                LoadTestLauncher.PROJECT_DIR_ENV, projectDir.toString(), "HOME", work.toString()))
                .run(List.of("--headless"));

        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("JMeter is not installed at"));
    }

    @Test
    void theCachedTestOnTheSimulatorWithoutPostgresSaysWhatToInstallOrSetAndStartsNothing() throws Exception {
        Files.writeString(projectDir.resolve("testplans/genie-lakebase.jmx"), "<jmeterTestPlan/>");
        Path noPostgres = Files.createDirectories(work.resolve("no-postgres-here"));
        LoadTestLauncher cached = new LoadTestLauncher(Scenario.CACHED, Map.of(LoadTestLauncher.JMETER_HOME_ENV,
                jmeterHome.toString(), LoadTestLauncher.PROJECT_DIR_ENV, projectDir.toString(), "HOME",
                work.toString(), "GENIE_PG_BIN", noPostgres.toString()), work,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        int status = cached.run(List.of("--headless", "--results-dir", "results"));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, message);
        assertTrue(message.startsWith("genie-loadtest-cached: The Lakebase cache test needs a PostgreSQL with"
                + " pgvector. None is configured"), message);
        assertTrue(message.contains("GENIE_PG_BIN names " + noPostgres + ", which holds no initdb and pg_ctl"),
                message);
        assertTrue(message.contains("--pg-url (GENIE_PG_URL") && message.contains("GENIE_LAKEBASE_INSTANCE"),
                "names the settings to give instead: " + message);
        assertEquals(1, message.strip().lines().count(), "one message: " + message);
        assertTrue(!Files.exists(work.resolve("results")), "JMeter was not started");
        assertTrue(!Files.exists(projectDir.resolve("target")), "no database folder was made");
    }

    @Test
    void theCachedTestWithRemoteNodesAndNoDatabaseRefusesToStartAndNamesTheSettingsForEveryNode() throws Exception {
        Files.writeString(projectDir.resolve("testplans/genie-lakebase.jmx"), "<jmeterTestPlan/>");
        Files.writeString(work.resolve("conversations.yaml"), ONE_QUESTION);
        Map<String, String> env = Map.of(LoadTestLauncher.JMETER_HOME_ENV, jmeterHome.toString(),
                LoadTestLauncher.PROJECT_DIR_ENV, projectDir.toString(), "HOME", work.toString());
        for (String remote : List.of("node1.internal:1099,node2.internal:1099", "127.0.0.1:1099,127.0.0.1:1101")) {
            out.reset();
            err.reset();
            LoadTestLauncher cached = new LoadTestLauncher(Scenario.CACHED, env, work,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            int status = cached.run(List.of("--headless", "--results-dir", "results", "--remote", remote));

            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, message);
            assertTrue(message.startsWith("genie-loadtest-cached: With --remote the Lakebase cache test needs one"
                    + " database that every node reaches"), message);
            assertTrue(message.contains("GENIE_PG_URL") && message.contains("GENIE_PG_PASSWORD")
                    && message.contains("GENIE_LAKEBASE_INSTANCE") && message.contains("each node's .env"), message);
            assertTrue(message.contains(remote.startsWith("127.") ? "bin/genie-postgres env"
                    : "out of reach of the nodes on other machines"), message);
            assertTrue(!out.toString(StandardCharsets.UTF_8).contains("Semantic cache:"), "no local PostgreSQL");
            assertTrue(!Files.exists(work.resolve("results")), "JMeter was not started");
        }
    }

    @Test
    void theInMemoryCacheTestWithRemoteNodesSaysItsCachesArePerNode() throws Exception {
        Files.writeString(projectDir.resolve("testplans/genie-in-memory-semantic.jmx"), "<jmeterTestPlan/>");
        Files.writeString(work.resolve("conversations.yaml"), ONE_QUESTION);
        LoadTestLauncher inMemory = new LoadTestLauncher(Scenario.IN_MEMORY_SEMANTIC, Map.of("HOME",
                work.toString(), "GENIE_SIMULATOR_URL", "http://sim-host:8765"), work,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        inMemory.prepare(LoadTestOptions.parse(Scenario.IN_MEMORY_SEMANTIC, List.of("--headless", "--remote",
                "node1,node2")), jmeterHome, projectDir, LocalDateTime.of(2026, 1, 28, 10, 30, 0));

        assertTrue(out.toString(StandardCharsets.UTF_8).contains("In-memory caches are per node: each of the 2 nodes"
                + " keeps its own"), out.toString(StandardCharsets.UTF_8));
        out.reset();
        inMemory.prepare(LoadTestOptions.parse(Scenario.IN_MEMORY_SEMANTIC, List.of("--headless")), jmeterHome,
                projectDir, LocalDateTime.of(2026, 1, 28, 10, 30, 0));
        assertTrue(!out.toString(StandardCharsets.UTF_8).contains("per node"), "one JMeter: one cache");
    }

    @Test
    void givesTheArrivalPlanItsScheduleAndInFlightLimit() throws Exception {
        Files.writeString(projectDir.resolve("testplans/genie-arrival-rate.jmx"), "<jmeterTestPlan/>");
        List<String> cmd = prepare(Map.of("HOME", work.toString()), "--headless", "--arrival-rate", "5/min", "-t",
                "30s", "--max-in-flight", "40").command();

        assertTrue(cmd.contains(projectDir.resolve("testplans/genie-arrival-rate.jmx").toString()), cmd.toString());
        assertTrue(cmd.containsAll(List.of("-Jgenie.arrival_schedule=pause(5 sec) rate(5/min) random_arrivals(30 sec)",
                "-Jgenie.arrivals.max_in_flight=40", "-Jjmeterengine.force.system.exit=true")), cmd.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("conversations arriving pause(5 sec) rate(5/min)"));
    }

    @Test
    void reportsArrivalsRefusedForWantOfCapacityInTheSummary() throws Exception {
        Path results = Files.createDirectories(work.resolve("results"));
        Path jtl = results.resolve("results.jtl");
        Files.writeString(jtl, String.join("\n",
                "timeStamp,elapsed,label,responseCode,responseMessage,success",
                "1000,500,GENIE message_1_of_1,200,OK,true",
                "1100,0,ARRIVAL no_capacity,NO_CAPACITY,Arrival not replayed,false",
                "1200,0,ARRIVAL no_capacity,NO_CAPACITY,Arrival not replayed,false", ""));
        LoadTestLauncher.Invocation run = new LoadTestLauncher.Invocation(List.of(), results, jtl,
                results.resolve("dashboard"), results.resolve("jmeter.log"));

        assertEquals(1, launcher(Map.of()).report(run, 0, 1));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("No capacity:     2 arrivals were refused"),
                out.toString(StandardCharsets.UTF_8));
    }
}
