package org.textrnn.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small whole-file reads and writes on any Hadoop file system (local, HDFS, S3A). */
public final class HadoopFiles {

    private HadoopFiles() {
    }

    public static String readText(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code text} as UTF-8, replacing the file. */
    public static void writeText(Path path, String text, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        try (OutputStream out = fs.create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Appends {@code text} (a file system without append support gets the file rewritten). */
    public static void append(Path path, String text, Configuration conf) throws IOException {
        String before = exists(path, conf) ? readText(path, conf) : "";
        writeText(path, before + text, conf);
    }

    public static boolean exists(Path path, Configuration conf) throws IOException {
        return path.getFileSystem(conf).exists(path);
    }
}
