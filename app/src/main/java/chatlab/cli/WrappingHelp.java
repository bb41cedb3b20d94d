package chatlab.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's help, with lines broken only at spaces. picocli breaks lines where {@link java.text.BreakIterator}'s line
 * instance allows, which is after '.', ',' and ':' inside words: {@code chat.ttm4200.} / {@code com},
 * {@code chatlab,} / {@code chatlab)}, {@code 127.0.0.1:} / {@code 5000}. Here every text is broken first, so each
 * piece picocli is given already fits its column and picocli never breaks it again. The layout (columns, indents)
 * stays picocli's.
 */
final class WrappingHelp extends Help {
    /** Installed on the root command; picocli hands it to every subcommand. */
    static final CommandLine.IHelpFactory FACTORY = WrappingHelp::new;

    WrappingHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    private int width() {
        return commandSpec().usageMessage().width();
    }

    @Override
    public String description(Object... params) {
        return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return paragraphs(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    /**
     * Each line of each paragraph on its own, continued as {@link #hangingIndent} says.
     */
    private String paragraphs(String[] values, Object... params) {
        if (values == null || values.length == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            for (Text line : colorScheme().text(format(value, params)).splitLines()) {
                int hang = hangingIndent(line.plainString());
                List<Text> pieces = wrap(line, width(), width() - hang);
                for (int i = 0; i < pieces.size(); i++) {
                    out.append(i == 0 ? "" : " ".repeat(hang)).append(pieces.get(i).toString().stripTrailing())
                            .append(System.lineSeparator());
                }
            }
        }
        return out.toString();
    }

    /**
     * Where a line's continuation lines start: under its text when it is laid out as "  LABEL   TEXT", else, for an
     * indented line (an entry of a list), two further in, as picocli indents its own wrapped lines.
     */
    static int hangingIndent(String line) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        if (indent == 0) {
            return 0;
        }
        int gap = line.indexOf("  ", indent);
        if (gap < 0) {
            return indent + 2;
        }
        int text = gap;
        while (text < line.length() && line.charAt(text) == ' ') {
            text++;
        }
        return text < line.length() ? text : indent + 2;
    }

    @Override
    protected String insertSynopsisCommandName(int synopsisHeadingLength, Text details) {
        String name = commandSpec().qualifiedName();
        int indent = synopsisHeadingLength + name.length() + 1;
        if (indent > width() / 2) {
            indent = synopsisHeadingLength; // a long command name: continue under the first word instead
        }
        List<Text> pieces = wrap(colorScheme().commandText(name).concat(details), width() - synopsisHeadingLength,
                width() - indent);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            out.append(i == 0 ? "" : " ".repeat(indent)).append(pieces.get(i).toString().stripTrailing())
                    .append(System.lineSeparator());
        }
        return out.toString();
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
            ColorScheme scheme) {
        Layout layout = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, layout.textTable(), createDefaultOptionRenderer(), createDefaultParameterRenderer()) {
            @Override
            public void layout(ArgSpec argSpec, Text[][] cellValues) {
                for (Text[] row : cellValues) {
                    addWrapped(table, row);
                }
            }
        };
    }

    @Override
    public String commandList(Map<String, Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int longest = 0;
        for (String name : subcommands.keySet()) {
            longest = Math.max(longest, name.length());
        }
        int commandLength = Math.min(longest, width() / 2);
        TextTable table = TextTable.forColumns(colorScheme(),
                new Column(commandLength + 2, 2, Column.Overflow.SPAN),
                new Column(width() - (commandLength + 2), 2, Column.Overflow.WRAP));
        for (Help help : subcommands.values()) {
            CommandLine.Model.UsageMessageSpec usage = help.commandSpec().usageMessage();
            String first = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            Text[] lines = colorScheme().text(format(first)).splitLines();
            for (int i = 0; i < lines.length; i++) {
                addWrapped(table, new Text[] {i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]});
            }
        }
        return table.toString();
    }

    /** The exit-code list. */
    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        if (map == null || map.isEmpty()) {
            return super.createTextTable(map);
        }
        int spacing = 3;
        int keyLength = 0;
        for (Object key : map.keySet()) {
            keyLength = Math.max(keyLength, String.valueOf(key).length());
        }
        keyLength = Math.min(width() - spacing - 1, keyLength);
        TextTable table = TextTable.forColumns(colorScheme(),
                new Column(keyLength + spacing, 2, Column.Overflow.SPAN),
                new Column(width() - (keyLength + spacing), 2, Column.Overflow.WRAP));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            addWrapped(table, new Text[] {colorScheme().text(format(String.valueOf(entry.getKey()))),
                    colorScheme().text(format(String.valueOf(entry.getValue())))});
        }
        return table;
    }

    /**
     * Adds a row whose last cell is broken here to fit its column: the first piece in the row, every further piece
     * in a row of its own, indented as picocli indents its own wrapped lines.
     */
    private void addWrapped(TextTable table, Text[] row) {
        Column[] columns = table.columns();
        Column last = columns[columns.length - 1];
        int room = last.width - last.indent;
        if (row.length != columns.length || row[row.length - 1].plainString().length() <= room) {
            table.addRowValues(row);
            return;
        }
        List<Text> pieces = wrap(row[row.length - 1], room, room - table.indentWrappedLines);
        Text[] first = row.clone();
        first[first.length - 1] = pieces.get(0);
        table.addRowValues(first);
        String hang = " ".repeat(table.indentWrappedLines);
        for (Text piece : pieces.subList(1, pieces.size())) {
            Text[] more = new Text[columns.length];
            for (int i = 0; i < more.length - 1; i++) {
                more[i] = colorScheme().text("");
            }
            more[more.length - 1] = colorScheme().text(hang).concat(piece);
            table.addRowValues(more);
        }
    }

    /**
     * Breaks a text at spaces into pieces of at most {@code firstWidth} characters (the first) and {@code width}
     * (the others); the spaces at a break are dropped, a word longer than a line is kept whole on a line of its own.
     */
    static List<Text> wrap(Text text, int firstWidth, int width) {
        List<Text> pieces = new ArrayList<>();
        for (int[] range : breaks(text.plainString(), firstWidth, width)) {
            pieces.add(text.substring(range[0], range[1]));
        }
        return pieces;
    }

    /** The [start, end) ranges of {@link #wrap}'s pieces in {@code plain}. */
    static List<int[]> breaks(String plain, int firstWidth, int width) {
        List<int[]> ranges = new ArrayList<>();
        int n = plain.length();
        int start = 0;
        int room = Math.max(1, firstWidth);
        while (true) {
            if (n - start <= room) {
                ranges.add(new int[] {start, n});
                return ranges;
            }
            int firstWord = start;
            while (firstWord < n && plain.charAt(firstWord) == ' ') {
                firstWord++; // spaces that indent the first line are kept, never a place to break
            }
            int space = -1;
            for (int i = Math.min(start + room, n - 1); i > firstWord; i--) {
                if (plain.charAt(i) == ' ') {
                    space = i;
                    break;
                }
            }
            if (space < 0) {
                space = plain.indexOf(' ', Math.max(firstWord, start + room));
                if (space < 0) {
                    ranges.add(new int[] {start, n});
                    return ranges;
                }
            }
            int end = space;
            while (end > start && plain.charAt(end - 1) == ' ') {
                end--;
            }
            ranges.add(new int[] {start, end});
            start = space;
            while (start < n && plain.charAt(start) == ' ') {
                start++;
            }
            if (start == n) {
                return ranges;
            }
            room = Math.max(1, width);
        }
    }

    /** As picocli formats help texts: String.format, or the text as it is when it is not a valid format. */
    private static String format(String text, Object... params) {
        try {
            return text == null ? "" : String.format(text, params);
        } catch (IllegalFormatException e) {
            return text;
        }
    }
}
