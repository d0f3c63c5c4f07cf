package org.textrnn.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.textrnn.TextrnnException;
import org.textrnn.io.Json;
import org.textrnn.model.Batching;

/**
 * A bundle's {@value ModelBundle#BUNDLE}: what the network was trained with and how it came out. Bundles
 * of every format up to {@link ModelBundle#BUNDLE_FORMAT} read ({@link #read}); what a format did not
 * record reads as null (format 1: {@code recurrent_layers}; the first bundles: {@code batching}).
 *
 * @param format                the bundle format ({@link ModelBundle#BUNDLE_FORMAT} when written now)
 * @param textrnn               the textrnn version that trained it
 * @param labels                the label index's labels, in index order
 * @param encoding              the encoding of its training data, which scoring reuses
 * @param model                 the network's settings ({@code ModelConfig.describe()})
 * @param recurrentLayers       whose recurrent layers the network uses ({@link ModelBundle#TEXTRNN_LAYERS}); null in format 1
 * @param batching              the batching it was trained with ({@link Batching#id()}); null: padded
 * @param bestEpoch             the epoch whose network the bundle keeps
 * @param bestValidationMacroF1 that epoch's validation macro-F1, or null without a validation split
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BundleDescription(@JsonProperty("format") int format,
                                @JsonProperty("textrnn") String textrnn,
                                @JsonProperty("vocab_hash") String vocabHash,
                                @JsonProperty("labels_hash") String labelsHash,
                                @JsonProperty("labels") List<String> labels,
                                @JsonProperty("encoding") Encoding encoding,
                                @JsonProperty("model") Map<String, Object> model,
                                @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty(ModelBundle.RECURRENT_LAYERS) String recurrentLayers,
                                @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty(ModelBundle.BATCHING) String batching,
                                @JsonProperty("best_epoch") int bestEpoch,
                                @JsonProperty("epochs_trained") int epochsTrained,
                                @JsonProperty("best_validation_macro_f1") Double bestValidationMacroF1) implements Serializable {

    public BundleDescription {
        labels = labels == null ? null : List.copyOf(labels);
    }

    /**
     * The description of a bundle trained now, in format {@link ModelBundle#BUNDLE_FORMAT} with textrnn's
     * own recurrent layers; {@code bestValidationMacroF1} NaN (no validation split) is written as null.
     */
    public static BundleDescription trained(String textrnn, String vocabHash, String labelsHash, List<String> labels, Encoding encoding,
                                            Map<String, Object> model, Batching batching, int bestEpoch, int epochsTrained,
                                            double bestValidationMacroF1) {
        return new BundleDescription(ModelBundle.BUNDLE_FORMAT, textrnn, vocabHash, labelsHash, labels, encoding, model,
                ModelBundle.TEXTRNN_LAYERS, batching.id(), bestEpoch, epochsTrained,
                Double.isNaN(bestValidationMacroF1) ? null : bestValidationMacroF1);
    }

    /**
     * Reads {@code json}, the {@value ModelBundle#BUNDLE} of the bundle named {@code dir}.
     *
     * @throws TextrnnException naming the bundle: not JSON, no valid format number, a format newer than
     *                          this textrnn reads, no or invalid encoding settings
     */
    public static BundleDescription read(String json, String dir) {
        String file = dir + "/" + ModelBundle.BUNDLE;
        JsonNode tree;
        try {
            tree = Json.readTree(json, file);
        } catch (RuntimeException e) {
            throw new TextrnnException("--model " + dir + ": " + ModelBundle.BUNDLE + " is corrupt: " + e.getMessage(), e);
        }
        if (!tree.isObject()) {
            throw new TextrnnException("--model " + dir + ": " + ModelBundle.BUNDLE + " is corrupt: " + file + " is not a JSON object");
        }
        JsonNode format = tree.get("format");
        if (format == null || !format.isNumber() || format.intValue() < 1) {
            throw new TextrnnException("--model " + dir + ": " + ModelBundle.BUNDLE + " has no valid bundle format number");
        }
        if (format.intValue() > ModelBundle.BUNDLE_FORMAT) {
            JsonNode version = tree.get("textrnn");
            throw new TextrnnException("--model " + dir + " was written by textrnn " + (version == null || version.isNull() ? null : version.asText())
                    + " in bundle format " + format.intValue() + "; this textrnn reads format " + ModelBundle.BUNDLE_FORMAT
                    + " and older: use a newer textrnn");
        }
        JsonNode encoding = tree.get("encoding");
        if (encoding == null || !encoding.isObject()) {
            throw new TextrnnException("--model " + dir + ": " + ModelBundle.BUNDLE + " has no 'encoding' section");
        }
        try {
            Encoding.fromDescription(Json.toMap(encoding));
        } catch (IllegalArgumentException e) {
            throw new TextrnnException("--model " + dir + ": " + ModelBundle.BUNDLE + " has invalid encoding settings: " + e.getMessage(), e);
        }
        try {
            return Json.read(tree, BundleDescription.class, file);
        } catch (IllegalArgumentException e) {
            throw new TextrnnException("--model " + dir + ": " + ModelBundle.BUNDLE + " is corrupt: " + e.getMessage(), e);
        }
    }

    /** The recurrent layers' implementation: {@link ModelBundle#TEXTRNN_LAYERS}, or {@link ModelBundle#DL4J_LAYERS} for format 1. */
    public String recurrentLayersOrDl4j() {
        return recurrentLayers == null ? ModelBundle.DL4J_LAYERS : recurrentLayers;
    }

    /**
     * The batching the model was trained with; bundles from before this setting are padded.
     *
     * @throws IllegalArgumentException when it is not a batching
     */
    public Batching trainedBatching() {
        return batching == null ? Batching.PADDED : Batching.parse(batching);
    }

    /** The JSON of {@value ModelBundle#BUNDLE}. */
    public String toJson() {
        return Json.write(this);
    }
}
