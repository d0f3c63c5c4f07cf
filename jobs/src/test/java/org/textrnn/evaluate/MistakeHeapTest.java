package org.textrnn.evaluate;

import org.textrnn.metrics.MistakeHeap;
import org.textrnn.metrics.Mistake;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class MistakeHeapTest {

    private static Mistake m(String id, double confidence) {
        return new Mistake(id, "text", 0, 1, confidence, 0.1);
    }

    @Test
    void keepsTheMostConfidentAndMergesAfterSerialization() throws Exception {
        MistakeHeap a = new MistakeHeap(3);
        for (Mistake x : new Mistake[] {m("d1", 0.5), m("d2", 0.9), m("d3", 0.6), m("d4", 0.7), m("d5", 0.55)}) {
            if (a.accepts(x.confidence())) {
                a.offer(x);
            }
        }
        assertThat(a.accepts(0.6)).isTrue();
        assertThat(a.accepts(0.59)).isFalse();
        MistakeHeap b = new MistakeHeap(3);
        b.offer(m("d7", 0.7));
        b.offer(m("d6", 0.7));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(b);
        }
        MistakeHeap copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (MistakeHeap) in.readObject();
        }
        assertThat(a.merge(copy).sorted()).extracting(Mistake::docId).as("ties by id").containsExactly("d2", "d4", "d6");
        assertThat(new MistakeHeap(0).accepts(1.0)).isFalse();
    }
}
