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
}
