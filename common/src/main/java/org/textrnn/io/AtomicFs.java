package org.textrnn.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The few file-system steps textrnn's commit protocols are built of, each atomic where the file
 * system allows: on a local disk through {@code java.nio} (rename(2), link(2)), elsewhere through
 * Hadoop (on HDFS a rename and an exclusive create are atomic; on S3 a rename is a copy, see
 * {@code docs/outputs.md}). Local paths get no Hadoop {@code .crc} side files.
 */
public final class AtomicFs {

    private final FileSystem fs;
    private final Configuration conf;
    private final boolean local;

    private AtomicFs(FileSystem fs, Configuration conf) {
        this.fs = fs;
        this.conf = conf;
        this.local = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
    }

    /** The file system of {@code path}. */
    public static AtomicFs of(Path path, Configuration conf) throws IOException {
        return new AtomicFs(path.getFileSystem(conf), conf);
    }

    public boolean isLocal() {
        return local;
    }

    private File file(Path p) {
        return new File(fs.makeQualified(p).toUri());
    }

    public boolean exists(Path p) throws IOException {
        return local ? Files.exists(file(p).toPath(), java.nio.file.LinkOption.NOFOLLOW_LINKS) : fs.exists(p);
    }

    /** Renames {@code src} to {@code dst}, which must not exist; false when {@code src} does not exist (any more). */
    public boolean rename(Path src, Path dst) throws IOException {
        if (exists(dst)) {
            throw new FileAlreadyExistsException(dst + " exists: cannot move " + src + " there");
        }
        if (local) {
            try {
                Files.move(file(src).toPath(), file(dst).toPath(), StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }
        if (!fs.exists(src)) {
            return false;
        }
        if (!fs.rename(src, dst)) {
            throw new IOException("cannot move " + src + " to " + dst);
        }
        return true;
    }

    /** Writes {@code text} to {@code path} so that a reader sees the old file or the whole new one, never a part. */
    public void writeAtomically(Path path, String text) throws IOException {
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp-" + UUID.randomUUID());
        if (local) {
            Files.move(writeTemporary(tmp, text), file(path).toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        writeTemporary(tmp, text);
        try {
            FileContext.getFileContext(fs.getUri(), conf).rename(tmp, path, Options.Rename.OVERWRITE);
        } catch (IOException | UnsupportedOperationException e) {
            // a file system without an atomic overwriting rename (an object store: there a single
            // object's write is atomic anyway, and a rename is a copy)
            fs.delete(path, false);
            if (!fs.rename(tmp, path)) {
                throw new IOException("cannot move " + tmp + " to " + path, e);
            }
        }
    }

    /** Creates {@code path} holding {@code text} only if it does not exist, in one atomic step; false when it exists. */
    public boolean createExclusive(Path path, String text) throws IOException {
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".new-" + UUID.randomUUID());
        if (local) {
            java.nio.file.Path t = writeTemporary(tmp, text);
            try {
                Files.createLink(file(path).toPath(), t); // link(2) fails when the name exists
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(t);
            }
        }
        writeTemporary(tmp, text);
        try {
            return fs.rename(tmp, path); // HDFS: fails when the target exists
        } finally {
            fs.delete(tmp, false);
        }
    }

    /** Writes {@code text} to the temporary file {@code tmp} (its local path, or null elsewhere), to be moved into place. */
    private java.nio.file.Path writeTemporary(Path tmp, String text) throws IOException {
        if (local) {
            java.nio.file.Path t = file(tmp).toPath();
            Files.createDirectories(t.getParent());
            Files.writeString(t, text, StandardCharsets.UTF_8);
            return t;
        }
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** The file's text, or null when it does not exist. */
    public String readOrNull(Path path) throws IOException {
        if (local) {
            try {
                return Files.readString(file(path).toPath(), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            }
        }
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
    }

    /** Milliseconds since the epoch of the last change, or -1 when absent. */
    public long modified(Path path) throws IOException {
        if (local) {
            File f = file(path);
            return f.exists() ? f.lastModified() : -1;
        }
        try {
            return fs.getFileStatus(path).getModificationTime();
        } catch (java.io.FileNotFoundException e) {
            return -1;
        }
    }

    /** Deletes a file or a whole folder; nothing when absent. */
    public void delete(Path path) throws IOException {
        if (local) {
            java.nio.file.Path p = file(path).toPath();
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<java.nio.file.Path> all = Files.walk(p)) {
                    for (java.nio.file.Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            } else {
                Files.deleteIfExists(p);
            }
            return;
        }
        fs.delete(path, true);
    }

    /** The names in folder {@code dir} (none when it does not exist). */
    public List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        if (local) {
            String[] n = file(dir).list();
            if (n != null) {
                names.addAll(List.of(n));
            }
            return names;
        }
        if (!fs.exists(dir)) {
            return names;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            names.add(s.getPath().getName());
        }
        return names;
    }

    public void mkdirs(Path dir) throws IOException {
        if (local) {
            Files.createDirectories(file(dir).toPath());
        } else {
            fs.mkdirs(dir);
        }
    }

    public FileSystem hadoop() {
        return fs;
    }
}
