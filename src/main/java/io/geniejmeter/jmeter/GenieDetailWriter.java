package io.geniejmeter.jmeter;

import io.geniejmeter.results.DetailCsvWriter;
import io.geniejmeter.results.DetailColumns;
import io.geniejmeter.results.DetailFileLocation;
import io.geniejmeter.results.DetailRow;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.settings.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.reporters.AbstractListenerElement;
import org.apache.jmeter.samplers.Remoteable;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Genie Detailed Metrics (CSV)": writes {@code detailed_metrics.csv}, one row per sample in its scope (at plan level:
 * every sample of the test), in the original tool's columns followed by ours ({@link DetailColumns}). The shipped
 * plans hold one, so the file is written however the plan runs: {@code bin/genie-loadtest}, the GUI, plain
 * {@code jmeter -n -t}, the jmeter-maven-plugin. Where: {@link DetailFileLocation}, unless the field names a folder.
 *
 * <p>A Genie sample ({@link GenieSampleResult}) brings its question, replayed ids, SQL and phases; any other sampler's
 * sample gets the columns every sample has (times, success, error, size, label). Sub-results are not expanded.
 *
 * <p>Threads: one instance for all threads ({@link NoThreadClone}); rows go through one synchronised writer. On a
 * distributed run it is {@link Remoteable}: JMeter wraps it on the jmeter-server nodes and sends their samples here,
 * so the controller writes one file for the whole run (its {@code concurrent_users} is each node's own count).
 */
public class GenieDetailWriter extends AbstractListenerElement
        implements SampleListener, TestStateListener, TestBean, NoThreadClone, Remoteable {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(GenieDetailWriter.class);

    /** Field to setting, for the GUI's tooltip. */
    static final SettingFields<GenieDetailWriter> FIELDS = new SettingFields<GenieDetailWriter>(
            "Genie Detailed Metrics (CSV)")
            .field("resultsDir", "Results folder", Settings.GENIE_RESULTS_DIR, GenieDetailWriter::getResultsDir);

    private String resultsDir = "";

    private transient Object lock = new Object();
    /** Guarded by lock: open tests (one per jmeter-server node on a distributed run). */
    private transient int running;
    private transient volatile DetailCsvWriter writer;
    private transient volatile String runId = "";
    private transient ZoneId zone;

    private Object lock() {
        synchronized (this) {
            if (lock == null) {
                lock = new Object(); // after deserialisation
            }
            return lock;
        }
    }

    @Override
    public void testStarted() {
        synchronized (lock()) {
            if (running++ > 0) {
                return;
            }
            DetailFileLocation location = location();
            zone = ZoneId.systemDefault();
            runId = location.runId();
            try {
                writer = DetailCsvWriter.create(location.file());
                log.info("Per-request detail: {} ({})", location.file(), location.why());
            } catch (IOException e) {
                writer = null;
                log.error("Cannot write the per-request detail to {}: {}", location.file(), e.toString());
            }
        }
    }

    @Override
    public void testStarted(String host) {
        testStarted();
    }

    @Override
    public void testEnded() {
        synchronized (lock()) {
            if (running == 0 || --running > 0) {
                return;
            }
            DetailCsvWriter closing = writer;
            writer = null;
            if (closing != null) {
                try {
                    closing.close();
                    log.info("Per-request detail: {} rows in {}", closing.rows(), closing.file());
                } catch (IOException e) {
                    log.error("Closing {} failed: {}", closing.file(), e.toString());
                }
            }
        }
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }

    @Override
    public void sampleOccurred(SampleEvent event) {
        DetailCsvWriter out = writer;
        if (out == null) {
            return;
        }
        try {
            out.write(row(event.getResult(), runId, zone));
        } catch (IOException e) {
            log.error("Writing a row to {} failed: {}", out.file(), e.toString());
        }
    }

    /** The row of one sample: the Genie detail it carries, completed with what every sample has. */
    static DetailRow row(SampleResult result, String runId, ZoneId zone) {
        DetailRow row = new DetailRow();
        if (result instanceof GenieSampleResult genie) {
            row.setAll(genie.detail());
        }
        row.set(DetailColumns.RUN_ID, runId);
        row.sample(result.getStartTime(), result.getEndTime(), result.isSuccessful(), result.getResponseMessage(),
                result.getResponseCode(), result.getBytesAsLong(), result.getAllThreads(), result.getSampleLabel(),
                result.getThreadName(), zone);
        return row;
    }

    /** The field's folder, else the rules of {@link DetailFileLocation}. */
    private DetailFileLocation location() {
        Path workingDir = Path.of("").toAbsolutePath();
        String folder = getResultsDir();
        if (folder == null || folder.isBlank()) {
            try {
                folder = TestSettings.current().optional(Settings.GENIE_RESULTS_DIR).orElse(null);
            } catch (GenieSettingsException e) {
                log.error("{}", e.getMessage());
                folder = null;
            }
        }
        return DetailFileLocation.choose(folder, System.getProperty("sun.java.command"),
                JMeterUtils.getProperty("jmeter.reportgenerator.outputdir"), workingDir);
    }

    @Override
    public void sampleStarted(SampleEvent e) {
        // rows are written when a sample is complete
    }

    @Override
    public void sampleStopped(SampleEvent e) {
        // rows are written when a sample is complete
    }

    /** Folder of detailed_metrics.csv; empty: GENIE_RESULTS_DIR, else beside the JTL (see the class comment). */
    public String getResultsDir() {
        return resultsDir;
    }

    public void setResultsDir(String resultsDir) {
        this.resultsDir = resultsDir;
    }
}
