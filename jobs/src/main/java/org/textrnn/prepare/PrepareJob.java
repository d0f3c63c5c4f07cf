package org.textrnn.prepare;

import org.textrnn.corpus.ReaderOptions;
import org.textrnn.corpus.InputFormat;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.prepared.PreparedData;
import org.textrnn.corpus.OnError;
import org.textrnn.corpus.RawSchema;
import org.textrnn.corpus.MappingIterator;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.CorpusReader;
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
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
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
import org.textrnn.io.BuildInfo;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Hashing;
import org.textrnn.io.Json;
import org.textrnn.io.Publication;
import org.textrnn.io.StagedOutput;
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

    /** Written first in the output folder: which configuration the folder belongs to. */
    static final String RUN_MARKER = "_textrnn_run.json";
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
        Map<String, Object> run = Json.readMap(HadoopFiles.readText(marker, conf), marker.toString());
        if (!cfg.fingerprint().equals(run.get("fingerprint")) && !cfg.overwrite()) {
            throw new UsageException("--output " + out + " already holds a different prepare run (run id " + run.get("run_id")
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
        String runId = cfg.effectiveRunId();
        // written into a staging folder and published whole: the previous output stays until then
        try (StagedOutput output = StagedOutput.open(new Path(cfg.output()), "--output " + cfg.output(), runId, true, conf)) {
            // a failure leaves the staging (its rejected records explain it); the next run removes it
            PrepareResult r = write(spark, cfg, runId, output.dir(), conf, start);
            output.publish();
            return r;
        }
    }

    private static PrepareResult write(SparkSession spark, PrepareConfig cfg, String runId, Path out, Configuration conf, long start)
            throws IOException {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("run_id", runId);
        marker.put("fingerprint", cfg.fingerprint());
        HadoopFiles.writeText(new Path(out, RUN_MARKER), Json.write(marker), conf);
        Vocabulary fixedVocab = cfg.vocabFrom() == null ? null : loadVocabulary(cfg.vocabFrom(), conf);
        LabelIndex fixedLabels = cfg.labelsFrom() == null ? null : loadLabels(cfg.labelsFrom(), conf);
        LOG.info("prepare {}: reading {} input(s) as {} into {}", runId, cfg.inputs().size(), cfg.format().optionValue(), out);

        // 1. read and tokenize; blank and malformed records are kept (as such) to be counted
        Dataset<Row> docs = CorpusReader.read(spark, cfg.source())
                .mapPartitions(tokenize(cfg.tokenizer().create()), Encoders.row(DOCS))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Map<String, Long> status = new TreeMap<>();
        for (Row r : docs.groupBy(RawSchema.STATUS).count().collectAsList()) {
            status.put(r.getString(0), r.getLong(1));
        }
        long okCount = status.getOrDefault(RawSchema.OK, 0L);
        long emptyCount = status.getOrDefault(RawSchema.EMPTY, 0L);
        LOG.info("prepare {}: read {} records: {} documents, {} empty, {} rejected ({}s)", runId,
                status.values().stream().mapToLong(Long::longValue).sum(), okCount, emptyCount,
                status.getOrDefault(RawSchema.REJECTED, 0L), seconds(start));
        if (cfg.onError() == OnError.FAIL && status.getOrDefault(RawSchema.REJECTED, 0L) > 0) {
            // here on the driver, not in a task: a failed task would print Spark's stack traces before this one line
            Row first = docs.filter(col(RawSchema.STATUS).equalTo(RawSchema.REJECTED)).orderBy(RawSchema.SOURCE)
                    .select(RawSchema.SOURCE, RawSchema.REASON).first();
            docs.unpersist();
            throw new TextrnnException(first.getString(0) + ": " + first.getString(1) + " (--on-error fail)");
        }

        // 2. labels, and the records whose label a reused label index does not know
        Dataset<Row> ok = docs.filter(col(RawSchema.STATUS).equalTo(RawSchema.OK));
        LabelIndex labels = null;
        Dataset<Row> unknownLabel = null;
        if (cfg.labelled()) {
            if (fixedLabels != null) {
                labels = fixedLabels;
                Column known = col(RawSchema.LABEL).isin(labels.labels().toArray());
                unknownLabel = ok.filter(not(known));
                ok = ok.filter(known);
            } else {
                List<Row> distinct = ok.select(RawSchema.LABEL).distinct().limit(MAX_LABELS + 1).collectAsList();
                if (distinct.size() > MAX_LABELS) {
                    throw new TextrnnException("the input has more than " + MAX_LABELS
                            + " distinct labels: is the label column right (--format, --columns, --label-column)?");
                }
                List<String> names = new ArrayList<>();
                distinct.forEach(r -> names.add(r.getString(0)));
                labels = LabelIndex.of(names);
            }
        }
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
        String rejectedDir = new Path(out, "rejected").toString();
        rejected.coalesce(1).write().mode(SaveMode.Overwrite).json(rejectedDir);
        long rejectedCount = spark.read().schema(rejected.schema()).json(rejectedDir).count();
        if (rejectedCount > 0) {
            LOG.warn("prepare {}: {} records rejected, with their reasons in {}", runId, rejectedCount, rejectedDir);
        }
        if (okCount == 0) {
            throw new TextrnnException("no documents with text in " + cfg.inputs() + ": " + emptyCount + " empty and "
                    + rejectedCount + " rejected records (reasons in " + rejectedDir + "); is --format "
                    + cfg.format().optionValue() + " right?");
        }

        // 3. stable ids (repeats of the same id get #2, #3, ...) and splits
        Dataset<Row> assigned = ok
                .withColumn("occurrence", row_number().over(Window.partitionBy(BASE_ID).orderBy(RawSchema.SOURCE)))
                .withColumn(SequenceSchema.DOC_ID, when(col("occurrence").equalTo(1), col(BASE_ID))
                        .otherwise(concat(col(BASE_ID), lit("#"), col("occurrence").cast(DataTypes.StringType))))
                .withColumn(RawSchema.SPLIT, coalesce(col(RawSchema.SPLIT), splitOf(cfg)))
                .select(SequenceSchema.DOC_ID, RawSchema.LABEL, RawSchema.SPLIT, TOKEN_LIST, "occurrence")
                .persist(StorageLevel.MEMORY_AND_DISK());
        assigned.count(); // materialise before the records it derives from are dropped
        docs.unpersist();
        Column isTrain = col(RawSchema.SPLIT).equalTo(SequenceSchema.TRAIN);

        // 4. vocabulary from the training split
        Map<String, Object> vocabStats = new LinkedHashMap<>();
        Vocabulary vocab;
        if (fixedVocab != null) {
            vocab = fixedVocab;
            vocabStats.put("from", cfg.vocabFrom());
        } else {
            vocab = buildVocabulary(assigned.filter(isTrain), cfg, vocabStats);
            vocabStats.put("from", null);
        }
        vocabStats.put("vocab_size", vocab.size());
        vocabStats.put("min_count", cfg.vocabMinCount());
        vocabStats.put("max_size", cfg.vocabMaxSize());
        vocabStats.put("hash", vocab.hash());
        LOG.info("prepare {}: vocabulary of {} entries (PAD and UNK included), {} ({}s)", runId, vocab.size(),
                fixedVocab != null ? "from " + cfg.vocabFrom() : "min count " + cfg.vocabMinCount(), seconds(start));

        // 5. maximum length
        Map<String, Object> maxLengthStats = new LinkedHashMap<>();
        int maxLength = maxLength(assigned, isTrain, cfg, maxLengthStats);
        LOG.info("prepare {}: max length {} ({})", runId, maxLength, maxLengthStats.get("rule"));

        // 6. encode, write, count
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SequenceEncoder> encoder = jsc.broadcast(new SequenceEncoder(vocab, maxLength, cfg.truncation()));
        Broadcast<LabelIndex> labelIndex = jsc.broadcast(labels);
        Dataset<Row> encoded = assigned.mapPartitions(encode(encoder, labelIndex), Encoders.row(ENCODED))
                .persist(StorageLevel.MEMORY_AND_DISK());
        int partitions = cfg.outputPartitions() > 0 ? cfg.outputPartitions() : jsc.defaultParallelism();
        String sequencesDir = new Path(out, PreparedData.SEQUENCES).toString();
        encoded.select(SequenceSchema.DOC_ID, SequenceSchema.LABEL, SequenceSchema.LABEL_INDEX, SequenceSchema.LENGTH,
                        SequenceSchema.TRUNCATED, SequenceSchema.TOKENS, SequenceSchema.SPLIT)
                .repartition(partitions, col(SequenceSchema.DOC_ID))
                .sortWithinPartitions(SequenceSchema.DOC_ID)
                .write().mode(SaveMode.Overwrite).partitionBy(SequenceSchema.SPLIT).parquet(sequencesDir);
        LOG.info("prepare {}: sequences written to {} ({}s)", runId, sequencesDir, seconds(start));

        Map<String, Object> splits = splitStats(encoded, cfg.labelled());
        long duplicates = assigned.filter(col("occurrence").gt(1)).count();
        encoded.unpersist();
        assigned.unpersist();
        Map<String, Long> perSplit = new LinkedHashMap<>();
        splits.forEach((k, v) -> perSplit.put(k, (Long) ((Map<?, ?>) v).get("documents")));
        long written = perSplit.values().stream().mapToLong(Long::longValue).sum();

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("run_id", runId);
        stats.put("labelled", cfg.labelled());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("records", status.values().stream().mapToLong(Long::longValue).sum());
        input.put("documents", written);
        input.put("empty", emptyCount);
        input.put("rejected", rejectedCount);
        input.put("repeated_ids", duplicates);
        stats.put("input", input);
        stats.put("vocab_size", vocab.size());
        stats.put("vocab", vocabStats);
        if (labels != null) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("count", labels.size());
            l.put("labels", labels.labels());
            l.put("hash", labels.hash());
            l.put("from", cfg.labelsFrom());
            stats.put("labels", l);
        }
        stats.put("max_length", maxLengthStats);
        stats.put("splits", splits);

        HadoopFiles.writeText(new Path(out, "vocab.tsv"), vocab.toTsv(), conf);
        HadoopFiles.writeText(new Path(out, "labels.tsv"), labels == null ? "" : labels.toTsv(), conf);
        HadoopFiles.writeText(new Path(out, PreparedData.STATS), Json.write(stats), conf);
        HadoopFiles.writeText(new Path(out, PreparedData.PROVENANCE), Json.write(provenance(spark, cfg, runId, conf)), conf);
        HadoopFiles.writeText(new Path(out, "_SUCCESS"), "", conf);

        LOG.info("prepare {}: done in {}s: {} documents {} written to {}", runId, seconds(start), written, perSplit, cfg.output());
        return new PrepareResult(cfg.output(), runId, perSplit, rejectedCount, emptyCount, vocab.size(), maxLength, stats);
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
        List<Map.Entry<String, Double>> parts = cfg.splitRatios().entrySet().stream().filter(e -> e.getValue() > 0).toList();
        double cumulative = 0;
        Column expr = null;
        for (int i = 0; i < parts.size() - 1; i++) {
            cumulative += parts.get(i).getValue();
            Column cond = u.lt(cumulative);
            expr = expr == null ? when(cond, lit(parts.get(i).getKey())) : expr.when(cond, lit(parts.get(i).getKey()));
        }
        String last = parts.get(parts.size() - 1).getKey();
        return expr == null ? lit(last) : expr.otherwise(lit(last));
    }

    private static Vocabulary buildVocabulary(Dataset<Row> train, PrepareConfig cfg, Map<String, Object> stats) {
        Dataset<Row> counts = train.select(explode(col(TOKEN_LIST)).as("token"))
                .groupBy("token").count()
                .persist(StorageLevel.MEMORY_AND_DISK());
        Row totals = counts.agg(count(lit(1)), sum("count")).first();
        long distinct = totals.getLong(0);
        if (distinct == 0) {
            throw new TextrnnException("the training split has no documents: the vocabulary is built from it "
                    + "(check --split and the train input)");
        }
        long trainTokens = totals.getLong(1);
        Dataset<Row> kept = counts.filter(col("count").geq(cfg.vocabMinCount())
                        .and(not(col("token").isin(Vocabulary.PAD_TOKEN, Vocabulary.UNK_TOKEN))))
                .orderBy(col("count").desc(), col("token").asc());
        if (cfg.vocabMaxSize() > 0) {
            kept = kept.limit(cfg.vocabMaxSize() - 2);
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        long keptTokens = 0;
        for (Row r : kept.collectAsList()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(r.getString(0), r.getLong(1)));
            keptTokens += r.getLong(1);
        }
        counts.unpersist();
        stats.put("distinct_tokens", distinct);
        stats.put("size_before_pruning", distinct + 2);
        stats.put("train_tokens", trainTokens);
        stats.put("train_tokens_unknown", trainTokens - keptTokens);
        return Vocabulary.of(entries, trainTokens - keptTokens);
    }

    private static int maxLength(Dataset<Row> assigned, Column isTrain, PrepareConfig cfg, Map<String, Object> stats) {
        if (cfg.maxLength() > 0) {
            stats.put("value", cfg.maxLength());
            stats.put("rule", "fixed by --max-length");
            return cfg.maxLength();
        }
        boolean hasTrain = !assigned.filter(isTrain).isEmpty();
        Dataset<Row> basis = hasTrain ? assigned.filter(isTrain) : assigned;
        LengthHistogram h = new LengthHistogram();
        for (Row r : basis.groupBy(size(col(TOKEN_LIST))).count().collectAsList()) {
            h.add(r.getInt(0), r.getLong(1));
        }
        int percentile = Math.max(1, h.percentile(cfg.maxLengthPercentile()));
        int value = Math.min(percentile, PrepareConfig.MAX_LENGTH_LIMIT);
        stats.put("value", value);
        stats.put("rule", "p" + PrepareConfig.formatPercentile(cfg.maxLengthPercentile()) + " of the "
                + (hasTrain ? "training split's" : "documents'") + " lengths"
                + (value < percentile ? " (" + percentile + "), capped at the limit of " + PrepareConfig.MAX_LENGTH_LIMIT : ""));
        if (value < percentile) {
            LOG.warn("prepare: --max-length p{} is {} tokens, more than the limit of {}: documents are cut at {}",
                    PrepareConfig.formatPercentile(cfg.maxLengthPercentile()), percentile, PrepareConfig.MAX_LENGTH_LIMIT, value);
        }
        return value;
    }

    /** Per split: documents, tokens, OOV rate, truncation, length percentiles, class counts. */
    private static Map<String, Object> splitStats(Dataset<Row> encoded, boolean labelled) {
        Map<String, Map<String, Object>> splits = new TreeMap<>(SequenceSchema::compareSplits);
        for (Row r : encoded.groupBy(SequenceSchema.SPLIT).agg(count(lit(1)), sum(RAW_LENGTH), sum(SequenceSchema.LENGTH),
                sum(UNKNOWN), sum(when(col(SequenceSchema.TRUNCATED), 1).otherwise(0))).collectAsList()) {
            Map<String, Object> s = new LinkedHashMap<>();
            long tokens = r.getLong(2);
            s.put("documents", r.getLong(1));
            s.put("tokens", tokens);
            s.put("tokens_kept", r.getLong(3));
            s.put("unknown_tokens", r.getLong(4));
            s.put("oov_rate", tokens == 0 ? 0.0 : Math.round(r.getLong(4) * 1_000_000.0 / tokens) / 1_000_000.0);
            s.put("truncated", r.getLong(5));
            splits.put(r.getString(0), s);
        }
        Map<String, LengthHistogram> lengths = new TreeMap<>();
        for (Row r : encoded.groupBy(SequenceSchema.SPLIT, RAW_LENGTH).count().collectAsList()) {
            lengths.computeIfAbsent(r.getString(0), k -> new LengthHistogram()).add(r.getInt(1), r.getLong(2));
        }
        lengths.forEach((split, h) -> splits.get(split).put("length", h.summary()));
        if (labelled) {
            Map<String, Map<String, Long>> classes = new TreeMap<>();
            for (Row r : encoded.groupBy(SequenceSchema.SPLIT, SequenceSchema.LABEL).count().collectAsList()) {
                classes.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
            }
            classes.forEach((split, c) -> splits.get(split).put("class_counts", c));
        }
        return new LinkedHashMap<>(splits);
    }

    private static Map<String, Object> provenance(SparkSession spark, PrepareConfig cfg, String runId, Configuration conf)
            throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", "prepare");
        p.put("run_id", runId);
        p.put("fingerprint", cfg.fingerprint());
        p.put("created_at", Instant.now().toString());
        p.put("user", System.getProperty("user.name"));
        p.put("config", cfg.describe());
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (InputSpec in : cfg.inputs()) {
            Path path = new Path(in.path());
            FileSystem fs = path.getFileSystem(conf);
            long files = 0;
            long bytes = 0;
            long modified = 0;
            for (FileStatus st : fs.globStatus(path)) {
                var it = fs.listFiles(st.getPath(), true);
                while (it.hasNext()) {
                    var f = it.next();
                    files++;
                    bytes += f.getLen();
                    modified = Math.max(modified, f.getModificationTime());
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("split", in.split());
            m.put("path", fs.makeQualified(path).toString());
            m.put("files", files);
            m.put("bytes", bytes);
            m.put("last_modified", Instant.ofEpochMilli(modified).toString());
            inputs.add(m);
        }
        p.put("inputs", inputs);
        Map<String, Object> spk = new LinkedHashMap<>();
        spk.put("master", spark.sparkContext().master());
        spk.put("app_id", spark.sparkContext().applicationId());
        p.put("spark", spk);
        p.put("versions", BuildInfo.versions());
        return p;
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
