package org.textrnn.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.textrnn.evaluate.ReportCharts.Series;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The chart functions, each on its own. Every chart is parsed as XML (which fails on text that is
 * not escaped), and its marks are counted in the parsed document.
 */
class ReportChartsTest {

    private static final double NAN = Double.NaN;
    private static final String NASTY = "<b>&'\"";

    // ---------------------------------------------------------------- bars

    @Test
    void barChartOfNValuesHasNBars() {
        String chart = ReportCharts.bars("c", "t", List.of("a", "b", "c", "d", "e"), List.of(new Series("s", "#111111", new double[] {1, 2, 3, 4, 5})),
                NAN, "%.0f");
        Document svg = svg(chart);
        assertThat(marks(svg, "rect")).hasSize(5);
        assertThat(root(svg).getAttribute("data-marks")).isEqualTo("5");
        assertThat(root(svg).getAttribute("id")).isEqualTo("c");
        assertThat(marks(svg, "rect")).allSatisfy(bar -> assertThat(bar.getAttribute("fill")).isEqualTo("#111111"));
    }

    @Test
    void barsGroupOneBarPerSeriesAndCategoryAndSkipMissingValues() {
        List<Series> series = List.of(new Series("one", "#111111", new double[] {0.1, NAN, 0.3}),
                new Series("two", "#222222", new double[] {0.4, 0.5}));  // no value for the third category
        Document svg = svg(ReportCharts.bars("c", "t", List.of("x", "y", "z"), series, 1.0, "%.1f"));
        List<String> titles = marks(svg, "rect").stream().map(ReportChartsTest::title).toList();
        assertThat(titles).containsExactly("x, one: 0.1", "x, two: 0.4", "y, two: 0.5", "z, one: 0.3");
        assertThat(root(svg).getAttribute("data-marks")).isEqualTo("4");
        assertThat(legend(svg)).containsExactly("one", "two");
    }

    @Test
    void barsAreClippedToTheAxis() {
        Document svg = svg(ReportCharts.bars("c", "t", List.of("over", "under", "half"), List.of(new Series("s", "#111111", new double[] {1.5, -0.2, 0.5})),
                1.0, "%.1f"));
        List<Element> bars = marks(svg, "rect");
        assertThat(bars).extracting(b -> Double.parseDouble(b.getAttribute("height"))).containsExactly(180.0, 0.0, 90.0);
        assertThat(bars).extracting(b -> Double.parseDouble(b.getAttribute("y"))).containsExactly(28.0, 208.0, 118.0);
    }

    @Test
    void barsEscapeEveryText() {
        String chart = ReportCharts.bars("c", "title " + NASTY, List.of("cat " + NASTY), List.of(new Series("series " + NASTY, "#111111", new double[] {1})),
                NAN, "%.0f");
        assertThat(chart).doesNotContain("<b>").contains("&lt;b&gt;&amp;&#39;&quot;");
        Document svg = svg(chart);
        assertThat(root(svg).getAttribute("aria-label")).isEqualTo("title " + NASTY);
        assertThat(chartTitle(svg)).isEqualTo("title " + NASTY);
        assertThat(title(marks(svg, "rect").get(0))).isEqualTo("cat " + NASTY + ", series " + NASTY + ": 1");
        assertThat(legend(svg)).containsExactly("series " + NASTY);
    }

    @Test
    void barsOfNothingAreAnEmptyChart() {
        for (List<String> categories : List.of(List.<String>of(), List.of("a", "b"))) {
            for (List<Series> series : List.of(List.<Series>of(), List.of(new Series("s", "#111111", new double[0])),
                    List.of(new Series("s", "#111111", new double[] {NAN, NAN})))) {
                Document svg = svg(ReportCharts.bars("c", "t", categories, series, NAN, "%.3f"));
                assertThat(root(svg).getAttribute("data-marks")).as("%s %s", categories, series).isEqualTo("0");
                assertThat(marks(svg, "*")).isEmpty();
                assertThat(texts(svg, "text")).as("axis ticks from 0 to 1").contains("0", "1");
            }
        }
    }

    @Test
    void longLabelsAreShortenedInTheChartButNotInTheTooltip() {
        String category = "a category name that is much too long";
        Document svg = svg(ReportCharts.bars("c", "t", List.of(category), List.of(new Series("s", "#111111", new double[] {1})), NAN, "%.0f"));
        assertThat(texts(svg, "text")).contains("a category name t\u2026").doesNotContain(category);
        assertThat(title(marks(svg, "rect").get(0))).startsWith(category);
    }

    // ---------------------------------------------------------------- lines

    @Test
    void linesHaveAPointPerValueAndALinePerSeries() {
        double[] x = {1, 2, 3, 4};
        List<Series> series = List.of(new Series("train", "#111111", new double[] {4, 3, 2, 1}),
                new Series("gappy", "#222222", new double[] {NAN, 0.5, NAN, 0.25}));
        Document svg = svg(ReportCharts.lines("l", "t", x, series, NAN));
        assertThat(marks(svg, "circle")).hasSize(6);
        assertThat(marks(svg, "path")).hasSize(2);
        assertThat(root(svg).getAttribute("data-marks")).isEqualTo("8");
        assertThat(marks(svg, "path").get(1).getAttribute("d")).isEqualTo("M168.0 190.0 L408.0 199.0");
        assertThat(title(marks(svg, "circle").get(4))).isEqualTo("gappy, epoch 2: 0.5000");
        assertThat(legend(svg)).containsExactly("train", "gappy");
    }

