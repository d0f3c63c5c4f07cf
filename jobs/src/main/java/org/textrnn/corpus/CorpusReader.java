package org.textrnn.corpus;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.textrnn.UsageException;
import org.textrnn.text.EmailParser;
import scala.Tuple2;

/**
 * Reads every {@code --input} of a prepare run into {@link RawSchema} rows, distributed: line
 * formats through Hadoop input splits (so a large file is read by many tasks), csv and parquet
 * through Spark's readers, file-per-document formats by listing their files on the driver and reading them on the executors.
 *
 * <p>Sources name the file and line ({@code file:/data/train.txt:17}); for a line in a later split
 * of a file larger than a block the line number is not known, and the byte offset is given instead.
 * Rejected csv records name their record number ({@code file:/data/in.csv, record 7}). A file that
 * cannot be read is one rejected record (its source the file, its reason the I/O error), not a
 * failed task.
 */
public final class CorpusReader {

    /** What to read: the inputs, their layout and reader options, and whether records carry a label. */
    public record Source(List<InputSpec> inputs, InputFormat format, ReaderOptions reader, boolean labelled)
            implements java.io.Serializable {
    }

    private static final String CORRUPT = "_corrupt_record";

    private CorpusReader() {
    }

    /** Fails with {@link UsageException} when an input matches nothing or is not what its format reads. */
    public static void checkInputs(Source cfg, Configuration conf) throws java.io.IOException {
        checkInputs("--input", cfg, conf);
    }

    /** {@link #checkInputs(Source, Configuration)} for inputs given by {@code option} (named in the messages). */
    public static void checkInputs(String option, Source cfg, Configuration conf) throws java.io.IOException {
        for (InputSpec in : cfg.inputs()) {
            Path p = new Path(in.path());
            FileStatus[] found = p.getFileSystem(conf).globStatus(p);
            if (found == null || found.length == 0) {
                String hint = option.equals("--input") && in.split() == null && in.path().matches("^[a-z]+=.*")
                        ? " (a split prefix must be train=, validation= or test=)" : "";
                throw new UsageException(option + " " + in + ": no such file or folder" + hint);
            }
            if (cfg.format().filePerDocument()) {
                for (FileStatus f : found) {
                    if (!f.isDirectory()) {
                        throw new UsageException(option + " " + in + ": --format " + cfg.format().optionValue()
                                + " reads a folder (one sub-folder per label, one file per document), found the file " + f.getPath());
                    }
                }
            }
        }
    }

    /** The records of every input, in {@link RawSchema} rows. */
    public static Dataset<Row> read(SparkSession spark, Source cfg) {
        Dataset<Row> all = null;
        for (InputSpec in : cfg.inputs()) {
            Dataset<Row> one = readOne(spark, cfg, in);
            all = all == null ? one : all.union(one);
        }
        return all;
    }

