package dev.erroralert.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThrownErrorTests {

    @Test
    void readsANullMessageAsNone() {
        ThrownError read = ThrownError.read(new IllegalStateException());

        assertThat(read.outermost().message()).isNull();
        assertThat(read.outermost().type()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void cutsAMegabyteMessage() {
        ThrownError read = ThrownError.read(new IllegalStateException("x".repeat(1_000_000)));

        assertThat(read.outermost().message()).hasSize(ThrownError.MAX_MESSAGE_LENGTH + 1).endsWith("…");
    }

    @Test
    void doesNotSplitASurrogatePairWhenCutting() {
        String emoji = "\uD83D\uDE00";
        String message = "x".repeat(ThrownError.MAX_MESSAGE_LENGTH - 1) + emoji + "tail";

        String cut = ThrownError.read(new RuntimeException(message)).outermost().message();

        assertThat(cut).doesNotContain("\uD83D").endsWith("x…");
    }

    @Test
    void readsATenThousandDeepCauseChainBoundedAndCountsTheRest() {
        Throwable deepest = new IllegalStateException("root");
        for (int i = 0; i < 10_000; i++) {
            deepest = new RuntimeException("wrap " + i, deepest);
        }

        ThrownError read = ThrownError.read(deepest);

        assertThat(read.causes()).hasSize(ThrownError.MAX_CAUSES);
        assertThat(read.omittedCauses()).isEqualTo(10_001 - ThrownError.MAX_CAUSES);
    }

    @Test
    void stopsAtACauseCycle() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        ThrownError read = ThrownError.read(first);

        assertThat(read.causes()).extracting(ThrownError.Cause::message).containsExactly("first", "second");
        assertThat(read.omittedCauses()).isZero();
    }

    @Test
    void survivesAnExceptionWhoseAccessorsThrow() {
        RuntimeException hostile = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("no message for you");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no string either");
            }

            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException("and no cause");
            }

            @Override
            public StackTraceElement[] getStackTrace() {
                throw new IllegalStateException("nor frames");
            }
        };

        ThrownError read = ThrownError.read(hostile);

        assertThat(read.outermost().message()).isEqualTo("<getMessage() threw java.lang.UnsupportedOperationException>");
        assertThat(read.outermost().frames()).isEmpty();
        assertThat(read.causes()).hasSize(1);
    }

    @Test
    void readsAStackOverflowError() {
        StackOverflowError overflow = overflow();

        ThrownError read = ThrownError.read(overflow);

        assertThat(read.outermost().type()).isEqualTo("java.lang.StackOverflowError");
        assertThat(read.outermost().frames()).isNotEmpty();
    }

    static StackOverflowError overflow() {
        try {
            recurse(0);
            throw new AssertionError("the stack did not overflow");
        }
        catch (StackOverflowError error) {
            return error;
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