    @Test
    void aSeriesWithOnePointHasNoLineAndOneWithNoneIsLeftOut() {
        List<Series> series = List.of(new Series("one", "#111111", new double[] {NAN, 0.5}),
                new Series("none", "#222222", new double[] {NAN, NAN}), new Series("empty", "#333333", new double[0]));
        Document svg = svg(ReportCharts.lines("l", "t", new double[] {1, 2}, series, 1.0));
        assertThat(marks(svg, "circle")).hasSize(1);
        assertThat(marks(svg, "path")).isEmpty();
        assertThat(root(svg).getAttribute("data-marks")).isEqualTo("1");
        assertThat(legend(svg)).containsExactly("one");
    }

    @Test
    void linesOfNothingOrOfOneEpoch() {
        Document none = svg(ReportCharts.lines("l", "t", new double[0], List.of(new Series("s", "#111111", new double[] {1})), NAN));
        assertThat(root(none).getAttribute("data-marks")).isEqualTo("0");
        assertThat(svg(ReportCharts.lines("l", "t", new double[0], List.of(), NAN)).getElementsByTagName("circle").getLength()).isZero();
        Document one = svg(ReportCharts.lines("l", "t", new double[] {7}, List.of(new Series("s", "#111111", new double[] {0.5})), 1.0));
        Element point = marks(one, "circle").get(0);
        assertThat(point.getAttribute("cx")).as("a single epoch is centred").isEqualTo("228.0");
        assertThat(point.getAttribute("cy")).isEqualTo("118.0");
    }

    @Test
    void manyEpochsGetAboutTenTicksIncludingTheLast() {
        double[] x = IntStream.rangeClosed(1, 37).asDoubleStream().toArray();
        Document svg = svg(ReportCharts.lines("l", "t", x, List.of(new Series("s", "#111111", x)), NAN));
        assertThat(marks(svg, "circle")).hasSize(37);
        List<String> epochTicks = texts(svg, "text").stream().filter(t -> t.matches("\\d+")).toList();
        assertThat(epochTicks).contains("1", "5", "37").doesNotContain("2");
    }

    @Test
    void linesEscapeEveryText() {
        String chart = ReportCharts.lines("l", "title " + NASTY, new double[] {1, 2}, List.of(new Series("s " + NASTY, "#111111", new double[] {1, 2})), NAN);
        assertThat(chart).doesNotContain("<b>");
        Document svg = svg(chart);
        assertThat(chartTitle(svg)).isEqualTo("title " + NASTY);
        assertThat(root(svg).getAttribute("aria-label")).isEqualTo("title " + NASTY);
        assertThat(texts(svg, "title")).as("tooltips").contains("s " + NASTY, "s " + NASTY + ", epoch 1: 1.0000");
        assertThat(legend(svg)).containsExactly("s " + NASTY);
    }

    // ---------------------------------------------------------------- heat map

    @Test
    void heatMapHasACellPerPairShadedByTheRowShare() {
        List<String> labels = List.of("a", "b", "c");
        long[][] confusion = {{3, 1, 0}, {0, 0, 0}, {2, 2, 4}};
        Document svg = svg(ReportCharts.heatMap("h", labels, confusion, List.of()));
        List<Element> cells = marks(svg, "rect");
        assertThat(cells).hasSize(9);
        assertThat(root(svg).getAttribute("data-marks")).isEqualTo("9");
        assertThat(cells.get(0).getAttribute("fill")).isEqualTo("rgb(105,105,255)");   // 3/4 of the row
        assertThat(cells.get(3).getAttribute("fill")).as("an empty row").isEqualTo("rgb(255,255,255)");
        assertThat(title(cells.get(8))).isEqualTo("true c, predicted c: 4 (50.0% of the row)");
        assertThat(texts(svg, "text")).as("counts shown in large cells").contains("3", "4");
        assertThat(ReportCharts.heatMap("h", labels, confusion, List.of())).doesNotContain("NaN");
    }

    @Test
    void heatMapOutlinesZeroRecallClassesInRed() {
        List<String> labels = List.of("ok", "never");
        Document svg = svg(ReportCharts.heatMap("h", labels, new long[][] {{2, 0}, {1, 0}}, List.of("never")));
        List<Element> cells = marks(svg, "rect");
        assertThat(cells).filteredOn(c -> c.getAttribute("stroke").equals("#c00000")).containsExactly(cells.get(3));
        List<Element> flagged = elements(svg, "text").stream().filter(t -> t.getAttribute("class").contains("flagtext")).toList();
        assertThat(flagged).extracting(Element::getTextContent).containsExactly("never");
    }

