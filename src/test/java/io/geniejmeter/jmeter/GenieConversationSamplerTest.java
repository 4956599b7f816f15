package io.geniejmeter.jmeter;

import io.geniejmeter.genie.GenieAsker;
import io.geniejmeter.genie.GenieSampleVariables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFeed;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.conversation.EndOfFeed;
import io.geniejmeter.conversation.FeedOptions;
import io.geniejmeter.conversation.FeedOrder;
import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GenieOutcome;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jorphan.util.JMeterStopThreadException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Calls the sampler directly, with a fake Genie behind its one seam, and checks the samples it reports. */
class GenieConversationSamplerTest {

    /** A Genie stand-in: records every question and answers with {@code answers}. */
    static final class FakeGenie implements GenieAsker {
        record Call(String question, String conversationId) {
        }

        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        final BiFunction<Integer, Call, GenieAnswer> answers;
        final AtomicInteger closed = new AtomicInteger();

        FakeGenie(BiFunction<Integer, Call, GenieAnswer> answers) {
            this.answers = answers;
        }

        @Override
        public GenieAnswer ask(String question, String conversationIdOrNull) {
            Call call = new Call(question, conversationIdOrNull);
            calls.add(call);
            return answers.apply(calls.size(), call);
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** Every question answered, in conversation "conv-N" for the N-th new conversation. */
    static FakeGenie answeringGenie() {
        AtomicInteger conversations = new AtomicInteger();
        return new FakeGenie((n, call) -> FakeAnswers.completed(
                call.conversationId() == null ? "conv-" + conversations.incrementAndGet() : call.conversationId(),
                "msg-" + n, 1_700_000_000_000L + n * 10_000L, 4_000 + n));
    }

    private JMeterVariables vars;

    @BeforeAll
    static void jmeterProperties() {
        JMeterTestProperties.init();
    }

    @BeforeEach
    void threadContext() {
        vars = new JMeterVariables();
        JMeterContextService.getContext().setVariables(vars);
    }

    @AfterEach
    void cleanUp() {
        SharedGenie.close();
        TestSettings.clear();
        Thread.interrupted();
    }

    static Conversation conversation(String id, String... questions) {
        List<ConversationMessage> messages = new ArrayList<>();
        for (int i = 0; i < questions.length; i++) {
            messages.add(new ConversationMessage(questions[i], 1_769_604_947_267L + i, id + "-m" + i));
        }
        return new Conversation(id, "Title of " + id, 1_769_604_947_206L, messages);
    }

    private void supply(EndOfFeed atEnd, Conversation... conversations) {
        ConversationFeed feed = new ConversationFeed(List.of(conversations),
                new FeedOptions(0, 7L, FeedOrder.SEQUENTIAL, atEnd));
        vars.putObject(ConversationYamlConfigElement.SUPPLY_VARIABLE, ConversationSupply.of(feed));
    }

    private static GenieConversationSampler sampler(GenieAsker genie, String minWait, String maxWait) {
        GenieConversationSampler sampler = new GenieConversationSampler() {
            @Override
            protected GenieAsker createAsker() {
                return genie;
            }
        };
        sampler.setName("Genie");
        sampler.setMinWait(minWait);
        sampler.setMaxWait(maxWait);
        return sampler;
    }

    private static GenieConversationSampler sampler(GenieAsker genie) {
        return sampler(genie, "0", "0");
    }

    @Test
    void reportsACompletedAnswerAsASuccessfulSampleWithTheClientsTiming() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Show total repairs by month", "Only for JetBlue"));
        SampleResult result = sampler(answeringGenie()).sample(null);

        assertTrue(result.isSuccessful());
        assertEquals("GENIE message_1_of_2", result.getSampleLabel());
        assertEquals("COMPLETED", result.getResponseCode());
        assertEquals(1_700_000_010_000L, result.getStartTime());
        assertEquals(4_001, result.getTime());
        assertEquals(1_700_000_010_000L + 4_001, result.getEndTime());
        assertEquals(4_001 - 35, result.getLatency(), "latency excludes the result fetch");
        String data = result.getResponseDataAsString();
        assertTrue(data.contains("SELECT month, COUNT(*) FROM repairs GROUP BY month"), data);
        assertTrue(data.contains("Description: Repairs per month"), data);
        assertTrue(data.contains("Rows: 12"), data);
        assertTrue(result.getSamplerData().contains("Question: Show total repairs by month"));
        assertEquals(new String(result.getResponseData(), StandardCharsets.UTF_8).length(), result.getBodySizeAsLong());
    }

