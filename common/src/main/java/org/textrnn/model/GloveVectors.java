package org.textrnn.model;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.textrnn.TextrnnException;
import org.textrnn.vocab.Vocabulary;

/**
 * Pretrained GloVe vectors matched against a {@link Vocabulary}, to initialise embedding rows.
 *
 * <p>Reads the GloVe text format: one {@code word v1 ... vD} line per word, UTF-8, no header, from
 * any Hadoop file system (local, HDFS, S3A). Fields may be separated by any run of spaces and tabs;
 * blank lines are skipped; {@code \r\n} line ends and a leading byte order mark are accepted. A
 * word2vec-style first line of exactly two integers ({@code 400000 100}) is skipped. The dimension
 * is whatever the first vector line has (any D &gt;= 1); every later line must have the same number
 * of values. Bytes that are not valid UTF-8 decode to U+FFFD, so such words simply match nothing.
 *
 * <p>The file is streamed and only the vectors of vocabulary tokens are kept, so a full 400k-word
 * file costs memory in proportion to the vocabulary, not to the file. Words are matched by exact
 * string (no case folding: use vectors built for the tokenizer's folding). The first occurrence of a
 * word wins. PAD and UNK rows are never taken from the file, even where it lists {@code <unk>}.
 *
 * <p>Limits: a compressed or zipped file must be unpacked first; a file whose words contain spaces
 * (a few lines of GloVe 840B) fails with the line number; a 1-dimensional file whose first line is
 * two integers would lose that line as a header.
 */
public final class GloveVectors {

    private GloveVectors() {
    }

    /**
     * The result of matching a GloVe file against a vocabulary.
     *
     * @param dimension          values per vector, fixed by the file's first vector line
     * @param vectors            {@code [vocab.size()][dimension]}: row i is the vector of vocabulary
     *                           token i, or null where the file does not cover it (always for PAD/UNK)
     * @param covered            vocabulary entries (PAD and UNK excluded) that have a vector
     * @param vocabularyEntries  vocabulary entries excluding PAD and UNK ({@code vocab.size() - 2})
     * @param coveredTrainTokens training tokens (by the vocabulary's counts) whose token has a vector
     * @param trainTokens        all training tokens: the entries' counts plus UNK's (pruned) count
     * @param linesRead          vector lines read (header and blank lines not counted)
     * @param duplicates         repeated lines of vocabulary words, ignored because the first wins
     *                           (repeats of other words are not tracked, to keep memory bounded)
     */
    public record Match(int dimension, float[][] vectors, int covered, int vocabularyEntries,
                        long coveredTrainTokens, long trainTokens, long linesRead, long duplicates) {

        /** Share of vocabulary entries (PAD and UNK excluded) with a vector; 0 for an empty vocabulary. */
        public double vocabularyCoverage() {
            return share(covered, vocabularyEntries);
        }

        /** Share of training tokens (pruned ones included) whose token has a vector; 0 if none. */
        public double tokenCoverage() {
            return share(coveredTrainTokens, trainTokens);
        }

        /**
         * The numbers above for a JSON artifact (snake_case keys in a fixed order, coverages rounded
         * to 6 decimals). Holds no path, so that artifacts compare equal across machines.
         */
        public Map<String, Object> describe() {
            Map<String, Object> m = coverage(dimension, covered, vocabularyEntries, coveredTrainTokens, trainTokens);
            m.put("lines_read", linesRead);
            m.put("duplicates", duplicates);
            return m;
        }

    }

