package org.textrnn.corpus;

import static org.textrnn.command.OptionSpec.value;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.textrnn.command.OptionSpec;
import org.textrnn.command.Settings;
import org.textrnn.UsageException;

/**
 * How records are found in the input: which columns or fields hold the text, label and id, how
 * labels are read from folder names, the text encoding.
 *
 * @param columns      tsv column order: names among id, label, text, and "_" for ignored columns
 * @param header       tsv/csv first line: "auto" (csv: a header; tsv: skipped when it equals the
 *                     column names), "true" or "false"
 * @param textColumns  csv/jsonl/parquet columns joined (by a newline) into the text
 * @param idColumn     csv/jsonl/parquet/tsv id column, or null for content-hash ids
 * @param labelRegex   dir-per-class/email: the label is the first group (or whole match) of this
 *                     regular expression found in the folder name; null takes the folder name
 */
public record ReaderOptions(List<String> columns, String header, String csvDelimiter, String csvEscape, boolean csvMultiline,
                            List<String> textColumns, String labelColumn, String idColumn,
                            String labelRegex, String encoding) implements Serializable {

    /** The reader options of every command that reads raw documents (prepare, score, evaluate). */
    public static final List<OptionSpec> OPTIONS = List.of(
                value("columns", "LIST", "label,text", "tsv: column order, names among id, label, text and _ (ignored)."),
                value("header", "auto|true|false", "auto", "tsv/csv first line is a header; auto: csv yes, tsv when it equals the column names."),
                value("csv.delimiter", "CHAR", ",", "csv: field delimiter."),
                value("csv.escape", "CHAR", "\"", "csv: escapes a quote inside a quoted field (\" : doubled quotes, as RFC 4180)."),
                value("csv.multiline", "BOOL", "true", "csv: quoted fields may span lines (files are then read whole, not split)."),
                value("text-column", "LIST", "text", "csv/jsonl/parquet: column(s) holding the text, joined by a line break."),
                value("label-column", "NAME", "label", "csv/jsonl/parquet: column holding the label."),
                value("id-column", "NAME", "", "csv/jsonl/parquet: column holding a document id (none: a content hash)."),
                value("label-regex", "REGEX", "", "dir-per-class/email: take the label from the folder name by this regex (its first group, else the match)."),
                value("encoding", "CHARSET", "UTF-8", "Text encoding of line formats and dir-per-class files; undecodable records are rejected."));

    private static final Set<String> TSV_COLUMNS = Set.of("id", "label", "text", "_");

    public ReaderOptions {
        columns = List.copyOf(columns);
        textColumns = List.copyOf(textColumns);
        for (String c : columns) {
            if (!TSV_COLUMNS.contains(c)) {
                throw new UsageException("--columns entries must be id, label, text or _ (ignored); found '" + c + "'");
            }
        }
        if (columns.stream().filter("text"::equals).count() != 1) {
            throw new UsageException("--columns must name the text column exactly once; found " + columns);
        }
        if (columns.stream().filter("label"::equals).count() > 1 || columns.stream().filter("id"::equals).count() > 1) {
            throw new UsageException("--columns may name label and id at most once; found " + columns);
        }
        if (!Set.of("auto", "true", "false").contains(header)) {
            throw new UsageException("--header must be auto, true or false; found '" + header + "'");
        }
        if (csvDelimiter.isEmpty()) {
            throw new UsageException("--csv.delimiter must not be empty");
        }
        if (csvEscape.length() != 1) {
            throw new UsageException("--csv.escape must be one character, found '" + csvEscape + "'");
        }
        if (textColumns.isEmpty()) {
            throw new UsageException("--text-column must name at least one column");
        }
        if (labelRegex != null) {
            try {
                Pattern.compile(labelRegex);
            } catch (PatternSyntaxException e) {
                throw new UsageException("--label-regex is not a valid regular expression: " + e.getDescription()
                        + " in '" + labelRegex + "'");
            }
        }
        try {
            Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UsageException("--encoding '" + encoding + "' is not a character set this Java supports");
        }
    }

    /** The reader options of a command line; fails with {@link UsageException} naming the option. */
    public static ReaderOptions from(Settings s) {
        return new ReaderOptions(s.csv("columns"), s.string("header"), s.string("csv.delimiter"), s.string("csv.escape"),
                s.bool("csv.multiline"), s.csv("text-column"), s.string("label-column"), s.optional("id-column"),
                s.optional("label-regex"), s.string("encoding"));
    }

    /** Whether the tsv column list has a label column. */
    public boolean tsvHasLabel() {
        return columns.contains("label");
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", String.join(",", columns));
        m.put("header", header);
        m.put("csv.delimiter", csvDelimiter);
        m.put("csv.escape", csvEscape);
        m.put("csv.multiline", csvMultiline);
        m.put("text-column", String.join(",", textColumns));
        m.put("label-column", labelColumn);
        m.put("id-column", idColumn == null ? "" : idColumn);
        m.put("label-regex", labelRegex == null ? "" : labelRegex);
        m.put("encoding", encoding);
        return m;
    }
}