    @Test
    void exportsTheGenieVariablesForTheJtl() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Show total repairs by month"));
        sampler(answeringGenie()).sample(null);

        assertEquals("GENIE", vars.get("genie_request_type"));
        assertEquals("conv-1", vars.get("genie_conversation_id"));
        assertEquals("msg-1", vars.get("genie_message_id"));
        assertEquals("COMPLETED", vars.get("genie_status"));
        assertEquals("3961", vars.get("genie_server_ms"));
        assertEquals("7", vars.get("genie_polls"));
        assertEquals("stmt-msg-1", vars.get("genie_statement_id"));
        assertEquals("genie_request_type,genie_conversation_id,genie_message_id,genie_status,genie_server_ms,"
                + "genie_polls,genie_statement_id,genie_matched_question,genie_question_similarity,"
                + "genie_context_similarity,genie_poll_errors,genie_submitted_ms,"
                + "genie_fetching_metadata_ms,genie_filtering_context_ms,"
                + "genie_asking_ai_ms,genie_pending_warehouse_ms,genie_executing_query_ms,genie_unobserved_ms,"
                + "genie_result_fetch_ms,genie_cache_errors",
                GenieSampleVariables.SAMPLE_VARIABLES);
        assertEquals("", vars.get("genie_matched_question"), "no cache in front: no match");
        assertEquals("2000", vars.get("genie_asking_ai_ms"), "ASKING_AI then COMPLETED: a whole status observed");
        assertEquals("0", vars.get("genie_executing_query_ms"), "a status not seen took no time");
        assertEquals("35", vars.get("genie_result_fetch_ms"));
    }

