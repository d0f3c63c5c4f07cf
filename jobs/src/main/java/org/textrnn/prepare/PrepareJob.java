package org.textrnn.prepare;

import org.textrnn.corpus.ReaderOptions;
import org.textrnn.corpus.InputFormat;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.prepared.PreparedData;
import org.textrnn.prepared.PrepareStats;
import org.textrnn.corpus.StatusCounts;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.textrnn.corpus.OnError;
import org.textrnn.corpus.RawSchema;
import org.textrnn.corpus.MappingIterator;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.CorpusReader;
import org.textrnn.corpus.RejectedRecords;
import org.textrnn.corpus.UnlabelledText;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.data.LengthHistogram;
import org.textrnn.data.SequenceEncoder;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Hashing;
import org.textrnn.io.Json;
import org.textrnn.io.Publication;
import org.textrnn.io.StagedOutput;
import org.textrnn.provenance.Provenance;
import org.textrnn.text.Tokenizer;
import org.textrnn.vocab.LabelIndex;
import org.textrnn.vocab.Vocabulary;

/**
 * The prepare job: corpus → tokens → vocabulary (training split only, counted distributedly) →
 * padded token-index sequences in Parquet, with vocab.tsv, labels.tsv, stats.json, provenance.json
 * and the rejected records. See the README for the output layout.
 *
 * <p>Nothing but the pruned vocabulary, the label set and small histograms comes to the driver.
 * A re-run with the same inputs and options replaces its earlier output with the same content.
 */
public final class PrepareJob {

    private static final Logger LOG = LoggerFactory.getLogger(PrepareJob.class);

    static final String COMMAND = "prepare";
    /** Written first in the output folder: which configuration the folder belongs to ({@link RunMarker}). */
    static final String RUN_MARKER = "_textrnn_run.json";
    static final String REJECTED = "rejected";
    private static final String OCCURRENCE = "occurrence";
    static final int MAX_LABELS = 10_000;
    private static final int EXCERPT = 500;

    private static final String BASE_ID = "base_id";
    private static final String TOKEN_LIST = "token_list";
    private static final String RAW_LENGTH = "raw_length";
    private static final String UNKNOWN = "unknown";

    private static final StructType DOCS = new StructType()
            .add(BASE_ID, DataTypes.StringType, true)
            .add(RawSchema.LABEL, DataTypes.StringType, true)
            .add(RawSchema.SOURCE, DataTypes.StringType, false)
            .add(RawSchema.SPLIT, DataTypes.StringType, true)
            .add(RawSchema.STATUS, DataTypes.StringType, false)
            .add(RawSchema.REASON, DataTypes.StringType, true)
            .add(RawSchema.TEXT, DataTypes.StringType, true)
            .add(TOKEN_LIST, DataTypes.createArrayType(DataTypes.StringType, false), true);

    private static final StructType ENCODED = SequenceSchema.SCHEMA
            .add(SequenceSchema.SPLIT, DataTypes.StringType, false)
            .add(RAW_LENGTH, DataTypes.IntegerType, false)
            .add(UNKNOWN, DataTypes.IntegerType, false);

    private PrepareJob() {
    }

    /** {@value #RUN_MARKER}: the run and the fingerprint of the options that decide its data. */
    record RunMarker(@JsonProperty("run_id") String runId, @JsonProperty("fingerprint") String fingerprint) {
    }


    /**
     * Encodes the raw documents in {@code input} exactly as the bundle's training data was (its
     * vocabulary, labels, tokenizer, max length and truncation) into a prepare output in
     * {@code output} with one test split: evaluate's {@code --input} (wired in by the CLI).
     */
    public static PrepareResult encodeWithBundle(SparkSession spark, String input, InputFormat format, ReaderOptions reader, ModelBundle bundle,
                                                 String bundleDir, String output) throws IOException {
        return run(spark, PrepareConfig.builder().input(input).format(format).output(output).reader(reader).tokenizer(bundle.tokenizer())
                .vocabMinCount(1).vocabFrom(new Path(bundleDir, ModelBundle.VOCAB).toString())
                .labelsFrom(new Path(bundleDir, ModelBundle.LABELS).toString()).maxLength(PrepareConfig.MaxLength.tokens(bundle.maxLength()))
                .truncation(bundle.truncation()).split(PrepareConfig.SplitRatios.all(SequenceSchema.TEST)).overwrite(true).build());
    }

