package chatlab.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a name reads as: two names with the same skeleton look alike, so only one of them may be in the room, and a
 * guest may not take a registered user's. The one place that decides it, for the room, the name rules (reserved
 * names) and the accounts (look-alike guests).
 *
 * <p>Built on the "skeleton" of Unicode Technical Standard #39 (Unicode Security Mechanisms), section 4: each
 * character is replaced by the prototype confusables.txt gives it (Cyrillic {@code а} and Greek {@code α} read
 * as Latin {@code a}, {@code 0} as {@code O}, {@code 1} and {@code I} as {@code l}, {@code m} as {@code rn}), after
 * default-ignorable code points are dropped. chatlab's skeleton goes further, since a chat name is read by people
 * and not compared case for case:
 * <ol>
 *   <li>NFKD (compatibility decomposition, Unicode Standard Annex #15): full-width {@code ＳＥＲＶＥＲ},
 *       mathematical and circled letters and ligatures become plain letters;</li>
 *   <li>default-ignorable code points (zero-width joiners and spaces, variation selectors, fillers), format
 *       characters and combining marks (accents: {@code é} reads as {@code e}) are dropped; spaces of every kind
 *       become one space, and spaces at either end are dropped;</li>
 *   <li>each character becomes its confusables prototype, then case is folded ({@code ALICE} reads as
 *       {@code alice}), then the prototypes are applied once more (to what folding made of capitals) and case folded
 *       again. Since folding makes {@code I} an {@code i} while confusables.txt makes it an {@code l}, {@code i}
 *       reads as {@code l} too ({@code Ian} and {@code lan} look the same in many fonts).</li>
 * </ol>
 *
 * <p>The prototypes are a subset of confusables.txt: the characters of every script that pass for printable ASCII
 * (about 860 rows; {@code confusables-ascii.txt} beside this class, generated from the Unicode data by
 * {@code protocol/src/tools/NameSkeletonData.java}, which says exactly which rows). Look-alikes between two
 * non-Latin scripts (Cyrillic and Greek letters that look like each other but like no Latin letter) are not in it;
 * docs/SECURITY.md says so.
 *
 * <p>A skeleton is only ever compared, never shown. Cheap: a few normalizations of a name of at most a few dozen
 * characters and a table lookup per character; the server computes it once per join, off the room's thread.
 */
public final class NameSkeleton {
    private NameSkeleton() {}

    /** The skeleton of {@code name}; empty when the name has nothing visible (only joiners, marks or fillers). */
    public static String of(String name) {
        String once = fold(Table.PROTOTYPES.apply(clean(name)));
        return fold(Table.PROTOTYPES.apply(once));
    }

    /** Whether {@code cp} is a Default_Ignorable_Code_Point (UAX #44): a character that is not shown. */
    public static boolean isDefaultIgnorable(int cp) {
        return Table.IGNORABLE.contains(cp);
    }

    /** Case folded, then cleaned again: folding can make accents or decomposable letters ({@code İ} is i + dot). */
    private static String fold(String text) {
        return clean(text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
    }

    /** NFKD; without ignorables, format characters and marks; spaces of every kind as one space, none at the ends. */
    private static String clean(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean space = false;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                    || isDefaultIgnorable(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** The data files, read once, at the first skeleton. */
    private static final class Table {
        /** First: reading the prototypes cleans them, and cleaning asks which code points are ignorable. */
        static final Ranges IGNORABLE = Ranges.read("default-ignorable.txt");
        static final Prototypes PROTOTYPES = Prototypes.read("confusables-ascii.txt");
    }

    /** Code point to prototype, as confusables.txt gives it (cleaned here: without its accents). */
    private static final class Prototypes {
        /** Folding makes {@code I} an {@code i}, and confusables.txt makes {@code I} an {@code l}: so is {@code i}. */
        private static final int[][] CHATLAB_ROWS = {{'i', 'l'}};

        private final Map<Integer, String> byCodePoint;

        private Prototypes(Map<Integer, String> byCodePoint) {
            this.byCodePoint = byCodePoint;
        }

        static Prototypes read(String resource) {
            Map<Integer, String> map = new HashMap<>();
            for (String line : lines(resource)) {
                int semicolon = line.indexOf(';');
                int hash = line.indexOf('#');
                int cp = Integer.parseInt(line.substring(0, semicolon).trim(), 16);
                StringBuilder prototype = new StringBuilder();
                for (String hex : line.substring(semicolon + 1, hash < 0 ? line.length() : hash).trim().split(" +")) {
                    prototype.appendCodePoint(Integer.parseInt(hex, 16));
                }
                map.put(cp, clean(prototype.toString()));
            }
            for (int[] row : CHATLAB_ROWS) {
                map.put(row[0], new String(Character.toChars(row[1])));
            }
            return new Prototypes(Map.copyOf(map));
        }

        String apply(String text) {
            StringBuilder out = null;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                String prototype = byCodePoint.get(cp);
                if (prototype != null && out == null) {
                    out = new StringBuilder(text.length() + 4).append(text, 0, i);
                }
                if (out != null) {
                    if (prototype != null) {
                        out.append(prototype);
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
                i += Character.charCount(cp);
            }
            return out == null ? text : out.toString();
        }
    }

    /** Sorted, disjoint code point ranges. */
    private static final class Ranges {
        private final int[] firsts;
        private final int[] lasts;

        private Ranges(int[] firsts, int[] lasts) {
            this.firsts = firsts;
            this.lasts = lasts;
        }

        static Ranges read(String resource) {
            List<String> lines = lines(resource);
            int[] firsts = new int[lines.size()];
            int[] lasts = new int[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                String[] bounds = lines.get(i).trim().split("\\.\\.");
                firsts[i] = Integer.parseInt(bounds[0], 16);
                lasts[i] = Integer.parseInt(bounds[bounds.length - 1], 16);
            }
            return new Ranges(firsts, lasts);
        }

        boolean contains(int cp) {
            int index = Arrays.binarySearch(firsts, cp);
            if (index >= 0) {
                return true;
            }
            int before = -index - 2; // the last range starting below cp
            return before >= 0 && cp <= lasts[before];
        }
    }

    /** The data lines of a resource beside this class (comments and blank lines left out). */
    private static List<String> lines(String resource) {
        List<String> lines = new ArrayList<>();
        try (InputStream in = NameSkeleton.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + NameSkeleton.class.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
