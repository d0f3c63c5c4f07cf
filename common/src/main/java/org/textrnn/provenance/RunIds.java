package org.textrnn.provenance;

import java.time.LocalDate;
import org.textrnn.io.Hashing;

/**
 * The one rule for run ids, which every command writes into its outputs (stats.json, provenance,
 * metrics.json, summary.json, the prediction table's rows) and names its locks with: the
 * {@code --run-id} option when it is given, else {@code COMMAND-KEY}, where KEY is what the run's
 * output depends on:
 * <ul>
 *   <li>for a run whose output is a function of its content (prepare: the options that decide the
 *       data; train: the options and the vocabulary; evaluate: the options and the network), the first
 *       {@value #DIGITS} hex digits of the SHA-256 of that content ({@link #digest}), so a re-run with
 *       the same content gets the same id;</li>
 *   <li>for a dated run (score: one run per {@code --run-date} of a table), the date.</li>
 * </ul>
 */
public final class RunIds {

    /** Hex digits of a content digest in a run id. */
    public static final int DIGITS = 12;

    private RunIds() {
    }

    /**
     * The run id of a run whose output depends on content with SHA-256 {@code contentSha256} (hex):
     * {@code option} when given, else {@code COMMAND-} and the digest's first {@value #DIGITS} digits.
     */
    public static String of(String option, String command, String contentSha256) {
        return option != null ? option : command + "-" + contentSha256.substring(0, DIGITS);
    }

    /** The run id of a dated run: {@code option} when given, else {@code COMMAND-DATE}. */
    public static String of(String option, String command, LocalDate runDate) {
        return option != null ? option : command + "-" + runDate;
    }

    /** The SHA-256 (hex) of {@code content}, its parts joined as they are, for {@link #of(String, String, String)}. */
    public static String digest(String... content) {
        return Hashing.sha256Hex(String.join("", content));
    }
}
