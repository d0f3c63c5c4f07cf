package org.textrnn.corpus;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.textrnn.command.Rule;
import org.textrnn.command.Rules;
import org.textrnn.command.Settings;
import org.textrnn.UsageException;
import picocli.CommandLine.Option;

/**
 * How records are found in the input: which columns or fields hold the text, label and id, how
 * labels are read from folder names, the text encoding. The options that set them are declared
 * once, in {@link Builder}, the option group of every command that reads raw documents (prepare,
 * score, evaluate).
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

    private static final Set<String> TSV_COLUMNS = Set.of("id", "label", "text", "_");

    public ReaderOptions {
        columns = List.copyOf(columns);
        textColumns = List.copyOf(textColumns);
        if (textColumns.isEmpty()) {
            throw new UsageException("--text-column must name at least one column");
        }
    }

    /** The defaults of every option. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the tsv column list has a label column. */
    public boolean tsvHasLabel() {
        return columns.contains("label");
    }

    /** The reader options: a picocli option group, and the builder of {@link ReaderOptions}. */
    public static final class Builder {

        @Option(names = "--columns", paramLabel = "LIST", split = ",",
                description = "tsv: column order, names among id, label, text and _ (ignored).")
        @Rule(check = TsvColumns.class)
        List<String> columns = new ArrayList<>(List.of("label", "text"));

        @Option(names = "--header", paramLabel = "auto|true|false",
                description = "tsv/csv first line is a header; auto: csv yes, tsv when it equals the column names.")
        @Rule(oneOf = {"auto", "true", "false"}, says = "must be auto, true or false")
        String header = "auto";

        @Option(names = "--csv.delimiter", paramLabel = "CHAR", description = "csv: field delimiter.")
        @Rule(matches = "(?s).+", says = "must not be empty")
        String csvDelimiter = ",";

        @Option(names = "--csv.escape", paramLabel = "CHAR",
                description = "csv: escapes a quote inside a quoted field (\" : doubled quotes, as RFC 4180).")
        @Rule(matches = "(?s).", says = "must be one character")
        String csvEscape = "\"";

        @Option(names = "--csv.multiline", paramLabel = "BOOL", arity = "1",
                description = "csv: quoted fields may span lines (files are then read whole, not split).")
        boolean csvMultiline = true;

        @Option(names = "--text-column", paramLabel = "LIST", split = ",",
                description = "csv/jsonl/parquet: column(s) holding the text, joined by a line break.")
        List<String> textColumns = new ArrayList<>(List.of("text"));

        @Option(names = "--label-column", paramLabel = "NAME", description = "csv/jsonl/parquet: column holding the label.")
        String labelColumn = "label";

        @Option(names = "--id-column", paramLabel = "NAME",
                description = "csv/jsonl/parquet: column holding a document id (none: a content hash).")
        String idColumn;

        @Option(names = "--label-regex", paramLabel = "REGEX",
                description = "dir-per-class/email: take the label from the folder name by this regex (its first group, else the match).")
        @Rule(check = Rules.ValidRegex.class)
        String labelRegex;

        @Option(names = "--encoding", paramLabel = "CHARSET",
                description = "Text encoding of line formats and dir-per-class files; undecodable records are rejected.")
        @Rule(check = Supported.class)
        String encoding = "UTF-8";

        Builder() {
        }

        /** A builder holding {@code options}' values. */
        public static Builder of(ReaderOptions options) {
            return new Builder().columns(options.columns().toArray(new String[0])).header(options.header())
                    .csvDelimiter(options.csvDelimiter()).csvEscape(options.csvEscape()).csvMultiline(options.csvMultiline())
                    .textColumns(options.textColumns().toArray(new String[0])).labelColumn(options.labelColumn())
                    .idColumn(options.idColumn()).labelRegex(options.labelRegex()).encoding(options.encoding());
        }

        public Builder columns(String... columns) {
            this.columns = new ArrayList<>(List.of(columns));
            return this;
        }

        public Builder header(String header) {
            this.header = header;
            return this;
        }

        public Builder csvDelimiter(String csvDelimiter) {
            this.csvDelimiter = csvDelimiter;
            return this;
        }

        public Builder csvEscape(String csvEscape) {
            this.csvEscape = csvEscape;
            return this;
        }

        public Builder csvMultiline(boolean csvMultiline) {
            this.csvMultiline = csvMultiline;
            return this;
        }

        public Builder textColumns(String... textColumns) {
            this.textColumns = new ArrayList<>(List.of(textColumns));
            return this;
        }

        public Builder labelColumn(String labelColumn) {
            this.labelColumn = labelColumn;
            return this;
        }

        public Builder idColumn(String idColumn) {
            this.idColumn = idColumn;
            return this;
        }

        public Builder labelRegex(String labelRegex) {
            this.labelRegex = labelRegex;
            return this;
        }

        public Builder encoding(String encoding) {
            this.encoding = encoding;
            return this;
        }

        /** The reader options; their rules are checked by the config that holds them ({@link Rules#check}). */
        public ReaderOptions build() {
            return new ReaderOptions(Settings.parts(columns), header, csvDelimiter, csvEscape, csvMultiline,
                    Settings.parts(textColumns), labelColumn, Settings.orNull(idColumn), Settings.orNull(labelRegex), encoding);
        }
    }

    /** {@code --columns}: known names, the text column exactly once, label and id at most once. */
    static final class TsvColumns implements Rule.Check<List<String>> {
        @Override
        public String problem(List<String> value) {
            List<String> columns = Settings.parts(value);
            for (String c : columns) {
                if (!TSV_COLUMNS.contains(c)) {
                    return "entries must be id, label, text or _ (ignored); found '" + c + "'";
                }
            }
            if (columns.stream().filter("text"::equals).count() != 1) {
                return "must name the text column exactly once; found " + columns;
            }
            if (columns.stream().filter("label"::equals).count() > 1 || columns.stream().filter("id"::equals).count() > 1) {
                return "may name label and id at most once; found " + columns;
            }
            return null;
        }

        @Override
        public String rule() {
            return "must name text once, and label and id at most once";
        }
    }

    /** {@code --encoding}: a character set this Java supports. */
    static final class Supported implements Rule.Check<String> {
        @Override
        public String problem(String value) {
            try {
                Charset.forName(value);
                return null;
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return "'" + value + "' is not a character set this Java supports";
            }
        }

        @Override
        public String rule() {
            return "must be a character set this Java supports";
        }
    }
}
