package chatlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page in troff (the man(7) macros) for one command, from its picocli model: the same texts as its --help.
 * picocli-codegen writes AsciiDoc, which needs asciidoctor (JRuby) to become troff; these pages need nothing.
 */
final class ManPage {
    private ManPage() {}

    /** The page's file name: chatlab.1, chatlab-server.1, chatlab-testbed-run.1. */
    static String fileName(CommandSpec spec) {
        return pageName(spec) + ".1";
    }

    /** chatlab, chatlab-server, chatlab-testbed-run. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName().replace(' ', '-');
    }

    /** The commands that get a page: all but picocli's help, which only prints the others' help. */
    static List<CommandSpec> commands(CommandLine root) {
        List<CommandSpec> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine cmd, List<CommandSpec> all) {
        if (cmd.getCommandSpec().userObject() instanceof CommandLine.HelpCommand || cmd.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        all.add(cmd.getCommandSpec());
        for (CommandLine sub : cmd.getSubcommands().values()) {
            collect(sub, all);
        }
    }

    static String render(CommandSpec spec, String version, String date) {
        StringBuilder t = new StringBuilder();
        String name = pageName(spec);
        t.append(".\\\" Generated from chatlab's command-line model by chatlab.cli.ManPage; do not edit.\n");
        t.append(".TH \"").append(escape(name.toUpperCase(Locale.ROOT))).append("\" 1 \"").append(escape(date))
                .append("\" \"chatlab ").append(escape(version)).append("\" \"chatlab manual\"\n");
        // No hyphenation and a ragged right margin: option names must stay whole, as typed.
        t.append(".nh\n.ad l\n");
        t.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary(spec))).append('\n');
        t.append(".SH SYNOPSIS\n");
        String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip()
                .replaceAll("\\s+", " ");
        t.append(".B ").append(escape(spec.qualifiedName())).append('\n');
        String rest = synopsis.substring(Math.min(synopsis.length(), spec.qualifiedName().length())).strip();
        if (!rest.isEmpty()) {
            t.append(escape(rest)).append('\n');
        }
        t.append(".SH DESCRIPTION\n");
        paragraphs(t, spec.usageMessage().description(), ".PP");
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            t.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                t.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n');
                paragraphs(t, p.description(), ".IP");
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            t.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                t.append(".TP\n").append(optionLabel(o)).append('\n');
                paragraphs(t, o.description(), ".IP");
            }
        }
        Map<String, CommandLine> subcommands = spec.subcommands();
        if (!subcommands.isEmpty()) {
            t.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> entry : subcommands.entrySet()) {
                CommandSpec sub = entry.getValue().getCommandSpec();
                if (sub.usageMessage().hidden()) {
                    continue;
                }
                t.append(".TP\n.B ").append(escape(entry.getKey())).append('\n');
                String[] description = sub.usageMessage().description();
                t.append(escape(description.length > 0 ? description[0] : "")).append('\n');
                if (!(sub.userObject() instanceof CommandLine.HelpCommand)) {
                    t.append("See \\fB").append(escape(pageName(sub))).append("\\fR(1).\n");
                }
            }
        }
        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            t.append(".SH \"EXIT STATUS\"\n");
            exitCodes.forEach((code, meaning) -> t.append(".TP\n.B ").append(escape(code.strip())).append('\n')
                    .append(escape(meaning)).append('\n'));
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            t.append(".SH NOTES\n");
            paragraphs(t, footer, ".PP");
        }
        t.append(".SH \"SEE ALSO\"\n");
        List<String> seeAlso = new ArrayList<>();
        if (spec.parent() != null) {
            seeAlso.add("\\fB" + escape(pageName(spec.parent())) + "\\fR(1)");
        }
        for (CommandLine sub : subcommands.values()) {
            if (!(sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand)
                    && !sub.getCommandSpec().usageMessage().hidden()) {
                seeAlso.add("\\fB" + escape(pageName(sub.getCommandSpec())) + "\\fR(1)");
            }
        }
        t.append(String.join(", ", seeAlso)).append(seeAlso.isEmpty() ? "" : "\n");
        t.append("The documents README.md and docs/*.md in share/doc/chatlab.\n");
        return t.toString();
    }

    /** The first sentence of the description, for the NAME line. */
    static String summary(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        String first = description.length > 0 ? description[0].strip() : "";
        Matcher end = Pattern.compile("[.:;](\\s|$)").matcher(first);
        return end.find() ? first.substring(0, end.start()) : first;
    }

    private static String optionLabel(OptionSpec o) {
        List<String> names = new ArrayList<>();
        for (String n : o.names()) {
            names.add("\\fB" + escape(n) + "\\fR");
        }
        String label = String.join(", ", names);
        if (o.arity().max() > 0) {
            label += "=\\fI" + escape(o.paramLabel()) + "\\fR";
        }
        return label;
    }

    /**
     * One troff paragraph per description line, each after {@code separator} (.PP in a section, .IP in a list item);
     * a line that begins with spaces (an entry of a list) only starts a new line.
     */
    private static void paragraphs(StringBuilder t, String[] lines, String separator) {
        boolean first = true;
        boolean inList = false;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith(" ") && separator.equals(".PP")) {
                // "  LABEL   TEXT", as a help lays out a list: a tagged paragraph
                int hang = WrappingHelp.hangingIndent(line);
                boolean labelled = hang < line.length() && line.charAt(hang - 1) == ' ' && line.charAt(hang - 2) == ' ';
                String label = labelled ? line.substring(0, hang).strip() : line.strip();
                t.append(".TP\n.B ").append(escape(label)).append('\n');
                if (labelled) {
                    t.append(escape(line.substring(hang))).append('\n');
                }
                inList = true;
            } else {
                if (!first) {
                    t.append(line.startsWith(" ") ? ".br" : inList ? ".PP" : separator).append('\n');
                }
                t.append(escape(line.startsWith(" ") ? line.strip() : line)).append('\n');
                inList = false;
            }
            first = false;
        }
    }

    /**
     * Text for troff: a backslash is \e, every '-' the minus sign \- (options copy and paste as typed), and a line
     * that would begin with '.' or '\'' (a request) starts with the zero-width \&.
     */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}
