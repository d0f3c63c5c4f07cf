package org.textrnn.text;

import java.util.regex.Pattern;

/** The URL, e-mail and number shapes both tokenizers fold to placeholder tokens. */
final class Folding {

    static final String URL = "(?:(?:https?|ftp)://|www\\.)[^\\s<>\"']+";
    static final String EMAIL = "[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+";
    /** Digits with optional sign, thousands separators and decimals: 42, -3.5, 1,000,000. */
    static final String NUMBER = "[+-]?\\p{Nd}+(?:[.,:]\\p{Nd}+)*";

    static final Pattern URL_SHAPE = Pattern.compile(URL + "[.,;:!?)]*");
    static final Pattern EMAIL_SHAPE = Pattern.compile("[<(\"']*" + EMAIL + "[>).,;:!?\"']*");
    static final Pattern NUMBER_SHAPE = Pattern.compile(NUMBER + "%?");

    private Folding() {
    }
}
