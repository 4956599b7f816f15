package io.geniejmeter.simulator;

/**
 * Injected faults of single Genie API requests, drawn per request from the seed: HTTP 500 and 503 answers, slow
 * answers, hanging and dropped connections. Made by {@link SimulatorConfig} from checked values; all shares default
 * to 0.
 *
 * @param http500Rate share answered HTTP 500 INTERNAL_ERROR
 * @param http503Rate share answered HTTP 503 TEMPORARILY_UNAVAILABLE
 * @param slowRate share delayed by {@code slowMs} before the answer
 * @param slowMs nominal delay of a slow answer, milliseconds, default 5,000
 * @param hangRate share that get no answer for {@code hangMs}, then a dropped connection
 * @param hangMs nominal duration of a hang, milliseconds, default 600,000
 * @param dropRate share whose connection is closed without an answer
 * @param statementFailRate share of Statement Execution statements (not Genie's own queries) that end FAILED
 * @param embeddingFailRate share of embedding requests answered HTTP 503
 */
public record RequestFaults(double http500Rate, double http503Rate, double slowRate, long slowMs, double hangRate,
                            long hangMs, double dropRate, double statementFailRate, double embeddingFailRate) {

    /** True when any fault of Genie API requests is configured, so the common case skips the draw. */
    public boolean any() {
        return http500Rate > 0 || http503Rate > 0 || slowRate > 0 || hangRate > 0 || dropRate > 0;
    }
}
