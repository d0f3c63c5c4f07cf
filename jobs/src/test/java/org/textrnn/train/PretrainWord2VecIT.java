package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.command.Parser;
import org.textrnn.corpus.InputFormat;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.Json;
import org.textrnn.model.GloveVectors;
import org.textrnn.model.NetworkFactory;
import org.textrnn.prepare.PrepareConfig;
import org.textrnn.prepare.PrepareJob;
import org.textrnn.prepared.PreparedData;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.ToyCorpus;
import org.textrnn.vocab.Vocabulary;

/**
 * {@code train --pretrain word2vec} and {@code prepare --vocab.include-unlabelled} on the toy corpus
 * plus an unlabelled file with bad records: what is rejected and counted, what is learned and what
 * the embedding starts from, what prepare's vocabulary gains, and --on-error fail and --resume.
 */
class PretrainWord2VecIT extends SparkTestBase {

    @TempDir
    static Path tmp;
    /** The toy corpus prepared alone, and with --vocab.include-unlabelled over {@link #unlabelled}. */
    static Path plain;
    static Path withUnlabelled;
    static Path unlabelled;
    /** The unlabelled file's documents: each holds "gamma", a word the labelled corpus never has. */
    static List<ToyCorpus.Document> unlabelledDocs;

    static final int UNLABELLED_DOCS = 60;
    /** Lines of the unlabelled file that cannot be read: two without a tab, one not UTF-8. */
    static final List<Integer> BAD_LINES = List.of(2, 30, 45);
    static final int BLANK_LINE = 50;
    static final String NO_TAB = "expected 2 tab-separated fields (label,text), found 1";

    @BeforeAll
    static void prepareData() throws IOException {
        Path corpus = ToyCorpus.threeClasses().writeTsv(tmp.resolve("toy.tsv"), 600, 3);
        unlabelledDocs = ToyCorpus.of(List.of("x"), List.of("gamma")).documents(UNLABELLED_DOCS, 11);
        unlabelled = tmp.resolve("unlabelled/u.tsv");
        Files.createDirectories(unlabelled.getParent());
        try (OutputStream o = Files.newOutputStream(unlabelled)) {
            int doc = 0;
            for (int line = 1; doc < UNLABELLED_DOCS; line++) {
                if (line == BAD_LINES.get(0) || line == BAD_LINES.get(1)) {
                    o.write("no tab on this line\n".getBytes(StandardCharsets.UTF_8));
                } else if (line == BAD_LINES.get(2)) {
                    o.write("x\tcaf\u00e9 gamma w1\n".getBytes(StandardCharsets.ISO_8859_1));
                } else if (line == BLANK_LINE) {
                    o.write("\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    // the label column is read and ignored
                    o.write(("x\t" + unlabelledDocs.get(doc++).text() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        plain = tmp.resolve("plain");
        withUnlabelled = tmp.resolve("with-unlabelled");
        PrepareJob.run(spark, prepare(plain).build());
        PrepareJob.run(spark, prepare(withUnlabelled).unlabelledInput(unlabelled.toString()).vocabIncludeUnlabelled(true).build());
    }

    static PrepareConfig.Builder prepare(Path out) {
        return PrepareConfig.builder().input(tmp.resolve("toy.tsv").toString()).format(InputFormat.TSV).output(out.toString()).vocabMinCount(1)
                .maxLength(PrepareConfig.MaxLength.tokens(12));
    }

    /** A small, quick train run on {@code data} into {@code model} with word2vec on the unlabelled file, then {@code more}. */
    static TrainConfig pretraining(Path data, Path model, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--model", model.toString(), "--pretrain", "word2vec",
                "--unlabelled-input", unlabelled.toString(), "--format", "tsv", "--embedding-size", "8", "--hidden-size", "8", "--layers", "1",
                "--batch-size", "32", "--workers-per-executor", "1", "--patience", "0", "--seed", "5", "--baseline", "false"));
        args.addAll(List.of(more));
        return Parser.parse(new TrainCommand(), args.toArray(new String[0])).config();
    }

    static Map<String, Object> json(Path file) throws IOException {
        return Json.readMap(Files.readString(file), file.toString());
    }

    static Vocabulary vocabulary(Path dir) throws IOException {
        return Vocabulary.parse(Files.readString(dir.resolve("vocab.tsv")), "vocab.tsv");
    }

    static List<Map<String, Object>> jsonLines(Path folder) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    all.add(Json.readMap(line, f.toString()));
                }
            }
        }
        return all;
    }

