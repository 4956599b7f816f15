package io.geniejmeter.cli;

import static io.geniejmeter.cli.SettingOptions.addIfGiven;

import io.geniejmeter.lakebase.LocalPostgres;
import io.geniejmeter.lakebase.LocalPostgresException;
import io.geniejmeter.lakebase.PostgresBinaries;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/genie-postgres}: starts, shows and stops the throwaway local PostgreSQL with pgvector
 * ({@link LocalPostgres}) that {@code bin/genie-loadtest-cached} uses on the simulator when no database is configured.
 *
 * <p>Exit status: 0 done, 1 failed (with what to install or set), 2 wrong options, 3 not running ({@code status},
 * {@code url}, {@code env}).
 */
@Command(name = "genie-postgres", sortOptions = false, usageHelpWidth = 115,
        customSynopsis = {"bin/genie-postgres ACTION [options]", ""},
        description = {"A throwaway local PostgreSQL with pgvector for the semantic cache (loopback only, a random",
                "password, fsync off): what bin/genie-loadtest-cached starts on the simulator when no database is",
                "configured. Actions:",
                "  start   start it (a new, empty one; one already running in the folder is kept) and print its",
                "          settings",
                "  stop    stop it and delete its data",
                "  status  whether it runs (exit 0) or not (exit 3), and where",
                "  url     print its JDBC URL",
                "  env     print GENIE_PG_URL, GENIE_PG_USER and GENIE_PG_PASSWORD as .env lines, e.g.",
                "          'bin/genie-postgres env >> .env' for JMeter's GUI or another folder's tests", ""},
        footer = {"", "Exit status: 0 done, 1 failed, 2 wrong options, 3 not running (status, url, env)."})
public final class LocalPostgresCommand implements Callable<Integer> {

    /** The options that stand for settings (help texts from the catalogue). */
    static final List<Setting<?>> SETTINGS = List.of(Settings.GENIE_LOCAL_PG_DIR, Settings.GENIE_PG_BIN);
    static final String DEFAULT_DIR = "target/genie-postgres";

    @Parameters(index = "0", paramLabel = "ACTION", completionCandidates = Actions.class,
            description = "start, stop, status, url or env")
    String action;

    @Option(names = "--local-pg-dir", paramLabel = "DIR")
    String dir;

    @Option(names = "--pg-bin", paramLabel = "DIR")
    String bin;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    @Spec
    CommandSpec spec;

    private Map<String, String> environment = System.getenv();
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private PrintStream out = System.out;

    /** The actions, for the help's completion list. */
    static final class Actions extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Actions() {
            super(List.of("start", "stop", "status", "url", "env"));
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err));
    }

    /** Runs the command as {@code main} does, with the environment, folder and streams given (for tests). */
    static int run(String[] args, Map<String, String> environment, Path workingDirectory, PrintStream out,
                   PrintStream err) {
        LocalPostgresCommand command = new LocalPostgresCommand();
        command.environment = environment;
        command.workingDirectory = workingDirectory;
        command.out = out;
        return SettingOptions.commandLine(command, SETTINGS, out, err).execute(args);
    }

    @Override
    public Integer call() {
        List<GenieSettings.Given> given = new ArrayList<>();
        addIfGiven(given, Settings.GENIE_LOCAL_PG_DIR, "--local-pg-dir", dir);
        addIfGiven(given, Settings.GENIE_PG_BIN, "--pg-bin", bin);
        GenieSettings settings = GenieSettings.load(given, environment, workingDirectory);
        Path projectDir = projectDir(environment, workingDirectory);
        Path folder = folder(settings, workingDirectory, projectDir);
        switch (action) {
            case "start" -> {
                LocalPostgres pg = LocalPostgres.start(options(settings, workingDirectory, projectDir, environment));
                out.println((pg.reused() ? "Already running" : "Started") + ": " + pg + ", pgvector ready.");
                out.println(Settings.GENIE_PG_URL.name() + "=" + pg.jdbcUrl());
                out.println(Settings.GENIE_PG_USER.name() + "=" + LocalPostgres.USER);
                out.println(Settings.GENIE_PG_PASSWORD.name() + ": in " + folder.resolve("password")
                        + " ('bin/genie-postgres env' prints all three as .env lines)");
                out.println("bin/genie-loadtest-cached on the simulator uses it and leaves it running;"
                        + " 'bin/genie-postgres stop' stops it and deletes its data.");
                return 0;
            }
            case "stop" -> {
                Optional<LocalPostgres> pg = LocalPostgres.running(folder, binaries(settings, environment));
                if (pg.isEmpty()) {
                    out.println("No local PostgreSQL is running in " + folder + ".");
                    return 0;
                }
                pg.get().close();
                out.println("Stopped the " + pg.get() + " and deleted its data.");
                return 0;
            }
            case "status", "url", "env" -> {
                Optional<LocalPostgres> pg = LocalPostgres.running(folder, binaries(settings, environment));
                if (pg.isEmpty()) {
                    out.println("No local PostgreSQL is running in " + folder + " ('bin/genie-postgres start' starts"
                            + " one).");
                    return 3;
                }
                if (action.equals("status")) {
                    out.println("Running: " + pg.get() + ", " + pg.get().jdbcUrl() + " as " + LocalPostgres.USER);
                } else if (action.equals("url")) {
                    out.println(pg.get().jdbcUrl());
                } else {
                    out.println(Settings.GENIE_PG_URL.name() + "=" + pg.get().jdbcUrl());
                    out.println(Settings.GENIE_PG_USER.name() + "=" + LocalPostgres.USER);
                    out.println(Settings.GENIE_PG_PASSWORD.name() + "=" + pg.get().password());
                }
                return 0;
            }
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown action '" + action + "': use start, stop, status, url or env");
        }
    }

    /**
     * How to start the local PostgreSQL the settings describe: its folder ({@code GENIE_LOCAL_PG_DIR}, relative to
     * the working directory; unset: {@code target/genie-postgres} in the project), the server programs
     * ({@code GENIE_PG_BIN} or searched), the project's {@code bin/install-pgvector} for a missing pgvector, no SSL.
     *
     * @throws LocalPostgresException when the server programs are not found
     */
    static LocalPostgres.Options options(GenieSettings settings, Path workingDirectory, Path projectDir,
                                         Map<String, String> environment) {
        Path installer = projectDir.resolve("bin").resolve("install-pgvector");
        return new LocalPostgres.Options(folder(settings, workingDirectory, projectDir),
                binaries(settings, environment),
                Files.isRegularFile(installer) ? Optional.of(installer) : Optional.empty(), false);
    }

    static Path folder(GenieSettings settings, Path workingDirectory, Path projectDir) {
        return settings.optional(Settings.GENIE_LOCAL_PG_DIR).map(workingDirectory::resolve)
                .orElse(projectDir.resolve(DEFAULT_DIR)).toAbsolutePath().normalize();
    }

    private static Path binaries(GenieSettings settings, Map<String, String> environment) {
        return PostgresBinaries.find(settings.optional(Settings.GENIE_PG_BIN).map(Path::of), environment.get("PATH"),
                PostgresBinaries.packageRoots());
    }

    /** The project the bin/ script runs from ({@code GENIE_PROJECT_DIR}), else the working directory. */
    static Path projectDir(Map<String, String> environment, Path workingDirectory) {
        String given = environment.get(LoadTestLauncher.PROJECT_DIR_ENV);
        return given == null || given.isBlank() ? workingDirectory : Path.of(given);
    }
}
