package org.textrnn.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * Input files that Hadoop's local file system cannot read, for tests of bad input. (Tests run as
 * root here, so a file without read permission is still readable.)
 */
public final class UnreadableFiles {

    private UnreadableFiles() {
    }

    /**
     * A file whose bytes no longer match the checksum Hadoop's local file system keeps next to it
     * ({@code .NAME.crc}): reading it fails with a ChecksumException, as a corrupted block would.
     * {@code written} and {@code now} must have the same length.
     */
    public static void checksumMismatch(Path file, String written, String now) throws IOException {
        if (written.length() != now.length()) {
            throw new IllegalArgumentException("same length, so that only the checksum tells");
        }
        Files.createDirectories(file.getParent());
        FileSystem local = FileSystem.getLocal(new Configuration());
        try (FSDataOutputStream out = local.create(new org.apache.hadoop.fs.Path(file.toUri()), true)) {
            out.write(written.getBytes(StandardCharsets.UTF_8));
        }
        if (!Files.exists(file.resolveSibling("." + file.getFileName() + ".crc"))) {
            throw new IllegalStateException("Hadoop's local file system wrote no checksum for " + file);
        }
        Files.writeString(file, now);
    }

    /** A gzip file cut in the middle: its first lines decompress, then reading fails ("Unexpected end of input stream"). */
    public static void truncatedGzip(Path file, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = bytes.toByteArray();
        Files.createDirectories(file.getParent());
        Files.write(file, Arrays.copyOf(all, all.length / 2));
    }
}
