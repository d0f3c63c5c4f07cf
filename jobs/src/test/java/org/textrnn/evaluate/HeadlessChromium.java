package org.textrnn.evaluate;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens an HTML file in headless Chromium (the Debian {@code chromium} package, which
 * deploy/test.sh installs) and returns the DOM after its scripts ran. A missing browser fails the test, unless
 * TEXTRNN_SKIP_BROWSER=1 is set, which skips it with a message.
 */
final class HeadlessChromium {

    static final String BINARY = System.getProperty("textrnn.chromium", "/usr/bin/chromium");

    private HeadlessChromium() {
    }

    static String dumpDom(Path html) throws IOException, InterruptedException {
        assumeFalse("1".equals(System.getenv("TEXTRNN_SKIP_BROWSER")),
                "TEXTRNN_SKIP_BROWSER=1: the headless-browser check of the report is skipped");
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new AssertionError(BINARY + " is missing: install the Debian chromium package (apt-get install -y chromium, as deploy/test.sh does) "
                    + "or set TEXTRNN_SKIP_BROWSER=1 to skip this check");
        }
        Path profile = Files.createTempDirectory("textrnn-chromium");
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
                html.toAbsolutePath().toUri().toString()));
        Path out = Files.createTempFile("textrnn-dom", ".html");
        Path err = Files.createTempFile("textrnn-chromium", ".log");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isBlank()) {
            throw new AssertionError("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        return dom;
    }

    /** The attributes of every {@code <svg class="chart">} in a dumped DOM, by chart id. */
    static Map<String, Map<String, String>> charts(String dom) {
        Map<String, Map<String, String>> charts = new LinkedHashMap<>();
        Matcher svg = Pattern.compile("<svg ([^>]*class=\"chart\"[^>]*)>").matcher(dom);
        Pattern attr = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");
        while (svg.find()) {
            Map<String, String> a = new LinkedHashMap<>();
            Matcher m = attr.matcher(svg.group(1));
            while (m.find()) {
                a.put(m.group(1), m.group(2));
            }
            charts.put(a.get("id"), a);
        }
        return charts;
    }
}
