package io.tarn.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * A horizontal bar chart of speeds relative to a floor drawn with Java2D into a PNG: one bar per figure, a line at
 * 1.0 where the floor is, the value written beside each bar.
 */
final class Bars {
    private record Bar(String label, double value, Color color) {
    }

    private static final int W = 900;
    private static final int ROW = 26;
    private static final int LEFT = 330;
    private static final int RIGHT = 70;
    private static final int TOP = 60;
    private static final int BOTTOM = 50;

    private final String title;
    private final String axis;
    private final List<Bar> bars = new ArrayList<>();

    Bars(String title, String axis) {
        this.title = title;
        this.axis = axis;
    }

    /** A bar; {@code ours} bars are drawn in one colour, the others' (Python tarn, a copy) in grey. */
    Bars add(String label, double value, boolean ours) {
        bars.add(new Bar(label, value, ours ? new Color(0x1f77b4) : new Color(0x9a9a9a)));
        return this;
    }

    boolean isEmpty() {
        return bars.isEmpty();
    }

    void write(Path png) throws IOException {
        int h = TOP + BOTTOM + ROW * bars.size();
        double max = Math.max(1.2, bars.stream().mapToDouble(Bar::value).max().orElse(1) * 1.1);
        BufferedImage image = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, h);
        int pw = W - LEFT - RIGHT;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double tick = 0; tick <= max; tick += max > 3 ? 1 : 0.25) {
            int x = LEFT + (int) Math.round(tick / max * pw);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x, TOP - 5, x, h - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String label = String.format("%.2f", tick);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, h - BOTTOM + 16);
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = TOP + ROW * i;
            int width = (int) Math.round(Math.min(bar.value, max) / max * pw);
            g.setColor(bar.color);
            g.fillRect(LEFT, y + 4, width, ROW - 8);
            g.setColor(Color.BLACK);
            g.drawString(bar.label, LEFT - 8 - g.getFontMetrics().stringWidth(bar.label), y + ROW / 2 + 4);
            g.drawString(String.format("%.2f", bar.value), LEFT + width + 5, y + ROW / 2 + 4);
        }
        int floor = LEFT + (int) Math.round(1 / max * pw);
        g.setColor(new Color(0xd62728));
        g.drawLine(floor, TOP - 8, floor, h - BOTTOM);
        g.drawString("floor", floor - g.getFontMetrics().stringWidth("floor") / 2, TOP - 12);
        g.setColor(Color.BLACK);
        g.drawString(axis, LEFT + pw / 2 - g.getFontMetrics().stringWidth(axis) / 2, h - 12);
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(image, "png", png.toFile());
    }
}
