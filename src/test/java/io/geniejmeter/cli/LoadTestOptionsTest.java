package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.settings.GenieSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadTestOptionsTest {

    private static LoadTestOptions parse(String... args) throws LoadTestOptions.UsageException {
        return LoadTestOptions.parse(List.of(args));
    }

    @Test
    void readsTheOriginalToolsHeadlessCommand() throws Exception {
        LoadTestOptions o = parse("--headless", "-u", "5", "-r", "1", "-t", "5m");

        assertTrue(o.headless);
        assertEquals(5, o.users);
        assertEquals(1.0, o.spawnRate);
        assertEquals(300, o.runTimeSeconds);
        assertEquals(5, o.rampUpSeconds(), "one user per second");
    }

    @Test
    void usesTheOriginalsDefaultsOfOneUserOnePerSecondTenMinutes() throws Exception {
        LoadTestOptions o = parse();

        assertFalse(o.headless);
        assertEquals(1, o.users);
        assertEquals(600, o.runTimeSeconds);
        assertEquals(Path.of("testplans", "genie-standard.jmx"), o.plan);
        assertEquals(List.of(), o.settings);
        assertNull(o.seed);
    }

    @Test
    void readsEveryOtherOptionInBothSpellings() throws Exception {
        LoadTestOptions o = parse("--users=20", "--spawn-rate", "2", "--run-time", "30m", "-c", "my.yaml",
                "--sample-size", "10", "--min-wait", "3", "--max-wait", "15", "--seed", "42", "--results-dir",
                "out", "--plan", "p.jmx", "--simulator", "-Jgenie.max_connections=500", "-J", "a=b=c");

        assertEquals(20, o.users);
        assertEquals(10, o.rampUpSeconds());
        assertEquals(1800, o.runTimeSeconds);
        assertEquals(List.of(new GenieSettings.Given("GENIE_TARGET", "simulator", "option --simulator"),
                new GenieSettings.Given("GENIE_CONVERSATIONS_FILE", "my.yaml", "option -c"),
                new GenieSettings.Given("GENIE_SAMPLE_SIZE", "10", "option --sample-size"),
                new GenieSettings.Given("GENIE_MIN_WAIT", "3", "option --min-wait"),
                new GenieSettings.Given("GENIE_MAX_WAIT", "15", "option --max-wait"),
                new GenieSettings.Given("GENIE_SAMPLE_SEED", "42", "option --seed")), o.settings);
        assertEquals("42", o.seed);
        assertEquals(Path.of("out"), o.resultsDir);
        assertEquals(Path.of("p.jmx"), o.plan);
        assertEquals(Map.of("genie.max_connections", "500", "a", "b=c"), o.jmeterProperties);
    }

    @Test
    void passesSimulatorOptionsThroughByTheirSimulatorNames() throws Exception {
        LoadTestOptions o = parse("--time-scale", "0.1", "--qpm", "5", "--rate-limit-style", "failed-message",
                "--sim-fail-rate", "0.05", "--sim-warehouse-slots=2");

        assertEquals(Map.of("time-scale", "0.1", "qpm", "5", "rate-limit-style", "failed-message",
                "fail-rate", "0.05", "warehouse-slots", "2"), o.simulator);
    }

    @ParameterizedTest
    @CsvSource({"30s,30", "5m,300", "1h,3600", "1h30m,5400", "2m15s,135", "90,90"})
    void readsRunTimesAsTheOriginalDid(String text, long seconds) throws Exception {
        assertEquals(seconds, LoadTestOptions.durationSeconds("-t", text));
    }

    @ParameterizedTest
    @CsvSource({"5 minutes", "m5", "0s", "-1"})
    void refusesRunTimesItCannotRead(String text) {
        LoadTestOptions.UsageException e = assertThrows(LoadTestOptions.UsageException.class,
                () -> parse("-t", text));
        assertTrue(e.getMessage().startsWith("-t '" + text + "'"), e.getMessage());
    }

    @Test
    void startsUsersAtAFractionalRate() throws Exception {
        assertEquals(20, parse("-u", "10", "-r", "0.5").rampUpSeconds());
    }

    @Test
    void namesTheOptionThatIsWrong() {
        assertEquals("-u 'five' is not a whole number of 1 or more",
                assertThrows(LoadTestOptions.UsageException.class, () -> parse("-u", "five")).getMessage());
        assertEquals("-u must be at least 1 (got 0)",
                assertThrows(LoadTestOptions.UsageException.class, () -> parse("-u", "0")).getMessage());
        assertEquals("option -c needs a value",
                assertThrows(LoadTestOptions.UsageException.class, () -> parse("-c")).getMessage());
        assertEquals("unknown option --users-per-second (see --help)",
                assertThrows(LoadTestOptions.UsageException.class,
                        () -> parse("--users-per-second", "3")).getMessage());
        assertEquals("--min-wait 'soon' is not a number of seconds, 0 or more (a '.' before decimals)",
                assertThrows(LoadTestOptions.UsageException.class, () -> parse("--min-wait", "soon")).getMessage());
    }

    @Test
    void refusesASimulatorOptionTheSimulatorDoesNotHaveBeforeStartingJMeter() {
        assertEquals("unknown option --sim-fail-rat (see --help)",
                assertThrows(LoadTestOptions.UsageException.class,
                        () -> parse("--sim-fail-rat", "0.1")).getMessage());
    }

    @Test
    void refusesAnOutOfRangeSimulatorValueBeforeStartingJMeterNamingTheOptionAsTyped() {
        assertEquals("option --sim-fail-rate must be between 0 and 1 (got 2)",
                assertThrows(LoadTestOptions.UsageException.class,
                        () -> parse("--sim-fail-rate", "2")).getMessage());
        assertEquals("option --qpm must be at least 0 (got -1)",
                assertThrows(LoadTestOptions.UsageException.class, () -> parse("--qpm=-1")).getMessage());
        assertEquals("option --sim-max-connections: 'many' is not a whole number",
                assertThrows(LoadTestOptions.UsageException.class,
                        () -> parse("--sim-max-connections", "many")).getMessage());
    }

    @Test
    void refusesASecretAsAJMeterPropertyWithoutEchoingIt() {
        String message = assertThrows(LoadTestOptions.UsageException.class,
                () -> parse("-J", "DATABRICKS_TOKEN=dapi-secret-123")).getMessage();

        assertTrue(message.contains("set DATABRICKS_TOKEN in .env or in the environment"), message);
        assertFalse(message.contains("dapi-secret-123"), message);
        assertFalse(assertThrows(LoadTestOptions.UsageException.class, () -> parse("-J", "dapi-typed-alone"))
                .getMessage().contains("dapi-typed-alone"));
    }

    @Test
    void namesTheLongSpellingWhenThatWasTyped() {
        assertEquals("--run-time '5 minutes' is not a duration: use e.g. 30s, 5m, 1h or 1h30m",
                assertThrows(LoadTestOptions.UsageException.class,
                        () -> parse("--run-time=5 minutes")).getMessage());
    }

    @Test
    void documentsEveryOptionItAccepts() {
        for (String option : List.of("--headless", "-u, --users", "-r, --spawn-rate", "-t, --run-time",
                "-c, --conversations", "--sample-size", "--min-wait", "--max-wait", "--seed", "--results-dir",
                "--plan", "--simulator", "-J NAME=VALUE", "--time-scale", "--qpm", "--rate-limit-style",
                "--sim-OPTION", "-h, --help")) {
            assertTrue(LoadTestOptions.usage(Scenario.STANDARD).contains(option), option);
        }
    }

    @Test
    void anArrivalRateRunsTheOpenModelPlanForTheRunTime() throws Exception {
        LoadTestOptions o = parse("--headless", "--arrival-rate", "5/min", "-t", "2m");

        assertEquals("pause(5 sec) rate(5/min) random_arrivals(120 sec)", o.arrivalSchedule);
        assertEquals(Path.of("testplans", "genie-arrival-rate.jmx"), o.plan);
        assertEquals(1000, o.maxInFlight);
        assertNull(parse("-u", "3").arrivalSchedule, "users: the closed model");
    }

    @ParameterizedTest
    @CsvSource({"0.5/s, 0.5/sec", "300/hour, 300/hour", "2/m, 2/min", "10 / sec, 10/sec"})
    void writesRatesInJMetersScheduleUnits(String given, String jmeter) throws Exception {
        assertEquals(jmeter, LoadTestOptions.jmeterRate("--arrival-rate", given));
    }

    @Test
    void passesAScheduleWithRampsAndStepsAsGivenAndTheInFlightLimit() throws Exception {
        String schedule = "rate(0) random_arrivals(1 min) rate(10/min) random_arrivals(5 min) pause(1 min)";
        LoadTestOptions o = parse("--arrival-schedule", schedule, "--max-in-flight", "50");

        assertEquals(schedule, o.arrivalSchedule);
        assertEquals(50, o.maxInFlight);
    }

    @Test
    void refusesBadRatesAndMixingTheTwoModels() {
        assertTrue(assertThrows(LoadTestOptions.UsageException.class, () -> parse("--arrival-rate", "5"))
                .getMessage().contains("--arrival-rate '5' is not a rate above 0: use e.g. 5/min"));
        assertThrows(LoadTestOptions.UsageException.class, () -> parse("--arrival-rate", "0/min"));
        assertTrue(assertThrows(LoadTestOptions.UsageException.class,
                () -> parse("--arrival-rate", "5/min", "-u", "3")).getMessage().contains("either -u or"));
        assertTrue(assertThrows(LoadTestOptions.UsageException.class,
                () -> parse("--arrival-rate", "5/min", "--arrival-schedule", "rate(1/min) random_arrivals(1 min)"))
                .getMessage().contains("not both"));
        assertTrue(assertThrows(LoadTestOptions.UsageException.class,
                () -> parse("--arrival-schedule", "rate(1/min)")).getMessage().contains("no random_arrivals"));
    }

    @Test
    void takesTheRemoteNodesAsHostOrHostPortAndRefusesAnythingElse() throws Exception {
        assertEquals(List.of("10.0.0.5", "node-2.internal:1100", "[::1]:1099"),
                parse("--remote", "10.0.0.5,node-2.internal:1100,[::1]:1099").remote);
        assertEquals(List.of(), parse().remote);
        assertTrue(assertThrows(LoadTestOptions.UsageException.class, () -> parse("--remote", "a:b"))
                .getMessage().startsWith("option --remote: 'a:b' is not host or host:port"));
        assertTrue(assertThrows(LoadTestOptions.UsageException.class, () -> parse("--remote", "a,a"))
                .getMessage().contains("listed twice"));
    }
}
