package org.textrnn.train;

import org.textrnn.bundle.ModelBundle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.UsageException;
import org.textrnn.io.AtomicFs;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;
import org.textrnn.io.Publication;

/**
 * The training checkpoint of a bundle folder {@code ROOT} (the bundle's staging folder while it
 * trains, the published bundle after): {@code ROOT/checkpoint/} holds the last epoch's network
 * ({@code model.zip}), {@code state.json} (epoch, best epoch, the options it was trained with),
 * {@code metrics.jsonl} (one line per epoch up to it) and, with --average-epochs N &gt; 1, the weights of
 * the last N epochs ({@link EpochAverage#FILE}); {@code ROOT/model.zip} is the best epoch's
 * network. After each epoch the new checkpoint folder and, when the epoch improved, the new best
 * network are written beside the old ones and published together in one {@link Publication}: a
 * kill at any moment leaves the previous checkpoint or the new one, and a best model that agrees
 * with its state.
 */
final class Checkpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);

    /**
     * train options a --resume may change (how long and where training runs, what is reported and
     * recorded); every other option decides what is trained and must be the checkpoint's.
     */
    static final Set<String> MAY_CHANGE_ON_RESUME = Set.of("data", "model", "epochs", "patience", "workers-per-executor", "prefetch",
            "run-id", "baseline");

    /**
     * train options added after checkpoints recorded their options, with the value runs had before
     * the option existed (as JSON reads it back): where a checkpoint's record, or the current run's
     * (an option recorded only when it is on), lacks one of them, it compares as that value. A
     * checkpoint written before {@code --pretrain} existed thus resumes without pretraining, and
     * refuses to resume with it.
     */
    static final Map<String, Object> ADDED_LATER = addedLater();

    private static Map<String, Object> addedLater() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipe", "reference");
        m.put("word-dropout", 0.0);
        m.put("embedding-updater", "adam");
        m.put("average-epochs", 1);
        m.putAll(PretrainOptions.OFF);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The files a fresh run's pretraining writes, which a resume keeps. */
    static final List<String> PRETRAINING_FILES = List.of(ModelBundle.PRETRAIN, ModelBundle.PRETRAIN_REJECTED, ModelBundle.WORD2VEC_COVERAGE,
            ModelBundle.WORD2VEC_VECTORS);

    /** Tests: called with the epoch when its checkpoint is written but not yet published (throw to stop the run there). */
    static volatile java.util.function.IntConsumer beforeCommit = epoch -> { };

    private Checkpoint() {
    }

    static Path folder(Path root) {
        return new Path(root, ModelBundle.CHECKPOINT);
    }

    /** True when {@code root} holds a checkpoint (or one whose publication was interrupted, which {@link #recover} finishes). */
    static boolean exists(Path root, Configuration conf) throws IOException {
        return HadoopFiles.exists(new Path(folder(root), ModelBundle.STATE), conf) || Publication.interrupted(folder(root), conf);
    }

    /** The state of the checkpoint in {@code root}, read where a reader finds it (also during its publication). */
    static TrainingState state(Path root, Configuration conf) throws IOException {
        return TrainingState.read(new Path(Publication.resolve(folder(root), conf), ModelBundle.STATE), conf);
    }

    /** Finishes a checkpoint publication a killed run left, and removes the stagings of one killed before its commit point. */
    static void recover(Path root, Configuration conf) throws IOException {
        Path ck = folder(root);
        Publication.recover(ck, conf, c -> true);
        AtomicFs fs = AtomicFs.of(root, conf);
        for (Path t : List.of(ck, new Path(root, ModelBundle.MODEL))) {
            Path s = Publication.staging(t);
            if (fs.exists(s)) {
                LOG.info("train: removing {}, a checkpoint a killed run had not finished", s);
                fs.delete(s);
            }
        }
    }

    /**
     * Publishes the checkpoint after an epoch: the network, its state and the metrics so far, and
     * (improved) the best network. {@code average}'s weights (--average-epochs) go into the checkpoint beside {@code net} (the
     * epoch's own network, which a resume trains on from), and {@code kept} (the network validated:
     * {@code net} itself without averaging) is the best network when the epoch improved.
     */
    static void write(Path root, MultiLayerNetwork net, EpochAverage average, MultiLayerNetwork kept, boolean improved, TrainingState state,
                      List<String> metrics, Configuration conf) throws IOException {
        Path ck = folder(root);
        Path best = new Path(root, ModelBundle.MODEL);
        Publication p = improved ? Publication.start(conf, true, ck, best) : Publication.start(conf, true, ck);
        Path s = p.stagingOf(ck);
        AtomicFs.of(s, conf).mkdirs(s);
        ModelBundle.writeNetwork(net, new Path(s, ModelBundle.MODEL), conf);
        average.write(s, conf);
        state.write(new Path(s, ModelBundle.STATE), conf);
        HadoopFiles.writeText(new Path(s, ModelBundle.METRICS), String.join("", metrics), conf);
        if (improved) {
            ModelBundle.writeNetwork(kept, p.stagingOf(best), conf);
        }
        beforeCommit.accept(state.epoch());
        p.commit();
    }

    /**
     * Makes {@code staging} (the bundle's staging folder) the place a --resume continues in: after
     * {@link #recover}, a checkpoint a killed run left there is the newest and is kept; else the
     * published bundle's checkpoint, best network and metrics are copied in (published in the
     * staging with the checkpoint protocol, so a kill during the copy leaves nothing half copied).
     */
    static void prepareResume(Path target, Path staging, Configuration conf) throws IOException {
        recover(staging, conf);
        if (exists(staging, conf)) {
            LOG.info("train: resuming the unfinished run in {}", staging);
            return;
        }
        AtomicFs fs = AtomicFs.of(staging, conf);
        fs.delete(staging);
        fs.mkdirs(staging);
        Path ck = folder(staging);
        Path best = new Path(staging, ModelBundle.MODEL);
        Publication p = Publication.start(conf, true, ck, best);
        copy(folder(target), p.stagingOf(ck), conf);
        copy(new Path(target, ModelBundle.MODEL), p.stagingOf(best), conf);
        Path metrics = new Path(target, ModelBundle.METRICS);
        if (HadoopFiles.exists(metrics, conf)) {
            copy(metrics, new Path(staging, ModelBundle.METRICS), conf);
        }
        // what the pretraining wrote at the run's start: a resume does not pretrain again
        for (String pretrained : PRETRAINING_FILES) {
            Path f = new Path(target, pretrained);
            if (HadoopFiles.exists(f, conf)) {
                copy(f, new Path(staging, pretrained), conf);
            }
        }
        p.commit();
        LOG.info("train: resuming the training of {} in {}", target, staging);
    }

    /** Copies without Hadoop's local .crc side files (a renamed file would leave its checksum behind). */
    private static void copy(Path src, Path dst, Configuration conf) throws IOException {
        FileSystem from = src.getFileSystem(conf);
        if (!FileUtil.copy(from, src, ModelBundle.rawFileSystem(dst, conf), dst, false, true, conf)) {
            throw new IOException("cannot copy " + src + " to " + dst);
        }
    }

    /**
     * The metrics lines up to the checkpoint's epoch, one per epoch: the checkpoint's own record, or
     * (checkpoints of older textrnn versions) the bundle's metrics.jsonl cut back to the checkpoint's epoch.
     */
    static List<String> metrics(Path root, TrainingState state, Configuration conf) throws IOException {
        Path own = new Path(folder(root), ModelBundle.METRICS);
        Path all = HadoopFiles.exists(own, conf) ? own : new Path(root, ModelBundle.METRICS);
        TreeMap<Integer, String> byEpoch = new TreeMap<>();
        if (HadoopFiles.exists(all, conf)) {
            for (String line : HadoopFiles.readText(all, conf).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                Object e = Json.readMap(line, all.toString()).get("epoch");
                if (e instanceof Number n && n.intValue() <= state.epoch()) {
                    byEpoch.put(n.intValue(), line + "\n"); // a repeated epoch: the last line, written with its checkpoint
                }
            }
        }
        return new ArrayList<>(byEpoch.values());
    }

    /** The options that decide what is trained: every option but {@link #MAY_CHANGE_ON_RESUME}, as JSON reads them back. */
    static Map<String, Object> trainedWith(TrainConfig cfg) {
        Map<String, Object> m = new LinkedHashMap<>(cfg.describe());
        m.keySet().removeAll(MAY_CHANGE_ON_RESUME);
        m.remove("resume");
        m.remove("overwrite");
        return Json.readMap(Json.write(m), "options");
    }

    /**
     * Refuses a --resume whose options differ from the checkpoint's, naming each with both values; a
     * checkpoint without a record (older textrnn) is accepted with a warning.
     */
    static void checkResumable(TrainConfig cfg, String dataFingerprint, TrainingState state, Path where) {
        if (state.trainedWith() == null) {
            LOG.warn("train --resume: the checkpoint in {} does not record the options it was trained with (written by an older textrnn): "
                    + "they cannot be compared; make sure they are the ones it was trained with", where);
            return;
        }
        List<String> differ = new ArrayList<>();
        Map<String, Object> now = trainedWith(cfg);
        Set<String> keys = new java.util.LinkedHashSet<>(state.trainedWith().keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            Object was = recorded(state.trainedWith(), k);
            Object is = recorded(now, k);
            if (!Objects.equals(was, is)) {
                differ.add("--" + k + " " + show(was) + " in the checkpoint, " + show(is) + " now");
            }
        }
        if (state.dataFingerprint() != null && dataFingerprint != null && !state.dataFingerprint().equals(dataFingerprint)) {
            differ.add("--data " + cfg.data() + " was made by another prepare run (fingerprint " + dataFingerprint.substring(0, 12)
                    + ", the checkpoint's " + state.dataFingerprint().substring(0, Math.min(12, state.dataFingerprint().length())) + ")");
        }
        if (!differ.isEmpty()) {
            throw new UsageException("--resume: the checkpoint in " + where + " (after epoch " + state.epoch() + ") was trained with other options: "
                    + String.join("; ", differ) + ". Resume with the options it was trained with (only " + String.join(", ",
                    new java.util.TreeSet<>(MAY_CHANGE_ON_RESUME).stream().map(o -> "--" + o).toList())
                    + " may change), or train anew with --overwrite instead of --resume");
        }
    }

    /** The value {@code options} record for {@code option}; an option {@link #ADDED_LATER} they lack has the value runs had before it. */
    private static Object recorded(Map<String, Object> options, String option) {
        return !options.containsKey(option) && ADDED_LATER.containsKey(option) ? ADDED_LATER.get(option) : options.get(option);
    }

    private static String show(Object v) {
        return v == null ? "(none)" : v.toString();
    }
}
