package io.geniejmeter.jmeter;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GenieAsker;
import io.geniejmeter.genie.GenieClient;
import io.geniejmeter.genie.GenieOutcome;
import io.geniejmeter.genie.GenieSettings;
import io.geniejmeter.genie.WorkspaceClients;
import io.geniejmeter.simulator.EmbeddedSimulator;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.Interruptible;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.util.JMeterStopThreadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Genie Conversation Sampler": replays recorded conversations against a Genie space, one sample per message.
 *
 * <p><b>What one call does.</b> Each call to {@link #sample} sends the next message of this thread's current
 * conversation. The first message of a conversation starts a new Genie conversation; its follow-ups go into that
 * same new conversation. When the conversation is done, the next call takes a new one from the
 * {@link ConversationYamlConfigElement} in scope. When the first message got no conversation (e.g. HTTP 429), there
 * is nothing to follow up in, so the rest of that conversation is skipped.
 *
 * <p><b>Think time</b> (the original tool's): before a new conversation (except a thread's first) a uniform wait
 * in [min, max] seconds, before a follow-up [min/2, max/2] seconds. Waits are outside the samples, so they are never
 * part of a response time; they end at once on Stop and never run past the end of a Thread Group's duration.
 *
 * <p><b>Results</b>: see {@link GenieSamples} for labels ({@code GENIE message_2_of_3}), timing, codes and the
 * {@code genie_*} variables. Every outcome but COMPLETED is a failed sample. A message cut off by the end of the
 * test (Stop, or the Thread Group's duration running out while Genie is still answering) is not recorded at all: it
 * has neither a true response time nor an outcome.
 *
 * <p><b>Connection</b>: host, credentials and space from {@link GenieSettings} (JMeter properties named like the
 * variables, environment, {@code .env}); with no workspace configured, the embedded Genie simulator is started in
 * this JVM ({@code genie.simulator.*} JMeter properties set its options; questions-per-minute limit off unless
 * {@code genie.simulator.qpm} is set). One client is shared by all threads of a test, created on the first sample
 * and closed when the test ends. Nothing about the connection is stored in the plan.
 *
 * <p><b>Threads</b>: JMeter gives each thread its own clone, so the replay state below belongs to one thread; it is
 * {@code transient}, as elements travel to jmeter-server nodes serialised. {@link #interrupt()} is called from
 * JMeter's stopping thread.
 */
public class GenieConversationSampler extends AbstractSampler implements TestBean, Interruptible, TestStateListener {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(GenieConversationSampler.class);

    /** JMeter property: most HTTP connections of the shared client (default 10000; a cap, not a reservation). */
    static final String MAX_CONNECTIONS_PROPERTY = "genie.max_connections";

    /**
     * JMeter property choosing what to test: {@code auto} (default: the configured workspace, else the embedded
     * simulator), {@code simulator} (always the embedded simulator, even with a workspace configured: what the Maven
     * build uses so that a developer's ~/.databrickscfg never turns a build into a load test) or {@code workspace}
     * (fail rather than fall back to the simulator).
     */
    static final String TARGET_PROPERTY = "genie.target";

    /** Label of samples that fail before any message is chosen (no config element, bad settings). */
    static final String SETUP_LABEL = GenieSamples.REQUEST_TYPE_GENIE + " setup";

    // Shared by all threads of one test (one test runs per JVM at a time). Written under CONNECTION_LOCK, read
    // without it through the volatile fields.
    private static final Object CONNECTION_LOCK = new Object();
    private static volatile GenieAsker sharedAsker;
    private static volatile String connectionError;

    /** Whether a set-up error already asked the current test to stop; reset when a test starts. */
    private static final AtomicBoolean TEST_STOP_REQUESTED = new AtomicBoolean();
    /**
     * Questions cut off by the end of the test while Genie was still answering: not recorded (their time is unknown),
     * but counted and reported once at test end, because they are the slowest answers and a run that cut off many
     * has percentiles that look better than Genie was. Reset at test start; every sampler thread adds to it.
     */
    private static final AtomicInteger CUT_OFF = new AtomicInteger();
    private static final AtomicBoolean CUT_OFF_REPORTED = new AtomicBoolean();

    /** Interrupts a thread whose message is still in flight when its Thread Group's duration ends. */
    private static final ScheduledExecutorService DEADLINES = deadlineExecutor();

    private String minWait = "";
    private String maxWait = "";

    // Replay state of the one thread owning this clone.
    private transient Conversation conversation;
    private transient int nextMessage;
    private transient String genieConversationId;
    private transient boolean askedBefore;
    private transient ReplayPause pause;
    private transient double[] waits;
    /** The thread inside {@link #sample}, for {@link #interrupt()} (called from another thread). */
    private transient volatile Thread samplingThread;
    private transient volatile boolean stopRequested;

    @Override
    public SampleResult sample(Entry entry) {
        JMeterContext context = JMeterContextService.getContext();
        JMeterVariables vars = context.getVariables();
        Object supplyObject = vars == null ? null : vars.getObject(ConversationYamlConfigElement.SUPPLY_VARIABLE);
        if (!(supplyObject instanceof ConversationSupply)) {
            return giveUp(context, GenieSamples.configurationError(SETUP_LABEL, "No Genie Conversations (YAML)"
                    + " config element applies to sampler '" + getName() + "': add one to its thread group (Add >"
                    + " Config Element > Genie Conversations (YAML)).", ""));
        }
        ConversationSupply supply = (ConversationSupply) supplyObject;
        if (supply.error() != null) {
            return giveUp(context, GenieSamples.configurationError(SETUP_LABEL, supply.error(), ""));
        }
        double[] minMax;
        try {
            minMax = waits();
        } catch (IllegalArgumentException e) {
            return giveUp(context, GenieSamples.configurationError(SETUP_LABEL, e.getMessage(), ""));
        }
        if (pause == null) {
            pause = new ReplayPause(new SplittableRandom(threadSeed(supply.seed(), context)),
                    System::currentTimeMillis, Thread::sleep);
        }
        JMeterThread thread = context.getThread();
        long deadline = thread == null ? 0 : thread.getEndTime();

        samplingThread = Thread.currentThread();
        try {
            if (conversation == null || nextMessage >= conversation.messages().size()) {
                if (askedBefore && !pause.await(pause.betweenConversationsMs(minMax[0], minMax[1]), deadline,
                        this::keepGoing)) {
                    return null;
                }
                Optional<Conversation> next = supply.next();
                if (next.isEmpty()) {
                    throw new JMeterStopThreadException("Every conversation was replayed and Genie Conversations"
                            + " (YAML) is set to stop the thread at the end");
                }
                conversation = next.get();
                nextMessage = 0;
                genieConversationId = null;
            } else if (!pause.await(pause.betweenMessagesMs(minMax[0], minMax[1]), deadline, this::keepGoing)) {
                return null;
            }
            return ask(vars, deadline);
        } finally {
            samplingThread = null;
        }
    }

    private SampleResult ask(JMeterVariables vars, long deadline) {
        int position = nextMessage + 1;
        int count = conversation.messages().size();
        String question = conversation.messages().get(nextMessage).content();
        String followUpOf = nextMessage == 0 ? null : genieConversationId;
        String label = GenieSamples.label(GenieSamples.REQUEST_TYPE_GENIE, position, count);
        String samplerData = "Question: " + question + "\nGenie conversation: "
                + (followUpOf == null ? "(new)" : followUpOf) + "\nReplaying: conversation " + conversation.id()
                + " \"" + conversation.title() + "\", message " + position + " of " + count + "\n";
        GenieSamples.emptyVariables(GenieSamples.REQUEST_TYPE_GENIE).forEach(vars::put);

        GenieAsker asker = asker();
        if (asker == null) {
            conversation = null;
            return giveUp(JMeterContextService.getContext(),
                    GenieSamples.configurationError(label, connectionError, samplerData));
        }
        GenieAnswer answer = askBefore(asker, question, followUpOf, deadline);
        askedBefore = true;
        nextMessage++;
        if (position == 1) {
            genieConversationId = answer.conversationId();
        }
        if (answer.outcome() == GenieOutcome.INTERRUPTED) {
            conversation = null;
            CUT_OFF.incrementAndGet();
            log.debug("Not recording {}: the test stopped while Genie was answering", label);
            return null;
        }
        if (genieConversationId == null) {
            conversation = null; // no Genie conversation to send the follow-ups into
        }
        GenieSamples.variables(GenieSamples.REQUEST_TYPE_GENIE, answer).forEach(vars::put);
        return GenieSamples.toResult(answer, label, samplerData);
    }

    /**
     * A set-up error fails every sample at once, so instead of a busy loop of instant failures: this thread stops
     * after recording this one sample, and the test is asked to stop (threads finish their current sample). Also
     * covers a thread that started while the engine was already stopping at test start.
     */
    private static SampleResult giveUp(JMeterContext context, SampleResult result) {
        JMeterThread thread = context.getThread();
        if (thread != null) {
            thread.stop();
        }
        StandardJMeterEngine engine = context.getEngine();
        // On the thread's own engine: askThreadsToStop() goes through a static that a first stop has cleared.
        if (engine != null && TEST_STOP_REQUESTED.compareAndSet(false, true)) {
            log.error("Stopping the test: {}", result.getResponseMessage());
            engine.stopTest(false);
        }
        return result;
    }

    /** Asks, interrupting this thread if the answer is still pending when the Thread Group's duration ends. */
    private static GenieAnswer askBefore(GenieAsker asker, String question, String conversationId, long deadline) {
        ScheduledFuture<?> alarm = null;
        if (deadline > 0) {
            Thread me = Thread.currentThread();
            alarm = DEADLINES.schedule(me::interrupt, Math.max(0, deadline - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS);
        }
        try {
            return asker.ask(question, conversationId);
        } finally {
            if (alarm != null) {
                alarm.cancel(false);
            }
        }
    }

    /** Stops waiting or asking at once (JMeter's Stop); the thread ends after this sample. */
    @Override
    public boolean interrupt() {
        stopRequested = true;
        Thread thread = samplingThread;
        if (thread != null) {
            thread.interrupt();
            return true;
        }
        return false;
    }

    private boolean keepGoing() {
        return !stopRequested;
    }

    /**
     * Creates the client all threads of a test share. The one seam of this sampler: tests override it to return a
     * fake; the default connects to the configured workspace or starts the embedded simulator. Called once per test,
     * by the first thread that samples; the result is closed when the test ends.
     */
    protected GenieAsker createAsker() {
        GenieSettings settings = JMeterGenieSettings.load(Map.of());
        int maxConnections = JMeterUtils.getPropDefault(MAX_CONNECTIONS_PROPERTY, 10_000);
        String target = JMeterUtils.getPropDefault(TARGET_PROPERTY, "auto").strip();
        if (!target.equals("auto") && !target.equals("simulator") && !target.equals("workspace")) {
            throw new IllegalArgumentException("JMeter property " + TARGET_PROPERTY + "=" + target + " is not one of"
                    + " auto, simulator, workspace.");
        }
        if (target.equals("workspace") && !settings.workspaceConfigured()) {
            throw new IllegalArgumentException(TARGET_PROPERTY + "=workspace but no Databricks workspace is"
                    + " configured: set DATABRICKS_HOST and DATABRICKS_TOKEN (or a profile) in .env or the"
                    + " environment.");
        }
        if (!target.equals("simulator") && settings.workspaceConfigured()) {
            if (settings.get(GenieSettings.GENIE_SPACE_ID).isEmpty()) {
                throw new IllegalArgumentException("GENIE_SPACE_ID is not set: give the id of the Genie space to"
                        + " test (the last part of its URL) in .env, the environment or -JGENIE_SPACE_ID=...");
            }
            log.info("Replaying against Genie space {} of workspace {}",
                    settings.get(GenieSettings.GENIE_SPACE_ID).orElse(""),
                    settings.get(GenieSettings.DATABRICKS_HOST).orElse("(from the Databricks config profile)"));
            return GenieClient.create(WorkspaceClients.create(settings, maxConnections), settings)::ask;
        }
        Map<String, String> options = new HashMap<>();
        options.put("qpm", "0"); // a first run should succeed; -Jgenie.simulator.qpm=5 gives free-tier throttling
        options.putAll(JMeterGenieSettings.simulatorOptions());
        SimulatorConfig config = SimulatorConfig.fromOptions(options);
        GenieSimulator simulator = EmbeddedSimulator.acquire(config);
        try {
            log.info("{}: replaying against the embedded Genie simulator at {} (time scale {}, {} questions per"
                            + " minute)", target.equals("simulator") ? TARGET_PROPERTY + "=simulator"
                            : "No Databricks workspace configured (no DATABRICKS_HOST, DATABRICKS_CONFIG_PROFILE or"
                            + " ~/.databrickscfg)", simulator.baseUrl(), config.timing().timeScale(),
                    config.rateLimit().qpm() == 0 ? "no limit on" : config.rateLimit().qpm());
            Map<String, String> connection = new HashMap<>();
            connection.put(GenieSettings.DATABRICKS_HOST, simulator.baseUrl());
            connection.put(GenieSettings.DATABRICKS_TOKEN, simulator.token());
            connection.put(GenieSettings.DATABRICKS_AUTH_TYPE, "pat");
            connection.put(GenieSettings.GENIE_SPACE_ID, simulator.spaceId());
            GenieSettings simulated = JMeterGenieSettings.load(connection);
            GenieClient client = GenieClient.create(WorkspaceClients.create(simulated, maxConnections), simulated);
            return new GenieAsker() {
                @Override
                public GenieAnswer ask(String question, String conversationIdOrNull) {
                    return client.ask(question, conversationIdOrNull);
                }

                @Override
                public void close() {
                    EmbeddedSimulator.release();
                }
            };
        } catch (RuntimeException e) {
            EmbeddedSimulator.release();
            throw e;
        }
    }

    /** The test's shared asker, created on first use; null (with {@link #connectionError} set) if that failed. */
    private GenieAsker asker() {
        GenieAsker asker = sharedAsker;
        if (asker != null || connectionError != null) {
            return asker;
        }
        synchronized (CONNECTION_LOCK) {
            if (sharedAsker == null && connectionError == null) {
                try {
                    sharedAsker = createAsker();
                } catch (RuntimeException e) {
                    connectionError = "Cannot connect to Genie: " + e.getMessage();
                    log.error("{}", connectionError, e);
                }
            }
            return sharedAsker;
        }
    }

    /** Closes the shared client (and releases the embedded simulator) so the next test starts afresh. */
    static void closeSharedAsker() {
        synchronized (CONNECTION_LOCK) {
            GenieAsker asker = sharedAsker;
            sharedAsker = null;
            connectionError = null;
            if (asker != null) {
                try {
                    asker.close();
                } catch (RuntimeException e) {
                    log.warn("Closing the Genie client failed", e);
                }
            }
        }
    }

    /**
     * Connects before any thread starts, so that starting the SDK client (or the embedded simulator) neither delays
     * the first users nor bunches their first questions together.
     */
    @Override
    public void testStarted() {
        closeSharedAsker(); // left over from a test that did not end cleanly (GUI)
        TEST_STOP_REQUESTED.set(false);
        CUT_OFF.set(0);
        CUT_OFF_REPORTED.set(false);
        if (!ConversationYamlConfigElement.startFailed()) {
            asker();
        }
    }

    @Override
    public void testStarted(String host) {
        testStarted();
    }

    @Override
    public void testEnded() {
        closeSharedAsker();
        int cutOff = CUT_OFF.get();
        if (cutOff > 0 && CUT_OFF_REPORTED.compareAndSet(false, true)) {
            log.warn("{} questions were still being answered when the test ended and are not in the results;"
                    + " percentiles leave out these slowest answers (a longer run or fewer users shows them)", cutOff);
        }
    }

    /** Questions cut off by the end of the current or last test (see {@link #CUT_OFF}). */
    static int cutOffQuestions() {
        return CUT_OFF.get();
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }

    /** [min, max] think time in seconds: the fields, else GENIE_MIN_WAIT / GENIE_MAX_WAIT (8 / 30). */
    private double[] waits() {
        if (waits == null) {
            GenieSettings settings = null;
            String minText = minWait;
            String minOrigin = "the Min wait field of " + getName();
            if (minText == null || minText.isBlank()) {
                settings = JMeterGenieSettings.load(Map.of());
                minText = settings.get(GenieSettings.GENIE_MIN_WAIT).orElse("8");
                minOrigin = settings.originOf(GenieSettings.GENIE_MIN_WAIT);
            }
            String maxText = maxWait;
            String maxOrigin = "the Max wait field of " + getName();
            if (maxText == null || maxText.isBlank()) {
                settings = settings == null ? JMeterGenieSettings.load(Map.of()) : settings;
                maxText = settings.get(GenieSettings.GENIE_MAX_WAIT).orElse("30");
                maxOrigin = settings.originOf(GenieSettings.GENIE_MAX_WAIT);
            }
            double min = seconds(minText, minOrigin);
            double max = seconds(maxText, maxOrigin);
            if (max < min) {
                throw new IllegalArgumentException("Max wait " + maxText + " s (" + maxOrigin + ") is less than min"
                        + " wait " + minText + " s (" + minOrigin + "): make max wait at least min wait.");
            }
            waits = new double[] {min, max};
        }
        return waits;
    }

    private static double seconds(String text, String origin) {
        try {
            double value = Double.parseDouble(text.strip());
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Wait '" + text + "' from " + origin + " is not a number of seconds"
                    + " (0 or more, e.g. 8 or 0.5).");
        }
    }

    /** Think times differ between threads but repeat from run to run with the same seed. */
    private static long threadSeed(long seed, JMeterContext context) {
        String group = context.getThreadGroup() == null ? "" : context.getThreadGroup().getName();
        return seed * 0x9E3779B97F4A7C15L + group.hashCode() * 31L + context.getThreadNum();
    }

    private static ScheduledExecutorService deadlineExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = Executors.defaultThreadFactory().newThread(runnable);
            t.setName("genie-sampler-deadlines");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Shortest think time in seconds; empty: GENIE_MIN_WAIT (default 8). Follow-ups wait half as long. */
    public String getMinWait() {
        return minWait;
    }

    public void setMinWait(String minWait) {
        this.minWait = minWait;
    }

    /** Longest think time in seconds; empty: GENIE_MAX_WAIT (default 30). Follow-ups wait half as long. */
    public String getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(String maxWait) {
        this.maxWait = maxWait;
    }
}
