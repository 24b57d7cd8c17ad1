package dev.erroralert.fingerprint;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoTests {

    private final AtomicInteger calls = new AtomicInteger();
    private final Memo upper = new Memo((text) -> {
        calls.incrementAndGet();
        return text.toUpperCase(java.util.Locale.ROOT);
    }, 2, 5);

    @Test
    void aRecurringInputIsComputedOnce() {
        assertThat(upper.apply("abc")).isEqualTo("ABC");
        assertThat(upper.apply("abc")).isEqualTo("ABC");

        assertThat(calls).hasValue(1);
    }

    @Test
    void aLongInputIsNeverKept() {
        upper.apply("abcdef");
        upper.apply("abcdef");

        assertThat(calls).hasValue(2);
    }

    @Test
    void whenFullItEmptiesAndKeepsWhatIsCurrent() {
        upper.apply("a");
        upper.apply("b");
        upper.apply("c");
        calls.set(0);

        assertThat(upper.apply("c")).isEqualTo("C");
        assertThat(upper.apply("a")).isEqualTo("A");

        assertThat(calls).as("c kept after the reset, a computed again").hasValue(1);
    }
}
