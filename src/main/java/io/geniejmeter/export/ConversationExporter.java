package io.geniejmeter.export;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.dashboards.GenieConversationSummary;
import com.databricks.sdk.service.dashboards.GenieListConversationMessagesRequest;
import com.databricks.sdk.service.dashboards.GenieListConversationMessagesResponse;
import com.databricks.sdk.service.dashboards.GenieListConversationsRequest;
import com.databricks.sdk.service.dashboards.GenieListConversationsResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.conversation.TimeFilter;
import io.geniejmeter.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the conversations of a Genie space into a {@link ConversationFile}, as the original
 * {@code export-conversations} does: pages through "list conversations" (100 per page, every user's with
 * {@code include_all}) and, per conversation, "list messages" (100 per page); keeps the messages with a question,
 * sorted by creation time; drops conversations left without messages; applies the {@code --from}/{@code --to} window
 * (inclusive, on the conversation's creation time) and the {@code --max-conversations} cap (counting exported, i.e.
 * non-empty, conversations).
 *
 * <p>Differences from the original, on purpose: an empty page that still carries a {@code next_page_token} does not
 * end the listing; a page token seen twice ends it with a warning instead of looping forever; a conversation listed
 * twice is exported once; a conversation deleted between listing and reading (404) is skipped with a warning;
 * messages whose text is only blanks are dropped (the load test could not ask them); throttling (HTTP 429) and
 * transient failures (502, 503, 504, network) are retried with exponential back-off, a bounded number of times.
 * Every other failure becomes an {@link ExportException} whose message says what to do.
 *
 * <p>The messages of up to {@code parallelism} conversations (default {@value #DEFAULT_PARALLELISM}) are read at the
 * same time, on a pool that lives for one export; results are assembled in listing order, so the file does not depend
 * on timing, and no more conversations are read at once than {@code --max-conversations} could still use.
 * Progress is logged at most every {@code progressEvery} (default 5 s). Not thread-safe: one export at a time per
 * instance. The clock (progress intervals, waits between retries) and the calendar (for {@code exported_at}) are
 * injected, so tests of back-off and progress do not wait.
 */
public final class ConversationExporter {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationExporter.class);

    /** Page size of both list calls, as the original uses (also the API's maximum). */
    static final long PAGE_SIZE = 100;

    /**
     * How throttled or transiently failing calls are retried: delays double from {@code firstDelay} up to
     * {@code maxDelay}, at most {@code maxRetries} retries per call.
     *
     * @param maxRetries retries per call after the first attempt (default 6)
     * @param firstDelay the first wait (default 1 s)
     * @param maxDelay the longest wait (default 30 s); the default policy gives up after about 1.5 minutes
     */
    public record RetryPolicy(int maxRetries, Duration firstDelay, Duration maxDelay) {
        public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30));

        Duration delay(int retry) {
            long ms = firstDelay.toMillis() << Math.min(retry, 20);
            return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
        }
    }

    private final WorkspaceClient client;
    private final java.time.Clock calendar;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Duration progressEvery;
    private final int parallelism;

    /** Numbers the reader threads of all exports in this JVM, for thread names only. */
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Conversations whose messages are read at the same time by default (list calls do not count to Genie's
     * question limit; 4 keeps a 10,000-conversation export to minutes without hammering the workspace). */
    public static final int DEFAULT_PARALLELISM = 4;

    /** An exporter with the system clock, real sleeps, the default retry policy and progress every 5 s. */
    public ConversationExporter(WorkspaceClient client) {
        this(client, java.time.Clock.systemDefaultZone(), Clock.SYSTEM, RetryPolicy.DEFAULT,
                Duration.ofSeconds(5), DEFAULT_PARALLELISM);
    }

    /**
     * @param client the workspace client (its own retries should be off: {@code WorkspaceClients.create})
     * @param calendar the calendar for {@code exported_at} (local time, as the original)
     * @param clock the clock that times progress lines and waits between retries ({@link Clock#SYSTEM} in
     *     production)
     * @param retry the retry policy for throttling and transient failures
     * @param progressEvery the shortest interval between progress lines
     * @param parallelism how many conversations' messages are read at the same time (1 = one after the other); the
     *     client's HTTP pool should allow as many connections
     */
    public ConversationExporter(WorkspaceClient client, java.time.Clock calendar, Clock clock, RetryPolicy retry,
            Duration progressEvery, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.client = Objects.requireNonNull(client, "client");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.progressEvery = Objects.requireNonNull(progressEvery, "progressEvery");
    }

    /**
     * Exports and writes the file atomically, then logs {@code Exported N conversations with M messages to <file>}.
     *
     * @param request what to export
     * @param output the file to write (replaced atomically; untouched when the export fails)
     * @return what was written
     * @throws ExportException when the export or the write fails; the message says what to do
     */
    public ConversationFile exportTo(ExportRequest request, Path output) throws ExportException {
        ConversationFile file = export(request);
        try {
            ConversationFiles.write(file, output);
        } catch (IOException e) {
            throw new ExportException("Cannot write " + output + " (" + e + "). Check that the directory exists and"
                    + " is writable, and that the disk is not full; nothing was changed.", e);
        }
        LOG.info("Exported {} conversations with {} messages to {}", file.totalConversations(), file.totalMessages(),
                output);
        return file;
    }

    /**
     * Exports without writing.
     *
     * @param request what to export
     * @return the conversations, ready to write
     * @throws ExportException when Genie cannot be read; the message says what to do
     */
    public ConversationFile export(ExportRequest request) throws ExportException {
        LOG.info("Connecting to Genie space: {}", request.spaceId());
        List<Conversation> exported = new ArrayList<>();
        Set<String> seenConversations = new HashSet<>();
        Set<String> seenTokens = new HashSet<>();
        Progress progress = new Progress();
        String pageToken = null;
        int pages = 0;
        ExecutorService pool = parallelism > 1 ? Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "genie-export-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) : null;
        try {
        pages:
        while (true) {
            String token = pageToken;
            GenieListConversationsResponse page = call("listing the conversations", false, request, () ->
                    client.genie().listConversations(new GenieListConversationsRequest()
                            .setSpaceId(request.spaceId())
                            .setIncludeAll(request.includeAll() ? Boolean.TRUE : null)
                            .setPageSize(PAGE_SIZE)
                            .setPageToken(token)));
            pages++;
            List<GenieConversationSummary> candidates = new ArrayList<>();
            if (page.getConversations() != null) {
                for (GenieConversationSummary summary : page.getConversations()) {
                    progress.listed++;
                    String id = summary.getConversationId();
                    if (id == null || !seenConversations.add(id)) {
                        LOG.debug("Skipping conversation {} (no id, or listed twice)", id);
                    } else if (!inWindow(summary.getCreatedTimestamp(), request)) {
                        LOG.debug("Skipping conversation {} (created outside --from/--to)", id);
                    } else {
                        candidates.add(summary);
                    }
                }
            }
            int next = 0;
            while (next < candidates.size()) {
                int wanted = request.capped() ? request.maxConversations() - exported.size() : Integer.MAX_VALUE;
                if (wanted <= 0) {
                    break pages;
                }
                // Never read more conversations at once than could still be needed under --max-conversations.
                int n = Math.min(Math.min(parallelism, wanted), candidates.size() - next);
                List<GenieConversationSummary> chunk = candidates.subList(next, next + n);
                List<List<ConversationMessage>> results = messagesOf(request, chunk, pool);
                for (int i = 0; i < n; i++) {
                    List<ConversationMessage> messages = results.get(i);
                    if (messages == null || messages.isEmpty()) {
                        continue;
                    }
                    GenieConversationSummary summary = chunk.get(i);
                    Long created = summary.getCreatedTimestamp();
                    exported.add(new Conversation(summary.getConversationId(), summary.getTitle(),
                            created == null ? 0L : created, messages));
                    progress.conversations++;
                    progress.messages += messages.size();
                }
                progress.maybeLog();
                next += n;
            }
            if (request.capped() && exported.size() >= request.maxConversations()) {
                break;
            }
            String nextToken = page.getNextPageToken();
            if (nextToken == null || nextToken.isEmpty()) {
                break;
            }
            if (!seenTokens.add(nextToken)) {
                LOG.warn("Genie returned the page token of an earlier page again after {} pages; stopping the"
                        + " listing here to avoid an endless loop (the conversations read so far are kept)", pages);
                break;
            }
            pageToken = nextToken;
        }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        TimeFilter filter = request.fromMs() == null && request.toMs() == null ? null
                : TimeFilter.of(request.fromMs(), request.toMs());
        return new ConversationFile(request.spaceId(),
                ConversationFile.exportedAtText(LocalDateTime.now(calendar)), exported, filter);
    }

    private static boolean inWindow(Long created, ExportRequest request) {
        if (request.fromMs() == null && request.toMs() == null) {
            return true;
        }
        if (created == null) {
            return false;
        }
        return (request.fromMs() == null || created >= request.fromMs())
                && (request.toMs() == null || created <= request.toMs());
    }

    /**
     * The messages of several conversations, read concurrently on {@code pool} (or in this thread when it is null or
     * there is one), returned in the order of {@code chunk}. The first failure in that order is thrown.
     */
    private List<List<ConversationMessage>> messagesOf(ExportRequest request, List<GenieConversationSummary> chunk,
            ExecutorService pool) throws ExportException {
        List<List<ConversationMessage>> results = new ArrayList<>(chunk.size());
        if (pool == null || chunk.size() == 1) {
            for (GenieConversationSummary c : chunk) {
                results.add(messages(request, c.getConversationId()));
            }
            return results;
        }
        List<Future<List<ConversationMessage>>> futures = new ArrayList<>(chunk.size());
        for (GenieConversationSummary c : chunk) {
            futures.add(pool.submit(() -> messages(request, c.getConversationId())));
        }
        try {
            for (Future<List<ConversationMessage>> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportException("Export interrupted; no file was written.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ExportException ee) {
                throw ee;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new ExportException("Reading messages failed: " + e.getCause(), e.getCause());
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    /** All messages with a question, sorted by creation time; null when the conversation vanished (404). */
    private List<ConversationMessage> messages(ExportRequest request, String conversationId) throws ExportException {
        List<GenieMessage> all = new ArrayList<>();
        Set<String> seenTokens = new HashSet<>();
        String pageToken = null;
        while (true) {
            String token = pageToken;
            GenieListConversationMessagesResponse page;
            try {
                page = call("listing the messages of conversation " + conversationId, true, request, () ->
                        client.genie().listConversationMessages(new GenieListConversationMessagesRequest()
                                .setSpaceId(request.spaceId())
                                .setConversationId(conversationId)
                                .setPageSize(PAGE_SIZE)
                                .setPageToken(token)));
            } catch (NotFoundDuringExport e) {
                LOG.warn("Conversation {} disappeared while exporting (HTTP 404); it is skipped", conversationId);
                return null;
            }
            if (page.getMessages() != null) {
                all.addAll(page.getMessages());
            }
            String next = page.getNextPageToken();
            if (next == null || next.isEmpty()) {
                break;
            }
            if (!seenTokens.add(next)) {
                LOG.warn("Genie returned an earlier page token again for the messages of conversation {}; using the"
                        + " messages read so far", conversationId);
                break;
            }
            pageToken = next;
        }
        return all.stream()
                .filter(m -> m.getContent() != null && !m.getContent().isBlank())
                .sorted(Comparator.comparingLong(m -> m.getCreatedTimestamp() == null ? 0L : m.getCreatedTimestamp()))
                .map(m -> new ConversationMessage(m.getContent(),
                        m.getCreatedTimestamp() == null ? 0L : m.getCreatedTimestamp(),
                        m.getMessageId() != null ? m.getMessageId() : m.getId()))
                .toList();
    }

    /** A 404 on a conversation's messages: handled by skipping that conversation. */
    private static final class NotFoundDuringExport extends ExportException {
        private static final long serialVersionUID = 1L;

        NotFoundDuringExport(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs one list call, retrying throttling and transient failures per the retry policy.
     *
     * @param what the call in words, for messages ("listing the conversations")
     * @param ofOneConversation true for a conversation's messages, where a 404 means that conversation is gone
     *     (skipped) rather than a wrong space id
     */
    private <T> T call(String what, boolean ofOneConversation, ExportRequest request, Supplier<T> call)
            throws ExportException {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (DatabricksException e) {
                ExportErrors.Kind kind = ExportErrors.classify(e);
                if (kind == ExportErrors.Kind.NOT_FOUND && ofOneConversation) {
                    throw new NotFoundDuringExport(e.getMessage(), e);
                }
                if (!kind.transientFailure() || attempt >= retry.maxRetries()) {
                    throw ExportErrors.toExportException(e, kind, what, request, host(), attempt);
                }
                Duration wait = retry.delay(attempt);
                LOG.warn("{} while {}; waiting {} s before retry {} of {}", ExportErrors.shortDescription(e, kind),
                        what, wait.toMillis() / 1000.0, attempt + 1, retry.maxRetries());
                try {
                    clock.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ExportException("Export interrupted; no file was written.", ie);
                }
            }
        }
    }

    private String host() {
        try {
            return client.config().getHost();
        } catch (RuntimeException e) {
            return "the workspace";
        }
    }

    /** Throttled progress lines for long exports. */
    private final class Progress {
        int listed;
        int conversations;
        int messages;
        private long lastLogNanos = clock.nanoTime();

        void maybeLog() {
            long now = clock.nanoTime();
            if (now - lastLogNanos >= progressEvery.toNanos()) {
                lastLogNanos = now;
                LOG.info("Progress: {} conversations listed, {} exported with {} messages so far", listed,
                        conversations, messages);
            }
        }
    }
}
