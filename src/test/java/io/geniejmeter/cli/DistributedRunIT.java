package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.cache.CacheStats;
import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.genie.CutOffQuestions;
import io.geniejmeter.jmeter.PlainJMeterIT;
import io.geniejmeter.lakebase.PostgresExtension;
import io.geniejmeter.lakebase.TestPostgres;
import io.geniejmeter.lakebase.TestSchema;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JMeter distributed run on loopback: two {@code jmeter-server} nodes (distinct RMI ports, each in its own folder
 * with its own {@code .env} and conversations file), a controller started by the launcher with {@code --remote}, and
 * one standalone simulator that all nodes share, whose ground truth says what was really asked. RMI runs with SSL,
 * as users get it: one keystore made with {@code keytool} (as {@code bin/genie-jmeter-server --create-keystore} does)
 * serves the nodes and the controller. The nodes start once and run both tests: the standard plan, and the Lakebase
 * plan with one PostgreSQL (the tests' server) that both nodes share. About 70 s.
 */
@ExtendWith(PostgresExtension.class)
class DistributedRunIT {

    private static final Pattern COMMA = Pattern.compile(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
    private static final Pattern TEST_COMPLETE = Pattern.compile("test_complete total_requests=(\\d+)"
            + " lru_hits=(\\d+) lru_hit_rate=[\\d.]+% semantic_hits=(\\d+) semantic_hit_rate=[\\d.]+%"
            + " misses=(\\d+) miss_rate=[\\d.]+% cache_errors=(\\d+) failed_reruns=(\\d+)");
    /** The question both nodes ask: node 0 first thing, node 1 after four questions of its own. */
    private static final String SHARED = "Which warehouses shipped the most pallets last quarter?";

    @TempDir
    static Path work;

    private static final List<Process> NODES = new ArrayList<>();
    private static final int[] PORTS = new int[2];
    private static Path jmeterHome;
    private static Path keystore;

    @BeforeAll
    static void startNodes() throws Exception {
        jmeterHome = PlainJMeterIT.jmeterHome();
        keystore = createKeystore(work.resolve("rmi_keystore.jks"));
        PORTS[0] = freePortPair();
        PORTS[1] = freePortPair(PORTS[0]);
        for (int i = 0; i < 2; i++) {
            Path dir = Files.createDirectories(work.resolve("node" + i));
            NODES.add(startNode(dir, PORTS[i], i));
        }
        for (int i = 0; i < 2; i++) {
            awaitNode(work.resolve("node" + i).resolve("out.txt"), NODES.get(i));
        }
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (Process node : NODES) {
            node.destroy();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    @Test
    void twoNodesShareTheConversationsAndOneSimulatorAndTheControllerCollectsEverySampleInOneJtl() throws Exception {
        Path conversationsFile = distinctConversations(work.resolve("standard.yaml"), 10);
        try (GenieSimulator simulator = GenieSimulator.start(SimulatorConfig.fromOptions(Map.of("time-scale",
                "0.02", "qpm", "0")))) {
            prepareNodes(conversationsFile, List.of("GENIE_SIMULATOR_URL=" + simulator.baseUrl()));
            Path controller = Files.createDirectories(work.resolve("controller-standard"));
            Files.copy(conversationsFile, controller.resolve("conversations.yaml"));
            String printed = runController(Scenario.STANDARD, controller, simulator, List.of("-u", "3", "-r", "3",
                    "-t", "12s", "--min-wait", "0.2", "--max-wait", "0.4"));

            List<Map<String, String>> samples = rows(controller.resolve("results/results.jtl"));
            Map<String, String> nodeOfMessage = nodeOfMessage(samples);
            assertBothNodes(samples);

            // Which recorded conversation each question belongs to (every question of the file is distinct).
            Map<String, String> conversationOf = new HashMap<>();
            for (Conversation c : ConversationFiles.read(conversationsFile).conversations()) {
                for (ConversationMessage m : c.messages()) {
                    String before = conversationOf.putIfAbsent(m.content(), c.id());
                    assertTrue(before == null || before.equals(c.id()), "question in two conversations: " + m);
                }
            }
            List<MessageTruth> truth = simulator.groundTruth();
            Map<String, Set<String>> nodesOfConversation = new TreeMap<>();
            for (MessageTruth t : truth) {
                String node = nodeOfMessage.get(t.messageId());
                if (node != null) {
                    nodesOfConversation.computeIfAbsent(conversationOf.get(t.content()), k -> new HashSet<>())
                            .add(node);
                }
            }
            assertTrue(nodesOfConversation.size() >= 4, "most conversations replayed: " + nodesOfConversation);
            nodesOfConversation.forEach((conversation, by) -> assertEquals(1, by.size(),
                    "conversation " + conversation + " replayed by both nodes: " + by));

            // The simulator's ground truth: every question it received is in the JTL, except the ones cut off by
            // the end of the test, which each node counts in its log.
            Set<String> recorded = nodeOfMessage.keySet();
            long missing = truth.stream().filter(t -> !recorded.contains(t.messageId())).count();
            int cutOff = 0;
            for (int i = 0; i < 2; i++) {
                cutOff += CutOffQuestions.read(work.resolve("node" + i).resolve("jmeter-server.log")).orElse(0);
            }
            assertEquals(cutOff, missing, "questions the simulator received but the JTL lacks, beyond those cut off");
            assertEquals(samples.size(), truth.size() - cutOff, "one sample per question");
            assertTrue(samples.size() >= 20, "a dozen seconds of 6 users: " + samples.size());
            assertTrue(Files.isRegularFile(controller.resolve("results/dashboard/index.html")), "one dashboard");
            assertTrue(printed.contains("Aggregated"), "the summary from the collected JTL: " + printed);
            assertFalse(printed.contains("test_complete"), "no cache, no cache figures: " + printed);
        }
    }

    /**
     * The Lakebase plan on both nodes with one PostgreSQL: {@link #SHARED} is the first question of node 0's
     * conversations and the fifth of node 1's (a context window of 0 makes the context irrelevant), so node 0 asks
     * it first and node 1 finds node 0's answer in the database: a semantic hit, as its own exact-match (LRU) cache
     * is in its own memory.
     */
    @Test
    void twoNodesShareOneSemanticCacheInPostgresAndTheControllerSumsTheCacheFiguresFromTheJtl(TestPostgres pg)
            throws Exception {
        Path conversationsFile = sharedQuestionConversations(work.resolve("lakebase.yaml"));
        try (GenieSimulator simulator = GenieSimulator.start(SimulatorConfig.fromOptions(Map.of("time-scale",
                "0.02", "qpm", "0", "text-only-rate", "0")));
             TestSchema schema = pg.newSchema()) {
            List<String> nodeEnv = new ArrayList<>(List.of("GENIE_SIMULATOR_URL=" + simulator.baseUrl()));
            nodeEnv.addAll(schema.settingLines()); // GENIE_PG_URL and GENIE_PG_PASSWORD: the same on both nodes
            prepareNodes(conversationsFile, nodeEnv);
            Path controller = Files.createDirectories(work.resolve("controller-lakebase"));
            Files.copy(conversationsFile, controller.resolve("conversations.yaml"));
            // The controller names the database too (so its launcher starts no local one); its JMeter never logs in.
            Files.writeString(controller.resolve(".env"), schema.settingLines().get(0) + "\n");
            String printed = runController(Scenario.CACHED, controller, simulator, List.of("-u", "2", "-r", "2",
                    "-t", "15s", "--min-wait", "1.6", "--max-wait", "1.6", "--context-window-size", "0"));

            List<Map<String, String>> samples = rows(controller.resolve("results/results.jtl"));
            Map<String, String> nodeOfMessage = nodeOfMessage(samples);
            List<String> nodes = assertBothNodes(samples);
            String first = nodes.get(0);
            String second = nodes.get(1);

            // Ground truth: every question the simulator received is a GENIE_LIVE sample (but those cut off at the
            // end, counted by each node), and no hit is one: hits re-run SQL on the warehouse and never ask Genie.
            Map<String, String> contentOf = new HashMap<>();
            for (MessageTruth t : simulator.groundTruth()) {
                contentOf.put(t.messageId(), t.content());
            }
            int live = 0;
            for (Map<String, String> s : samples) {
                String type = s.get("genie_request_type");
                assertTrue(Set.of("GENIE_LIVE", "GENIE_LRU_HIT", "GENIE_SEMANTIC_HIT").contains(type), "type: " + s);
                assertEquals("true", s.get("success"), "every sample succeeded: " + s);
                if (type.equals("GENIE_LIVE")) {
                    live++;
                    assertTrue(contentOf.containsKey(s.get("genie_message_id")), "a live sample Genie never got: " + s);
                } else {
                    assertFalse(contentOf.containsKey(s.get("genie_message_id")), "a hit that asked Genie: " + s);
                }
            }
            int[] cutOff = new int[3];
            for (int i = 0; i < 2; i++) {
                int[] node = cutOffFigures(work.resolve("node" + i).resolve("jmeter-server.log"));
                for (int k = 0; k < 3; k++) {
                    cutOff[k] += node[k];
                }
            }
            int received = contentOf.size();
            assertTrue(received >= live + cutOff[2] && received <= live + cutOff[1], "questions Genie received ("
                    + received + ") = GENIE_LIVE samples (" + live + ") + cut-off questions it got (acknowledged "
                    + cutOff[2] + ", at most " + cutOff[1] + ")");

            // One cache shared: the node that asked SHARED first got it from Genie, the other never asked Genie for
            // it and found it in PostgreSQL (a semantic hit: its LRU layer is its own memory), then in its LRU.
            Set<String> askedLiveOn = new HashSet<>();
            for (Map.Entry<String, String> e : contentOf.entrySet()) {
                if (e.getValue().equals(SHARED) && nodeOfMessage.containsKey(e.getKey())) {
                    askedLiveOn.add(nodeOfMessage.get(e.getKey()));
                }
            }
            assertEquals(Set.of(first), askedLiveOn, "the shared question went to Genie from node 0 only");
            List<Map<String, String>> sharedHits = samples.stream().filter(s -> node(s).equals(second)
                    && s.get("genie_request_type").equals("GENIE_SEMANTIC_HIT")
                    && SHARED.equals(s.get("genie_matched_question"))).toList();
            assertFalse(sharedHits.isEmpty(), "node 1 found node 0's answer in the shared database: " + samples);
            assertTrue(Files.readString(work.resolve("node1/out.txt")).contains("Caches on this node (" + second
                    + "): the exact-match (LRU) cache is this node's own"), "each node says what it shares");

            // The summary of the whole run: computed by the controller from the JTL, equal to the JTL's own counts
            // and to the sum of the nodes' own counters (each node's line, labelled with the node).
            Matcher line = TEST_COMPLETE.matcher(printed);
            assertTrue(line.find(), "the controller's test_complete line: " + printed);
            assertTrue(printed.contains("The caches of all 2 nodes, from the collected results"), printed);
            CacheStats printedStats = statsFrom(line, 1);
            assertEquals(countedFromJtl(samples), printedStats, "the controller's line counts the collected JTL");
            CacheStats nodeSum = new CacheStats(0, 0, 0, 0, 0, 0);
            for (int i = 0; i < 2; i++) {
                String out = Files.readString(work.resolve("node" + i).resolve("out.txt"));
                Matcher m = Pattern.compile("node " + Pattern.quote(nodes.get(i)) + " \\(this node only\\): "
                        + TEST_COMPLETE.pattern()).matcher(out);
                CacheStats last = null;
                while (m.find()) {
                    last = statsFrom(m, 1);
                }
                assertTrue(last != null, "node " + i + " printed its own labelled line: " + out);
                nodeSum = plus(nodeSum, last);
            }
            assertEquals(nodeSum, printedStats, "the nodes' own counters add up to the controller's figures");
            System.out.println("Distributed Lakebase run: " + samples.size() + " samples, " + live + " live, "
                    + sharedHits.size() + " semantic hits of the shared question on node 1; " + printedStats);
        }
    }

    /** Writes each node's conversations and {@code .env} (read afresh at every test start). */
    private static void prepareNodes(Path conversationsFile, List<String> envLines) throws IOException {
        for (int i = 0; i < 2; i++) {
            Path dir = work.resolve("node" + i);
            Files.copy(conversationsFile, dir.resolve("conversations.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(".env"), String.join("\n", envLines) + "\n");
        }
    }

    /** Runs the launcher as a controller of the two nodes, with SSL; returns what it printed. */
    private static String runController(Scenario scenario, Path controller, GenieSimulator simulator,
            List<String> load) throws Exception {
        String remote = "127.0.0.1:" + PORTS[0] + ",127.0.0.1:" + PORTS[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("HOME", controller.toString(),
                LoadTestLauncher.JMETER_HOME_ENV, jmeterHome.toString(),
                LoadTestLauncher.PROJECT_DIR_ENV, Path.of("").toAbsolutePath().toString(),
                "JVM_ARGS", "-Xms64m -Xmx384m", "GENIE_SIMULATOR_URL", simulator.baseUrl());
        List<String> args = new ArrayList<>(List.of("--headless", "--simulator", "--seed", "5", "--remote", remote,
                "-J", "server.rmi.ssl.keystore.file=" + keystore, "-J", "server.rmi.ssl.truststore.file=" + keystore,
                "--results-dir", "results"));
        args.addAll(load);
        int status = new LoadTestLauncher(scenario, env, controller, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8)).run(args);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed);
        return printed;
    }

    /** Samples per node; asserts that both nodes' samples are in the one JTL; the nodes in port order. */
    private static List<String> assertBothNodes(List<Map<String, String>> samples) {
        Map<String, Integer> perNode = new TreeMap<>();
        for (Map<String, String> s : samples) {
            perNode.merge(node(s), 1, Integer::sum);
        }
        List<String> nodes = List.of("127.0.0.1:" + PORTS[0], "127.0.0.1:" + PORTS[1]);
        System.out.println("Distributed run: samples per node " + perNode);
        assertEquals(Set.copyOf(nodes), perNode.keySet(), "samples from both nodes in the controller's one JTL: "
                + perNode);
        return nodes;
    }

    /** The node of a sample: its thread name starts with the node as the controller names it. */
    private static String node(Map<String, String> sample) {
        String thread = sample.get("threadName");
        return thread.substring(0, thread.indexOf('-'));
    }

    private static Map<String, String> nodeOfMessage(List<Map<String, String>> samples) {
        Map<String, String> nodeOf = new HashMap<>();
        for (Map<String, String> s : samples) {
            if (!s.get("genie_message_id").isEmpty()) {
                nodeOf.put(s.get("genie_message_id"), node(s));
            }
        }
        return nodeOf;
    }

    /** The figures counted here from the JTL's rows (not with the product's code). */
    private static CacheStats countedFromJtl(List<Map<String, String>> samples) {
        long lru = 0;
        long semantic = 0;
        long live = 0;
        long failedReruns = 0;
        long cacheErrors = 0;
        for (Map<String, String> s : samples) {
            boolean ok = s.get("success").equals("true");
            switch (s.get("genie_request_type")) {
                case "GENIE_LIVE" -> live++;
                case "GENIE_LRU_HIT" -> lru += ok ? 1 : 0;
                case "GENIE_SEMANTIC_HIT" -> semantic += ok ? 1 : 0;
                default -> throw new AssertionError("not a cache chain's sample: " + s);
            }
            failedReruns += !ok && !s.get("genie_request_type").equals("GENIE_LIVE") ? 1 : 0;
            cacheErrors += Long.parseLong(s.get("genie_cache_errors"));
        }
        return new CacheStats(samples.size(), lru, semantic, live, failedReruns, cacheErrors);
    }

    private static CacheStats statsFrom(Matcher m, int group) {
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) {
            v[i] = Long.parseLong(m.group(group + i));
        }
        return new CacheStats(v[0], v[1], v[2], v[3], v[5], v[4]);
    }

    private static CacheStats plus(CacheStats a, CacheStats b) {
        return new CacheStats(a.totalRequests() + b.totalRequests(), a.lruHits() + b.lruHits(),
                a.semanticHits() + b.semanticHits(), a.misses() + b.misses(), a.failedReruns() + b.failedReruns(),
                a.cacheErrors() + b.cacheErrors());
    }

    /** The last {@code questions_cut_off=N at_genie=A acknowledged_by_genie=K} of a node's log, as {N, A, K}. */
    private static int[] cutOffFigures(Path log) throws IOException {
        Matcher m = Pattern.compile("questions_cut_off=(\\d+) at_genie=(\\d+) acknowledged_by_genie=(\\d+)")
                .matcher(Files.readString(log));
        int[] last = null;
        while (m.find()) {
            last = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))};
        }
        assertTrue(last != null, "the node logged its questions_cut_off line: " + log);
        return last;
    }

    /** A conversations file of {@code n} conversations of two questions each, no question asked twice. */
    private static Path distinctConversations(Path file, int n) throws IOException {
        StringBuilder yaml = new StringBuilder("space_id: distributed-test\nconversations:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("- id: conv-").append(i).append("\n  title: Conversation ").append(i)
                    .append("\n  messages:\n  - content: What was revenue in region ").append(i)
                    .append("?\n  - content: And the year before, region ").append(i).append("?\n");
        }
        return Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Four conversations, split by position: node 0 gets the 1st and 3rd, which open with {@link #SHARED}; node 1
     * gets the 2nd and 4th, which ask four questions of other words first and {@link #SHARED} last, seconds later.
     */
    private static Path sharedQuestionConversations(Path file) throws IOException {
        StringBuilder yaml = new StringBuilder("space_id: distributed-test\nconversations:\n");
        for (int i = 0; i < 4; i++) {
            yaml.append("- id: conv-").append(i).append("\n  messages:\n");
            if (i % 2 == 0) {
                yaml.append("  - content: ").append(SHARED).append('\n')
                        .append("  - content: Average delivery delay for carrier ").append(i).append("?\n");
            } else {
                yaml.append("  - content: Count of open support tickets in queue ").append(i).append("?\n")
                        .append("  - content: Median salary of engineers hired in year ").append(i).append("?\n")
                        .append("  - content: Top selling ice cream flavour at store ").append(i).append("?\n")
                        .append("  - content: Total rainfall recorded at station ").append(i).append("?\n")
                        .append("  - content: ").append(SHARED).append('\n');
            }
        }
        return Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
    }

    /** The RMI keystore as bin/genie-jmeter-server --create-keystore makes it (JMeter's alias and password). */
    private static Path createKeystore(Path file) throws Exception {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "rmi", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-keystore", file.toString(), "-storetype", "JKS", "-storepass", "changeit", "-keypass", "changeit",
                "-dname", "CN=genie-jmeter RMI test").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + output);
        return file;
    }

    private static Process startNode(Path dir, int port, int index) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-Djava.rmi.server.hostname=127.0.0.1",
                "-jar", jmeterHome.resolve("bin/ApacheJMeter-5.6.3.jar").toString(), "-s", "-j",
                "jmeter-server.log", "-Jserver_port=" + port, "-Jserver.rmi.localport=" + (port + 1),
                "-Jserver.rmi.ssl.keystore.file=" + keystore, "-Jserver.rmi.ssl.truststore.file=" + keystore,
                "-Jgenie.node_index=" + index);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
    }

    /** Waits until the node says its remote engine is up. */
    private static void awaitNode(Path out, Process node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(out) && Files.readString(out).contains("Created remote object")) {
                return;
            }
            assertTrue(node.isAlive(), "node exited: " + (Files.isRegularFile(out) ? Files.readString(out) : ""));
            Thread.sleep(200);
        }
        throw new AssertionError("node not up within 60 s: " + Files.readString(out));
    }

    /** A port {@code p} with {@code p + 1} free too (registry and remote engine), other than {@code avoid}. */
    @SuppressWarnings("try") // the second socket only holds p + 1 while p is chosen
    private static int freePortPair(int... avoid) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int p = first.getLocalPort();
                if (p >= 65535 || (avoid.length > 0 && Math.abs(p - avoid[0]) < 2)) {
                    continue;
                }
                try (ServerSocket second = new ServerSocket(p + 1)) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two adjacent free ports");
    }

    private static List<Map<String, String>> rows(Path jtl) throws IOException {
        List<String> lines = Files.readAllLines(jtl, StandardCharsets.UTF_8);
        String[] header = lines.get(0).replace("\"", "").split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = COMMA.split(line, -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length && i < f.length; i++) {
                String v = f[i];
                row.put(header[i], v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
                        ? v.substring(1, v.length() - 1).replace("\"\"", "\"") : v);
            }
            rows.add(row);
        }
        return rows;
    }
}
