package io.geniejmeter.jmeter;

import io.geniejmeter.genie.GenieSampleVariables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jmeter.control.WhileController;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jmeter.threads.openmodel.OpenModelThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrival-rate plan's structure (testplans/genie-arrival-rate.jmx: Open Model Thread Group, conversations,
 * While Controller on {@code genie_more_messages} around the sampler) in a real engine against the embedded
 * simulator: each arrival replays exactly one whole conversation, and arrivals beyond the in-flight limit are
 * recorded and counted rather than lost.
 */
class ArrivalRateEngineTest {

    private static final Pattern POSITION = Pattern.compile("GENIE message_(\\d+)_of_(\\d+)");
    private final List<String> propertiesSet = new ArrayList<>();

    @BeforeAll
    static void jmeterProperties() {
        JMeterTestProperties.init();
    }

    @AfterEach
    void removeProperties() {
        Properties props = JMeterUtils.getJMeterProperties();
        propertiesSet.forEach(props::remove);
        SampleEvent.initSampleVariables();
        SharedGenie.close();
        TestSettings.clear();
    }

    private void property(String name, String value) {
        JMeterUtils.getJMeterProperties().setProperty(name, value);
        propertiesSet.add(name);
    }

    private static HashTree plan(String schedule, GenieEngineTest.Collector collector) {
        ListedHashTree tree = new ListedHashTree();
        HashTree planTree = tree.add(new TestPlan("arrival-rate engine test"));
        OpenModelThreadGroup group = new OpenModelThreadGroup();
        group.setName("Genie conversations arriving");
        group.setScheduleString(schedule);
        group.setProperty("OpenModelThreadGroup.random_seed", "7");
        HashTree groupTree = planTree.add(group);
        ConversationYamlConfigElement config = new ConversationYamlConfigElement();
        config.setName("Genie Conversations (YAML)");
        config.setProperty("filename", ConversationYamlConfigElementTest.fixture("six-conversations.yaml").toString());
        config.setProperty("seed", "42");
        config.setProperty("sampleSize", "");
        config.setProperty("shareMode", ConversationYamlConfigElement.SHARE_ALL);
        config.setProperty("order", ConversationYamlConfigElement.ORDER_RANDOM);
        config.setProperty("atEnd", ConversationYamlConfigElement.AT_END_RECYCLE);
        groupTree.add(config);
        WhileController loop = new WhileController();
        loop.setName("One whole conversation per arrival");
        loop.setCondition("${" + GenieConversationSampler.MORE_MESSAGES_VARIABLE + "}");
        HashTree loopTree = groupTree.add(loop);
        GenieConversationSampler sampler = new GenieConversationSampler();
        sampler.setName("Genie Conversation Sampler");
        sampler.setProperty("minWait", "0.1");
        sampler.setProperty("maxWait", "0.3");
        loopTree.add(sampler);
        planTree.add(collector);
        return tree;
    }

    private GenieEngineTest.Collector run(String schedule) throws Exception {
        property("genie.target", "simulator");
        property("genie.simulator.time-scale", "0.02");
        property("sample_variables", GenieSampleVariables.SAMPLE_VARIABLES);
        SampleEvent.initSampleVariables();
        GenieEngineTest.Collector collector = new GenieEngineTest.Collector();
        StandardJMeterEngine engine = new StandardJMeterEngine();
        engine.configure(plan(schedule, collector));
        engine.runTest();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (engine.isActive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(engine.isActive(), "the schedule ends the test");
        return collector;
    }

    /** The answered samples by arrival (each arrival is its own JMeter thread), in start order. */
    private static Map<String, List<SampleResult>> byArrival(GenieEngineTest.Collector collector) {
        Map<String, List<SampleResult>> arrivals = new TreeMap<>();
        collector.events.stream().map(SampleEvent::getResult)
                .filter(r -> r.getSampleLabel().startsWith("GENIE "))
                .sorted((a, b) -> Long.compare(a.getStartTime(), b.getStartTime()))
                .forEach(r -> arrivals.computeIfAbsent(r.getThreadName(), k -> new ArrayList<>()).add(r));
        return arrivals;
    }

    @Test
    void eachArrivalReplaysOneWholeConversationWithEveryMessageItsOwnSample() throws Exception {
        GenieEngineTest.Collector collector = run("rate(6/sec) random_arrivals(2 sec) pause(6 sec)");

        Map<String, List<SampleResult>> arrivals = byArrival(collector);
        // 12 expected arrivals; a Poisson count over 2 s at 6/s lies in 4..24 with near certainty
        assertTrue(arrivals.size() >= 4 && arrivals.size() <= 24, "arrivals: " + arrivals.size());
        int followUps = 0;
        for (Map.Entry<String, List<SampleResult>> arrival : arrivals.entrySet()) {
            List<SampleResult> samples = arrival.getValue();
            int count = -1;
            for (int i = 0; i < samples.size(); i++) {
                Matcher m = POSITION.matcher(samples.get(i).getSampleLabel());
                assertTrue(m.matches(), samples.get(i).getSampleLabel());
                assertEquals(i + 1, Integer.parseInt(m.group(1)), arrival.getKey() + ": messages in order, once");
                count = Integer.parseInt(m.group(2));
                assertTrue(samples.get(i).isSuccessful(), samples.get(i).getResponseMessage());
            }
            assertEquals(count, samples.size(), arrival.getKey() + " replayed its whole conversation, no more");
            followUps += samples.size() - 1;
        }
        assertTrue(followUps > 0, "the fixture has multi-message conversations: follow-ups were sent");
        assertEquals(0, GenieConversationSampler.refusedArrivals());
    }

    @Test
    void arrivalsBeyondTheInFlightLimitAreRecordedAndCountedNotLost() throws Exception {
        property(GenieConversationSampler.MAX_IN_FLIGHT_PROPERTY, "2");
        GenieEngineTest.Collector collector = run("rate(20/sec) random_arrivals(1 sec) pause(10 sec)");

        List<SampleResult> refused = collector.events.stream().map(SampleEvent::getResult)
                .filter(r -> r.getSampleLabel().equals(GenieConversationSampler.NO_CAPACITY_LABEL)).toList();
        Map<String, List<SampleResult>> answered = byArrival(collector);
        assertFalse(refused.isEmpty(), "20 arrivals in a second cannot all fit in 2 places");
        assertEquals(refused.size(), GenieConversationSampler.refusedArrivals(), "each refusal counted for the log");
        for (SampleResult r : refused) {
            assertFalse(r.isSuccessful());
            assertEquals(GenieConversationSampler.NO_CAPACITY, r.getResponseCode());
            assertFalse(answered.containsKey(r.getThreadName()), "a refused arrival asks nothing");
        }
        // Every arrival is answered, refused or (in a slow, cold JVM) cut off by the schedule's end: together they are
        // the Poisson count of 20/s over 1 s, and the first two had room.
        int admitted = answered.size() + GenieConversationSampler.cutOffQuestions();
        assertTrue(refused.size() + admitted >= 8 && refused.size() + admitted <= 35,
                "arrivals: " + refused.size() + " refused, " + admitted + " admitted");
        assertTrue(admitted >= 2, "the first two arrivals had room: " + answered.size() + " answered, "
                + GenieConversationSampler.cutOffQuestions() + " cut off");
    }
}
