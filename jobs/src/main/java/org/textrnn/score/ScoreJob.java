package org.textrnn.score;

import org.textrnn.corpus.OnError;
import org.textrnn.table.PredictionTable;
import org.textrnn.table.Tables;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.data.SequenceEncoder;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Hashing;
import org.textrnn.io.Json;
import org.textrnn.io.OutputLock;
import org.textrnn.io.Publication;
import org.textrnn.provenance.Provenance;
import org.textrnn.corpus.StatusCounts;
import org.textrnn.corpus.InputSpec;
import org.textrnn.model.Batching;
import org.textrnn.corpus.CorpusReader;
import org.textrnn.corpus.MappingIterator;
import org.textrnn.corpus.RawSchema;
import org.textrnn.text.Tokenizer;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.bundle.Predictor;

/**
 * The score job: raw documents → the bundle's own tokenizer and vocabulary → the network on the
 * executors, a batch at a time (the bundle is broadcast once; each executor thread restores its own
 * copy of the network) → one row per document in a table, partitioned by {@code run_date}.
 *
 * <p>A run takes its date's lock ({@link OutputLock}: a second run of the same date is refused),
 * finishes any publication a killed run left, and replaces its date's rows and nothing else,
 * together with its run record {@code RUNS/run_date=D/} ({@code summary.json}, {@code rejected/},
 * {@code _SUCCESS}, which a scheduler can check): Parquet tables get the date's files in a hidden
 * staging folder that is renamed into place ({@link Publication}), Iceberg tables one snapshot
 * commit ({@code overwritePartitions}) that is the commit point of the run record too. A run that
 * fails or is killed before that leaves the table and the record as they were.
 */
public final class ScoreJob {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

    public static final String RUNS = "_textrnn_runs";
    public static final String SUMMARY = "summary.json";
    /** Spark setting for tests: {@code first-attempt} fails every scoring task once, {@code always} fails the job. */
    public static final String FAULT_INJECTION = "spark.textrnn.test.fail-scoring";

    private static final String BASE_ID = "base_id";
    private static final String DOC_ID = "doc_id";
    private static final String TOKENS = "tokens";
    private static final int EXCERPT = 500;

    private static final StructType DOCS = new StructType()
            .add(BASE_ID, DataTypes.StringType, true)
            .add(RawSchema.LABEL, DataTypes.StringType, true)
            .add(RawSchema.TEXT, DataTypes.StringType, true)
            .add(RawSchema.SOURCE, DataTypes.StringType, false)
            .add(RawSchema.STATUS, DataTypes.StringType, false)
            .add(RawSchema.REASON, DataTypes.StringType, true)
            .add(TOKENS, DataTypes.createArrayType(DataTypes.StringType, false), true);

    static final String COMMAND = "score";

    private ScoreJob() {
    }


