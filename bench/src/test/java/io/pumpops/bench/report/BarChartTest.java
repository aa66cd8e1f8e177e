package io.pumpops.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {

  @Test
  void drawsAPngWithABarPerValueHeadless(@TempDir Path folder) throws IOException {
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("ours", new double[] {10, Double.NaN});
    series.put("theirs", new double[] {5, 20});
    Path png = folder.resolve("out/chart.png");

    new BarChart("title", "units", List.of("a", "b"), series).writePng(png);

    BufferedImage image = ImageIO.read(Files.newInputStream(png));
    assertThat(image.getWidth()).isEqualTo(960);
    assertThat(image.getHeight()).isEqualTo(540);
    // The plot spans x 80..940 and y 60..430; the scale tops at 20, so 'theirs' in group b (second
    // bar of the second group, x 725..895) reaches the top, and 'ours' has no bar in group b.
    assertThat(image.getRGB(800, 62) & 0xffffff).isNotEqualTo(0xffffff);
    assertThat(image.getRGB(640, 420) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void aSeriesMustHaveOneValuePerCategory() {
    assertThatThrownBy(
            () -> new BarChart("t", "u", List.of("a", "b"), Map.of("s", new double[] {1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 values for 2 categories");
  }
}
