package org.textrnn.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.io.Json;
import org.textrnn.testing.SharedData;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.vocab.Vocabulary;

/**
 * The acceptance run: the reference project's web-snippets split, min count 5, the
 * reference tokenizer; the vocabulary is checked against an independent count in plain Java, and
 * every sequence is decoded back to its tokens.
 */
class PrepareWebSnippetsIT extends SparkTestBase {

    @TempDir
    static Path tmp;
    static Path data;
    static Path out;
    static PrepareResult result;

    @BeforeAll
    static void prepare() throws IOException {
        data = SharedData.require("web-snippets");
        out = tmp.resolve("prepared");
        result = PrepareJob.run(spark, PrepareConfigTest.config(
                "--input", "train=" + data.resolve("train.txt"), "--input", "test=" + data.resolve("test.txt"),
                "--format", "last-word-label", "--output", out.toString(), "--vocab.min-count", "5"));
    }

    /** The reference's reading of one line: lowercase, split on whitespace, the last word is the label. */
    private static List<String> words(String line) {
        return new ArrayList<>(Arrays.asList(line.strip().toLowerCase(Locale.ROOT).split("\\s+")));
    }

    @Test
    void splitCountsAreTheOriginalOnes() throws IOException {
        assertThat(result.documents()).containsEntry("train", 10_060L).containsEntry("test", 2_280L).hasSize(2);
        assertThat(result.rejected()).isZero();
        Map<String, Object> stats = Json.readMap(Files.readString(out.resolve("stats.json")), "stats.json");
        assertThat(((Map<?, ?>) ((Map<?, ?>) stats.get("splits")).get("train")).get("documents")).isEqualTo(10_060);
        assertThat(((Map<?, ?>) ((Map<?, ?>) stats.get("splits")).get("test")).get("documents")).isEqualTo(2_280);
    }

    @Test
    void vocabularyIsExactlyTheTokensSeenFiveTimesInTrain() throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("train.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            List<String> w = words(line);
            w.remove(w.size() - 1);
            w.forEach(t -> counts.merge(t, 1L, Long::sum));
        }
        Map<String, Long> expected = new TreeMap<>();
        counts.forEach((t, c) -> {
            if (c >= 5) {
                expected.put(t, c);
            }
        });

        List<String> lines = Files.readAllLines(out.resolve("vocab.tsv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("<pad>\t0\t0");
        assertThat(lines.get(1)).startsWith("<unk>\t1\t");
        Map<String, Long> actual = new TreeMap<>();
        long previous = Long.MAX_VALUE;
        String previousToken = "";
        for (int i = 2; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            assertThat(Integer.parseInt(f[1])).isEqualTo(i);
            long c = Long.parseLong(f[2]);
            assertThat(c < previous || (c == previous && f[0].compareTo(previousToken) > 0))
                    .as("line %d is ordered by count then token", i + 1).isTrue();
            previous = c;
            previousToken = f[0];
            actual.put(f[0], c);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(result.vocabSize()).isEqualTo(expected.size() + 2);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long kept = expected.values().stream().mapToLong(Long::longValue).sum();
        assertThat(lines.get(1)).isEqualTo("<unk>\t1\t" + (total - kept));
    }

    @Test
    void sequencesDecodeToTheOriginalTokens() throws IOException {
        Vocabulary vocab = Vocabulary.parse(Files.readString(out.resolve("vocab.tsv")), "vocab.tsv");
        int maxLength = result.maxLength();
        assertThat(maxLength).isEqualTo(29).as("p99 of train lengths, as computed independently below");
        for (String split : List.of("train", "test")) {
            Map<String, Integer> expected = new HashMap<>();
            List<Integer> lengths = new ArrayList<>();
            for (String line : Files.readAllLines(data.resolve(split + ".txt"), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> w = words(line);
                String label = w.remove(w.size() - 1);
                lengths.add(w.size());
                StringBuilder key = new StringBuilder(label).append('|').append(Math.min(w.size(), maxLength)).append('|');
                for (int i = 0; i < maxLength; i++) {
                    key.append(i < w.size() ? (vocab.indexOf(w.get(i)) == Vocabulary.UNK ? "<unk>" : w.get(i)) : "<pad>").append(' ');
                }
                expected.merge(key.toString(), 1, Integer::sum);
            }
            if (split.equals("train")) {
                lengths.sort(null);
                assertThat(lengths.get((int) Math.ceil(0.99 * lengths.size()) - 1)).isEqualTo(maxLength);
            }
            Map<String, Integer> actual = new HashMap<>();
            List<Row> rows = spark.read().parquet(out.resolve("sequences").toString())
                    .filter("split = '" + split + "'").collectAsList();
            for (Row r : rows) {
                List<Integer> ids = r.getList(r.fieldIndex("tokens"));
                assertThat(ids).hasSize(maxLength);
                StringBuilder key = new StringBuilder(r.<String>getAs("label")).append('|').append(r.<Integer>getAs("length")).append('|');
                ids.forEach(id -> key.append(vocab.token(id)).append(' '));
                actual.merge(key.toString(), 1, Integer::sum);
                assertThat(r.<Integer>getAs("label_index")).isEqualTo(List.of("business", "computers", "culture-arts-entertainment",
                        "education-science", "engineering", "health", "politics-society", "sports").indexOf(r.<String>getAs("label")));
            }
            assertThat(actual).as(split).isEqualTo(expected);
            assertThat(rows.stream().map(r -> r.<String>getAs("doc_id")).distinct().count()).as("doc ids are unique").isEqualTo(rows.size());
        }
    }

    @Test
    void artifactsAreWritten() throws IOException {
        assertThat(Files.readString(out.resolve("labels.tsv"))).startsWith("business\t0\ncomputers\t1\n");
        Map<String, Object> prov = Json.readMap(Files.readString(out.resolve("provenance.json")), "provenance.json");
        assertThat(prov).containsKeys("config", "inputs", "versions", "run_id", "created_at");
        assertThat(out.resolve("_SUCCESS")).exists();
        Map<String, Object> stats = Json.readMap(Files.readString(out.resolve("stats.json")), "stats.json");
        assertThat(stats.get("vocab_size")).isEqualTo(result.vocabSize());
        assertThat(((Map<?, ?>) stats.get("vocab")).get("hash"))
                .isEqualTo(Vocabulary.parse(Files.readString(out.resolve("vocab.tsv")), "v").hash());
    }
}
