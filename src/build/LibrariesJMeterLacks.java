import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Build step (run as a single-file program by the pom, before the archive is assembled): from the plugin's runtime
 * dependencies, keeps exactly those that Apache JMeter's lib/ lacks or ships in an older version, copies them into
 * {@code OUT/lib} and writes {@code OUT/genie-jmeter-libraries.txt}, one
 * {@code group:artifact:version file [replaces-VERSION]} a line, which bin/install-into-jmeter reads to know which
 * older copies the archive replaces.
 *
 * <p>Both inputs are {@code mvn dependency:list} outputs: OURS with {@code outputAbsoluteArtifactFilename=true},
 * JMETER from src/jmeter-5.6.3/pom.xml. JMeter's logging (SLF4J, log4j) always stays JMeter's: an SLF4J 2 API or
 * binding next to JMeter's SLF4J 1.7 would disconnect its log4j logging.
 *
 * <pre>java src/build/LibrariesJMeterLacks.java OURS JMETER OUT</pre>
 */
public class LibrariesJMeterLacks {

    private static final Set<String> SCOPES = Set.of("compile", "runtime", "provided", "test", "system");
    private static final Set<String> RUNTIME_SCOPES = Set.of("compile", "runtime");
    private static final List<String> LOGGING_GROUPS = List.of("org.slf4j", "org.apache.logging.log4j");

    record Artifact(String group, String name, String version, String scope, String file) {
        String key() {
            return group + ":" + name;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java LibrariesJMeterLacks.java OURS_LIST JMETER_LIST OUT_DIR");
            System.exit(2);
        }
        Map<String, Artifact> jmeter = new LinkedHashMap<>();
        for (Artifact a : read(Path.of(args[1]))) {
            jmeter.put(a.key(), a);
        }
        Path out = Path.of(args[2]);
        Path lib = out.resolve("lib");
        Files.createDirectories(lib);
        try (var old = Files.list(lib)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        List<String> manifest = new ArrayList<>();
        for (Artifact ours : read(Path.of(args[0]))) {
            if (!RUNTIME_SCOPES.contains(ours.scope()) || LOGGING_GROUPS.contains(ours.group())) {
                continue;
            }
            Artifact theirs = jmeter.get(ours.key());
            if (theirs != null && compareVersions(ours.version(), theirs.version()) <= 0) {
                continue;
            }
            if (ours.file() == null) {
                throw new IllegalArgumentException(args[0] + " lists no file for " + ours.key()
                        + ": run dependency:list with outputAbsoluteArtifactFilename=true");
            }
            Path jar = Path.of(ours.file());
            Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            manifest.add(ours.key() + ":" + ours.version() + " " + jar.getFileName()
                    + (theirs == null ? "" : " replaces-" + theirs.version()));
        }
        manifest.sort(null);
        Files.write(out.resolve("genie-jmeter-libraries.txt"), manifest);
        // Silent on success (a quiet build); what was kept and why is in the listing and the install summary.
    }

    /** Parses {@code group:artifact:type[:classifier]:version:scope[:file][ -- module ...]} lines. */
    static List<Artifact> read(Path list) throws IOException {
        List<Artifact> artifacts = new ArrayList<>();
        for (String raw : Files.readAllLines(list)) {
            String line = raw.strip();
            int module = line.indexOf(" -- ");
            if (module >= 0) {
                line = line.substring(0, module);
            }
            String[] parts = line.split(":");
            int scope = -1;
            for (int i = 4; i < parts.length && scope < 0; i++) {
                if (SCOPES.contains(parts[i])) {
                    scope = i;
                }
            }
            if (scope < 0) {
                continue;  // the header and blank lines
            }
            String file = scope + 1 < parts.length
                    ? String.join(":", List.of(parts).subList(scope + 1, parts.length)) : null;
            artifacts.add(new Artifact(parts[0], parts[1], parts[scope - 1], parts[scope], file));
        }
        return artifacts;
    }

    /**
     * Compares versions part by part (split at '.' and '-'): numbers numerically, a number above a word (2.0 is
     * newer than 2.0-beta), words alphabetically; a version that runs out of parts is older (3.14 before 3.14.1).
     */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            if (i >= x.length) {
                return isNumber(y[i]) ? -1 : 1;
            }
            if (i >= y.length) {
                return isNumber(x[i]) ? 1 : -1;
            }
            int c;
            if (isNumber(x[i]) && isNumber(y[i])) {
                c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            } else if (isNumber(x[i]) != isNumber(y[i])) {
                c = isNumber(x[i]) ? 1 : -1;
            } else {
                c = x[i].compareToIgnoreCase(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 18 && s.chars().allMatch(Character::isDigit);
    }
}
