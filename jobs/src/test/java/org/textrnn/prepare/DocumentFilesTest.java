package org.textrnn.prepare;

import org.textrnn.corpus.CorpusReader;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentFilesTest {

    private static void touch(Path root, String rel) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
    }

    private static List<String> names(Path root, List<String> files) {
        return files.stream().map(f -> f.substring(f.indexOf(root.getFileName().toString()) + root.getFileName().toString().length() + 1))
                .toList();
    }

    @Test
    void labelledInputTakesTheFilesOfEachLabelFolderAndSkipsMarkersAndHiddenFiles(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("mail");
        touch(root, "spam-1/b.txt");
        touch(root, "spam-1/a.txt");
        touch(root, "ham/c.txt");
        touch(root, "ham/.c.txt.crc");
        touch(root, "ham/_SUCCESS");
        touch(root, "ham/nested/deeper.txt");   // not a document of label ham: one level only
        touch(root, "_tmp/x.txt");
        touch(root, "loose.txt");                // not in a label folder
        List<String> files = CorpusReader.listDocumentFiles(new org.apache.hadoop.fs.Path(root.toString()), true, new Configuration());
        assertThat(names(root, files)).containsExactly("ham/c.txt", "spam-1/a.txt", "spam-1/b.txt");
        assertThat(files.get(0)).startsWith("file:");
    }

    @Test
    void unlabelledInputTakesEveryVisibleFileBelowTheRootOrTheFileItself(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("inbox");
        touch(root, "2026/11/a.eml");
        touch(root, "2026/b.eml");
        touch(root, "2026/.b.eml.crc");
        touch(root, "_temporary/0/c.eml");
        List<String> files = CorpusReader.listDocumentFiles(new org.apache.hadoop.fs.Path(root.toString()), false, new Configuration());
        assertThat(names(root, files)).containsExactly("2026/11/a.eml", "2026/b.eml");
        List<String> one = CorpusReader.listDocumentFiles(new org.apache.hadoop.fs.Path(root.resolve("2026/b.eml").toString()), false,
                new Configuration());
        assertThat(one).hasSize(1);
        List<String> glob = CorpusReader.listDocumentFiles(new org.apache.hadoop.fs.Path(root + "/2026/*.eml"), false, new Configuration());
        assertThat(names(root, glob)).containsExactly("2026/b.eml");
        assertThat(CorpusReader.listDocumentFiles(new org.apache.hadoop.fs.Path(root + "/none*"), false, new Configuration())).isEmpty();
    }
}