    @Test
    void heatMapOfManyClassesDropsTheCountsAndOfNoneIsEmpty() {
        int n = 40;
        List<String> labels = new ArrayList<>();
        long[][] confusion = new long[n][n];
        for (int i = 0; i < n; i++) {
            labels.add("class " + i);
            confusion[i][i] = 1;
        }
        Document many = svg(ReportCharts.heatMap("h", labels, confusion, List.of()));
        assertThat(marks(many, "rect")).hasSize(n * n);
        assertThat(elements(many, "text")).noneMatch(t -> t.getAttribute("class").equals("cell"));
        Document none = svg(ReportCharts.heatMap("h", List.of(), new long[0][0], List.of()));
        assertThat(root(none).getAttribute("data-marks")).isEqualTo("0");
        assertThat(marks(none, "*")).isEmpty();
    }

    @Test
    void heatMapEscapesLabels() {
        List<String> labels = List.of(NASTY, "plain");
        String chart = ReportCharts.heatMap("h", labels, new long[][] {{1, 0}, {0, 1}}, List.of(NASTY));
        assertThat(chart).doesNotContain("<b>");
        Document svg = svg(chart);
        assertThat(title(marks(svg, "rect").get(1))).isEqualTo("true " + NASTY + ", predicted plain: 0 (0.0% of the row)");
        assertThat(texts(svg, "text")).contains(NASTY);
    }

    // ---------------------------------------------------------------- axis and numbers

    @Test
    void niceCeilingIsOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        assertThat(ReportCharts.niceCeiling(1)).isEqualTo(1);
        assertThat(ReportCharts.niceCeiling(1.01)).isEqualTo(2);
        assertThat(ReportCharts.niceCeiling(2.2)).isEqualTo(2.5);
        assertThat(ReportCharts.niceCeiling(4.99)).isEqualTo(5);
        assertThat(ReportCharts.niceCeiling(7)).isEqualTo(10);
        assertThat(ReportCharts.niceCeiling(11)).isEqualTo(20);
        assertThat(ReportCharts.niceCeiling(250.1)).isEqualTo(500);
        assertThat(ReportCharts.niceCeiling(0.003)).isCloseTo(0.005, within(1e-12));
    }

    @Test
    void axisMaxIsTheGivenTopOrANiceCeilingOfTheData() {
        List<Series> series = List.of(new Series("a", "#1", new double[] {0.2, NAN}), new Series("b", "#2", new double[] {3.7, -9}));
        assertThat(ReportCharts.axisMax(series, 1.0)).isEqualTo(1.0);
        assertThat(ReportCharts.axisMax(series, NAN)).isEqualTo(5);
        assertThat(ReportCharts.axisMax(List.of(), NAN)).isEqualTo(1);
        assertThat(ReportCharts.axisMax(List.of(new Series("c", "#3", new double[] {NAN, -1, 0})), NAN)).isEqualTo(1);
    }

    @Test
    void numbersAndShortening() {
        assertThat(ReportCharts.fmtNumber(4)).isEqualTo("4");
        assertThat(ReportCharts.fmtNumber(-20)).isEqualTo("-20");
        assertThat(ReportCharts.fmtNumber(0.125)).isEqualTo("0.125");
        assertThat(ReportCharts.fmtNumber(0.0001234)).isEqualTo("0.000123");
        assertThat(ReportCharts.fmtNumber(2e9)).isEqualTo("2.00e+09");
        assertThat(ReportCharts.shorten("abcdef", 6)).isEqualTo("abcdef");
        assertThat(ReportCharts.shorten("abcdefg", 6)).isEqualTo("abcde\u2026");
    }

    // ---------------------------------------------------------------- helpers

    /** A chart parsed as XML, once it is checked to be one SVG element in a figure, and a newline. */
    static Document svg(String chart) {
        assertThat(chart).startsWith("<figure><svg class=\"chart\" ").endsWith("</svg></figure>\n");
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(chart.substring("<figure>".length(), chart.length() - "</figure>\n".length())
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + chart, e);
        }
    }

    private static Element root(Document svg) {
        return svg.getDocumentElement();
    }

    private static List<Element> elements(Document svg, String tag) {
        NodeList nodes = svg.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** The data marks (class "mark") among the elements named tag ("*": all). */
    private static List<Element> marks(Document svg, String tag) {
        return elements(svg, tag).stream().filter(e -> e.getAttribute("class").equals("mark")).toList();
    }

    private static List<String> texts(Document svg, String tag) {
        return elements(svg, tag).stream().map(Element::getTextContent).toList();
    }

    /** The chart's visible title. */
    private static String chartTitle(Document svg) {
        return elements(svg, "text").stream().filter(t -> t.getAttribute("class").equals("title")).map(Element::getTextContent)
                .reduce((a, b) -> a + " | " + b).orElse(null);
    }

    /** A mark's tooltip. */
    private static String title(Element mark) {
        return mark.getElementsByTagName("title").item(0).getTextContent();
    }

    /** The legend's names, in order: the text after each key swatch. */
    private static List<String> legend(Document svg) {
        List<String> names = new ArrayList<>();
        for (Element key : elements(svg, "rect")) {
            if (key.getAttribute("class").equals("key")) {
                names.add(key.getNextSibling().getTextContent());
            }
        }
        return names;
    }
}
