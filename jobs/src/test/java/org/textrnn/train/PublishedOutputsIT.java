package org.textrnn.train;

import org.textrnn.bundle.BundleDescription;
import org.textrnn.bundle.ModelBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.command.Parser;
import org.textrnn.UsageException;
import org.textrnn.evaluate.EvaluateConfig;
import org.textrnn.evaluate.EvaluateJob;
import org.textrnn.io.Faults;
import org.textrnn.io.Json;
import org.textrnn.io.OutputLock;
import org.textrnn.io.Publication;
import org.textrnn.io.StagedOutput;
import org.textrnn.prepare.PrepareCommand;
import org.textrnn.prepare.PrepareJob;
import org.textrnn.testing.CliProcess;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.ToyCorpus;

/**
 * prepare, train and evaluate stopped at each step of their publication (and train at each step of
 * its checkpoint publication): what a reader then sees (the previous output, byte for byte, or the
 * whole new one; a bundle and a checkpoint that load), and that the next run cleans up, or, for
 * train, that --resume finishes with every epoch once in metrics.jsonl. In-process stops throw from
 * the protocols' step hooks ({@link Faults}); one run is killed for real (kill -9 from the preload
 * shim {@code ../shared/tools/killat.c}, skipped where it or gcc is missing).
 */
class PublishedOutputsIT extends SparkTestBase {

    @TempDir
    static Path tmp;
    static Path corpus;
    static Path data;
    static final Configuration CONF = new Configuration();

    /** Two classes told apart by one word, among 30 filler words; 240 documents of 5 to 9 words, no validation split. */
    @BeforeAll
    static void prepareData() throws IOException {
        corpus = ToyCorpus.of(List.of("a", "b"), List.of("alpha", "beta")).fillerWords(30).words(5, 9)
                .writeTsv(tmp.resolve("toy.tsv"), 240, 5);
        data = tmp.resolve("prepared");
        prepare(data, "10");
    }

    @AfterEach
    void resetFaults() {
        Faults.reset();
        Checkpoint.beforeCommit = e -> { };
    }

