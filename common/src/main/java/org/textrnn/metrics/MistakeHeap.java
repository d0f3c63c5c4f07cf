package org.textrnn.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code capacity} most confident mistakes seen so far: a bounded heap whose head is the least
 * confident one kept, so a partition's memory does not grow with its size. Heaps of partitions merge.
 */
public final class MistakeHeap implements Serializable {

    private static final long serialVersionUID = 1L;
    private final int capacity;
    private final PriorityQueue<Mistake> heap;

    public MistakeHeap(int capacity) {
        this.capacity = capacity;
        this.heap = new PriorityQueue<>(Math.max(1, capacity + 1), new LeastConfidentFirst());
    }

    /** Whether a mistake of this confidence could be kept (saves decoding the text of those that cannot). */
    public boolean accepts(double confidence) {
        return capacity > 0 && (heap.size() < capacity || confidence >= heap.peek().confidence());
    }

    public void offer(Mistake m) {
        if (capacity == 0) {
            return;
        }
        heap.add(m);
        if (heap.size() > capacity) {
            heap.poll();
        }
    }

    public MistakeHeap merge(MistakeHeap other) {
        other.heap.forEach(this::offer);
        return this;
    }

    /** The heap's order (the reverse of {@link Mistake#MOST_CONFIDENT_FIRST}); serializable, as the heap travels to the driver. */
    private static final class LeastConfidentFirst implements Comparator<Mistake>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Mistake a, Mistake b) {
            return Mistake.MOST_CONFIDENT_FIRST.compare(b, a);
        }
    }

    /** Most confident first. */
    public List<Mistake> sorted() {
        List<Mistake> list = new ArrayList<>(heap);
        list.sort(Mistake.MOST_CONFIDENT_FIRST);
        return list;
    }
}
