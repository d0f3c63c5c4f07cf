package org.textrnn.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Turns one line of a line-based format into a {@link RawSchema} row. */
abstract class LineParser implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * @param firstLineOfFile the line is the first of its file (where a header would be)
     */
    abstract Row parse(String line, String source, String split, boolean firstLineOfFile);

    static LineParser forFormat(InputFormat format, ReaderOptions options, boolean labelled) {
        return switch (format) {
            case LAST_WORD_LABEL -> new LastWordLabel(labelled);
            case TSV -> new Tsv(options);
            case JSONL -> new JsonLines(options, labelled);
            default -> throw new IllegalArgumentException(format + " is not a line format");
        };
    }

    /** Words, then the label as the last word (the reference's web-snippets format). */
    static final class LastWordLabel extends LineParser {
        private static final long serialVersionUID = 1L;
        private final boolean labelled;

        LastWordLabel(boolean labelled) {
            this.labelled = labelled;
        }

        @Override
        Row parse(String line, String source, String split, boolean firstLineOfFile) {
            String s = line.strip();
            if (s.isEmpty()) {
                return RawSchema.empty(source, split);
            }
            if (!labelled) {
                return RawSchema.ok(null, null, s, source, split);
            }
            int cut = s.length() - 1;
            while (cut >= 0 && !Character.isWhitespace(s.charAt(cut))) {
                cut--;
            }
            if (cut < 0) {
                return RawSchema.rejected(line, source, "only one word, so no text before the label '" + s + "'", split);
            }
            return RawSchema.ok(null, s.substring(cut + 1), s.substring(0, cut).strip(), source, split);
        }
    }

    /** Tab-separated columns in the order of {@code --columns}; the text keeps any further tabs when it is last. */
    static final class Tsv extends LineParser {
        private static final long serialVersionUID = 1L;
        private final List<String> columns;
        private final String header;

        Tsv(ReaderOptions options) {
            this.columns = options.columns();
            this.header = options.header();
        }

        @Override
        Row parse(String line, String source, String split, boolean firstLineOfFile) {
            if (line.isBlank()) {
                return RawSchema.empty(source, split);
            }
            boolean textLast = columns.get(columns.size() - 1).equals("text");
            String[] f = line.split("\t", textLast ? columns.size() : -1);
            if (firstLineOfFile && (header.equals("true") || (header.equals("auto") && List.of(f).equals(columns)))) {
                return null;
            }
            if (f.length != columns.size()) {
                return RawSchema.rejected(line, source, "expected " + columns.size() + " tab-separated fields ("
                        + String.join(",", columns) + "), found " + f.length, split);
            }
            String id = null;
            String label = null;
            String text = null;
            for (int i = 0; i < f.length; i++) {
                switch (columns.get(i)) {
                    case "id" -> id = f[i].strip();
                    case "label" -> label = f[i].strip();
                    case "text" -> text = f[i];
                    default -> { }
                }
            }
            if (columns.contains("label") && label.isEmpty()) {
                return RawSchema.rejected(line, source, "empty label", split);
            }
            if (text.isBlank()) {
                return RawSchema.empty(source, split);
            }
            return RawSchema.ok(id == null || id.isEmpty() ? null : id, label, text, source, split);
        }
    }

    /** One JSON object per line; the text, label and id come from the configured fields. */
    static final class JsonLines extends LineParser {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper MAPPER = new ObjectMapper();
        private final List<String> textFields;
        private final String labelField;
        private final String idField;
        private final boolean labelled;

        JsonLines(ReaderOptions options, boolean labelled) {
            this.textFields = options.textColumns();
            this.labelField = options.labelColumn();
            this.idField = options.idColumn();
            this.labelled = labelled;
        }

        @Override
        Row parse(String line, String source, String split, boolean firstLineOfFile) {
            if (line.isBlank()) {
                return RawSchema.empty(source, split);
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                return RawSchema.rejected(line, source, "invalid JSON: " + e.getOriginalMessage(), split);
            }
            if (node == null || !node.isObject()) {
                return RawSchema.rejected(line, source, "not a JSON object", split);
            }
            List<String> parts = new ArrayList<>();
            boolean anyField = false;
            for (String f : textFields) {
                JsonNode t = node.get(f);
                if (t != null) {
                    anyField = true;
                    if (!t.isNull()) {
                        parts.add(t.isValueNode() ? t.asText() : t.toString());
                    }
                }
            }
            if (!anyField) {
                return RawSchema.rejected(line, source, "no text field '" + String.join("', '", textFields) + "'", split);
            }
            String label = null;
            if (labelled) {
                JsonNode l = node.get(labelField);
                if (l == null || l.isNull() || !l.isValueNode() || l.asText().isBlank()) {
                    return RawSchema.rejected(line, source, "no label in field '" + labelField + "'", split);
                }
                label = l.asText().strip();
            }
            String id = null;
            if (idField != null) {
                JsonNode i = node.get(idField);
                if (i != null && !i.isNull() && !i.asText().isBlank()) {
                    id = i.asText().strip();
                }
            }
            String text = String.join("\n", parts);
            if (text.isBlank()) {
                return RawSchema.empty(source, split);
            }
            return RawSchema.ok(id, label, text, source, split);
        }
    }
}
