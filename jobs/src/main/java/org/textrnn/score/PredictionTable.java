package org.textrnn.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.textrnn.TextrnnException;

/**
 * The predictions table of a score run, Parquet or Iceberg, partitioned by {@value ScoreJob#RUN_DATE}:
 * schema check before writing, atomic replacement of one date's partition, and read-back.
 */
abstract class PredictionTable {

    protected final SparkSession spark;
    protected final Tables.Target target;

    PredictionTable(SparkSession spark, Tables.Target target) {
        this.spark = spark;
        this.target = target;
    }

    static PredictionTable of(SparkSession spark, Tables.Target target) {
        return target.format() == Tables.Format.PARQUET ? new ParquetTable(spark, target) : new IcebergTable(spark, target);
    }

    /** The existing table's schema, or null when there is no table yet. */
    abstract StructType existingSchema() throws IOException;

    /** Replaces the partitions of the dates in {@code rows} (one run date) and nothing else. */
    abstract void overwritePartition(Dataset<Row> rows, StructType schema) throws IOException;

    abstract Dataset<Row> read(StructType schema);

    long countPartition(LocalDate date) {
        return read(null).where(col(ScoreJob.RUN_DATE).equalTo(lit(Date.valueOf(date)))).count();
    }

    /** Fails naming the first column that differs, when the table exists with another schema. */
    void checkSchema(StructType expected) throws IOException {
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
    static String difference(StructType expected, StructType actual) {
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
    static final class ParquetTable extends PredictionTable {

        ParquetTable(SparkSession spark, Tables.Target target) {
            super(spark, target);
        }

        @Override
        StructType existingSchema() throws IOException {
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
                if (!n.startsWith(ScoreJob.RUN_DATE + "=")) {
                    throw new TextrnnException(target + " is not a textrnn predictions table: it holds '" + n
                            + "', not only " + ScoreJob.RUN_DATE + "=... partitions; choose another --table");
                }
            }
            try {
                return spark.read().parquet(target.name()).schema();
            } catch (RuntimeException e) {
                throw new TextrnnException(target + " cannot be read as a Parquet table: " + e.getMessage(), e);
            }
        }

        @Override
        void overwritePartition(Dataset<Row> rows, StructType schema) {
            // dynamic: only the partitions present in rows are replaced; files are staged in a hidden
            // folder and moved into place when the job commits, so a failed job changes nothing
            rows.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")
                    .partitionBy(ScoreJob.RUN_DATE).parquet(target.name());
        }

        @Override
        Dataset<Row> read(StructType schema) {
            return schema == null ? spark.read().parquet(target.name()) : spark.read().schema(schema).parquet(target.name());
        }
    }

    /** An Iceberg table, created on first use with an identity partition on run_date. */
    static final class IcebergTable extends PredictionTable {

        IcebergTable(SparkSession spark, Tables.Target target) {
            super(spark, target);
        }

        private boolean exists() {
            return spark.catalog().tableExists(target.name());
        }

        @Override
        StructType existingSchema() {
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
            if (!partitioning.equals(List.of(ScoreJob.RUN_DATE))) {
                throw new TextrnnException(target + " is partitioned by " + partitioning + ", not by " + ScoreJob.RUN_DATE
                        + " alone: a run would replace more than its date; choose another --table");
            }
            return schema;
        }

        @Override
        void overwritePartition(Dataset<Row> rows, StructType schema) {
            if (!exists()) {
                String name = target.name();
                spark.sql("CREATE NAMESPACE IF NOT EXISTS " + name.substring(0, name.lastIndexOf('.')));
                spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + schema.toDDL() + ") USING iceberg PARTITIONED BY ("
                        + ScoreJob.RUN_DATE + ")");
            }
            try {
                rows.writeTo(target.name()).overwritePartitions();
            } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
                throw new TextrnnException(target + " disappeared while writing: " + e.getMessage(), e);
            }
        }

        @Override
        Dataset<Row> read(StructType schema) {
            return spark.table(target.name());
        }
    }
}
