package io.geniejmeter.cli;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.ResourceBundle;

/**
 * Command-line options that stand for a setting of the catalogue ({@code --min-wait} for {@code GENIE_MIN_WAIT}):
 * their help text is the setting's own description and default, handed to picocli as a resource bundle keyed by the
 * option's long name, and their values go through the setting's one rule, with messages that name the option.
 */
final class SettingOptions {

    private SettingOptions() {
    }

    /** picocli's description texts for the options of {@code settings} (key: the long option name without "--"). */
    static ResourceBundle help(List<Setting<?>> settings) {
        Object[][] contents = settings.stream()
                .map(s -> new Object[] {s.option().orElseThrow().substring(2), s.help()})
                .toArray(Object[][]::new);
        return new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return contents;
            }
        };
    }

    /**
     * {@code text}, given as option {@code typed} for {@code setting}, checked by the setting's rule.
     *
     * @throws IllegalArgumentException naming the option and what a valid value looks like
     */
    static GenieSettings.Given given(Setting<?> setting, String typed, String text) {
        try {
            setting.type().parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(typed + " '" + text + "' " + e.getMessage());
        }
        return new GenieSettings.Given(setting.name(), text.strip(), "option " + typed);
    }
}
