package org.textrnn.evaluate;

import static org.textrnn.evaluate.Html.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts: pure functions from data to an inline SVG string, each a
 * {@code <figure><svg class="chart" id="ID" data-marks="N">...</svg></figure>} element (followed by a newline) whose
 * N data marks (bars, cells, points, lines) carry {@code class="mark"}, which the page's script and
 * the headless-browser test count. Every text from data (titles, categories, series names, labels)
 * is HTML-escaped; numbers are formatted with {@link Locale#ROOT}.
 */
final class ReportCharts {

    /** Series colours, in order. */
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"};

    private ReportCharts() {
    }

    /** One named series of values, drawn in one colour. NaN values are missing. */
    record Series(String name, String color, double[] values) {
    }

    /** The top of the y axis: yMax, or when that is NaN a round number above every value of the series (1 when none is positive). */
    static double axisMax(List<Series> series, double yMax) {
        if (!Double.isNaN(yMax)) {
            return yMax;
        }
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                max = Double.isNaN(v) ? max : Math.max(max, v);
            }
        }
        return max <= 0 ? 1 : niceCeiling(max);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least v. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * p >= v) {
                return f * p;
            }
        }
        return 10 * p;
    }

    /**
     * Grouped vertical bars: one group per category, one bar per series, a bar (a mark) for every
     * value that is not NaN, clipped to the axis from 0 to yMax (NaN: from the data). valueFormat
     * formats a value for the bar's tooltip.
     */
    static String bars(String id, String title, List<String> categories, List<Series> series, double yMax, String valueFormat) {
        double max = axisMax(series, yMax);
        int bar = Math.max(8, Math.min(22, 120 / Math.max(1, series.size())));
        int group = bar * series.size() + 14;
        int left = 48;
        int top = 28;
        int plotH = 180;
        int bottom = 20 + Math.min(110, 6 * longest(categories));
        int plotW = Math.max(group * categories.size(), 120);
        int legendW = 20 + 7 * Math.min(28, longest(series.stream().map(Series::name).toList()));
        int w = left + plotW + 16 + legendW;
        int hgt = top + plotH + bottom;
        int marks = 0;
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < categories.size(); c++) {
            for (int s = 0; s < series.size(); s++) {
                double v = c < series.get(s).values().length ? series.get(s).values()[c] : Double.NaN;
                if (Double.isNaN(v)) {
                    continue;
                }
                double bh = plotH * Math.min(1, Math.max(0, v / max));
                double x = left + c * group + 7 + s * bar;
                b.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s, %s: %s</title></rect>\n", x, top + plotH - bh, bar - 2, bh, series.get(s).color(),
                        esc(categories.get(c)), esc(series.get(s).name()), esc(String.format(Locale.ROOT, valueFormat, v))));
                marks++;
            }
        }
        StringBuilder svg = open(id, title, w, hgt, marks);
        axes(svg, left, top, plotW, plotH, 0, max);
        for (int c = 0; c < categories.size(); c++) {
            double cx = left + c * group + group / 2.0;
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" transform=\"translate(%.1f,%d) rotate(-35)\" text-anchor=\"end\">%s</text>\n",
                    cx, top + plotH + 14, esc(shorten(categories.get(c), 18))));
        }
        svg.append(b);
        legend(svg, series.stream().map(Series::name).toList(), series.stream().map(Series::color).toList(), left + plotW + 16, top);
        return svg.append("</svg></figure>\n").toString();
    }

    /**
     * Lines over x (ascending): a point (a mark) per value that is not NaN, joined by a line (one
     * more mark) when a series has two points or more; yMax NaN: from the data. A series with no
     * values is left out, legend included.
     */
    static String lines(String id, String title, double[] x, List<Series> series, double yMax) {
        double max = axisMax(series, yMax);
        int left = 48;
        int top = 28;
        int plotW = 360;
        int plotH = 180;
        int legendW = 160;
        double xMin = x.length == 0 ? 0 : x[0];
        double xMax = x.length == 0 ? 1 : x[x.length - 1];
        double span = xMax - xMin;
        StringBuilder b = new StringBuilder();
        List<String> names = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        int marks = 0;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            StringBuilder points = new StringBuilder();
            int n = 0;
            for (int i = 0; i < x.length && i < s.values().length; i++) {
                double v = s.values()[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                double px = left + (span == 0 ? plotW / 2.0 : plotW * (x[i] - xMin) / span);
                double py = top + plotH - plotH * Math.min(1, Math.max(0, v / max));
                path.append(n == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                points.append(String.format(Locale.ROOT, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s, epoch %s: %s</title></circle>\n",
                        px, py, s.color(), esc(s.name()), fmtNumber(x[i]), Html.number(v)));
                n++;
            }
            if (n == 0) {
                continue;
            }
            if (n > 1) {
                b.append("<path class=\"mark\" d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(s.color())
                        .append("\" stroke-width=\"2\"><title>").append(esc(s.name())).append("</title></path>\n");
                marks++;
            }
            b.append(points);
            marks += n;
            names.add(s.name());
            colors.add(s.color());
        }
        StringBuilder svg = open(id, title, left + plotW + 16 + legendW, top + plotH + 40, marks);
        axes(svg, left, top, plotW, plotH, 0, max);
        for (int i = 0; i < x.length; i++) {
            if (x.length <= 12 || i % (x.length / 10 + 1) == 0 || i == x.length - 1) {
                double px = left + (span == 0 ? plotW / 2.0 : plotW * (x[i] - xMin) / span);
                svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", px,
                        top + plotH + 16, fmtNumber(x[i])));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
                left + plotW / 2.0, top + plotH + 34));
        svg.append(b);
        legend(svg, names, colors, left + plotW + 16, top);
        return svg.append("</svg></figure>\n").toString();
    }

    /**
     * A heat map of a confusion matrix (rows: true class, columns: predicted), a cell (a mark) per
     * pair, coloured by the share of its row; the diagonal cell of each zeroRecall label is outlined
     * in red and its row label is red.
     */
    static String heatMap(String id, List<String> labels, long[][] confusion, List<String> zeroRecall) {
        int n = labels.size();
        int cell = Math.max(14, Math.min(44, 440 / Math.max(1, n)));
        int labelSpace = 12 + 6 * Math.min(20, longest(labels));
        int left = labelSpace + 8;
        int top = 28 + labelSpace;
        int w = left + n * cell + 20;
        int hgt = top + n * cell + 20;
        StringBuilder svg = open(id, "Confusion matrix (rows: true, columns: predicted)", w, hgt, n * n);
        for (int a = 0; a < n; a++) {
            long row = 0;
            for (long v : confusion[a]) {
                row += v;
            }
            boolean zero = zeroRecall.contains(labels.get(a));
            svg.append(String.format(Locale.ROOT, "<text class=\"tick%s\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    zero ? " flagtext" : "", left - 6, top + a * cell + cell / 2.0 + 4, esc(shorten(labels.get(a), 20))));
            for (int p = 0; p < n; p++) {
                long v = confusion[a][p];
                double share = row == 0 ? 0 : (double) v / row;
                int shade = (int) Math.round(255 - 200 * share);
                String fill = String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade);
                String stroke = zero && a == p ? " stroke=\"#c00000\" stroke-width=\"3\"" : " stroke=\"#ffffff\"";
                svg.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s>"
                                + "<title>true %s, predicted %s: %d (%.1f%% of the row)</title></rect>\n", left + p * cell, top + a * cell, cell, cell,
                        fill, stroke, esc(labels.get(a)), esc(labels.get(p)), v, 100 * share));
                if (cell >= 22) {
                    svg.append(String.format(Locale.ROOT, "<text class=\"cell\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%d</text>\n",
                            left + p * cell + cell / 2.0, top + a * cell + cell / 2.0 + 4, share > 0.6 ? "#ffffff" : "#222222", v));
                }
            }
        }
        for (int p = 0; p < n; p++) {
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" transform=\"translate(%.1f,%d) rotate(-60)\" text-anchor=\"start\">%s</text>\n",
                    left + p * cell + cell / 2.0 + 4, top - 6, esc(shorten(labels.get(p), 20))));
        }
        return svg.append("</svg></figure>\n").toString();
    }

    private static StringBuilder open(String id, String title, int width, int h, int marks) {
        int w = Math.max(width, 12 + 8 * title.length()); // room for the title
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<figure><svg class=\"chart\" id=\"%s\" data-marks=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n", id, marks, w, h, w, h, esc(title)));
        svg.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"4\" y=\"16\">%s</text>\n", esc(title)));
        return svg;
    }

    private static void axes(StringBuilder svg, int left, int top, int plotW, int plotH, double min, double max) {
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4.0;
            double v = min + (max - min) * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", left, y, left + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left - 4, y + 4,
                    fmtNumber(v)));
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", left, top, left, top + plotH));
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", left, top + plotH, left + plotW,
                top + plotH));
    }

    private static void legend(StringBuilder svg, List<String> names, List<String> colors, int x, int y) {
        for (int i = 0; i < names.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect class=\"key\" x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>\n", x, y + i * 16, colors.get(i), x + 14, y + i * 16 + 9,
                    esc(shorten(names.get(i), 28))));
        }
    }

    /** An axis tick or x value: an integer as such, anything else with three significant digits. */
    static String fmtNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static int longest(List<String> s) {
        int m = 0;
        for (String x : s) {
            m = Math.max(m, x.length());
        }
        return m;
    }

    /** s, or its first max - 1 characters and an ellipsis when longer than max. */
    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
