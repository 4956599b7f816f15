package io.geniejmeter.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the rules that keep time injectable and the simulator beside the product, by reading the main sources (Maven
 * runs tests in the project directory): the core reads and waits on time only through {@link Clock} (a
 * {@code java.time.Clock} remains allowed as a calendar, for dates in files); the clock's package depends on nothing
 * of the project; genie and the simulator do not import each other; the core imports nothing from JMeter.
 */
class CoreTimeAndLayeringTest {

    private static final Path MAIN = Path.of("src", "main", "java", "io", "geniejmeter");
    private static final List<String> CORE = List.of("genie", "conversation", "export", "simulator", "cache",
            "lakebase");
    private static final Pattern BARE_TIME = Pattern.compile(
            "Thread\\.sleep\\(|System\\.nanoTime\\(|System\\.currentTimeMillis\\(|TimeUnit\\.\\w+\\.sleep\\("
                    + "|LockSupport\\.park|Instant\\.now\\(");

    /** "file:line: text" for every code line (comments skipped) of {@code pkg} that matches {@code pattern}. */
    private static List<String> find(String pkg, Pattern pattern) {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (!code.startsWith("*") && !code.startsWith("/") && pattern.matcher(code).find()) {
                        hits.add(file.getFileName() + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    @Test
    void theSourcesAreWhereThisTestLooks() {
        assertTrue(Files.isRegularFile(MAIN.resolve("time").resolve("Clock.java")), MAIN.toAbsolutePath().toString());
        assertEquals(List.of("SystemClock.java:10: return System.nanoTime();"),
                find("time", Pattern.compile("System\\.nanoTime\\(")), "the scan finds what is there");
    }

    @Test
    void theCoreReadsAndWaitsOnTimeOnlyThroughTheClock() {
        for (String pkg : CORE) {
            assertEquals(List.of(), find(pkg, BARE_TIME), pkg + " must use io.geniejmeter.time.Clock");
        }
    }

    @Test
    void theClocksPackageDependsOnNothingOfTheProject() {
        assertEquals(List.of(), find("time", Pattern.compile("io\\.geniejmeter\\.(?!time\\b)")));
    }

    @Test
    void genieAndTheSimulatorDoNotImportEachOther() {
        assertEquals(List.of(), find("simulator", Pattern.compile("io\\.geniejmeter\\.genie\\.")));
        assertEquals(List.of(), find("genie", Pattern.compile("io\\.geniejmeter\\.simulator\\.")));
    }

    @Test
    void theCachesReachTheSimulatorOnlyThroughTheTarget() {
        assertEquals(List.of(), find("cache", Pattern.compile("io\\.geniejmeter\\.simulator\\.")));
    }

    @Test
    void theCoreImportsNothingFromJMeter() {
        for (String pkg : CORE) {
            assertEquals(List.of(), find(pkg, Pattern.compile("org\\.apache\\.jmeter")), pkg);
        }
    }
}
