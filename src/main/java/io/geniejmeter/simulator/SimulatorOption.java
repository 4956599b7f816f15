package io.geniejmeter.simulator;

/**
 * One simulator setting, declared once in {@link SimulatorOptions}: its long option name (without dashes), type and
 * allowed range, default, value hint and description. The command line ({@code --name}), the JMeter property
 * ({@code genie.simulator.name}), the builder, {@link SimulatorConfig#equals} and {@link SimulatorConfig#toString}
 * all follow from it, and {@link #check} is the one rule every value passes, whatever its source.
 *
 * @param <T> the value's Java type
 */
public final class SimulatorOption<T> {

    private final String name;
    private final OptionType<T> type;
    private final T defaultValue;
    private final String valueHint;
    private final String description;
    private final String shownDefault;
    /** Whether the option may be absent: true exactly when it has no default. */
    private final boolean optional;

    SimulatorOption(String name, OptionType<T> type, T defaultValue, String valueHint, String description,
                    String shownDefault) {
        this.name = name;
        this.type = type;
        this.valueHint = valueHint;
        this.description = description;
        this.shownDefault = shownDefault;
        this.optional = defaultValue == null;
        this.defaultValue = defaultValue == null ? null : check(defaultValue);
    }

    /** Long option name without dashes, e.g. {@code time-scale}. */
    public String name() {
        return name;
    }

    /** What the value looks like in the help, e.g. {@code MIN-MAX}. */
    public String valueHint() {
        return valueHint;
    }

    /** What the option does, with its unit. */
    public String description() {
        return description;
    }

    /** The value used when the option is not given; null only for an option that may be absent. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as the help shows it; {@code (none)} when absent, {@code (built-in)} for a secret. */
    public String defaultText() {
        if (shownDefault != null) {
            return shownDefault;
        }
        if (defaultValue == null) {
            return "(none)";
        }
        return type.isSecret() ? "(built-in)" : type.show(defaultValue);
    }

    /** The allowed range in words ("between 1 and 100000"), or null when every readable value is allowed. */
    public String allowed() {
        return type.allowed();
    }

    /** True for a value that must never be printed. */
    public boolean secret() {
        return type.isSecret();
    }

    /**
     * Reads {@code text} (an option or property value) and checks it as {@link #check} does.
     *
     * @throws SimulatorConfigException naming this option and the text when it is blank, unreadable or out of range
     */
    public T parse(String text) {
        if (text == null || text.isBlank()) {
            throw needsValue();
        }
        T value;
        try {
            value = read(text);
        } catch (IllegalArgumentException e) {
            throw new SimulatorConfigException(name, "option --" + name + ": " + e.getMessage());
        }
        return check(value);
    }

    /** Reads non-blank text, checking its syntax but not its range. */
    T read(String text) {
        return type.read(text);
    }

    /**
     * The one validation rule of this option: a value is required (unless the option may be absent), normalised
     * (text stripped, error types in upper case) and must lie in the allowed range. Never clamps.
     *
     * @return the normalised value
     * @throws SimulatorConfigException naming this option, the value and the allowed range
     */
    public T check(T value) {
        if (value == null) {
            if (optional) {
                return null;
            }
            throw needsValue();
        }
        if (value instanceof String s && s.isBlank()) {
            throw needsValue();
        }
        T normalised = type.normalise(value);
        if (!type.allows(normalised)) {
            throw new SimulatorConfigException(name, "option --" + name + " must be " + type.allowed() + " (got "
                    + type.show(normalised) + ")");
        }
        return normalised;
    }

    /** The value as written on the command line, {@code ****} for a secret, {@code (none)} for an absent value. */
    String show(T value) {
        return value == null ? "(none)" : type.show(value);
    }

    /** {@link #show} for a value known to belong to this option (read back from the untyped value table). */
    @SuppressWarnings("unchecked")
    String showUnchecked(Object value) {
        return show((T) value);
    }

    private SimulatorConfigException needsValue() {
        return new SimulatorConfigException(name, "option --" + name + " needs a value (" + valueHint + ")");
    }

    @Override
    public String toString() {
        return "--" + name;
    }
}
