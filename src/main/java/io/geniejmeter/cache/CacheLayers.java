package io.geniejmeter.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The caches of a chain for the asking thread: one set for everybody ({@link CacheScope#SHARED}) or one set per
 * thread ({@link CacheScope#PER_USER}, made on the thread's first question).
 *
 * <p>Thread-safe: the shared set is final; per-thread sets live in a {@link ThreadLocal} and are also listed (under
 * this object's lock) so that {@link #all()} can size, clear and close them.
 */
final class CacheLayers {

    /** One set of caches: the exact-match layer and the semantic layer. */
    record Layers(ExactCache exact, SemanticCache semantic) {
    }

    private final Supplier<Layers> factory;
    private final Layers shared;
    private final ThreadLocal<Layers> perThread;
    private final List<Layers> made = new ArrayList<>();

    CacheLayers(CacheScope scope, Supplier<Layers> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        if (scope == CacheScope.SHARED) {
            shared = factory.get();
            made.add(shared);
            perThread = null;
        } else {
            shared = null;
            perThread = ThreadLocal.withInitial(this::make);
        }
    }

    /** The caches of the calling thread. */
    Layers current() {
        return shared != null ? shared : perThread.get();
    }

    /** Every set made so far. */
    synchronized List<Layers> all() {
        return List.copyOf(made);
    }

    private synchronized Layers make() {
        Layers layers = factory.get();
        made.add(layers);
        return layers;
    }
}
