package io.geniejmeter.simulator;

/** A simulator setting is unknown or invalid; {@link #option()} names it (long name without dashes). */
public class SimulatorConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;

    public SimulatorConfigException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The offending option's long name without dashes. */
    public String option() {
        return option;
    }
}
