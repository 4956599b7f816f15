package io.geniejmeter.jmeter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One cell of {@link FaultMatrixIT}: the fault (simulator options and client settings), the plan and load, and what
 * the samples may say: the response codes of failures the fault explains, and those of which at least one must show
 * (else the fault was never met and the cell proved nothing). Built fluently from {@link #of}.
 */
final class FaultCell {

    private final String fault;
    private final String expected;
    private Path plan = Path.of("testplans/genie-standard.jmx");
    private final Map<String, String> sim = new LinkedHashMap<>(Map.of("time-scale", "0.02", "qpm", "0",
            "seed", "11"));
    private final Map<String, String> props = new LinkedHashMap<>();
    private final Set<String> allowed = new LinkedHashSet<>();
    private final Set<String> mustSee = new LinkedHashSet<>();
    private final Set<String> lostAnswers = new LinkedHashSet<>();
    private int users = 6;
    private int seconds = 4;
    private long killAtMs = -1;
    private long downMs;
    private int lakebaseTokenSeconds = -1;

    private FaultCell(String fault, String expected) {
        this.fault = fault;
        this.expected = expected;
    }

    /** A cell named by its fault, with the classification expected in words (for the docs' table). */
    static FaultCell of(String fault, String expected) {
        return new FaultCell(fault, expected);
    }

    FaultCell plan(Path p) {
        plan = p;
        return this;
    }

    FaultCell sim(String option, String value) {
        sim.put(option, value);
        return this;
    }

    FaultCell prop(String name, String value) {
        props.put(name, value);
        return this;
    }

    /** Response codes a failed sample may have in this cell. */
    FaultCell allow(String... codes) {
        allowed.addAll(List.of(codes));
        return this;
    }

    /** At least one sample must have one of these response codes. */
    FaultCell mustSee(String... codes) {
        mustSee.addAll(List.of(codes));
        return this;
    }

    /**
     * Failure codes allowed even for a message Genie answered: the answer was lost with the server before the client
     * could read it (a restarted simulator knows none of the old messages).
     */
    FaultCell lostAnswers(String... codes) {
        lostAnswers.addAll(List.of(codes));
        return this;
    }

    Set<String> lostAnswers() {
        return lostAnswers;
    }

    FaultCell users(int n) {
        users = n;
        return this;
    }

    FaultCell seconds(int s) {
        seconds = s;
        return this;
    }

    /** Closes the simulator {@code atMs} after the start and starts another on its port {@code downMs} later. */
    FaultCell killAndRestart(long atMs, long down) {
        killAtMs = atMs;
        downMs = down;
        return this;
    }

    /**
     * The Lakebase plan logged in through the simulator's Lakebase endpoints to the tests' PostgreSQL, with database
     * tokens that expire after {@code seconds} ({@link LakebaseTokenSide} plays Lakebase's side of them).
     */
    FaultCell lakebaseTokens(int seconds) {
        lakebaseTokenSeconds = seconds;
        plan = Path.of("testplans/genie-lakebase.jmx");
        sim.put("lakebase-token-seconds", Integer.toString(seconds));
        return this;
    }

    /** Lifetime of the cell's Lakebase tokens, seconds; -1 when the cell has no Lakebase login. */
    int lakebaseTokenSeconds() {
        return lakebaseTokenSeconds;
    }

    String fault() {
        return fault;
    }

    String expected() {
        return expected;
    }

    Path plan() {
        return plan;
    }

    Map<String, String> simulatorOptions() {
        return sim;
    }

    Set<String> allowed() {
        return allowed;
    }

    Set<String> mustSee() {
        return mustSee;
    }

    int seconds() {
        return seconds;
    }

    long killAtMs() {
        return killAtMs;
    }

    long downMs() {
        return downMs;
    }

    /** The JMeter properties of this cell's run ({@code -J...} of {@code jmeter -n}). */
    Map<String, String> jmeterProperties(Path envFile) {
        Map<String, String> p = FaultMatrixIT.baseProperties(envFile);
        p.put("genie.users", Integer.toString(users));
        p.put("genie.duration", Integer.toString(seconds));
        p.putAll(props);
        return p;
    }

    @Override
    public String toString() {
        return fault;
    }
}
