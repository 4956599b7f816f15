package io.geniejmeter.cli;

import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.simulator.SimulatorOption;
import io.geniejmeter.simulator.SimulatorTestSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieListConversationsRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bin/genie-simulator}'s entry point: help, errors that name the option or file, a clean run and stop. */
class GenieSimulatorMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenieSimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldListEveryOptionWithItsDefaultWhenAskedForHelp() {
        assertEquals(0, run("--help"));

        for (SimulatorOption<?> option : SimulatorConfig.options().values()) {
            String entry = helpEntry(out(), "--" + option.name() + " " + option.valueHint());
            String shownDefault = option.name().equals("port") ? "8765" : option.defaultText();
            assertTrue(entry.startsWith(option.description()), entry);
            assertTrue(entry.endsWith("[default: " + shownDefault + "]"), entry);
            if (option.allowed() != null) {
                assertTrue(entry.contains(option.allowed()), entry);
            }
        }
        assertTrue(out().contains("[default: 8765]"));
    }

    /**
     * The help text of one option, from after its label to the next option, with the line breaks of the wrapped
     * description folded into single spaces.
     */
    private static String helpEntry(String help, String label) {
        Matcher m = Pattern.compile("\\n {1,8}" + Pattern.quote(label) + "\\s+(.*?)(?=\\n {1,8}-)", Pattern.DOTALL)
                .matcher(help.replace("\r\n", "\n"));
        assertTrue(m.find(), "help lacks " + label + ":\n" + help);
        return m.group(1).replaceAll("\\s+", " ").strip();
    }

    @Test
    void shouldNameTheUnknownOptionAndExitWithTwo() {
        assertEquals(2, run("--qmp", "5"));

        assertTrue(err().contains("--qmp"), err());
    }

    @Test
    void shouldNameTheOptionWhenItsValueIsBad() {
        assertEquals(2, run("--time-scale", "fast"));

        assertTrue(err().contains("--time-scale") && err().contains("fast"), err());
        assertEquals(2, run("--seed"));
        assertTrue(err().contains("--seed needs a value"), err());
    }

    @Test
    void shouldNameTheFileAndLineWhenTheConversationsFileIsBroken() {
        String file = "src/test/resources/simulator/broken-conversations.yaml";

        assertEquals(1, run("--port", "0", "--conversations", file));

        assertTrue(err().contains("broken-conversations.yaml"), err());
        assertTrue(err().contains("line 5"), err());
    }

    @Test
    void shouldNameTheMissingConversationsFile() {
        assertEquals(1, run("--port", "0", "--conversations", "no/such/file.yaml"));

        assertTrue(err().contains("no/such/file.yaml"), err());
    }

    @Test
    void shouldServeUntilStoppedAndPrintHostAndToken() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> code = runner.submit(() -> GenieSimulatorMain.run(new String[] {"--port", "0",
                "--time-scale=0.001", "--conversations", "src/test/resources/simulator/conversations.yaml"},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), stop));
            Matcher host = waitFor(Pattern.compile("DATABRICKS_HOST=(\\S+)"));
            Matcher token = waitFor(Pattern.compile("DATABRICKS_TOKEN=(\\S+)"));
            Matcher space = waitFor(Pattern.compile("GENIE_SPACE_ID=(\\S+)"));

            WorkspaceClient w = SimulatorTestSupport.client(host.group(1), token.group(1));
            var listed = w.genie().listConversations(new GenieListConversationsRequest().setSpaceId(space.group(1)));
            assertEquals(2, listed.getConversations().size(), "the preloaded conversations are listed");
            assertEquals("01f0fc48aa3714d4a1e8e863ba014780", listed.getConversations().iterator().next()
                    .getConversationId(), "newest first");
            var messages = w.genie().listConversationMessages(space.group(1), "01f0fc48aa3714d4a1e8e863ba014777");
            assertEquals(2, messages.getMessages().size());
            assertEquals("01f0fc48aa3714d4a1e8e863ba014778", messages.getMessages().iterator().next().getMessageId());

            stop.countDown();
            assertEquals(0, code.get(10, TimeUnit.SECONDS));
            assertTrue(out().contains("Stopping"), out());
        } finally {
            runner.shutdownNow();
        }
    }

    private Matcher waitFor(Pattern p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(out());
            if (m.find()) {
                return m;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + p + " in output: " + out() + err());
    }
}
