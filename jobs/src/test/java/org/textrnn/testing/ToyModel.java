package org.textrnn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.textrnn.corpus.InputFormat;
import org.textrnn.model.ModelConfig;
import org.textrnn.prepare.PrepareConfig;
import org.textrnn.prepare.PrepareJob;
import org.textrnn.train.TrainConfig;
import org.textrnn.train.TrainJob;

/**
 * A small model bundle for the tests that need a trained one (score, catalogs): {@link #CORPUS}
 * ({@link ToyCorpus#threeClasses()}, {@value #DOCUMENTS} documents, seed {@value #SEED}) prepared
 * with every word kept and at most 12 tokens, then a 1-layer LSTM of 8 units trained on it for 4
 * epochs with one worker. A test class makes it once, in its {@code @BeforeAll}, under its own
 * temporary folder: {@code ToyModel.train(spark, tmp.resolve("train")).bundle()}.
 *
 * @param corpus   the training documents, {@code label TAB text}
 * @param prepared the prepare output
 * @param bundle   the model bundle train wrote
 */
public record ToyModel(Path corpus, Path prepared, Path bundle) {

    /** The corpus the model learns (its documents to score: {@code CORPUS.tsv(n, anotherSeed)}). */
    public static final ToyCorpus CORPUS = ToyCorpus.threeClasses();
    public static final int DOCUMENTS = 600;
    public static final long SEED = 3;

    /** Prepares {@link #CORPUS} in {@code dir} and trains the model there (dir/train.tsv, dir/prepared, dir/model). */
    public static ToyModel train(SparkSession spark, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path in = CORPUS.writeTsv(dir.resolve("train.tsv"), DOCUMENTS, SEED);
        Path data = dir.resolve("prepared");
        PrepareJob.run(spark, PrepareConfig.builder().input(in.toString()).format(InputFormat.TSV).output(data.toString()).vocabMinCount(1)
                .maxLength(PrepareConfig.MaxLength.tokens(12)).build());
        Path model = dir.resolve("model");
        TrainJob.run(spark, TrainConfig.builder().data(data.toString()).model(model.toString()).epochs(4).batchSize(32).workersPerExecutor(1)
                .network(n -> n.embeddingSize(8).hiddenSize(8).layers(1).pooling(ModelConfig.Pooling.MAX).learningRate(0.02)).build(),
                org.textrnn.evaluate.EvaluateJob::afterTraining);
        return new ToyModel(in, data, model);
    }
}
