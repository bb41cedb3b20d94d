package chatlab.check.report;

import chatlab.check.CheckException;
import chatlab.check.CheckOutcome;
import chatlab.check.Evidence;
import chatlab.check.RuleResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The report folder: {@code report.md} (for people: the verdicts, the evidence, the lab's words, links to the
 * programs' transcripts and the captures), {@code result.json} (the same as {@code --json}), {@code summary.txt}
 * (what the terminal showed) and {@code programs/LABEL.txt}, one transcript per program run.
 */
public final class Reports {
    private Reports() {}

    public static void write(CheckOutcome outcome, Path dir) throws CheckException {
        try {
            Files.createDirectories(dir.resolve("programs"));
            for (CheckOutcome.Program p : outcome.programs()) {
                Files.writeString(dir.resolve("programs").resolve(p.label() + ".txt"), "command: " + p.command()
                        + "\nended:   " + p.ended() + "\n\n" + p.transcript(), StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve("result.json"), OutcomeJson.write(outcome), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("summary.txt"), SummaryText.render(outcome), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.md"), markdown(outcome), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckException("cannot write the report in " + dir + ": " + e.getMessage(), e);
        }
    }

    static String markdown(CheckOutcome o) {
        StringBuilder md = new StringBuilder();
        md.append("# chatlab check ").append(o.target().word()).append(": ")
                .append(o.passed() ? "PASS" : "FAIL").append("\n\n");
        md.append("Program: `").append(o.command()).append("`, run ")
                .append(o.network() == chatlab.check.Network.NAMESPACES
                        ? "unmodified in the lab's network (namespaces: webserver 10.20.30.3, client1 to client3, "
                                + "DNS for chat.ttm4200.com)"
                        : "on the loopback, told its addresses through CHAT_* variables and {placeholders}")
                .append(", in ").append(o.elapsedMillis() / 1000.0).append(" s.\n\n");
        md.append(SummaryText.counts(o)).append(" Required rules decide the result; advice is reported only. ")
                .append("The rules, and the lab text each comes from, are in chatlab's docs/CHECK.md.\n\n");
        md.append("| result | rule | kind | what the lab asks |\n|---|---|---|---|\n");
        for (RuleResult r : o.results()) {
            md.append("| ").append(SummaryText.mark(r)).append(" | [").append(r.rule().id()).append("](#")
                    .append(r.rule().id().toLowerCase(Locale.ROOT)).append(") | ")
                    .append(r.rule().requirement().word()).append(" | ").append(cell(r.rule().title())).append(" |\n");
        }
        for (RuleResult r : o.results()) {
            md.append("\n## ").append(r.rule().id()).append("\n\n");
            md.append("**").append(SummaryText.mark(r)).append("** (").append(r.rule().requirement().word())
                    .append(", scenario ").append(r.scenario()).append("): ").append(r.rule().title()).append("\n\n");
            if (!r.verdict().expected().isEmpty()) {
                md.append("- expected: ").append(r.verdict().expected()).append('\n');
            }
            md.append("- seen: ").append(r.verdict().seen()).append('\n');
            for (Evidence e : r.verdict().evidence()) {
                md.append("  - ").append(e.text());
                e.frame().ifPresent(f -> md.append(" (").append(f).append(')'));
                md.append('\n');
            }
            // In code, so the skeleton's comments (# ...) are not read as headings.
            md.append("\n> `").append(r.rule().labText()).append("`\n>\n> (the lab, ").append(r.rule().labPlace())
                    .append(")\n");
        }
        if (!o.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            o.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append("\n## Programs\n\n");
        for (CheckOutcome.Program p : o.programs()) {
            md.append("- [").append(p.label()).append("](programs/").append(p.label()).append(".txt): `")
                    .append(p.command()).append("`, ").append(p.ended()).append('\n');
        }
        if (!o.captures().isEmpty()) {
            md.append("\n## Captures\n\n");
            o.captures().forEach(c -> md.append("- [").append(c).append("](").append(c).append(")\n"));
            md.append("\nFrame numbers in the evidence count from 1, as Wireshark shows them.\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