    private static Dataset<Row> readOne(SparkSession spark, Source cfg, InputSpec in) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return switch (cfg.format()) {
            case LAST_WORD_LABEL, TSV, JSONL -> spark.createDataFrame(readLines(jsc, cfg, in), RawSchema.SCHEMA);
            case CSV, PARQUET -> readTable(spark, cfg, in);
            case DIR_PER_CLASS, EMAIL -> spark.createDataFrame(readFiles(jsc, cfg, in), RawSchema.SCHEMA);
        };
    }

    private static Configuration recursive(JavaSparkContext jsc) {
        Configuration conf = new Configuration(jsc.hadoopConfiguration());
        conf.setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
        return conf;
    }

    // ---------------------------------------------------------------- line formats

    /** Spark's own file sources never make a split smaller than this (spark.sql.files.openCostInBytes). */
    public static final long MIN_SPLIT_BYTES = 4L << 20;

    /**
     * The largest input split for a line-format input: its bytes spread over the default parallelism,
     * at least {@link #MIN_SPLIT_BYTES} (the block size still caps it), as Spark's file sources split.
     * Hadoop alone splits by block (32 MB on a local file system), so a 13 MB file was one task:
     * reading and tokenizing it used one core of two.
     */
    public static long maxSplitBytes(Path input, Configuration conf, int parallelism) {
        long bytes = 0;
        try {
            org.apache.hadoop.fs.FileSystem fs = input.getFileSystem(conf);
            FileStatus[] found = fs.globStatus(input);
            for (FileStatus f : found == null ? new FileStatus[0] : found) {
                bytes += fs.getContentSummary(f.getPath()).getLength();
            }
        } catch (java.io.IOException e) {
            return Long.MAX_VALUE; // Hadoop's default; reading the input will report the problem
        }
        return Math.max(MIN_SPLIT_BYTES, (bytes + Math.max(1, parallelism) - 1) / Math.max(1, parallelism));
    }

    @SuppressWarnings("unchecked")
    private static JavaRDD<Row> readLines(JavaSparkContext jsc, Source cfg, InputSpec in) {
        LineParser parser = LineParser.forFormat(cfg.format(), cfg.reader(), cfg.labelled());
        String encoding = cfg.reader().encoding();
        String split = in.split();
        Configuration conf = recursive(jsc);
        conf.setLong(FileInputFormat.SPLIT_MAXSIZE, maxSplitBytes(new Path(in.path()), conf, jsc.defaultParallelism()));
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
                in.path(), TolerantTextInputFormat.class, LongWritable.class, Text.class, conf);
        return lines.mapPartitionsWithInputSplit((inputSplit, records) -> {
            FileSplit fileSplit = (FileSplit) inputSplit;
            String file = fileSplit.getPath().toString();
            boolean fromStart = fileSplit.getStart() == 0;
            CharsetDecoder decoder = Charset.forName(encoding).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new Iterator<Row>() {
                private long lineNo;
                private Row next;

                @Override
                public boolean hasNext() {
                    while (next == null && records.hasNext()) {
                        Tuple2<LongWritable, Text> rec = records.next();
                        if (rec._1().get() == TolerantTextInputFormat.UNREADABLE) {
                            // the last record of the split: the file could not be opened or read on from here
                            String where = lineNo == 0 ? "" : " after " + (fromStart ? "line " + lineNo : lineNo + " lines of the part from byte "
                                    + fileSplit.getStart());
                            next = RawSchema.rejected(null, file, "cannot read the file" + where + ": " + rec._2(), split);
                            continue;
                        }
                        lineNo++;
                        String source = fromStart ? file + ":" + lineNo : file + " @byte " + rec._1().get();
                        Text t = rec._2();
                        String line;
                        try {
                            line = decoder.decode(ByteBuffer.wrap(t.getBytes(), 0, t.getLength())).toString();
                        } catch (CharacterCodingException e) {
                            String lossy = new String(Arrays.copyOf(t.getBytes(), t.getLength()), Charset.forName(encoding));
                            next = RawSchema.rejected(lossy, source, "not valid " + encoding + " text", split);
                            continue;
                        }
                        boolean first = fromStart && lineNo == 1;
                        if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                            line = line.substring(1);
                        }
                        next = parser.parse(line, source, split, first);
                    }
                    return next != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row r = next;
                    next = null;
                    return r;
                }
            };
        }, true);
    }

    // ---------------------------------------------------------------- csv, parquet

    private static Dataset<Row> readTable(SparkSession spark, Source cfg, InputSpec in) {
        ReaderOptions o = cfg.reader();
        Dataset<Row> df;
        boolean csv = cfg.format() == InputFormat.CSV;
        if (csv) {
            DataFrameReader reader = spark.read()
                    .option("header", !o.header().equals("false"))
                    .option("sep", o.csvDelimiter())
                    .option("escape", o.csvEscape())
                    .option("multiLine", o.csvMultiline())
                    .option("encoding", o.encoding())
                    .option("mode", "PERMISSIVE")
                    .option("columnNameOfCorruptRecord", CORRUPT);
            StructType header = reader.csv(in.path()).schema();
            StructType schema = new StructType();
            for (String name : header.fieldNames()) {
                schema = schema.add(name, DataTypes.StringType, true);
            }
            df = reader.schema(schema.add(CORRUPT, DataTypes.StringType, true)).csv(in.path());
        } else {
            df = spark.read().parquet(in.path());
        }
        List<String> columns = Arrays.asList(df.columns());
        List<String> wanted = new ArrayList<>(o.textColumns());
        if (cfg.labelled()) {
            wanted.add(o.labelColumn());
        }
        if (o.idColumn() != null) {
            wanted.add(o.idColumn());
        }
        for (String w : wanted) {
            if (!columns.contains(w)) {
                throw new UsageException("column '" + w + "' is not in " + in.path() + "; its columns are "
                        + columns.stream().filter(c -> !c.equals(CORRUPT)).toList()
                        + " (choose with --text-column, --label-column, --id-column)");
            }
        }
        Column[] textCols = o.textColumns().stream().map(c -> col(c).cast(DataTypes.StringType)).toArray(Column[]::new);
        Column text = concat_ws("\n", textCols);
        Column label = cfg.labelled() ? trim(col(o.labelColumn()).cast(DataTypes.StringType)) : lit(null).cast(DataTypes.StringType);
        Column id = o.idColumn() != null ? trim(col(o.idColumn()).cast(DataTypes.StringType)) : lit(null).cast(DataTypes.StringType);
        Column corrupt = csv ? col(CORRUPT) : lit(null).cast(DataTypes.StringType);
        Column status = when(corrupt.isNotNull(), lit(RawSchema.REJECTED))
                .when(trim(text).equalTo(""), lit(RawSchema.EMPTY))
                .when(lit(cfg.labelled()).and(coalesce(label, lit("")).equalTo("")), lit(RawSchema.REJECTED))
                .otherwise(lit(RawSchema.OK));
        Column reason = when(corrupt.isNotNull(), lit("malformed CSV record"))
                .when(trim(text).equalTo(""), lit(null))
                .when(lit(cfg.labelled()).and(coalesce(label, lit("")).equalTo("")),
                        lit("no value in label column '" + o.labelColumn() + "'"));
        List<Column> selected = new ArrayList<>(List.of(
                when(id.equalTo(""), lit(null)).otherwise(id).as(RawSchema.DOC_KEY),
                label.as(RawSchema.LABEL),
                coalesce(corrupt, text).as(RawSchema.TEXT),
                input_file_name().as(RawSchema.SOURCE),
                status.as(RawSchema.STATUS),
                reason.as(RawSchema.REASON),
                lit(in.split()).cast(DataTypes.StringType).as(RawSchema.SPLIT)));
        if (!csv) {
            return df.select(selected.toArray(Column[]::new));
        }
        // where in its file each part read by a task starts (0 unless a large file is split: --csv.multiline false)
        selected.add(col("_metadata.file_block_start").as(BLOCK_START));
        return df.select(selected.toArray(Column[]::new)).mapPartitions(new NumberRejectedRecords(), Encoders.row(RawSchema.SCHEMA));
    }

    private static final String BLOCK_START = "block_start";

    /**
     * Gives rejected csv records their record number in the source ({@code file:/data/in.csv, record 7}):
     * Spark's csv reader says which file a row came from, not where in it, but a task reads each part
     * of a file in order, so the rows of a part can be counted. Records are counted from 1 after the
     * header; blank lines are not records, and a quoted field over several lines is one record. For
     * a part that starts later in a file (a split of a large file) the count starts at that byte, as
     * the source says. Good records keep the file as their source.
     */
    private static final class NumberRejectedRecords implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<Row>() {
                private String file;
                private long start = -1;
                private long record;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row r = rows.next();
                    String source = r.getString(3);
                    long blockStart = r.getLong(7);
                    if (!source.equals(file) || blockStart != start) {
                        file = source;
                        start = blockStart;
                        record = 0;
                    }
                    record++;
                    if (RawSchema.REJECTED.equals(r.getString(4))) {
                        source = start == 0 ? source + ", record " + record : source + " @byte " + start + ", record " + record + " from there";
                    }
                    // with its schema: Spark hands these rows to the next typed step without re-encoding them
                    return new GenericRowWithSchema(new Object[] {r.get(0), r.get(1), r.get(2), source, r.get(4), r.get(5), r.get(6)},
                            RawSchema.SCHEMA);
                }
            };
        }
    }

    // ---------------------------------------------------------------- one file per document

    /** Files per partition when a corpus has many: bounds a task's work without making thousands of tiny tasks. */
    private static final int FILES_PER_PARTITION = 2000;

    private static JavaRDD<Row> readFiles(JavaSparkContext jsc, Source cfg, InputSpec in) {
        boolean labelled = cfg.labelled();
        boolean email = cfg.format() == InputFormat.EMAIL;
        String encoding = cfg.reader().encoding();
        String labelRegex = cfg.reader().labelRegex();
        String split = in.split();
        // The files are listed here, on the driver, and read on the executors through one broadcast
        // Hadoop configuration. (Spark's binaryFiles carries a serialised copy of the configuration
        // with every file and parses it again for each one: most of the time on corpora of small
        // files such as mail folders, 30 ms a message.)
        List<String> files;
        try {
            files = listDocumentFiles(new Path(in.path()), labelled, jsc.hadoopConfiguration());
        } catch (java.io.IOException e) {
            throw new org.textrnn.TextrnnException("--input " + in + ": cannot list its files: " + e.getMessage(), e);
        }
        int partitions = Math.max(1, Math.min(files.size(),
                Math.max(jsc.defaultParallelism(), (files.size() + FILES_PER_PARTITION - 1) / FILES_PER_PARTITION)));
        org.apache.spark.broadcast.Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
        return jsc.parallelize(files, partitions).map(name -> {
            Path path = new Path(name);
            String source = path.toString();
            String folder = path.getParent().getName();
            String docKey = folder + "/" + path.getName();
            String label = null;
            if (labelled) {
                label = labelFromFolder(folder, labelRegex);
                if (label == null) {
                    return RawSchema.rejected(null, source, "folder name '" + folder + "' does not match --label-regex '"
                            + labelRegex + "'", split);
                }
            }
            byte[] bytes;
            try (java.io.InputStream stream = path.getFileSystem(conf.value().value()).open(path)) {
                bytes = stream.readAllBytes();
            } catch (java.io.IOException e) {
                // gone since it was listed, not readable, a checksum error: this file is rejected, not the whole run
                return RawSchema.rejected(null, source, cannotRead(e), split);
            }
            String text;
            if (email) {
                try {
                    text = EmailParser.parse(bytes).text();
                } catch (EmailParser.EmailParseException e) {
                    return RawSchema.rejected(excerpt(bytes), source, e.getMessage(), split);
                }
            } else {
                try {
                    CharBuffer chars = Charset.forName(encoding).newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes));
                    text = chars.toString();
                } catch (CharacterCodingException e) {
                    return RawSchema.rejected(excerpt(bytes), source, "not valid " + encoding + " text", split);
                }
            }
            if (text.isBlank()) {
                return RawSchema.empty(source, split);
            }
            return RawSchema.ok(docKey, label, text, source, split);
        });
    }

    /**
     * The documents of a file-per-document input, sorted: with labels, the files in the label
     * folders one level below each match of {@code root}; without, every file below it. Names
     * starting with {@code _} or {@code .} (markers such as {@code _SUCCESS}, hidden and temporary
     * files) are skipped, as Hadoop's input formats do.
     */
    public static List<String> listDocumentFiles(Path root, boolean labelled, Configuration conf) throws java.io.IOException {
        org.apache.hadoop.fs.FileSystem fs = root.getFileSystem(conf);
        org.apache.hadoop.fs.PathFilter visible = p -> !p.getName().startsWith("_") && !p.getName().startsWith(".");
        List<String> files = new ArrayList<>();
        FileStatus[] roots = fs.globStatus(root, visible);
        for (FileStatus r : roots == null ? new FileStatus[0] : roots) {
            if (labelled) {
                for (FileStatus folder : fs.listStatus(r.getPath(), visible)) {
                    if (folder.isDirectory()) {
                        for (FileStatus f : fs.listStatus(folder.getPath(), visible)) {
                            if (f.isFile()) {
                                files.add(f.getPath().toString());
                            }
                        }
                    }
                }
            } else if (r.isFile()) {
                files.add(r.getPath().toString());
            } else {
                collectVisible(fs, r.getPath(), visible, files);
            }
        }
        files.sort(null);
        return files;
    }

    private static void collectVisible(org.apache.hadoop.fs.FileSystem fs, Path dir, org.apache.hadoop.fs.PathFilter visible,
            List<String> files) throws java.io.IOException {
        for (FileStatus f : fs.listStatus(dir, visible)) {
            if (f.isDirectory()) {
                collectVisible(fs, f.getPath(), visible, files);
            } else {
                files.add(f.getPath().toString());
            }
        }
    }

    public static String labelFromFolder(String folder, String labelRegex) {
        if (labelRegex == null) {
            return folder;
        }
        Matcher m = Pattern.compile(labelRegex).matcher(folder);
        if (!m.find()) {
            return null;
        }
        String label = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        return label.isEmpty() ? null : label;
    }

    /** The reason of a record for a file that could not be read: what the file system said. */
    static String cannotRead(java.io.IOException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return "cannot read the file: " + message;
    }

    private static String excerpt(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 500), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
