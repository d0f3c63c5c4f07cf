package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.UsageException;
import org.textrnn.vocab.LabelIndex;

/**
 * {@code --class-weights none} and {@code --class-weights FILE} (label TAB weight), which need no
 * training data; {@code balanced} counts the training split ({@link ClassWeightsBalancedIT}).
 */
class ClassWeightsTest {

    static final Configuration CONF = new Configuration();
    static final LabelIndex LABELS = LabelIndex.of(List.of("ham", "spam", "other")); // sorted: ham, other, spam

    @TempDir
    Path dir;

    double[] fromFile(String content) throws IOException {
        Path f = dir.resolve("weights.tsv");
        Files.writeString(f, content);
        return ClassWeights.resolve(f.toString(), LABELS, null, CONF);
    }

    String file() {
        return dir.resolve("weights.tsv").toString();
    }

    @Test
    void noneMeansNoWeights() throws IOException {
        assertThat(ClassWeights.resolve("none", LABELS, null, CONF)).isNull();
    }

    @Test
    void aFileGivesEachClassItsWeightInTheLabelIndexOrder() throws IOException {
        assertThat(fromFile("spam\t4\nham\t0.5\nother\t1e0\n")).containsExactly(0.5, 1.0, 4.0);
        // blank lines and Windows line ends are fine
        assertThat(fromFile("\r\nham\t2\r\n\r\nother\t3\r\nspam\t0.25\r\n   \n")).containsExactly(2.0, 3.0, 0.25);
        // a label given twice: the last line wins
        assertThat(fromFile("ham\t2\nother\t3\nspam\t5\nham\t7\n")).containsExactly(7.0, 3.0, 5.0);
    }

    @Test
    void aLineWithoutExactlyLabelTabWeightIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> fromFile("ham\t1\nspam 2\n")).isInstanceOf(UsageException.class)
                .hasMessage("--class-weights " + file() + " line 2: expected label<TAB>weight");
        assertThatThrownBy(() -> fromFile("ham\t1\tx\n")).isInstanceOf(UsageException.class)
                .hasMessage("--class-weights " + file() + " line 1: expected label<TAB>weight");
    }

    @Test
    void anUnknownLabelIsRefusedNamingTheLabels() {
        assertThatThrownBy(() -> fromFile("ham\t1\nspma\t2\n")).isInstanceOf(UsageException.class)
                .hasMessage("--class-weights " + file() + " line 2: unknown label 'spma'; labels are [ham, other, spam]");
    }

    @Test
    void aWeightMustBeAPositiveFiniteNumber() {
        assertThatThrownBy(() -> fromFile("ham\theavy\n")).isInstanceOf(UsageException.class)
                .hasMessage("--class-weights " + file() + " line 1: weight 'heavy' is not a number");
        for (String w : List.of("0", "-1", "NaN", "Infinity")) {
            assertThatThrownBy(() -> fromFile("ham\t1\nother\t" + w + "\n")).as(w).isInstanceOf(UsageException.class)
                    .hasMessage("--class-weights " + file() + " line 2: weight must be positive, found " + w);
        }
    }

    @Test
    void everyClassNeedsAWeight() {
        assertThatThrownBy(() -> fromFile("ham\t1\nspam\t2\n")).isInstanceOf(UsageException.class)
                .hasMessage("--class-weights " + file() + " has no weight for class 'other'");
        assertThatThrownBy(() -> fromFile("\n")).isInstanceOf(UsageException.class)
                .hasMessage("--class-weights " + file() + " has no weight for class 'ham'");
    }

    @Test
    void aMissingFileIsAnIoErrorNamingIt() {
        String missing = dir.resolve("nope.tsv").toString();
        assertThatThrownBy(() -> ClassWeights.resolve(missing, LABELS, null, CONF)).isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(missing);
    }
}
