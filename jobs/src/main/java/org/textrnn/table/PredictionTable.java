package org.textrnn.table;

import org.textrnn.table.Tables;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.io.AtomicFs;
import org.textrnn.io.OutputLock;
import org.textrnn.io.Publication;
import org.textrnn.io.StagedOutput;

/**
 * The predictions table of a score run, Parquet or Iceberg, partitioned by {@value #RUN_DATE}:
 * schema check before writing, the lock of one date, the atomic replacement of that date's rows
 * together with the run's record ({@code RUNS/run_date=D}: summary, rejected records, {@code _SUCCESS}),
 * recovery of a run killed while publishing, and read-back. See {@code docs/outputs.md}.
 */
public abstract class PredictionTable {

    /** The partition column of every predictions table. */
    public static final String RUN_DATE = "run_date";

    private static final Logger LOG = LoggerFactory.getLogger(PredictionTable.class);
    /** The Iceberg snapshot property naming the publication (run record) a commit belongs to. */
    static final String PUBLICATION_PROPERTY = "textrnn.publication";
    /** A date's journal, staging or retired folder in a Parquet table. */
    private static final java.util.regex.Pattern LEFTOVER =
            java.util.regex.Pattern.compile("\\." + RUN_DATE + "=(\\d{4}-\\d{2}-\\d{2})\\.textrnn-(journal|staging|retired-.*)");

    protected final SparkSession spark;
    protected final Tables.Target target;

    protected PredictionTable(SparkSession spark, Tables.Target target) {
        this.spark = spark;
        this.target = target;
    }

    public static PredictionTable of(SparkSession spark, Tables.Target target) {
        return target.format() == Tables.Format.PARQUET ? new ParquetTable(spark, target) : new IcebergTable(spark, target);
    }

    /** The existing table's schema, or null when there is no table yet. */
    public abstract StructType existingSchema() throws IOException;

    /** The lock file a run of {@code date} takes, given its run record folder. */
    public abstract Path lockFile(LocalDate date, Path runDir);

    /** Words for the lock's messages. */
    public String lockSubject(LocalDate date) {
        return target + ", run_date " + date;
    }

    /** What is published together: the date's rows where they are files, and the run record. */
    public abstract Path[] targets(LocalDate date, Path runDir);

    /** Finishes or undoes an interrupted publication of {@code date} (under its lock), and cleans up after killed runs. */
    public abstract void recover(LocalDate date, Path runDir, String runId) throws IOException;

    /**
     * Writes the run's rows (of one run date) so that {@link #publish} replaces the date's rows with
     * them and changes nothing else; returns the rows written, counted from what was written.
     */
    public abstract long write(Dataset<Row> rows, LocalDate date, Publication publication) throws IOException;

    /** Makes the date's new rows and the run record visible, together. */
    public abstract void publish(Publication publication) throws IOException;

    public abstract Dataset<Row> read(StructType schema);

    protected Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    public long countPartition(LocalDate date) {
        return read(null).where(col(RUN_DATE).equalTo(lit(Date.valueOf(date)))).count();
    }

    /** Fails naming the first column that differs, when the table exists with another schema. */
    public void checkSchema(StructType expected) throws IOException {
        StructType actual = existingSchema();
        if (actual == null) {
            return;
        }
        String problem = difference(expected, actual);
        if (problem != null) {
            throw new TextrnnException(target + " has an incompatible schema: " + problem
                    + "; write to another table, or keep the same --keep-columns as the runs that made it");
        }
    }

    /** The first difference between the columns a run writes and a table's, or null (nullability aside). */
    public static String difference(StructType expected, StructType actual) {
        Map<String, DataType> have = new TreeMap<>();
        for (StructField f : actual.fields()) {
            have.put(f.name(), f.dataType());
        }
        for (StructField f : expected.fields()) {
            DataType t = have.remove(f.name());
            if (t == null) {
                return "column '" + f.name() + "' (" + f.dataType().simpleString() + ") is missing from the table";
            }
            if (!sameType(t, f.dataType())) {
                return "column '" + f.name() + "' is " + t.simpleString() + " in the table but " + f.dataType().simpleString()
                        + " in this run";
            }
        }
        if (!have.isEmpty()) {
            String name = have.keySet().iterator().next();
            return "the table has column '" + name + "' (" + have.get(name).simpleString() + ") that this run does not write";
        }
        return null;
    }

