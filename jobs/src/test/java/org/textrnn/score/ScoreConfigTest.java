package org.textrnn.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.textrnn.UsageException;
import org.textrnn.command.Parser;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.OnError;
import org.textrnn.table.Tables;

class ScoreConfigTest {

    static ScoreConfig config(String... more) {
        String[] base = {"--model", "m", "--input", "i", "--format", "tsv", "--table", "db.t", "--run-date", "2026-11-28"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Parser.parse(new ScoreCommand(), all).config();
    }

    private static ScoreConfig.Builder builder() {
        return ScoreConfig.builder().model("m").input("i").format(InputFormat.TSV).table("db.t").runDate(LocalDate.parse("2026-11-28"));
    }

    @Test
    void theBuildersDefaultsAreTheDeclaredOnes() {
        ScoreConfig c = builder().build();
        assertThat(c).isEqualTo(config());
        assertThat(c.topK()).isEqualTo(3);
        assertThat(c.batchSize()).isEqualTo(256);
        assertThat(c.onError()).isEqualTo(OnError.SKIP);
        assertThat(c.batching()).as("the bundle's").isNull();
        assertThat(c.keepColumns()).isEmpty();
        assertThat(c.warehouse()).isEqualTo(Tables.DEFAULT_WAREHOUSE);
        assertThat(c.source().labelled()).isTrue();
    }

    @Test
    void theRecordedSettingsHaveTheTableResolvedAndTheRunIdAsUsed() {
        Map<String, Object> d = config("--keep-columns", "text, source").describe();
        assertThat(d).containsEntry("table", "textrnn.db.t").containsEntry("table-format", "iceberg").containsEntry("run-id", "score-2026-11-28")
                .containsEntry("keep-columns", "text,source").containsEntry("input", java.util.List.of("i")).containsEntry("catalog-uri", "")
                .containsEntry("batching", "").containsEntry("run-date", "2026-11-28");
        assertThat(config("--run-id", "r1").describe()).containsEntry("run-id", "r1");
    }

    @Test
    void everyRuleNamesTheOptionTheRuleAndTheValue() {
        assertThatThrownBy(() -> config("--top-k", "0")).isInstanceOf(UsageException.class).hasMessage("--top-k must be >= 1, found 0");
        assertThatThrownBy(() -> config("--batch-size", "0")).hasMessage("--batch-size must be >= 1, found 0");
        assertThatThrownBy(() -> config("--keep-columns", "label,foo")).hasMessage("--keep-columns entries must be label, text or source; found 'foo'");
        assertThatThrownBy(() -> config("--keep-columns", "text,text")).hasMessage("--keep-columns names a column twice: [text, text]");
        assertThatThrownBy(() -> config("--keep-columns", "label", "--unlabelled", "--columns", "text"))
                .hasMessage("--keep-columns label with --unlabelled: the input has no labels to keep");
        assertThatThrownBy(() -> config("--run-id", "a/b")).hasMessage("--run-id may hold letters, digits and _ . : + - only, found 'a/b'");
        assertThatThrownBy(() -> Parser.parse(new ScoreCommand(), "--model", "m", "--input", "i", "--format", "tsv", "--table", "t",
                "--run-date", "{{ ds }}")).hasMessage("--run-date must be a date YYYY-MM-DD, found '{{ ds }}'");
        assertThatThrownBy(() -> Parser.parse(new ScoreCommand(), "--model", "m", "--input", "train=i", "--format", "tsv", "--table", "t",
                "--run-date", "2026-11-28")).hasMessage("--input train=i: score takes plain paths (no train= prefix)");
        assertThatThrownBy(() -> config("--table-format", "orc")).hasMessage("--table-format must be auto, parquet or iceberg; found 'orc'");
        assertThatThrownBy(() -> config("--catalog-uri", "thrift://h:9083")).hasMessageStartingWith("--catalog-uri must be a JDBC URL");
        assertThatThrownBy(() -> builder().topK(0).build()).as("the builder checks the same declarations").hasMessage("--top-k must be >= 1, found 0");
    }
}
