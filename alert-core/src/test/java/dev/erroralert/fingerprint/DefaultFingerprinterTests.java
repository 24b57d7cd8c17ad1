package dev.erroralert.fingerprint;

import java.util.List;
import java.util.Map;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;
import dev.erroralert.event.ThrownError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultFingerprinterTests {

    private static final CaptureSite SITE = CaptureSite.of("com.example.OrderService", "place");

    private final DefaultFingerprinter fingerprinter = new DefaultFingerprinter();

    private static StackTraceElement frame(String className, String method, int line) {
        return new StackTraceElement(className, method, className.substring(className.lastIndexOf('.') + 1) + ".java",
                line);
    }

    /** An exception as the same code path throws it, with the variable parts given. */
    private static RuntimeException orderNotFound(long orderId, String proxySuffix, int line, String at) {
        IllegalStateException exception = new IllegalStateException(
                "Order " + orderId + " not found at " + at + " by com.example.Cart@" + Long.toHexString(orderId * 31));
        exception.setStackTrace(new StackTraceElement[] {
                frame("com.example.OrderRepository", "load", line),
                frame("com.example.OrderService" + proxySuffix, "place", line + 10),
                frame("com.example.OrderService$$Lambda$" + orderId + "/0x0000000800c0b000", "apply", -1),
                frame("org.springframework.aop.framework.ReflectiveMethodInvocation", "proceed", 186),
                frame("java.lang.Thread", "run", 1583) });
        return exception;
    }

    private Fingerprint fingerprintOf(Throwable error) {
        return fingerprinter.fingerprint(new ErrorEvent(error, SITE, 0L, "main", Map.of()));
    }

    @Test
    void anErrorWithoutInAppFramesKeepsItsFingerprintWhenReflectionSwitchesToGeneratedAccessors() {
        // The JVM calls reflectively through native accessors at first, through generated ones after about 15 calls.
        RuntimeException early = new IllegalStateException("pool exhausted");
        early.setStackTrace(new StackTraceElement[] {
                frame("org.springframework.jdbc.support.JdbcUtils", "close", 10),
                frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", -2),
                frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke", 77),
                frame("jdk.internal.reflect.DelegatingMethodAccessorImpl", "invoke", 43),
                frame("java.lang.reflect.Method", "invoke", 568),
                frame("org.springframework.aop.support.AopUtils", "invokeJoinpointUsingReflection", 359) });
        RuntimeException later = new IllegalStateException("pool exhausted");
        later.setStackTrace(new StackTraceElement[] {
                frame("org.springframework.jdbc.support.JdbcUtils", "close", 10),
                frame("jdk.internal.reflect.GeneratedMethodAccessor12", "invoke", -1),
                frame("jdk.internal.reflect.DelegatingMethodAccessorImpl", "invoke", 43),
                frame("java.lang.reflect.Method", "invoke", 568),
                frame("org.springframework.aop.support.AopUtils", "invokeJoinpointUsingReflection", 359) });
        DefaultFingerprinter fingerprinter = new DefaultFingerprinter();

        assertThat(fingerprinter.fingerprint(ThrownError.read(early), SITE))
                .isEqualTo(fingerprinter.fingerprint(ThrownError.read(later), SITE));
    }

    @Test
    void sameFailureWithDifferentIdsTimesProxiesAndLinesHasOneFingerprint() {
        Fingerprint first = fingerprintOf(orderNotFound(42, "$$SpringCGLIB$$0", 57, "2026-11-21T23:15:17Z"));
        Fingerprint second = fingerprintOf(orderNotFound(9001, "$$EnhancerBySpringCGLIB$$a1b2c3", 63,
                "2026-11-22T04:01:59.999Z"));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void isStableAcrossJvmsAndRestarts() {
        // A golden value: nothing of this JVM (identity hashes, host, time) goes into a fingerprint, so the same
        // failure hashes to the same value on any machine, in any run.
        Fingerprint fingerprint = fingerprintOf(orderNotFound(42, "", 57, "2026-11-21T23:15:17Z"));

        assertThat(fingerprint.value()).isEqualTo(GOLDEN);
    }

    private static final String GOLDEN = "31845085edec0326947b9fea1d2fe3c1";

    @Test
    void differentExceptionTypesHaveDifferentFingerprints() {
        RuntimeException state = orderNotFound(42, "", 57, "now");
        IllegalArgumentException argument = new IllegalArgumentException(state.getMessage());
        argument.setStackTrace(state.getStackTrace());

        assertThat(fingerprintOf(argument)).isNotEqualTo(fingerprintOf(state));
    }

    @Test
    void differentMessagesHaveDifferentFingerprints() {
        RuntimeException notFound = orderNotFound(42, "", 57, "now");
        IllegalStateException paymentDeclined = new IllegalStateException("Payment declined");
        paymentDeclined.setStackTrace(notFound.getStackTrace());

        assertThat(fingerprintOf(paymentDeclined)).isNotEqualTo(fingerprintOf(notFound));
    }

    @Test
    void differentCausesHaveDifferentFingerprints() {
        RuntimeException timeout = new RuntimeException("call failed", new java.net.SocketTimeoutException("read"));
        RuntimeException refused = new RuntimeException("call failed", new java.net.ConnectException("refused"));
        timeout.getCause().setStackTrace(orderNotFound(1, "", 1, "now").getStackTrace());
        refused.getCause().setStackTrace(orderNotFound(1, "", 1, "now").getStackTrace());

        assertThat(fingerprintOf(timeout)).isNotEqualTo(fingerprintOf(refused));
    }

    @Test
    void differentCodePathsHaveDifferentFingerprints() {
        RuntimeException fromLoad = orderNotFound(42, "", 57, "now");
        RuntimeException fromSave = new IllegalStateException(fromLoad.getMessage());
        fromSave.setStackTrace(new StackTraceElement[] { frame("com.example.OrderRepository", "save", 80),
                frame("com.example.OrderService", "place", 67) });

        assertThat(fingerprintOf(fromSave)).isNotEqualTo(fingerprintOf(fromLoad));
    }

    @Test
    void differentCaptureSitesHaveDifferentFingerprints() {
        RuntimeException error = orderNotFound(42, "", 57, "now");
        Fingerprint elsewhere = fingerprinter.fingerprint(
                new ErrorEvent(error, CaptureSite.of("com.example.RefundService", "refund"), 0L, "main", Map.of()));

        assertThat(elsewhere).isNotEqualTo(fingerprintOf(error));
    }

    @Test
    void frameworkFramesDoNotCountButInAppFramesDo() {
        String text = fingerprinter.canonicalText(ThrownError.read(orderNotFound(42, "", 57, "now")), SITE);

        assertThat(text).contains("frame:com.example.OrderRepository#load", "frame:com.example.OrderService#place")
                .doesNotContain("springframework", "java.lang.Thread", "Lambda", ":57");
    }

    @Test
    void configuredInAppPackagesNarrowTheFrames() {
        DefaultFingerprinter narrow = new DefaultFingerprinter(new InAppFrames(List.of("com.example.repo")), 5);
        RuntimeException error = new IllegalStateException("boom");
        error.setStackTrace(new StackTraceElement[] { frame("com.example.web.Controller", "get", 1),
                frame("com.example.repo.Repository", "find", 2) });

        assertThat(narrow.canonicalText(ThrownError.read(error), SITE)).contains("frame:com.example.repo.Repository#find")
                .doesNotContain("Controller");
    }

    @Test
    void hostAndAddressesNeverTellOccurrencesApart() {
        RuntimeException fromOneHost = new IllegalStateException("connection to 10.0.0.5:6379 (host-a) reset");
        RuntimeException fromAnother = new IllegalStateException("connection to 10.0.0.9:6379 (host-a) reset");
        fromAnother.setStackTrace(fromOneHost.getStackTrace());

        assertThat(fingerprintOf(fromAnother)).isEqualTo(fingerprintOf(fromOneHost));
    }

    @Test
    void aFixedGroupKeyReplacesTheComputedIdentity() {
        CaptureSite grouped = new CaptureSite("com.example.OrderService", "place", "payments", null);
        Fingerprint one = fingerprinter.fingerprint(
                new ErrorEvent(new IllegalStateException("a"), grouped, 0L, "main", Map.of()));
        Fingerprint other = fingerprinter.fingerprint(
                new ErrorEvent(new IllegalArgumentException("b"), grouped, 0L, "main", Map.of()));

        assertThat(other).isEqualTo(one);
        assertThat(one).isNotEqualTo(fingerprintOf(new IllegalStateException("a")));
    }
}
