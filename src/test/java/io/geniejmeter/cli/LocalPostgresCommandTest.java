package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/genie-postgres} on a real PostgreSQL: start, status, env, stop, and what it says when it cannot start.
 * The folder is under {@code target/} (as root the server runs as the postgres account, which cannot enter a JUnit
 * temporary folder).
 */
class LocalPostgresCommandTest {

    private final Path folder = Path.of("target", "local-postgres-command-" + UUID.randomUUID().toString()
            .substring(0, 8)).toAbsolutePath();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stopWhateverIsLeft() throws IOException {
        run("stop");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private int run(Map<String, String> extraEnv, String... args) {
        out.reset();
        err.reset();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", folder.toString());
        env.put(LoadTestLauncher.PROJECT_DIR_ENV, Path.of("").toAbsolutePath().toString());
        env.put("GENIE_LOCAL_PG_DIR", folder.toString());
        env.putAll(extraEnv);
        return LocalPostgresCommand.run(args, env, Path.of("").toAbsolutePath(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startsAServerWithPgvectorThatTheEnvLinesLogInToThenStopsAndDeletesIt() throws Exception {
        assertEquals(0, run("start"), err.toString(StandardCharsets.UTF_8));
        assertTrue(out().startsWith("Started: local PostgreSQL on 127.0.0.1:"), out());
        String url = value(out(), "GENIE_PG_URL");

        assertEquals(0, run("env"));
        String password = value(out(), "GENIE_PG_PASSWORD");
        assertEquals(url, value(out(), "GENIE_PG_URL"));
        try (Connection c = DriverManager.getConnection(url, value(out(), "GENIE_PG_USER"), password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
            assertTrue(rs.next(), "pgvector is created");
        }
        try {
            DriverManager.getConnection(url, "postgres", "wrong").close();
            throw new AssertionError("a wrong password was accepted");
        } catch (SQLException expected) {
            assertEquals("28P01", expected.getSQLState(), "the server asks for the password");
        }

        assertEquals(0, run("start"));
        assertTrue(out().startsWith("Already running: "), "a second start keeps the running one: " + out());
        assertEquals(url, value(out(), "GENIE_PG_URL"));
        assertEquals(0, run("status"));
        assertEquals(0, run("url"));
        assertEquals(url, out().strip());

        assertEquals(0, run("stop"));
        assertTrue(out().startsWith("Stopped the local PostgreSQL"), out());
        assertEquals(3, run("status"));
        assertTrue(out().startsWith("No local PostgreSQL is running in " + folder), out());
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "its files are deleted");
        }
        assertEquals(0, run("stop"), "stopping again is no error");
    }

    @Test
    void neverTakesOverAFolderThatIsNotOneOfItsOwn() throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("notes.txt"), "mine");

        assertEquals(1, run("start"));

        assertTrue(err.toString(StandardCharsets.UTF_8).contains(folder + " is not empty and holds no local"
                + " PostgreSQL of genie-jmeter"), err.toString(StandardCharsets.UTF_8));
        assertEquals("mine", Files.readString(folder.resolve("notes.txt")));
    }

    @Test
    void saysWhatToInstallWhenThereAreNoServerPrograms() throws IOException {
        Path empty = Files.createDirectories(folder.resolve("no-bin"));

        assertEquals(1, run(Map.of("GENIE_PG_BIN", empty.toString()), "start"));

        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("genie-postgres: GENIE_PG_BIN names " + empty + ", which holds no initdb"),
                message);
        assertFalse(Files.exists(folder.resolve("data")), "nothing was started");
    }

    @Test
    void anUnknownActionIsAUsageError() {
        assertEquals(2, run("restart"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown action 'restart'"),
                err.toString(StandardCharsets.UTF_8));
    }

    private static String value(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " in: " + text)).substring(name.length() + 1);
    }
}
