package io.pumpops.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart as a PNG, drawn with Java2D in headless mode: what every benchmark writes
 * beside its JSON. Plain on purpose: no charting dependency, nothing fetched, the same picture for
 * the same figures.
 *
 * @param title above the chart
 * @param unit the y axis' unit, shown in its label
 * @param categories the groups along the x axis
 * @param series name to one value per category (NaN: no bar)
 */
public record BarChart(
    String title, String unit, List<String> categories, Map<String, double[]> series) {

  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };
  private static final int WIDTH = 960;
  private static final int HEIGHT = 540;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final int TOP = 60;
  private static final int BOTTOM = 110;

  public BarChart {
    categories = List.copyOf(categories);
    series = new LinkedHashMap<>(series);
    for (Map.Entry<String, double[]> s : series.entrySet()) {
      if (s.getValue().length != categories.size()) {
        throw new IllegalArgumentException(
            "series "
                + s.getKey()
                + " has "
                + s.getValue().length
                + " values for "
                + categories.size()
                + " categories");
      }
    }
  }

  public void writePng(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      draw(g);
    } finally {
      g.dispose();
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private void draw(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 28);

    double max =
        series.values().stream()
            .flatMapToDouble(java.util.Arrays::stream)
            .filter(Double::isFinite)
            .max()
            .orElse(1);
    double top = niceCeiling(max <= 0 ? 1 : max);
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics metrics = g.getFontMetrics();
    for (int tick = 0; tick <= 5; tick++) {
      double value = top * tick / 5;
      int y = TOP + plotHeight - (int) Math.round(plotHeight * value / top);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, y, LEFT + plotWidth, y);
      g.setColor(Color.DARK_GRAY);
      String label = format(value);
      g.drawString(label, LEFT - 6 - metrics.stringWidth(label), y + 4);
    }
    g.drawString(unit, 8, TOP - 12);

    int groups = categories.size();
    int bars = series.size();
    double groupWidth = (double) plotWidth / Math.max(1, groups);
    double barWidth = groupWidth * 0.8 / Math.max(1, bars);
    int s = 0;
    for (Map.Entry<String, double[]> entry : series.entrySet()) {
      g.setColor(PALETTE[s % PALETTE.length]);
      for (int c = 0; c < groups; c++) {
        double value = entry.getValue()[c];
        if (!Double.isFinite(value)) {
          continue;
        }
        int height = (int) Math.round(plotHeight * Math.max(0, value) / top);
        int x = (int) Math.round(LEFT + c * groupWidth + groupWidth * 0.1 + s * barWidth);
        g.fillRect(x, TOP + plotHeight - height, Math.max(1, (int) barWidth - 2), height);
      }
      s++;
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
    g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight);
    for (int c = 0; c < groups; c++) {
      String label = categories.get(c);
      int centre = (int) Math.round(LEFT + c * groupWidth + groupWidth / 2);
      int width = metrics.stringWidth(label);
      g.drawString(label, centre - width / 2, TOP + plotHeight + 16);
    }
    int legendX = LEFT;
    int legendY = HEIGHT - BOTTOM + 50;
    s = 0;
    for (String name : series.keySet()) {
      g.setColor(PALETTE[s % PALETTE.length]);
      g.fillRect(legendX, legendY - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(name, legendX + 16, legendY);
      legendX += 16 + metrics.stringWidth(name) + 24;
      if (legendX > WIDTH - 200) {
        legendX = LEFT;
        legendY += 18;
      }
      s++;
    }
  }

  private static double niceCeiling(double value) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String format(double value) {
    return value >= 100 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
