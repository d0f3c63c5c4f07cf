package org.textrnn.train;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.textrnn.TextrnnException;
import org.textrnn.data.SequenceEncoder;
import org.textrnn.data.Truncation;
import org.textrnn.io.Hashing;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;
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
    /** {@link #recurrentLayers()} of bundles that do not name them (format 1): DL4J's built-in layers. */
    public static final String DL4J_LAYERS = "dl4j";

    private final String location;
    private final byte[] network;
    private final String version;
    private final Vocabulary vocabulary;
    private final LabelIndex labels;
    private final TokenizerConfig tokenizer;
    private final int maxLength;
    private final Truncation truncation;
    private final Map<String, Object> description;

    private ModelBundle(String location, byte[] network, String version, Vocabulary vocabulary, LabelIndex labels,
                        TokenizerConfig tokenizer, int maxLength, Truncation truncation, Map<String, Object> description) {
        this.location = location;
        this.network = network;
        this.version = version;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.truncation = truncation;
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
            boolean unfinished = fs.exists(new Path(new Path(Publication.staging(new Path(dir)), TrainJob.CHECKPOINT), TrainJob.STATE));
            throw new TextrnnException("--model " + dir + " does not exist"
                    + (unfinished ? " (a train run into it has not finished: its checkpoint is in " + Publication.staging(new Path(dir))
                    + "; run train --resume)" : ""));
        }
        for (String f : List.of(TrainJob.BUNDLE, TrainJob.MODEL, "vocab.tsv", "labels.tsv")) {
            if (!fs.exists(new Path(root, f))) {
                throw new TextrnnException("--model " + dir + " is not a model bundle: " + f + " is missing"
                        + (fs.exists(new Path(new Path(root, TrainJob.CHECKPOINT), TrainJob.STATE))
                        ? " (its training has not finished: run train --resume)" : ""));
            }
        }
        String bundleJson = HadoopFiles.readText(new Path(root, TrainJob.BUNDLE), conf);
        Map<String, Object> b;
        try {
            b = Json.readMap(bundleJson, dir + "/" + TrainJob.BUNDLE);
        } catch (RuntimeException e) {
            throw new TextrnnException("--model " + dir + ": " + TrainJob.BUNDLE + " is corrupt: " + e.getMessage(), e);
        }
        Object format = b.get("format");
        if (!(format instanceof Number n) || n.intValue() < 1) {
            throw new TextrnnException("--model " + dir + ": " + TrainJob.BUNDLE + " has no valid bundle format number");
        }
        if (n.intValue() > TrainJob.BUNDLE_FORMAT) {
            throw new TextrnnException("--model " + dir + " was written by textrnn " + b.get("textrnn") + " in bundle format "
                    + n.intValue() + "; this textrnn reads format " + TrainJob.BUNDLE_FORMAT + " and older: use a newer textrnn");
        }
        Vocabulary vocab = Vocabulary.parse(HadoopFiles.readText(new Path(root, "vocab.tsv"), conf), dir + "/vocab.tsv");
        LabelIndex labels = LabelIndex.parse(HadoopFiles.readText(new Path(root, "labels.tsv"), conf), dir + "/labels.tsv");
        if (!vocab.hash().equals(b.get("vocab_hash"))) {
            throw new TextrnnException("--model " + dir + ": vocab.tsv (hash " + vocab.hash().substring(0, 12)
                    + ") is not the vocabulary the model was trained with (" + TrainJob.BUNDLE + " says " + b.get("vocab_hash") + ")");
        }
        if (!labels.hash().equals(b.get("labels_hash"))) {
            throw new TextrnnException("--model " + dir + ": labels.tsv is not the label index the model was trained with");
        }
        Map<String, Object> encoding = map(b, "encoding", dir);
        TokenizerConfig tokenizer;
        Truncation truncation;
        int maxLength;
        try {
            tokenizer = TokenizerConfig.fromDescription(encoding);
            truncation = Truncation.parse(String.valueOf(encoding.get("truncation")));
            maxLength = Integer.parseInt(String.valueOf(encoding.get("max-length")));
        } catch (IllegalArgumentException e) {
            throw new TextrnnException("--model " + dir + ": " + TrainJob.BUNDLE + " has invalid encoding settings: " + e.getMessage(), e);
        }
        byte[] bytes;
        Path modelPath = new Path(root, TrainJob.MODEL);
        try (InputStream in = fs.open(modelPath)) {
            bytes = in.readAllBytes();
        }
        ModelBundle bundle = new ModelBundle(root.toString(), bytes, Hashing.sha256Hex(Hashing.sha256Hex(bytes) + bundleJson),
                vocab, labels, tokenizer, maxLength, truncation, b);
        try {
            bundle.batching();
        } catch (IllegalArgumentException e) {
            throw new TextrnnException("--model " + dir + ": " + TrainJob.BUNDLE + " has an invalid 'batching': " + e.getMessage(), e);
        }
        MultiLayerNetwork net = bundle.network();
        long outputs = net.getLayer(net.getnLayers() - 1).getParam("b").length();
        if (outputs != labels.size()) {
            throw new TextrnnException("--model " + dir + ": the network has " + outputs + " outputs but labels.tsv has "
                    + labels.size() + " labels");
        }
        return bundle;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> b, String key, String dir) {
        Object v = b.get(key);
        if (!(v instanceof Map)) {
            throw new TextrnnException("--model " + dir + ": " + TrainJob.BUNDLE + " has no '" + key + "' section");
        }
        return (Map<String, Object>) v;
    }

    /** A new copy of the network (DL4J networks are not thread-safe: one per thread). */
    public MultiLayerNetwork network() {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(network), false);
        } catch (IOException | RuntimeException e) {
            throw new TextrnnException("--model " + location + ": " + TrainJob.MODEL + " is corrupt or not a DL4J network: " + e, e);
        }
    }

    /** The network as stored in model.zip, to broadcast to executors. */
    public byte[] networkBytes() {
        return network.clone();
    }

    public Truncation truncation() {
        return truncation;
    }

    /** The encoder of the bundle: its vocabulary, max length and truncation. */
    public SequenceEncoder encoder() {
        return new SequenceEncoder(vocabulary, maxLength, truncation);
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
        return tokenizer;
    }

    /** How the model was trained to see documents of different lengths; bundles from before this setting are padded. */
    public Batching batching() {
        Object b = description.get(TrainJob.BATCHING);
        return b == null ? Batching.PADDED : Batching.parse(b.toString());
    }

    /** The batching to predict with: {@code override} (an option such as {@code --batching}) when given, else the bundle's. */
    public Batching batching(Batching override) {
        return override != null ? override : batching();
    }

    /** Where {@link #batching(Batching)} comes from, for the log: "the bundle's", or the option and the bundle's own. */
    public String batchingSource(Batching override) {
        return override == null ? "the bundle's" : "--batching; the bundle's: " + batching().id();
    }

    /** Whose recurrent layers the network uses: {@value TrainJob#TEXTRNN_LAYERS}, or {@value #DL4J_LAYERS} for bundles of format 1. */
    public String recurrentLayers() {
        Object r = description.get(TrainJob.RECURRENT_LAYERS);
        return r == null ? DL4J_LAYERS : r.toString();
    }

    public int maxLength() {
        return maxLength;
    }

    /** The parsed bundle.json. */
    public Map<String, Object> description() {
        return description;
    }
}