    private static boolean sameType(DataType a, DataType b) {
        return a.asNullable().sameType(b.asNullable());
    }

    /** A Parquet table at a path, partition folders {@code run_date=YYYY-MM-DD}. */
    public static final class ParquetTable extends PredictionTable {

        public ParquetTable(SparkSession spark, Tables.Target target) {
            super(spark, target);
        }

        @Override
        public StructType existingSchema() throws IOException {
            Path path = new Path(target.name());
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                return null;
            }
            if (!fs.getFileStatus(path).isDirectory()) {
                throw new TextrnnException(target + " is a file, not a table folder");
            }
            List<String> visible = new ArrayList<>();
            for (FileStatus s : fs.listStatus(path)) {
                String n = s.getPath().getName();
                if (!n.startsWith("_") && !n.startsWith(".")) {
                    visible.add(n);
                }
            }
            if (visible.isEmpty()) {
                return null;
            }
            for (String n : visible) {
                if (!n.startsWith(RUN_DATE + "=")) {
                    throw new TextrnnException(target + " is not a textrnn predictions table: it holds '" + n
                            + "', not only " + RUN_DATE + "=... partitions; choose another --table");
                }
            }
            try {
                return spark.read().parquet(target.name()).schema();
            } catch (RuntimeException e) {
                throw new TextrnnException(target + " cannot be read as a Parquet table: " + e.getMessage(), e);
            }
        }

        public Path partition(LocalDate date) {
            return new Path(target.name(), RUN_DATE + "=" + date);
        }

        @Override
        public Path lockFile(LocalDate date, Path runDir) {
            return StagedOutput.lockFile(partition(date));
        }

        @Override
        public Path[] targets(LocalDate date, Path runDir) {
            return new Path[] {partition(date), runDir};
        }

        @Override
        public void recover(LocalDate date, Path runDir, String runId) throws IOException {
            Publication.recover(partition(date), conf(), c -> false);
            repairOtherDates(date, runId);
        }

        /**
         * Publications killed midway and stagings of killed runs, of every date but {@code except}
         * (null: all), each under its date's lock; dates another run is writing are left to it.
         */
        public void repairOtherDates(LocalDate except, String runId) throws IOException {
            Path table = new Path(target.name());
            AtomicFs fs = AtomicFs.of(table, conf());
            java.util.Set<String> others = new java.util.TreeSet<>();
            for (String n : fs.list(table)) {
                java.util.regex.Matcher m = LEFTOVER.matcher(n);
                if (m.matches() && (except == null || !m.group(1).equals(except.toString()))) {
                    others.add(m.group(1));
                } else if (n.startsWith(".spark-staging-")
                        && fs.modified(new Path(table, n)) < System.currentTimeMillis() - OutputLock.expiry().toMillis()) {
                    // left by a killed run of an earlier textrnn version (Spark's dynamic partition overwrite)
                    LOG.warn("{}: removing {}, left by a killed run", target, n);
                    fs.delete(new Path(table, n));
                }
            }
            for (String other : others) {
                LocalDate d = LocalDate.parse(other);
                try (OutputLock lock = OutputLock.acquire(lockFile(d, null), lockSubject(d), runId, conf())) {
                    Publication.start(conf(), true, partition(d));
                } catch (OutputLock.Held e) {
                    LOG.info("{}: run_date {} is being written by another run; its leftovers are left to it", target, other);
                }
            }
        }

        @Override
        public long write(Dataset<Row> rows, LocalDate date, Publication publication) throws IOException {
            // the date's files, without the partition column (the folder name holds it), into a hidden
            // staging folder of the table that readers do not list
            Path staging = publication.stagingOf(partition(date));
            rows.drop(RUN_DATE).write().mode(SaveMode.Overwrite).parquet(staging.toString());
            AtomicFs.of(staging, conf()).mkdirs(staging); // no rows: an empty date
            AtomicFs.of(staging, conf()).delete(new Path(staging, "_SUCCESS"));
            return spark.read().parquet(staging.toString()).count();
        }

        @Override
        public void publish(Publication publication) throws IOException {
            publication.commit();
        }

