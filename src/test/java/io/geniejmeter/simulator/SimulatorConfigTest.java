package io.geniejmeter.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    /** Texts tried as out-of-range values: each option with a range must refuse at least one it can read. */
    private static final List<String> OUT_OF_RANGE_CANDIDATES = List.of("-1", "0", "7", "-0.5", "1.5", "1001",
            "65536", "65537", "100001", "NaN", "Infinity");

    @Test
    void shouldReadEveryNamedOptionWhenGivenTheCommandLineNames() {
        SimulatorConfig c = SimulatorConfig.fromOptions(Map.of("time-scale", "0.01", "qpm", "20", "seed", "9",
                "rate-limit-style", "failed-message", "warehouse-slots", "3", "latency-asking-ai", "100-200",
                "fail-rate", "0.25", "fail-error-type", "reply_process_timeout_exception", "conversations",
                "conv.yaml", "port", "8765"));

        assertEquals(0.01, c.timing().timeScale());
        assertEquals(20, c.rateLimit().qpm());
        assertEquals(9, c.data().seed());
        assertEquals(RateLimitStyle.FAILED_MESSAGE, c.rateLimit().rateLimitStyle());
        assertEquals(3, c.warehouse().warehouseSlots());
        assertEquals(new LatencyRange(100, 200), c.timing().phaseLatency().get("ASKING_AI"));
        assertEquals(0.25, c.messageFaults().failRate());
        assertEquals("REPLY_PROCESS_TIMEOUT_EXCEPTION", c.messageFaults().failErrorType());
        assertEquals(Path.of("conv.yaml"), c.data().conversations());
        assertEquals(8765, c.server().port());
    }

    @Test
    void shouldKeepDocumentedDefaultsWhenNoOptionIsGiven() {
        SimulatorConfig c = SimulatorConfig.fromOptions(Map.of());

        assertEquals(SimulatorConfig.defaults(), c);
        assertEquals(5, c.rateLimit().qpm());
        assertEquals(1.0, c.timing().timeScale());
        assertEquals("127.0.0.1", c.server().host());
        assertEquals(RateLimitStyle.HTTP_429, c.rateLimit().rateLimitStyle());
        assertEquals("dapi-genie-simulator-token", c.auth().token());
        assertEquals("dapi-genie-simulator-no-permission", c.auth().forbiddenToken());
        assertEquals("genie-simulator-secret", c.auth().clientSecret());
        assertEquals(null, c.data().conversations());
        double meanSql = c.timing().phaseLatency().values().stream().mapToDouble(LatencyRange::meanMs).sum();
        assertTrue(meanSql > 5_000 && meanSql < 30_000, "mean answer " + meanSql + " ms");
    }

    @Test
    void shouldKeepEveryOptionNameAndDefaultThatUsersAndDocsRelyOn() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("port", "0 (ephemeral; bin/genie-simulator uses 8765)");
        expected.put("host", "127.0.0.1");
        expected.put("max-connections", "10000");
        expected.put("admin-from-anywhere", "false");
        expected.put("time-scale", "1");
        expected.put("latency-submitted", "300-800");
        expected.put("latency-fetching-metadata", "700-2000");
        expected.put("latency-filtering-context", "500-2500");
        expected.put("latency-asking-ai", "2500-14000");
        expected.put("latency-pending-warehouse", "0-500");
        expected.put("latency-executing-query", "1000-10000");
        expected.put("qpm", "5");
        expected.put("rate-limit-style", "http-429");
        expected.put("seed", "42");
        expected.put("conversations", "(none)");
        expected.put("space-id", "01f0a1b2c3d4e5f60718293a4b5c6d7e");
        expected.put("space-title", "Simulated Genie space");
        expected.put("text-only-rate", "0.1");
        expected.put("embedding-dimensions", "1024");
        expected.put("warehouse-id", "5e1a1a7ed0c0ffee");
        expected.put("warehouse-slots", "10");
        expected.put("statement-latency", "200-2000");
        expected.put("query-history-table", "system.query.history");
        expected.put("query-history-lag-ms", "0");
        expected.put("query-history-file", "(none)");
        expected.put("fail-rate", "0");
        expected.put("fail-error-type", "SQL_EXECUTION_EXCEPTION");
        expected.put("cancel-rate", "0");
        expected.put("expire-rate", "0");
        expected.put("expire-after-ms", "60000");
        expected.put("stuck-rate", "0");
        expected.put("http-500-rate", "0");
        expected.put("http-503-rate", "0");
        expected.put("slow-rate", "0");
        expected.put("slow-ms", "5000");
        expected.put("hang-rate", "0");
        expected.put("hang-ms", "600000");
        expected.put("drop-rate", "0");
        expected.put("statement-fail-rate", "0");
        expected.put("embedding-fail-rate", "0");
        expected.put("token", "(built-in simulator token)");
        expected.put("forbidden-token", "(built-in)");
        expected.put("client-id", "genie-simulator-client");
        expected.put("client-secret", "(built-in)");
        expected.put("lakebase-host", "127.0.0.1");
        expected.put("lakebase-port", "5432");
        expected.put("lakebase-token-seconds", "3600");

        Map<String, String> actual = new LinkedHashMap<>();
        SimulatorConfig.options().forEach((name, o) -> actual.put(name, o.defaultText()));

        assertEquals(expected, actual);
    }

    @Test
    void shouldNameTheOptionWhenAValueIsInvalid() {
        SimulatorConfigException e = assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("qpm", "lots")));

        assertEquals("qpm", e.option());
        assertEquals("option --qpm: 'lots' is not a whole number", e.getMessage());
    }

    @Test
    void shouldRejectUnknownOptionsAndBadRanges() {
        assertEquals("tme-scale", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("tme-scale", "1"))).option());
        assertEquals("option --fail-rate must be between 0 and 1 (got 1.5)", assertThrows(
                SimulatorConfigException.class, () -> SimulatorConfig.fromOptions(Map.of("fail-rate", "1.5")))
                .getMessage());
        assertEquals("option --time-scale must be greater than 0 and at most 1000 (got 0)", assertThrows(
                SimulatorConfigException.class, () -> SimulatorConfig.fromOptions(Map.of("time-scale", "0")))
                .getMessage());
        assertEquals("latency-submitted", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("latency-submitted", "9-3"))).option());
        assertEquals("rate-limit-style", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("rate-limit-style", "polite"))).option());
        assertEquals("option --host needs a value (ADDRESS)", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("host", " "))).getMessage());
    }

    @Test
    void shouldRefuseValuesTheOldBuilderSilentlyClamped() {
        assertEquals("option --qpm must be at least 0 (got -1)",
                assertThrows(SimulatorConfigException.class, () -> SimulatorConfig.builder().qpm(-1)).getMessage());
        assertEquals("option --max-connections must be between 1 and 100000 (got 0)", assertThrows(
                SimulatorConfigException.class, () -> SimulatorConfig.builder().maxConnections(0)).getMessage());
        assertEquals("option --embedding-dimensions must be between 8 and 65536 (got 4)", assertThrows(
                SimulatorConfigException.class, () -> SimulatorConfig.builder().embeddingDimensions(4)).getMessage());
        assertEquals("option --hang-ms must be at least 0 (got -5)",
                assertThrows(SimulatorConfigException.class, () -> SimulatorConfig.builder().hangMs(-5)).getMessage());
        assertEquals("option --port must be between 0 and 65535 (got 70000)",
                assertThrows(SimulatorConfigException.class, () -> SimulatorConfig.builder().port(70000))
                        .getMessage());
    }

    @Test
    void shouldParseAndRoundTripEveryOptionThroughParserBuilderRecordsAndToString() throws Exception {
        SimulatorConfig.Builder all = SimulatorConfig.builder();
        Map<String, String> allTexts = new LinkedHashMap<>();
        int index = 0;
        for (SimulatorOption<?> option : SimulatorConfig.options().values()) {
            Object value = otherValue(option, index++);
            String text = option.secret() ? (String) value : option.showUnchecked(value);

            SimulatorConfig parsed = SimulatorConfig.fromOptions(Map.of(option.name(), text));
            SimulatorConfig built = set(SimulatorConfig.builder(), option, value).build();

            assertEquals(value, parsed.get(option), option.name());
            assertEquals(built, parsed, option.name());
            assertEquals(built.hashCode(), parsed.hashCode(), option.name());
            assertFalse(parsed.equals(SimulatorConfig.defaults()), option.name() + " does not count in equals");
            assertEquals(parsed, SimulatorConfig.fromOptions(Map.of(option.name(), " " + text + " ")));
            String shown = option.name() + "=" + (option.secret() ? "****" : text);
            assertTrue(parsed.toString().contains(shown), parsed + " lacks " + shown);
            assertEquals(value, viaTypedBuilderMethod(option, value).build().get(option), option.name());
            assertEveryOptionReachesItsRecordComponent(parsed);
            set(all, option, value);
            allTexts.put(option.name(), text);
        }
        SimulatorConfig everything = SimulatorConfig.fromOptions(allTexts);
        assertEquals(all.build(), everything);
        assertEquals(everything, everything.toBuilder().build());
        assertEveryOptionReachesItsRecordComponent(everything);
    }

    @Test
    void shouldRejectTheSameOutOfRangeValuesWithTheSameMessageFromBuilderAndParser() throws Exception {
        int checked = 0;
        for (SimulatorOption<?> option : SimulatorConfig.options().values()) {
            if (option.allowed() == null) {
                assertFalse(option.defaultValue() instanceof Number && !option.name().equals("seed"),
                        "--" + option.name() + " is a number without a range (only a seed may be any number)");
                continue;
            }
            int refused = 0;
            for (String text : OUT_OF_RANGE_CANDIDATES) {
                Object value;
                try {
                    value = option.read(text);
                } catch (IllegalArgumentException unreadable) {
                    continue;
                }
                SimulatorConfigException fromSet;
                try {
                    set(SimulatorConfig.builder(), option, value);
                    continue; // in range
                } catch (SimulatorConfigException e) {
                    fromSet = e;
                }
                SimulatorConfigException fromParser = assertThrows(SimulatorConfigException.class,
                        () -> SimulatorConfig.fromOptions(Map.of(option.name(), text)), option.name() + " " + text);
                SimulatorConfigException fromTyped = assertThrows(SimulatorConfigException.class,
                        () -> viaTypedBuilderMethod(option, value));

                assertEquals(fromParser.getMessage(), fromSet.getMessage());
                assertEquals(fromParser.getMessage(), fromTyped.getMessage());
                assertEquals(option.name(), fromTyped.option());
                assertEquals("option --" + option.name() + " must be " + option.allowed() + " (got "
                        + option.showUnchecked(value) + ")", fromParser.getMessage());
                refused++;
            }
            assertTrue(refused > 0, "no candidate exercises the range of --" + option.name());
            checked++;
        }
        assertEquals(24, checked, "options with a range");
    }

    @Test
    void shouldRejectABlankValueWithTheSameMessageFromBuilderAndParser() throws Exception {
        for (SimulatorOption<?> option : SimulatorConfig.options().values()) {
            if (!(option.defaultValue() instanceof String)) {
                continue;
            }
            String fromParser = assertThrows(SimulatorConfigException.class,
                    () -> SimulatorConfig.fromOptions(Map.of(option.name(), "  "))).getMessage();

            assertEquals("option --" + option.name() + " needs a value (" + option.valueHint() + ")", fromParser);
            assertEquals(fromParser, assertThrows(SimulatorConfigException.class,
                    () -> viaTypedBuilderMethod(option, "  ")).getMessage());
            assertEquals(fromParser, assertThrows(SimulatorConfigException.class,
                    () -> viaTypedBuilderMethod(option, null)).getMessage());
        }
    }

    @Test
    void shouldTreatMinusZeroAsZeroSoThatEqualSettingsShareOneEmbeddedSimulator() {
        assertEquals(SimulatorConfig.defaults(), SimulatorConfig.fromOptions(Map.of("fail-rate", "-0")));
    }

    @Test
    void shouldRefuseTheForbiddenTokenWhenItEqualsTheToken() {
        SimulatorConfigException e = assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("token", "same", "forbidden-token", "same")));

        assertEquals("forbidden-token", e.option());
    }

    @Test
    void shouldMaskSecretsWhenPrinted() {
        SimulatorConfig c = SimulatorConfig.builder().token("dapi-secret-123").forbiddenToken("dapi-denied-456")
                .clientSecret("very-secret").build();

        for (String printed : List.of(c.toString(), c.auth().toString())) {
            assertFalse(printed.contains("dapi-secret-123"), printed);
            assertFalse(printed.contains("dapi-denied-456"), printed);
            assertFalse(printed.contains("very-secret"), printed);
        }
        assertTrue(c.toString().contains("token=****"), c.toString());
    }

    @Test
    void shouldDocumentEveryOptionWithADefaultAndADescription() {
        SimulatorConfig.options().values().forEach(o -> {
            assertFalse(o.description().isBlank(), o.name());
            assertFalse(o.defaultText().isBlank(), o.name());
            assertFalse(o.valueHint().isBlank(), o.name());
        });
        assertEquals(SimulatorConfig.PHASES.size() + 41, SimulatorConfig.options().size());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Each option reaches exactly one component of the concern records, named as the option in camel case. */
    private static void assertEveryOptionReachesItsRecordComponent(SimulatorConfig config) throws Exception {
        Map<String, Object> components = new HashMap<>();
        for (Method concern : SimulatorConfig.class.getMethods()) {
            if (concern.getParameterCount() == 0 && concern.getReturnType().isRecord()) {
                Object record = concern.invoke(config);
                for (RecordComponent rc : record.getClass().getRecordComponents()) {
                    Object previous = components.put(rc.getName(), rc.getAccessor().invoke(record));
                    assertEquals(null, previous, "two records have " + rc.getName());
                }
            }
        }
        Set<String> fed = new TreeSet<>(List.of("phaseLatency"));
        for (SimulatorOption<?> option : SimulatorConfig.options().values()) {
            String phase = phaseOf(option);
            if (phase != null) {
                assertEquals(config.get(option), config.timing().phaseLatency().get(phase), option.name());
                continue;
            }
            String component = camelCase(option.name());
            assertTrue(components.containsKey(component), "no record component " + component);
            assertEquals(config.get(option), components.get(component), option.name());
            fed.add(component);
        }
        assertEquals(fed, new TreeSet<>(components.keySet()), "record components fed by no option");
    }

    private static String phaseOf(SimulatorOption<?> option) {
        return SimulatorOptions.BY_PHASE.entrySet().stream().filter(e -> e.getValue() == option)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /**
     * A valid value different from the default, of the option's type, and different for each {@code index}, so that
     * two options of one type crossed on their way to the records do not go unnoticed.
     */
    private static Object otherValue(SimulatorOption<?> option, int index) {
        Object d = option.defaultValue();
        List<Object> candidates = new ArrayList<>();
        if (d == null) {
            candidates.add(Path.of("preload-" + index + ".yaml"));
        } else if (d instanceof Integer) {
            candidates.addAll(List.of(10 + index, 100 + index));
        } else if (d instanceof Long) {
            candidates.addAll(List.of(1_000L + index, 2_000L + index));
        } else if (d instanceof Double) {
            candidates.addAll(List.of(0.01 * (index + 1), 0.02 * (index + 1)));
        } else if (d instanceof String) {
            candidates.add(option.name().toUpperCase(Locale.ROOT) + "_ALT");
        } else if (d instanceof LatencyRange) {
            candidates.add(new LatencyRange(index, index + 1));
        } else if (d instanceof Boolean b) {
            candidates.add(!b);
        } else if (d instanceof RateLimitStyle style) {
            candidates.addAll(Arrays.stream(RateLimitStyle.values()).filter(s -> s != style).toList());
        }
        for (Object c : candidates) {
            try {
                if (!c.equals(d)) {
                    set(SimulatorConfig.builder(), option, c);
                    return c;
                }
            } catch (SimulatorConfigException outOfRange) {
                // try the next candidate
            }
        }
        throw new AssertionError("no test value for --" + option.name() + " (default " + d + ")");
    }

    @SuppressWarnings("unchecked")
    private static SimulatorConfig.Builder set(SimulatorConfig.Builder b, SimulatorOption<?> option, Object value) {
        return b.set((SimulatorOption<Object>) option, value);
    }

    /** The builder's typed method of the option ({@code qpm(int)}, {@code phaseLatency(phase, range)}), invoked. */
    private static SimulatorConfig.Builder viaTypedBuilderMethod(SimulatorOption<?> option, Object value)
            throws Exception {
        SimulatorConfig.Builder b = SimulatorConfig.builder();
        try {
            String phase = phaseOf(option);
            if (phase != null) {
                return b.phaseLatency(phase, (LatencyRange) value);
            }
            String name = camelCase(option.name());
            Method m = Arrays.stream(SimulatorConfig.Builder.class.getMethods())
                    .filter(x -> x.getName().equals(name) && x.getParameterCount() == 1).findFirst()
                    .orElseThrow(() -> new AssertionError("the builder has no method " + name + "(...)"));
            return (SimulatorConfig.Builder) m.invoke(b, value);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static String camelCase(String optionName) {
        String[] parts = optionName.split("-");
        StringBuilder s = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            s.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return s.toString();
    }
}
