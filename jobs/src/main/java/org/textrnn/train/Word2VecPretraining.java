package org.textrnn.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sum;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.Word2Vec;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.bundle.Encoding;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.corpus.CorpusReader;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.MappingIterator;
import org.textrnn.corpus.OnError;
import org.textrnn.corpus.RejectedRecords;
import org.textrnn.corpus.StatusCounts;
import org.textrnn.corpus.UnlabelledText;
import org.textrnn.data.SequenceEncoder;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;
import org.textrnn.model.GloveVectors;
import org.textrnn.provenance.Provenance;
import org.textrnn.vocab.Vocabulary;

/**
 * {@code --pretrain word2vec}: Spark MLlib's distributed {@link Word2Vec} trained on the text of the
 * training split (each document's kept tokens, as the network sees them) plus the documents of
 * {@code --unlabelled-input}, tokenized and cut as the data was prepared ({@link Encoding}) and looked
 * up in the vocabulary (other words are {@value Vocabulary#UNK_TOKEN}); the vectors it learns
 * initialise the embedding rows of their vocabulary entries (the UNK row from the vector of
 * {@value Vocabulary#UNK_TOKEN}; the PAD row keeps its initialisation).
 *
 * <p>Writes into the bundle: {@value ModelBundle#WORD2VEC_COVERAGE} (the share of the vocabulary and
 * of the training tokens covered, like glove-coverage.json), {@value ModelBundle#WORD2VEC_VECTORS}
 * (the vectors of the vocabulary's words in GloVe's text format, for {@code --glove}),
 * {@value ModelBundle#PRETRAIN} (what was read, rejected and learned) and, with unlabelled input,
 * {@value ModelBundle#PRETRAIN_REJECTED} (its records that could not be read, with their reasons).
 */
final class Word2VecPretraining {

    private static final Logger LOG = LoggerFactory.getLogger(Word2VecPretraining.class);

    private static final String WORDS = "words";
    private static final StructType SENTENCES = new StructType().add(WORDS, DataTypes.createArrayType(DataTypes.StringType, false), false);
    /** Reasons of rejected records kept in pretrain.json (the records themselves are all in pretrain-rejected/). */
    static final int REASONS = 20;

    private Word2VecPretraining() {
    }

    /**
     * What the learned vectors cover, counted as {@code glove-coverage.json} counts (PAD and UNK are
     * not vocabulary entries here; training tokens of UNK count as not covered).
     *
     * @param dimension          values per vector: the embedding size
     * @param covered            vocabulary entries (PAD and UNK excluded) with a learned vector
     * @param vocabularyEntries  vocabulary entries excluding PAD and UNK
     * @param coveredTrainTokens the training split's tokens (the kept part of each document) whose entry has a vector
     * @param trainTokens        all the training split's tokens, UNK included
     * @param unkVector          whether the UNK row was initialised too (from the learned vector of {@value Vocabulary#UNK_TOKEN})
     */
    record Coverage(int dimension, int covered, int vocabularyEntries, long coveredTrainTokens, long trainTokens, boolean unkVector) {

        /** Share of vocabulary entries (PAD and UNK excluded) with a vector; 0 for an empty vocabulary. */
        double vocabularyCoverage() {
            return GloveVectors.share(covered, vocabularyEntries);
        }

        /** Share of training tokens whose entry has a vector; 0 if none. */
        double tokenCoverage() {
            return GloveVectors.share(coveredTrainTokens, trainTokens);
        }

        /** {@value ModelBundle#WORD2VEC_COVERAGE}: glove-coverage.json's keys where they apply, coverages to 6 decimals, no path. */
        Map<String, Object> describe() {
            Map<String, Object> m = GloveVectors.coverage(dimension, covered, vocabularyEntries, coveredTrainTokens, trainTokens);
            m.put("unk_vector", unkVector);
            return m;
        }
    }

    /**
     * The coverage of {@code rows} ({@link #rows}) over {@code vocab}.
     *
     * @param trainTokens per vocabulary index, how often it is among the training split's kept tokens
     */
    static Coverage coverage(Vocabulary vocab, float[][] rows, long[] trainTokens, int dimension) {
        int covered = 0;
        long coveredTokens = 0;
        long tokens = 0;
        for (int i = 0; i < vocab.size(); i++) {
            long n = i < trainTokens.length ? trainTokens[i] : 0;
            tokens += n;
            if (i >= 2 && rows[i] != null) {
                covered++;
                coveredTokens += n;
            }
        }
        return new Coverage(dimension, covered, vocab.size() - 2, coveredTokens, tokens, rows[Vocabulary.UNK] != null);
    }