    /** The table's columns for a run keeping {@code keepColumns}; {@value #PredictionTable.RUN_DATE} is the partition column, last. */
    public static StructType schema(List<String> keepColumns) {
        StructType s = new StructType()
                .add(DOC_ID, DataTypes.StringType, false)
                .add("predicted_label", DataTypes.StringType, false)
                .add("confidence", DataTypes.DoubleType, false)
                .add("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false)
                .add("top_k", DataTypes.createArrayType(DataTypes.StringType, false), false)
                .add("model_version", DataTypes.StringType, false)
                .add("vocab_hash", DataTypes.StringType, false)
                .add("oov_rate", DataTypes.DoubleType, false)
                .add("truncated", DataTypes.BooleanType, false);
        for (String c : keepColumns) {
            s = s.add(c, DataTypes.StringType, true);
        }
        return s.add("run_id", DataTypes.StringType, false)
                .add("scored_at", DataTypes.TimestampType, false)
                .add(PredictionTable.RUN_DATE, DataTypes.DateType, false);
    }

    /** Everything that can be checked before Spark starts: inputs exist, the bundle loads. */
    public static ModelBundle check(ScoreConfig cfg, Configuration conf) throws IOException {
        CorpusReader.checkInputs(cfg.source(), conf);
        return ModelBundle.load(cfg.model(), conf);
    }

    /**
     * The runs folder: {@code --runs-dir}, else {@code TABLE/_textrnn_runs} for a Parquet table and
     * {@code WAREHOUSE/_textrnn_runs/<catalog.db.table>} for an Iceberg table. {@code validate} and
     * {@code --dry-run} print it as {@code runs-dir}, and each run's summary.json holds it qualified
     * ({@code runs_dir}), so schedulers and notebooks read it instead of restating this rule.
     */
    public static String runsDir(ScoreConfig cfg) {
        if (cfg.runsDir() != null) {
            return cfg.runsDir();
        }
        return cfg.table().format() == Tables.Format.PARQUET
                ? new Path(cfg.table().name(), RUNS).toString()
                : new Path(new Path(Tables.absolute(cfg.warehouse()), RUNS), cfg.table().name()).toString();
    }

    /** Where this run's summary, marker and rejected records go: RUNS/run_date=D. */
    static Path runDir(ScoreConfig cfg) {
        return new Path(runsDir(cfg), PredictionTable.RUN_DATE + "=" + cfg.runDate());
    }

    public static ScoreSummary run(SparkSession spark, ScoreConfig cfg) throws IOException {
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelBundle bundle = check(cfg, conf);
        String runId = runId(cfg);
        StructType schema = schema(cfg.keepColumns());
        PredictionTable table = PredictionTable.of(spark, cfg.table());
        table.checkSchema(schema); // before anything is written
        Path runDir = runDir(cfg);
        // one run of a table's date at a time; the lock expires if this driver dies
        try (OutputLock lock = OutputLock.acquire(table.lockFile(cfg.runDate(), runDir), table.lockSubject(cfg.runDate()), runId, conf)) {
            // a run killed while publishing is finished (or undone) before this one does anything
            table.recover(cfg.runDate(), runDir, runId);
            Publication publication = Publication.start(conf, true, table.targets(cfg.runDate(), runDir));
            boolean published = false;
            try {
                ScoreSummary summary = score(spark, cfg, bundle, table, schema, publication, runDir, lock, startedAt, start);
                published = true;
                return summary;
            } finally {
                if (!published) {
                    // a failure before the commit point leaves the table and the run record as they were
                    table.recover(cfg.runDate(), runDir, runId);
                    publication.abandon();
                }
            }
        }
    }

    /** score's run id ({@link org.textrnn.provenance.RunIds}): --run-id, else from the run date (one run per date of a table). */
    static String runId(ScoreConfig cfg) {
        return cfg.effectiveRunId();
    }

    /** Reads, scores and writes into {@code publication}'s stagings, then publishes the date's rows and the run record together. */
    private static ScoreSummary score(SparkSession spark, ScoreConfig cfg, ModelBundle bundle, PredictionTable table, StructType schema,
                                      Publication publication, Path runDir, OutputLock lock, Instant startedAt, long start)
            throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String runId = runId(cfg);
        Path record = publication.stagingOf(runDir);
        LOG.info("score {}: model {} (version {}), {} input(s) as {} into {} for run_date {}", runId, bundle.location(),
                bundle.version().substring(0, 12), cfg.source().inputs().size(), cfg.source().format().optionValue(), cfg.table(),
                cfg.runDate());
        Batching batching = bundle.batching(cfg.batching());
        LOG.info("score {}: batching {} ({})", runId, batching.id(), bundle.batchingSource(cfg.batching()));

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelBundle> shared = jsc.broadcast(bundle);
        Dataset<Row> docs = readAndTokenize(spark, cfg, shared);
        StatusCounts status;
        long written;
        Path rejectedDir = new Path(runDir, "rejected");
        try {
            status = countDocuments(docs, cfg, runId, start);
            // the run record is staged beside the published one, which stays until this run publishes
            writeNotScored(docs, status, new Path(record, "rejected"), rejectedDir, runId);
            Scorer scorer = new Scorer(shared, batching, cfg.topK(), cfg.batchSize(), cfg.keepColumns(), runId,
                    Timestamp.from(startedAt), Date.valueOf(cfg.runDate()), spark.conf().get(FAULT_INJECTION, ""));
            Dataset<Row> predictions = withIds(docs).select(DOC_ID, RawSchema.LABEL, RawSchema.TEXT, RawSchema.SOURCE, TOKENS)
                    .mapPartitions(scorer, Encoders.row(schema));
            lock.check();
            written = table.write(predictions, cfg.runDate(), publication);
        } finally {
            docs.unpersist();
        }
        if (written != status.ok()) {
            throw new TextrnnException(cfg.table() + ": this run wrote " + written + " rows for run_date " + cfg.runDate() + " but scored "
                    + status.ok() + " documents; nothing was published (a bug: please report it with this log)");
        }

        ScoreSummary summary = new ScoreSummary(runId, cfg.runDate().toString(), status.total(), status.ok(), status.rejected(),
                status.empty(), written, (System.nanoTime() - start) / 1e9);
        Provenance provenance = provenance(cfg, runId, bundle, Provenance.Spark.of(spark.sparkContext()), conf);
        Path runDirQualified = runDir.getFileSystem(conf).makeQualified(runDir);
        HadoopFiles.writeText(new Path(record, SUMMARY), Json.write(runRecord(cfg, summary, bundle, batching, runDirQualified, rejectedDir,
                startedAt, provenance)), conf);
        HadoopFiles.writeText(new Path(record, "_SUCCESS"), "", conf);
        // the date's rows and the run record become visible together
        lock.check();
        table.publish(publication);
        LOG.info("score {}: {}", runId, summary.line());
        LOG.info("score {}: run record {} (summary.json, rejected/, _SUCCESS) in the runs folder {}", runId, runDirQualified,
                runDirQualified.getParent());
        System.out.println("score " + runId + ": " + summary.line());
        return summary;
    }

