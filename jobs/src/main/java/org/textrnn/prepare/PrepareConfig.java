package org.textrnn.prepare;

import org.textrnn.corpus.OnError;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.CorpusReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.data.Truncation;
import org.textrnn.io.Hashing;
import org.textrnn.io.Json;
import org.textrnn.text.TokenizerConfig;

/**
 * Everything the prepare job does, validated: a config that constructs is one the job can run
 * (input existence and the output folder are checked by {@link PrepareJob#check} before Spark).
 *
 * @param maxLength           fixed maximum sequence length, or 0 to take {@code maxLengthPercentile}
 * @param maxLengthPercentile percentile of the training split's document lengths (when maxLength is 0)
 * @param splitRatios         ratios for inputs without a split name, in train/validation/test order
 * @param vocabMaxSize        entries including PAD and UNK, or 0 for no limit
 * @param runId               the run id, or null to derive it from the configuration
 * @param outputPartitions    Parquet files per split, or 0 for Spark's default parallelism
 */
public record PrepareConfig(List<InputSpec> inputs, InputFormat format, String output, boolean labelled,
                            ReaderOptions reader, TokenizerConfig tokenizer,
                            int vocabMinCount, int vocabMaxSize, String vocabFrom, String labelsFrom,
                            int maxLength, double maxLengthPercentile, Truncation truncation,
                            Map<String, Double> splitRatios, long seed, OnError onError,
                            boolean overwrite, String runId, int outputPartitions) {

    /**
     * The largest max length: documents are padded to it in the Parquet sequences, training
     * minibatches and scoring, so a much larger one only exhausts memory (--max-length 100000000
     * ran prepare out of heap). A percentile that comes out larger is capped to it.
     */
    public static final int MAX_LENGTH_LIMIT = 10_000;

    public PrepareConfig {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new UsageException("--input is required: give a path, or split=path for an input that is already split");
        }
        long named = inputs.stream().filter(i -> i.split() != null).count();
        if (named != 0 && named != inputs.size()) {
            throw new UsageException("give every --input a split name (train=PATH, validation=PATH, test=PATH) or none; found "
                    + inputs);
        }
        if (output == null || output.isBlank()) {
            throw new UsageException("--output is required");
        }
        if (vocabMinCount < 1) {
            throw new UsageException("--vocab.min-count must be >= 1, found " + vocabMinCount
                    + " (1 keeps every token of the training split)");
        }
        if (vocabMaxSize != 0 && vocabMaxSize < 3) {
            throw new UsageException("--vocab.max-size must be 0 (no limit) or >= 3 (PAD, UNK and one token), found " + vocabMaxSize);
        }
        if (maxLength < 0) {
            throw new UsageException("--max-length must be >= 1 or a percentile such as p99, found " + maxLength);
        }
        if (maxLength == 0 && (maxLengthPercentile <= 0 || maxLengthPercentile > 100)) {
            throw new UsageException("--max-length percentile must be in (0, 100], found p" + maxLengthPercentile);
        }
        splitRatios = new LinkedHashMap<>(splitRatios);
        double sum = 0;
        for (Map.Entry<String, Double> e : splitRatios.entrySet()) {
            if (!SequenceSchema.isSplitName(e.getKey())) {
                throw new UsageException("--split names must be train, validation or test; found '" + e.getKey() + "'");
            }
            if (e.getValue() < 0 || e.getValue() > 1) {
                throw new UsageException("--split ratio of " + e.getKey() + " must be in [0, 1], found " + e.getValue());
            }
            sum += e.getValue();
        }
        if (Math.abs(sum - 1.0) > 1e-6) {
            throw new UsageException("--split ratios must add up to 1, found " + splitRatios + " (sum " + sum + ")");
        }
        if (!labelled && format == InputFormat.TSV && reader.tsvHasLabel()) {
            throw new UsageException("--unlabelled with --format tsv: --columns " + String.join(",", reader.columns())
                    + " names a label column; drop it (e.g. --columns id,text or --columns text)");
        }
        if (labelled && format == InputFormat.TSV && !reader.tsvHasLabel()) {
            throw new UsageException("--columns " + String.join(",", reader.columns())
                    + " has no label column: add one, or add --unlabelled for data without labels");
        }
        if (outputPartitions < 0) {
            throw new UsageException("--output.partitions must be >= 0 (0 = Spark's default parallelism), found " + outputPartitions);
        }
    }

    /** What the reader reads. */
    public CorpusReader.Source source() {
        return new CorpusReader.Source(inputs, format, reader, labelled);
    }

    /** Inputs carry their own split names (no --split ratios are applied). */
    public boolean presplit() {
        return inputs.get(0).split() != null;
    }

    /**
     * The options that decide the output's content: two runs with the same fingerprint write the
     * same data (wherever they write it), so a re-run may replace an earlier one in the same folder.
     */
    public String fingerprint() {
        Map<String, Object> m = describe();
        m.remove("output");
        m.remove("overwrite");
        m.remove("run-id");
        m.remove("output.partitions");
        return Hashing.sha256Hex(Json.write(m));
    }

    public String effectiveRunId() {
        return runId != null ? runId : "prepare-" + fingerprint().substring(0, 12);
    }

    /** Every setting by its option name, for provenance. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> in = new ArrayList<>();
        inputs.forEach(i -> in.add(i.toString()));
        m.put("input", in);
        m.put("format", format.optionValue());
        m.put("output", output);
        m.put("unlabelled", !labelled);
        m.putAll(reader.describe());
        m.putAll(tokenizer.describe());
        m.put("vocab.min-count", vocabMinCount);
        m.put("vocab.max-size", vocabMaxSize);
        m.put("vocab.from", vocabFrom == null ? "" : vocabFrom);
        m.put("labels.from", labelsFrom == null ? "" : labelsFrom);
        m.put("max-length", maxLength > 0 ? Integer.toString(maxLength) : "p" + formatPercentile(maxLengthPercentile));
        m.put("truncation", truncation.optionValue());
        m.put("split", splitRatios);
        m.put("seed", seed);
        m.put("on-error", onError.name().toLowerCase(java.util.Locale.ROOT));
        m.put("overwrite", overwrite);
        m.put("run-id", runId == null ? "" : runId);
        m.put("output.partitions", outputPartitions);
        return m;
    }

    static String formatPercentile(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
