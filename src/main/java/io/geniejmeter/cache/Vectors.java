package io.geniejmeter.cache;

/**
 * Arithmetic on embedding vectors: normalising to unit length, and the dot product that is the cosine similarity of
 * two unit vectors. Pure and stateless.
 *
 * <p>Similarity here is cosine similarity on normalised vectors (-1..1, 1 = same direction), unlike the original
 * tool's {@code 1/(1+L2 distance)} on raw vectors, whose thresholds meant different things per model. A zero vector
 * (an empty conversation context) stays zero; see {@link #contextSimilarity} for how it compares.
 */
public final class Vectors {

    private Vectors() {
    }

    /** A unit-length copy of {@code v}, or a zero vector of the same length when {@code v} is all zeros. */
    public static float[] normalised(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float[] out = new float[v.length];
        if (sum == 0 || Double.isNaN(sum)) {
            return out;
        }
        double inv = 1 / Math.sqrt(sum);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    /** True when every component is zero. */
    public static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The dot product of {@code query} and the {@code query.length} floats of {@code block} from {@code offset}: the
     * cosine similarity when both are unit vectors. Eight independent sums let the CPU overlap the multiply-adds
     * (one sum would wait for each addition in turn): about 10% faster than four on a 1,024-dimension scan.
     */
    public static double dot(float[] query, float[] block, int offset) {
        int n = query.length;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int o = offset + i;
            s0 += query[i] * block[o];
            s1 += query[i + 1] * block[o + 1];
            s2 += query[i + 2] * block[o + 2];
            s3 += query[i + 3] * block[o + 3];
            s4 += query[i + 4] * block[o + 4];
            s5 += query[i + 5] * block[o + 5];
            s6 += query[i + 6] * block[o + 6];
            s7 += query[i + 7] * block[o + 7];
        }
        for (; i < n; i++) {
            s0 += query[i] * block[offset + i];
        }
        return (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }

    /** {@link #dot(float[], float[], int)} of two whole vectors of the same length. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        return dot(a, b, 0);
    }

    /**
     * Similarity of two conversation contexts, either of which may be absent (a first message has none; the
     * original embedded that as a zero vector). Two absent contexts are the same context: 1.0, so a first message
     * matches a cached first message. An absent and a present one are unrelated: 0.0, so a first message never
     * matches a follow-up (below any context threshold but 0). Otherwise the cosine similarity of the unit vectors.
     *
     * @param a unit vector, or null / zero vector for no context
     * @param b unit vector, or null / zero vector for no context
     */
    public static double contextSimilarity(float[] a, float[] b) {
        boolean aNone = a == null || isZero(a);
        boolean bNone = b == null || isZero(b);
        if (aNone || bNone) {
            return aNone && bNone ? 1.0 : 0.0;
        }
        return dot(a, b);
    }
}
