package io.geniejmeter.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Deterministic text embeddings for the simulated serving endpoint: a "hashing trick" bag of features, so that texts
 * sharing words and phrasing point in similar directions while unrelated texts are nearly orthogonal.
 *
 * <p>Features of a text, each hashed (64-bit FNV-1a) to one of {@code dimensions} positions with a hash-chosen sign:
 * every word (weight 1.0; 0.3 for common stop words such as "the", "by", "show"), every pair of adjacent words
 * (weight 0.7: phrasing and word order), and the character trigrams of each word padded as {@code #word#}
 * (weight 0.25 each: "repair" and "repairs" share most of them). The vector is then scaled to unit length, so cosine
 * similarity is a plain dot product. The same text always gives the same vector, on any machine and for any seed.
 */
final class Embeddings {

    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "for", "by", "in", "on", "to", "and", "or",
            "is", "are", "was", "were", "what", "which", "show", "me", "give", "list", "how", "do", "does", "did",
            "with", "per", "each", "all", "from", "at", "as", "it", "this", "that", "please", "can", "you", "i", "my",
            "our", "be");

    private final int dimensions;

    Embeddings(int dimensions) {
        this.dimensions = dimensions;
    }

    int dimensions() {
        return dimensions;
    }

    float[] embed(String text) {
        double[] v = new double[dimensions];
        List<String> words = words(text);
        String previous = null;
        for (String w : words) {
            add(v, "w:" + w, STOP.contains(w) ? 0.3 : 1.0);
            if (previous != null) {
                add(v, "b:" + previous + " " + w, 0.7);
            }
            String padded = "#" + w + "#";
            for (int i = 0; i + 3 <= padded.length(); i++) {
                add(v, "c:" + padded.substring(i, i + 3), 0.25);
            }
            previous = w;
        }
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        float[] out = new float[dimensions];
        if (norm == 0) {
            return out;
        }
        double inv = 1 / Math.sqrt(norm);
        for (int i = 0; i < dimensions; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    /** Rough token count for the usage block: words plus punctuation marks, at least one. */
    static int tokens(String text) {
        return Math.max(1, words(text).size() + text.replaceAll("[\\p{L}\\p{N}\\s]", "").length());
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private void add(double[] v, String feature, double weight) {
        long h = 0xcbf29ce484222325L;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = Hashing.mix(h);
        int index = (int) Long.remainderUnsigned(h, dimensions);
        v[index] += (h & (1L << 63)) == 0 ? weight : -weight;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