        @Override
        public Dataset<Row> read(StructType schema) {
            return schema == null ? spark.read().parquet(target.name()) : spark.read().schema(schema).parquet(target.name());
        }
    }

    /** An Iceberg table, created on first use with an identity partition on run_date. */
    public static final class IcebergTable extends PredictionTable {

        public IcebergTable(SparkSession spark, Tables.Target target) {
            super(spark, target);
        }

        private boolean exists() {
            return spark.catalog().tableExists(target.name());
        }

        @Override
        public StructType existingSchema() {
            if (!exists()) {
                return null;
            }
            StructType schema = spark.table(target.name()).schema();
            List<String> partitioning = new ArrayList<>();
            // DESCRIBE lists the partition fields after "# Partition Information" and "# col_name"
            boolean inPartitions = false;
            for (Row r : spark.sql("DESCRIBE TABLE " + target.name()).collectAsList()) {
                String name = r.getString(0) == null ? "" : r.getString(0).strip();
                if (name.equals("# Partition Information")) {
                    inPartitions = true;
                } else if (inPartitions && (name.isEmpty() || (name.startsWith("#") && !name.equals("# col_name")))) {
                    break;
                } else if (inPartitions && !name.startsWith("#")) {
                    partitioning.add(name);
                }
            }
            if (!partitioning.equals(List.of(RUN_DATE))) {
                throw new TextrnnException(target + " is partitioned by " + partitioning + ", not by " + RUN_DATE
                        + " alone: a run would replace more than its date; choose another --table");
            }
            return schema;
        }

        @Override
        public Path lockFile(LocalDate date, Path runDir) {
            // a Hadoop catalog's commits are not safe between processes: one run of the table at a time
            return StagedOutput.lockFile(hadoopCatalog() ? new Path(runDir.getParent(), "table") : runDir);
        }

        @Override
        public String lockSubject(LocalDate date) {
            return hadoopCatalog() ? target + " (in a Hadoop catalog: one run of the table at a time)" : super.lockSubject(date);
        }

        /** Whether the table's catalog is an Iceberg Hadoop catalog (a warehouse folder without a catalog database). */
        public boolean hadoopCatalog() {
            String catalog = target.name().substring(0, target.name().indexOf('.'));
            String prefix = "spark.sql.catalog." + catalog;
            return spark.conf().get(prefix + ".type", "").equalsIgnoreCase("hadoop")
                    || spark.conf().get(prefix + ".catalog-impl", "").endsWith(".HadoopCatalog");
        }

        @Override
        public Path[] targets(LocalDate date, Path runDir) {
            return new Path[] {runDir};
        }

        @Override
        public void recover(LocalDate date, Path runDir, String runId) throws IOException {
            // a run record is published only if its Iceberg commit happened
            Publication.recover(runDir, conf(), this::committed);
        }

        /** Whether the table has a snapshot of publication {@code condition} ("iceberg-publication=ID"). */
        private boolean committed(String condition) {
            String id = condition.substring(condition.indexOf('=') + 1);
            if (!id.matches("[A-Za-z0-9-]+") || !exists()) {
                return false;
            }
            return spark.sql("SELECT count(*) FROM " + target.name() + ".snapshots WHERE summary['" + PUBLICATION_PROPERTY
                    + "'] = '" + id + "'").first().getLong(0) > 0;
        }

        @Override
        public long write(Dataset<Row> rows, LocalDate date, Publication publication) throws IOException {
            StructType schema = rows.schema();
            if (!exists()) {
                String name = target.name();
                spark.sql("CREATE NAMESPACE IF NOT EXISTS " + name.substring(0, name.lastIndexOf('.')));
                spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + schema.toDDL() + ") USING iceberg PARTITIONED BY ("
                        + RUN_DATE + ")");
            }
            // the commit point: the journal says the run record is published if (and only if) the
            // table has a snapshot carrying this publication's id
            publication.journal("iceberg-publication=" + publication.id());
            try {
                rows.writeTo(target.name()).option("snapshot-property." + PUBLICATION_PROPERTY, publication.id()).overwritePartitions();
            } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
                throw new TextrnnException(target + " disappeared while writing: " + e.getMessage(), e);
            }
            return countPartition(date);
        }

        @Override
        public void publish(Publication publication) throws IOException {
            publication.finish();
        }

        @Override
        public Dataset<Row> read(StructType schema) {
            return spark.table(target.name());
        }
    }
}
