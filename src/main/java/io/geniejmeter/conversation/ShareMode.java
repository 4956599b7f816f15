package io.geniejmeter.conversation;

/**
 * Which threads share one {@link ConversationFeed}, with the same meaning and key shapes as JMeter's CSV Data Set
 * Config: one feed per file for all threads ({@code file}), per thread group ({@code file@group}) or per thread
 * ({@code file@thread}).
 */
public enum ShareMode {
    /** Every thread of the test draws from one feed: each conversation is used once per cycle by the whole test. */
    ALL_THREADS,
    /** Each thread group has its own feed. */
    THREAD_GROUP,
    /** Each thread has its own feed: every simulated user works through the whole sample on its own. */
    THREAD;

    /**
     * The sharing key, as CSV Data Set Config builds it.
     *
     * @param file the conversation file (an absolute, normalised path is best, so that two spellings share)
     * @param groupName the thread group's name; used by {@link #THREAD_GROUP}
     * @param threadName the thread's name (unique in a JMeter test); used by {@link #THREAD}
     * @return {@code file}, {@code file@group} or {@code file@thread}
     */
    public String key(String file, String groupName, String threadName) {
        return switch (this) {
            case ALL_THREADS -> file;
            case THREAD_GROUP -> file + "@" + groupName;
            case THREAD -> file + "@" + threadName;
        };
    }

    /**
     * The name that makes the random order of a feed differ between scopes: empty for all threads, otherwise the
     * group or thread name. Per-thread feeds with a random order thus ask their questions in different (yet
     * reproducible) orders instead of all asking the same question at the same moment.
     *
     * @param groupName the thread group's name
     * @param threadName the thread's name
     * @return the scope name
     */
    public String scope(String groupName, String threadName) {
        return switch (this) {
            case ALL_THREADS -> "";
            case THREAD_GROUP -> groupName;
            case THREAD -> threadName;
        };
    }
}
