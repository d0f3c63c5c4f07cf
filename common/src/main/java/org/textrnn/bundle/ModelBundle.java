package org.textrnn.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.textrnn.TextrnnException;
import org.textrnn.data.SequenceEncoder;
import org.textrnn.data.Truncation;
import org.textrnn.io.Hashing;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Publication;
import org.textrnn.model.Batching;
import org.textrnn.text.TokenizerConfig;
import org.textrnn.vocab.LabelIndex;
import org.textrnn.vocab.Vocabulary;

/**
 * A model bundle written by the train job, loaded and checked for use on new documents: the
 * network's bytes (to ship to executors), the vocabulary, labels and encoding settings it was
 * trained with, and its version (a hash of the network and its bundle description). Everything
 * that can be wrong with a bundle (missing, unfinished, corrupt, from a newer textrnn, files that
 * do not belong together) fails here, before any input is read.
 */
public final class ModelBundle implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The network with its updater state (DL4J's ModelSerializer zip). */
    public static final String MODEL = "model.zip";
    /** The newest complete training checkpoint (folder) and its training state inside it. */
    public static final String CHECKPOINT = "checkpoint";
    public static final String STATE = "state.json";
    /** The bundle description: format, hashes, labels, encoding settings, model settings. */
    public static final String BUNDLE = "bundle.json";
    /** One JSON line per trained epoch. */
    public static final String METRICS = "metrics.jsonl";
    public static final String VOCAB = "vocab.tsv";
    public static final String LABELS = "labels.tsv";
    /** Who made the bundle from what: command, run id, data, settings, versions. */
    public static final String PROVENANCE = "provenance.json";
    /** The train settings the bundle was trained with. */
    public static final String TRAIN_CONFIG = "train-config.json";
    /** The closing evaluate report train writes inside the bundle. */
    public static final String REPORT = "report";
    /** With {@code --pretrain}: what the pretraining read, rejected and learned (inputs, counts, settings, seconds). */
    public static final String PRETRAIN = "pretrain.json";
    /** With {@code --pretrain}: the records of {@code --unlabelled-input} that could not be read, with their reasons. */
    public static final String PRETRAIN_REJECTED = "pretrain-rejected";
    /** With {@code --pretrain word2vec}: the share of the vocabulary and of the training tokens the learned vectors cover. */
    public static final String WORD2VEC_COVERAGE = "word2vec-coverage.json";
    /** With {@code --pretrain word2vec}: the learned vectors of the vocabulary's words, in GloVe's text format. */
    public static final String WORD2VEC_VECTORS = "word2vec-vectors.txt";
    public static final String BATCHING = "batching";
    /**
     * The bundle.json key naming the recurrent layers' implementation: {@value #TEXTRNN_LAYERS} (textrnn's
     * own, from format 2 on); format-1 bundles have none: DL4J's built-in layers.
     */
    public static final String RECURRENT_LAYERS = "recurrent_layers";
    public static final String TEXTRNN_LAYERS = "textrnn";
    /** 2: bundle.json names the recurrent layers' implementation ({@link #RECURRENT_LAYERS}); 1: it does not. */
    public static final int BUNDLE_FORMAT = 2;
    /** {@link #recurrentLayers()} of bundles that do not name them (format 1): DL4J's built-in layers. */
    public static final String DL4J_LAYERS = "dl4j";

    private final String location;
    private final byte[] network;
    private final String version;
    private final Vocabulary vocabulary;
    private final LabelIndex labels;
    private final BundleDescription description;

    private ModelBundle(String location, byte[] network, String version, Vocabulary vocabulary, LabelIndex labels,
                        BundleDescription description) {
        this.location = location;
        this.network = network;
        this.version = version;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.description = description;
    }

    /**
     * Loads and checks the bundle in {@code dir}; the network is restored once to prove it loads.
     *
     * @throws TextrnnException naming the bundle and what is wrong with it
     */
    public static ModelBundle load(String dir, Configuration conf) throws IOException {
        // the published bundle, also in the instant its publication is between its two renames
        Path root = Publication.resolve(new Path(dir), conf);
        FileSystem fs = root.getFileSystem(conf);
        if (!fs.exists(root)) {
            boolean unfinished = fs.exists(new Path(new Path(Publication.staging(new Path(dir)), CHECKPOINT), STATE));
            throw new TextrnnException("--model " + dir + " does not exist"
                    + (unfinished ? " (a train run into it has not finished: its checkpoint is in " + Publication.staging(new Path(dir))
                    + "; run train --resume)" : ""));
        }
        for (String f : List.of(BUNDLE, MODEL, VOCAB, LABELS)) {
            if (!fs.exists(new Path(root, f))) {
                throw new TextrnnException("--model " + dir + " is not a model bundle: " + f + " is missing"
                        + (fs.exists(new Path(new Path(root, CHECKPOINT), STATE))
                        ? " (its training has not finished: run train --resume)" : ""));
            }
        }
        String bundleJson = HadoopFiles.readText(new Path(root, BUNDLE), conf);
        BundleDescription b = BundleDescription.read(bundleJson, dir);
        Vocabulary vocab = Vocabulary.parse(HadoopFiles.readText(new Path(root, VOCAB), conf), dir + "/vocab.tsv");
        LabelIndex labels = LabelIndex.parse(HadoopFiles.readText(new Path(root, LABELS), conf), dir + "/labels.tsv");
        if (!vocab.hash().equals(b.vocabHash())) {
            throw new TextrnnException("--model " + dir + ": vocab.tsv (hash " + vocab.hash().substring(0, 12)
                    + ") is not the vocabulary the model was trained with (" + BUNDLE + " says " + b.vocabHash() + ")");
        }
        if (!labels.hash().equals(b.labelsHash())) {
            throw new TextrnnException("--model " + dir + ": labels.tsv is not the label index the model was trained with");
        }
        byte[] bytes;
        Path modelPath = new Path(root, MODEL);
        try (InputStream in = fs.open(modelPath)) {
            bytes = in.readAllBytes();
        }
        ModelBundle bundle = new ModelBundle(root.toString(), bytes, Hashing.sha256Hex(Hashing.sha256Hex(bytes) + bundleJson), vocab, labels, b);
        try {
            bundle.batching();
        } catch (IllegalArgumentException e) {
            throw new TextrnnException("--model " + dir + ": " + BUNDLE + " has an invalid 'batching': " + e.getMessage(), e);
        }
        MultiLayerNetwork net = bundle.network();
        long outputs = net.getLayer(net.getnLayers() - 1).getParam("b").length();
        if (outputs != labels.size()) {
            throw new TextrnnException("--model " + dir + ": the network has " + outputs + " outputs but labels.tsv has "
                    + labels.size() + " labels");
        }
        return bundle;
    }

    /**
     * Writes the network (with its updater state) to {@code path}, a file in a staging folder that is
     * published by rename: without a Hadoop .crc side file on a local disk (a rename would leave it behind).
     */
    public static void writeNetwork(MultiLayerNetwork net, Path path, Configuration conf) throws IOException {
        try (OutputStream o = rawFileSystem(path, conf).create(path, true)) {
            ModelSerializer.writeModel(net, o, true);
        }
    }

    public static MultiLayerNetwork readNetwork(Path path, Configuration conf) throws IOException {
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return ModelSerializer.restoreMultiLayerNetwork(in, true);
        }
    }

    /**
     * Writes the bundle's description files into {@code dir} (a staging folder): its vocabulary, its
     * label index and {@value #BUNDLE} last. The network is written with {@link #writeNetwork}.
     */
    public static void writeDescription(Path dir, Vocabulary vocab, LabelIndex labels, BundleDescription description, Configuration conf)
            throws IOException {
        HadoopFiles.writeText(new Path(dir, VOCAB), vocab.toTsv(), conf);
        HadoopFiles.writeText(new Path(dir, LABELS), labels.toTsv(), conf);
        HadoopFiles.writeText(new Path(dir, BUNDLE), description.toJson(), conf);
    }

    /** The file system of {@code p} without Hadoop's local .crc side files (a renamed file would leave its checksum behind). */
    public static FileSystem rawFileSystem(Path p, Configuration conf) throws IOException {
        FileSystem fs = p.getFileSystem(conf);
        return fs instanceof LocalFileSystem l ? l.getRawFileSystem() : fs;
    }

    /** A new copy of the network (DL4J networks are not thread-safe: one per thread). */
    public MultiLayerNetwork network() {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(network), false);
        } catch (IOException | RuntimeException e) {
            throw new TextrnnException("--model " + location + ": " + MODEL + " is corrupt or not a DL4J network: " + e, e);
        }
    }

    /** The network as stored in model.zip, to broadcast to executors. */
    public byte[] networkBytes() {
        return network.clone();
    }

    public Truncation truncation() {
        return description.encoding().truncation();
    }

    /** The encoder of the bundle: its vocabulary, max length and truncation. */
    public SequenceEncoder encoder() {
        return new SequenceEncoder(vocabulary, maxLength(), truncation());
    }

    public String location() {
        return location;
    }

    /** sha256 of the network and the bundle description: what the model's predictions depend on. */
    public String version() {
        return version;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LabelIndex labels() {
        return labels;
    }

    public TokenizerConfig tokenizer() {
        return description.encoding().tokenizer();
    }

    /** How the model was trained to see documents of different lengths; bundles from before this setting are padded. */
    public Batching batching() {
        return description.trainedBatching();
    }

    /** The batching to predict with: {@code override} (an option such as {@code --batching}) when given, else the bundle's. */
    public Batching batching(Batching override) {
        return override != null ? override : batching();
    }

    /** Where {@link #batching(Batching)} comes from, for the log: "the bundle's", or the option and the bundle's own. */
    public String batchingSource(Batching override) {
        return override == null ? "the bundle's" : "--batching; the bundle's: " + batching().id();
    }

    /** Whose recurrent layers the network uses: {@value #TEXTRNN_LAYERS}, or {@value #DL4J_LAYERS} for bundles of format 1. */
    public String recurrentLayers() {
        return description.recurrentLayersOrDl4j();
    }

    public int maxLength() {
        return description.encoding().maxLength();
    }

    /** The bundle's {@value #BUNDLE}. */
    public BundleDescription description() {
        return description;
    }
}
