package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main code names JDK types through imports, not written out inline ({@code java.util.Map} in the middle of a
 * method), so that a file's imports say what it uses. Comments and string literals are not code and may name them.
 * A name that would clash with another of the same simple name may stay qualified: list it in {@link #ALLOWED}
 * with the reason.
 */
class InlineQualifiedNamesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(?:java|javax)\\.[a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*\\.[A-Z]\\w*");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])'");
    /** File name and the qualified name it may keep, because its simple name means another type there. */
    private static final List<String> ALLOWED = List.of();

    @Test
    void mainCodeImportsTheJdkTypesItUses() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> found.addAll(inlineNames(f)));
                }
            }
        }
        assertThat(found).as("inline qualified JDK names in main code (import them)").isEmpty();
    }

    private static List<String> inlineNames(Path file) {
        List<String> found = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String code = STRING.matcher(lines.get(i)).replaceAll("\"\"");
            StringBuilder kept = new StringBuilder();
            int at = 0;
            while (at < code.length()) {
                if (inComment) {
                    int end = code.indexOf("*/", at);
                    if (end < 0) {
                        at = code.length();
                    } else {
                        inComment = false;
                        at = end + 2;
                    }
                } else if (code.startsWith("/*", at)) {
                    inComment = true;
                    at += 2;
                } else if (code.startsWith("//", at)) {
                    at = code.length();
                } else {
                    kept.append(code.charAt(at++));
                }
            }
            String line = kept.toString().strip();
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(line);
            while (m.find()) {
                String entry = file.getFileName() + " " + m.group();
                if (!ALLOWED.contains(entry)) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + " " + m.group());
                }
            }
        }
        return found;
    }
}
