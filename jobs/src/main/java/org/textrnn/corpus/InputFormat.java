package org.textrnn.corpus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.textrnn.UsageException;

/** The corpus layouts prepare (and score) read. */
public enum InputFormat {
    /** The reference project's web-snippets lines: words, then the label as the last word. */
    LAST_WORD_LABEL(true),
    /** {@code label<TAB>text} lines (column order set by {@code --columns}), header optional. */
    TSV(true),
    /** CSV with a header; columns chosen with {@code --text-column}, {@code --label-column}, {@code --id-column}. */
    CSV(false),
    /** One JSON object per line, fields chosen like CSV columns. */
    JSONL(true),
    /** Parquet files, columns chosen like CSV columns. */
    PARQUET(false),
    /** One file per document, in a folder named after its label (20 Newsgroups, BBC). */
    DIR_PER_CLASS(false),
    /** Raw MIME messages, one per file, in a folder named after the label. */
    EMAIL(false);

    private final boolean lineBased;

    InputFormat(boolean lineBased) {
        this.lineBased = lineBased;
    }

    /** Read line by line, so rejected records can name their file and line. */
    public boolean lineBased() {
        return lineBased;
    }

    public boolean filePerDocument() {
        return this == DIR_PER_CLASS || this == EMAIL;
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String choices() {
        return Arrays.stream(values()).map(InputFormat::optionValue).collect(Collectors.joining("|"));
    }

    public static InputFormat parse(String value) {
        for (InputFormat f : values()) {
            if (f.optionValue().equals(value)) {
                return f;
            }
        }
        throw new UsageException("--format must be one of " + choices().replace("|", ", ") + "; found '" + value + "'");
    }
}