    /**
     * What can be checked without Spark: the inputs exist, reused vocabulary and labels parse, the
     * vocabulary has a training split to come from, and the output folder is new, empty, or holds
     * this same run (or a different one and --overwrite is given).
     */
    public static void check(PrepareConfig cfg, Configuration conf) throws IOException {
        CorpusReader.checkInputs(cfg.source(), conf);
        if (cfg.unlabelledSource() != null) {
            UnlabelledText.checkInputs("--unlabelled-input", cfg.unlabelledSource(), conf);
        }
        if (cfg.vocabFrom() != null) {
            loadVocabulary(cfg.vocabFrom(), conf);
        } else {
            boolean hasTrain = cfg.presplit()
                    ? cfg.inputs().stream().anyMatch(i -> SequenceSchema.TRAIN.equals(i.split()))
                    : cfg.splitRatios().getOrDefault(SequenceSchema.TRAIN, 0.0) > 0;
            if (!hasTrain) {
                throw new UsageException("the vocabulary is built from the training split, but there is none "
                        + "(no --input train=PATH, or a train ratio of 0 in --split): add one, or reuse a vocabulary with --vocab.from");
            }
        }
        if (cfg.labelsFrom() != null) {
            loadLabels(cfg.labelsFrom(), conf);
        }
        checkOutput(Publication.resolve(new Path(cfg.output()), conf), cfg, conf);
    }

