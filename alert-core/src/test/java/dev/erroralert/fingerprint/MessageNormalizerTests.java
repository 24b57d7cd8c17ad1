package dev.erroralert.fingerprint;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MessageNormalizerTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Order 42 not found                                      | Order <num> not found
            Order 1234567 not found                                 | Order <num> not found
            took 12.5 ms                                            | took <num> ms
            user 550e8400-e29b-41d4-a716-446655440000 missing      | user <uuid> missing
            connect to 10.0.0.12:5432 refused                       | connect to <ip> refused
            connect to 10.0.0.12:54 refused                         | connect to <ip> refused
            connect to fe80::12:34:56 refused                       | connect to <ip> refused
            connect to fe80::1ff:fe23:4567:890a refused             | connect to <ip> refused
            mail to jane.doe+x@example.co.uk bounced                | mail to <email> bounced
            GET https://api.example.com/orders/42?x=1 failed        | GET <url> failed
            at 2026-11-21T23:15:17.123Z                             | at <datetime>
            at 2026-11-21 23:15:17                                  | at <datetime>
            at 23:15:17                                             | at <time>
            object com.example.Cart@1a2b3c4d is stale                | object com.example.Cart@<hash> is stale
            pointer 0x7ffd5e8a                                      | pointer <hex>
            trace 4bf92f3577b34da6a3ce929d0e0e4736                  | trace <hex>
            duplicate key 'ORD-2026-0042' for index 'uk_order'     | duplicate key '<str>' for index '<str>'
            "some value" is invalid                                 | "<str>" is invalid
            http2 and utf8 stay as they are                         | http2 and utf8 stay as they are
            order42 not found                                       | order42 not found
            sha256 of 12 files differs                              | sha256 of <num> files differs
            """)
    void replacesVariablePartsWithTokens(String message, String expected) {
        assertThat(MessageNormalizer.normalize(message)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Order 42 not found for user 7         | Order 9001 not found for user 12
            timeout after 3000 ms on 10.1.2.3     | timeout after 5000 ms on 192.168.0.7
            lock held by a3f9c2e1b7 since 12:00   | lock held by 0b9e7f3c11 since 13:45
            """)
    void variantsOfOneMessageNormaliseAlike(String one, String other) {
        assertThat(MessageNormalizer.normalize(one)).isEqualTo(MessageNormalizer.normalize(other));
    }

    @Test
    void quotedValuesOfAnyLengthAreReplaced() {
        String longValue = "x".repeat(300);

        assertThat(MessageNormalizer.normalize("key '" + longValue + "' is invalid"))
                .isEqualTo("key '<str>' is invalid");
        assertThat(MessageNormalizer.normalize("key \"" + longValue + "\" is invalid"))
                .isEqualTo("key \"<str>\" is invalid");
    }

    @Test
    void hostileMessagesStayCheap() {
        // Runs of characters that a URL's scheme or an e-mail's local part may hold, where a rule free to start
        // at every character does quadratic work.
        List<String> hostile = List.of("a".repeat(1_000), "a.".repeat(500), "a".repeat(996) + ":/x",
                "1".repeat(1_000), "2020-01-01T".repeat(90), "x@" + "a-".repeat(499), "a+".repeat(500));

        // The rounds take some 0.2 s, and took 5 s while the work was quadratic: the bound is far from both.
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int round = 0; round < 100; round++) {
                hostile.forEach(MessageNormalizer::normalize);
            }
        });
    }

    @Test
    void longChainsOfARepeatedShapeFitInASmallThreadStack() throws InterruptedException {
        // A group repeated by recursion needs a stack frame per repetition: 500 of them overflowed 256 KB.
        List<String> chains = List.of("1,".repeat(500), "x@" + "a.".repeat(499));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread smallStack = new Thread(null, () -> {
            try {
                chains.forEach(MessageNormalizer::normalize);
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        }, "small-stack", 256 * 1024);

        smallStack.start();
        smallStack.join();

        assertThat(failure).hasNullValue();
    }

    @Test
    void boundsTheWorkOnHugeMessages() {
        String huge = "x".repeat(1_000_000);

        assertThat(MessageNormalizer.normalize(huge)).hasSize(MessageNormalizer.MAX_LENGTH);
        assertThat(MessageNormalizer.normalize(null)).isEmpty();
    }
}
