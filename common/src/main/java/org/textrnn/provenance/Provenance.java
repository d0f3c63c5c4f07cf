package org.textrnn.provenance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkContext;
import org.textrnn.io.BuildInfo;
import org.textrnn.io.Json;

/**
 * Who made an output from what: the one provenance record of every command (prepare's and train's
 * {@code provenance.json}, evaluate's {@code metrics.json} {@code provenance}, score's
 * {@code summary.json}, whose keys it shares).
 *
 * <p>Its keys are the ones these files have always had; a few that older files (and their readers)
 * use are written as views of the fields ({@link #data()}, {@link #seed()}, {@link #modelVocabHash()},
 * {@link #modelLabelsHash()}, {@link #sparkMaster()}) and, when an older file has them instead of
 * the fields ({@code data} and no {@code inputs}, {@code spark_master} and no {@code spark}), read into
 * the fields ({@link #upgrade}): a provenance file of any textrnn version reads.
 *
 * @param fingerprint what the output's content depends on (prepare: its content options; a re-run
 *                    with the same fingerprint writes the same data), or null
 * @param settings    every setting of the run by its option name ({@code cfg.describe()}), key {@code config}
 * @param inputs      what the run read, with the hashes and fingerprints that identify it
 * @param versions    {@link BuildInfo#versions()}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"command", "run_id", "fingerprint", "created_at", "user", "config", "inputs", "data", "seed",
        "model_vocab_hash", "model_labels_hash", "spark", "spark_master", "versions"})
public record Provenance(@JsonProperty("command") String command,
                         @JsonProperty("run_id") String runId,
                         @JsonProperty("fingerprint") String fingerprint,
                         @JsonProperty("created_at") String createdAt,
                         @JsonProperty("user") String user,
                         @JsonProperty("config") Map<String, Object> settings,
                         @JsonProperty("inputs") List<Input> inputs,
                         @JsonProperty("spark") Spark spark,
                         @JsonProperty("versions") Map<String, Object> versions) implements Serializable {

    public Provenance {
        inputs = inputs == null ? null : List.copyOf(inputs);
    }

    /** The provenance of a run now: created now, by this user, with this build's versions. */
    public static Provenance of(String command, String runId, String fingerprint, Map<String, Object> settings, List<Input> inputs,
                                Spark spark) {
        return new Provenance(command, runId, fingerprint, Instant.now().toString(), System.getProperty("user.name"), settings, inputs,
                spark, BuildInfo.versions());
    }

    /**
     * Reads a provenance record, of this textrnn or an older one.
     *
     * @throws IllegalArgumentException naming {@code source} when it is not one
     */
    public static Provenance read(String json, String source) {
        return Json.read(upgrade(Json.readTree(json, source)), Provenance.class, source);
    }

    /**
     * An older file's tree with the fields it recorded under other keys: train's {@code data} and
     * evaluate's model hashes (files without {@code inputs}) as inputs, {@code spark_master} (files
     * without {@code spark}) as {@code spark}.
     */
    static JsonNode upgrade(JsonNode tree) {
        if (!(tree instanceof ObjectNode o)) {
            return tree;
        }
        if (!o.has("inputs") && (o.hasNonNull("data") || o.hasNonNull("model_vocab_hash"))) {
            ArrayNode inputs = o.putArray("inputs");
            if (o.hasNonNull("data")) {
                DataView d = Json.MAPPER.convertValue(o.get("data"), DataView.class);
                inputs.add(Json.MAPPER.<JsonNode>valueToTree(Input.prepared(null, d.path(), d.prepareRunId(), d.prepareFingerprint(), d.vocabHash())));
            }
            if (o.hasNonNull("model_vocab_hash")) {
                inputs.add(Json.MAPPER.<JsonNode>valueToTree(Input.model(null, null, o.get("model_vocab_hash").asText(), o.path("model_labels_hash").textValue())));
            }
        }
        if (!o.has("spark") && o.hasNonNull("spark_master")) {
            o.putObject("spark").put("master", o.get("spark_master").asText()).putNull("app_id");
        }
        return o;
    }

    /** The first input of {@code kind} ({@link Input#FILES}, {@link Input#PREPARED}, ...). */
    public Optional<Input> input(String kind) {
        return inputs == null ? Optional.empty() : inputs.stream().filter(i -> kind.equals(i.kind())).findFirst();
    }

    /** Key {@code data}: the prepare output the run read (train's key for it since its first version). */
    @JsonProperty("data")
    public DataView data() {
        return input(Input.PREPARED).map(i -> new DataView(i.path(), i.runId(), i.fingerprint(), i.vocabHash())).orElse(null);
    }

    /** Key {@code seed}: the run's seed setting, when it has one (train's key since its first version). */
    @JsonProperty("seed")
    public Object seed() {
        return settings == null ? null : settings.get("seed");
    }

    /** Key {@code model_vocab_hash}: the vocabulary hash of the bundle the run used (evaluate's key). */
    @JsonProperty("model_vocab_hash")
    public String modelVocabHash() {
        return input(Input.MODEL).map(Input::vocabHash).orElse(null);
    }

    /** Key {@code model_labels_hash}: the label hash of the bundle the run used (evaluate's key). */
    @JsonProperty("model_labels_hash")
    public String modelLabelsHash() {
        return input(Input.MODEL).map(Input::labelsHash).orElse(null);
    }

    /** Key {@code spark_master} (train's, evaluate's and score's key for it). */
    @JsonProperty("spark_master")
    public String sparkMaster() {
        return spark == null ? null : spark.master();
    }

    /** Where the run ran. */
    public record Spark(@JsonProperty("master") String master, @JsonProperty("app_id") String appId) implements Serializable {

        public static Spark of(SparkContext sc) {
            return new Spark(sc.master(), sc.applicationId());
        }
    }

    /** Train's {@code data} key: the prepare output a bundle was trained on. */
    public record DataView(@JsonProperty("path") String path,
                           @JsonProperty("prepare_run_id") String prepareRunId,
                           @JsonProperty("prepare_fingerprint") String prepareFingerprint,
                           @JsonProperty("vocab_hash") String vocabHash) implements Serializable {
    }

    /**
     * One thing a run read, with what identifies it; the keys that do not apply to its kind are left out.
     *
     * @param kind        {@link #FILES}, {@link #UNLABELLED}, {@link #PREPARED}, {@link #MODEL} or {@link #TABLE} (null in older files: files)
     * @param split       the split it was read as ({@code train=PATH}) or read of (evaluate's {@code --split}); null: all of it
     * @param path        where it is (files: qualified), or the table's name
     * @param files       files (and unlabelled): how many files it matched
     * @param bytes       files (and unlabelled): their size together
     * @param lastModified files (and unlabelled): the newest modification time among them
     * @param runId       prepared: the prepare run that wrote it
     * @param fingerprint prepared: its prepare fingerprint
     * @param vocabHash   prepared and model: the vocabulary's hash
     * @param labelsHash  model: the label index's hash
     * @param version     model: the bundle's version (network and bundle.json)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(@JsonProperty("kind") String kind,
                        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("split") String split,
                        @JsonProperty("path") String path,
                        @JsonProperty("files") Long files,
                        @JsonProperty("bytes") Long bytes,
                        @JsonProperty("last_modified") String lastModified,
                        @JsonProperty("run_id") String runId,
                        @JsonProperty("fingerprint") String fingerprint,
                        @JsonProperty("vocab_hash") String vocabHash,
                        @JsonProperty("labels_hash") String labelsHash,
                        @JsonProperty("version") String version) implements Serializable {

        /** Raw documents (a file, folder or glob). */
        public static final String FILES = "files";
        /** A prepare output. */
        public static final String PREPARED = "prepared";
        /** A model bundle. */
        public static final String MODEL = "model";
        /** A prediction table. */
        public static final String TABLE = "table";
        /** Raw documents read for their text alone, without labels ({@code --unlabelled-input}). */
        public static final String UNLABELLED = "unlabelled";

        /** The files {@code path} (a file, folder or glob) matches now: how many, their size, the newest modification. */
        public static Input files(String split, String path, Configuration conf) throws IOException {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            long files = 0;
            long bytes = 0;
            long modified = 0;
            FileStatus[] matched = fs.globStatus(p);
            for (FileStatus st : matched == null ? new FileStatus[0] : matched) {
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
                while (it.hasNext()) {
                    LocatedFileStatus f = it.next();
                    files++;
                    bytes += f.getLen();
                    modified = Math.max(modified, f.getModificationTime());
                }
            }
            return new Input(FILES, split, fs.makeQualified(p).toString(), files, bytes, Instant.ofEpochMilli(modified).toString(),
                    null, null, null, null, null);
        }

        /** {@link #files} of an {@code --unlabelled-input} (kind {@value #UNLABELLED}, no split): text read without its labels. */
        public static Input unlabelled(String path, Configuration conf) throws IOException {
            Input f = files(null, path, conf);
            return new Input(UNLABELLED, null, f.path(), f.files(), f.bytes(), f.lastModified(), null, null, null, null, null);
        }

        /**
         * A prepare output by the name it was given, with its prepare run id and fingerprint (null when
         * unknown); {@code split}: the one split read, or null.
         */
        public static Input prepared(String split, String path, String prepareRunId, String prepareFingerprint, String vocabHash) {
            return new Input(PREPARED, split, path, null, null, null, prepareRunId, prepareFingerprint, vocabHash, null, null);
        }

        public static Input model(String path, String version, String vocabHash, String labelsHash) {
            return new Input(MODEL, null, path, null, null, null, null, null, vocabHash, labelsHash, version);
        }

        public static Input table(String name) {
            return new Input(TABLE, null, name, null, null, null, null, null, null, null, null);
        }
    }
}
