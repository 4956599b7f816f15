package io.geniejmeter.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long the simulated Genie takes: nominal latency per lifecycle phase, and the factor applied to every simulated
 * duration and limit window. Made by {@link SimulatorConfig} from checked values.
 *
 * @param timeScale factor on every duration and window, default 1; 0.01 runs 100 times faster
 * @param phaseLatency nominal latency per phase, keyed by {@link SimulatorConfig#PHASES} in that order
 */
public record TimingSettings(double timeScale, Map<String, LatencyRange> phaseLatency) {

    public TimingSettings {
        phaseLatency = Collections.unmodifiableMap(new LinkedHashMap<>(phaseLatency)); // in phase order
    }
}
