package io.geniejmeter.cli;

import io.geniejmeter.cache.CacheStats;
import io.geniejmeter.genie.GenieSampleVariables;
import io.geniejmeter.genie.RequestType;
import io.geniejmeter.results.CsvRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cache chain's {@code test_complete} figures computed from a JTL instead of a chain's counters: how a
 * distributed run's controller, whose JMeter runs no sampler, reports the caches of all its nodes. Each sample is
 * what the chain counted for its question: {@code GENIE_LIVE} a miss, a successful {@code GENIE_LRU_HIT} or
 * {@code GENIE_SEMANTIC_HIT} a hit, a failed one a failed re-run; {@code cache_errors} is the sum of the
 * {@code genie_cache_errors} column. Questions cut off by the end of the test are in neither (the chain does not count
 * them, the sampler does not record them).
 */
final class JtlCacheStats {

    private JtlCacheStats() {
    }

    /** The figures of {@code jtl}; empty when it holds no cache chain's sample (a run with no cache in front). */
    static Optional<CacheStats> read(Path jtl) throws IOException {
        if (!Files.isRegularFile(jtl)) {
            return Optional.empty();
        }
        try (BufferedReader in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
            return read(in);
        }
    }

    static Optional<CacheStats> read(Reader in) throws IOException {
        List<List<String>> records = CsvRecords.parse(in);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        List<String> header = records.get(0);
        int type = header.indexOf(GenieSampleVariables.REQUEST_TYPE);
        int success = header.indexOf("success");
        int errors = header.indexOf(GenieSampleVariables.CACHE_ERRORS);
        if (type < 0 || success < 0) {
            return Optional.empty();
        }
        long total = 0;
        long lruHits = 0;
        long semanticHits = 0;
        long misses = 0;
        long failedReruns = 0;
        long cacheErrors = 0;
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() <= Math.max(type, success)) {
                continue; // a line cut off by a crash
            }
            RequestType requestType = requestType(r.get(type));
            if (requestType == null || requestType == RequestType.GENIE) {
                continue; // not a cache chain's answer (e.g. an arrival refused for want of capacity)
            }
            total++;
            boolean ok = Boolean.parseBoolean(r.get(success));
            switch (requestType) {
                case GENIE_LIVE -> misses++;
                case GENIE_LRU_HIT -> lruHits += ok ? 1 : 0;
                case GENIE_SEMANTIC_HIT -> semanticHits += ok ? 1 : 0;
                default -> throw new IllegalStateException("unexpected request type " + requestType);
            }
            if (requestType.hit() && !ok) {
                failedReruns++;
            }
            if (errors >= 0 && errors < r.size() && !r.get(errors).isBlank()) {
                cacheErrors += Long.parseLong(r.get(errors).strip());
            }
        }
        return total == 0 ? Optional.empty()
                : Optional.of(new CacheStats(total, lruHits, semanticHits, misses, failedReruns, cacheErrors));
    }

    private static RequestType requestType(String value) {
        try {
            return RequestType.valueOf(value.strip());
        } catch (IllegalArgumentException notOne) {
            return null;
        }
    }
}
