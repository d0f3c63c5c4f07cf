package org.textrnn.command;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.textrnn.UsageException;
import org.textrnn.io.HadoopFiles;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A textrnn config file, {@code --config FILE}: one {@code key = value} per line, {@code #} starts a
 * comment line, keys are the option names without dashes. A key may be scoped to one command
 * ({@code train.seed = 7}); the scoped key wins over the plain one for that command. Values are taken
 * literally (no escapes, so regular expressions and Windows paths need no doubling); a repeatable
 * option takes a comma-separated list. Read from any Hadoop file system path.
 *
 * <p>As picocli's default value provider it gives an option the file's value when the command line
 * does not give one; the option's own default comes after.
 */
final class ConfigFile implements IDefaultValueProvider {

    /** No config file. */
    static final ConfigFile NONE = new ConfigFile(null, "", Map.of());

    private final String location;
    private final String command;
    private final Map<String, String> values;

    private ConfigFile(String location, String command, Map<String, String> values) {
        this.location = location;
        this.command = command;
        this.values = values;
    }

    /**
     * Reads {@code location} for {@code command}, whose options are {@code own}; a key that is no
     * option of it, of another command ({@code others}) or scoped to another command is a mistake.
     */
    static ConfigFile read(String location, String command, Set<String> own, Set<String> others, Set<String> commandNames) {
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
        Map<String, String> values = parse(text, location);
        for (String key : values.keySet()) {
            if (key.startsWith(command + ".")) {
                String bare = key.substring(command.length() + 1);
                if (!own.contains(bare)) {
                    throw new UsageException(location + ": unknown key '" + key + "' for " + command + Parser.suggestion(bare, own));
                }
                continue;
            }
            int dot = key.indexOf('.');
            boolean scopedToOther = dot > 0 && commandNames.contains(key.substring(0, dot));
            if (!scopedToOther && !own.contains(key) && !others.contains(key)) {
                throw new UsageException(location + ": unknown key '" + key + "'" + Parser.suggestion(key, own));
            }
        }
        return new ConfigFile(location, command, values);
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

    /** The file's value of option {@code name} for this command (the scoped key first), or null. */
    String value(String name) {
        if (name.equals(StandardOptions.CONFIG) || name.equals(StandardOptions.HELP)) {
            return null;
        }
        String scoped = values.get(command + "." + name);
        return scoped != null ? scoped : values.get(name);
    }

    /** Where the values come from, as messages name it: the path given to --config. */
    String location() {
        return location;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec o ? value(Parser.name(o)) : null;
    }
}
