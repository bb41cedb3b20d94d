package chatlab.bench.jmh;

import java.util.Random;

/**
 * Chat messages with the word statistics of real chat, for the message log's search: a vocabulary of {@value
 * #VOCABULARY} words drawn by Zipf's law (the most common word in most messages, most words in a few),
 * 3 to 25 words a message, and every tenth message Norwegian, every twentieth with a few Chinese characters. From a
 * fixed seed, so each run searches the same text. Words {@link #COMMON}, {@link #RARE} and {@link #ABSENT} are the
 * search benchmark's queries.
 */
final class ChatCorpus {
    static final int VOCABULARY = 5000;
    /** The most common word. */
    static final String COMMON = "the";
    /** A word of rank 4,000 of 5,000: in a few dozen of 100,000 messages. */
    static final String RARE;
    /** In no message. */
    static final String ABSENT = "zzqxjv";
    static final String NORWEGIAN = "blåbærsyltetøy";
    static final String CHINESE = "北京";

    private static final String[] ENGLISH = {
        "the", "to", "i", "is", "a", "it", "and", "on", "in", "for", "you", "that", "server", "with", "this", "lab",
        "have", "be", "not", "can", "what", "port", "we", "was", "but", "just", "client", "so", "do", "are", "up",
        "at", "if", "my", "get", "there", "then", "they", "test", "how", "tcp", "socket", "works", "now", "udp",
    };
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "sil", "bar", "den", "gro",
        "pen", "tul", "vik", "ze", "ha", "ji", "qu", "xe", "fo"};
    private static final String[] NORWEGIAN_LINES = {
        "hei, noen som har fått til øvinga?", "blåbærsyltetøy på skiva og kaffe i koppen",
        "jeg får ikke koblet til serveren på port 5000", "Bjørn og Åse sitter på lesesalen",
    };
    private static final String HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
            + "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
            + "本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向"
            + "北京";

    static {
        RARE = word(4000);
    }

    private final String[] words = new String[VOCABULARY];
    private final double[] cumulative = new double[VOCABULARY];
    private final Random random;

    ChatCorpus(long seed) {
        random = new Random(seed);
        double sum = 0;
        for (int rank = 0; rank < VOCABULARY; rank++) {
            words[rank] = word(rank);
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < VOCABULARY; rank++) {
            cumulative[rank] /= sum;
        }
    }

    /** The word of a rank: English for the first ones, made-up words of 2 to 4 syllables for the rest. */
    static String word(int rank) {
        if (rank < ENGLISH.length) {
            return ENGLISH[rank];
        }
        StringBuilder word = new StringBuilder();
        int n = rank;
        do {
            word.append(SYLLABLES[n % SYLLABLES.length]);
            n /= SYLLABLES.length;
        } while (n > 0);
        return word.toString();
    }

    String next() {
        int kind = random.nextInt(20);
        if (kind < 2) {
            return NORWEGIAN_LINES[random.nextInt(NORWEGIAN_LINES.length)];
        }
        StringBuilder text = new StringBuilder();
        for (int n = 3 + random.nextInt(23); n > 0; n--) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(words[rank(random.nextDouble())]);
        }
        if (kind == 2) {
            text.append(' ');
            for (int n = 2 + random.nextInt(8); n > 0; n--) {
                text.append(HAN.charAt(random.nextInt(HAN.length())));
            }
        }
        return text.toString();
    }

    private int rank(double u) {
        int lo = 0;
        int hi = VOCABULARY - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
