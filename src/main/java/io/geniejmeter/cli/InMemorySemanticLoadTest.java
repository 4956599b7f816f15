package io.geniejmeter.cli;

/**
 * {@code bin/genie-loadtest-in-memory-semantic}: the original's command of the same name: the load test with an
 * exact-match cache and a semantic cache in memory in front of Genie ({@code testplans/genie-in-memory-semantic.jmx}),
 * with {@code bin/genie-loadtest}'s options plus the caches' ({@code --capacity}, {@code --context-window-size}, ...).
 */
public final class InMemorySemanticLoadTest {

    private InMemorySemanticLoadTest() {
    }

    public static void main(String[] args) {
        LoadTestLauncher.main(Scenario.IN_MEMORY_SEMANTIC, args);
    }
}
