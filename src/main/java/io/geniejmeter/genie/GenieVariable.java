package io.geniejmeter.genie;

/**
 * One documented setting: its name (the original tool's environment variable name), its default ({@code null} when
 * it has none), whether it is a secret (masked everywhere), the group it belongs to in {@code .env.example}, and a
 * one-line description with its unit.
 */
public record GenieVariable(String name, String defaultValue, boolean secret, String group, String description) {
}
