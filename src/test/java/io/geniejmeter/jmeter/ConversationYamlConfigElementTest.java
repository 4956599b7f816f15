package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.conversation.ConversationFeedRegistry;
import io.geniejmeter.conversation.ShareMode;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The config element against real conversation files, without the JMeter engine. */
class ConversationYamlConfigElementTest {

    @BeforeAll
    static void jmeterProperties() {
        JMeterTestProperties.init();
    }

    @AfterEach
    void cleanUp() {
        ConversationFeedRegistry.global().clear();
        JMeterUtils.getJMeterProperties().remove("genie.sample_size");
        FileServer.getFileServer().resetBase();
        TestSettings.clear();
    }

    static Path fixture(String name) {
        try {
            return Path.of(ConversationYamlConfigElementTest.class.getResource("/jmeter/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An element as a saved plan has it: values in JMeter properties, fields filled by TestBeanHelper. */
    private static ConversationYamlConfigElement element(String filename, String... nameValues) {
        ConversationYamlConfigElement element = new ConversationYamlConfigElement();
        element.setProperty("filename", filename);
        element.setProperty("seed", "42");
        for (int i = 0; i < nameValues.length; i += 2) {
            element.setProperty(nameValues[i], nameValues[i + 1]);
        }
        TestBeanHelper.prepare(element);
        return element;
    }

    @Test
    void loadsAnAbsoluteFileWithEveryConversation() {
        ConversationSupply supply = element(fixture("six-conversations.yaml").toString())
                .supply("Users", "Users 1-1", ShareMode.ALL_THREADS);

        assertNull(supply.error());
        assertEquals(6, supply.feed().size());
        assertEquals(42, supply.seed());
    }

    @Test
    void findsARelativeFileBesideTheTestPlan() {
        FileServer.getFileServer().setBaseForScript(fixture("six-conversations.yaml").getParent()
                .resolve("plan.jmx").toFile());

        ConversationSupply supply =
                element("six-conversations.yaml").supply("Users", "Users 1-1", ShareMode.ALL_THREADS);

        assertNull(supply.error());
    }

    @Test
    void samplesTheConfiguredNumberOfConversations() {
        ConversationYamlConfigElement element =
                element(fixture("six-conversations.yaml").toString(), "sampleSize", "4");

        assertEquals(4, element.supply("g", "t", ShareMode.ALL_THREADS).feed().size());
    }

    @Test
    void takesTheSampleSizeFromTheOriginalsSettingWhenTheFieldIsEmpty() {
        JMeterUtils.getJMeterProperties().setProperty("genie.sample_size", "3");

        assertEquals(3, element(fixture("six-conversations.yaml").toString()).supply("g", "t", ShareMode.ALL_THREADS)
                .feed().size());
    }

    @Test
    void saysFileNotFoundAndHowToExportWhenTheFileIsMissing() {
        ConversationSupply supply = element("/nowhere/conversations.yaml").supply("g", "t", ShareMode.ALL_THREADS);

        assertNull(supply.feed());
        assertTrue(supply.error().startsWith("Conversations file not found: /nowhere/conversations.yaml"),
                supply.error());
        assertTrue(supply.error().contains("bin/export-conversations --space-id YOUR_SPACE_ID --include-all"),
                supply.error());
    }

    @Test
    void listsWhereItLookedForARelativeFileThatIsMissing() {
        FileServer.getFileServer().setBaseForScript(Path.of("/plans/load.jmx").toFile());

        String error = element("missing.yaml").supply("g", "t", ShareMode.ALL_THREADS).error();

        assertTrue(error.startsWith("Conversations file not found: missing.yaml (from the Conversations file field of"
                + " Genie Conversations (YAML) '"), error);
        assertTrue(error.contains("; looked for /plans/missing.yaml and "), error);
    }

    @Test
    void namesTheFileAndLineOfABadMessage() {
        String error = element(fixture("bad-message.yaml").toString()).supply("g", "t", ShareMode.ALL_THREADS)
                .error();

        assertNotNull(error);
        assertTrue(error.contains("bad-message.yaml"), error);
        assertTrue(error.contains("line 11"), error);
    }

    @Test
    void refusesASampleSizeThatIsNotANumber() {
        ConversationYamlConfigElement element =
                element(fixture("six-conversations.yaml").toString(), "sampleSize", "ten");

        String error = element.supply("g", "t", ShareMode.ALL_THREADS).error();

        assertTrue(error.startsWith("GENIE_SAMPLE_SIZE=\"ten\" (from the Sample size field of Genie Conversations"
                + " (YAML) '"), error);
    }

    @Test
    void sharesOneFeedBetweenAllThreadsByDefault() {
        ConversationYamlConfigElement element = element(fixture("six-conversations.yaml").toString());

        assertSame(element.supply("g1", "g1 1-1", ShareMode.ALL_THREADS).feed(),
                element.supply("g2", "g2 1-1", ShareMode.ALL_THREADS).feed());
    }

    @Test
    void givesEachThreadItsOwnFeedInThreadMode() {
        ConversationYamlConfigElement element = element(fixture("six-conversations.yaml").toString());

        assertNotSame(element.supply("g", "g 1-1", ShareMode.THREAD).feed(),
                element.supply("g", "g 1-2", ShareMode.THREAD).feed());
    }

    @Test
    void mapsTheStoredChoiceKeysToFeedSettings() {
        assertEquals(ShareMode.THREAD_GROUP, ConversationYamlConfigElement.shareOf("shareMode.group"));
        assertEquals(ShareMode.THREAD, ConversationYamlConfigElement.shareOf("shareMode.thread"));
        assertEquals(ShareMode.ALL_THREADS, ConversationYamlConfigElement.shareOf("shareMode.all"));
        assertEquals("SEQUENTIAL", ConversationYamlConfigElement.orderOf("order.file").name());
        assertEquals("STOP", ConversationYamlConfigElement.endOf("atEnd.stopThread").name());
    }

    @Test
    void handsEachThreadItsSupplyThroughAVariable() {
        JMeterVariables vars = new JMeterVariables();
        JMeterContextService.getContext().setVariables(vars);
        ConversationYamlConfigElement element = element(fixture("six-conversations.yaml").toString(),
                "shareMode", ConversationYamlConfigElement.SHARE_THREAD);

        element.threadStarted();

        ConversationSupply supply = (ConversationSupply) vars.getObject(ConversationYamlConfigElement.SUPPLY_VARIABLE);
        assertNull(supply.error());
        Set<String> handedOut = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            handedOut.add(supply.next().orElseThrow().id());
        }
        assertEquals(6, handedOut.size(), "one cycle hands out every conversation once");
    }
}
