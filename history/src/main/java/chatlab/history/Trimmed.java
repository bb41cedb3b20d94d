package chatlab.history;

import java.util.Set;

/**
 * What one trim removed from one room: every message up to and including {@code throughSeq}.
 *
 * @param rules the rules that each wanted messages gone (the trim removes what the strictest wants)
 */
public record Trimmed(String room, long throughSeq, long messages, long bytes, Set<RetentionRule> rules) {
    public Trimmed {
        rules = Set.copyOf(rules);
    }
}