    /**
     * The embedding's initial rows: row i is the learned vector of vocabulary token i (UNK's that of
     * {@value Vocabulary#UNK_TOKEN}), or null where there is none (always for PAD).
     */
    static float[][] rows(Vocabulary vocab, Map<String, float[]> vectors) {
        float[][] rows = new float[vocab.size()][];
        rows[Vocabulary.UNK] = vectors.get(Vocabulary.UNK_TOKEN);
        for (int i = 2; i < vocab.size(); i++) {
            rows[i] = vectors.get(vocab.token(i));
        }
        return rows;
    }

    /**
     * Writes the vectors of the vocabulary's words (PAD and UNK left out), in vocabulary order, as GloVe
     * text ({@code word v1 ... vD}, values as Java writes floats, so that {@code --glove} reads them
     * back exactly). A word holding a space, which GloVe's format cannot hold, is left out.
     *
     * @return the lines written
     */
    static long writeVectors(Writer out, Vocabulary vocab, float[][] rows) throws IOException {
        long lines = 0;
        StringBuilder line = new StringBuilder();
        for (int i = 2; i < vocab.size(); i++) {
            String word = vocab.token(i);
            if (rows[i] == null || word.indexOf(' ') >= 0) {
                continue;
            }
            line.setLength(0);
            line.append(word);
            for (float v : rows[i]) {
                line.append(' ').append(v);
            }
            out.write(line.append('\n').toString());
            lines++;
        }
        return lines;
    }

    /** The pretraining's outcome: the initial embedding rows ({@link #rows}) and their coverage. */
    record Result(float[][] rows, Coverage coverage) {
    }

