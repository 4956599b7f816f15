package io.geniejmeter.conversation;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the conversation file a run replays, by one rule for every entry point (launcher, JMeter element in a plan,
 * notebooks): the name is {@code GENIE_CONVERSATIONS_FILE} as resolved by the settings (element field or option,
 * JMeter property, environment, {@code .env}, default {@code conversations.yaml}); an absolute name is taken as it is,
 * a relative one is looked up in each given folder in turn. When the name was not given at all and no
 * {@code conversations.yaml} exists, a run on the embedded simulator replays the sample conversations shipped inside
 * genie-jmeter, so that a first run on a fresh machine works; anywhere else that is an error with the export hint.
 *
 * <p>Stateless; the sample is copied once per JVM to a temporary file (the YAML reader takes files).
 */
public final class ConversationFileLocator {

    /** The hint given whenever the conversation file is missing. */
    public static final String EXPORT_HINT = "Export the conversations of your Genie space first:"
            + " bin/export-conversations --space-id YOUR_SPACE_ID --include-all -o conversations.yaml (or set"
            + " GENIE_CONVERSATIONS_FILE, -c, the genie.conversations property or the element's field to an existing"
            + " file).";

    private static final String SAMPLE_RESOURCE = "sample-conversations.yaml";

    /** Guarded by ConversationFileLocator.class: the sample's copy on disk, made on first use. */
    private static Path sampleCopy;

    /** A located file, and whether it is the shipped sample. */
    public record Located(Path file, boolean sample) {
    }

    private ConversationFileLocator() {
    }

    /**
     * The conversation file {@code settings} name, looked up in {@code folders} (in order).
     *
     * @param sampleWhenMissing whether a missing default may fall back to the shipped sample (on the simulator)
     * @throws IllegalArgumentException "Conversations file not found: ..." naming where it looked, with the hint
     */
    public static Located locate(GenieSettings settings, List<Path> folders, boolean sampleWhenMissing) {
        String name = settings.value(Settings.GENIE_CONVERSATIONS_FILE);
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Conversations file " + name + " (from "
                    + settings.originOf(Settings.GENIE_CONVERSATIONS_FILE) + ") is not a valid path (" + e.getReason()
                    + "). " + EXPORT_HINT);
        }
        Set<Path> candidates = new LinkedHashSet<>();
        if (path.isAbsolute()) {
            candidates.add(path.normalize());
        } else {
            for (Path folder : folders) {
                candidates.add(folder.resolve(path).toAbsolutePath().normalize());
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return new Located(candidate, false);
            }
        }
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                throw new IllegalArgumentException("Conversations file " + name + " (from "
                        + settings.originOf(Settings.GENIE_CONVERSATIONS_FILE) + ") is a directory, " + candidate
                        + ", not a file: name the conversation file itself, e.g. "
                        + candidate.resolve("conversations.yaml") + ".");
            }
        }
        if (sampleWhenMissing && !settings.isGiven(Settings.GENIE_CONVERSATIONS_FILE)) {
            return new Located(sample(), true);
        }
        List<String> tried = new ArrayList<>();
        candidates.forEach(c -> tried.add(c.toString()));
        throw new IllegalArgumentException("Conversations file not found: " + name + " (from "
                + settings.originOf(Settings.GENIE_CONVERSATIONS_FILE) + "; looked for " + String.join(" and ", tried)
                + "). " + EXPORT_HINT);
    }

    /** The sample conversations shipped in the jar (the same file as testplans/sample-conversations.yaml). */
    static synchronized Path sample() {
        if (sampleCopy == null || !Files.isRegularFile(sampleCopy)) {
            try (InputStream in = ConversationFileLocator.class.getResourceAsStream(SAMPLE_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(SAMPLE_RESOURCE + " is missing from the genie-jmeter jar");
                }
                Path copy = Files.createTempFile("genie-sample-conversations-", ".yaml");
                copy.toFile().deleteOnExit();
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                sampleCopy = copy;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the sample conversations: " + e.getMessage(), e);
            }
        }
        return sampleCopy;
    }
}
