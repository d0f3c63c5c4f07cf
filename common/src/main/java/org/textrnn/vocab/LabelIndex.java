package org.textrnn.vocab;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.textrnn.io.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * Class labels and their indices: sorted by label (so that the same label set always gives the same
 * indices), stored as UTF-8 TSV {@code label<TAB>index}.
 */
public final class LabelIndex implements Serializable {

    private static final long serialVersionUID = 1L;
    private final List<String> labels;
    private final Map<String, Integer> index;

    private LabelIndex(List<String> labels) {
        this.labels = Collections.unmodifiableList(labels);
        this.index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            if (l.isEmpty() || l.indexOf('\t') >= 0 || l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("label '" + l + "' cannot be stored: labels must be non-empty and hold no tab or line break");
            }
            if (index.put(l, i) != null) {
                throw new IllegalArgumentException("label '" + l + "' is listed twice");
            }
        }
    }

    /** The index of a set of labels, sorted. */
    public static LabelIndex of(Collection<String> labels) {
        return new LabelIndex(new ArrayList<>(new TreeSet<>(labels)));
    }

    public static LabelIndex parse(String tsv, String source) {
        List<String> labels = new ArrayList<>();
        String[] lines = tsv.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 2) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + ": expected label<TAB>index, found " + f.length + " fields");
            }
            int idx;
            try {
                idx = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + ": index must be an integer, found '" + f[1] + "'");
            }
            if (idx != labels.size()) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + ": expected index " + labels.size() + ", found " + idx);
            }
            labels.add(f[0]);
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(source + ": no labels");
        }
        return new LabelIndex(labels);
    }

    /** The index of {@code label}, or -1 when unknown. */
    public int indexOf(String label) {
        Integer i = index.get(label);
        return i == null ? -1 : i;
    }

    public boolean contains(String label) {
        return index.containsKey(label);
    }

    public String label(int index) {
        return labels.get(index);
    }

    public int size() {
        return labels.size();
    }

    public List<String> labels() {
        return labels;
    }

    public String toTsv() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            sb.append(labels.get(i)).append('\t').append(i).append('\n');
        }
        return sb.toString();
    }

    public String hash() {
        return Hashing.sha256Hex(toTsv().getBytes(StandardCharsets.UTF_8));
    }
}
