package dev.erroralert.spring.capture;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportedErrorsTests {

    private final ReportedErrors reported = new ReportedErrors();

    @Test
    void anExceptionIsReportedByTheFirstCapturePointOnly() {
        IllegalStateException error = new IllegalStateException("boom");

        assertThat(reported.firstReportOf(error)).isTrue();
        assertThat(reported.firstReportOf(error)).isFalse();
    }

    @Test
    void anExceptionWrappingOneAlreadyReportedIsNotReportedAgain() {
        IllegalStateException inner = new IllegalStateException("inner");
        reported.firstReportOf(inner);

        assertThat(reported.firstReportOf(new RuntimeException("wrapper", inner))).isFalse();
        assertThat(reported.firstReportOf(new RuntimeException("another"))).isTrue();
    }

    @Test
    void aCauseChainThatLoopsEndsTheSearch() {
        Exception first = new Exception("first");
        Exception second = new Exception("second", first);
        first.initCause(second);

        assertThat(reported.firstReportOf(first)).isTrue();
        assertThat(reported.firstReportOf(second)).isFalse();
    }

    /**
     * Two hundred requests failing at once, each exception seen by a service's capture point and then by the web
     * request's: each is reported once. With one slot per identity hash, some two of them shared a slot in almost
     * every run, and that exception was reported twice.
     */
    @Test
    void twoHundredExceptionsInFlightAtOnceAreEachReportedOnce() {
        List<Throwable> inFlight = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Throwable error = new IllegalStateException("request " + i);
            inFlight.add(error);
            assertThat(reported.firstReportOf(error)).isTrue();
        }

        assertThat(inFlight).noneMatch(reported::firstReportOf);
    }
}