    /**
     * Trains Word2Vec on {@code train} (the training rows, persisted) and the unlabelled input, and
     * writes the pretraining's files into {@code out}.
     *
     * @param encoding  how the data was prepared: the unlabelled documents are tokenized and cut alike
     * @param dimension the vector size: the embedding size
     */
    static Result run(SparkSession spark, TrainConfig cfg, Vocabulary vocab, Encoding encoding, Dataset<Row> train, long trainDocuments,
                      int dimension, Path out, Configuration conf) throws IOException {
        long start = System.nanoTime();
        PretrainOptions.Pretrain p = cfg.pretrain();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Vocabulary> vocabulary = jsc.broadcast(vocab);
        Dataset<Row> sentences = train.select(SequenceSchema.LENGTH, SequenceSchema.TOKENS)
                .mapPartitions(trainingWords(vocabulary), Encoders.row(SENTENCES));

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("method", "word2vec");
        CorpusReader.Source source = p.source();
        Dataset<Row> read = null;
        Dataset<Row> unlabelledWords = null;
        Broadcast<SequenceEncoder> encoder = null;
        List<Provenance.Input> inputs = new ArrayList<>();
        if (source != null) {
            for (InputSpec in : source.inputs()) {
                inputs.add(Provenance.Input.unlabelled(in.path(), conf));
            }
            LOG.info("train: pretraining reads {} unlabelled input(s) as {}", source.inputs().size(), source.format().optionValue());
            read = UnlabelledText.read(spark, source, encoding.tokenizer().create()).persist(StorageLevel.MEMORY_AND_DISK());
            StatusCounts status = StatusCounts.of(read);
            LOG.info("train: read {} unlabelled records: {} documents, {} empty, {} rejected ({}s)", status.total(), status.ok(),
                    status.empty(), status.rejected(), seconds(start));
            if (p.onError() == OnError.FAIL && status.rejected() > 0) {
                String first = RejectedRecords.first(read);
                read.unpersist();
                throw new TextrnnException("--unlabelled-input " + first + " (--on-error fail)");
            }
            UnlabelledText.requireReadable("--unlabelled-input", source, read, status);
            Path rejectedDir = new Path(out, ModelBundle.PRETRAIN_REJECTED);
            long rejected = RejectedRecords.write(spark, UnlabelledText.rejected(read), rejectedDir);
            if (rejected > 0) {
                LOG.warn("train: {} unlabelled records rejected, with their reasons in {}", rejected, rejectedDir);
            }
            if (status.ok() == 0) {
                LOG.warn("train: --unlabelled-input {} holds no document with text ({} records, {} empty)", p.unlabelledInputs(),
                        status.total(), status.empty());
            }
            Map<String, Object> records = new LinkedHashMap<>();
            records.put("records", status.total());
            records.put("documents", status.ok());
            records.put("empty", status.empty());
            records.put("rejected", rejected);
            record.put("unlabelled", records);
            record.put("rejected_by_reason", UnlabelledText.rejectedByReason(read, REASONS));
            record.put("rejected_folder", ModelBundle.PRETRAIN_REJECTED);
            encoder = jsc.broadcast(new SequenceEncoder(vocab, encoding.maxLength(), encoding.truncation()));
            unlabelledWords = UnlabelledText.documents(read).mapPartitions(unlabelledWords(encoder, vocabulary), Encoders.row(SENTENCES));
            sentences = sentences.union(unlabelledWords);
        }
        record.put("inputs", inputs);
        record.put("format", source == null ? null : source.format().optionValue());

        long[] trainTokens = trainTokenCounts(train, vocab.size());
        long trainTokenSum = java.util.Arrays.stream(trainTokens).sum();
        long unlabelledTokens = 0;
        long unlabelledUnknown = 0;
        long unlabelledDocuments = 0;
        if (unlabelledWords != null) {
            Row t = unlabelledWords.agg(org.apache.spark.sql.functions.count(lit(1)), sum(size(col(WORDS))),
                    sum(expr("size(filter(" + WORDS + ", w -> w = '" + Vocabulary.UNK_TOKEN + "'))"))).first();
            unlabelledDocuments = t.getLong(0);
            unlabelledTokens = t.isNullAt(1) ? 0 : t.getLong(1);
            unlabelledUnknown = t.isNullAt(2) ? 0 : t.getLong(2);
        }
        Map<String, Object> documents = new LinkedHashMap<>();
        documents.put("train", trainDocuments);
        documents.put("unlabelled", unlabelledDocuments);
        record.put("documents", documents);
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("train", trainTokenSum);
        tokens.put("train_unknown", trainTokens.length > Vocabulary.UNK ? trainTokens[Vocabulary.UNK] : 0);
        tokens.put("unlabelled", unlabelledTokens);
        tokens.put("unlabelled_unknown", unlabelledUnknown);
        record.put("tokens", tokens);

        int partitions = Math.max(1, jsc.defaultParallelism());
        LOG.info("train: word2vec on {} training and {} unlabelled documents ({} + {} tokens; {} of the unlabelled ones UNK): vector size {},"
                + " {} iterations, window {}, {} partitions, seed {} ({}s)", trainDocuments, unlabelledDocuments, trainTokenSum, unlabelledTokens,
                unlabelledUnknown, dimension, p.iterations(), p.window(), partitions, cfg.seed(), seconds(start));
        long fitStart = System.nanoTime();
        Word2VecModel model = new Word2Vec().setInputCol(WORDS).setVectorSize(dimension).setMinCount(1).setMaxIter(p.iterations())
                .setWindowSize(p.window()).setNumPartitions(partitions).setSeed(cfg.seed())
                .setMaxSentenceLength(Math.max(1000, encoding.maxLength())).fit(sentences);
        Map<String, float[]> vectors = new HashMap<>();
        for (Row r : model.getVectors().collectAsList()) {
            double[] v = ((Vector) r.get(1)).toArray();
            float[] f = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                f[k] = (float) v[k];
            }
            vectors.put(r.getString(0), f);
        }
        double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
        if (read != null) {
            read.unpersist();
        }
        vocabulary.destroy();
        if (encoder != null) {
            encoder.destroy();
        }

