package org.textrnn.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.textrnn.text.EmailParser.EmailParseException;
import org.textrnn.text.EmailParser.EmailText;

class EmailParserTest {

    private static EmailText parseAscii(String message) throws EmailParseException {
        return EmailParser.parse(message.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void plainTextMessageKeepsWordsAndCollapsesBlankLines() throws Exception {
        EmailText email = parseAscii("""
                From: alice@example.com
                To: bob@example.com
                Subject: Quarterly report
                Content-Type: text/plain; charset=us-ascii

                Hi Bob,\s\s


                The numbers are in.\s



                Regards,
                Alice
                """);

        assertThat(email.subject()).isEqualTo("Quarterly report");
        assertThat(email.body()).isEqualTo("Hi Bob,\n\nThe numbers are in.\n\nRegards,\nAlice");
        assertThat(email.text()).isEqualTo("Quarterly report\nHi Bob,\n\nThe numbers are in.\n\nRegards,\nAlice");
    }

    @Test
    void messageWithoutSubjectOrContentTypeIsPlainTextAndTextIsJustTheBody() throws Exception {
        EmailText email = parseAscii("""
                From: alice@example.com

                  Just a body.
                """);

        assertThat(email.subject()).isEmpty();
        assertThat(email.body()).isEqualTo("  Just a body.");
        assertThat(email.text()).isEqualTo("Just a body.");
    }

    @Test
    void base64EncodedWordSubjectInUtf8IsDecoded() throws Exception {
        EmailText email = parseAscii("""
                Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=

                body
                """);

        assertThat(email.subject()).isEqualTo("Grüße aus Köln");
    }

    @Test
    void quotedPrintableEncodedWordSubjectInLatin1IsDecoded() throws Exception {
        EmailText email = parseAscii("""
                Subject: Re: =?ISO-8859-1?Q?Caf=E9_cr=E8me?= offer

                body
                """);

        assertThat(email.subject()).isEqualTo("Re: Café crème offer");
    }

    @Test
    void adjacentEncodedWordsJoinWithoutTheirSeparatingSpaceEvenWhenSplittingACharacter() throws Exception {
        // "Grüße" with the two bytes of "ü" split across words, folded over two lines
        EmailText email = parseAscii("""
                Subject: =?UTF-8?Q?Gr=C3?=
                 =?UTF-8?Q?=BC=C3=9Fe?= =?ISO-8859-1?Q?_und_K=F6ln?=

                body
                """);

        assertThat(email.subject()).isEqualTo("Grüße und Köln");
        // RFC 2047: the space between two encoded words is not text, one inside an encoded word is
        assertThat(parseAscii("Subject: =?ISO-8859-1?Q?Caf=E9?= =?UTF-8?Q?cr=C3=A8me?=\n\nbody\n").subject())
                .isEqualTo("Cafécrème");
    }

    @Test
    void rawEightBitSubjectIsReadAsUtf8WhenValidElseLatin1() throws Exception {
        String message = "Subject: Grüße aus Köln\n\nbody\n";

        assertThat(EmailParser.parse(message.getBytes(StandardCharsets.UTF_8)).subject()).isEqualTo("Grüße aus Köln");
        assertThat(EmailParser.parse(message.getBytes(StandardCharsets.ISO_8859_1)).subject())
                .isEqualTo("Grüße aus Köln");
    }

    @Test
    void quotedPrintableLatin1BodyIsDecodedIncludingSoftLineBreaks() throws Exception {
        EmailText email = parseAscii("""
                Subject: qp
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: quoted-printable

                Ceci est un tr=E8s long message qui est coup=
                =E9 par une fin de ligne douce, caf=E9 compris.
                """);

        assertThat(email.body())
                .isEqualTo("Ceci est un très long message qui est coupé par une fin de ligne douce, café compris.");
    }

    @Test
    void base64Utf8BodyIsDecoded() throws Exception {
        String text = "Привет, мир! Grüße aus Köln.\nZweite Zeile, lang genug um den Base64-Text umzubrechen.";
        String encoded = Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        EmailText email = parseAscii("""
                Subject: b64
                Content-Type: text/plain; charset="utf-8"
                Content-Transfer-Encoding: base64

                %s
                """.formatted(encoded));

        assertThat(encoded).contains("\r\n"); // really a multi-line base64 body
        assertThat(email.body()).isEqualTo(text);
    }

    @Test
    void alternativeWithPlainAndHtmlTakesOnlyThePlainPartEvenWhenHtmlComesFirst() throws Exception {
        EmailText email = parseAscii("""
                Subject: alt
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="ALT"

                --ALT
                Content-Type: text/html; charset=utf-8

                <html><body><p>HTMLONLY <b>bold</b> words</p></body></html>
                --ALT
                Content-Type: text/plain; charset=utf-8

                Plain version of the offer.
                --ALT--
                """);

        assertThat(email.body()).isEqualTo("Plain version of the offer.");
        assertThat(email.text()).doesNotContain("HTMLONLY", "bold", "<", ">");
    }

    @Test
    void alternativeWithoutPlainFallsBackToHtmlNestedInRelated() throws Exception {
        EmailText email = parseAscii("""
                Subject: alt
                Content-Type: multipart/alternative; boundary="ALT"

                --ALT
                Content-Type: text/plain

                --ALT
                Content-Type: multipart/related; boundary="REL"

                --REL
                Content-Type: text/html

                <p>Only <i>html</i> here</p>
                --REL
                Content-Type: image/gif
                Content-Transfer-Encoding: base64

                R0lGODlhSU1BR0VXT1JE
                --REL--
                --ALT--
                """);

        assertThat(email.body()).isEqualTo("Only html here");
    }

    @Test
    void htmlOnlyMessageLosesTagsScriptStyleHeadAndCommentsButKeepsBlockBreaks() throws Exception {
        EmailText email = parseAscii("""
                Subject: html
                Content-Type: text/html; charset=utf-8

                <html><head><title>TITLEWORD</title><style>.x { color: red }</style>
                <script>var hidden = "SCRIPTWORD";</script></head>
                <body><h1> Big   Offer</h1><p>Click <b> here</b>&nbsp;now</p>
                <div>Second<br>line</div><!-- COMMENTWORD --><script>evil("SCRIPTWORD2")</script>
                <style>p { font-weight: bold }</style><template><p>TEMPLATEWORD</p></template>
                <table><tr><td>Cell A</td><td>Cell B</td></tr></table>
                <pre>keep   this</pre>
                </body></html>
                """);

        assertThat(email.body()).isEqualTo("Big Offer\nClick here now\nSecond\nline\nCell A Cell B\nkeep   this");
        assertThat(email.body()).doesNotContain(
                "TITLEWORD", "TEMPLATEWORD", "SCRIPTWORD", "COMMENTWORD", "color", "font-weight", "<", ">", "&nbsp;");
    }

    @Test
    void mixedConcatenatesTextPartsAndSkipsAttachmentsAndBinaryParts() throws Exception {
        EmailText email = parseAscii("""
                Subject: mixed
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="MIX"

                PREAMBLEWORD is not part of any body part.
                --MIX
                Content-Type: text/plain

                First text part.
                --MIX
                Content-Type: application/octet-stream; name="payload.bin"
                Content-Disposition: attachment; filename="payload.bin"
                Content-Transfer-Encoding: base64

                QVRUQUNITUVOVFNFQ1JFVCBiaW5hcnkgcGF5bG9hZA==
                --MIX
                Content-Type: text/plain; name="notes.txt"
                Content-Disposition: attachment; filename="notes.txt"

                NOTESWORD attached text file.
                --MIX
                Content-Type: image/gif
                Content-Transfer-Encoding: base64

                R0lGODlhSU1BR0VXT1JE
                --MIX
                Content-Type: text/html

                <p>Second <b>text</b> part.</p>
                --MIX--
                """);

        assertThat(email.body()).isEqualTo("First text part.\n\nSecond text part.");
        assertThat(email.body()).doesNotContain(
                "ATTACHMENTSECRET", "QVRUQUNI", "NOTESWORD", "IMAGEWORD", "R0lGOD", "PREAMBLEWORD");
    }

    @Test
    void attachedRfc822MessageContributesItsSubjectAndBody() throws Exception {
        EmailText email = parseAscii("""
                Subject: Fwd: deal
                Content-Type: multipart/mixed; boundary="OUT"

                --OUT
                Content-Type: text/plain

                See below.
                --OUT
                Content-Type: message/rfc822
                Content-Disposition: attachment

                Subject: =?ISO-8859-1?Q?Cr=E8me?= deal
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: quoted-printable

                Inner caf=E9 body.
                --OUT--
                """);

        assertThat(email.subject()).isEqualTo("Fwd: deal");
        assertThat(email.body()).isEqualTo("See below.\n\nCrème deal\nInner café body.");
    }

    @Test
    void unknownCharsetDoesNotThrowAndFallsBackToUtf8ThenLatin1() throws Exception {
        String message = """
                Subject: =?x-unknown?Q?caf=C3=A9?= =?default?Q?_cr=E8me?=
                Content-Type: text/plain; charset="x-unknown"

                Un café s'il vous plaît.
                """;

        EmailText latin1 = EmailParser.parse(message.getBytes(StandardCharsets.ISO_8859_1));
        EmailText utf8 = EmailParser.parse(message.replace("x-unknown\"", "default\"").getBytes(StandardCharsets.UTF_8));

        assertThat(latin1.subject()).isEqualTo("café crème");
        assertThat(latin1.body()).isEqualTo("Un café s'il vous plaît.");
        assertThat(utf8.body()).isEqualTo("Un café s'il vous plaît.");
    }

    @Test
    void mislabelledAsciiBodyIsStillReadAsUtf8() throws Exception {
        String message = "Subject: x\nContent-Type: text/plain; charset=us-ascii\n\nGrüße\n";

        assertThat(EmailParser.parse(message.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo("Grüße");
    }

    @Test
    void unknownTransferEncodingIsReadAsIs() throws Exception {
        EmailText email = parseAscii("""
                Subject: x
                Content-Type: text/plain
                Content-Transfer-Encoding: 8bits

                Body =E9 stays as written.
                """);

        assertThat(email.body()).isEqualTo("Body =E9 stays as written.");
    }

    @Test
    void leadingMboxFromLineIsSkipped() throws Exception {
        EmailText email = parseAscii("""
                From spammer@example.com  Mon Sep  2 12:00:00 2002
                Subject: Hi
                Content-Type: text/plain

                Body line.
                """);

        assertThat(email.subject()).isEqualTo("Hi");
        assertThat(email.text()).isEqualTo("Hi\nBody line.").doesNotContain("spammer");
    }

    @Test
    void mboxFromLineEndFindsOnlyTheSeparatorLine() {
        byte[] mbox = "From a@b Mon Sep  2 2002\r\nSubject: x\n".getBytes(StandardCharsets.US_ASCII);
        byte[] header = "From: a@b\nSubject: x\n".getBytes(StandardCharsets.US_ASCII);
        byte[] fromWord = "Fromage: yes\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(EmailParser.mboxFromLineEnd(mbox)).isEqualTo("From a@b Mon Sep  2 2002\r\n".length());
        assertThat(EmailParser.mboxFromLineEnd(header)).isZero();
        assertThat(EmailParser.mboxFromLineEnd(fromWord)).isZero();
    }

    @Test
    void emptyOrBlankInputThrowsEmptyMessage() {
        for (String input : new String[] {"", " \r\n\t\n", "From a@b Mon Sep  2 12:00:00 2002\n\n"}) {
            assertThatThrownBy(() -> EmailParser.parse(input.getBytes(StandardCharsets.US_ASCII)))
                    .as("input %s", input.replace("\n", "\\n"))
                    .isInstanceOf(EmailParseException.class)
                    .hasMessage("empty message");
        }
    }

    @Test
    void bytesThatDoNotStartWithAHeaderFieldAreNotAMessage() {
        // the start of an ELF executable: Jakarta Mail read such a file as a body of thousands of "words"
        byte[] elf = new byte[4096];
        byte[] head = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0};
        System.arraycopy(head, 0, elf, 0, head.length);
        for (int i = head.length; i < elf.length; i++) {
            elf[i] = (byte) (i % 7 == 0 ? '\n' : i % 3 == 0 ? ':' : 'a' + i % 26);
        }
        String plainText = "Dear friend,\nWIN money: now\n\nSubject: not a header here\n";
        for (byte[] input : new byte[][] {elf, plainText.getBytes(StandardCharsets.US_ASCII),
                "\nSubject: a blank line first\n\nbody\n".getBytes(StandardCharsets.US_ASCII),
                "From a@b Mon Sep  2 12:00:00 2002\nhello there\n".getBytes(StandardCharsets.US_ASCII),
                ": no name\n\nbody\n".getBytes(StandardCharsets.US_ASCII)}) {
            assertThatThrownBy(() -> EmailParser.parse(input))
                    .as("input %s", new String(input, 0, Math.min(input.length, 30), StandardCharsets.ISO_8859_1))
                    .isInstanceOf(EmailParseException.class)
                    .hasMessage("not an e-mail message: it does not start with a header field (such as From:, Received: or Subject:),"
                            + " as an RFC 822 / MIME message does");
        }
    }

    @Test
    void messagesStartingWithAnyHeaderFieldAreRead() throws Exception {
        // the first lines of the SpamAssassin corpus's messages: an mbox From line, Return-Path, Received, X-Status,
        // Delivered-To; and the obsolete syntax with blanks before the colon
        for (String first : new String[] {"From spammer@example.com  Mon Sep  2 12:00:00 2002\nReturn-Path: <a@b>",
                "Return-Path: <a@b>", "Received: from mail.example.com (1.2.3.4)\n\tby mx; Mon, 2 Sep 2002", "X-Status: ",
                "Delivered-To: bob@example.com", "Subject : obsolete\tsyntax", "subject:no space"}) {
            EmailText email = parseAscii(first + "\nContent-Type: text/plain\n\nThe body.\n");
            assertThat(email.body()).as(first).isEqualTo("The body.");
        }
        assertThat(EmailParser.startsWithHeaderField("X-Spam:".getBytes(StandardCharsets.US_ASCII), 0)).isTrue();
        assertThat(EmailParser.startsWithHeaderField("X-Spam".getBytes(StandardCharsets.US_ASCII), 0)).isFalse();
        assertThat(EmailParser.startsWithHeaderField("\u00e9t\u00e9: x".getBytes(StandardCharsets.UTF_8), 0)).isFalse();
    }

    @Test
    void truncatedBase64BodyThrows() {
        // 15 base64 characters: the last quantum is incomplete, which Jakarta Mail's decoder rejects
        String message = """
                Subject: broken
                Content-Type: text/plain
                Content-Transfer-Encoding: base64

                SGVsbG8gV29ybGQ
                """;

        assertThatThrownBy(() -> parseAscii(message))
                .isInstanceOf(EmailParseException.class)
                .hasMessageStartingWith("cannot decode MIME message: ")
                .hasMessageContaining("BASE64");
    }

    @Test
    void multipartWhoseBoundaryNeverAppearsThrows() {
        String message = """
                Subject: broken
                Content-Type: multipart/mixed; boundary="NEVER"

                No part ever starts here.
                """;

        assertThatThrownBy(() -> parseAscii(message))
                .isInstanceOf(EmailParseException.class)
                .hasMessage("cannot decode MIME message: Missing start boundary");
    }
}
