package org.textrnn.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report in a real browser: headless Chromium lays out every chart mark. */
class ReportBrowserIT {

    @TempDir
    Path tmp;

    @Test
    void everyChartRendersInHeadlessChromium() throws Exception {
        Path html = tmp.resolve("report.html");
        Files.writeString(html, ReportWriter.html(ReportSamples.flagged()));
        String dom = HeadlessChromium.dumpDom(html);
        Map<String, Map<String, String>> charts = HeadlessChromium.charts(dom);
        assertThat(charts.keySet()).containsExactlyElementsOf(ReportSamples.expectedMarks().keySet());
        ReportSamples.expectedMarks().forEach((id, n) -> assertThat(charts.get(id)).as(id)
                .containsEntry("data-rendered-marks", n.toString()).containsEntry("data-rendered", "true"));
        assertThat(dom).contains("data-charts=\"8\"").contains("data-charts-rendered=\"8\"");
        assertThat(dom).as("escaped labels stay text").doesNotContain("<script>alert(1)</script>");
    }
}
