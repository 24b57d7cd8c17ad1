package dev.erroralert.fingerprint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MessageNormalizerTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Order 42 not found                                      | Order <num> not found
            Order 1234567 not found                                 | Order <num> not found
            took 12.5 ms                                            | took <num> ms
            user 550e8400-e29b-41d4-a716-446655440000 missing      | user <uuid> missing
            connect to 10.0.0.12:5432 refused                       | connect to <ip> refused
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

    @org.junit.jupiter.api.Test
    void boundsTheWorkOnHugeMessages() {
        String huge = "x".repeat(1_000_000);

        assertThat(MessageNormalizer.normalize(huge)).hasSize(MessageNormalizer.MAX_LENGTH);
        assertThat(MessageNormalizer.normalize(null)).isEmpty();
    }
}
