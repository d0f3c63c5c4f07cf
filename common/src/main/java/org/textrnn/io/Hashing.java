package org.textrnn.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes used for identities (documents, vocabularies, configurations). */
public final class Hashing {

    private Hashing() {
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A document id from its text: the first 16 hex digits (64 bits) of the SHA-256 of the UTF-8
     * text. Collisions are negligible below billions of documents.
     */
    public static String documentId(String text) {
        return sha256Hex(text).substring(0, 16);
    }
}
