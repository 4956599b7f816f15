package io.geniejmeter.cli;

import static io.geniejmeter.cli.SettingOptions.addIfGiven;

import io.geniejmeter.cache.CacheWhatIf;
import io.geniejmeter.cache.ServingEndpointEmbedder;
import io.geniejmeter.conversation.ConversationFileLocator;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.target.GenieTarget;
import io.geniejmeter.target.GenieTargets;
import io.geniejmeter.target.TargetKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/genie-cache-whatif}: runs a conversation file through the cache layers only ({@link CacheWhatIf}) at
 * several question-similarity thresholds and prints, per threshold, the exact-match and semantic hit rates and the
 * pairs of questions matched, so a threshold can be chosen before a cached load test spends Genie's quota. Genie is
 * asked nothing; only the embedding endpoint of the workspace (or of the embedded simulator) is called.
 *
 * <p>Exit status: 0 done, 1 failed (settings, file, endpoint), 2 wrong options.
 */
@Command(name = "genie-cache-whatif", sortOptions = false, usageHelpWidth = 115, mixinStandardHelpOptions = false,
        customSynopsis = {"bin/genie-cache-whatif [-c FILE] [--thresholds LIST] [options]", ""},
        description = {"What would the caches answer? Replays a conversation file through the exact-match and the",
                "semantic cache only (no Genie question is asked; questions no layer answers count as asked and",
                "are stored) at several thresholds, and prints the hit rates and the pairs of questions matched.", ""},
        footer = {"", "Exit status: 0 done, 1 failed, 2 wrong options."})
public final class CacheWhatIfCommand implements Callable<Integer> {

    /** The options that stand for settings (help texts and rules from the catalogue). */
    static final List<Setting<?>> SETTINGS = List.of(Settings.GENIE_TARGET, Settings.GENIE_CONVERSATIONS_FILE,
            Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD, Settings.GENIE_CONTEXT_WINDOW_SIZE,
            Settings.GENIE_EMBEDDING_MODEL);

    @Option(names = "--target", paramLabel = "T")
    String target;

    @Option(names = {"-c", "--conversations"}, paramLabel = "FILE")
    String conversations;

    @Option(names = "--thresholds", paramLabel = "LIST", split = ",", defaultValue = "0.75,0.80,0.85,0.90,0.95",
            description = "question-similarity thresholds to try (default ${DEFAULT-VALUE})")
    List<Double> thresholds;

    @Option(names = "--context-similarity-threshold", paramLabel = "X")
    String contextThreshold;

    @Option(names = "--context-window-size", paramLabel = "N")
    String contextWindowSize;

    @Option(names = "--embedding-model", paramLabel = "NAME")
    String embeddingModel;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "10",
            description = "matched pairs shown per threshold (default ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "also write one row per threshold to FILE (threshold, questions, hits, rates)")
    Path csv;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    private Map<String, String> environment = System.getenv();
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err));
    }

    /** Runs the command as {@code main} does, with the environment, folder and streams given (for tests). */
    static int run(String[] args, Map<String, String> environment, Path workingDirectory, PrintStream out,
                   PrintStream err) {
        CacheWhatIfCommand command = new CacheWhatIfCommand();
        command.environment = environment;
        command.workingDirectory = workingDirectory;
        command.out = out;
        return SettingOptions.commandLine(command, SETTINGS, out, err).execute(args);
    }

    @Override
    public Integer call() throws IOException {
        List<GenieSettings.Given> given = new ArrayList<>();
        addIfGiven(given, Settings.GENIE_TARGET, "--target", target);
        addIfGiven(given, Settings.GENIE_CONVERSATIONS_FILE, "--conversations", conversations);
        addIfGiven(given, Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD, "--context-similarity-threshold",
                contextThreshold);
        addIfGiven(given, Settings.GENIE_CONTEXT_WINDOW_SIZE, "--context-window-size", contextWindowSize);
        addIfGiven(given, Settings.GENIE_EMBEDDING_MODEL, "--embedding-model", embeddingModel);
        GenieSettings settings = GenieSettings.load(given, environment, workingDirectory);
        for (double t : thresholds) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("--thresholds: " + t + " is not a similarity from 0 to 1");
            }
        }
        Path file = ConversationFileLocator.locate(settings, List.of(workingDirectory),
                GenieTargets.choose(settings) == TargetKind.SIMULATOR).file();
        double contextSimilarity = settings.value(Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD);
        try (GenieTarget genie = GenieTargets.open(settings, Map.of(), 4)) {
            out.println("Embedding the questions of " + file + " with " + settings.value(Settings.GENIE_EMBEDDING_MODEL)
                    + " of " + genie.description());
            List<CacheWhatIf.Question> questions = CacheWhatIf.prepare(genie.spaceId(),
                    ConversationFiles.read(file).conversations(), settings.value(Settings.GENIE_CONTEXT_WINDOW_SIZE),
                    new ServingEndpointEmbedder(genie.workspace(), settings.value(Settings.GENIE_EMBEDDING_MODEL)));
            List<CacheWhatIf.Outcome> outcomes = new ArrayList<>();
            for (double t : thresholds) {
                outcomes.add(CacheWhatIf.replay(genie.spaceId(), questions, t, contextSimilarity));
            }
            print(outcomes, contextSimilarity);
            if (csv != null) {
                writeCsv(workingDirectory.resolve(csv), outcomes);
            }
            return 0;
        }
    }

    private void print(List<CacheWhatIf.Outcome> outcomes, double contextSimilarity) {
        out.printf(Locale.ROOT, "%nContext similarity threshold %.2f%n", contextSimilarity);
        out.printf(Locale.ROOT, "%-10s %9s %9s %14s %7s %9s%n", "threshold", "questions", "lru_hits", "semantic_hits",
                "misses", "hit_rate");
        for (CacheWhatIf.Outcome o : outcomes) {
            out.printf(Locale.ROOT, "%-10.2f %9d %9d %14d %7d %8.1f%%%n", o.threshold(), o.questions(), o.exactHits(),
                    o.semanticHits(), o.misses(), 100 * o.hitRate());
        }
        for (CacheWhatIf.Outcome o : outcomes) {
            if (o.matches().isEmpty() || pairs == 0) {
                continue;
            }
            out.printf(Locale.ROOT, "%nSemantic hits at %.2f (question / context similarity):%n", o.threshold());
            o.matches().stream().limit(pairs).forEach(m -> out.printf(Locale.ROOT,
                    "  %.3f / %.3f  \"%s\"  matched  \"%s\"%n", m.questionSimilarity(), m.contextSimilarity(),
                    m.question(), m.matchedQuestion()));
            if (o.matches().size() > pairs) {
                out.println("  ... " + (o.matches().size() - pairs) + " more (--pairs N shows more)");
            }
        }
    }

    private static void writeCsv(Path file, List<CacheWhatIf.Outcome> outcomes) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("threshold,questions,lru_hits,semantic_hits,misses,hit_rate");
        for (CacheWhatIf.Outcome o : outcomes) {
            lines.add(String.format(Locale.ROOT, "%.2f,%d,%d,%d,%d,%.4f", o.threshold(), o.questions(),
                    o.exactHits(), o.semanticHits(), o.misses(), o.hitRate()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
