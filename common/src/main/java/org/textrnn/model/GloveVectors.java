package org.textrnn.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.textrnn.TextrnnException;
import org.textrnn.vocab.Vocabulary;

/**
 * Pretrained GloVe vectors matched against a vocabulary. Reads the GloVe text format
 * ({@code word v1 ... vD}, UTF-8, any dimension, from any Hadoop file system), streaming: only the
 * vectors of vocabulary tokens are kept, so a 400k-word file costs memory in proportion to the
 * vocabulary. A word2vec-style first line ({@code 400000 100}) is skipped; the first occurrence of
 * a repeated word wins; PAD and UNK are never taken from the file.
 */
public final class GloveVectors {

    private GloveVectors() {
    }

    /**
     * Vectors by vocabulary index, and how much of the vocabulary they cover.
     *
     * @param vectors            [vocabulary size][dimension]; null rows are not covered
     * @param covered            vocabulary entries (PAD and UNK excluded) with a vector
     * @param coveredTrainTokens training tokens (by the vocabulary's counts) whose token has a vector
     * @param trainTokens        all training tokens, pruned ones (UNK's count) included
     */
    public record Match(int dimension, float[][] vectors, int covered, int vocabularyEntries,
                        long coveredTrainTokens, long trainTokens, long linesRead, long duplicates) {

        public double vocabularyCoverage() {
            return vocabularyEntries == 0 ? 0 : (double) covered / vocabularyEntries;
        }

        public double tokenCoverage() {
            return trainTokens == 0 ? 0 : (double) coveredTrainTokens / trainTokens;
        }

        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dimension", dimension);
            m.put("covered", covered);
            m.put("vocabulary_entries", vocabularyEntries);
            m.put("vocabulary_coverage", Math.round(vocabularyCoverage() * 1e6) / 1e6);
            m.put("covered_train_tokens", coveredTrainTokens);
            m.put("train_tokens", trainTokens);
            m.put("token_coverage", Math.round(tokenCoverage() * 1e6) / 1e6);
            m.put("lines_read", linesRead);
            m.put("duplicate_words", duplicates);
            return m;
        }
    }

    public static Match load(String location, Configuration conf, Vocabulary vocab) throws IOException {
        Path path = new Path(location);
        if (!path.getFileSystem(conf).exists(path)) {
            throw new TextrnnException("GloVe file " + location + " does not exist");
        }
        try (Reader r = new InputStreamReader(path.getFileSystem(conf).open(path), StandardCharsets.UTF_8)) {
            return read(r, location, vocab);
        }
    }

    static Match read(Reader reader, String source, Vocabulary vocab) throws IOException {
        float[][] vectors = new float[vocab.size()][];
        int dimension = -1;
        long lineNo = 0;
        long vectorLines = 0;
        long duplicates = 0;
        BufferedReader in = new BufferedReader(reader, 1 << 16);
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] f = s.split("[ \t]+");
            if (dimension < 0 && f.length == 2 && f[0].matches("\\d+") && f[1].matches("\\d+")) {
                continue; // word2vec header: count and dimension
            }
            int values = f.length - 1;
            if (dimension < 0) {
                if (values == 0) {
                    throw new TextrnnException(source + " line " + lineNo + ": no vector values after the word");
                }
                dimension = values;
            } else if (values != dimension) {
                throw new TextrnnException(source + " line " + lineNo + ": expected " + dimension + " values after the word, found "
                        + values + " (is this a GloVe text file of one dimension?)");
            }
            vectorLines++;
            // every line is checked, not only the vocabulary's: a damaged file should not pass unnoticed
            float[] v = new float[dimension];
            for (int k = 0; k < dimension; k++) {
                try {
                    v[k] = Float.parseFloat(f[k + 1]);
                } catch (NumberFormatException e) {
                    v[k] = Float.NaN;
                }
                if (!Float.isFinite(v[k])) {
                    throw new TextrnnException(source + " line " + lineNo + ": value " + (k + 1) + " ('" + f[k + 1] + "') is not a number");
                }
            }
            int index = vocab.indexOf(f[0]);
            if (index == Vocabulary.UNK || Vocabulary.isReserved(f[0])) {
                continue;
            }
            if (vectors[index] != null) {
                duplicates++;
                continue;
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
}
