package org.textrnn.text;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Turns one raw RFC 822 / MIME e-mail message (the bytes of one file) into classification text: the
 * decoded subject and the readable body.
 *
 * <p>The body is the text of the MIME tree: {@code text/plain} is preferred; in a {@code multipart/alternative}
 * the plain alternative wins over HTML; HTML-only content is converted to text with jsoup (block elements
 * become line breaks, {@code script}/{@code style}/{@code head} are dropped); all text parts of other multiparts
 * are concatenated; parts with {@code Content-Disposition: attachment} and non-text parts are skipped, except
 * nested {@code message/rfc822} messages, whose subject and body are included. Transfer encodings (base64,
 * quoted-printable, uuencode) are decoded; an unknown transfer encoding is read as is.
 *
 * <p>Charsets never fail a message: a declared charset Java knows is used; a missing, unknown or bogus one
 * (and {@code us-ascii} / {@code utf-8}, which spam routinely mislabels) decodes as UTF-8 when the bytes are
 * valid UTF-8, else as ISO-8859-1. The same applies to raw 8-bit header bytes and to RFC 2047 encoded words.
 *
 * <p>Limits: it does not detect charsets beyond that UTF-8/Latin-1 guess, ignores hidden HTML text tricks,
 * keeps the text of {@code text/*} subtypes other than HTML (enriched, calendar, ...) verbatim, and ignores
 * parts nested deeper than {@value #MAX_DEPTH} levels. A message with no header/body separator is read by
 * Jakarta Mail as headers only and so yields an empty body rather than an error. Bytes that do not start
 * with a header field (after an optional mbox {@code From } line) are refused as not a message: Jakarta Mail
 * would read a binary or a plain text file as a body without headers.
 *
 * <p>Stateless and thread-safe.
 */
public final class EmailParser {

    /** Deeper MIME nesting is ignored: it only occurs in hostile messages and would risk a stack overflow. */
    static final int MAX_DEPTH = 32;

    /**
     * Shared because {@link Session#getInstance} reads the provider resource files on every call, and
     * MimeMessage only reads properties from it. Only session-scoped properties have an effect here;
     * Jakarta Mail reads the other lenient switches (decodetext.strict, base64.ignoreerrors,
     * ignoreunknownencoding) from System properties, so this class decodes encoded words and unknown
     * transfer encodings itself instead of depending on JVM-wide settings.
     */
    private static final Session SESSION = Session.getInstance(sessionProperties());

    private static final Set<String> KNOWN_TRANSFER_ENCODINGS = Set.of(
            "base64", "quoted-printable", "uuencode", "x-uuencode", "x-uue", "binary", "7bit", "8bit");

    private static final Set<String> SKIPPED_HTML_ELEMENTS = Set.of("script", "style", "head", "title", "template");

    private static final Set<String> PREFORMATTED_HTML_ELEMENTS = Set.of("pre", "textarea", "plaintext", "listing");

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

    static final String NOT_A_MESSAGE = "not an e-mail message: it does not start with a header field"
            + " (such as From:, Received: or Subject:), as an RFC 822 / MIME message does";

    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");

    private static final Pattern CHARSET_PARAM = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

    private static final Pattern BOUNDARY_PARAM = Pattern.compile("(?i)boundary\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");

    private EmailParser() {
    }

    /** The subject and body text of one message. Null components become empty strings. */
    public record EmailText(String subject, String body) {

        public EmailText {
            subject = subject == null ? "" : subject;
            body = body == null ? "" : body;
        }

        /** The subject, a line break and the body, trimmed; just the body when there is no subject. */
        public String text() {
            return subject.isBlank() ? body.strip() : (subject + "\n" + body).strip();
        }
    }

    /** The message cannot be read at all: it is empty or its MIME structure or transfer encoding is broken. */
    public static final class EmailParseException extends Exception {

        private static final long serialVersionUID = 1L;

        public EmailParseException(String message) {
            super(message);
        }

        public EmailParseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Parses one raw message.
     *
     * @param raw the bytes of one message file, optionally starting with an mbox {@code From } line
     * @return the decoded subject ("" when absent) and normalised body text
     * @throws EmailParseException when the input is empty or whitespace ("empty message"), does not start with
     *     a header field ({@value #NOT_A_MESSAGE}), or the MIME structure or a transfer encoding is broken
     *     ("cannot decode MIME message: ...")
     */
    public static EmailText parse(byte[] raw) throws EmailParseException {
        Objects.requireNonNull(raw, "raw");
        int start = mboxFromLineEnd(raw);
        if (isBlank(raw, start)) {
            throw new EmailParseException("empty message");
        }
        if (!startsWithHeaderField(raw, start)) {
            throw new EmailParseException(NOT_A_MESSAGE);
        }
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw, start, raw.length - start));
            return textOf(message, 0);
        } catch (MessagingException | IOException | RuntimeException e) {
            // RuntimeException too: Jakarta Mail throws unchecked exceptions on some malformed input, and one
            // hostile message must not take down a whole batch.
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new EmailParseException("cannot decode MIME message: " + cause, e);
        }
    }

    private static Properties sessionProperties() {
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        // false on purpose: with true, raw Latin-1 header bytes turn into U+FFFD and are lost; with false every
        // byte maps to one char, and decodeHeader() recovers UTF-8 from that losslessly.
        props.setProperty("mail.mime.allowutf8", "false");
        return props;
    }

    /**
     * Whether the bytes from {@code start} begin with a header field as RFC 5322 defines it: a name of
     * printable ASCII characters other than the colon, then the colon (obsolete syntax allows blanks
     * before it). Every real message starts so (From:, Return-Path:, Received:, ...); a binary,
     * an archive or a plain text file does not, and Jakarta Mail would read it as a message body.
     */
    static boolean startsWithHeaderField(byte[] raw, int start) {
        int i = start;
        while (i < raw.length && raw[i] >= 33 && raw[i] <= 126 && raw[i] != ':') {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t')) {
            i++;
        }
        return i < raw.length && raw[i] == ':';
    }

    /** Where the message starts: after a leading mbox "From " separator line, else 0. */
    static int mboxFromLineEnd(byte[] raw) {
        byte[] from = {'F', 'r', 'o', 'm', ' '};
        if (raw.length < from.length) {
            return 0;
        }
        for (int i = 0; i < from.length; i++) {
            if (raw[i] != from[i]) {
                return 0;
            }
        }
        // "From " (space, not colon) can never be a header name, so no further check is needed
        for (int i = from.length; i < raw.length; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return raw.length;
    }

    private static boolean isBlank(byte[] raw, int start) {
        for (int i = start; i < raw.length; i++) {
            byte b = raw[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }

    private static EmailText textOf(MimeMessage message, int depth) throws MessagingException, IOException {
        String subject = decodeHeader(message.getHeader("Subject", null));
        String body = normalise(extract(message, "text/plain", depth));
        return new EmailText(subject, body);
    }

    /** The readable text of one part and its children, not yet normalised. */
    private static String extract(MimePart part, String defaultType, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            return "";
        }
        MediaType type = MediaType.of(part.getHeader("Content-Type", null), defaultType);
        switch (type.primary) {
            case "multipart":
                return extractMultipart(part, type, depth);
            case "message":
                if (type.sub.equals("rfc822")) {
                    MimeMessage nested = new MimeMessage(SESSION, new ByteArrayInputStream(contentBytes(part)));
                    return textOf(nested, depth + 1).text();
                }
                // delivery-status, partial, external-body: machine data, not message text
                return "";
            case "text": {
                String text = decodeBytes(contentBytes(part), type.charset);
                return type.sub.equals("html") ? htmlToText(text) : text;
            }
            default:
                return "";
        }
    }

    private static String extractMultipart(MimePart part, MediaType type, int depth)
            throws MessagingException, IOException {
        // Built from our own decoded bytes rather than via getContent(): that needs the activation mailcap
        // registry, which shaded/fat jars on Spark executors often lose, and it applies JVM-wide strictness.
        MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(contentBytes(part), type.forDataSource()));
        String childDefault = type.sub.equals("digest") ? "message/rfc822" : "text/plain";
        List<MimeBodyPart> children = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            MimeBodyPart child = (MimeBodyPart) multipart.getBodyPart(i);
            if (!isSkippedAttachment(child, childDefault)) {
                children.add(child);
            }
        }
        if (type.sub.equals("alternative")) {
            return pickAlternative(children, childDefault, depth);
        }
        StringBuilder out = new StringBuilder();
        for (MimeBodyPart child : children) {
            String text = extract(child, childDefault, depth + 1);
            if (!text.isBlank()) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(text);
            }
        }
        return out.toString();
    }

    /** The first non-blank text/plain alternative, else the first alternative that yields any text. */
    private static String pickAlternative(List<MimeBodyPart> children, String childDefault, int depth)
            throws MessagingException, IOException {
        String fallback = null;
        for (MimeBodyPart child : children) {
            MediaType type = MediaType.of(child.getHeader("Content-Type", null), childDefault);
            boolean plain = type.primary.equals("text") && type.sub.equals("plain");
            if (!plain && fallback != null) {
                continue;
            }
            String text = extract(child, childDefault, depth + 1);
            if (text.isBlank()) {
                continue;
            }
            if (plain) {
                return text;
            }
            fallback = text;
        }
        return fallback == null ? "" : fallback;
    }

    /** Attachments are skipped, but a forwarded message/rfc822 is message text even when attached. */
    private static boolean isSkippedAttachment(MimeBodyPart part, String defaultType) throws MessagingException {
        String disposition = part.getHeader("Content-Disposition", null);
        if (disposition == null || !disposition.strip().toLowerCase(Locale.ROOT).startsWith("attachment")) {
            return false;
        }
        MediaType type = MediaType.of(part.getHeader("Content-Type", null), defaultType);
        return !(type.primary.equals("message") && type.sub.equals("rfc822"));
    }

    /** The part's content with its transfer encoding removed. */
    private static byte[] contentBytes(MimePart part) throws MessagingException, IOException {
        InputStream raw;
        if (part instanceof MimeBodyPart bodyPart) {
            raw = bodyPart.getRawInputStream();
        } else if (part instanceof MimeMessage message) {
            raw = message.getRawInputStream();
        } else {
            return readAll(part.getInputStream());
        }
        String encoding = transferEncoding(part);
        // Unknown encodings ("8bits", "7-bit", ...) are common in spam; read them as identity instead of
        // letting MimeUtility.decode throw, which it does unless a System property says otherwise.
        return readAll(KNOWN_TRANSFER_ENCODINGS.contains(encoding) ? MimeUtility.decode(raw, encoding) : raw);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String transferEncoding(MimePart part) throws MessagingException {
        String header = part.getHeader("Content-Transfer-Encoding", null);
        if (header == null) {
            return "7bit";
        }
        String value = header.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < value.length() && !Character.isWhitespace(value.charAt(end))
                && value.charAt(end) != ';' && value.charAt(end) != '(') {
            end++;
        }
        return value.substring(0, end);
    }

    // ---- charsets ----

    /** Decodes with the declared charset when Java knows it; otherwise, or for ascii/utf-8, guesses. */
    static String decodeBytes(byte[] bytes, String declaredCharset) {
        Charset charset = charsetOrNull(declaredCharset);
        if (charset == null || charset.equals(StandardCharsets.US_ASCII) || charset.equals(StandardCharsets.UTF_8)) {
            return utf8OrLatin1(bytes);
        }
        return new String(bytes, charset);
    }

    private static Charset charsetOrNull(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String cleaned = name.strip().replace("\"", "").replace("'", "");
        for (String candidate : new String[] {cleaned, MimeUtility.javaCharset(cleaned)}) {
            try {
                if (candidate != null && Charset.isSupported(candidate)) {
                    return Charset.forName(candidate);
                }
            } catch (IllegalArgumentException e) {
                // illegal charset name: try the next spelling, then fall back to guessing
            }
        }
        return null;
    }

    private static String utf8OrLatin1(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    // ---- headers ----

    /**
     * Unfolds a raw header value, recovers raw 8-bit bytes as UTF-8 or Latin-1, decodes RFC 2047 encoded words
     * anywhere in the value (not only whitespace-delimited ones), and collapses whitespace. Null gives "".
     */
    static String decodeHeader(String rawValue) {
        if (rawValue == null) {
            return "";
        }
        String value = MimeUtility.unfold(rawValue);
        if (!isAscii(value)) {
            // with allowutf8=false each header byte became one char in 0..255, so this is lossless
            value = utf8OrLatin1(value.getBytes(StandardCharsets.ISO_8859_1));
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
        String pendingCharset = null;
        int last = 0;
        Matcher m = ENCODED_WORD.matcher(value);
        while (m.find()) {
            String between = value.substring(last, m.start());
            String charset = m.group(1);
            int language = charset.indexOf('*'); // RFC 2231 language suffix, e.g. UTF-8*en
            if (language >= 0) {
                charset = charset.substring(0, language);
            }
            boolean joinsPrevious = pendingCharset != null && between.isBlank();
            // adjacent words in one charset are decoded together: encoders split multi-byte characters across them
            if (!joinsPrevious || !pendingCharset.equalsIgnoreCase(charset)) {
                flush(out, pendingBytes, pendingCharset);
                pendingCharset = null;
            }
            if (!joinsPrevious) {
                out.append(between);
            }
            byte[] decoded = m.group(2).equalsIgnoreCase("B") ? decodeBase64Word(m.group(3)) : decodeQWord(m.group(3));
            pendingBytes.writeBytes(decoded);
            pendingCharset = charset;
            last = m.end();
        }
        flush(out, pendingBytes, pendingCharset);
        out.append(value.substring(last));
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pendingBytes, String charset) {
        if (pendingBytes.size() > 0) {
            out.append(decodeBytes(pendingBytes.toByteArray(), charset));
        }
        pendingBytes.reset();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Lenient: ignores characters outside the alphabet and a dangling incomplete quantum. */
    private static byte[] decodeBase64Word(String text) {
        StringBuilder clean = new StringBuilder(text.length() + 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                clean.append(c);
            }
        }
        if (clean.length() % 4 == 1) {
            clean.setLength(clean.length() - 1);
        }
        while (clean.length() % 4 != 0) {
            clean.append('=');
        }
        return Base64.getDecoder().decode(clean.toString());
    }

    /** RFC 2047 "Q": '_' is a space, =XX a byte; a malformed escape is kept literally. */
    private static byte[] decodeQWord(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    // ---- HTML and whitespace ----

    /** HTML to text keeping the block structure as line breaks; script, style and head content are dropped. */
    static String htmlToText(String html) {
        StringBuilder out = new StringBuilder();
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    appendText(out, textNode);
                } else if (node instanceof Element element) {
                    if (SKIPPED_HTML_ELEMENTS.contains(element.normalName())) {
                        return FilterResult.SKIP_ENTIRELY;
                    }
                    if (element.normalName().equals("br")) {
                        // explicit breaks are kept as typed; normalise() later caps runs of them at one blank line
                        out.append('\n');
                    } else {
                        appendBoundary(out, element);
                    }
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node instanceof Element element && !element.normalName().equals("br")) {
                    appendBoundary(out, element);
                }
                return FilterResult.CONTINUE;
            }
        }, Jsoup.parse(html).body());
        return out.toString();
    }

    private static void appendText(StringBuilder out, TextNode node) {
        if (isPreformatted(node)) {
            out.append(node.getWholeText());
            return;
        }
        // jsoup's text() already collapses whitespace (nbsp included) inside the node; this avoids doubled
        // spaces where two nodes meet and leading spaces at the start of a line
        String text = node.text();
        if (atLineOrWordStart(out) && text.startsWith(" ")) {
            text = text.substring(1);
        }
        out.append(text);
    }

    /** Block elements start and end a line, table cells are separated by a space, inline elements add nothing. */
    private static void appendBoundary(StringBuilder out, Element element) {
        String name = element.normalName();
        if (name.equals("td") || name.equals("th")) {
            if (!atLineOrWordStart(out)) {
                out.append(' ');
            }
        } else if (element.isBlock()) {
            while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
                out.setLength(out.length() - 1);
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
        }
    }

    private static boolean atLineOrWordStart(StringBuilder out) {
        if (out.length() == 0) {
            return true;
        }
        char last = out.charAt(out.length() - 1);
        return last == ' ' || last == '\n';
    }

    private static boolean isPreformatted(TextNode node) {
        for (Element parent = (Element) node.parent(); parent != null; parent = parent.parent()) {
            if (PREFORMATTED_HTML_ELEMENTS.contains(parent.normalName())) {
                return true;
            }
        }
        return false;
    }

    /** Line breaks to \n, trailing spaces stripped, runs of blank lines to one, no leading/trailing blank lines. */
    static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingBlank = false;
        for (String line : LINE_BREAK.split(text, -1)) {
            String trimmed = stripTrailingSpace(line);
            if (trimmed.isEmpty()) {
                pendingBlank = out.length() > 0;
                continue;
            }
            if (out.length() > 0) {
                out.append(pendingBlank ? "\n\n" : "\n");
            }
            pendingBlank = false;
            out.append(trimmed);
        }
        return out.toString();
    }

    private static String stripTrailingSpace(String line) {
        int end = line.length();
        while (end > 0 && (Character.isWhitespace(line.charAt(end - 1)) || Character.isSpaceChar(line.charAt(end - 1)))) {
            end--;
        }
        return line.substring(0, end);
    }

    // ---- content types ----

    /** A content type that never fails to parse: broken headers fall back to what regexes can salvage. */
    private static final class MediaType {
        final String primary;
        final String sub;
        final String charset;
        private final String header;
        private final String boundary;

        private MediaType(String primary, String sub, String charset, String boundary, String header) {
            this.primary = primary;
            this.sub = sub;
            this.charset = charset;
            this.boundary = boundary;
            this.header = header;
        }

        static MediaType of(String header, String defaultType) {
            if (header == null || header.isBlank()) {
                return of(defaultType, "text/plain");
            }
            String value = MimeUtility.unfold(header).strip();
            try {
                ContentType parsed = new ContentType(value);
                return new MediaType(parsed.getPrimaryType().toLowerCase(Locale.ROOT),
                        parsed.getSubType().toLowerCase(Locale.ROOT), parsed.getParameter("charset"),
                        parsed.getParameter("boundary"), value);
            } catch (ParseException | RuntimeException e) {
                return salvage(value);
            }
        }

        private static MediaType salvage(String value) {
            int semicolon = value.indexOf(';');
            String base = (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            int slash = base.indexOf('/');
            // "text" without a subtype is still text; anything unrecognisable is read as the RFC default
            String primary = (slash < 0 ? base : base.substring(0, slash)).strip();
            String sub = slash < 0 ? "plain" : base.substring(slash + 1).strip();
            if (primary.isEmpty()) {
                primary = "text";
                sub = "plain";
            }
            Matcher charset = CHARSET_PARAM.matcher(value);
            Matcher boundary = BOUNDARY_PARAM.matcher(value);
            String boundaryValue = null;
            if (boundary.find()) {
                boundaryValue = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
            }
            return new MediaType(primary, sub, charset.find() ? charset.group(1) : null, boundaryValue, null);
        }

        /** The content type MimeMultipart will re-parse; rebuilt cleanly when the original was malformed. */
        String forDataSource() {
            if (header != null) {
                return header;
            }
            String base = primary + "/" + sub;
            return boundary == null ? base : base + "; boundary=\"" + boundary.replace("\"", "") + "\"";
        }
    }
}
