package io.geniejmeter.simulator;

/**
 * The workspace-wide limit on questions (start-conversation and follow-up POSTs) and how an excess one is refused.
 * Made by {@link SimulatorConfig} from checked values.
 *
 * @param qpm questions per minute across the workspace, default 5 (the free tier); 0 means no limit
 * @param rateLimitStyle HTTP 429 (default) or a message that ends FAILED
 */
public record RateLimitSettings(int qpm, RateLimitStyle rateLimitStyle) {

    /** True when questions are limited at all. */
    public boolean limited() {
        return qpm > 0;
    }
}
