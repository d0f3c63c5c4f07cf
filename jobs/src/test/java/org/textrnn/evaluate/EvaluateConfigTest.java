package org.textrnn.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.textrnn.UsageException;
import org.textrnn.command.Parser;
import org.textrnn.data.SequenceSchema;

class EvaluateConfigTest {

    static EvaluateConfig config(String... more) {
        String[] base = {"--model", "m", "--data", "d", "--report", "r"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Parser.parse(new EvaluateCommand(), all).config();
    }

    @Test
    void theBuildersDefaultsAreTheDeclaredOnes() {
        EvaluateConfig c = EvaluateConfig.builder().model("m").data("d").report("r").build();
        assertThat(c).isEqualTo(config());
        assertThat(c.split()).isEqualTo(SequenceSchema.TEST);
        assertThat(c.topK()).isEqualTo(3);
        assertThat(c.errors()).isEqualTo(50);
        assertThat(c.batchSize()).isEqualTo(256);
        assertThat(c.baseline()).isTrue();
        assertThat(c.lrIterations()).isEqualTo(100);
        assertThat(c.lrRegularization()).isEqualTo(0.01);
        assertThat(c.regressionMetric()).isEqualTo("accuracy");
        assertThat(c.regressionMargin()).isZero();
        assertThat(c.failOnRegression()).isFalse();
    }

    @Test
    void theRecordedSettingsHoldWhatTheDocumentsCameFrom() {
        Map<String, Object> data = config().describe();
        assertThat(data).containsEntry("data", "d").containsEntry("input", null).containsEntry("run-id", null)
                .doesNotContainKeys("table", "columns", "warehouse", "catalog-uri");
        Map<String, Object> input = Parser.parse(new EvaluateCommand(), "--model", "m", "--input", "i", "--format", "csv", "--report", "r")
                .config().describe();
        assertThat(input).containsEntry("format", "csv").containsEntry("columns", "label,text").containsEntry("id-column", "");
        Map<String, Object> table = Parser.parse(new EvaluateCommand(), "--model", "m", "--table", "db.t", "--run-date", "2026-01-02",
                "--report", "r").config().describe();
        assertThat(table).containsEntry("table", "textrnn.db.t").containsEntry("table-format", "iceberg").containsEntry("run-date", "2026-01-02");
    }

    @Test
    void everyRuleNamesTheOptionTheRuleAndTheValue() {
        assertThatThrownBy(() -> config("--split", "dev")).isInstanceOf(UsageException.class)
                .hasMessage("--split must be train, validation or test, found 'dev'");
        assertThatThrownBy(() -> config("--top-k", "0")).hasMessage("--top-k must be >= 1, found 0");
        assertThatThrownBy(() -> config("--errors", "-1")).hasMessage("--errors must be >= 0, found -1");
        assertThatThrownBy(() -> config("--batch-size", "0")).hasMessage("--batch-size must be >= 1, found 0");
        assertThatThrownBy(() -> config("--baseline.lr-iterations", "0")).hasMessage("--baseline.lr-iterations must be >= 1, found 0");
        assertThatThrownBy(() -> config("--baseline.lr-regularization", "-1"))
                .hasMessage("--baseline.lr-regularization must be >= 0, found -1.0");
        assertThatThrownBy(() -> config("--regression.metric", "f1")).hasMessage("--regression.metric must be one of accuracy, macro-f1, found 'f1'");
        assertThatThrownBy(() -> config("--regression.margin", "1")).hasMessage("--regression.margin must be in (-1, 1), found 1.0");
        assertThatThrownBy(() -> config("--run-date", "2026-01-01")).hasMessage("--run-date selects a date of --table, which is not given");
        assertThatThrownBy(() -> config("--input", "i")).hasMessageStartingWith("give one of --data DIR");
        assertThatThrownBy(() -> Parser.parse(new EvaluateCommand(), "--model", "m", "--table", "t.x", "--report", "r", "--run-date", "2026-13-01"))
                .hasMessage("--run-date must be a date YYYY-MM-DD, found '2026-13-01'");
        assertThatThrownBy(() -> EvaluateConfig.builder().model("m").data("d").report("r").errors(-1).build())
                .as("the builder checks the same declarations").hasMessage("--errors must be >= 0, found -1");
    }
}
