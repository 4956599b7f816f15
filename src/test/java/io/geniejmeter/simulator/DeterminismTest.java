package io.geniejmeter.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Same seed and inputs give the same answers, SQL, ids and latencies; the time scale shrinks every duration. */
class DeterminismTest {

    private static final long T0 = 1_760_000_000_000L;
    private static final List<String> QUESTIONS = List.of("Show total repairs by month for JetBlue airline",
            "How many flights per airline", "Top 5 airports by delay", "Hello", "Average fare in 2024",
            "Count bookings for the last 30 days");

    private record Run(List<String> ids, List<String> sql, List<Map<String, Long>> phases) {
    }

    private static Run run(long seed, double scale) {
        ManualClock clock = new ManualClock(T0);
        GenieEngine engine = new GenieEngine(SimulatorConfig.builder().clock(clock).seed(seed).timeScale(scale)
                .qpm(0).build());
        List<String> ids = new ArrayList<>();
        List<String> sql = new ArrayList<>();
        for (String q : QUESTIONS) {
            GenieEngine.Posted p = engine.startConversation(q);
            ids.add(p.conversation().id + "/" + p.message().messageId);
            sql.add(p.message().answer.textOnly() ? p.message().answer.text() : p.message().answer.sql());
            clock.advanceMillis(500);
        }
        clock.advanceMillis(1_000_000);
        List<Map<String, Long>> phases = new ArrayList<>();
        engine.truths().forEach(t -> phases.add(t.phasesMs()));
        return new Run(ids, sql, phases);
    }

    @Test
    void shouldReproduceIdsSqlAndLatenciesWhenTheSeedIsTheSame() {
        Run a = run(11, 1);
        Run b = run(11, 1);

        assertEquals(a, b);
    }

    @Test
    void shouldChangeIdsAndLatenciesWhenTheSeedChanges() {
        Run a = run(11, 1);
        Run b = run(12, 1);

        assertNotEquals(a.ids(), b.ids());
        assertNotEquals(a.phases(), b.phases());
    }

    @Test
    void shouldShrinkEveryPhaseByTheTimeScale() {
        Run full = run(11, 1);
        Run fast = run(11, 0.01);

        assertEquals(QUESTIONS.size(), full.phases().size());
        assertTrue(full.phases().stream().allMatch(p -> p.size() >= 4), "every message went through its phases");
        for (int i = 0; i < full.phases().size(); i++) {
            for (Map.Entry<String, Long> e : full.phases().get(i).entrySet()) {
                long scaled = fast.phases().get(i).get(e.getKey());
                assertTrue(Math.abs(scaled - e.getValue() * 0.01) <= 1.0,
                        e.getKey() + ": " + e.getValue() + " ms at scale 1, " + scaled + " ms at 0.01");
            }
        }
    }

    @Test
    void shouldDeriveSqlFromTheQuestionWhenItNamesAggregateGroupAndLimit() {
        AnswerGenerator g = new AnswerGenerator(1, 0);

        String sql = g.answer("Top 5 airports by delay").sql();

        assertTrue(sql.contains("\nGROUP BY delay\n"), "grouped by the word after 'by': " + sql);
        assertTrue(sql.contains("\nORDER BY total_airports DESC\nLIMIT 5"), "top 5 of the aggregate: " + sql);
        assertTrue(g.answer("How many flights per airline").sql().startsWith("SELECT airline, COUNT(*)"));
        assertTrue(g.answer("Average fare in 2024").sql().contains("year(fare_date) = 2024"));
        assertEquals(g.answer("Average fare in 2024"), new AnswerGenerator(1, 0).answer("Average fare in 2024"));
    }
}
