package io.geniejmeter.lakebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the local PostgreSQL's server programs are looked for, and what is said when they are nowhere. */
class PostgresBinariesTest {

    @TempDir
    Path work;

    private Path serverPrograms(String folder) throws IOException {
        Path bin = Files.createDirectories(work.resolve(folder));
        for (String program : List.of("initdb", "pg_ctl", "postgres")) {
            Path p = Files.writeString(bin.resolve(program), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void whenNoFolderHasThemTheMessageNamesWhatToInstallAndWhatToSetInstead() throws IOException {
        Path emptyOnPath = Files.createDirectories(work.resolve("bin"));
        Path noPackages = Files.createDirectories(work.resolve("usr-lib-postgresql"));

        LocalPostgresException e = assertThrows(LocalPostgresException.class,
                () -> PostgresBinaries.find(Optional.empty(), emptyOnPath.toString(), List.of(noPackages)));

        assertTrue(e.getMessage().startsWith("PostgreSQL's server programs (initdb and pg_ctl) were not found"),
                e.getMessage());
        assertTrue(e.getMessage().contains("sudo bin/install-pgvector"), e.getMessage());
        assertTrue(e.getMessage().contains("GENIE_PG_BIN (--pg-bin)"), e.getMessage());
        assertTrue(e.getMessage().contains(noPackages.toString()), "names where it looked: " + e.getMessage());
    }

    @Test
    void aGivenFolderIsTheOnlyOneLookedAt() throws IOException {
        Path elsewhere = serverPrograms("on-path");
        Path given = Files.createDirectories(work.resolve("given"));

        LocalPostgresException e = assertThrows(LocalPostgresException.class,
                () -> PostgresBinaries.find(Optional.of(given), elsewhere.toString(), List.of()));

        assertTrue(e.getMessage().startsWith("GENIE_PG_BIN names " + given + ", which holds no initdb and pg_ctl"),
                e.getMessage());
        assertEquals(elsewhere, PostgresBinaries.find(Optional.of(elsewhere), "", List.of()));
    }

    @Test
    void thePathComesFirstAndALinkLeadsToTheFolderThatHoldsPostgres() throws IOException {
        Path real = serverPrograms("lib/postgresql/15/bin");
        Path linkFolder = Files.createDirectories(work.resolve("local-bin"));
        Files.createSymbolicLink(linkFolder.resolve("initdb"), real.resolve("initdb"));
        Files.createSymbolicLink(linkFolder.resolve("pg_ctl"), real.resolve("pg_ctl"));
        Path newer = serverPrograms("lib/postgresql/16/bin");

        assertEquals(real.toRealPath(), PostgresBinaries.find(Optional.empty(),
                work.resolve("nothing") + File.pathSeparator + linkFolder, List.of(work.resolve("lib/postgresql"))));
        assertEquals(newer, PostgresBinaries.find(Optional.empty(), null, List.of(work.resolve("lib/postgresql"))),
                "off the PATH, the newest package folder");
    }

    @Test
    void packageFoldersAreTriedNewestMajorVersionFirst() throws IOException {
        serverPrograms("usr/pgsql-9.6/bin");
        Path v16 = serverPrograms("usr/pgsql-16/bin");
        serverPrograms("usr/pgsql-13/bin");

        assertEquals(v16, PostgresBinaries.find(Optional.empty(), "", List.of(work.resolve("usr"))));
    }
}
