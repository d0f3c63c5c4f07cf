package org.textrnn.vocab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.textrnn.io.Hashing;

/**
 * The token vocabulary: index 0 is {@link #PAD}, index 1 is {@link #UNK}, then tokens by count
 * descending, ties broken by token (so that the same counts always give the same indices).
 *
 * <p>Stored as UTF-8 TSV, one {@code token<TAB>index<TAB>count} line per entry in index order; the
 * PAD line has count 0 and the UNK line counts the training tokens that were pruned. The content
 * hash is the SHA-256 of exactly those bytes. Tokens can hold neither tabs nor line breaks (no
 * tokenizer produces them), and the reserved names {@code <pad>}/{@code <unk>} never appear as
 * ordinary entries: a literal "<pad>" in a text is looked up as unknown.
 */
public final class Vocabulary implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final String PAD_TOKEN = "<pad>";
    public static final String UNK_TOKEN = "<unk>";

    private final List<String> tokens;
    private final long[] counts;
    private final Map<String, Integer> index;

    private Vocabulary(List<String> tokens, long[] counts) {
        this.tokens = Collections.unmodifiableList(tokens);
        this.counts = counts;
        this.index = new HashMap<>(tokens.size() * 2);
        for (int i = 2; i < tokens.size(); i++) {
            if (index.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("vocabulary lists token '" + tokens.get(i) + "' twice");
            }
        }
    }

    /** True for the names reserved for PAD and UNK, which a vocabulary never holds as entries. */
    public static boolean isReserved(String token) {
        return PAD_TOKEN.equals(token) || UNK_TOKEN.equals(token);
    }

    /**
     * A vocabulary from already pruned and ordered entries.
     *
     * @param entries    tokens with their counts, most frequent first, ties by token
     * @param unkCount   how many training tokens map to UNK
     */
    public static Vocabulary of(List<Map.Entry<String, Long>> entries, long unkCount) {
        List<String> tokens = new ArrayList<>(entries.size() + 2);
        long[] counts = new long[entries.size() + 2];
        tokens.add(PAD_TOKEN);
        tokens.add(UNK_TOKEN);
        counts[UNK] = unkCount;
        int i = 2;
        for (Map.Entry<String, Long> e : entries) {
            String t = e.getKey();
            if (t.isEmpty() || t.indexOf('\t') >= 0 || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0 || isReserved(t)) {
                throw new IllegalArgumentException("token '" + t + "' cannot be stored in a vocabulary");
            }
            tokens.add(t);
            counts[i++] = e.getValue();
        }
        return new Vocabulary(tokens, counts);
    }

    /** Parses the TSV form written by {@link #toTsv()}; {@code source} names the file in errors. */
    public static Vocabulary parse(String tsv, String source) {
        List<String> tokens = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(tsv))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 3) {
                    throw new IllegalArgumentException(source + " line " + lineNo
                            + ": expected token<TAB>index<TAB>count, found " + f.length + " fields");
                }
                int idx;
                long count;
                try {
                    idx = Integer.parseInt(f[1]);
                    count = Long.parseLong(f[2]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(source + " line " + lineNo + ": index and count must be integers, found '"
                            + f[1] + "' and '" + f[2] + "'");
                }
                if (idx != tokens.size()) {
                    throw new IllegalArgumentException(source + " line " + lineNo + ": expected index " + tokens.size()
                            + ", found " + idx + " (entries must be in index order with no gaps)");
                }
                if ((idx == PAD && !PAD_TOKEN.equals(f[0])) || (idx == UNK && !UNK_TOKEN.equals(f[0]))) {
                    throw new IllegalArgumentException(source + " line " + lineNo + ": index " + idx + " must be "
                            + (idx == PAD ? PAD_TOKEN : UNK_TOKEN) + ", found '" + f[0] + "'");
                }
                tokens.add(f[0]);
                counts.add(count);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (tokens.size() < 2) {
            throw new IllegalArgumentException(source + ": a vocabulary needs at least the " + PAD_TOKEN + " and "
                    + UNK_TOKEN + " lines, found " + tokens.size() + " entries");
        }
        long[] c = new long[counts.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
        }
        return new Vocabulary(new ArrayList<>(tokens), c);
    }

    /** The index of {@code token}, or {@link #UNK}. */
    public int indexOf(String token) {
        Integer i = index.get(token);
        return i == null ? UNK : i;
    }

    public String token(int index) {
        return tokens.get(index);
    }

    public long count(int index) {
        return counts[index];
    }

    /** Entries including PAD and UNK. */
    public int size() {
        return tokens.size();
    }

    public List<String> tokens() {
        return tokens;
    }

    public String toTsv() {
        StringBuilder sb = new StringBuilder(tokens.size() * 16);
        for (int i = 0; i < tokens.size(); i++) {
            sb.append(tokens.get(i)).append('\t').append(i).append('\t').append(counts[i]).append('\n');
        }
        return sb.toString();
    }

    /** SHA-256 (hex) of the TSV form: the identity models and data are matched by. */
    public String hash() {
        return Hashing.sha256Hex(toTsv().getBytes(StandardCharsets.UTF_8));
    }
}
