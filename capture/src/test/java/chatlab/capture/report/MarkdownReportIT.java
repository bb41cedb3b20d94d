package chatlab.capture.report;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.testing.Proc;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-in report's SVG ladder renders in a real browser (headless Chromium, a process of its own). */
class MarkdownReportIT {
    @TempDir
    Path dir;

    @Test
    void svgRendersInHeadlessChromium() throws Exception {
        Path md = MarkdownReport.write(MarkdownReportTest.analysis(dir), dir.resolve("report"));
        Path svg = md.resolveSibling("ladder.svg");
        Path png = dir.resolve("ladder.png");
        String chromium = null;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (chromium == null && Files.isExecutable(Path.of(d, name))) {
                    chromium = Path.of(d, name).toString();
                }
            }
        }
        assertThat(chromium).as("headless Chromium renders the SVG in this test: install it with "
                + "'DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'").isNotNull();
        Path home = Files.createDirectories(dir.resolve("home"));
        try (Proc p = Proc.start("chromium", List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + home.resolve("profile"),
                "--window-size=1020,1400", "--screenshot=" + png, svg.toUri().toString()),
                Map.of("HOME", home.toString()))) {
            assertThat(p.waitExit(Duration.ofSeconds(90))).as("chromium finished; output:\n" + p.output()).isTrue();
        }
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        int dark = 0;
        int red = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r < 80 && g < 80 && b < 80) {
                    dark++;
                }
                if (r > 150 && g < 60 && b < 60) {
                    red++;
                }
            }
        }
        assertThat(dark).as("dark pixels (text and arrows) in the screenshot").isGreaterThan(500);
        assertThat(red).as("red pixels (analysis findings) in the screenshot").isGreaterThan(20);
    }
}
