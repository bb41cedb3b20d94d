import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.SpoofChecker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the two data files chatlab.protocol.NameSkeleton reads, from the Unicode data built into ICU4J. Not part of
 * the build (ICU4J is 14 MB and only this tool needs it); run it by hand when moving to a newer Unicode version:
 *
 * <pre>
 * mvn -B -q dependency:get -Dartifact=com.ibm.icu:icu4j:76.1
 * java -cp ~/.m2/repository/com/ibm/icu/icu4j/76.1/icu4j-76.1.jar protocol/src/tools/NameSkeletonData.java \
 *     protocol/src/main/resources/chatlab/protocol
 * </pre>
 *
 * <ul>
 *   <li>{@code confusables-ascii.txt}: the rows of Unicode Technical Standard #39's confusables.txt (section 4, the
 *       prototypes that define a "skeleton") whose prototype, accents aside, is printable ASCII: the characters of
 *       every script that can pass for Latin letters, digits and punctuation. ICU's
 *       {@code SpoofChecker.getSkeleton} of one code point is exactly its confusables.txt prototype, in NFD.
 *       Rows the name skeleton can never reach are left out: characters that NFKD changes (full-width and
 *       mathematical letters, ligatures: NFKD already turns them into their plain letters) and characters that
 *       only differ from their prototype by accents (the skeleton drops accents anyway).</li>
 *   <li>{@code default-ignorable.txt}: the ranges of the Default_Ignorable_Code_Point property (UAX #44,
 *       DerivedCoreProperties.txt): characters that are not shown (joiners, variation selectors, fillers).</li>
 * </ul>
 */
public class NameSkeletonData {
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        String unicode = UCharacter.getUnicodeVersion().toString().replaceAll("(\\.0)+$", "");
        String icu = com.ibm.icu.util.VersionInfo.ICU_VERSION.toString().replaceAll("(\\.0)+$", "");
        String source = "# Source: Unicode " + unicode + " data as built into ICU4J " + icu
                + ", written by protocol/src/tools/NameSkeletonData.java.\n# Do not edit by hand: run that tool again.\n";
        Files.writeString(folder.resolve("confusables-ascii.txt"), confusables(source), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("default-ignorable.txt"), defaultIgnorable(source), StandardCharsets.UTF_8);
    }

    private static String confusables(String source) {
        SpoofChecker spoof = new SpoofChecker.Builder().build();
        StringBuilder out = new StringBuilder();
        out.append("# Latin look-alikes: the rows of Unicode Technical Standard #39 confusables.txt (section 4) whose\n")
                .append("# prototype is printable ASCII once accents are set aside, and that NFKD alone does not already\n")
                .append("# turn into that prototype.\n").append(source)
                .append("# Format: code point ; prototype as code points (NFD) # character -> prototype, name\n");
        int rows = 0;
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            int type = UCharacter.getType(cp);
            if (!UCharacter.isDefined(cp) || type == UCharacter.PRIVATE_USE || type == UCharacter.SURROGATE
                    || type == UCharacter.NON_SPACING_MARK || type == UCharacter.ENCLOSING_MARK
                    || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
                continue;
            }
            String character = new String(Character.toChars(cp));
            if (!Normalizer.normalize(character, Normalizer.Form.NFKD).equals(character)) {
                continue; // NFKD changes it: the skeleton looks up what NFKD made of it instead
            }
            String prototype = spoof.getSkeleton(character);
            String plain = withoutMarks(prototype);
            if (plain.isEmpty() || plain.equals(character) || !plain.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                continue;
            }
            out.append(hex(character)).append(" ; ").append(hex(prototype)).append(" # ").append(character)
                    .append(" -> ").append(prototype).append("  ").append(UCharacter.getName(cp)).append('\n');
            rows++;
        }
        System.out.println("confusables-ascii.txt: " + rows + " rows");
        return out.toString();
    }

    private static String defaultIgnorable(String source) {
        StringBuilder out = new StringBuilder();
        out.append("# Default_Ignorable_Code_Point (UAX #44, DerivedCoreProperties.txt): characters not shown.\n")
                .append(source).append("# Format: first..last (or one code point)\n");
        List<int[]> ranges = new ArrayList<>();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
                int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
                if (last != null && last[1] == cp - 1) {
                    last[1] = cp;
                } else {
                    ranges.add(new int[] {cp, cp});
                }
            }
        }
        for (int[] range : ranges) {
            out.append(String.format(Locale.ROOT, range[0] == range[1] ? "%04X%n" : "%04X..%04X%n", range[0], range[1]));
        }
        System.out.println("default-ignorable.txt: " + ranges.size() + " ranges");
        return out.toString();
    }

    private static String withoutMarks(String text) {
        StringBuilder out = new StringBuilder();
        Normalizer.normalize(text, Normalizer.Form.NFD).codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String hex(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%04X", cp)));
        return out.toString();
    }
}
