package io.geniejmeter.settings;

import java.util.Objects;
import java.util.Optional;

/**
 * One setting, declared once in {@link Settings}: its environment / {@code .env} variable (the original tool's
 * name), its JMeter property, its command-line option, its type with the one rule that validates it, its default,
 * whether it is a secret, and a one-line description. Command-line help, TestBean tooltips, {@code .env.example},
 * the settings table in {@code docs/settings.md} and the notebooks' widgets are derived from (or tested against)
 * these declarations.
 *
 * <p>Immutable.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    private final String name;
    private final String property;
    private final String option;
    private final SettingType<T> type;
    private final T defaultValue;
    private final String example;
    private final boolean secret;
    private final SettingGroup group;
    private final String description;

    private Setting(Builder<T> b) {
        this.name = Objects.requireNonNull(b.name);
        this.property = b.property;
        this.option = b.option;
        this.type = Objects.requireNonNull(b.type);
        this.defaultValue = b.defaultValue;
        this.example = b.example;
        this.secret = b.secret;
        this.group = Objects.requireNonNull(b.group, "group of " + b.name);
        this.description = Objects.requireNonNull(b.description, "description of " + b.name);
        if (secret && property != null) {
            // JMeter logs its -J properties and saves them in plans: a secret must never be one.
            throw new IllegalStateException(name + " is a secret and cannot have a JMeter property");
        }
    }

    static <T> Builder<T> builder(String name, SettingType<T> type) {
        return new Builder<>(name, type);
    }

    /** The environment and {@code .env} variable, e.g. {@code GENIE_MIN_WAIT}: the setting's name everywhere. */
    public String name() {
        return name;
    }

    /** The JMeter property, e.g. {@code genie.min_wait}; empty for secrets and settings JMeter does not read. */
    public Optional<String> property() {
        return Optional.ofNullable(property);
    }

    /** The command-line option of the bin/ commands, e.g. {@code --min-wait}; empty when there is none. */
    public Optional<String> option() {
        return Optional.ofNullable(option);
    }

    public SettingType<T> type() {
        return type;
    }

    /** The default value; empty when an unset setting means "not given" (e.g. no space id). */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as a user writes it, or the empty string. */
    public String defaultText() {
        return defaultValue == null ? "" : type.format(defaultValue);
    }

    /** A value to show in {@code .env.example}: the default, else an example of the form. */
    public String exampleText() {
        return defaultValue != null ? defaultText() : example == null ? "" : example;
    }

    /** Whether the value is a secret: never logged, never in a plan, a result file or on a command line. */
    public boolean secret() {
        return secret;
    }

    public SettingGroup group() {
        return group;
    }

    /** One line for users: what the setting does, with its unit. */
    public String description() {
        return description;
    }

    /**
     * The description with the default and the variable, as tooltips and {@code --help} show it, e.g. "Shortest think
     * time ... (default 8; GENIE_MIN_WAIT)".
     */
    public String help() {
        return description + " (" + (defaultValue == null ? "" : "default " + defaultText() + "; ") + name + ")";
    }

    @Override
    public String toString() {
        return name;
    }

    /** Declares a setting; used by {@link Settings} only. */
    static final class Builder<T> {
        private final String name;
        private final SettingType<T> type;
        private String property;
        private String option;
        private T defaultValue;
        private String example;
        private boolean secret;
        private SettingGroup group;
        private String description;

        private Builder(String name, SettingType<T> type) {
            this.name = name;
            this.type = type;
        }

        Builder<T> property(String jmeterProperty) {
            this.property = jmeterProperty;
            return this;
        }

        Builder<T> option(String commandLineOption) {
            this.option = commandLineOption;
            return this;
        }

        Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /** What a value looks like, for settings without a default (shown in {@code .env.example}). */
        Builder<T> example(String text) {
            this.example = text;
            return this;
        }

        Builder<T> secret() {
            this.secret = true;
            return this;
        }

        Builder<T> group(SettingGroup settingGroup) {
            this.group = settingGroup;
            return this;
        }

        Setting<T> describe(String oneLine) {
            this.description = oneLine;
            return new Setting<>(this);
        }
    }
}
