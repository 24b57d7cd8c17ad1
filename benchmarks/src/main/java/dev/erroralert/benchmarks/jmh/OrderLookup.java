package dev.erroralert.benchmarks.jmh;

import java.util.Arrays;

import dev.erroralert.spring.AlertOnError;

/**
 * The bean of the throwing path: every lookup fails {@value #DEPTH} frames down, as a real failure deep in a
 * repository or a client would, so that capturing the stack costs what it costs in an application.
 */
@AlertOnError
public class OrderLookup {

    /** How many frames of {@code descend} the exception's stack holds. */
    public static final int DEPTH = 30;

    /** Always throws {@code IllegalStateException("order <id> not found")}. */
    public long find(long orderId) {
        return descend(orderId, DEPTH);
    }

    private long descend(long orderId, int depth) {
        if (depth > 1) {
            // Not a tail position: the frames stay on the stack, as in real code.
            return descend(orderId, depth - 1) + 1;
        }
        throw new IllegalStateException("order " + orderId + " not found");
    }

    /**
     * Look one exception up and check that its stack holds the {@value #DEPTH} frames, so a benchmark measures the
     * stack it claims to.
     *
     * @return the whole depth of the exception's stack
     * @throws IllegalStateException when the lookup did not throw or the recursion frames are not all there
     */
    public static int checkedDepth(OrderLookup lookup, long orderId) {
        try {
            lookup.find(orderId);
        }
        catch (IllegalStateException ex) {
            StackTraceElement[] stack = ex.getStackTrace();
            long recursion = Arrays.stream(stack)
                    .filter(frame -> frame.getClassName().equals(OrderLookup.class.getName())
                            && frame.getMethodName().equals("descend"))
                    .count();
            if (recursion != DEPTH) {
                throw new IllegalStateException(
                        "Expected " + DEPTH + " frames of descend, found " + recursion + " of " + stack.length);
            }
            return stack.length;
        }
        throw new IllegalStateException("The lookup of order " + orderId + " did not throw");
    }
}
