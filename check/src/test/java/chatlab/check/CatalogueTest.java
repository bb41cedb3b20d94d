package chatlab.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule has a unique id and is documented in docs/CHECK.md with its kind and the lab text it comes from. */
class CatalogueTest {
    private static final Path DOC = Path.of("..", "docs", "CHECK.md");

    private static List<RuleInfo> all() {
        List<RuleInfo> all = new ArrayList<>(Catalogue.rules(Target.SERVER));
        all.addAll(Catalogue.rules(Target.CLIENT));
        return all;
    }

    @Test
    void idsAreUniqueAndSayWhichCheckTheyBelongTo() {
        List<RuleInfo> all = all();
        assertThat(new HashSet<>(all.stream().map(RuleInfo::id).toList())).hasSameSizeAs(all);
        assertThat(Catalogue.rules(Target.SERVER)).allMatch(r -> r.id().startsWith("S-"));
        assertThat(Catalogue.rules(Target.CLIENT)).allMatch(r -> r.id().startsWith("C-"));
    }

    @Test
    void theDocumentationListsTheRulesInTheOrderTheyAreJudged() throws Exception {
        String doc = Files.readString(DOC);
        List<String> documented = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^### ([SC]-[A-Z0-9-]+) \\(").matcher(doc);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).containsExactlyElementsOf(all().stream().map(RuleInfo::id).toList());
    }

    @Test
    void theDocumentationListsEveryRuleWithItsKindAndItsLabText() throws Exception {
        String doc = Files.readString(DOC);
        for (RuleInfo rule : all()) {
            assertThat(doc).as("docs/CHECK.md on %s", rule.id())
                    .contains("### " + rule.id() + " (" + rule.requirement().word() + ")")
                    .contains(rule.title())
                    .contains("The lab (" + rule.labPlace() + "): `" + rule.labText() + "`");
        }
    }
}
