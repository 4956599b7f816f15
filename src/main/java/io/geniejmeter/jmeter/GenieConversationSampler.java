package io.geniejmeter.jmeter;

import io.geniejmeter.cache.CachingGenie;
import io.geniejmeter.cache.CachingGenieFactory;
import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.genie.AbortableHttpClient;
import io.geniejmeter.genie.CutOffQuestions;
import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GenieAsker;
import io.geniejmeter.genie.GenieClient;
import io.geniejmeter.genie.GenieOutcome;
import io.geniejmeter.results.DetailColumns;
import io.geniejmeter.results.DetailRow;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.target.GenieTarget;
import io.geniejmeter.target.GenieTargets;
import io.geniejmeter.time.Clock;

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
import org.apache.jmeter.threads.openmodel.OpenModelThreadGroup;
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
 * part of a response time; they end at once on Stop or Shutdown and never run past the end of a Thread Group's
 * duration.
 *
 * <p><b>Results</b>: see {@link GenieSamples} for labels ({@code GENIE message_2_of_3}), timing, codes and the
 * {@code genie_*} variables. Every outcome but COMPLETED is a failed sample. A message cut off by the end of the
 * test (Stop, Shutdown, or the Thread Group's duration running out while Genie is still answering) is not recorded
 * at all: it has neither a true response time nor an outcome. Shutdown, which in JMeter lets the current sample
 * finish, cuts a Genie answer short here like Stop ({@link ShutdownWatch}): answers take minutes, and a graceful
 * stop must not wait for them.
 *
 * <p><b>Connection</b>: host, credentials and space from {@link GenieSettings} (JMeter properties named like the
 * variables, environment, {@code .env}); with no workspace configured, the embedded Genie simulator is started in
 * this JVM ({@code genie.simulator.*} JMeter properties set its options; questions-per-minute limit off unless
 * {@code genie.simulator.qpm} is set). One client is shared by all threads of a test, created on the first sample
 * and closed when the test ends. Nothing about the connection is stored in the plan.
 *
 * <p><b>Threads</b>: JMeter gives each thread its own clone, so the replay state below belongs to one thread; it is
 * {@code transient}, as elements travel to jmeter-server nodes serialised. {@link #interrupt()} is called from
 * JMeter's stopping thread; on Shutdown the {@link ShutdownWatch}'s thread interrupts a waiting one.
 */
public class GenieConversationSampler extends AbstractSampler implements TestBean, Interruptible, TestStateListener {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(GenieConversationSampler.class);

    /** Label of samples that fail before any message is chosen (no config element, bad settings). */
    static final String SETUP_LABEL = GenieSamples.REQUEST_TYPE_GENIE + " setup";

    /** Field to setting, declared once for the GUI's tooltips and for the overrides. */
    static final SettingFields<GenieConversationSampler> FIELDS = new SettingFields<GenieConversationSampler>(
            "Genie Conversation Sampler")
            .field("minWait", "Min wait", Settings.GENIE_MIN_WAIT, GenieConversationSampler::getMinWait)
            .field("maxWait", "Max wait", Settings.GENIE_MAX_WAIT, GenieConversationSampler::getMaxWait);

    /** Whether a set-up error already asked the current test to stop; reset when a test starts. */
    private static final AtomicBoolean TEST_STOP_REQUESTED = new AtomicBoolean();
    /**
     * Questions cut off by the end of the test while Genie was still answering: not recorded (their time is unknown),
     * but counted and reported once at test end, because they are the slowest answers and a run that cut off many
     * has percentiles that look better than Genie was. Reset at test start; every sampler thread adds to it.
     */
    private static final AtomicInteger CUT_OFF = new AtomicInteger();
    /**
     * Of {@link #CUT_OFF}: those cut off on Genie's path (not in a cache hit's re-run), i.e. Genie was asked or about
     * to be; and of those, the ones Genie acknowledged (their message id is known). A question aborted while its
     * POST was in flight is in the first count only: whether Genie got it cannot be known.
     */
    private static final AtomicInteger CUT_OFF_AT_GENIE = new AtomicInteger();
    private static final AtomicInteger CUT_OFF_ACKNOWLEDGED = new AtomicInteger();
    private static final AtomicBoolean CUT_OFF_REPORTED = new AtomicBoolean();

    /**
     * Variable set after every call: {@code true} while this thread's conversation has messages left to send. The
     * arrival-rate plan loops its sampler in a While Controller on it, so that one arrival replays one conversation.
     */
    static final String MORE_MESSAGES_VARIABLE = "genie_more_messages";
    /** JMeter property: most arrivals in flight at once in an Open Model Thread Group before new ones are refused. */
    static final String MAX_IN_FLIGHT_PROPERTY = "genie.arrivals.max_in_flight";
    static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    /** Label and response code of an arrival that found the generator full (see {@link #refusedArrival}). */
    static final String NO_CAPACITY_LABEL = "ARRIVAL no_capacity";
    static final String NO_CAPACITY = "NO_CAPACITY";
    /**
     * Arrivals refused because {@link #MAX_IN_FLIGHT_PROPERTY} conversations were already in flight: recorded as
     * failed {@link #NO_CAPACITY_LABEL} samples and counted here for the log line at test end, because an open model
     * that silently skips arrivals would report the load it did not apply. Reset at test start.
     */
    private static final AtomicInteger NO_CAPACITY_ARRIVALS = new AtomicInteger();
    private static final AtomicBoolean NO_CAPACITY_REPORTED = new AtomicBoolean();
    /** Conversations of admitted arrivals not yet replayed to their end (open model only). Reset at test start. */
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    /** The space the test's client asks, for the detail rows; set when the client is made. */
    private static volatile String spaceId;
    /**
     * The name the controller knows this {@code jmeter-server} node by (JMeter's {@code testStarted(host)}, e.g.
     * {@code 127.0.0.1:1099}); null when the test runs in one JMeter. Set at test start, before the client is made.
     */
    private static volatile String node;

    /** Interrupts a thread whose message is still in flight when its Thread Group's duration ends. */
    private static final ScheduledExecutorService DEADLINES = deadlineExecutor();
    /** Notices JMeter's Shutdown while a thread waits on Genie and cuts the wait short as Stop does. */
    private static final ShutdownWatch SHUTDOWN = new ShutdownWatch(DEADLINES);

    private String minWait = "";
    private String maxWait = "";

    // Replay state of the one thread owning this clone.
    private transient Conversation conversation;
    private transient int nextMessage;
    private transient String genieConversationId;
    private transient boolean askedBefore;
    private transient ReplayPause pause;
    private transient GenieSettings.ThinkTime waits;
    /** The thread inside {@link #sample}, for {@link #interrupt()} (called from another thread). */
    private transient volatile Thread samplingThread;
    private transient volatile boolean stopRequested;
    /** This thread is an admitted arrival whose conversation counts in {@link #IN_FLIGHT}. */
    private transient boolean inFlight;

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
        GenieSettings.ThinkTime minMax;
        try {
            minMax = waits();
        } catch (IllegalArgumentException e) {
            return giveUp(context, GenieSamples.configurationError(SETUP_LABEL, e.getMessage(), ""));
        }
        if (pause == null) {
            pause = new ReplayPause(new SplittableRandom(threadSeed(supply.seed(), context)), Clock.SYSTEM);
        }
        JMeterThread thread = context.getThread();
        long deadline = thread == null ? 0 : thread.getEndTime();

        samplingThread = Thread.currentThread();
        try {
            if (!askedBefore && conversation == null) {
                SampleResult refused = refusedArrival(context);
                if (refused != null) {
                    return refused;
                }
            }
            if (conversation == null || nextMessage >= conversation.messages().size()) {
                long wait = pause.betweenConversationsMs(minMax.minSeconds(), minMax.maxSeconds());
                if (askedBefore && !await(wait, deadline, thread)) {
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
            } else if (!await(pause.betweenMessagesMs(minMax.minSeconds(), minMax.maxSeconds()), deadline, thread)) {
                return null;
            }
            return ask(vars, deadline, thread);
        } finally {
            samplingThread = null;
            boolean more = conversation != null && nextMessage < conversation.messages().size();
            vars.put(MORE_MESSAGES_VARIABLE, Boolean.toString(more));
            if (inFlight && !more) {
                inFlight = false;
                IN_FLIGHT.decrementAndGet();
            }
        }
    }

    /**
     * In an Open Model Thread Group every arrival is a new thread (JMeter 5.6.3 sets no limit on their number); when
     * {@link #MAX_IN_FLIGHT_PROPERTY} admitted conversations are still being replayed, this arrival is refused: a
     * failed sample that says so, counted, and the thread ends. Null when the arrival is admitted (it then counts
     * until its conversation ends) or the group is not an open model.
     */
    private SampleResult refusedArrival(JMeterContext context) {
        if (!(context.getThreadGroup() instanceof OpenModelThreadGroup)) {
            return null;
        }
        int max = JMeterUtils.getPropDefault(MAX_IN_FLIGHT_PROPERTY, DEFAULT_MAX_IN_FLIGHT);
        int running = IN_FLIGHT.incrementAndGet(); // this arrival included
        if (running <= max) {
            inFlight = true;
            return null;
        }
        IN_FLIGHT.decrementAndGet();
        NO_CAPACITY_ARRIVALS.incrementAndGet();
        SampleResult result = new SampleResult();
        result.setSampleLabel(NO_CAPACITY_LABEL);
        result.setStampAndTime(System.currentTimeMillis(), 0);
        result.setSuccessful(false);
        result.setResponseCode(NO_CAPACITY);
        result.setResponseMessage("Arrival not replayed: " + (running - 1) + " conversations already in flight, the"
                + " most " + MAX_IN_FLIGHT_PROPERTY + " allows (" + max + ")");
        JMeterThread thread = context.getThread();
        if (thread != null) {
            thread.stop();
        }
        return result;
    }

    /** Arrivals refused for want of capacity in the current or last test (see {@link #NO_CAPACITY_ARRIVALS}). */
    static int refusedArrivals() {
        return NO_CAPACITY_ARRIVALS.get();
    }

    private SampleResult ask(JMeterVariables vars, long deadline, JMeterThread thread) {
        int position = nextMessage + 1;
        int count = conversation.messages().size();
        String question = conversation.messages().get(nextMessage).content();
        String followUpOf = nextMessage == 0 ? null : genieConversationId;
        String label = GenieSamples.label(GenieSamples.REQUEST_TYPE_GENIE, position, count);
        String samplerData = "Question: " + question + "\nGenie conversation: "
                + (followUpOf == null ? "(new)" : followUpOf) + "\nReplaying: conversation " + conversation.id()
                + " \"" + conversation.title() + "\", message " + position + " of " + count + "\n";
        GenieSamples.emptyVariables(GenieSamples.REQUEST_TYPE_GENIE).forEach(vars::put);
        DetailRow replay = replayDetail(question, position);

        GenieAsker asker = SharedGenie.asker(this::createAsker);
        if (asker == null) {
            conversation = null;
            return giveUp(JMeterContextService.getContext(),
                    GenieSamples.configurationError(label, SharedGenie.error(), samplerData));
        }
        GenieAnswer answer;
        try (ShutdownWatch.Waiting watched = SHUTDOWN.watch(thread)) {
            if (!keepGoing(thread)) {
                return null; // stopped before the question was sent: nothing asked, nothing to count
            }
            answer = askBefore(asker, question, followUpOf, deadline);
        }
        askedBefore = true;
        nextMessage++;
        if (position == 1) {
            genieConversationId = answer.conversationId();
        }
        if (answer.outcome() == GenieOutcome.INTERRUPTED) {
            conversation = null;
            countCutOff(answer);
            log.debug("Not recording {}: the test stopped while Genie was answering", label);
            return null;
        }
        if (genieConversationId == null) {
            conversation = null; // no Genie conversation to send the follow-ups into
        }
        // With a cache in front, the answer says which path answered: GENIE_LRU_HIT, GENIE_SEMANTIC_HIT, GENIE_LIVE.
        String requestType = answer.requestType().name();
        GenieSamples.variables(requestType, answer).forEach(vars::put);
        return GenieSamples.toResult(answer, GenieSamples.label(requestType, position, count), samplerData,
                replay);
    }

    /** What this sampler knows for {@code detailed_metrics.csv}: the question, what it replays, who asked where. */
    private DetailRow replayDetail(String question, int position) {
        JMeterContext context = JMeterContextService.getContext();
        return new DetailRow()
                .set(DetailColumns.SPACE_ID, spaceId)
                .set(DetailColumns.USER, "user_" + (context.getThreadNum() + 1))
                .set(DetailColumns.PROMPT, question)
                .set(DetailColumns.SOURCE_CONVERSATION_ID, conversation.id())
                .set(DetailColumns.SOURCE_MESSAGE_ID, conversation.messages().get(position - 1).messageId())
                .set(DetailColumns.MESSAGE_INDEX, position - 1);
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
            alarm = DEADLINES.schedule(() -> AbortableHttpClient.interrupt(me),
                    Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        }
        try {
            return asker.ask(question, conversationId);
        } finally {
            if (alarm != null) {
                alarm.cancel(false);
            }
        }
    }

    /**
     * Stops waiting or asking at once (JMeter's Stop): the thread is interrupted and its HTTP call in flight, if any,
     * aborted, so even a hanging Genie does not hold the stop up; the thread ends after this sample.
     */
    @Override
    public boolean interrupt() {
        stopRequested = true;
        Thread thread = samplingThread;
        if (thread != null) {
            AbortableHttpClient.interrupt(thread);
            return true;
        }
        return false;
    }

    /** A think time, cut short by Stop, by Shutdown ({@link ShutdownWatch}) or by the thread group's end. */
    private boolean await(long millis, long deadline, JMeterThread thread) {
        try (ShutdownWatch.Waiting watched = SHUTDOWN.watch(thread)) {
            return pause.await(millis, deadline, () -> keepGoing(thread));
        }
    }

    /** False once JMeter asked this thread to stop: at once (Stop) or after the current sample (Shutdown). */
    private boolean keepGoing(JMeterThread thread) {
        return !stopRequested && !ShutdownWatch.stopping(thread);
    }

    /**
     * Creates the client all threads of a test share. The one seam of this sampler: tests override it to return a
     * fake; the default connects to the Genie that {@link GenieTargets} chooses from the test's settings (a
     * workspace, or the embedded simulator with the {@code genie.simulator.*} JMeter properties as its options).
     * Called once per test, by the first thread that samples; the result is closed when the test ends.
     */
    protected GenieAsker createAsker() {
        GenieSettings settings = TestSettings.current();
        GenieTarget target = GenieTargets.open(settings, TestSettings.simulatorOptions(),
                settings.value(Settings.GENIE_MAX_CONNECTIONS));
        spaceId = target.spaceId();
        try {
            log.info("Replaying against {}", target.description());
            CachingGenie chain = switch (TestSettings.cacheMode()) {
                case NONE -> null;
                case IN_MEMORY -> CachingGenieFactory.inMemory(target); // closing the chain closes the target
                case LAKEBASE -> LakebaseCaches.chain(target);
            };
            if (chain != null) {
                log.info("Caches in front of Genie: {}", chain.settings());
                String scope = CacheScopeOnNodes.line(TestSettings.cacheMode(), node);
                if (scope != null) {
                    log.info("{}", scope);
                    System.out.println(scope); // NOSONAR: the node's console, where its user looks
                }
                return chain;
            }
            GenieClient client = GenieClient.create(target.workspace(),
                    target.settings().with(Settings.GENIE_SPACE_ID, target.spaceId(), target.description()));
            return new GenieAsker() {
                @Override
                public GenieAnswer ask(String question, String conversationIdOrNull) {
                    return client.ask(question, conversationIdOrNull);
                }

                @Override
                public void close() {
                    target.close();
                }
            };
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /**
     * Connects before any thread starts, so that starting the SDK client (or the embedded simulator) neither delays
     * the first users nor bunches their first questions together.
     */
    @Override
    public void testStarted() {
        TEST_STOP_REQUESTED.set(false);
        CUT_OFF.set(0);
        CUT_OFF_AT_GENIE.set(0);
        CUT_OFF_ACKNOWLEDGED.set(0);
        CUT_OFF_REPORTED.set(false);
        NO_CAPACITY_ARRIVALS.set(0);
        NO_CAPACITY_REPORTED.set(false);
        IN_FLIGHT.set(0);
        if (!ConversationYamlConfigElement.startFailed()) {
            SharedGenie.connect(this::createAsker);
        }
    }

    /** On a {@code jmeter-server} node: {@code host} is the node as the controller names it. */
    @Override
    public void testStarted(String host) {
        node = host;
        testStarted();
    }

    @Override
    public void testEnded() {
        SHUTDOWN.stop();
        if (SharedGenie.close() instanceof CachingGenie chain) {
            // The original tool's final line, same fields and format, plus cache_errors: in jmeter.log and, since
            // jmeter -n shows no log, on the console.
            String line = chain.stats().testCompleteLine();
            if (node != null) {
                // This node's counters only; the run's line is the controller's, from the collected results.
                line = "node " + node + " (this node only): " + line;
            }
            log.info("{}", line);
            System.out.println(line); // NOSONAR: the console is where users of the original read it
        }
        node = null;
        TestSettings.clear();
        int cutOff = CUT_OFF.get();
        if (CUT_OFF_REPORTED.compareAndSet(false, true)) {
            // one machine-readable line per test, read back by the launcher's summary
            log.info("{}", CutOffQuestions.line(cutOff, CUT_OFF_AT_GENIE.get(), CUT_OFF_ACKNOWLEDGED.get()));
            if (cutOff > 0) {
                log.warn("{} questions were still being answered when the test ended and are not in the results;"
                        + " percentiles leave out these slowest answers (a longer run or fewer users shows them)",
                        cutOff);
            }
        }
        int refused = NO_CAPACITY_ARRIVALS.get();
        if (refused > 0 && NO_CAPACITY_REPORTED.compareAndSet(false, true)) {
            log.warn("{} arrivals found no free capacity ({} conversations in flight, -J{}) and were not replayed;"
                    + " each is a failed '{}' sample", refused, JMeterUtils.getPropDefault(MAX_IN_FLIGHT_PROPERTY,
                    DEFAULT_MAX_IN_FLIGHT), MAX_IN_FLIGHT_PROPERTY, NO_CAPACITY_LABEL);
        }
    }

    /**
     * Counts a question cut off by the end of the test. A cache hit cut off in its re-run never reached Genie, so a
     * check of Genie's side (questions received = GENIE_LIVE samples + cut off) needs the split: see
     * {@link CutOffQuestions#line(int, int, int)}.
     */
    private static void countCutOff(GenieAnswer answer) {
        CUT_OFF.incrementAndGet();
        if (!answer.requestType().hit()) {
            CUT_OFF_AT_GENIE.incrementAndGet();
            if (answer.messageId() != null) {
                CUT_OFF_ACKNOWLEDGED.incrementAndGet();
            }
        }
    }

    /** The line logged at test end for the current or last test (see {@link #CUT_OFF}). */
    static String cutOffLine() {
        return CutOffQuestions.line(CUT_OFF.get(), CUT_OFF_AT_GENIE.get(), CUT_OFF_ACKNOWLEDGED.get());
    }

    /** Questions cut off by the end of the current or last test (see {@link #CUT_OFF}). */
    static int cutOffQuestions() {
        return CUT_OFF.get();
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }

    /** Think time bounds: the fields, else GENIE_MIN_WAIT / GENIE_MAX_WAIT from the test's settings. */
    private GenieSettings.ThinkTime waits() {
        if (waits == null) {
            waits = FIELDS.over(TestSettings.current(), this, getName()).thinkTime();
        }
        return waits;
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
