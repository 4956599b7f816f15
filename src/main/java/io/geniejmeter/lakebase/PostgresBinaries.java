package io.geniejmeter.lakebase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the folder of PostgreSQL's server programs ({@code initdb}, {@code pg_ctl}, {@code postgres}) for a
 * {@link LocalPostgres}: the folder given ({@code GENIE_PG_BIN}) and nothing else when one is given; otherwise the
 * {@code PATH}, then the packages' own folders, newest major version first ({@code /usr/lib/postgresql/N/bin} on
 * Debian and Ubuntu, {@code /usr/pgsql-N/bin} on Red Hat's PGDG packages). Debian puts the server programs outside
 * the {@code PATH}, hence the second step.
 */
public final class PostgresBinaries {

    private static final List<String> PROGRAMS = List.of("initdb", "pg_ctl");
    private static final Pattern MAJOR = Pattern.compile("(\\d+)");

    private PostgresBinaries() {
    }

    /**
     * The folder holding {@code initdb} and {@code pg_ctl}.
     *
     * @param given        the folder the settings name, if any: then only it is looked at
     * @param pathVariable the {@code PATH} to search (null or empty: none)
     * @param packageRoots folders whose version sub-folders the packages install into, e.g. {@code /usr/lib/postgresql}
     * @throws LocalPostgresException naming what was searched and what to install when no folder has both programs
     */
    public static Path find(Optional<Path> given, String pathVariable, List<Path> packageRoots) {
        if (given.isPresent()) {
            if (hasServerPrograms(given.get())) {
                return given.get();
            }
            throw new LocalPostgresException("GENIE_PG_BIN names " + given.get() + ", which holds no initdb and"
                    + " pg_ctl: name the folder of PostgreSQL's server programs (e.g. /usr/lib/postgresql/15/bin)");
        }
        List<Path> searched = new ArrayList<>();
        if (pathVariable != null) {
            for (String entry : pathVariable.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    searched.add(Path.of(entry));
                }
            }
        }
        for (Path folder : searched) {
            if (hasServerPrograms(folder)) {
                return realFolderOf(folder.resolve("initdb"));
            }
        }
        for (Path root : packageRoots) {
            for (Path folder : versionFolders(root)) {
                if (hasServerPrograms(folder)) {
                    return folder;
                }
            }
        }
        throw new LocalPostgresException("PostgreSQL's server programs (initdb and pg_ctl) were not found, neither"
                + " on the PATH nor under " + String.join(", ", packageRoots.stream().map(Path::toString).toList())
                + ". Install PostgreSQL with pgvector (Debian 12: 'sudo bin/install-pgvector'; elsewhere your"
                + " system's PostgreSQL server and pgvector packages), or name the folder that holds them with"
                + " GENIE_PG_BIN (--pg-bin)");
    }

    /** The package roots of the usual Linux packages: Debian/Ubuntu's and PGDG's. */
    public static List<Path> packageRoots() {
        return List.of(Path.of("/usr/lib/postgresql"), Path.of("/usr"));
    }

    private static boolean hasServerPrograms(Path folder) {
        return PROGRAMS.stream().allMatch(p -> Files.isExecutable(folder.resolve(p)));
    }

    /**
     * The folder the program really lives in: a link on the PATH (e.g. /usr/local/bin/initdb) leads to the folder
     * that also holds {@code postgres}, which {@code pg_ctl} starts from its own folder.
     */
    private static Path realFolderOf(Path program) {
        try {
            return program.toRealPath().getParent();
        } catch (IOException e) {
            return program.getParent();
        }
    }

    /** {@code root/N/bin} (Debian) and {@code root/pgsql-N/bin} (PGDG), highest N first. */
    private static List<Path> versionFolders(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.matches("\\d+(\\.\\d+)?") || name.matches("pgsql-\\d+(\\.\\d+)?")) {
                    found.add(child.resolve("bin"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        found.sort(Comparator.comparingInt(PostgresBinaries::major).reversed());
        return found;
    }

    private static int major(Path bin) {
        Matcher m = MAJOR.matcher(bin.getParent().getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
