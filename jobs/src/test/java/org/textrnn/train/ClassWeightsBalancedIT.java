package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.vocab.LabelIndex;

/** {@code --class-weights balanced}: N / (classes x documents of the class) over the training split, as scikit-learn. */
class ClassWeightsBalancedIT extends SparkTestBase {

    static final LabelIndex LABELS = LabelIndex.of(List.of("a", "b", "c"));

    static Dataset<Row> train(int... perClass) {
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) {
            for (int i = 0; i < perClass[c]; i++) {
                rows.add(RowFactory.create(c));
            }
        }
        return spark.createDataFrame(rows, new StructType().add(SequenceSchema.LABEL_INDEX, DataTypes.IntegerType));
    }

    @Test
    void rareClassesWeighMore() throws IOException {
        double[] w = ClassWeights.resolve("balanced", LABELS, train(6, 3, 1), new Configuration());
        // 10 documents, 3 classes: 10 / (3 x 6), 10 / (3 x 3), 10 / (3 x 1)
        assertThat(w).hasSize(3);
        assertThat(w[0]).isCloseTo(10.0 / 18, within(1e-12));
        assertThat(w[1]).isCloseTo(10.0 / 9, within(1e-12));
        assertThat(w[2]).isCloseTo(10.0 / 3, within(1e-12));
        assertThat(ClassWeights.resolve("balanced", LABELS, train(4, 4, 4), new Configuration())).containsExactly(1.0, 1.0, 1.0);
    }

    @Test
    void aClassWithoutTrainingDocumentsCannotBeBalanced() {
        assertThatThrownBy(() -> ClassWeights.resolve("balanced", LABELS, train(5, 0, 2), new Configuration()))
                .isInstanceOf(UsageException.class)
                .hasMessage("--class-weights balanced: class 'b' has no training documents");
    }
}