    /**
     * The coverage keys that every pretrained-vectors coverage file (glove-coverage.json,
     * word2vec-coverage.json) starts with, in this order; the shares are rounded to 6 decimals, 0
     * when there is nothing to cover. Callers add their own keys after them.
     */
    public static Map<String, Object> coverage(int dimension, int covered, int vocabularyEntries, long coveredTrainTokens, long trainTokens) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dimension", dimension);
        m.put("covered", covered);
        m.put("vocabulary_entries", vocabularyEntries);
        m.put("vocabulary_coverage", round6(share(covered, vocabularyEntries)));
        m.put("covered_train_tokens", coveredTrainTokens);
        m.put("train_tokens", trainTokens);
        m.put("token_coverage", round6(share(coveredTrainTokens, trainTokens)));
        return m;
    }

    /** {@code part / whole}, 0 when there is nothing to cover: the coverage shares of every coverage file. */
    public static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static double round6(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    /**
     * Reads the GloVe text file at {@code location} (a Hadoop path or URI; a plain path is resolved
     * against the default file system) and matches it against {@code vocab}.
     *
     * @throws TextrnnException where the file is missing, a directory, or not GloVe text
     * @throws IOException      where the file system fails
     */
    public static Match load(String location, Configuration conf, Vocabulary vocab) throws IOException {
        Path path;
        try {
            path = new Path(location);
        } catch (IllegalArgumentException e) {
            throw new TextrnnException("GloVe file location '" + location + "' is not a valid path: " + e.getMessage(), e);
        }
        FileSystem fs = path.getFileSystem(conf);
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new TextrnnException("GloVe file " + location + " does not exist");
        }
        if (status.isDirectory()) {
            throw new TextrnnException("GloVe file " + location + " is a directory, not a GloVe text file");
        }
        try (Reader r = new InputStreamReader(fs.open(path), StandardCharsets.UTF_8)) {
            return read(r, location, vocab);
        }
    }

    /**
     * Parses GloVe text from {@code reader} (not closed here); {@code source} names it in errors.
     *
     * <p>Every line's number of values is checked, which catches truncated lines, mixed files and
     * binary files cheaply. The values themselves are parsed (and checked to be finite floats) only
     * on lines whose vector is kept: parsing all of a 2.2M x 300 file would cost about a minute for
     * numbers that are then thrown away, and a bad value there cannot reach the model.
     */
    static Match read(Reader reader, String source, Vocabulary vocab) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        float[][] vectors = new float[vocab.size()][];
        List<String> fields = new ArrayList<>();
        int dimension = -1;
        boolean headerPossible = true;
        long lineNo = 0;
        long vectorLines = 0;
        long duplicates = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            split(line, fields);
            if (fields.isEmpty()) {
                continue;
            }
            if (headerPossible) {
                headerPossible = false;
                if (fields.size() == 2 && isDigits(fields.get(0)) && isDigits(fields.get(1))) {
                    continue;
                }
            }
            String word = fields.get(0);
            int values = fields.size() - 1;
            if (dimension < 0) {
                if (values == 0) {
                    throw new TextrnnException(source + " line " + lineNo + ": no vector values after the word");
                }
                dimension = values;
            } else if (values != dimension) {
                throw new TextrnnException(source + " line " + lineNo + ": expected " + dimension
                        + " values after the word, found " + values + " (is this a GloVe text file of one dimension?)");
            }
            vectorLines++;
            // indexOf answers UNK for unknown words and for the reserved names, so neither row is set
            int index = vocab.indexOf(word);
            if (index < 2) {
                continue;
            }
            if (vectors[index] != null) {
                duplicates++;
                continue;
            }
            float[] v = new float[dimension];
            for (int k = 0; k < dimension; k++) {
                v[k] = parseValue(fields.get(k + 1), k + 1, source, lineNo);
            }
            vectors[index] = v;
        }
        if (dimension < 0) {
            throw new TextrnnException(source + " holds no vectors");
        }
        int covered = 0;
        long coveredTokens = 0;
        long trainTokens = vocab.count(Vocabulary.UNK);
        for (int i = 2; i < vocab.size(); i++) {
            trainTokens += vocab.count(i);
            if (vectors[i] != null) {
                covered++;
                coveredTokens += vocab.count(i);
            }
        }
        return new Match(dimension, vectors, covered, vocab.size() - 2, coveredTokens, trainTokens, vectorLines, duplicates);
    }

    private static float parseValue(String s, int position, String source, long lineNo) {
        float x;
        try {
            x = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            x = Float.NaN;
        }
        if (!Float.isFinite(x)) {
            throw new TextrnnException(source + " line " + lineNo + ": value " + position + " ('" + s + "') is not a number");
        }
        return x;
    }

    /**
     * Splits on runs of spaces and tabs only: {@link String#strip()} or {@code \s} would also eat
     * Unicode spaces, which GloVe files hold as (parts of) words.
     */
    private static void split(String line, List<String> out) {
        out.clear();
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSeparator(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSeparator(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