    /** How often {@code word} occurs in the unlabelled file's documents. */
    static long unlabelledCount(String word) {
        return unlabelledDocs.stream().mapToLong(d -> Arrays.stream(d.text().split(" ")).filter(word::equals).count()).sum();
    }

    static long unlabelledTokens() {
        return unlabelledDocs.stream().mapToLong(d -> d.text().split(" ").length).sum();
    }

    static void assertRejectedRecords(List<Map<String, Object>> rejected) {
        assertThat(rejected).hasSize(3);
        assertThat(rejected).extracting(m -> m.get("source").toString().replaceAll(".*u\\.tsv:", "u.tsv:"))
                .containsExactlyInAnyOrder("u.tsv:2", "u.tsv:30", "u.tsv:45");
        assertThat(rejected).extracting(m -> m.get("reason")).containsExactlyInAnyOrder(NO_TAB, NO_TAB, "not valid UTF-8 text");
        assertThat(rejected).anySatisfy(m -> assertThat(m.get("text")).isEqualTo("no tab on this line"));
    }

    @Test
    void prepareCountsTheVocabularyOverTheUnlabelledTextTooAndRejectsItsBadRecords() throws IOException {
        Vocabulary without = vocabulary(plain);
        Vocabulary with = vocabulary(withUnlabelled);
        assertThat(without.indexOf("gamma")).as("gamma without --vocab.include-unlabelled").isEqualTo(Vocabulary.UNK);
        assertThat(with.indexOf("gamma")).as("gamma with it").isGreaterThan(Vocabulary.UNK);
        assertThat(with.count(with.indexOf("gamma"))).isEqualTo(UNLABELLED_DOCS);
        // the counts are the training split's plus the unlabelled documents'
        for (String w : List.of("w0", "w7", "alpha")) {
            assertThat(with.count(with.indexOf(w))).as(w).isEqualTo(without.count(without.indexOf(w)) + unlabelledCount(w));
        }
        assertThat(with.size()).isEqualTo(without.size() + 1);

        Map<String, Object> stats = json(withUnlabelled.resolve("stats.json"));
        Map<String, Object> plainStats = json(plain.resolve("stats.json"));
        assertThat(plainStats).doesNotContainKey("unlabelled");
        assertThat(stats.get("unlabelled")).isEqualTo(Map.of("inputs", List.of(unlabelled.toString()), "records", UNLABELLED_DOCS + 4,
                "documents", UNLABELLED_DOCS, "empty", 1, "rejected", 3, "tokens", (int) unlabelledTokens(), "unknown_tokens", 0,
                "vocabulary_entries_only_in_unlabelled", 1));
        assertThat(stats.get("input")).as("the labelled input's counts are its own").isEqualTo(plainStats.get("input"));
        assertThat(((Map<?, ?>) stats.get("vocab")).get("train_tokens")).isEqualTo(((Map<?, ?>) plainStats.get("vocab")).get("train_tokens"));
        assertThat(((Map<?, ?>) stats.get("vocab")).get("train_tokens_unknown")).isEqualTo(0);
        assertThat(stats.get("splits")).as("the unlabelled documents are not written as sequences").isEqualTo(plainStats.get("splits"));
        assertThat(spark.read().parquet(withUnlabelled.resolve("sequences").toString()).count()).isEqualTo(600);
        assertRejectedRecords(jsonLines(withUnlabelled.resolve("rejected")));
        assertThat(jsonLines(plain.resolve("rejected"))).isEmpty();

        Map<String, Object> provenance = json(withUnlabelled.resolve("provenance.json"));
        assertThat((List<?>) provenance.get("inputs")).anySatisfy(i -> {
            Map<?, ?> m = (Map<?, ?>) i;
            assertThat(m.get("kind")).isEqualTo("unlabelled");
            assertThat(m.get("path").toString()).endsWith("unlabelled/u.tsv");
            assertThat(m.get("files")).isEqualTo(1);
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) provenance.get("config");
        assertThat(config).containsEntry("unlabelled-input", List.of(unlabelled.toString())).containsEntry("vocab.include-unlabelled", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> plainConfig = (Map<String, Object>) json(plain.resolve("provenance.json")).get("config");
        assertThat(plainConfig).doesNotContainKeys("unlabelled-input", "vocab.include-unlabelled");
        assertThat(json(plain.resolve("provenance.json")).get("run_id")).isNotEqualTo(provenance.get("run_id"));
    }

    @Test
    void word2vecLearnsFromTheTrainingAndUnlabelledTextAndTheEmbeddingStartsFromIt() throws IOException {
        Path model = tmp.resolve("model-with");
        // frozen, an epoch at the default learning rate leaves the embedding where Word2Vec put it
        TrainJob.run(spark, pretraining(withUnlabelled, model, "--epochs", "1", "--pretrain.trainable", "false"));
        Vocabulary vocab = vocabulary(withUnlabelled);

        Map<String, Object> record = json(model.resolve(ModelBundle.PRETRAIN));
        assertThat(record).containsEntry("method", "word2vec").containsEntry("vector_size", 8).containsEntry("iterations", 5)
                .containsEntry("window", 5).containsEntry("seed", 5).containsEntry("format", "tsv").containsEntry("rejected_folder", "pretrain-rejected");
        assertThat(record.get("unlabelled")).isEqualTo(Map.of("records", UNLABELLED_DOCS + 4, "documents", UNLABELLED_DOCS, "empty", 1,
                "rejected", 3));
        assertThat(record.get("rejected_by_reason")).isEqualTo(Map.of(NO_TAB, 2, "not valid UTF-8 text", 1));
        long trainDocs = PreparedData.split(spark, withUnlabelled.toString(), SequenceSchema.TRAIN).count();
        long trainTokens = PreparedData.split(spark, withUnlabelled.toString(), SequenceSchema.TRAIN)
                .agg(functions.sum(SequenceSchema.LENGTH)).first().getLong(0);
        assertThat(record.get("documents")).isEqualTo(Map.of("train", (int) trainDocs, "unlabelled", UNLABELLED_DOCS));
        assertThat(record.get("tokens")).isEqualTo(Map.of("train", (int) trainTokens, "train_unknown", 0, "unlabelled", (int) unlabelledTokens(),
                "unlabelled_unknown", 0));
        assertThat(record.get("words_learned")).isEqualTo(vocab.size() - 2);
        assertThat((List<?>) record.get("inputs")).singleElement().satisfies(i -> {
            assertThat(((Map<?, ?>) i).get("kind")).isEqualTo("unlabelled");
            assertThat(((Map<?, ?>) i).get("path").toString()).endsWith("unlabelled/u.tsv");
        });
        assertRejectedRecords(jsonLines(model.resolve(ModelBundle.PRETRAIN_REJECTED)));

        // every entry occurs in the training split or the unlabelled text, and no training token is UNK
        assertThat(json(model.resolve(ModelBundle.WORD2VEC_COVERAGE))).isEqualTo(Map.of("dimension", 8, "covered", vocab.size() - 2,
                "vocabulary_entries", vocab.size() - 2, "vocabulary_coverage", 1.0, "covered_train_tokens", (int) trainTokens,
                "train_tokens", (int) trainTokens, "token_coverage", 1.0, "unk_vector", false));

        Configuration conf = new Configuration();
        GloveVectors.Match vectors = GloveVectors.load(model.resolve(ModelBundle.WORD2VEC_VECTORS).toString(), conf, vocab);
        assertThat(vectors.dimension()).isEqualTo(8);
        assertThat(vectors.covered()).isEqualTo(vocab.size() - 2);
        assertThat(vectors.linesRead()).isEqualTo(vocab.size() - 2);
        float[] gamma = vectors.vectors()[vocab.indexOf("gamma")];
        assertThat(gamma).as("the word only the unlabelled text has").isNotNull();
        assertThat(gamma).isNotEqualTo(vectors.vectors()[vocab.indexOf("w0")]);

        INDArray embedding = NetworkFactory.embeddingLayer(ModelBundle.readNetwork(
                new org.apache.hadoop.fs.Path(model.resolve(ModelBundle.MODEL).toString()), conf)).getParam(NetworkFactory.EMBEDDING_PARAM);
        for (int i = 2; i < vocab.size(); i++) {
            float[] row = embedding.getRow(i).toFloatVector();
            float[] expected = vectors.vectors()[i];
            for (int k = 0; k < expected.length; k++) {
                assertThat(row[k]).as(vocab.token(i) + "[" + k + "]").isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }

        Map<String, Object> provenance = json(model.resolve(ModelBundle.PROVENANCE));
        assertThat(((List<?>) provenance.get("inputs")).stream().map(i -> String.valueOf(((Map<?, ?>) i).get("kind"))).toList())
                .containsExactly("prepared", "unlabelled");
        assertThat(json(model.resolve(ModelBundle.TRAIN_CONFIG))).containsEntry("pretrain", "word2vec")
                .containsEntry("unlabelled-input", List.of(unlabelled.toString())).containsEntry("pretrain.trainable", false);
        assertThat(json(model.resolve(ModelBundle.BUNDLE)).toString()).contains("embedding_trainable=false");
        assertThat(ModelBundle.load(model.toString(), conf).vocabulary().hash()).isEqualTo(vocab.hash());
    }

    @Test
    void withoutTheVocabularyEntryAWordOnlyTheUnlabelledTextHasIsUnkAndResumeKeepsThePretraining() throws IOException {
        Path model = tmp.resolve("model-plain");
        TrainJob.run(spark, pretraining(plain, model, "--epochs", "1"));
        Vocabulary vocab = vocabulary(plain);
        Map<String, Object> record = json(model.resolve(ModelBundle.PRETRAIN));
        assertThat(((Map<?, ?>) record.get("tokens")).get("unlabelled_unknown")).as("gamma, once a document").isEqualTo(UNLABELLED_DOCS);
        Map<String, Object> coverage = json(model.resolve(ModelBundle.WORD2VEC_COVERAGE));
        assertThat(coverage).containsEntry("covered", vocab.size() - 2).containsEntry("unk_vector", true);
        String vectors = Files.readString(model.resolve(ModelBundle.WORD2VEC_VECTORS));
        assertThat(vectors.lines()).hasSize(vocab.size() - 2).noneMatch(l -> l.startsWith("gamma ") || l.startsWith(Vocabulary.UNK_TOKEN));

        String pretrainJson = Files.readString(model.resolve(ModelBundle.PRETRAIN));
        TrainResult resumed = TrainJob.run(spark, pretraining(plain, model, "--epochs", "2", "--resume"));
        assertThat(resumed.epochsTrained()).isEqualTo(2);
        assertThat(Files.readString(model.resolve(ModelBundle.PRETRAIN))).as("not pretrained again").isEqualTo(pretrainJson);
        assertThat(Files.readString(model.resolve(ModelBundle.WORD2VEC_VECTORS))).isEqualTo(vectors);
        assertThat(jsonLines(model.resolve(ModelBundle.PRETRAIN_REJECTED))).hasSize(3);
        assertThat((List<?>) json(model.resolve(ModelBundle.PROVENANCE)).get("inputs")).hasSize(2);

        TrainConfig withoutPretraining = Parser.parse(new TrainCommand(), "--data", plain.toString(), "--model", model.toString(),
                "--embedding-size", "8", "--hidden-size", "8", "--layers", "1", "--batch-size", "32", "--workers-per-executor", "1",
                "--patience", "0", "--seed", "5", "--baseline", "false", "--epochs", "3", "--resume", "--pretrain", "none").config();
        assertThatThrownBy(() -> TrainJob.run(spark, withoutPretraining)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--pretrain word2vec in the checkpoint, none now")
                .hasMessageContaining("--unlabelled-input [" + unlabelled + "] in the checkpoint, (none) now");
    }

    @Test
    void word2vecOnTheTrainingSplitAlone() throws IOException {
        Path model = tmp.resolve("model-alone");
        TrainJob.run(spark, Parser.parse(new TrainCommand(), "--data", plain.toString(), "--model", model.toString(), "--pretrain", "word2vec",
                "--pretrain.iterations", "2", "--pretrain.window", "3", "--embedding-size", "8", "--hidden-size", "8", "--layers", "1",
                "--batch-size", "32", "--workers-per-executor", "1", "--epochs", "1", "--baseline", "false").config());
        Vocabulary vocab = vocabulary(plain);
        Map<String, Object> record = json(model.resolve(ModelBundle.PRETRAIN));
        assertThat(record).containsEntry("inputs", List.of()).containsEntry("format", null).containsEntry("iterations", 2)
                .containsEntry("window", 3).doesNotContainKeys("unlabelled", "rejected_by_reason");
        assertThat(((Map<?, ?>) record.get("documents")).get("unlabelled")).isEqualTo(0);
        assertThat(model.resolve(ModelBundle.PRETRAIN_REJECTED)).doesNotExist();
        assertThat(json(model.resolve(ModelBundle.WORD2VEC_COVERAGE))).containsEntry("covered", vocab.size() - 2)
                .containsEntry("token_coverage", 1.0).containsEntry("unk_vector", false);
        assertThat((List<?>) json(model.resolve(ModelBundle.PROVENANCE)).get("inputs")).hasSize(1);

        // trainable by default: the epoch moved the rows of the training words
        assertThat(json(model.resolve(ModelBundle.TRAIN_CONFIG))).containsEntry("pretrain.trainable", true);
        Configuration conf = new Configuration();
        GloveVectors.Match vectors = GloveVectors.load(model.resolve(ModelBundle.WORD2VEC_VECTORS).toString(), conf, vocab);
        INDArray embedding = NetworkFactory.embeddingLayer(ModelBundle.readNetwork(
                new org.apache.hadoop.fs.Path(model.resolve(ModelBundle.MODEL).toString()), conf)).getParam(NetworkFactory.EMBEDDING_PARAM);
        int w0 = vocab.indexOf("w0");
        double moved = 0;
        for (int k = 0; k < 8; k++) {
            moved = Math.max(moved, Math.abs(embedding.getFloat(w0, k) - vectors.vectors()[w0][k]));
        }
        assertThat(moved).as("the largest change of w0's row").isGreaterThan(1e-4);
    }

    @Test
    void withOnErrorFailTheFirstBadUnlabelledRecordFailsTheRun() throws IOException {
        Path model = tmp.resolve("model-fail");
        assertThatThrownBy(() -> TrainJob.run(spark, pretraining(plain, model, "--epochs", "1", "--on-error", "fail")))
                .isInstanceOf(TextrnnException.class).hasMessageStartingWith("--unlabelled-input file:")
                .hasMessageEndingWith("unlabelled/u.tsv:2: " + NO_TAB + " (--on-error fail)");
        assertThat(model.resolve(ModelBundle.BUNDLE)).doesNotExist();

        assertThatThrownBy(() -> PrepareJob.run(spark, prepare(tmp.resolve("prepared-fail")).unlabelledInput(unlabelled.toString())
                .vocabIncludeUnlabelled(true).onError(org.textrnn.corpus.OnError.FAIL).build()))
                .isInstanceOf(TextrnnException.class).hasMessageStartingWith("--unlabelled-input file:")
                .hasMessageEndingWith("unlabelled/u.tsv:2: " + NO_TAB + " (--on-error fail)");
    }

    @Test
    void anUnlabelledInputOfWhichNoDocumentCanBeReadFailsTheRunNamingItsLayout() {
        // three columns asked for, two found on every line: each record is rejected (the blank line is empty)
        assertThatThrownBy(() -> TrainJob.run(spark, pretraining(plain, tmp.resolve("model-layout"), "--epochs", "1", "--columns",
                "id,label,text"))).isInstanceOf(TextrnnException.class)
                .hasMessageStartingWith("--unlabelled-input [" + unlabelled + "]: no document could be read (63 of its 64 records rejected,"
                        + " the others empty), e.g. file:")
                .hasMessageEndingWith("u.tsv:1: expected 3 tab-separated fields (id,label,text), found 2; is --format tsv (with its reader"
                        + " options) right?");
    }

    @Test
    void aMissingUnlabelledInputIsNamedBeforeSparkWorks() {
        String missing = tmp.resolve("nothing-*.tsv").toString();
        TrainConfig cfg = Parser.parse(new TrainCommand(), "--data", plain.toString(), "--model", tmp.resolve("model-missing").toString(),
                "--pretrain", "word2vec", "--unlabelled-input", missing, "--format", "tsv").config();
        assertThatThrownBy(() -> TrainJob.check(cfg, new Configuration())).isInstanceOf(UsageException.class)
                .hasMessage("--unlabelled-input " + missing + ": no such file or folder");
        assertThatThrownBy(() -> PrepareJob.check(prepare(tmp.resolve("prepared-missing")).unlabelledInput(missing).vocabIncludeUnlabelled(true)
                .build(), new Configuration())).isInstanceOf(UsageException.class)
                .hasMessage("--unlabelled-input " + missing + ": no such file or folder");
    }
}
