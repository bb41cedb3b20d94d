package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command's --help at 80 columns breaks lines only between words: each word of it is a word of the same help
 * laid out without any width limit, and no line is longer than 80 unless it is one word.
 */
class HelpLayoutTest {
    static final int WIDTH = 80;

    static Stream<List<String>> everyCommand() {
        List<List<String>> all = new ArrayList<>();
        collect(Main.newCommandLine(), new ArrayList<>(), all);
        return all.stream();
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> all) {
        all.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, all);
        });
    }

    /** The command at {@code path} (names below the root) in a new command tree. */
    static CommandLine command(List<String> path) {
        CommandLine cmd = Main.newCommandLine();
        for (String name : path) {
            cmd = cmd.getSubcommands().get(name);
        }
        return cmd;
    }

    private static String help(List<String> path, int width) {
        CommandLine cmd = command(path);
        cmd.setUsageHelpWidth(width);
        return cmd.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void noWordIsBrokenAcrossLines(List<String> path) {
        String narrow = help(path, WIDTH);
        Set<String> whole = new HashSet<>(words(help(path, 1000)));
        List<String> broken = words(narrow).stream().filter(w -> !whole.contains(w)).toList();
        assertThat(broken).as("pieces of words in 'chatlab %s --help':%n%s", String.join(" ", path), narrow).isEmpty();
        for (String line : narrow.split("\\R")) {
            if (line.length() > WIDTH) {
                assertThat(words(line)).as("a line over %d columns in 'chatlab %s --help': %s", WIDTH,
                        String.join(" ", path), line).hasSize(1);
            }
        }
    }

    @Test
    void linesBreakOnlyAtSpacesAndKeepTheirIndent() {
        assertThat(WrappingHelp.breaks("resolves chat.ttm4200.com now", 20, 20))
                .extracting(r -> "resolves chat.ttm4200.com now".substring(r[0], r[1]))
                .containsExactly("resolves", "chat.ttm4200.com now");
        assertThat(WrappingHelp.breaks("a verylongwordthatdoesnotfit b", 10, 10))
                .extracting(r -> "a verylongwordthatdoesnotfit b".substring(r[0], r[1]))
                .containsExactly("a", "verylongwordthatdoesnotfit", "b");
        assertThat(WrappingHelp.hangingIndent("  chatlab testbed up     creates the hosts")).isEqualTo(25);
        assertThat(WrappingHelp.hangingIndent("  - an entry of a list")).isEqualTo(4);
        assertThat(WrappingHelp.hangingIndent("plain text")).isZero();
    }
}
