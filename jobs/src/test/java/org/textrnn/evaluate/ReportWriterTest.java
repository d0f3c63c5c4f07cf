package org.textrnn.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    @Test
    void everyUserStringIsEscaped() {
        String html = ReportWriter.html(ReportSamples.flagged());
        assertThat(html).doesNotContain("<script>alert(1)</script>").doesNotContain("<m1>").doesNotContain("o'neil")
                .doesNotContain("c\"d")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("a&amp;b").contains("c&quot;d").contains("o&#39;neil");
        assertThat(html.split("<script>", -1)).as("the one script is the report's own chart check").hasSize(2);
        assertThat(ReportWriter.esc("<a href='x'>&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    }

    @Test
    void theVectorsCoverageNamesWhereTheVectorsCameFrom() {
        Report glove = ReportSamples.flagged();
        assertThat(ReportWriter.html(glove)).contains("<h3>GloVe coverage</h3>").contains("Share covered by GloVe vectors");
        Map<String, Object> w2v = new java.util.LinkedHashMap<>();
        w2v.put("vectors", "word2vec");
        w2v.putAll(glove.glove());
        Report word2vec = new Report(glove.title(), glove.facts(), glove.labels(), glove.model(), glove.modelMetrics(), glove.baselines(),
                glove.baselineNote(), glove.guardrails(), glove.epochs(), glove.prepareStats(), w2v, glove.configuration(), glove.provenance());
        assertThat(ReportWriter.html(word2vec)).contains("<h3>Word2Vec coverage</h3>").contains("Share covered by Word2Vec vectors")
                .doesNotContain("GloVe coverage");
    }

    @Test
    void selfContained() {
        String html = ReportWriter.html(ReportSamples.flagged());
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).as("no URL but the SVG namespace")
                .doesNotContain("http:", "https:", "src=", "<link", "@import", "url(");
    }

    @Test
    void chartsDeclareTheirMarksAndFlagsAreRed() {
        String html = ReportWriter.html(ReportSamples.flagged());
        Map<String, Map<String, String>> charts = HeadlessChromium.charts(html);
        assertThat(charts.keySet()).containsExactlyElementsOf(ReportSamples.expectedMarks().keySet());
        ReportSamples.expectedMarks().forEach((id, n) -> assertThat(charts.get(id)).as(id).containsEntry("data-marks", n.toString()));
        assertThat(html).contains("<div class=\"flag verdict\"><b>Flagged:</b>")
                .contains("zero recall (never predicted right): c&quot;d")
                .contains("<tr class=\"flag\"><td>c&quot;d (zero recall)</td>")
                .contains("stroke=\"#c00000\"")
                .contains("the model&#39;s accuracy 0.5000 is below the best baseline&#39;s 1.0000")
                .contains("<b id=\"best-model\">naive Bayes (TF-IDF)</b>");
    }

    @Test
    void styleAndScriptResourcesAreInlinedOnce() throws IOException {
        String html = ReportWriter.html(ReportSamples.flagged());
        String css = resource(ReportWriter.STYLE_RESOURCE);
        String js = resource(ReportWriter.SCRIPT_RESOURCE);
        assertThat(css).contains("svg.chart");
        assertThat(js).contains("data-charts-rendered");
        assertThat(html).contains("<style>\n" + css + "</style>\n").contains("<script>\n" + js + "</script>\n</body>");
        assertThat(html.split("<style>", -1)).hasSize(2);
    }

    @Test
    void aMissingOrUnsafeResourceIsAClearError() {
        assertThatThrownBy(() -> ReportWriter.inlineResource("no-such.css", "</style")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such.css is missing from the classpath");
        // the script does not hold "</script", but it does hold "getbbox" in another case: stand-in for a closer
        assertThatThrownBy(() -> ReportWriter.inlineResource(ReportWriter.SCRIPT_RESOURCE, "getbbox")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("report.js holds getbbox");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportWriter.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
