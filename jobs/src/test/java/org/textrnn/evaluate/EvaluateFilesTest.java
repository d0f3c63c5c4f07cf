package org.textrnn.evaluate;

import org.textrnn.prepared.ModelScoring;
import org.textrnn.metrics.Mistake;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.textrnn.vocab.Vocabulary;

class EvaluateFilesTest {

    @Test
    void csvFilesQuoteLabelsAndTextThatNeedIt() {
        List<String> labels = List.of("plain", "with,comma", "say \"hi\"");
        assertThat(EvaluateJob.confusionCsv(labels, new long[][] {{1, 2, 0}, {0, 3, 1}, {4, 0, 5}})).isEqualTo(
                "true\\predicted,plain,\"with,comma\",\"say \"\"hi\"\"\"\n"
                        + "plain,1,2,0\n"
                        + "\"with,comma\",0,3,1\n"
                        + "\"say \"\"hi\"\"\",4,0,5\n");
        assertThat(EvaluateJob.errorsCsv(labels, List.of(new Mistake("d#2", "a, b", 0, 2, 0.91234567, 0.05))))
                .isEqualTo("doc_id,text_excerpt,true,predicted,confidence,true_probability\n"
                        + "d#2,\"a, b\",plain,\"say \"\"hi\"\"\",0.912346,0.05\n");
    }

    @Test
    void excerptsDecodeTheKeptTokensAndStopAt200Characters() {
        Vocabulary v = Vocabulary.parse("<pad>\t0\t0\n<unk>\t1\t3\nthe\t2\t10\ncat\t3\t3\n", "vocab.tsv");
        assertThat(ModelScoring.excerpt(List.of(2, 3, 1, 0, 0), 3, v)).isEqualTo("the cat <unk>");
        List<Integer> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(3);
        }
        String e = ModelScoring.excerpt(many, 100, v);
        assertThat(e).hasSize(Mistake.EXCERPT).startsWith("cat cat ").endsWith("\u2026");
    }
}
