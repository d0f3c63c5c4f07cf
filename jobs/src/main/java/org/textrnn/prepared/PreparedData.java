package org.textrnn.prepared;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Publication;

/**
 * The layout of a prepare output, which train, evaluate and notebooks read: {@value #SEQUENCES}/
 * (Parquet, partitioned by {@code split}), {@value #VOCAB}, {@value #LABELS} (empty when prepared
 * with {@code --unlabelled}), {@value #STATS} and {@value #PROVENANCE}. Prepare writes it; every
 * reader goes through this class, so a file name lives in one place.
 */
public final class PreparedData {

    public static final String SEQUENCES = "sequences";
    public static final String VOCAB = "vocab.tsv";
    public static final String LABELS = "labels.tsv";
    public static final String STATS = "stats.json";
    public static final String PROVENANCE = "provenance.json";

    private final String name;
    private final Path dir;

    private PreparedData(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /**
     * The prepare output named {@code name} (as the user gave it), resolved to its published
     * folder, and checked to hold {@code required} (file names of this layout).
     *
     * @param option the option that named it, for messages ({@code --data})
     * @throws UsageException naming the missing file
     */
    public static PreparedData open(String option, String name, Configuration conf, String... required) throws IOException {
        PreparedData d = new PreparedData(name, Publication.resolve(new Path(name), conf));
        require(option, name, d.dir(), conf, required);
        return d;
    }

    /**
     * Checks that the prepare output named {@code name}, published in {@code dir}, holds {@code required}.
     *
     * @throws UsageException naming the missing file
     */
    public static void require(String option, String name, Path dir, Configuration conf, String... required) throws IOException {
        for (String f : required) {
            if (!HadoopFiles.exists(new Path(dir, f), conf)) {
                throw new UsageException(option + " " + name + " is not a prepare output: " + f + " is missing (run textrnn prepare first)");
            }
        }
    }

    /** The files every reader needs: sequences, vocabulary and labels. */
    public static String[] core() {
        return new String[] {VOCAB, LABELS, SEQUENCES};
    }

    /** The name the user gave. */
    public String name() {
        return name;
    }

    /** The published folder. */
    public Path dir() {
        return dir;
    }

    public Path file(String fileName) {
        return new Path(dir, fileName);
    }

    /** Whether the labels file is empty: prepared with {@code --unlabelled}. */
    public boolean unlabelled(Configuration conf) throws IOException {
        return HadoopFiles.readText(file(LABELS), conf).isBlank();
    }

    /** The rows of one split of a prepare output in {@code dataDir}; an absent split gives no rows. */
    public static Dataset<Row> split(SparkSession spark, String dataDir, String split) throws IOException {
        Path dir = new Path(new Path(dataDir, SEQUENCES), SequenceSchema.SPLIT + "=" + split);
        if (!dir.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(dir)) {
            return spark.createDataFrame(List.of(), SequenceSchema.SCHEMA);
        }
        return spark.read().schema(SequenceSchema.SCHEMA).parquet(dir.toString());
    }
}
