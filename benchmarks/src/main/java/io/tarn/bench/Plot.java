package io.tarn.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;

import javax.imageio.ImageIO;

/**
 * A line chart drawn with Java2D into a PNG, log-log or (see {@link #linear}) linear with y from 0 to 1: no plotting
 * tool needed where the benchmarks run.
 */
final class Plot {
    record Series(String name, double[] x, double[] y) {
    }

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x7f7f7f)};
    private static final int W = 800;
    private static final int H = 500;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final DoubleFunction<String> xTick;
    private final List<Series> series = new ArrayList<>();
    private boolean linear;

    Plot(String title, String xLabel, String yLabel, DoubleFunction<String> xTick) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xTick = xTick;
    }

    /** Linear axes, y from 0 to 1 (shares, ratios), five x ticks: for series of many points. */
    Plot linear() {
        linear = true;
        return this;
    }

    Plot add(String name, List<double[]> points) {
        series.add(new Series(name, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()));
        return this;
    }

    void write(Path png) throws IOException {
        double x0 = Double.MAX_VALUE, x1 = 0, y0 = Double.MAX_VALUE, y1 = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                x0 = Math.min(x0, s.x[i]);
                x1 = Math.max(x1, s.x[i]);
                y0 = Math.min(y0, s.y[i]);
                y1 = Math.max(y1, s.y[i]);
            }
        }
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        DoubleFunction<Integer> px;
        DoubleFunction<Integer> py;
        List<Double> yTicks = new ArrayList<>();
        List<Double> xTicks = new ArrayList<>();
        if (linear) {
            double fx0 = x0, fx1 = Math.max(x1, x0 + 1);
            px = v -> LEFT + (int) Math.round((v - fx0) / (fx1 - fx0) * pw);
            py = v -> TOP + ph - (int) Math.round(v * ph);
            for (int i = 0; i <= 4; i++) {
                yTicks.add(i / 4.0);
                xTicks.add(fx0 + (fx1 - fx0) * i / 4);
            }
        } else {
            double lx0 = Math.log10(x0), lx1 = Math.max(Math.log10(x1), lx0 + 1);
            double ly0 = Math.floor(Math.log10(y0)), ly1 = Math.max(Math.ceil(Math.log10(y1)), ly0 + 1);
            px = v -> LEFT + (int) Math.round((Math.log10(v) - lx0) / (lx1 - lx0) * pw);
            py = v -> TOP + ph - (int) Math.round((Math.log10(v) - ly0) / (ly1 - ly0) * ph);
            for (double e = ly0; e <= ly1; e++) {
                yTicks.add(Math.pow(10, e));
            }
            series.forEach(s -> Arrays.stream(s.x).forEach(xTicks::add));
        }
        for (double tick : yTicks) {
            int y = py.apply(tick);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(linear ? String.format("%.2f", tick) : String.format("1e%d", Math.round(Math.log10(tick))), 40,
                    y + 4);
        }
        for (double x : xTicks) {
            int xx = px.apply(x);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(xx, TOP, xx, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            String label = xTick.apply(x);
            g.drawString(label, xx - g.getFontMetrics().stringWidth(label) / 2, TOP + ph + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString(xLabel, LEFT + pw / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, H - 25);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + ph / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 18);
        g.rotate(Math.PI / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(2f));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(COLORS[k % COLORS.length]);
            for (int i = 0; i < s.x.length; i++) {
                int x = px.apply(s.x[i]), y = py.apply(s.y[i]);
                if (!linear) {
                    g.fillOval(x - 4, y - 4, 8, 8);
                }
                if (i > 0) {
                    g.drawLine(px.apply(s.x[i - 1]), py.apply(s.y[i - 1]), x, y);
                }
            }
            g.drawLine(LEFT + 15, TOP + 18 + 18 * k, LEFT + 40, TOP + 18 + 18 * k);
            g.drawString(s.name, LEFT + 48, TOP + 22 + 18 * k);
        }
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(image, "png", png.toFile());
    }
}