        float[][] rows = rows(vocab, vectors);
        Coverage coverage = coverage(vocab, rows, trainTokens, dimension);
        LOG.info("train: word2vec learned {} vectors in {}s; they cover {} of {} vocabulary entries ({}%) and {}% of training tokens",
                vectors.size(), Math.round(fitSeconds * 10) / 10.0, coverage.covered(), coverage.vocabularyEntries(),
                Math.round(coverage.vocabularyCoverage() * 1000) / 10.0, Math.round(coverage.tokenCoverage() * 1000) / 10.0);
        HadoopFiles.writeText(new Path(out, ModelBundle.WORD2VEC_COVERAGE), Json.write(coverage.describe()), conf);
        Path vectorsFile = new Path(out, ModelBundle.WORD2VEC_VECTORS);
        FileSystem fs = vectorsFile.getFileSystem(conf);
        long written;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(vectorsFile, true), StandardCharsets.UTF_8), 1 << 16)) {
            written = writeVectors(w, vocab, rows);
        }

        record.put("vector_size", dimension);
        record.put("iterations", p.iterations());
        record.put("window", p.window());
        record.put("min_count", 1);
        record.put("partitions", partitions);
        record.put("seed", cfg.seed());
        record.put("words_learned", vectors.size());
        record.put("vectors_written", written);
        Map<String, Object> seconds = new LinkedHashMap<>();
        seconds.put("word2vec", Math.round(fitSeconds * 10) / 10.0);
        seconds.put("total", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        record.put("seconds", seconds);
        HadoopFiles.writeText(new Path(out, ModelBundle.PRETRAIN), Json.write(record), conf);
        LOG.info("train: pretraining done in {}s: {}, {} and {} in {}", seconds.get("total"), ModelBundle.WORD2VEC_COVERAGE,
                ModelBundle.WORD2VEC_VECTORS, ModelBundle.PRETRAIN, out);
        return new Result(rows, coverage);
    }

    /**
     * The inputs {@value ModelBundle#PRETRAIN} in {@code bundle} records (none without the file):
     * the unlabelled input the embedding was pretrained on, for the bundle's provenance.
     */
    static List<Provenance.Input> inputs(Path bundle, Configuration conf) throws IOException {
        Path f = new Path(bundle, ModelBundle.PRETRAIN);
        if (!HadoopFiles.exists(f, conf)) {
            return List.of();
        }
        Object inputs = Json.readMap(HadoopFiles.readText(f, conf), f.toString()).get("inputs");
        return inputs == null ? List.of() : List.of(Json.MAPPER.convertValue(inputs, Provenance.Input[].class));
    }

    /** Per vocabulary index, how often it is among the kept tokens of {@code train}'s documents. */
    static long[] trainTokenCounts(Dataset<Row> train, int vocabSize) {
        long[] counts = new long[vocabSize];
        for (Row r : train.select(explode(slice(col(SequenceSchema.TOKENS), lit(1), col(SequenceSchema.LENGTH))).as("id"))
                .groupBy("id").count().collectAsList()) {
            int id = r.getInt(0);
            if (id >= 0 && id < vocabSize) {
                counts[id] += r.getLong(1);
            }
        }
        return counts;
    }

    /** A training row's kept tokens as words. */
    private static MapPartitionsFunction<Row, Row> trainingWords(Broadcast<Vocabulary> vocabulary) {
        return rows -> {
            Vocabulary v = vocabulary.value();
            return new MappingIterator(rows, r -> {
                int length = r.getInt(0);
                List<Integer> ids = r.getList(1);
                String[] words = new String[Math.min(length, ids.size())];
                for (int i = 0; i < words.length; i++) {
                    words[i] = v.token(ids.get(i));
                }
                return sentence(words);
            });
        };
    }

    /** An unlabelled document's tokens, cut as the data was, as vocabulary words (UNK for the others). */
    private static MapPartitionsFunction<Row, Row> unlabelledWords(Broadcast<SequenceEncoder> encoder, Broadcast<Vocabulary> vocabulary) {
        return rows -> {
            SequenceEncoder enc = encoder.value();
            Vocabulary v = vocabulary.value();
            return new MappingIterator(rows, r -> {
                SequenceEncoder.Encoded e = enc.encode(r.getList(0));
                String[] words = new String[e.length()];
                for (int i = 0; i < words.length; i++) {
                    words[i] = v.token(e.tokens()[i]);
                }
                return sentence(words);
            });
        };
    }

    /**
     * A row of {@link #SENTENCES}: the words as a Scala Seq, because Word2Vec reads the column with
     * {@code Row.getSeq}, and Spark may hand it the rows this function made (a Java array in them
     * fails with a ClassCastException; through a union it does not, as the rows are re-encoded).
     */
    private static Row sentence(String[] words) {
        return RowFactory.create(scala.collection.mutable.WrappedArray.make(words));
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
