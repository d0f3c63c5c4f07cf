package org.textrnn.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.io.Json;
import org.textrnn.provenance.Provenance.Input;
import org.textrnn.testing.Resources;

/**
 * One provenance record for every command: the provenance files written before it (by prepare, train
 * and evaluate of 747e394, in {@code src/test/resources/org/textrnn/before-typed/}) read into it, and
 * what it writes keeps every key each of them had.
 */
class ProvenanceTest {

    static String old(String command) {
        return Resources.text("/org/textrnn/before-typed/" + command + "-provenance.json");
    }

    @Test
    void anOlderPrepareProvenanceReads() {
        Provenance p = Provenance.read(old("prepare"), "provenance.json");
        assertThat(p.command()).isEqualTo("prepare");
        assertThat(p.runId()).isEqualTo("prepare-c3ca815c7c36");
        assertThat(p.fingerprint()).isEqualTo("c3ca815c7c364d44d6561502e76044e7df87ca8d9d28092cdd2c6422bdc83b6e");
        assertThat(p.settings()).containsEntry("tokenizer", "whitespace").containsEntry("truncation", "head").containsEntry("seed", 42);
        assertThat(p.inputs()).singleElement().satisfies(i -> {
            assertThat(i.path()).isEqualTo("file:/data/toy/train.tsv");
            assertThat(i.files()).isEqualTo(1);
            assertThat(i.bytes()).isEqualTo(21101);
            assertThat(i.split()).isNull();
        });
        assertThat(p.spark()).isEqualTo(new Provenance.Spark("local[2]", p.spark().appId()));
        assertThat(p.spark().appId()).startsWith("local-");
        assertThat(p.versions()).containsEntry("dl4j", "1.0.0-M2.1");
    }

    @Test
    void anOlderTrainProvenanceReadsItsDataAsAnInput() {
        Provenance p = Provenance.read(old("train"), "provenance.json");
        assertThat(p.runId()).isEqualTo("train-238deb0c6419");
        assertThat(p.input(Input.PREPARED)).hasValue(Input.prepared(null, "/data/toy/prepared", "prepare-c3ca815c7c36",
                "c3ca815c7c364d44d6561502e76044e7df87ca8d9d28092cdd2c6422bdc83b6e",
                "1fc764b6411f8d253c5ad7f9808336a98f4913bd0826651b9853b4e94d35c2ab"));
        assertThat(p.seed()).isEqualTo(42);
        assertThat(p.spark()).isEqualTo(new Provenance.Spark("local[2]", null));
        assertThat(p.settings()).containsEntry("glove", null).containsEntry("cell", "lstm");
    }

    @Test
    void anOlderEvaluateProvenanceReadsItsModelAsAnInput() {
        Provenance p = Provenance.read(old("evaluate"), "metrics.json provenance");
        assertThat(p.input(Input.MODEL).orElseThrow().vocabHash()).startsWith("1fc764b6411f");
        assertThat(p.modelLabelsHash()).startsWith("661b6a4c4c13");
        assertThat(p.settings()).isNull();
        assertThat(p.sparkMaster()).isEqualTo("local[2]");
    }

    @Test
    void whatEachCommandWritesHasEveryKeyItsOlderFileHad() {
        for (String command : List.of("prepare", "train", "evaluate")) {
            Map<String, Object> before = Json.readMap(old(command), command);
            Provenance read = Provenance.read(old(command), command);
            Map<String, Object> now = Json.readMap(Json.write(read), command);
            assertThat(now).as(command).containsAllEntriesOf(before);
            assertThat(now).as(command).containsKeys("command", "run_id", "created_at", "user", "spark_master", "versions");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNewRecordWritesOneSetOfKeysAndReadsBack() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data", "/d");
        settings.put("seed", 7L);
        settings.put("glove", null);
        Provenance p = Provenance.of("train", "train-1", null, settings,
                List.of(Input.prepared(null, "/d", "prepare-2", "f", "v"), Input.model("/m", "ver", "v", "l")), new Provenance.Spark("local[2]", "app-1"));
        String json = Json.write(p);
        Map<String, Object> m = Json.readMap(json, "p");
        assertThat(m.keySet()).containsExactly("command", "run_id", "created_at", "user", "config", "inputs", "data", "seed",
                "model_vocab_hash", "model_labels_hash", "spark", "spark_master", "versions");
        assertThat(m.get("data")).isEqualTo(Map.of("path", "/d", "prepare_run_id", "prepare-2", "prepare_fingerprint", "f", "vocab_hash", "v"));
        assertThat((Map<String, Object>) m.get("config")).containsEntry("glove", null);
        assertThat(m.get("spark")).isEqualTo(Map.of("master", "local[2]", "app_id", "app-1"));
        assertThat(((List<?>) m.get("inputs")).get(1)).isEqualTo(Json.readMap("{\"kind\": \"model\", \"split\": null, \"path\": \"/m\", "
                + "\"vocab_hash\": \"v\", \"labels_hash\": \"l\", \"version\": \"ver\"}", "input"));
        Provenance back = Provenance.read(json, "p");
        assertThat(back.settings()).containsEntry("seed", 7).containsEntry("glove", null);
        assertThat(back.inputs()).isEqualTo(p.inputs());
        assertThat(back.spark()).isEqualTo(p.spark());
        assertThat(back.createdAt()).isEqualTo(p.createdAt());
        assertThat(Json.write(back)).isEqualTo(json);
    }

    @Test
    void fileInputsCountWhatTheyMatch(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("corpus/a"));
        Files.writeString(dir.resolve("corpus/a/1.txt"), "abc");
        Files.writeString(dir.resolve("corpus/2.txt"), "de");
        Configuration conf = new Configuration();
        Input folder = Input.files("train", dir.resolve("corpus").toString(), conf);
        assertThat(folder.kind()).isEqualTo(Input.FILES);
        assertThat(folder.split()).isEqualTo("train");
        assertThat(folder.files()).isEqualTo(2);
        assertThat(folder.bytes()).isEqualTo(5);
        assertThat(folder.path()).isEqualTo("file:" + dir.resolve("corpus"));
        Input glob = Input.files(null, dir.resolve("corpus/*.txt").toString(), conf);
        assertThat(glob.files()).isEqualTo(1);
        assertThat(Input.files(null, dir.resolve("none*").toString(), conf).files()).isZero();
    }
}
