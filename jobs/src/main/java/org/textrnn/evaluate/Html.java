package org.textrnn.evaluate;

import java.util.Locale;

/** Text for the report's HTML: escaping, and metric values as the report prints them. */
final class Html {

    private Html() {
    }

    /** HTML-escapes text for element content and (double- or single-quoted) attribute values; null is "". */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A metric value, as HTML: a number with four decimals, an en dash when missing (null or NaN), anything else escaped. */
    static String number(Object o) {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) ? "&ndash;" : String.format(Locale.ROOT, "%.4f", d);
        }
        return o == null ? "&ndash;" : esc(String.valueOf(o));
    }
}