    static void checkOutput(Path out, PrepareConfig cfg, Configuration conf) throws IOException {
        FileSystem fs = out.getFileSystem(conf);
        if (!fs.exists(out)) {
            return;
        }
        if (!fs.getFileStatus(out).isDirectory()) {
            throw new UsageException("--output " + out + " is a file, not a folder");
        }
        FileStatus[] children = fs.listStatus(out);
        if (children.length == 0) {
            return;
        }
        Path marker = new Path(out, RUN_MARKER);
        if (!fs.exists(marker)) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < Math.min(5, children.length); i++) {
                names.add(children[i].getPath().getName());
            }
            throw new UsageException("--output " + out + " holds files that are not a textrnn prepare output ("
                    + String.join(", ", names) + (children.length > 5 ? ", ..." : "") + "): choose a new or empty folder");
        }
        RunMarker run = Json.read(HadoopFiles.readText(marker, conf), RunMarker.class, marker.toString());
        if (!cfg.fingerprint().equals(run.fingerprint()) && !cfg.overwrite()) {
            throw new UsageException("--output " + out + " already holds a different prepare run (run id " + run.runId()
                    + ", made with other inputs or options): choose a new --output, or add --overwrite to replace it");
        }
    }

    static Vocabulary loadVocabulary(String location, Configuration conf) throws IOException {
        Path p = new Path(location);
        if (!HadoopFiles.exists(p, conf)) {
            throw new UsageException("--vocab.from " + location + " does not exist");
        }
        try {
            return Vocabulary.parse(HadoopFiles.readText(p, conf), location);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--vocab.from: " + e.getMessage());
        }
    }

    static LabelIndex loadLabels(String location, Configuration conf) throws IOException {
        Path p = new Path(location);
        if (!HadoopFiles.exists(p, conf)) {
            throw new UsageException("--labels.from " + location + " does not exist");
        }
        try {
            return LabelIndex.parse(HadoopFiles.readText(p, conf), location);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--labels.from: " + e.getMessage());
        }
    }

    public static PrepareResult run(SparkSession spark, PrepareConfig cfg) throws IOException {
        long start = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        check(cfg, conf);
        String runId = runId(cfg);
        // written into a staging folder and published whole: the previous output stays until then
        try (StagedOutput output = StagedOutput.open(new Path(cfg.output()), "--output " + cfg.output(), runId, true, conf)) {
            // a failure leaves the staging (its rejected records explain it); the next run removes it
            PrepareResult r = write(spark, cfg, runId, output.dir(), conf, start);
            output.publish();
            return r;
        }
    }

    /** prepare's run id ({@link org.textrnn.provenance.RunIds}): {@code --run-id}, else from the fingerprint of the options that decide the data. */
    static String runId(PrepareConfig cfg) {
        return cfg.effectiveRunId();
    }

    /** The steps of a run, writing into {@code out} (the staging folder). */
    private static PrepareResult write(SparkSession spark, PrepareConfig cfg, String runId, Path out, Configuration conf, long start)
            throws IOException {
        HadoopFiles.writeText(new Path(out, RUN_MARKER), Json.write(new RunMarker(runId, cfg.fingerprint())), conf);
        Vocabulary fixedVocab = cfg.vocabFrom() == null ? null : loadVocabulary(cfg.vocabFrom(), conf);
        LabelIndex fixedLabels = cfg.labelsFrom() == null ? null : loadLabels(cfg.labelsFrom(), conf);
        LOG.info("prepare {}: reading {} input(s) as {} into {}", runId, cfg.inputs().size(), cfg.format().optionValue(), out);

        Dataset<Row> docs = readAndTokenize(spark, cfg);
        StatusCounts status = countRecords(docs, cfg, runId, start);
        Unlabelled unlabelled = readUnlabelled(spark, cfg, runId, start);
        Labelled labelled = labels(docs.filter(col(RawSchema.STATUS).equalTo(RawSchema.OK)), cfg, fixedLabels);
        long rejected = writeRejected(spark, docs, labelled.unknownLabel(), unlabelled == null ? null : UnlabelledText.rejected(unlabelled.read()),
                cfg, out, runId);
        // the unlabelled input's rejected records are in rejected/ too, and counted with the unlabelled input
        rejected -= unlabelled == null ? 0 : unlabelled.status().rejected();
        requireDocuments(cfg, status, rejected, out);
        Dataset<Row> assigned = assignIdsAndSplits(labelled.ok(), cfg);
        docs.unpersist();
        Column isTrain = col(RawSchema.SPLIT).equalTo(SequenceSchema.TRAIN);

        VocabularyBuilt vocab = vocabulary(assigned.filter(isTrain), cfg, fixedVocab, unlabelled);
        LOG.info("prepare {}: vocabulary of {} entries (PAD and UNK included), {} ({}s)", runId, vocab.vocabulary().size(),
                fixedVocab != null ? "from " + cfg.vocabFrom() : "min count " + cfg.vocabMinCount(), seconds(start));
        if (vocab.unlabelled() != null) {
            LOG.info("prepare {}: the vocabulary was counted over the training split and {} unlabelled tokens; {} of its entries occur only"
                    + " in the unlabelled documents", runId, vocab.unlabelled().tokens(), vocab.unlabelled().onlyUnlabelledEntries());
        }
        PrepareStats.MaxLength maxLength = maxLength(assigned, isTrain, cfg);
        LOG.info("prepare {}: max length {} ({})", runId, maxLength.value(), maxLength.rule());

        Dataset<Row> encoded = encode(spark, assigned, vocab.vocabulary(), maxLength.value(), cfg, labelled.labels());
        writeSequences(spark, encoded, cfg, out);
        LOG.info("prepare {}: sequences written to {} ({}s)", runId, new Path(out, PreparedData.SEQUENCES), seconds(start));
        Map<String, PrepareStats.SplitStats> splits = splitStats(encoded, cfg.labelled());
        long repeatedIds = assigned.filter(col(OCCURRENCE).gt(1)).count();
        encoded.unpersist();
        assigned.unpersist();

        PrepareStats stats = stats(runId, cfg, status, rejected, repeatedIds, vocab.stats(), labelled.labels(), maxLength, splits,
                unlabelledStats(cfg, unlabelled, vocab));
        if (unlabelled != null) {
            unlabelled.read().unpersist();
        }
        writeDescription(out, vocab.vocabulary(), labelled.labels(), stats, provenance(cfg, runId, Provenance.Spark.of(spark.sparkContext()), conf),
                conf);
        Map<String, Long> perSplit = stats.documents();
        LOG.info("prepare {}: done in {}s: {} documents {} written to {}", runId, seconds(start), stats.input().documents(), perSplit,
                cfg.output());
        return new PrepareResult(cfg.output(), runId, perSplit, rejected, status.empty(), vocab.vocabulary().size(), maxLength.value(), stats);
    }

    /** Step 1: the records read and tokenized; blank and malformed records are kept (as such) to be counted. */
    private static Dataset<Row> readAndTokenize(SparkSession spark, PrepareConfig cfg) {
        return CorpusReader.read(spark, cfg.source())
                .mapPartitions(tokenize(cfg.tokenizer().create()), Encoders.row(DOCS))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The records by status, logged; with --on-error fail, the first rejected record fails the run. */
    private static StatusCounts countRecords(Dataset<Row> docs, PrepareConfig cfg, String runId, long start) {
        StatusCounts status = StatusCounts.of(docs);
        LOG.info("prepare {}: read {} records: {} documents, {} empty, {} rejected ({}s)", runId, status.total(), status.ok(),
                status.empty(), status.rejected(), seconds(start));
        if (cfg.onError() == OnError.FAIL && status.rejected() > 0) {
            // here on the driver, not in a task: a failed task would print Spark's stack traces before this one line
            String first = RejectedRecords.first(docs);
            docs.unpersist();
            throw new TextrnnException(first + " (--on-error fail)");
        }
        return status;
    }

    /**
     * The {@code --unlabelled-input} records, read and tokenized as the input is.
     *
     * @param read   every record ({@link UnlabelledText#SCHEMA}), persisted
     * @param status how many have each status
     */
    record Unlabelled(Dataset<Row> read, StatusCounts status) {
    }

    /** The --unlabelled-input records, counted and logged (null without); with --on-error fail, the first rejected one fails the run. */
    private static Unlabelled readUnlabelled(SparkSession spark, PrepareConfig cfg, String runId, long start) {
        CorpusReader.Source source = cfg.unlabelledSource();
        if (source == null) {
            return null;
        }
        Dataset<Row> read = UnlabelledText.read(spark, source, cfg.tokenizer().create()).persist(StorageLevel.MEMORY_AND_DISK());
        StatusCounts status = StatusCounts.of(read);
        LOG.info("prepare {}: read {} unlabelled records: {} documents, {} empty, {} rejected ({}s)", runId, status.total(), status.ok(),
                status.empty(), status.rejected(), seconds(start));
        if (cfg.onError() == OnError.FAIL && status.rejected() > 0) {
            String first = RejectedRecords.first(read);
            read.unpersist();
            throw new TextrnnException("--unlabelled-input " + first + " (--on-error fail)");
        }
        UnlabelledText.requireReadable("--unlabelled-input", source, read, status);
        return new Unlabelled(read, status);
    }

    /**
     * The documents with text ({@code ok}) and their labels.
     *
     * @param ok           the documents kept: with a reused label index, those whose label it knows
     * @param labels       the label index (null when unlabelled)
     * @param unknownLabel the documents whose label a reused label index does not know, or null
     */
    record Labelled(Dataset<Row> ok, LabelIndex labels, Dataset<Row> unknownLabel) {
    }

    /** Step 2: the labels, from --labels.from (which leaves out the documents it does not know) or the documents' distinct labels. */
    private static Labelled labels(Dataset<Row> ok, PrepareConfig cfg, LabelIndex fixedLabels) {
        if (!cfg.labelled()) {
            return new Labelled(ok, null, null);
        }
        if (fixedLabels != null) {
            Column known = col(RawSchema.LABEL).isin(fixedLabels.labels().toArray());
            return new Labelled(ok.filter(known), fixedLabels, ok.filter(not(known)));
        }
        List<Row> distinct = ok.select(RawSchema.LABEL).distinct().limit(MAX_LABELS + 1).collectAsList();
        if (distinct.size() > MAX_LABELS) {
            throw new TextrnnException("the input has more than " + MAX_LABELS
                    + " distinct labels: is the label column right (--format, --columns, --label-column)?");
        }
        List<String> names = new ArrayList<>();
        distinct.forEach(r -> names.add(r.getString(0)));
        return new Labelled(ok, LabelIndex.of(names), null);
    }

    /**
     * The rejected records (and those with a label --labels.from does not know) with their reasons in
     * {@code out/rejected}; with --on-error fail, an unknown label fails the run.
     *
     * @return how many were written
     */
    private static long writeRejected(SparkSession spark, Dataset<Row> docs, Dataset<Row> unknownLabel, Dataset<Row> unlabelledRejected,
                                      PrepareConfig cfg, Path out, String runId) {
        Dataset<Row> rejected = docs.filter(col(RawSchema.STATUS).equalTo(RawSchema.REJECTED))
                .select(RawSchema.SOURCE, RawSchema.REASON, RawSchema.TEXT);
        if (unknownLabel != null) {
            Dataset<Row> unknown = unknownLabel.select(col(RawSchema.SOURCE),
                    concat(lit("label '"), col(RawSchema.LABEL), lit("' is not in --labels.from " + cfg.labelsFrom())).as(RawSchema.REASON),
                    concat_ws(" ", slice(col(TOKEN_LIST), 1, 100)).as(RawSchema.TEXT));
            if (cfg.onError() == OnError.FAIL) {
                List<Row> first = unknown.orderBy(RawSchema.SOURCE).limit(1).collectAsList();
                if (!first.isEmpty()) {
                    throw new TextrnnException(first.get(0).getString(0) + ": " + first.get(0).getString(1));
                }
            }
            rejected = rejected.union(unknown);
        }
        if (unlabelledRejected != null) {
            rejected = rejected.union(unlabelledRejected);
        }
        Path rejectedDir = new Path(out, REJECTED);
        long count = RejectedRecords.write(spark, rejected, rejectedDir);
        if (count > 0) {
            LOG.warn("prepare {}: {} records rejected, with their reasons in {}", runId, count, rejectedDir);
        }
        return count;
    }

    /** A run whose input has no document with text fails, saying what it read. */
    private static void requireDocuments(PrepareConfig cfg, StatusCounts status, long rejected, Path out) {
        if (status.ok() == 0) {
            throw new TextrnnException("no documents with text in " + cfg.inputs() + ": " + status.empty() + " empty and "
                    + rejected + " rejected records (reasons in " + new Path(out, REJECTED) + "); is --format "
                    + cfg.format().optionValue() + " right?");
        }
    }

    /** Step 3: stable ids (repeats of the same id get #2, #3, ...) and splits; persisted (and materialised). */
    private static Dataset<Row> assignIdsAndSplits(Dataset<Row> ok, PrepareConfig cfg) {
        Dataset<Row> assigned = ok
                .withColumn(OCCURRENCE, row_number().over(Window.partitionBy(BASE_ID).orderBy(RawSchema.SOURCE)))
                .withColumn(SequenceSchema.DOC_ID, when(col(OCCURRENCE).equalTo(1), col(BASE_ID))
                        .otherwise(concat(col(BASE_ID), lit("#"), col(OCCURRENCE).cast(DataTypes.StringType))))
                .withColumn(RawSchema.SPLIT, coalesce(col(RawSchema.SPLIT), splitOf(cfg)))
                .select(SequenceSchema.DOC_ID, RawSchema.LABEL, RawSchema.SPLIT, TOKEN_LIST, OCCURRENCE)
                .persist(StorageLevel.MEMORY_AND_DISK());
        assigned.count(); // materialise before the records it derives from are dropped
        return assigned;
    }

    /**
     * The vocabulary and what stats.json says of it.
     *
     * @param unlabelled with --vocab.include-unlabelled: what the unlabelled documents added to the counts; else null
     */
    record VocabularyBuilt(Vocabulary vocabulary, PrepareStats.VocabStats stats, UnlabelledCounts unlabelled) {

        VocabularyBuilt(Vocabulary vocabulary, PrepareStats.VocabStats stats) {
            this(vocabulary, stats, null);
        }
    }

    /**
     * The unlabelled documents' part of the vocabulary's counts.
     *
     * @param tokens        their tokens
     * @param unknownTokens those not in the vocabulary
     * @param onlyUnlabelledEntries vocabulary entries none of the training split's tokens are
     */
    record UnlabelledCounts(long tokens, long unknownTokens, long onlyUnlabelledEntries) {
    }

    /** Step 4: the vocabulary, from --vocab.from or counted on the training split (with --vocab.include-unlabelled, and the unlabelled documents). */
    private static VocabularyBuilt vocabulary(Dataset<Row> train, PrepareConfig cfg, Vocabulary fixedVocab, Unlabelled unlabelled) {
        if (fixedVocab != null) {
            return new VocabularyBuilt(fixedVocab, PrepareStats.VocabStats.reused(cfg.vocabFrom(), fixedVocab.size(), cfg.vocabMinCount(),
                    cfg.vocabMaxSize(), fixedVocab.hash()));
        }
        if (cfg.vocabIncludeUnlabelled() && unlabelled != null) {
            return buildVocabulary(train, UnlabelledText.documents(unlabelled.read()), cfg);
        }
        return buildVocabulary(train, cfg);
    }

    /** stats.json's {@code unlabelled}: the --unlabelled-input documents and what they added to the vocabulary; null without. */
    private static PrepareStats.UnlabelledStats unlabelledStats(PrepareConfig cfg, Unlabelled unlabelled, VocabularyBuilt vocab) {
        if (unlabelled == null) {
            return null;
        }
        UnlabelledCounts c = vocab.unlabelled() == null ? new UnlabelledCounts(0, 0, 0) : vocab.unlabelled();
        StatusCounts s = unlabelled.status();
        return new PrepareStats.UnlabelledStats(cfg.unlabelledInputs(), s.total(), s.ok(), s.empty(), s.rejected(), c.tokens(),
                c.unknownTokens(), c.onlyUnlabelledEntries());
    }

    /** Step 6: the sequences, encoded on the executors with the vocabulary and labels broadcast; persisted. */
    private static Dataset<Row> encode(SparkSession spark, Dataset<Row> assigned, Vocabulary vocab, int maxLength, PrepareConfig cfg,
                                       LabelIndex labels) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SequenceEncoder> encoder = jsc.broadcast(new SequenceEncoder(vocab, maxLength, cfg.truncation()));
        Broadcast<LabelIndex> labelIndex = jsc.broadcast(labels);
        return assigned.mapPartitions(encode(encoder, labelIndex), Encoders.row(ENCODED)).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The sequences as Parquet, partitioned by split, sorted by id within --output.partitions files per split. */
    private static void writeSequences(SparkSession spark, Dataset<Row> encoded, PrepareConfig cfg, Path out) {
        int partitions = cfg.outputPartitions() > 0 ? cfg.outputPartitions() : spark.sparkContext().defaultParallelism();
        encoded.select(SequenceSchema.DOC_ID, SequenceSchema.LABEL, SequenceSchema.LABEL_INDEX, SequenceSchema.LENGTH,
                        SequenceSchema.TRUNCATED, SequenceSchema.TOKENS, SequenceSchema.SPLIT)
                .repartition(partitions, col(SequenceSchema.DOC_ID))
                .sortWithinPartitions(SequenceSchema.DOC_ID)
                .write().mode(SaveMode.Overwrite).partitionBy(SequenceSchema.SPLIT).parquet(new Path(out, PreparedData.SEQUENCES).toString());
    }

    /** stats.json from what the steps counted: the documents written are the splits' documents. */
    static PrepareStats stats(String runId, PrepareConfig cfg, StatusCounts status, long rejected, long repeatedIds,
                              PrepareStats.VocabStats vocab, LabelIndex labels, PrepareStats.MaxLength maxLength,
                              Map<String, PrepareStats.SplitStats> splits) {
        return stats(runId, cfg, status, rejected, repeatedIds, vocab, labels, maxLength, splits, null);
    }

    /** {@link #stats(String, PrepareConfig, StatusCounts, long, long, PrepareStats.VocabStats, LabelIndex, PrepareStats.MaxLength, Map)} with the unlabelled input's figures. */
    static PrepareStats stats(String runId, PrepareConfig cfg, StatusCounts status, long rejected, long repeatedIds,
                              PrepareStats.VocabStats vocab, LabelIndex labels, PrepareStats.MaxLength maxLength,
                              Map<String, PrepareStats.SplitStats> splits, PrepareStats.UnlabelledStats unlabelled) {
        long written = splits.values().stream().mapToLong(PrepareStats.SplitStats::documents).sum();
        PrepareStats.LabelStats labelStats = labels == null ? null
                : new PrepareStats.LabelStats(labels.size(), labels.labels(), labels.hash(), cfg.labelsFrom());
        return new PrepareStats(runId, cfg.labelled(), new PrepareStats.InputCounts(status.total(), written, status.empty(), rejected, repeatedIds),
                vocab.vocabSize(), vocab, labelStats, maxLength, splits, unlabelled);
    }

    /** prepare's provenance: its settings, fingerprint and the files each input matched. */
    static Provenance provenance(PrepareConfig cfg, String runId, Provenance.Spark spark, Configuration conf) throws IOException {
        List<Provenance.Input> inputs = new ArrayList<>();
        for (InputSpec in : cfg.inputs()) {
            inputs.add(Provenance.Input.files(in.split(), in.path(), conf));
        }
        for (String in : cfg.unlabelledInputs()) {
            inputs.add(Provenance.Input.unlabelled(in, conf));
        }
        return Provenance.of(COMMAND, runId, cfg.fingerprint(), cfg.describe(), inputs, spark);
    }

    /** The files that describe the sequences, _SUCCESS last. */
    private static void writeDescription(Path out, Vocabulary vocab, LabelIndex labels, PrepareStats stats, Provenance provenance,
                                         Configuration conf) throws IOException {
        HadoopFiles.writeText(new Path(out, PreparedData.VOCAB), vocab.toTsv(), conf);
        HadoopFiles.writeText(new Path(out, PreparedData.LABELS), labels == null ? "" : labels.toTsv(), conf);
        HadoopFiles.writeText(new Path(out, PreparedData.STATS), stats.toJson(), conf);
        HadoopFiles.writeText(new Path(out, PreparedData.PROVENANCE), Json.write(provenance), conf);
        HadoopFiles.writeText(new Path(out, "_SUCCESS"), "", conf);
    }

    private static MapPartitionsFunction<Row, Row> tokenize(Tokenizer tokenizer) {
        return rows -> new MappingIterator(rows, r -> {
            String status = r.getAs(RawSchema.STATUS);
            String text = r.getAs(RawSchema.TEXT);
            String source = r.getAs(RawSchema.SOURCE);
            String split = r.getAs(RawSchema.SPLIT);
            if (RawSchema.REJECTED.equals(status)) {
                String excerpt = text == null || text.length() <= EXCERPT ? text : text.substring(0, EXCERPT);
                return RowFactory.create(null, null, source, split, status, r.getAs(RawSchema.REASON), excerpt, null);
            }
            if (RawSchema.EMPTY.equals(status)) {
                return RowFactory.create(null, null, source, split, status, null, null, null);
            }
            List<String> tokens = tokenizer.tokenize(text);
            if (tokens.isEmpty()) {
                return RowFactory.create(null, null, source, split, RawSchema.EMPTY, null, null, null);
            }
            String docKey = r.getAs(RawSchema.DOC_KEY);
            String id = docKey != null ? docKey : Hashing.documentId(text);
            return RowFactory.create(id, r.getAs(RawSchema.LABEL), source, split, RawSchema.OK, null, null,
                    tokens.toArray(new String[0]));
        });
    }

    private static MapPartitionsFunction<Row, Row> encode(Broadcast<SequenceEncoder> encoder, Broadcast<LabelIndex> labels) {
        return rows -> {
            SequenceEncoder enc = encoder.value();
            LabelIndex index = labels.value();
            return new MappingIterator(rows, r -> {
                List<String> tokens = r.getList(r.fieldIndex(TOKEN_LIST));
                SequenceEncoder.Encoded e = enc.encode(tokens);
                String label = r.getAs(RawSchema.LABEL);
                Integer labelIndex = index == null || label == null ? null : index.indexOf(label);
                return RowFactory.create(r.getAs(SequenceSchema.DOC_ID), label, labelIndex, e.length(), e.truncated(),
                        e.tokens(), r.getAs(RawSchema.SPLIT), e.rawLength(), e.unknown());
            });
        };
    }

    /** A document's split from a seeded hash of its base id: repeats of one text share a split. */
    private static Column splitOf(PrepareConfig cfg) {
        Column u = pmod(xxhash64(lit(cfg.seed()), col(BASE_ID)), lit(1_000_000L)).divide(1_000_000.0);
        SplitCuts cuts = splitCuts(cfg.splitRatios());
        Column expr = null;
        for (Map.Entry<String, Double> below : cuts.below()) {
            Column cond = u.lt(below.getValue());
            expr = expr == null ? when(cond, lit(below.getKey())) : expr.when(cond, lit(below.getKey()));
        }
        return expr == null ? lit(cuts.rest()) : expr.otherwise(lit(cuts.rest()));
    }

    /**
     * How a uniform hash in [0, 1) picks a split: the first split in {@code below} whose bound it is
     * under, else {@code rest}.
     *
     * @param below each split but the last with its cumulative upper bound, in ratio order
     * @param rest  the last split with a ratio above 0
     */
    record SplitCuts(List<Map.Entry<String, Double>> below, String rest) {
    }

    /** The cuts of --split ratios: splits of ratio 0 get no documents. */
    static SplitCuts splitCuts(Map<String, Double> ratios) {
        List<Map.Entry<String, Double>> parts = ratios.entrySet().stream().filter(e -> e.getValue() > 0).toList();
        List<Map.Entry<String, Double>> below = new ArrayList<>();
        double cumulative = 0;
        for (int i = 0; i < parts.size() - 1; i++) {
            cumulative += parts.get(i).getValue();
            below.add(Map.entry(parts.get(i).getKey(), cumulative));
        }
        return new SplitCuts(below, parts.get(parts.size() - 1).getKey());
    }

    /** The vocabulary of the training split: tokens counted on the executors, those kept (--vocab.*) collected. */
    private static VocabularyBuilt buildVocabulary(Dataset<Row> train, PrepareConfig cfg) {
        Dataset<Row> counts = train.select(explode(col(TOKEN_LIST)).as("token"))
                .groupBy("token").count()
                .persist(StorageLevel.MEMORY_AND_DISK());
        Row totals = counts.agg(count(lit(1)), sum("count")).first();
        long distinct = totals.getLong(0);
        if (distinct == 0) {
            throw noTrainingDocuments();
        }
        long trainTokens = totals.getLong(1);
        Dataset<Row> kept = kept(counts, cfg);
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        long keptTokens = 0;
        for (Row r : kept.collectAsList()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(r.getString(0), r.getLong(1)));
            keptTokens += r.getLong(1);
        }
        counts.unpersist();
        Vocabulary vocab = Vocabulary.of(entries, trainTokens - keptTokens);
        return new VocabularyBuilt(vocab, PrepareStats.VocabStats.built(distinct, trainTokens, trainTokens - keptTokens, vocab.size(),
                cfg.vocabMinCount(), cfg.vocabMaxSize(), vocab.hash()));
    }

    /** The token counts (columns token, count, ...) the vocabulary keeps, most frequent first: --vocab.min-count and --vocab.max-size. */
    private static Dataset<Row> kept(Dataset<Row> counts, PrepareConfig cfg) {
        Dataset<Row> kept = counts.filter(col("count").geq(cfg.vocabMinCount())
                        .and(not(col("token").isin(Vocabulary.PAD_TOKEN, Vocabulary.UNK_TOKEN))))
                .orderBy(col("count").desc(), col("token").asc());
        return cfg.vocabMaxSize() > 0 ? kept.limit(cfg.vocabMaxSize() - 2) : kept;
    }

    private static TextrnnException noTrainingDocuments() {
        return new TextrnnException("the training split has no documents: the vocabulary is built from it "
                + "(check --split and the train input)");
    }

    /**
     * The vocabulary counted over the training split plus the unlabelled documents ({@code --vocab.include-unlabelled}):
     * --vocab.min-count and --vocab.max-size apply to the combined counts, which vocab.tsv holds (UNK's count: the
     * combined tokens pruned); stats.json's {@code train_tokens} and {@code train_tokens_unknown} stay the training
     * split's, and what the unlabelled documents added is counted apart.
     */
    private static VocabularyBuilt buildVocabulary(Dataset<Row> train, Dataset<Row> unlabelled, PrepareConfig cfg) {
        Dataset<Row> counts = train.select(explode(col(TOKEN_LIST)).as("token"), lit(1L).as("in_train"))
                .union(unlabelled.select(explode(col(UnlabelledText.TOKENS)).as("token"), lit(0L).as("in_train")))
                .groupBy("token").agg(count(lit(1)).as("count"), sum("in_train").as("train_count"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Row totals = counts.agg(count(lit(1)), sum("count"), sum("train_count")).first();
        long distinct = totals.getLong(0);
        long trainTokens = totals.isNullAt(2) ? 0 : totals.getLong(2);
        if (trainTokens == 0) {
            throw noTrainingDocuments();
        }
        long allTokens = totals.getLong(1);
        Dataset<Row> kept = kept(counts, cfg);
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        long keptTokens = 0;
        long keptTrainTokens = 0;
        long onlyUnlabelled = 0;
        for (Row r : kept.collectAsList()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(r.getString(0), r.getLong(1)));
            keptTokens += r.getLong(1);
            keptTrainTokens += r.getLong(2);
            if (r.getLong(2) == 0) {
                onlyUnlabelled++;
            }
        }
        counts.unpersist();
        Vocabulary vocab = Vocabulary.of(entries, allTokens - keptTokens);
        long unlabelledTokens = allTokens - trainTokens;
        return new VocabularyBuilt(vocab, PrepareStats.VocabStats.built(distinct, trainTokens, trainTokens - keptTrainTokens, vocab.size(),
                cfg.vocabMinCount(), cfg.vocabMaxSize(), vocab.hash()),
                new UnlabelledCounts(unlabelledTokens, unlabelledTokens - (keptTokens - keptTrainTokens), onlyUnlabelled));
    }

    /** Step 5: the maximum length: --max-length, or its percentile of the training split's lengths (of all, without one). */
    private static PrepareStats.MaxLength maxLength(Dataset<Row> assigned, Column isTrain, PrepareConfig cfg) {
        if (cfg.maxLength() > 0) {
            return new PrepareStats.MaxLength(cfg.maxLength(), "fixed by --max-length");
        }
        boolean hasTrain = !assigned.filter(isTrain).isEmpty();
        Dataset<Row> basis = hasTrain ? assigned.filter(isTrain) : assigned;
        LengthHistogram h = new LengthHistogram();
        for (Row r : basis.groupBy(size(col(TOKEN_LIST))).count().collectAsList()) {
            h.add(r.getInt(0), r.getLong(1));
        }
        int percentile = Math.max(1, h.percentile(cfg.maxLengthPercentile()));
        PrepareStats.MaxLength chosen = percentileMaxLength(cfg.maxLengthPercentile(), percentile, hasTrain);
        if (chosen.value() < percentile) {
            LOG.warn("prepare: --max-length p{} is {} tokens, more than the limit of {}: documents are cut at {}",
                    PrepareConfig.formatPercentile(cfg.maxLengthPercentile()), percentile, PrepareConfig.MAX_LENGTH_LIMIT, chosen.value());
        }
        return chosen;
    }

    /** The max length of percentile {@code p} ({@code lengthAtP} tokens), capped at {@link PrepareConfig#MAX_LENGTH_LIMIT}, with its rule. */
    static PrepareStats.MaxLength percentileMaxLength(double p, int lengthAtP, boolean ofTrainingSplit) {
        int value = Math.min(lengthAtP, PrepareConfig.MAX_LENGTH_LIMIT);
        return new PrepareStats.MaxLength(value, "p" + PrepareConfig.formatPercentile(p) + " of the "
                + (ofTrainingSplit ? "training split's" : "documents'") + " lengths"
                + (value < lengthAtP ? " (" + lengthAtP + "), capped at the limit of " + PrepareConfig.MAX_LENGTH_LIMIT : ""));
    }

    /** Per split: documents, tokens, OOV rate, truncation, length percentiles, class counts; in split order. */
    private static Map<String, PrepareStats.SplitStats> splitStats(Dataset<Row> encoded, boolean labelled) {
        Map<String, LengthHistogram> lengths = new TreeMap<>();
        for (Row r : encoded.groupBy(SequenceSchema.SPLIT, RAW_LENGTH).count().collectAsList()) {
            lengths.computeIfAbsent(r.getString(0), k -> new LengthHistogram()).add(r.getInt(1), r.getLong(2));
        }
        Map<String, Map<String, Long>> classes = new TreeMap<>();
        if (labelled) {
            for (Row r : encoded.groupBy(SequenceSchema.SPLIT, SequenceSchema.LABEL).count().collectAsList()) {
                classes.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
            }
        }
        Map<String, PrepareStats.SplitStats> splits = new TreeMap<>(SequenceSchema::compareSplits);
        for (Row r : encoded.groupBy(SequenceSchema.SPLIT).agg(count(lit(1)), sum(RAW_LENGTH), sum(SequenceSchema.LENGTH),
                sum(UNKNOWN), sum(when(col(SequenceSchema.TRUNCATED), 1).otherwise(0))).collectAsList()) {
            String split = r.getString(0);
            LengthHistogram h = lengths.get(split);
            splits.put(split, PrepareStats.SplitStats.of(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                    h == null ? null : h.summary(), labelled ? classes.get(split) : null));
        }
        return new LinkedHashMap<>(splits);
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
