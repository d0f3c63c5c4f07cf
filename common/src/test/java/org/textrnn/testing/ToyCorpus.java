package org.textrnn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small labelled corpus that a model learns in a few epochs: document {@code i} has label
 * {@code labels[i % labels]}; a label with a keyword holds it once, at a random place, among filler
 * words {@code w0 .. w(N-1)}; a label without one (past the end of the keywords) holds filler words
 * alone. The same seed gives the same documents.
 *
 * <p>{@link #threeClasses()} is the corpus of the prepare / train / evaluate / score tests: labels
 * a, b, c; keywords alpha (a) and beta (b), c has none; 40 filler words; 5 to 12 words a document.
 */
public final class ToyCorpus {

    /** One document: its label and its text (words separated by one space). */
    public record Document(String label, String text) {
        /** {@code label TAB text}, without the line end. */
        public String tsv() {
            return label + '\t' + text;
        }
    }

    private final List<String> labels;
    private final List<String> keywords;
    private final int fillerWords;
    private final int minWords;
    private final int maxWords;

    private ToyCorpus(List<String> labels, List<String> keywords, int fillerWords, int minWords, int maxWords) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a toy corpus needs at least one label");
        }
        if (keywords.size() > labels.size()) {
            throw new IllegalArgumentException("a toy corpus has at most one keyword per label: " + keywords.size()
                    + " keywords for " + labels.size() + " labels");
        }
        if (fillerWords < 1) {
            throw new IllegalArgumentException("a toy corpus needs at least one filler word, found " + fillerWords);
        }
        if (minWords < 1 || maxWords < minWords) {
            throw new IllegalArgumentException("toy documents need 1 <= min words <= max words, found " + minWords + " and " + maxWords);
        }
        this.labels = List.copyOf(labels);
        this.keywords = List.copyOf(keywords);
        this.fillerWords = fillerWords;
        this.minWords = minWords;
        this.maxWords = maxWords;
    }

    /** Labels a, b, c; a holds "alpha", b "beta", c neither; 40 filler words; 5 to 12 words a document. */
    public static ToyCorpus threeClasses() {
        return of(List.of("a", "b", "c"), List.of("alpha", "beta"));
    }

    /**
     * The labels in the order documents cycle through them, and the keyword of each of the first
     * {@code keywords.size()} labels (the rest have none); 40 filler words, 5 to 12 words a document.
     */
    public static ToyCorpus of(List<String> labels, List<String> keywords) {
        return new ToyCorpus(labels, keywords, 40, 5, 12);
    }

    /** This corpus with filler words {@code w0 .. w(n-1)}. */
    public ToyCorpus fillerWords(int n) {
        return new ToyCorpus(labels, keywords, n, minWords, maxWords);
    }

    /** This corpus with documents of {@code min} to {@code max} words (the keyword counts as one). */
    public ToyCorpus words(int min, int max) {
        return new ToyCorpus(labels, keywords, fillerWords, min, max);
    }

    public List<String> labels() {
        return labels;
    }

    /** {@code n} documents from {@code seed}. */
    public List<Document> documents(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("a toy corpus cannot have " + n + " documents");
        }
        Random r = new Random(seed);
        List<Document> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = i % labels.size();
            int length = minWords + r.nextInt(maxWords - minWords + 1);
            int at = r.nextInt(length);
            StringBuilder text = new StringBuilder();
            for (int t = 0; t < length; t++) {
                String w = "w" + r.nextInt(fillerWords);
                if (t == at && label < keywords.size()) {
                    w = keywords.get(label);
                }
                text.append(t == 0 ? "" : " ").append(w);
            }
            docs.add(new Document(labels.get(label), text.toString()));
        }
        return docs;
    }

    /** {@code n} documents from {@code seed} as lines {@code label TAB text}, each ending in a newline. */
    public String tsv(int n, long seed) {
        StringBuilder sb = new StringBuilder();
        for (Document d : documents(n, seed)) {
            sb.append(d.tsv()).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #tsv(int, long)} to {@code file} (its folder is created); returns {@code file}. */
    public Path writeTsv(Path file, int n, long seed) throws IOException {
        createParent(file);
        return Files.writeString(file, tsv(n, seed));
    }

    /** The label index a prepare run can be given with {@code --labels.from}: {@code label TAB index} in the labels' order. */
    public String labelsTsv() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            sb.append(labels.get(i)).append('\t').append(i).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #labelsTsv()} to {@code file} (its folder is created); returns {@code file}. */
    public Path writeLabels(Path file) throws IOException {
        createParent(file);
        return Files.writeString(file, labelsTsv());
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
