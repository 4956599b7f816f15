package io.geniejmeter.jmeter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Threads and sockets a finished run left behind, compared with a snapshot taken before it. Waits up to
 * {@link #GRACE_MS} for them to go (a pool closing its connections, a thread finishing its last line) before it
 * calls them leaked. Sockets are counted from {@code /proc/self/fd} (Linux; elsewhere no socket is ever counted).
 */
final class Leaks {

    static final long GRACE_MS = 3_000;

    private Leaks() {
    }

    /** Names of live threads that were not there before, except the JVM's common fork-join pool's workers. */
    static List<String> threadsLeftOver(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + GRACE_MS * 1_000_000;
        List<String> extra;
        do {
            extra = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && !before.contains(t) && !t.getName().startsWith("ForkJoinPool.commonPool")) {
                    extra.add(t.getName());
                }
            }
            if (extra.isEmpty()) {
                return extra;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return extra;
    }

    /**
     * Sockets open now that were not open in {@code before} ({@link #openSockets()}), once they had time to close,
     * each described by its TCP endpoints and state when the kernel lists it.
     */
    static List<String> socketsLeftOver(Set<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + GRACE_MS * 1_000_000;
        Set<String> extra;
        do {
            extra = new java.util.HashSet<>(openSockets());
            extra.removeAll(before);
            if (extra.isEmpty()) {
                return List.of();
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        Map<String, String> tcp = tcpByInode();
        List<String> described = new ArrayList<>();
        for (String inode : extra) {
            described.add(tcp.getOrDefault(inode, "socket " + inode));
        }
        return described;
    }

    /** Inodes of the sockets this process has open (file descriptors that are sockets). */
    static Set<String> openSockets() {
        Set<String> inodes = new java.util.HashSet<>();
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return inodes;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(fds)) {
            for (Path fd : dir) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listing: not open
                }
            }
        } catch (IOException e) {
            return inodes;
        }
        return inodes;
    }

    /** "local port -> remote port (state)" of every TCP socket the kernel lists, by inode. */
    private static Map<String, String> tcpByInode() {
        Map<String, String> out = new java.util.HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && !f[0].equals("sl")) {
                        out.put(f[9], "tcp port " + port(f[1]) + " -> port " + port(f[2]) + " (state " + f[3]
                                + (f[3].equals("0A") ? ", listening" : f[3].equals("01") ? ", established" : "")
                                + ")");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table here
            }
        }
        return out;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }
}
