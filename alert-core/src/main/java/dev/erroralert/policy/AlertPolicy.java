package dev.erroralert.policy;

/**
 * The rule that turns counts into alerts. Stores keep the counts and expire records by {@link #windows()};
 * the policy only judges a {@link Tally}, so every store applies the same rule.
 */
public interface AlertPolicy {

    /** How long stores keep records alive. */
    DedupWindows windows();

    /** Judge one atomic step of a store. Must not throw. */
    Decision decide(Tally tally);

    /**
     * Whether every later step of the same live record is sure to be suppressed too, so an instance may count the
     * error's repeats locally and tell the store only at a slow pace (to slide the record and feed the history)
     * instead of asking for a judgement every flush. The default, {@code false}, keeps every step judged: a custom
     * policy opts in only when its rule says so.
     */
    default boolean staysSuppressed(Decision decision) {
        return false;
    }
}
