package org.textrnn.score;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.textrnn.command.Parser;
import org.textrnn.corpus.InputFormat;
import org.textrnn.model.ModelConfig;
import org.textrnn.prepare.PrepareConfig;
import org.textrnn.prepare.PrepareJob;
import org.textrnn.train.TrainConfig;
import org.textrnn.train.TrainJob;

/** A toy corpus and a small model trained on it, for the score tests. */
final class ScoreFixtures {

    private ScoreFixtures() {
    }

    /** {@code n} documents "label TAB text": class a has "alpha", b has "beta", c neither, among 40 filler words. */
    static String corpus(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            int len = 5 + r.nextInt(8);
            int at = r.nextInt(len);
            StringBuilder doc = new StringBuilder();
            for (int t = 0; t < len; t++) {
                String w = "w" + r.nextInt(40);
                if (t == at && label < 2) {
                    w = label == 0 ? "alpha" : "beta";
                }
                doc.append(t == 0 ? "" : " ").append(w);
            }
            sb.append(List.of("a", "b", "c").get(label)).append('\t').append(doc).append('\n');
        }
        return sb.toString();
    }

    /** Prepares a toy corpus in {@code dir} and trains a small LSTM on it; returns the bundle folder. */
    static Path trainModel(SparkSession spark, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path in = dir.resolve("train.tsv");
        Files.writeString(in, corpus(600, 3));
        Path data = dir.resolve("prepared");
        PrepareJob.run(spark, PrepareConfig.builder().input(in.toString()).format(InputFormat.TSV).output(data.toString()).vocabMinCount(1)
                .maxLength(PrepareConfig.MaxLength.tokens(12)).build());
        Path model = dir.resolve("model");
        TrainJob.run(spark, TrainConfig.builder().data(data.toString()).model(model.toString()).epochs(4).batchSize(32).workersPerExecutor(1)
                .network(n -> n.embeddingSize(8).hiddenSize(8).layers(1).pooling(ModelConfig.Pooling.MAX).learningRate(0.02)).build(),
                org.textrnn.evaluate.EvaluateJob::afterTraining);
        return model;
    }

    static ScoreConfig config(String... args) {
        return Parser.parse(new ScoreCommand(), args).config();
    }
}