    @Test
    void theMavenBuildsJMeterWritesTheSameJtlColumnsAsTheLauncher() throws java.io.IOException {
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));

        assertTrue(pom.contains("<sample_variables>" + GenieSampleVariables.SAMPLE_VARIABLES + "</sample_variables>"),
                "pom.xml's sample_variables must be GenieSampleVariables.SAMPLE_VARIABLES");
    }

    @Test
    void sendsFollowUpsIntoTheConversationTheFirstMessageStarted() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1", "Q2", "Q3"), conversation("c2", "R1"));
        FakeGenie genie = answeringGenie();
        GenieConversationSampler sampler = sampler(genie);

        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            labels.add(sampler.sample(null).getSampleLabel());
        }

        assertEquals(List.of("GENIE message_1_of_3", "GENIE message_2_of_3", "GENIE message_3_of_3",
                "GENIE message_1_of_1", "GENIE message_1_of_3"), labels);
        assertEquals(List.of(new FakeGenie.Call("Q1", null), new FakeGenie.Call("Q2", "conv-1"),
                new FakeGenie.Call("Q3", "conv-1"), new FakeGenie.Call("R1", null),
                new FakeGenie.Call("Q1", null)), genie.calls);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(GenieOutcome.FAILED, "SQL_EXECUTION_EXCEPTION", 200),
                Arguments.of(GenieOutcome.CANCELLED, "CANCELLED", 200),
                Arguments.of(GenieOutcome.QUERY_RESULT_EXPIRED, "QUERY_RESULT_EXPIRED", 200),
                Arguments.of(GenieOutcome.RATE_LIMITED, "429", 429),
                Arguments.of(GenieOutcome.RATE_LIMITED, "RATE_LIMIT_EXCEEDED_WORKSPACE", 200),
                Arguments.of(GenieOutcome.HTTP_ERROR, "500", 500),
                Arguments.of(GenieOutcome.TIMEOUT, "TIMEOUT", 0),
                Arguments.of(GenieOutcome.CONNECTION_ERROR, "CONNECTION_ERROR", 0));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void reportsEveryOutcomeButCompletedAsAFailedSampleWithItsCode(GenieOutcome outcome, String code, int http) {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1"));
        FakeGenie genie = new FakeGenie((n, call) -> FakeAnswers.failed(outcome, code, "Genie said no: " + code,
                "conv-x", http));

        SampleResult result = sampler(genie).sample(null);

        assertFalse(result.isSuccessful());
        assertEquals(code, result.getResponseCode());
        assertEquals("Genie said no: " + code, result.getResponseMessage());
        assertEquals("GENIE message_1_of_1", result.getSampleLabel());
        assertEquals(1234, result.getTime());
        assertTrue(result.getResponseDataAsString().contains("Outcome: " + outcome), result.getResponseDataAsString());
    }

    @Test
    void skipsTheFollowUpsWhenTheFirstMessageStartedNoConversation() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1", "Q2"), conversation("c2", "R1"));
        FakeGenie genie = new FakeGenie((n, call) -> n == 1
                ? FakeAnswers.failed(GenieOutcome.RATE_LIMITED, "429", "Too many requests", null, 429)
                : FakeAnswers.completed("conv-ok", "msg-" + n, 1L, 10));
        GenieConversationSampler sampler = sampler(genie);

        SampleResult first = sampler.sample(null);
        String conversationVariable = vars.get("genie_conversation_id");
        SampleResult second = sampler.sample(null);

        assertEquals("429", first.getResponseCode());
        assertEquals("", conversationVariable);
        assertEquals("GENIE message_1_of_1", second.getSampleLabel());
        assertEquals("R1", genie.calls.get(1).question());
    }

    @Test
    void keepsFollowingUpWhenAFollowUpFails() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1", "Q2", "Q3"));
        FakeGenie genie = new FakeGenie((n, call) -> n == 2
                ? FakeAnswers.failed(GenieOutcome.FAILED, "GENERIC_CHAT_COMPLETION_EXCEPTION", "failed", "conv-1", 200)
                : FakeAnswers.completed("conv-1", "msg-" + n, 1L, 10));
        GenieConversationSampler sampler = sampler(genie);

        sampler.sample(null);
        assertFalse(sampler.sample(null).isSuccessful());
        SampleResult third = sampler.sample(null);

        assertEquals("GENIE message_3_of_3", third.getSampleLabel());
        assertEquals("conv-1", genie.calls.get(2).conversationId());
    }

    @Test
    void recordsNothingForAMessageInterruptedByTheEndOfTheTest() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1", "Q2"), conversation("c2", "R1"));
        FakeGenie genie = new FakeGenie((n, call) -> n == 1
                ? FakeAnswers.failed(GenieOutcome.INTERRUPTED, "INTERRUPTED", "interrupted", "conv-1", 0)
                : FakeAnswers.completed("conv-2", "msg-" + n, 1L, 10));
        GenieConversationSampler sampler = sampler(genie);

        assertNull(sampler.sample(null));
        SampleResult next = sampler.sample(null);
        assertEquals(new FakeGenie.Call("R1", null), genie.calls.get(1), "the cut conversation is abandoned");
        assertTrue(next.isSuccessful());
    }

    @Test
    void tellsCutOffCacheHitsFromQuestionsCutOffOnGeniesPath() {
        // Genie's side of a run: a hit cut off in its SQL re-run never reached Genie; a live question cut off
        // before Genie gave it a message id may not have; one with a message id surely did.
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1"), conversation("c2", "R1"), conversation("c3", "S1"),
                conversation("c4", "T1"));
        FakeGenie genie = new FakeGenie((n, call) -> switch (n) {
            case 1 -> cutOff(GenieAnswer.CacheUse.LRU_HIT, null);
            case 2 -> cutOff(GenieAnswer.CacheUse.LIVE, null);
            case 3 -> cutOff(GenieAnswer.CacheUse.LIVE, "msg-3");
            default -> FakeAnswers.completed("conv-4", "msg-4", 1L, 10);
        });
        GenieConversationSampler sampler = sampler(genie);
        sampler.testStarted();
        for (int i = 0; i < 4; i++) {
            sampler.sample(null);
        }
        sampler.testEnded();

        assertEquals(3, GenieConversationSampler.cutOffQuestions());
        assertEquals("questions_cut_off=3 at_genie=2 acknowledged_by_genie=1", GenieConversationSampler.cutOffLine());
    }

    private static GenieAnswer cutOff(GenieAnswer.CacheUse path, String messageId) {
        GenieAnswer a = FakeAnswers.failed(GenieOutcome.INTERRUPTED, "INTERRUPTED", "interrupted", null, 0);
        return new GenieAnswer(a.outcome(), a.responseCode(), a.responseMessage(),
                new GenieAnswer.Message(messageId == null ? null : "conv-" + messageId, messageId, null), a.error(),
                a.content(), a.timing(), path);
    }

    @Test
    void stopsTheThreadWhenTheConversationsAreUsedUpAndSetToStop() {
        supply(EndOfFeed.STOP, conversation("c1", "Q1"));
        GenieConversationSampler sampler = sampler(answeringGenie());

        assertTrue(sampler.sample(null).isSuccessful());
        JMeterStopThreadException stop = assertThrows(JMeterStopThreadException.class, () -> sampler.sample(null));
        assertTrue(stop.getMessage().contains("stop the thread"), stop.getMessage());
    }

    @Test
    void failsWithAnExplanationWhenNoConfigElementApplies() {
        SampleResult result = sampler(answeringGenie()).sample(null);

        assertFalse(result.isSuccessful());
        assertEquals(GenieSamples.CONFIGURATION_ERROR, result.getResponseCode());
        assertTrue(result.getResponseMessage().contains("Add > Config Element > Genie Conversations (YAML)"));
    }

    @Test
    void failsWithTheConfigElementsMessageWhenTheFileCouldNotBeLoaded() {
        vars.putObject(ConversationYamlConfigElement.SUPPLY_VARIABLE,
                ConversationSupply.failed("Conversations file not found: /nowhere/conversations.yaml. Export ..."));

        SampleResult result = sampler(answeringGenie()).sample(null);

        assertEquals(GenieSamples.CONFIGURATION_ERROR, result.getResponseCode());
        assertTrue(result.getResponseMessage().startsWith("Conversations file not found: /nowhere/"));
    }

    @Test
    void failsEverySampleWithTheReasonWhenGenieCannotBeReached() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1"));
        AtomicInteger attempts = new AtomicInteger();
        GenieConversationSampler sampler = new GenieConversationSampler() {
            @Override
            protected GenieAsker createAsker() {
                attempts.incrementAndGet();
                throw new IllegalArgumentException("GENIE_SPACE_ID is not set");
            }
        };
        sampler.setMinWait("0");
        sampler.setMaxWait("0");

        SampleResult first = sampler.sample(null);
        SampleResult second = sampler.sample(null);

        assertEquals(GenieSamples.CONFIGURATION_ERROR, first.getResponseCode());
        assertEquals("Cannot connect to Genie: GENIE_SPACE_ID is not set", second.getResponseMessage());
        assertEquals(1, attempts.get(), "the connection is attempted once per test, not per sample");
    }

    @Test
    void namesTheFieldWhenAWaitIsNotANumber() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1"));
        SampleResult result = sampler(answeringGenie(), "soon", "30").sample(null);

        assertEquals(GenieSamples.CONFIGURATION_ERROR, result.getResponseCode());
        assertTrue(result.getResponseMessage().contains("GENIE_MIN_WAIT=\"soon\" (from the Min wait field of Genie"),
                result.getResponseMessage());
    }

    @Test
    void refusesAMaxWaitBelowTheMinWait() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1"));
        SampleResult result = sampler(answeringGenie(), "10", "5").sample(null);

        assertTrue(result.getResponseMessage().contains("is larger than GENIE_MAX_WAIT 5 (from the Max wait field"),
                result.getResponseMessage());
    }

    @Test
    void connectsOnceAtTestStartSharesTheClientAndClosesItWhenTheTestEnds() {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1"));
        FakeGenie genie = answeringGenie();
        AtomicInteger created = new AtomicInteger();
        GenieConversationSampler template = new GenieConversationSampler() {
            @Override
            protected GenieAsker createAsker() {
                created.incrementAndGet();
                return genie;
            }
        };
        template.setMinWait("0");
        template.setMaxWait("0");

        template.testStarted();
        assertEquals(1, created.get(), "connected before any thread samples");
        template.sample(null);
        template.sample(null);
        template.testEnded();

        assertEquals(1, created.get());
        assertEquals(1, genie.closed.get());
    }

    @Test
    void endsTheWaitWithoutASampleAndKeepsTheInterruptWhenInterrupted() throws Exception {
        supply(EndOfFeed.RECYCLE, conversation("c1", "Q1", "Q2"));
        FakeGenie genie = answeringGenie();
        GenieConversationSampler sampler = sampler(genie, "60", "60");
        assertTrue(sampler.sample(null).isSuccessful()); // the follow-up now waits 30 s

        Thread me = Thread.currentThread();
        Thread stopper = new Thread(() -> {
            awaitWaiting(List.of(me));
            sampler.interrupt();
        });
        stopper.start();
        SampleResult result = sampler.sample(null);

        assertNull(result, "a wait cut short records no sample");
        assertTrue(Thread.interrupted(), "the interrupt is kept for JMeter's thread loop");
        assertEquals(1, genie.calls.size(), "the follow-up was not sent");
        stopper.join();
    }

    @Test
    void stopsHundredsOfWaitingUsersBeforeTheirFollowUps() throws Exception {
        int users = 300;
        List<GenieConversationSampler> samplers = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(users);
        FakeGenie genie = answeringGenie();
        ConversationFeed feed = new ConversationFeed(List.of(conversation("c1", "Q1", "Q2")),
                new FeedOptions(0, 7L, FeedOrder.RANDOM, EndOfFeed.RECYCLE));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Thread t = new Thread(() -> {
                JMeterVariables threadVars = new JMeterVariables();
                threadVars.putObject(ConversationYamlConfigElement.SUPPLY_VARIABLE, ConversationSupply.of(feed));
                JMeterContextService.getContext().setVariables(threadVars);
                GenieConversationSampler sampler = sampler(genie, "60", "60");
                samplers.add(sampler);
                sampler.sample(null);
                sampler.sample(null); // waits 30 s before the follow-up
                done.countDown();
            });
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        awaitWaiting(threads); // every user asked its first question and sleeps before the follow-up
        assertEquals(users, genie.calls.size());

        long start = System.nanoTime();
        samplers.forEach(GenieConversationSampler::interrupt);
        // The follow-ups are 30 s away: a wide bound that only a stop can meet (not a speed check).
        boolean allStopped = done.await(20, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(allStopped, "still waiting after 20 s: " + done.getCount());
        assertEquals(users, genie.calls.size(), "no follow-up was sent after the stop");
        for (Thread t : threads) {
            t.join(1_000);
            assertFalse(t.isAlive(), t.getName() + " still running after the stop");
        }
        System.out.printf("stopped %d waiting users in %d ms%n", users, tookMs);
    }

    /** Waits (at most 20 s) until every thread sleeps in a timed wait, i.e. is inside its think time. */
    private static void awaitWaiting(List<Thread> threads) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("threads never all entered their wait");
            }
            sleepQuietly(5);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