    static void prepare(Path out, String maxLength, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--input", corpus.toString(), "--format", "tsv", "--output", out.toString(),
                "--vocab.min-count", "1", "--max-length", maxLength, "--split", "train=0.8,test=0.2"));
        args.addAll(List.of(more));
        PrepareJob.run(spark, Parser.parse(new PrepareCommand(), args.toArray(new String[0])).config());
    }

    /** A tiny training run; {@code more}: options to add or to replace ({@code --name value}, or flags). */
    static String[] trainArgs(Path model, int epochs, String... more) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        List<String> base = List.of("--data", data.toString(), "--model", model.toString(), "--epochs", Integer.toString(epochs),
                "--embedding-size", "8", "--hidden-size", "8", "--layers", "1", "--batch-size", "32", "--workers-per-executor", "1",
                "--patience", "0", "--validation-fraction", "0", "--baseline", "false");
        for (int i = 0; i < base.size(); i += 2) {
            options.put(base.get(i), base.get(i + 1));
        }
        for (int i = 0; i < more.length; i++) {
            boolean flag = i + 1 == more.length || more[i + 1].startsWith("--");
            options.put(more[i], flag ? null : more[++i]);
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add(k);
            if (v != null) {
                args.add(v);
            }
        });
        return args.toArray(new String[0]);
    }

    static TrainResult train(String... args) throws IOException {
        return TrainJob.run(spark, Parser.parse(new TrainCommand(), args).config(), org.textrnn.evaluate.EvaluateJob::afterTraining);
    }

    static void evaluate(Path model, Path report) throws IOException {
        EvaluateJob.run(spark, EvaluateConfig.builder().model(model.toString()).data(data.toString()).report(report.toString())
                .baseline(false).build());
    }

    static List<Integer> epochs(Path bundle) throws IOException {
        List<Integer> e = new ArrayList<>();
        for (String line : Files.readAllLines(bundle.resolve(ModelBundle.METRICS))) {
            e.add(((Number) Json.readMap(line, "metrics").get("epoch")).intValue());
        }
        return e;
    }

    static String runId(Path dir, String file) throws IOException {
        return String.valueOf(Json.readMap(Files.readString(dir.resolve(file)), file).get("run_id"));
    }

    static org.apache.hadoop.fs.Path hpath(Path p) {
        return new org.apache.hadoop.fs.Path(p.toString());
    }

    static Path local(org.apache.hadoop.fs.Path p) {
        return Path.of(p.toUri().getPath());
    }

    /** The folder as a reader finds it ({@link Publication#resolve}). */
    static Path resolved(Path p) throws IOException {
        return local(Publication.resolve(hpath(p), CONF));
    }

    /** What a publication leaves beside its outputs when it is finished: nothing (stagings, journals, retired copies, locks). */
    static List<String> leftovers(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("." + name + ".textrnn")).sorted().toList();
        }
    }

    @Test
    void aStoppedPrepareOverwriteKeepsThePreviousOutputOrPublishesTheWholeNewOne() throws Exception {
        Path out = tmp.resolve("prep-overwrite");
        prepare(out, "10");
        byte[] stats = Files.readAllBytes(out.resolve("stats.json"));
        String firstRun = runId(out, "stats.json");

        // stopped before its commit point: the old output, byte for byte; the next run removes the staging
        Faults.beforePublishing("prep-overwrite");
        assertThatThrownBy(() -> prepare(out, "8", "--overwrite")).isInstanceOf(Faults.Killed.class);
        assertThat(Files.readAllBytes(resolved(out).resolve("stats.json"))).isEqualTo(stats);
        assertThat(out.resolve("_SUCCESS")).exists();
        assertThat(leftovers(tmp, "prep-overwrite")).containsExactly(".prep-overwrite.textrnn-staging");

        // stopped between its two renames: a reader finds the new output whole (in the staging the journal names)
        Faults.reset();
        Faults.afterStep("retired:0", 1);
        assertThatThrownBy(() -> prepare(out, "8", "--overwrite")).isInstanceOf(Faults.Killed.class);
        Faults.reset();
        assertThat(out).doesNotExist();
        Path seen = resolved(out);
        assertThat(seen.resolve("_SUCCESS")).exists();
        String secondRun = runId(seen, "stats.json");
        assertThat(secondRun).isNotEqualTo(firstRun);

        // the next run finishes that publication first, then publishes its own
        prepare(out, "8", "--overwrite");
        assertThat(runId(out, "stats.json")).isEqualTo(secondRun);
        assertThat(out.resolve("_SUCCESS")).exists();
        assertThat(leftovers(tmp, "prep-overwrite")).isEmpty();
    }

    @Test
    void aSecondWriterIsRefusedWithTheLocksMessage() throws Exception {
        Path out = tmp.resolve("prep-locked");
        try (OutputLock held = OutputLock.acquire(StagedOutput.lockFile(hpath(out)), "--output " + out,
                "the-other-run", CONF)) {
            assertThatThrownBy(() -> prepare(out, "10")).isInstanceOf(OutputLock.Held.class)
                    .hasMessageContaining("--output " + out + " is being written by another run: run the-other-run");
        }
        assertThat(out).doesNotExist();
        assertThat(leftovers(tmp, "prep-locked")).isEmpty();
    }

    @Test
    void aStoppedEvaluateKeepsThePreviousReportOrPublishesTheWholeNewOne() throws Exception {
        Path model = tmp.resolve("eval-model");
        train(trainArgs(model, 1));
        Path report = tmp.resolve("eval-report");
        evaluate(model, report);
        byte[] metrics = Files.readAllBytes(report.resolve(EvaluateJob.METRICS));

        Faults.beforePublishing("eval-report");
        assertThatThrownBy(() -> evaluate(model, report)).isInstanceOf(Faults.Killed.class);
        assertThat(Files.readAllBytes(resolved(report).resolve(EvaluateJob.METRICS))).isEqualTo(metrics);

        // after its commit point (the journal), before the renames: readers still see the old report;
        // the next run finishes the publication
        Faults.reset();
        Faults.afterStep("journal", 1);
        assertThatThrownBy(() -> evaluate(model, report)).isInstanceOf(Faults.Killed.class);
        Faults.reset();
        assertThat(Files.readAllBytes(resolved(report).resolve(EvaluateJob.METRICS))).isEqualTo(metrics);
        assertThat(Faults.interrupted(hpath(report), CONF)).isTrue();
        evaluate(model, report);
        assertThat(Files.readAllBytes(report.resolve(EvaluateJob.METRICS))).isNotEqualTo(metrics);
        assertThat(report.resolve(EvaluateJob.REPORT)).exists();
        assertThat(leftovers(tmp, "eval-report")).isEmpty();
        // the bundle's own report, written in its staging and published with it
        assertThat(model.resolve("report").resolve(EvaluateJob.METRICS)).exists();
        assertThat(Json.readMap(Files.readString(model.resolve("report").resolve(EvaluateJob.METRICS)), "m").get("evaluated").toString())
                .contains("model=" + model).doesNotContain("textrnn-staging");
    }

    @Test
    void aStoppedTrainOverwriteKeepsThePreviousBundleAndResumeFinishesTheNewOne() throws Exception {
        Path model = tmp.resolve("bundle");
        train(trainArgs(model, 1));
        byte[] bundle = Files.readAllBytes(model.resolve(ModelBundle.BUNDLE));
        byte[] provenance = Files.readAllBytes(model.resolve("provenance.json"));

        // an --overwrite run stopped before it publishes: the previous bundle, byte for byte, and it loads
        Faults.beforePublishing("bundle");
        assertThatThrownBy(() -> train(trainArgs(model, 2, "--overwrite"))).isInstanceOf(Faults.Killed.class);
        Faults.reset();
        assertThat(Files.readAllBytes(model.resolve(ModelBundle.BUNDLE))).isEqualTo(bundle);
        assertThat(Files.readAllBytes(model.resolve("provenance.json"))).isEqualTo(provenance);
        assertThat(ModelBundle.load(model.toString(), CONF).description().epochsTrained()).isEqualTo(1);
        assertThat(epochs(model)).containsExactly(1);
        // its checkpoint (2 epochs) is continued by --resume, not lost by a plain re-run
        train(trainArgs(model, 2, "--resume"));
        assertThat(epochs(model)).containsExactly(1, 2);
        assertThat(model.resolve("_SUCCESS")).exists();

        // a --resume for more epochs stopped between the bundle's two renames (the third 'retired:0': the
        // copied checkpoint's, epoch 3's, then the bundle's): a reader loads the new bundle
        Faults.afterStep("retired:0", 3);
        assertThatThrownBy(() -> train(trainArgs(model, 3, "--resume"))).isInstanceOf(Faults.Killed.class);
        Faults.reset();
        assertThat(model).doesNotExist();
        assertThat(ModelBundle.load(model.toString(), CONF).description().epochsTrained()).isEqualTo(3);
        assertThat(epochs(resolved(model))).containsExactly(1, 2, 3);
        train(trainArgs(model, 3, "--resume"));
        assertThat(epochs(model)).containsExactly(1, 2, 3);
        assertThat(ModelBundle.load(model.toString(), CONF).description().epochsTrained()).isEqualTo(3);
        assertThat(leftovers(tmp, "bundle")).isEmpty();
    }

    /** Makes the next training stop at {@code step} of epoch 2's checkpoint publication ("before-commit": before its journal). */
    private static void stopAtEpoch2(String step) {
        if (step.equals("before-commit")) {
            Checkpoint.beforeCommit = e -> {
                if (e == 2) {
                    throw new Faults.Killed("before the checkpoint of epoch 2");
                }
            };
        } else {
            Faults.afterStep(step, 2);
        }
    }

    /** Each step of epoch 2's checkpoint publication (the checkpoint folder, then the best model.zip). */
    @Test
    void aTrainingStoppedAtAnyCheckpointStepResumesWithEachEpochOnce() throws Exception {
        List<String> steps = List.of("before-commit", "journal", "retired:0", "moved:0", "retired:1", "moved:1");
        for (String step : steps) {
            Path model = tmp.resolve("ck-" + step.replace(':', '-'));
            stopAtEpoch2(step);
            assertThatThrownBy(() -> train(trainArgs(model, 2))).as(step).isInstanceOf(Faults.Killed.class);
            resetFaults();
            org.apache.hadoop.fs.Path staging = Publication.staging(hpath(model));
            // a reader finds a whole checkpoint: epoch 1's until epoch 2's is moved into place (or its journal
            // names it, between the renames); after the commit point (the journal) recovery publishes epoch 2's
            int expected = step.equals("before-commit") || step.equals("journal") ? 1 : 2;
            assertThat(Checkpoint.state(staging, CONF).epoch()).as(step).isEqualTo(expected);
            assertThat(Faults.interrupted(Checkpoint.folder(staging), CONF)).as(step).isEqualTo(!step.equals("before-commit"));
            assertThat(ModelBundle.readNetwork(new org.apache.hadoop.fs.Path(Publication.resolve(Checkpoint.folder(staging), CONF),
                    ModelBundle.MODEL), CONF).numParams()).as(step).isPositive();
            assertThat(model).doesNotExist();
            if (step.equals("before-commit")) {
                assertThatThrownBy(() -> TrainJob.check(Parser.parse(new TrainCommand(), trainArgs(model, 2)).config(), CONF)).isInstanceOf(UsageException.class)
                        .hasMessage("--model " + model + ": a train run into it stopped after epoch 1 without finishing (its checkpoint is in "
                                + staging + "): add --resume to continue it, or --overwrite to start again");
                resumeRefusesOtherOptions(model, staging);
            }
            train(trainArgs(model, 2, "--resume"));
            assertThat(epochs(model)).as(step).containsExactly(1, 2);
            assertThat(epochs(model.resolve(ModelBundle.CHECKPOINT))).as(step).containsExactly(1, 2);
            assertThat(TrainingState.read(hpath(model.resolve("checkpoint/state.json")), CONF).epoch())
                    .isEqualTo(2);
            assertThat(ModelBundle.load(model.toString(), CONF).description()).as(step)
                    .returns(2, BundleDescription::bestEpoch).returns(2, BundleDescription::epochsTrained);
            assertThat(leftovers(tmp, model.getFileName().toString())).as(step).isEmpty();
            try (Stream<Path> s = Files.list(model)) {
                assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains("textrnn"))).as(step).isEmpty();
            }
        }
    }

    /**
     * With --average-epochs 2, a training stopped at steps of epoch 2's checkpoint publication resumes
     * to the network an uninterrupted run keeps (the mean of the last epochs' weights travels in the
     * checkpoint, published with it). No dropout: the resumed run must be the same run.
     */
    @Test
    void anAveragingTrainingStoppedAtACheckpointStepResumesToTheUninterruptedRunsNetwork() throws Exception {
        String[] same = {"--average-epochs", "2", "--embedding-dropout", "0", "--rnn-dropout", "0", "--word-dropout", "0", "--pretrain", "none"};
        Path whole = tmp.resolve("avg-whole");
        train(trainArgs(whole, 3, same));
        MultiLayerNetwork expected = ModelBundle.readNetwork(hpath(whole.resolve(ModelBundle.MODEL)), CONF);
        for (String step : List.of("before-commit", "journal", "moved:0")) {
            Path model = tmp.resolve("avg-" + step.replace(':', '-'));
            stopAtEpoch2(step);
            assertThatThrownBy(() -> train(trainArgs(model, 3, same))).as(step).isInstanceOf(Faults.Killed.class);
            resetFaults();
            train(trainArgs(model, 3, TrainSparkIT.concat(same, "--resume")));
            assertThat(epochs(model)).as(step).containsExactly(1, 2, 3);
            MultiLayerNetwork kept = ModelBundle.readNetwork(hpath(model.resolve(ModelBundle.MODEL)), CONF);
            assertThat(kept.params().equalsWithEps(expected.params(), 1e-5)).as(step + ": the kept network").isTrue();
            assertThat(Files.readAllBytes(model.resolve(ModelBundle.CHECKPOINT).resolve(EpochAverage.FILE))).as(step)
                    .isEqualTo(Files.readAllBytes(whole.resolve(ModelBundle.CHECKPOINT).resolve(EpochAverage.FILE)));
            assertThat(leftovers(tmp, model.getFileName().toString())).as(step).isEmpty();
        }
    }

    /** --resume with an option that changes what is trained is refused, naming it; a checkpoint without a record is accepted. */
    private static void resumeRefusesOtherOptions(Path model, org.apache.hadoop.fs.Path staging) throws IOException {
        assertThatThrownBy(() -> train(trainArgs(model, 2, "--resume", "--hidden-size", "16", "--cell", "gru")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--resume: the checkpoint in " + staging + " (after epoch 1) was trained with other options: ")
                .hasMessageContaining("--cell lstm in the checkpoint, gru now; --hidden-size 8 in the checkpoint, 16 now.")
                .hasMessageContaining("only --baseline, --data, --epochs, --model, --patience, --prefetch, --run-id, --workers-per-executor may change")
                .hasMessageEndingWith("or train anew with --overwrite instead of --resume");
        // a checkpoint of an older textrnn records no options: accepted (with a warning)
        Path state = local(Checkpoint.folder(staging)).resolve(ModelBundle.STATE);
        Map<String, Object> m = Json.readMap(Files.readString(state), "state");
        m.remove("trained_with");
        m.remove("data_fingerprint");
        Files.writeString(state, Json.write(m));
        Files.deleteIfExists(state.resolveSibling(".state.json.crc"));
        TrainJob.check(Parser.parse(new TrainCommand(), trainArgs(model, 2, "--resume", "--hidden-size", "16")).config(), CONF);
    }

    /** The operator's case: kill -9 while epoch 2's checkpoint is moved into place; --resume then finishes, each epoch once. */
    @Test
    void aTrainingKilledWhileMovingItsCheckpointResumes() throws Exception {
        Path so = org.textrnn.testing.KillAt.build(tmp);
        Path model = tmp.resolve("killed");
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(trainArgs(model, 2)));
        CliProcess child = CliProcess.of(tmp.resolve("killed.log"), args.toArray(new String[0]))
                .env("LD_PRELOAD", so.toString()).env("KILLAT_RENAME_TO", "/checkpoint").env("KILLAT_NTH", "2");
        assertThat(child.run(300)).as(child.output()).isEqualTo(137);
        org.apache.hadoop.fs.Path staging = Publication.staging(hpath(model));
        assertThat(Faults.interrupted(Checkpoint.folder(staging), CONF)).as("killed in the checkpoint's publication").isTrue();
        assertThat(tmp.resolve(".killed.textrnn-lock")).as("the dead run's lock").exists();
        train(trainArgs(model, 2, "--resume"));
        assertThat(epochs(model)).containsExactly(1, 2);
        assertThat(ModelBundle.load(model.toString(), CONF).description().epochsTrained()).isEqualTo(2);
        assertThat(leftovers(tmp, "killed")).isEmpty();
    }
}
