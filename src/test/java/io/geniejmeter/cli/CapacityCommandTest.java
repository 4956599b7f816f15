package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The command line of bin/genie-capacity: its own options, and the rest passed to each step's launcher. */
class CapacityCommandTest {

    @Test
    void keepsItsOwnOptionsAndPassesTheLaunchersOnIncludingTheTimeScale() throws Exception {
        CapacityCommand.Options o = CapacityCommand.parse(List.of("--rates", "2/min,0.1/s,120/hour", "--step-time",
                "5m", "--p95=45", "--max-errors", "2", "--results-dir", "out", "--qpm", "5", "--time-scale", "0.1",
                "--sim-warehouse-slots", "2", "-c", "c.yaml"));

        assertEquals(List.of(2.0, 6.0, 2.0), o.rates);
        assertEquals(300, o.stepSeconds);
        assertEquals(45, o.p95);
        assertEquals(0.02, o.maxErrors, 1e-12);
        assertEquals(Path.of("out"), o.resultsDir);
        assertEquals(0.1, o.timeScale);
        assertEquals(List.of("--qpm", "5", "--time-scale", "0.1", "--sim-warehouse-slots", "2", "-c", "c.yaml"),
                o.passed);
    }

    @Test
    void searchesFromTwoPerMinuteByDefaultAndRefusesWhatEachStepChooses() throws Exception {
        CapacityCommand.Options o = CapacityCommand.parse(List.of());
        assertTrue(o.rates.isEmpty() && o.users.isEmpty());
        assertEquals(2.0, o.start);
        assertEquals(180, o.stepSeconds);

        assertTrue(assertThrows(LoadTestOptions.UsageException.class, () -> CapacityCommand.parse(List.of("-u", "5")))
                .getMessage().contains("chosen per step"));
        assertThrows(LoadTestOptions.UsageException.class,
                () -> CapacityCommand.parse(List.of("--rates", "2/min", "--users", "3")));
        assertThrows(LoadTestOptions.UsageException.class, () -> CapacityCommand.parse(List.of("--rates", "2")));
    }

    @Test
    void scalesTheDefaultOneSecondPollWithTheTimeScaleDownToTheFiftyMillisecondsAllowed() {
        assertEquals(100, CapacityCommand.scaledPollMs(0.1));
        assertEquals(50, CapacityCommand.scaledPollMs(0.02));
        assertEquals(500, CapacityCommand.scaledPollMs(0.5));
    }
}
