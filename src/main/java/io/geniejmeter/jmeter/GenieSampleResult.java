package io.geniejmeter.jmeter;

import io.geniejmeter.results.DetailRow;
import org.apache.jmeter.samplers.SampleResult;

/**
 * A sample of the Genie Conversation Sampler: a JMeter {@link SampleResult} (the JTL sees nothing else) that also
 * carries what the sampler knows for {@code detailed_metrics.csv} and the JTL cannot hold: the question, the
 * replayed conversation's ids, the SQL, the phases. {@link GenieDetailWriter} reads it; being part of the sample, it
 * reaches the controller from jmeter-server nodes with the sample (only response data is stripped there).
 */
public class GenieSampleResult extends SampleResult {

    private static final long serialVersionUID = 1L;

    private DetailRow detail = new DetailRow();

    /** The detail the sampler filled in (never null). */
    public DetailRow detail() {
        return detail;
    }

    /** Replaces the detail (used when the sampler builds the result). */
    void detail(DetailRow row) {
        this.detail = row == null ? new DetailRow() : row;
    }
}