    /**
     * The input, read and tokenized once with the bundle's tokenizer (persisted): every later step
     * (counts, rejected records, scoring) reads this copy.
     */
    private static Dataset<Row> readAndTokenize(SparkSession spark, ScoreConfig cfg, Broadcast<ModelBundle> bundle) {
        return CorpusReader.read(spark, cfg.source())
                .mapPartitions(classify(bundle), Encoders.row(DOCS))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The documents to score with ids as in prepare (the input's id, else a content hash; repeats get #2, #3, ...). */
    private static Dataset<Row> withIds(Dataset<Row> docs) {
        return docs.filter(col(RawSchema.STATUS).equalTo(RawSchema.OK))
                .withColumn("occurrence", row_number().over(Window.partitionBy(BASE_ID).orderBy(RawSchema.SOURCE)))
                .withColumn(DOC_ID, when(col("occurrence").equalTo(1), col(BASE_ID))
                        .otherwise(concat(col(BASE_ID), lit("#"), col("occurrence").cast(DataTypes.StringType))));
    }

    /**
     * Every status counted in one job (the documents to score included), logged; with --on-error
     * fail, a document that cannot be scored fails the run before anything is written.
     */
    private static StatusCounts countDocuments(Dataset<Row> docs, ScoreConfig cfg, String runId, long start) {
        StatusCounts status = StatusCounts.of(docs);
        long read = status.total();
        LOG.info("score {}: read {} documents: {} to score, {} empty, {} rejected ({}s)", runId, read, status.ok(), status.empty(),
                status.rejected(), seconds(start));
        if (cfg.onError() == OnError.FAIL && status.rejected() + status.empty() > 0) {
            Row first = notScored(docs).orderBy(RawSchema.SOURCE).first();
            throw new TextrnnException(first.getAs(RawSchema.SOURCE) + ": " + first.getAs(RawSchema.REASON)
                    + " (--on-error fail; nothing was written to " + cfg.table() + ")");
        }
        if (status.ok() == 0) {
            LOG.warn("score {}: no document to score in the input ({} read): run_date {} of {} will hold no rows", runId, read,
                    cfg.runDate(), cfg.table());
        }
        return status;
    }

    private static Dataset<Row> notScored(Dataset<Row> docs) {
        return docs.filter(col(RawSchema.STATUS).notEqual(RawSchema.OK));
    }

    /** The documents not scored (rejected, empty), with their reasons, into the run record's staging {@code staged}. */
    private static void writeNotScored(Dataset<Row> docs, StatusCounts status, Path staged, Path rejectedDir, String runId) {
        notScored(docs).select(RawSchema.SOURCE, RawSchema.REASON, RawSchema.TEXT).coalesce(1)
                .write().mode(SaveMode.Overwrite).json(staged.toString());
        if (status.rejected() + status.empty() > 0) {
            LOG.warn("score {}: {} documents not scored, with their reasons in {}", runId, status.rejected() + status.empty(), rejectedDir);
        }
    }

    /** The run's provenance: its settings, the bundle (version and hashes) and the files each input matched. */
    static Provenance provenance(ScoreConfig cfg, String runId, ModelBundle bundle, Provenance.Spark spark, Configuration conf)
            throws IOException {
        List<Provenance.Input> inputs = new ArrayList<>();
        inputs.add(Provenance.Input.model(cfg.model(), bundle.version(), bundle.description().vocabHash(), bundle.description().labelsHash()));
        for (InputSpec in : cfg.source().inputs()) {
            inputs.add(Provenance.Input.files(in.split(), in.path(), conf));
        }
        return Provenance.of(COMMAND, runId, null, cfg.describe(), inputs, spark);
    }

    /**
     * {@value #SUMMARY}: the run's counts ({@link ScoreSummary#describe()}), what it wrote with which
     * bundle, when, and the keys of its provenance.
     */
    static Map<String, Object> runRecord(ScoreConfig cfg, ScoreSummary summary, ModelBundle bundle, Batching batching, Path runDir,
                                         Path rejectedDir, Instant startedAt, Provenance provenance) {
        Map<String, Object> s = summary.describe();
        s.put("table", cfg.table().name());
        s.put("table_format", cfg.table().format().optionValue());
        s.put("model", bundle.location());
        s.put("model_version", bundle.version());
        s.put("vocab_hash", bundle.vocabulary().hash());
        s.put("batching", batching.id());
        s.put("rejected_dir", rejectedDir.toString());
        // where this run's record and the table's runs folder are, fully qualified (hdfs://nn:8020/..., file:/...)
        s.put("runs_dir", runDir.getParent().toString());
        s.put("run_dir", runDir.toString());
        s.put("started_at", startedAt.toString());
        s.put("finished_at", Instant.now().toString());
        s.putAll(Json.toMap(provenance));
        return s;
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    /**
     * Raw records → (base id, label, text, source, status, reason, tokens), tokenized once here;
     * documents without tokens become {@code empty}.
     */
    private static MapPartitionsFunction<Row, Row> classify(Broadcast<ModelBundle> bundle) {
        return rows -> {
            Tokenizer tokenizer = bundle.value().tokenizer().create();
            return new MappingIterator(rows, r -> {
                String status = r.getAs(RawSchema.STATUS);
                String text = r.getAs(RawSchema.TEXT);
                String source = r.getAs(RawSchema.SOURCE);
                String excerpt = text == null || text.length() <= EXCERPT ? text : text.substring(0, EXCERPT);
                if (RawSchema.REJECTED.equals(status)) {
                    return RowFactory.create(null, null, excerpt, source, status, r.getAs(RawSchema.REASON), null);
                }
                List<String> tokens = RawSchema.EMPTY.equals(status) ? List.of() : tokenizer.tokenize(text);
                if (tokens.isEmpty()) {
                    return RowFactory.create(null, null, excerpt, source, RawSchema.EMPTY, "no tokens in the document", null);
                }
                String docKey = r.getAs(RawSchema.DOC_KEY);
                return RowFactory.create(docKey != null ? docKey : Hashing.documentId(text), r.getAs(RawSchema.LABEL), text, source,
                        RawSchema.OK, null, tokens.toArray(new String[0]));
            });
        };
    }

    /** Scores a partition a batch at a time; rows in: (doc_id, label, text, source, tokens). */
    static final class Scorer implements MapPartitionsFunction<Row, Row> {

        private static final long serialVersionUID = 1L;
        /** One network per executor thread and model version (DL4J networks are not thread-safe). */
        private static final ThreadLocal<Map<String, MultiLayerNetwork>> NETWORKS = ThreadLocal.withInitial(LinkedHashMap::new);

        private final Broadcast<ModelBundle> bundle;
        private final Batching batching;
        private final int topK;
        private final int batchSize;
        private final List<String> keepColumns;
        private final String runId;
        private final Timestamp scoredAt;
        private final Date runDate;
        private final String fault;

        Scorer(Broadcast<ModelBundle> bundle, Batching batching, int topK, int batchSize, List<String> keepColumns, String runId,
               Timestamp scoredAt, Date runDate, String fault) {
            this.bundle = bundle;
            this.batching = batching;
            this.topK = topK;
            this.batchSize = batchSize;
            this.keepColumns = List.copyOf(keepColumns);
            this.runId = runId;
            this.scoredAt = scoredAt;
            this.runDate = runDate;
            this.fault = fault;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TaskContext task = TaskContext.get();
            if (fault.equals("always") || (fault.equals("first-attempt") && task != null && task.attemptNumber() == 0)) {
                throw new IllegalStateException("injected scoring failure (" + FAULT_INJECTION + "=" + fault + ")");
            }
            ModelBundle b = bundle.value();
            MultiLayerNetwork net = NETWORKS.get().computeIfAbsent(b.version(), v -> b.network());
            SequenceEncoder encoder = b.encoder();
            List<String> labels = b.labels().labels();
            String version = b.version();
            String vocabHash = b.vocabulary().hash();
            int k = Math.min(topK, labels.size());
            Predictor predictor = new Predictor(net, batching, encoder.maxLength(), batchSize);
            return predictor.windows(rows, batch -> {
                int n = batch.size();
                SequenceEncoder.Encoded[] encoded = new SequenceEncoder.Encoded[n];
                int[][] tokens = new int[n][];
                int[] lengths = new int[n];
                for (int i = 0; i < n; i++) {
                    encoded[i] = encoder.encode(batch.get(i).getList(4));
                    tokens[i] = encoded[i].tokens();
                    lengths[i] = encoded[i].length();
                }
                float[][] probabilities = predictor.predict(tokens, lengths);
                List<Row> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(row(batch.get(i), encoded[i], probabilities[i], labels, k, version, vocabHash));
                }
                return out;
            });
        }

        private Row row(Row in, SequenceEncoder.Encoded e, float[] p, List<String> labels, int k, String version, String vocabHash) {
            Integer[] order = new Integer[p.length];
            for (int c = 0; c < p.length; c++) {
                order[c] = c;
            }
            java.util.Arrays.sort(order, (a, c) -> Float.compare(p[c], p[a]) != 0 ? Float.compare(p[c], p[a]) : Integer.compare(a, c));
            Map<String, Double> probs = new LinkedHashMap<>();
            for (int c = 0; c < p.length; c++) {
                probs.put(labels.get(c), (double) p[c]);
            }
            String[] top = new String[k];
            for (int c = 0; c < k; c++) {
                top[c] = labels.get(order[c]);
            }
            List<Object> values = new ArrayList<>();
            values.add(in.getString(0));
            values.add(labels.get(order[0]));
            values.add((double) p[order[0]]);
            values.add(scala.collection.JavaConverters.mapAsScalaMap(probs));
            values.add(top);
            values.add(version);
            values.add(vocabHash);
            values.add(e.rawLength() == 0 ? 0.0 : e.unknown() / (double) e.rawLength());
            values.add(e.truncated());
            for (String c : keepColumns) {
                values.add(switch (c) {
                    case "label" -> in.getString(1);
                    case "text" -> in.getString(2);
                    default -> in.getString(3);
                });
            }
            values.add(runId);
            values.add(scoredAt);
            values.add(runDate);
            return RowFactory.create(values.toArray());
        }
    }
}
