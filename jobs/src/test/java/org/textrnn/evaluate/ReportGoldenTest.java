package org.textrnn.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The report of each sample is the checked-in golden page ({@code report-*.html} next to this class
 * in the test resources), up to whitespace: runs of whitespace count as one space, and whitespace
 * between tags as none. A change to the page or its charts, CSS or script shows here.
 *
 * <p>On a mismatch the page written now is saved as {@code jobs/target/report-golden/NAME}; when the
 * change is intended, check it (open it in a browser) and copy it over the golden file.
 */
class ReportGoldenTest {

    @Test
    void flaggedReportIsTheGoldenPage() throws IOException {
        assertGolden("report-flagged.html", ReportWriter.html(ReportSamples.flagged()));
    }

    @Test
    void bareReportIsTheGoldenPage() throws IOException {
        assertGolden("report-bare.html", ReportWriter.html(ReportSamples.bare()));
    }

    @Test
    void normalisingIgnoresOnlyWhitespace() {
        assertThat(normalise("<p>\n  a   b\t</p>\r\n<p>c</p>\n")).isEqualTo(normalise("<p> a b </p><p>c</p>")).isEqualTo("<p> a b </p><p>c</p>");
        assertThat(normalise("<p>a b</p>")).isNotEqualTo(normalise("<p>ab</p>"));
    }

    static String normalise(String html) {
        return html.replaceAll("\\s+", " ").replace("> <", "><").strip();
    }

    private static void assertGolden(String name, String actual) throws IOException {
        String golden;
        try (InputStream in = ReportGoldenTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file " + name + " on the test classpath").isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String want = normalise(golden);
        String got = normalise(actual);
        if (!want.equals(got)) {
            Path saved = targetDir().resolve("report-golden").resolve(name);
            Files.createDirectories(saved.getParent());
            Files.writeString(saved, actual, StandardCharsets.UTF_8);
            int at = 0;
            while (at < Math.min(want.length(), got.length()) && want.charAt(at) == got.charAt(at)) {
                at++;
            }
            fail("%s differs from the golden page (whitespace aside) at character %d:%n  golden: ...%s...%n  now:    ...%s...%n"
                    + "the page written now is %s", name, at, around(want, at), around(got, at), saved.toAbsolutePath());
        }
    }

    /** The module's target folder: the parent of the test classes folder. */
    private static Path targetDir() {
        try {
            return Path.of(ReportGoldenTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String around(String s, int at) {
        return s.substring(Math.max(0, at - 80), Math.min(s.length(), at + 80));
    }
}
