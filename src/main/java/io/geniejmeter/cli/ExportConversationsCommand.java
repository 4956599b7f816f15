package io.geniejmeter.cli;

import static io.geniejmeter.cli.SettingOptions.addIfGiven;

import com.databricks.sdk.WorkspaceClient;
import io.geniejmeter.conversation.TimeFilter;
import io.geniejmeter.export.ConversationExporter;
import io.geniejmeter.export.ExportException;
import io.geniejmeter.export.ExportRequest;
import io.geniejmeter.export.TimeArgument;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.target.GenieTarget;
import io.geniejmeter.target.GenieTargets;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/export-conversations}: the original tool's exporter, same options, same file. Settings come from
 * {@link GenieSettings} (option > environment > {@code .env} > default); with no workspace configured the export
 * reads the embedded Genie simulator, and says so.
 *
 * <p>Exit status: 0 on success (also when nothing matched: "Exported 0 conversations"), 1 when the export failed,
 * 2 for a usage error.
 */
@Command(name = "export-conversations", sortOptions = false, usageHelpWidth = 110,
        customSynopsis = {"bin/export-conversations [--space-id ID] [--include-all] [-o FILE] [options]", ""},
        description = {"Export the conversations of a Databricks Genie space (the questions people asked) to a YAML",
                "file for load testing. Same options and file format as the Python tool's export-conversations.",
                ""},
        footer = {"", "Settings: DATABRICKS_HOST with DATABRICKS_TOKEN (or DATABRICKS_CLIENT_ID and",
                "DATABRICKS_CLIENT_SECRET, or DATABRICKS_CONFIG_PROFILE), and GENIE_SPACE_ID, from the environment or",
                "a .env file in the current directory. With no workspace configured, the embedded Genie simulator",
                "is exported instead.",
                "",
                "Examples:",
                "  bin/export-conversations --space-id 01f0c482e842191587af6a40ad4044d8 --include-all -o"
                        + " conversations.yaml",
                "  bin/export-conversations --space-id abc123 --max-conversations 10",
                "  bin/export-conversations --space-id abc123 --from 7d",
                "  bin/export-conversations --space-id abc123 --from 2026-01-01 --to 2026-01-31",
                "  bin/export-conversations --space-id abc123 --from 2026-01-15T10:00:00",
                "",
                "Exit status: 0 exported (possibly 0 conversations), 1 export failed, 2 wrong options."})
public final class ExportConversationsCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ExportConversationsCommand.class);

    /** Its help text is the setting's own, from the catalogue. */
    @Option(names = "--space-id", paramLabel = "ID")
    String spaceId;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "conversations.yaml",
            description = "Output YAML file, replaced atomically (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--include-all",
            description = "Include every user's conversations, not only yours (needs CAN MANAGE on the space).")
    boolean includeAll;

    @Option(names = "--max-conversations", paramLabel = "N",
            description = "Export at most N conversations (those with at least one message; default: all).")
    Integer maxConversations;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Only conversations created at or after TIME: relative (30m, 24h, 7d, 1w), ISO-8601"
                    + " (2026-01-15T10:30:00, UTC unless a zone is given) or a date (2026-01-15, start of day UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Only conversations created at or before TIME; same forms as --from.")
    String to;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private Map<String, String> environment = System.getenv();
    private Path workingDirectory = Path.of(System.getProperty("user.dir"));
    private Clock clock = Clock.systemDefaultZone();

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of(System.getProperty("user.dir")), Clock.systemDefaultZone()));
    }

    /**
     * Runs the command as {@code main} does, with the environment, working directory and clock given (for tests).
     *
     * @return the exit status
     */
    static int run(String[] args, Map<String, String> environment, Path workingDirectory, Clock clock) {
        ExportConversationsCommand command = new ExportConversationsCommand();
        command.environment = environment;
        command.workingDirectory = workingDirectory;
        command.clock = clock;
        return SettingOptions.commandLine(command, List.of(Settings.GENIE_SPACE_ID), System.out, System.err)
                .execute(args);
    }

    @Override
    public Integer call() {
        try {
            return export();
        } catch (ExportException | IllegalArgumentException | UncheckedIOException e) {
            // Our own messages (and the settings loader's) are written for users: show them as they are.
            LOG.error("Export failed: {}", e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            LOG.error("Export failed unexpectedly: {}", e.toString());
            LOG.debug("Stack trace", e);
            return 1;
        }
    }

    private int export() throws ExportException {
        if (maxConversations != null && maxConversations < 1) {
            throw new IllegalArgumentException("--max-conversations must be 1 or more (leave it out to export all),"
                    + " was " + maxConversations + ".");
        }
        List<GenieSettings.Given> given = new ArrayList<>();
        addIfGiven(given, Settings.GENIE_SPACE_ID, "--space-id", spaceId);
        GenieSettings settings = GenieSettings.load(given, environment, workingDirectory);
        Long fromMs = from == null ? null : TimeArgument.parse(from, "--from", clock);
        Long toMs = to == null ? null : TimeArgument.parse(to, "--to", clock);
        if (fromMs != null) {
            LOG.info("Filtering conversations from: {}", TimeFilter.isoUtc(fromMs));
        }
        if (toMs != null) {
            LOG.info("Filtering conversations to: {}", TimeFilter.isoUtc(toMs));
        }
        if (fromMs != null && toMs != null && fromMs > toMs) {
            throw new IllegalArgumentException("--from (" + TimeFilter.isoUtc(fromMs) + ") is after --to ("
                    + TimeFilter.isoUtc(toMs) + "): no conversation can match. Swap them.");
        }
        Path out = workingDirectory.resolve(output);
        try (GenieTarget target = GenieTargets.open(settings, Map.of(), ConversationExporter.DEFAULT_PARALLELISM)) {
            LOG.info("Exporting from {}", target.description());
            exporter(target.workspace()).exportTo(
                    new ExportRequest(target.spaceId(), includeAll, maxConversations, fromMs, toMs), out);
            return 0;
        }
    }

    private ConversationExporter exporter(WorkspaceClient client) {
        return new ConversationExporter(client, clock, io.geniejmeter.time.Clock.SYSTEM,
                ConversationExporter.RetryPolicy.DEFAULT, java.time.Duration.ofSeconds(5),
                ConversationExporter.DEFAULT_PARALLELISM);
    }
}
