package io.geniejmeter.jmeter;

import io.geniejmeter.conversation.ConversationFeed;
import io.geniejmeter.conversation.ConversationFeedRegistry;
import io.geniejmeter.conversation.ConversationFileException;
import io.geniejmeter.conversation.ConversationFileLocator;
import io.geniejmeter.conversation.EndOfFeed;
import io.geniejmeter.conversation.FeedOptions;
import io.geniejmeter.conversation.FeedOrder;
import io.geniejmeter.conversation.NodeShare;
import io.geniejmeter.conversation.ShareMode;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.target.GenieTargets;
import io.geniejmeter.target.TargetKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jmeter.config.ConfigTestElement;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.engine.util.NoConfigMerge;
import org.apache.jmeter.gui.GuiPackage;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.testelement.ThreadListener;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Genie Conversations (YAML)": the conversations a test replays, from a file written by
 * {@code bin/export-conversations} (or by the original Python tool). The JMeter counterpart of CSV Data Set Config:
 * {@link GenieConversationSampler}s in its thread groups draw whole conversations from it.
 *
 * <p>Lifecycle: the file is read and validated once per test, in {@link #testStarted()} (on the engine thread, on
 * the un-cloned element). A missing or bad file stops the test at start with a message naming the file (and line),
 * shown in the GUI, logged, and written as the failure message of any sample that still runs. Then every thread, in
 * {@link #threadStarted()} on its own clone, gets its feed from {@link ConversationFeedRegistry#global()} according
 * to the sharing mode, and finds it in the JMeter variable {@link #SUPPLY_VARIABLE}. {@link #testEnded()} clears the
 * registry so the next run re-reads an edited file.
 *
 * <p>Empty fields fall back to the original tool's settings ({@code GENIE_CONVERSATIONS_FILE},
 * {@code GENIE_SAMPLE_SIZE}, {@code GENIE_SAMPLE_SEED}) from JMeter properties, the environment or {@code .env}.
 * A relative file name is looked up beside the test plan first, then in JMeter's working directory.
 *
 * <p>One such element per thread group is expected; when a thread sees several (say one at test plan level and one
 * in its thread group), the last one in tree order, i.e. the thread group's, wins.
 *
 * <p>Serialisable for jmeter-server: its state is its properties; nothing is kept in fields between tests.
 */
public class ConversationYamlConfigElement extends ConfigTestElement
        implements TestBean, TestStateListener, ThreadListener, NoConfigMerge {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ConversationYamlConfigElement.class);

    /** JMeter variable (object) under which each thread finds its {@link ConversationSupply}. */
    static final String SUPPLY_VARIABLE = "__genie_conversation_supply";

    // Choice values are resource keys (as CSV Data Set Config stores shareMode.all): stable in saved plans,
    // translated in the GUI.
    static final String SHARE_ALL = "shareMode.all";
    static final String SHARE_GROUP = "shareMode.group";
    static final String SHARE_THREAD = "shareMode.thread";
    static final String ORDER_RANDOM = "order.random";
    static final String ORDER_FILE = "order.file";
    static final String AT_END_RECYCLE = "atEnd.recycle";
    static final String AT_END_STOP_THREAD = "atEnd.stopThread";

    /**
     * Set when a conversation file could not be loaded at test start (the test is being stopped), so that samplers
     * do not connect to Genie for nothing. Written by the engine thread in testStarted/testEnded, read by the same
     * thread in the samplers' testStarted; volatile for GUI runs, where the next test runs on another thread.
     */
    private static volatile boolean startFailed;

    /** Field to setting, declared once for the GUI's tooltips and for the overrides. */
    static final SettingFields<ConversationYamlConfigElement> FIELDS =
            new SettingFields<ConversationYamlConfigElement>("Genie Conversations (YAML)")
                    .field("filename", "Conversations file", Settings.GENIE_CONVERSATIONS_FILE,
                            ConversationYamlConfigElement::getFilename)
                    .field("sampleSize", "Sample size", Settings.GENIE_SAMPLE_SIZE,
                            ConversationYamlConfigElement::getSampleSize)
                    .field("seed", "Seed", Settings.GENIE_SAMPLE_SEED, ConversationYamlConfigElement::getSeed);

    private String filename = "";
    private String sampleSize = "";
    private String seed = "";
    private String shareMode = SHARE_ALL;
    private String order = ORDER_RANDOM;
    private String atEnd = AT_END_RECYCLE;

    /** Reads and validates the file once for the whole test; on failure, stops the test and says why. */
    @Override
    public void testStarted() {
        ConversationSupply supply = supply("", "", ShareMode.ALL_THREADS);
        if (supply.error() != null) {
            log.error("{}", supply.error());
            startFailed = true;
            if (GuiPackage.getInstance() != null) {
                JMeterUtils.reportErrorToUser(supply.error(), "Genie Conversations (YAML)");
            } else {
                System.err.println("Test stopped at start: " + supply.error()); // NOSONAR: jmeter -n shows no log
            }
            StandardJMeterEngine.stopEngineNow();
        } else {
            ConversationFeed feed = supply.feed();
            NodeShare node = feed.options().node();
            log.info("Genie conversations: replaying {} conversations from {} (seed {}, {} order, {} at the end,"
                            + " shared by {}{})", feed.size(), describeFile(), feed.seed(),
                    orderOf(order) == FeedOrder.RANDOM ? "random" : "file",
                    endOf(atEnd) == EndOfFeed.RECYCLE ? "recycled" : "threads stop",
                    shareOf(shareMode).name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    node.count() > 1 ? "; this node's share: " + node : "");
        }
    }

    @Override
    public void testStarted(String host) {
        testStarted();
    }

    @Override
    public void testEnded() {
        ConversationFeedRegistry.global().clear();
        TestSettings.clear();
        startFailed = false;
    }

    /** Whether a conversation file failed to load at the start of the current test. */
    static boolean startFailed() {
        return startFailed;
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }

    /** Gives this thread its feed (or the reason there is none) through a JMeter variable. */
    @Override
    public void threadStarted() {
        // Clones are not prepared before threadStarted: resolve ${...} in the fields for this thread.
        TestBeanHelper.prepare(this);
        JMeterContext context = JMeterContextService.getContext();
        JMeterVariables vars = context.getVariables();
        String group = context.getThreadGroup() == null ? "" : context.getThreadGroup().getName();
        String thread = context.getThread() == null ? Thread.currentThread().getName()
                : context.getThread().getThreadName();
        vars.putObject(SUPPLY_VARIABLE, supply(group, thread, shareOf(shareMode)));
    }

    @Override
    public void threadFinished() {
        // The feed belongs to the registry, cleared at test end.
    }

    /** The feed for one thread under the configured options, or the error in words. */
    ConversationSupply supply(String group, String thread, ShareMode mode) {
        FeedOptions options;
        Path file;
        try {
            GenieSettings settings = FIELDS.over(TestSettings.current(), this, getName());
            options = new FeedOptions(settings.optional(Settings.GENIE_SAMPLE_SIZE).orElse(0),
                    settings.optional(Settings.GENIE_SAMPLE_SEED).orElse(null), orderOf(order), endOf(atEnd),
                    nodeShare(settings));
            file = locate(settings).file();
        } catch (IllegalArgumentException e) { // includes GenieSettingsException (a bad value or .env)
            return ConversationSupply.failed(e.getMessage());
        }
        try {
            return ConversationSupply.of(
                    ConversationFeedRegistry.global().feed(file, options, mode, group, thread));
        } catch (ConversationFileException e) {
            return ConversationSupply.failed(e.getMessage());
        } catch (RuntimeException e) {
            return ConversationSupply.failed("Cannot use conversations file " + file + ": " + e.getMessage());
        }
    }

    /**
     * The conversations file by {@link ConversationFileLocator}'s rule, relative names looked up beside the test plan
     * first, then in JMeter's working directory; on the simulator a missing default is the shipped sample.
     */
    static ConversationFileLocator.Located locate(GenieSettings settings) {
        List<Path> folders = new ArrayList<>();
        String planDir = FileServer.getFileServer().getBaseDir();
        if (planDir != null && !planDir.isBlank()) {
            folders.add(Path.of(planDir));
        }
        folders.add(settings.workingDirectory());
        return ConversationFileLocator.locate(settings, folders,
                GenieTargets.choose(settings) == TargetKind.SIMULATOR);
    }

    /**
     * This node's share of the conversations on a distributed run: {@code GENIE_NODE_INDEX} of
     * {@code GENIE_NODE_COUNT}; the whole sample when the count is unset or 1. Several nodes without an index would
     * all replay the same share, so that is refused.
     */
    static NodeShare nodeShare(GenieSettings settings) {
        int count = settings.optional(Settings.GENIE_NODE_COUNT).orElse(1);
        java.util.Optional<Integer> index = settings.optional(Settings.GENIE_NODE_INDEX);
        if (count > 1 && index.isEmpty()) {
            throw new IllegalArgumentException("This is node ? of " + count + " (GENIE_NODE_COUNT, from "
                    + settings.originOf(Settings.GENIE_NODE_COUNT) + "): start each jmeter-server node with its own"
                    + " index, bin/genie-jmeter-server --node-index 0, 1, ... (JMeter property genie.node_index)");
        }
        return new NodeShare(index.orElse(0), count);
    }

    static ShareMode shareOf(String value) {
        if (SHARE_GROUP.equals(value)) {
            return ShareMode.THREAD_GROUP;
        }
        if (SHARE_THREAD.equals(value)) {
            return ShareMode.THREAD;
        }
        return ShareMode.ALL_THREADS;
    }

    static FeedOrder orderOf(String value) {
        return ORDER_FILE.equals(value) ? FeedOrder.SEQUENTIAL : FeedOrder.RANDOM;
    }

    static EndOfFeed endOf(String value) {
        return AT_END_STOP_THREAD.equals(value) ? EndOfFeed.STOP : EndOfFeed.RECYCLE;
    }

    /** The file replayed, for the log; the sample says so, since the user did not choose it. */
    private String describeFile() {
        ConversationFileLocator.Located located = locate(FIELDS.over(TestSettings.current(), this, getName()));
        return located.sample() ? "the sample conversations (no conversations file was given and there is no"
                + " conversations.yaml: export yours with bin/export-conversations)" : located.file().toString();
    }

    /** Conversations file: relative to the test plan (or working directory) or absolute; empty: settings. */
    public String getFilename() {
        return filename;
    }

    public void setFilename(String filename) {
        this.filename = filename;
    }

    /** How many conversations to sample once with the seed; empty or 0: all. */
    public String getSampleSize() {
        return sampleSize;
    }

    public void setSampleSize(String sampleSize) {
        this.sampleSize = sampleSize;
    }

    /** Seed of the sample, the order and the think times; empty: a new one per run, logged. */
    public String getSeed() {
        return seed;
    }

    public void setSeed(String seed) {
        this.seed = seed;
    }

    /** Who shares one hand-out sequence: {@code shareMode.all} (default), {@code .group}, {@code .thread}. */
    public String getShareMode() {
        return shareMode;
    }

    public void setShareMode(String shareMode) {
        this.shareMode = shareMode;
    }

    /** {@code order.random} (default: a seeded shuffle per cycle) or {@code order.file}. */
    public String getOrder() {
        return order;
    }

    public void setOrder(String order) {
        this.order = order;
    }

    /** {@code atEnd.recycle} (default) or {@code atEnd.stopThread} once every conversation was handed out. */
    public String getAtEnd() {
        return atEnd;
    }

    public void setAtEnd(String atEnd) {
        this.atEnd = atEnd;
    }
}
