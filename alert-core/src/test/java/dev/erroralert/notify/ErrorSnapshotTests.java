package dev.erroralert.notify;

import java.util.List;
import java.util.regex.Pattern;

import dev.erroralert.event.ThrownError;
import dev.erroralert.fingerprint.InAppFrames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorSnapshotTests {

    private static final InAppFrames inAppFrames = InAppFrames.everythingButFrameworks();

    private static ThrownError thrown() {
        return ThrownError.read(new IllegalStateException("login failed: password=hunter2",
                new RuntimeException("wrapped", new IllegalArgumentException("bad jdbc:postgresql://app:S3cr3t@db/shop"))));
    }

    @Test
    void masksTheMessageAndEveryCauseMessageByDefault() {
        ErrorSnapshot snapshot = ErrorSnapshot.of(thrown(), inAppFrames);

        assertThat(snapshot.message()).isEqualTo("login failed: password=***");
        assertThat(snapshot.causes()).extracting(ErrorSnapshot.Cause::describe)
                .containsExactly("java.lang.RuntimeException: wrapped",
                "java.lang.IllegalArgumentException: bad jdbc:postgresql://app:***@db/shop");
    }

    @Test
    void masksWithTheMaskerItIsGiven() {
        SecretMasker masker = SecretMasker.none().and(List.of(Pattern.compile("wrapped")));

        ErrorSnapshot snapshot = ErrorSnapshot.of(thrown(), inAppFrames, masker);

        assertThat(snapshot.message()).isEqualTo("login failed: password=hunter2");
        assertThat(snapshot.causes()).extracting(ErrorSnapshot.Cause::describe)
                .containsExactly("java.lang.RuntimeException: ***",
                "java.lang.IllegalArgumentException: bad jdbc:postgresql://app:S3cr3t@db/shop");
    }

    @Test
    void masksACauseMessageBeforeCuttingIt() {
        // Cut first, the card number would be split to "4111 1111" and no longer be recognised.
        String message = "x".repeat(ErrorSnapshot.MAX_CAUSE_MESSAGE_LENGTH - 10) + " 4111 1111 1111 1111";
        ThrownError error = ThrownError.read(new RuntimeException("outer", new IllegalStateException(message)));

        ErrorSnapshot snapshot = ErrorSnapshot.of(error, inAppFrames);

        assertThat(snapshot.causes()).extracting(ErrorSnapshot.Cause::describe).singleElement().asString()
                .endsWith(" **** ****…").doesNotContain("4111");
    }

    @Test
    void leavesTypesAndFramesAsTheyAre() {
        ErrorSnapshot snapshot = ErrorSnapshot.of(thrown(), inAppFrames);

        assertThat(snapshot.type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(snapshot.frames()).isNotEmpty().allSatisfy(frame -> assertThat(frame).doesNotContain("***"));
    }
}
