package org.textrnn.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.textrnn.TextrnnException;
import org.textrnn.data.Truncation;
import org.textrnn.io.Json;
import org.textrnn.model.Batching;
import org.textrnn.text.TokenizerConfig;

/**
 * bundle.json as a record: a format-2 bundle.json written before the record existed (by the train
 * job of 747e394, {@code src/test/resources/org/textrnn/before-typed/}) reads and writes back byte for
 * byte; format 1 (no recurrent_layers) and the first bundles (no batching) read; what is wrong with a
 * bundle.json is said as ModelBundle.load always said it.
 */
class BundleDescriptionTest {

    static final String FORMAT_2 = org.textrnn.testing.Resources.text("/org/textrnn/before-typed/bundle-format2.json");

    @Test
    void aFormatTwoBundleOfOlderCodeReadsAndWritesBackTheSame() {
        BundleDescription b = BundleDescription.read(FORMAT_2, "m");
        assertThat(b.format()).isEqualTo(2);
        assertThat(b.textrnn()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(b.labels()).containsExactly("a", "b", "c");
        assertThat(b.vocabHash()).startsWith("1fc764b6411f");
        assertThat(b.encoding()).isEqualTo(new Encoding(TokenizerConfig.reference(), Truncation.HEAD, 12));
        assertThat(b.model()).containsEntry("cell", "lstm").containsEntry("hidden_size", 8).containsEntry("class_weights", null);
        assertThat(b.recurrentLayersOrDl4j()).isEqualTo(ModelBundle.TEXTRNN_LAYERS);
        assertThat(b.trainedBatching()).isEqualTo(Batching.LENGTH_BUCKETS);
        assertThat(b.bestEpoch()).isEqualTo(4);
        assertThat(b.epochsTrained()).isEqualTo(4);
        assertThat(b.bestValidationMacroF1()).isEqualTo(0.9488810619129767);
        assertThat(b.toJson()).isEqualTo(FORMAT_2);
    }

    @Test
    void theTrainJobsDescriptionIsTheFileOlderCodeWrote() {
        BundleDescription old = BundleDescription.read(FORMAT_2, "m");
        BundleDescription built = BundleDescription.trained(old.textrnn(), old.vocabHash(), old.labelsHash(), old.labels(),
                Encoding.fromSettings(Map.of("tokenizer", "whitespace", "tokenizer.lowercase", true, "tokenizer.pattern", "",
                        "tokenizer.fold-urls", false, "tokenizer.fold-emails", false, "tokenizer.fold-numbers", false,
                        "truncation", "head", "vocab.min-count", 1), 12),
                old.model(), Batching.LENGTH_BUCKETS, 4, 4, 0.9488810619129767);
        assertThat(built.toJson()).isEqualTo(FORMAT_2);
        assertThat(Json.readMap(BundleDescription.trained(old.textrnn(), old.vocabHash(), old.labelsHash(), old.labels(), old.encoding(),
                old.model(), Batching.PADDED, 3, 5, Double.NaN).toJson(), "b"))
                .containsEntry("best_validation_macro_f1", null).containsEntry("batching", "padded").containsEntry("best_epoch", 3);
    }

    @Test
    void formatOneAndTheFirstBundlesRead() {
        Map<String, Object> m = Json.readMap(FORMAT_2, "b");
        m.put("format", 1);
        m.remove(ModelBundle.RECURRENT_LAYERS);
        BundleDescription one = BundleDescription.read(Json.write(m), "m");
        assertThat(one.format()).isEqualTo(1);
        assertThat(one.recurrentLayers()).isNull();
        assertThat(one.recurrentLayersOrDl4j()).isEqualTo(ModelBundle.DL4J_LAYERS);
        assertThat(one.toJson()).doesNotContain(ModelBundle.RECURRENT_LAYERS);
        m.remove(ModelBundle.BATCHING);
        m.put("best_validation_macro_f1", null);
        m.put("encoding", Map.of("tokenizer", "regex", "tokenizer.lowercase", "false", "tokenizer.pattern", "\\w+",
                "tokenizer.fold-urls", "true", "tokenizer.fold-emails", "false", "tokenizer.fold-numbers", "false",
                "truncation", "tail", "max-length", "30"));
        m.put("a key of another version", List.of(1));
        BundleDescription first = BundleDescription.read(Json.write(m), "m");
        assertThat(first.trainedBatching()).isEqualTo(Batching.PADDED);
        assertThat(first.bestValidationMacroF1()).isNull();
        assertThat(first.encoding()).isEqualTo(new Encoding(new TokenizerConfig(TokenizerConfig.Kind.REGEX, false, "\\w+", true, false,
                false), Truncation.TAIL, 30));
    }

    @Test
    void whatIsWrongWithABundleJsonIsSaid() {
        assertThatThrownBy(() -> BundleDescription.read("{ \"format\" : ", "m")).isInstanceOf(TextrnnException.class)
                .hasMessageStartingWith("--model m: bundle.json is corrupt: m/bundle.json is not valid JSON");
        Map<String, Object> m = Json.readMap(FORMAT_2, "b");
        m.put("format", "two");
        assertThatThrownBy(() -> BundleDescription.read(Json.write(m), "m")).hasMessage("--model m: bundle.json has no valid bundle format number");
        m.put("format", 3);
        assertThatThrownBy(() -> BundleDescription.read(Json.write(m), "m"))
                .hasMessage("--model m was written by textrnn 0.1.0-SNAPSHOT in bundle format 3; this textrnn reads format 2 and older: use a newer textrnn");
        m.put("format", 2);
        Map<String, Object> encoding = Json.readMap(Json.write(m.get("encoding")), "e");
        m.remove("encoding");
        assertThatThrownBy(() -> BundleDescription.read(Json.write(m), "m")).hasMessage("--model m: bundle.json has no 'encoding' section");
        encoding.put("truncation", "middle");
        m.put("encoding", encoding);
        assertThatThrownBy(() -> BundleDescription.read(Json.write(m), "m"))
                .hasMessageStartingWith("--model m: bundle.json has invalid encoding settings: ");
        encoding.put("truncation", "head");
        encoding.remove("max-length");
        assertThatThrownBy(() -> BundleDescription.read(Json.write(m), "m"))
                .hasMessageStartingWith("--model m: bundle.json has invalid encoding settings: ");
    }
}
