package io.geniejmeter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.geniejmeter.time.Clock;
import java.util.Objects;

/**
 * Caffeine's time source read from the project's {@link Clock}, so that cache expiry moves with a hand-moved clock
 * in tests. Stateless apart from the clock, which is thread-safe.
 */
public final class ClockTicker implements Ticker {

    private final Clock clock;

    public ClockTicker(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long read() {
        return clock.nanoTime();
    }
}
