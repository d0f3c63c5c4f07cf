package org.textrnn.command;

import org.textrnn.UsageException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.textrnn.io.HadoopFiles;

/**
 * A textrnn config file: one {@code key = value} per line, {@code #} starts a comment line, keys are
 * the option names without dashes. A key may be scoped to one command ({@code train.seed = 7}); the
 * scoped key wins over the plain one for that command. Values are taken literally (no escapes, so
 * regular expressions and Windows paths need no doubling); a repeatable option takes a
 * comma-separated list. Read from any Hadoop file system path.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    static Map<String, String> read(String location) {
        String text;
        try {
            Path path = new Path(location);
            if (!HadoopFiles.exists(path, new Configuration())) {
                throw new UsageException("--config " + location + " does not exist");
            }
            text = HadoopFiles.readText(path, new Configuration());
        } catch (IOException e) {
            throw new UsageException("--config " + location + " cannot be read: " + e.getMessage());
        }
        return parse(text, location);
    }

    static Map<String, String> parse(String text, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(source + " line " + (i + 1) + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (values.put(key, value) != null) {
                throw new UsageException(source + " line " + (i + 1) + ": key '" + key + "' is set twice");
            }
        }
        return values;
    }
}
