package org.textrnn.score;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.textrnn.command.CommandLine;
import org.textrnn.prepare.PrepareCommand;
import org.textrnn.prepare.PrepareJob;
import org.textrnn.train.TrainCommand;
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
        PrepareJob.run(spark, PrepareCommand.config(CommandLine.parse(new PrepareCommand(), new String[] {"--input", in.toString(),
                "--format", "tsv", "--output", data.toString(), "--vocab.min-count", "1", "--max-length", "12"}, Set.of())));
        Path model = dir.resolve("model");
        TrainJob.run(spark, TrainCommand.config(CommandLine.parse(new TrainCommand(), new String[] {"--data", data.toString(),
                "--model", model.toString(), "--embedding-size", "8", "--hidden-size", "8", "--layers", "1", "--epochs", "4",
                "--pooling", "max", "--batch-size", "32", "--learning-rate", "0.02", "--workers-per-executor", "1"}, Set.of())), org.textrnn.evaluate.EvaluateJob::afterTraining);
        return model;
    }

    static ScoreConfig config(String... args) {
        return ScoreCommand.config(CommandLine.parse(new ScoreCommand(), args, Set.of()));
    }
}
