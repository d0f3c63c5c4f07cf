package org.textrnn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON style of textrnn's artifacts: pretty-printed, map keys in insertion order, record
 * components in declaration order (the artifacts' records name their snake_case keys with
 * {@code @JsonProperty}). Typed artifacts are read with {@link #read}; a file of any shape (shown as it
 * is, as the report's sections do) with {@link #readMap}.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** One line of JSON (for .jsonl files). */
    public static String line(Object value) {
        try {
            return COMPACT.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> readMap(String json, String source) {
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON tree of {@code json}, to look at before it is read as a type (a format number, say). */
    public static JsonNode readTree(String json, String source) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * {@code json} as a {@code type} (a record of an artifact).
     *
     * @throws IllegalArgumentException naming {@code source}: not JSON, or not of the type's shape
     */
    public static <T> T read(String json, Class<T> type, String source) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + (e instanceof com.fasterxml.jackson.core.JsonParseException
                    ? " is not valid JSON: " : " is not a valid " + type.getSimpleName() + ": ") + e.getOriginalMessage(), e);
        }
    }

    /** {@link #read} from a tree ({@link #readTree}). */
    public static <T> T read(JsonNode tree, Class<T> type, String source) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not a valid " + type.getSimpleName() + ": " + message(e), e);
        }
    }

    /** A record (or any value that writes as a JSON object) as the map its JSON reads back as: for views that list keys and values. */
    public static Map<String, Object> toMap(Object value) {
        return MAPPER.convertValue(value, MAP);
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
