package org.textrnn.bench;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.textrnn.io.Json;
import scala.collection.Seq;

/**
 * The prepare baseline: a plain Spark SQL + MLlib pipeline doing the work of {@code textrnn prepare}
 * on last-word-label files with a train and a test input, written the way a Spark user would, with no
 * textrnn code in the data path:
 *
 * <ol>
 *   <li>read both files with {@code spark.read().text}; the label is the last whitespace-separated
 *       word, the text what comes before it (lines of one word or blank are dropped);</li>
 *   <li>doc id: the first 16 hex digits of the SHA-256 of the text (as prepare names a document without an id);</li>
 *   <li>MLlib {@code RegexTokenizer}: lowercase, split on {@code (?U)\s+} (Unicode whitespace, as
 *       prepare's default whitespace tokenizer); the tokenized documents are persisted
 *       (MEMORY_AND_DISK), as prepare persists its own;</li>
 *   <li>vocabulary: {@code explode} + {@code groupBy(token).count()} over the training split, kept where
 *       the corpus-wide count is at least {@code --min-count} (default 5, prepare's
 *       {@code --vocab.min-count} semantics), ordered by count descending then token; PAD = 0, UNK = 1, the
 *       rest from 2. (MLlib's {@code CountVectorizer} cannot do this: its {@code minTF} is per document and
 *       {@code minDF} counts documents, and it keeps no counts and no token order.)</li>
 *   <li>labels sorted, indexed from 0; max length: the {@code --percentile} (default 99) of the training
 *       split's lengths from a collected length histogram, the same rule as prepare's default {@code p99};</li>
 *   <li>encode: a UDF over a broadcast {@code HashMap} (token to index, UNK when absent), head kept,
 *       padded with 0 to the max length, plus the true length; write Parquet partitioned by split.</li>
 * </ol>
 *
 * <p>Prints one JSON line: docs, tokens, vocab size, max length, {@code seconds} (from before the
 * SparkSession to the written output), {@code job_seconds} (after the session is up).
 *
 * <p>{@code MllibPrepareBench --train FILE --test FILE --output DIR [--min-count 5] [--percentile 99]}
 * (run by bench/prepare-throughput.sh with deploy/textrnn's JVM flags; master from {@code -Dspark.master}).
 */
public final class MllibPrepareBench {

    private MllibPrepareBench() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("min-count", "5", "percentile", "99"));
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, found '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (!opts.containsKey("train") || !opts.containsKey("test") || !opts.containsKey("output")) {
            throw new IllegalArgumentException(
                    "usage: MllibPrepareBench --train FILE --test FILE --output DIR [--min-count 5] [--percentile 99]");
        }
        long minCount = Long.parseLong(opts.get("min-count"));
        double percentile = Double.parseDouble(opts.get("percentile"));

        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().appName("mllib-prepare-bench").getOrCreate();
        long t1 = System.nanoTime();
        try {
            Dataset<Row> lines = spark.read().text(opts.get("train")).withColumn("split", lit("train"))
                    .union(spark.read().text(opts.get("test")).withColumn("split", lit("test")));
            Dataset<Row> parsed = lines
                    .withColumn("line", regexp_replace(col("value"), "^(?U)\\s+|(?U)\\s+$", ""))
                    .withColumn("label", regexp_extract(col("line"), "(?U)\\s(\\S+)$", 1))
                    .withColumn("text", regexp_replace(col("line"), "(?U)\\s+\\S+$", ""))
                    .filter(col("label").notEqual(""))
                    .withColumn("doc_id", substring(sha2(col("text"), 256), 1, 16));
            RegexTokenizer tokenizer = new RegexTokenizer().setInputCol("text").setOutputCol("words")
                    .setPattern("(?U)\\s+").setGaps(true).setToLowercase(true).setMinTokenLength(1);
            Dataset<Row> docs = tokenizer.transform(parsed)
                    .select("doc_id", "label", "split", "words")
                    .filter(size(col("words")).gt(0))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Dataset<Row> train = docs.filter(col("split").equalTo("train"));

            // vocabulary: corpus-wide counts over the training split, as prepare's --vocab.min-count
            List<Row> kept = train.select(explode(col("words")).as("token")).groupBy("token").count()
                    .filter(col("count").geq(minCount))
                    .orderBy(col("count").desc(), col("token").asc())
                    .collectAsList();
            HashMap<String, Integer> vocab = new HashMap<>(kept.size() * 2);
            for (Row r : kept) {
                vocab.put(r.getString(0), vocab.size() + 2);
            }
            HashMap<String, Integer> labels = new HashMap<>();
            List<Row> labelRows = docs.select("label").distinct().orderBy("label").collectAsList();
            for (Row r : labelRows) {
                labels.put(r.getString(0), labels.size());
            }
            TreeMap<Integer, Long> lengths = new TreeMap<>();
            long trainDocs = 0;
            for (Row r : train.groupBy(size(col("words")).as("n")).count().collectAsList()) {
                lengths.put(r.getInt(0), r.getLong(1));
                trainDocs += r.getLong(1);
            }
            int maxLength = percentile(lengths, trainDocs, percentile);

            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<HashMap<String, Integer>> vocabB = jsc.broadcast(vocab);
            Broadcast<HashMap<String, Integer>> labelsB = jsc.broadcast(labels);
            int len = maxLength;
            spark.udf().register("encode_tokens", (UDF1<Seq<String>, int[]>) words -> {
                HashMap<String, Integer> v = vocabB.value();
                int[] ids = new int[len];
                int n = Math.min(len, words.length());
                for (int i = 0; i < n; i++) {
                    ids[i] = v.getOrDefault(words.apply(i), 1);
                }
                return ids;
            }, DataTypes.createArrayType(DataTypes.IntegerType, false));
            spark.udf().register("label_index", (UDF1<String, Integer>) l -> labelsB.value().get(l), DataTypes.IntegerType);

            docs.select(col("doc_id"), col("label"), call_udf("label_index", col("label")).as("label_index"),
                            least(size(col("words")), lit(maxLength)).as("length"),
                            call_udf("encode_tokens", col("words")).as("tokens"), col("split"))
                    .write().mode(SaveMode.Overwrite).partitionBy("split").parquet(opts.get("output"));
            Row totals = docs.agg(count(lit(1)), sum(size(col("words")))).first();
            long t2 = System.nanoTime();
            docs.unpersist();

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("variant", "mllib");
            out.put("docs", totals.getLong(0));
            out.put("train_docs", trainDocs);
            out.put("tokens", totals.getLong(1));
            out.put("vocab_size", vocab.size() + 2);
            out.put("labels", labels.size());
            out.put("max_length", maxLength);
            out.put("seconds", (t2 - t0) / 1e9);
            out.put("job_seconds", (t2 - t1) / 1e9);
            System.out.println(Json.write(out).replace("\n", " "));
        } finally {
            spark.stop();
        }
    }

    /** The smallest length whose cumulative count reaches ceil(p% of n): prepare's percentile rule. */
    private static int percentile(TreeMap<Integer, Long> counts, long n, double p) {
        long rank = (long) Math.ceil(p / 100.0 * n);
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return Math.max(1, e.getKey());
            }
        }
        return Math.max(1, counts.isEmpty() ? 1 : counts.lastKey());
    }
}
