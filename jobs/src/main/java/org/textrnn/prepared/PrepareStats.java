package org.textrnn.prepared;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;

/**
 * A prepare output's {@value PreparedData#STATS}: what was read, the vocabulary, the labels, the
 * maximum length and each split's figures. Prepare writes it; train (the max length), evaluate's
 * report and the notebooks read it. Files of older prepare runs read: what they did not record reads
 * as null (or 0).
 *
 * @param labels null when prepared with {@code --unlabelled} (the key is then left out)
 * @param splits by split name, in train, validation, test order
 * @param unlabelled the {@code --unlabelled-input} documents the vocabulary was also counted over; null (left out) without
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrepareStats(@JsonProperty("run_id") String runId,
                           @JsonProperty("labelled") boolean labelled,
                           @JsonProperty("input") InputCounts input,
                           @JsonProperty("vocab_size") int vocabSize,
                           @JsonProperty("vocab") VocabStats vocab,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("labels") LabelStats labels,
                           @JsonProperty("max_length") MaxLength maxLength,
                           @JsonProperty("splits") Map<String, SplitStats> splits,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("unlabelled") UnlabelledStats unlabelled) {

    public PrepareStats {
        splits = splits == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    /**
     * Reads the stats.json {@code json} of {@code source}.
     *
     * @throws IllegalArgumentException naming {@code source} when it is not one
     */
    public static PrepareStats read(String json, String source) {
        return Json.read(json, PrepareStats.class, source);
    }

    /** Reads the stats of the prepare output {@code data}. */
    public static PrepareStats of(PreparedData data, Configuration conf) throws IOException {
        return read(HadoopFiles.readText(data.file(PreparedData.STATS), conf), data.name() + "/" + PreparedData.STATS);
    }

    public String toJson() {
        return Json.write(this);
    }

    /** Documents written per split, in split order. */
    public Map<String, Long> documents() {
        Map<String, Long> m = new LinkedHashMap<>();
        splits.forEach((name, s) -> m.put(name, s.documents()));
        return m;
    }

    /**
     * The records read.
     *
     * @param records     every record, whatever became of it
     * @param documents   documents written (every split)
     * @param empty       records without text, or without a token
     * @param rejected    records that could not be read, or (with --labels.from) had a label it does not know
     * @param repeatedIds documents whose id an earlier document had (they get #2, #3, ...)
     */
    public record InputCounts(@JsonProperty("records") long records,
                              @JsonProperty("documents") long documents,
                              @JsonProperty("empty") long empty,
                              @JsonProperty("rejected") long rejected,
                              @JsonProperty("repeated_ids") long repeatedIds) {
    }

    /**
     * The vocabulary: built from the training split (then with the counts of its pruning), or taken
     * from {@code --vocab.from}.
     *
     * @param distinctTokens   built: distinct tokens of the training split, with --vocab.include-unlabelled of the training
     *                         split and the unlabelled documents together (else null, left out)
     * @param sizeBeforePruning built: entries before pruning, PAD and UNK included
     * @param trainTokens      built: tokens of the training split
     * @param trainTokensUnknown built: those not in the pruned vocabulary
     * @param from             the --vocab.from it was taken from, or null (always written)
     * @param vocabSize        entries, PAD and UNK included
     */
    public record VocabStats(@JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("distinct_tokens") Long distinctTokens,
                             @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("size_before_pruning") Long sizeBeforePruning,
                             @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("train_tokens") Long trainTokens,
                             @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("train_tokens_unknown") Long trainTokensUnknown,
                             @JsonProperty("from") String from,
                             @JsonProperty("vocab_size") int vocabSize,
                             @JsonProperty("min_count") int minCount,
                             @JsonProperty("max_size") int maxSize,
                             @JsonProperty("hash") String hash) {

        /** A vocabulary counted from {@code trainTokens} tokens of the training split, {@code distinctTokens} of them distinct. */
        public static VocabStats built(long distinctTokens, long trainTokens, long trainTokensUnknown, int vocabSize, int minCount,
                                       int maxSize, String hash) {
            return new VocabStats(distinctTokens, distinctTokens + 2, trainTokens, trainTokensUnknown, null, vocabSize, minCount, maxSize,
                    hash);
        }

        /** A vocabulary taken from {@code from}. */
        public static VocabStats reused(String from, int vocabSize, int minCount, int maxSize, String hash) {
            return new VocabStats(null, null, null, null, from, vocabSize, minCount, maxSize, hash);
        }
    }

    /** @param from the --labels.from they were taken from, or null */
    public record LabelStats(@JsonProperty("count") int count,
                             @JsonProperty("labels") List<String> labels,
                             @JsonProperty("hash") String hash,
                             @JsonProperty("from") String from) {

        public LabelStats {
            labels = labels == null ? null : List.copyOf(labels);
        }
    }

    /** @param rule how {@code value} was chosen, for people ("fixed by --max-length", "p99 of the training split's lengths") */
    public record MaxLength(@JsonProperty("value") int value, @JsonProperty("rule") String rule) {
    }

    /**
     * One split.
     *
     * @param tokens      tokens before truncation
     * @param tokensKept  tokens after truncation
     * @param oovRate     unknown tokens / tokens, rounded to 6 decimals
     * @param length      the length percentiles ({@code LengthHistogram.summary()}: min, p50, p90, p95, p99, max, mean)
     * @param classCounts documents per label; null (left out) when unlabelled
     */
    public record SplitStats(@JsonProperty("documents") long documents,
                             @JsonProperty("tokens") long tokens,
                             @JsonProperty("tokens_kept") long tokensKept,
                             @JsonProperty("unknown_tokens") long unknownTokens,
                             @JsonProperty("oov_rate") double oovRate,
                             @JsonProperty("truncated") long truncated,
                             @JsonProperty("length") Map<String, Object> length,
                             @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("class_counts") Map<String, Long> classCounts) {

        /** The split's figures from its sums; the OOV rate rounded to 6 decimals. */
        public static SplitStats of(long documents, long tokens, long tokensKept, long unknownTokens, long truncated,
                                    Map<String, Object> length, Map<String, Long> classCounts) {
            double oov = tokens == 0 ? 0.0 : Math.round(unknownTokens * 1_000_000.0 / tokens) / 1_000_000.0;
            return new SplitStats(documents, tokens, tokensKept, unknownTokens, oov, truncated, length, classCounts);
        }
    }

    /**
     * The {@code --unlabelled-input} documents, read for the vocabulary alone (not written as sequences).
     *
     * @param inputs        the paths given
     * @param records       every record read, whatever became of it
     * @param documents     records with text (and a token)
     * @param empty         records without text, or without a token
     * @param rejected      records that could not be read (in {@code rejected/} with the others)
     * @param tokens        the documents' tokens
     * @param unknownTokens those not in the vocabulary
     * @param onlyUnlabelledEntries vocabulary entries that do not occur in the training split: words the unlabelled text gave the vocabulary
     */
    public record UnlabelledStats(@JsonProperty("inputs") List<String> inputs,
                                  @JsonProperty("records") long records,
                                  @JsonProperty("documents") long documents,
                                  @JsonProperty("empty") long empty,
                                  @JsonProperty("rejected") long rejected,
                                  @JsonProperty("tokens") long tokens,
                                  @JsonProperty("unknown_tokens") long unknownTokens,
                                  @JsonProperty("vocabulary_entries_only_in_unlabelled") long onlyUnlabelledEntries) {

        public UnlabelledStats {
            inputs = inputs == null ? null : List.copyOf(inputs);
        }
    }
}
