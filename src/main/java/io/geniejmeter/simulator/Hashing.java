package io.geniejmeter.simulator;

import java.nio.charset.StandardCharsets;

/** Small, fast, deterministic hashes used for seeded choices and ids (not for security). */
final class Hashing {

    private Hashing() {
    }

    /** SplitMix64 finaliser: spreads the bits of {@code z} well. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long mix(long a, long b) {
        return mix(a * 0x9e3779b97f4a7c15L + mix(b));
    }

    /** 64-bit FNV-1a of the UTF-8 bytes of {@code s}, then mixed with {@code seed}. */
    static long hash(long seed, String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(seed, h);
    }

    /** A uniform double in [0, 1) from a hash. */
    static double unit(long h) {
        return (mix(h) >>> 11) * 0x1.0p-53;
    }

    /** 32 lowercase hex characters starting with {@code 01f0}, like Genie's conversation and message ids. */
    static String genieId(long seed, long kind, long n) {
        long a = mix(seed ^ kind, n);
        long b = mix(a, n ^ 0x5bd1e995L);
        String hex = String.format("%016x%016x", a, b);
        return "01f0" + hex.substring(4);
    }

    /** A UUID-shaped id like a statement id ({@code 01f0xxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}). */
    static String uuidLike(long seed, long kind, long n) {
        String h = genieId(seed, kind, n);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20, 32);
    }
}
