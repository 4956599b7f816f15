package io.geniejmeter.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DetailFileLocationTest {

    private static final Path WORK = Path.of("/work/dir");

    @Test
    void genieResultsDirWinsAndNamesTheRun() {
        DetailFileLocation l = DetailFileLocation.choose("out/run-7", "ApacheJMeter.jar -n -t p.jmx -l x/r.jtl",
                "/d/dashboard", WORK);

        assertEquals(WORK.resolve("out/run-7/detailed_metrics.csv"), l.file());
        assertEquals("run-7", l.runId());
    }

    @Test
    void withoutItTheFileGoesBesideTheJtlOfTheCommandLine() {
        assertEquals(WORK.resolve("res/20261128/detailed_metrics.csv"), DetailFileLocation.choose(null,
                "ApacheJMeter-5.6.3.jar -n -t plan.jmx -l res/20261128/results.jtl -e -o elsewhere/dash", null,
                WORK).file());
        assertEquals(Path.of("/abs/detailed_metrics.csv"), DetailFileLocation.choose(" ",
                "ApacheJMeter.jar --logfile=/abs/r.jtl", null, WORK).file());
    }

    @Test
    void thenBesideTheDashboardThenResultsInTheWorkingDirectory() {
        assertEquals(Path.of("/out/detailed_metrics.csv"),
                DetailFileLocation.choose(null, "ApacheJMeter.jar -t plan.jmx", "/out/dashboard", WORK).file());
        DetailFileLocation gui = DetailFileLocation.choose(null, "ApacheJMeter.jar", null, WORK);
        assertEquals(WORK.resolve("results/detailed_metrics.csv"), gui.file());
        assertEquals("results", gui.runId());
    }
}
