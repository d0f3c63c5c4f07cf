package org.textrnn.prepare;

import org.textrnn.corpus.CorpusReader;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSplitsTest {

    private static final long MB = 1L << 20;

    private static void sized(Path p, long bytes) throws IOException {
        Files.createDirectories(p.getParent());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

    private static long split(Path p, int parallelism) {
        return CorpusReader.maxSplitBytes(new org.apache.hadoop.fs.Path(p.toString()), new Configuration(), parallelism);
    }

    @Test
    void aLargeInputIsSpreadOverTheDefaultParallelism(@TempDir Path dir) throws IOException {
        sized(dir.resolve("train.txt"), 20 * MB);
        assertThat(split(dir.resolve("train.txt"), 2)).isEqualTo(10 * MB);
        assertThat(split(dir.resolve("train.txt"), 4)).isEqualTo(5 * MB);
        assertThat(split(dir.resolve("train.txt"), 8)).isEqualTo(CorpusReader.MIN_SPLIT_BYTES);
    }

    @Test
    void folderAndGlobInputsCountEveryFileTheyMatch(@TempDir Path dir) throws IOException {
        sized(dir.resolve("corpus/a/1.txt"), 6 * MB);
        sized(dir.resolve("corpus/b/2.txt"), 6 * MB);
        assertThat(split(dir.resolve("corpus"), 2)).isEqualTo(6 * MB);
        assertThat(split(dir.resolve("corpus/*/1.txt"), 2)).isEqualTo(CorpusReader.MIN_SPLIT_BYTES);
    }

    @Test
    void smallInputsKeepOneSplitOfAtLeastTheMinimum(@TempDir Path dir) throws IOException {
        sized(dir.resolve("small.txt"), 1000);
        assertThat(split(dir.resolve("small.txt"), 2)).isEqualTo(CorpusReader.MIN_SPLIT_BYTES);
        assertThat(split(dir.resolve("none*"), 2)).isEqualTo(CorpusReader.MIN_SPLIT_BYTES);
    }
}
