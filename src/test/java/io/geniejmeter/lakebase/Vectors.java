package io.geniejmeter.lakebase;

import java.util.SplittableRandom;

/** Embeddings for the tests, and the cosine similarity computed in Java to check the database's. */
final class Vectors {

    private Vectors() {
    }

    /** A vector of {@code dims} components drawn uniformly from -1..1, reproducible from {@code seed}. */
    static float[] random(int dims, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** {@code base} moved towards {@code other} by {@code weight} (0: base, 1: other). */
    static float[] blend(float[] base, float[] other, double weight) {
        float[] v = new float[base.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((1 - weight) * base[i] + weight * other[i]);
        }
        return v;
    }

    static float[] zeros(int dims) {
        return new float[dims];
    }

    /** Cosine similarity, in double precision. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
