package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.genie.CutOffQuestions;
import io.geniejmeter.jmeter.PlainJMeterIT;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JMeter distributed run on loopback: two {@code jmeter-server} nodes (distinct RMI ports, each in its own folder
 * with its own {@code .env} and conversations file), a controller started by the launcher with {@code --remote}, and
 * one standalone simulator that all nodes share, whose ground truth says what was really asked. SSL is off here
 * ({@code server.rmi.ssl.disable=true}) so the test needs no keystore; the keystore is the one thing it leaves out.
 * About 40 s.
 */
class DistributedRunIT {

    private static final Pattern COMMA = Pattern.compile(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");

    @TempDir
    Path work;

    private final List<Process> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process node : nodes) {
            node.destroy();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    @Test
    void twoNodesShareTheConversationsAndOneSimulatorAndTheControllerCollectsEverySampleInOneJtl() throws Exception {
        Path jmeterHome = PlainJMeterIT.jmeterHome();
        Path conversationsFile = conversations(work.resolve("conversations.yaml"), 10);
        try (GenieSimulator simulator = GenieSimulator.start(SimulatorConfig.fromOptions(Map.of("time-scale",
                "0.02", "qpm", "0")))) {
            int[] ports = {freePortPair(), 0};
            ports[1] = freePortPair(ports[0]);
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Path dir = Files.createDirectories(work.resolve("node" + i));
                Files.copy(conversationsFile, dir.resolve("conversations.yaml"));
                // What each node needs in its own working directory: the conversations and where the simulator is.
                Files.writeString(dir.resolve(".env"), "GENIE_SIMULATOR_URL=" + simulator.baseUrl() + "\n");
                logs.add(dir.resolve("jmeter-server.log"));
                nodes.add(startNode(jmeterHome, dir, ports[i], i));
            }
            for (int i = 0; i < 2; i++) {
                awaitNode(work.resolve("node" + i).resolve("out.txt"), nodes.get(i));
            }

            Path controller = Files.createDirectories(work.resolve("controller"));
            Files.copy(conversationsFile, controller.resolve("conversations.yaml"));
            String remote = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, String> env = Map.of("HOME", controller.toString(),
                    LoadTestLauncher.JMETER_HOME_ENV, jmeterHome.toString(),
                    LoadTestLauncher.PROJECT_DIR_ENV, Path.of("").toAbsolutePath().toString(),
                    "JVM_ARGS", "-Xms64m -Xmx384m", "GENIE_SIMULATOR_URL", simulator.baseUrl());
            int status = new LoadTestLauncher(env, controller, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8)).run(List.of("--headless", "-u", "3", "-r",
                    "3", "-t", "12s", "--min-wait", "0.2", "--max-wait", "0.4", "--simulator", "--seed", "5",
                    "--remote", remote, "-J", "server.rmi.ssl.disable=true", "--results-dir", "results"));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, printed);

            List<Map<String, String>> samples = rows(controller.resolve("results/results.jtl"));
            Map<String, String> nodeOfThread = new HashMap<>();
            Map<String, Integer> perNode = new TreeMap<>();
            for (Map<String, String> s : samples) {
                String node = s.get("threadName").substring(0, s.get("threadName").indexOf('-'));
                perNode.merge(node, 1, Integer::sum);
                nodeOfThread.put(s.get("genie_message_id"), node);
            }
            System.out.println("Distributed run: samples per node " + perNode + "; launcher printed:\n" + printed);
            assertEquals(Set.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]), perNode.keySet(),
                    "samples from both nodes in the controller's one JTL: " + perNode);

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
                String node = nodeOfThread.get(t.messageId());
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
            Set<String> recorded = nodeOfThread.keySet();
            long missing = truth.stream().filter(t -> !recorded.contains(t.messageId())).count();
            int cutOff = 0;
            for (Path log : logs) {
                cutOff += CutOffQuestions.read(log).orElse(0);
            }
            assertEquals(cutOff, missing, "questions the simulator received but the JTL lacks, beyond those cut off");
            assertEquals(samples.size(), truth.size() - cutOff, "one sample per question");
            assertTrue(samples.size() >= 20, "a dozen seconds of 6 users: " + samples.size());
            assertTrue(Files.isRegularFile(controller.resolve("results/dashboard/index.html")), "one dashboard");
            assertTrue(printed.contains("Aggregated"), "the summary from the collected JTL: " + printed);
        }
    }

    /** A conversations file of {@code n} conversations of two questions each, no question asked twice. */
    private static Path conversations(Path file, int n) throws IOException {
        StringBuilder yaml = new StringBuilder("space_id: distributed-test\nconversations:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("- id: conv-").append(i).append("\n  title: Conversation ").append(i)
                    .append("\n  messages:\n  - content: What was revenue in region ").append(i)
                    .append("?\n  - content: And the year before, region ").append(i).append("?\n");
        }
        return Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
    }

    private static Process startNode(Path jmeterHome, Path dir, int port, int index) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-Djava.rmi.server.hostname=127.0.0.1",
                "-jar", jmeterHome.resolve("bin/ApacheJMeter-5.6.3.jar").toString(), "-s", "-j",
                "jmeter-server.log", "-Jserver_port=" + port, "-Jserver.rmi.localport=" + (port + 1),
                "-Jserver.rmi.ssl.disable=true", "-Jgenie.node_index=" + index);
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
                row.put(header[i], f[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
