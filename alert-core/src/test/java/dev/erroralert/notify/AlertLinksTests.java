package dev.erroralert.notify;

import java.util.Map;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.fingerprint.Fingerprint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertLinksTests {

    private static final Fingerprint FINGERPRINT = new Fingerprint("0123456789abcdef0123456789abcdef");

    private static final CaptureSite ORDERS = CaptureSite.of("com.example.OrderService", "place");

    private static final CaptureSite PAYMENTS = new CaptureSite("com.example.PaymentService", "charge", null,
            "payments");

    private final AlertLinks links = new AlertLinks("https://tempo.example.com/trace/{traceId}?org=1",
            "https://wiki.example.com/runbooks/{fingerprint}",
            Map.of("payments", "https://wiki.example.com/runbooks/payments"),
            "https://ops.example.com/mute/{fingerprint}", "traceId");

    @Test
    void linksTheTraceTheRunbookOfTheRouteAndWhereToMute() {
        assertThat(links.linksFor(FINGERPRINT, Map.of("traceId", "4bf92f3577b34da6"), PAYMENTS)).containsExactly(
                new Alert.Link(Alert.Link.TRACE, "https://tempo.example.com/trace/4bf92f3577b34da6?org=1"),
                new Alert.Link(Alert.Link.RUNBOOK, "https://wiki.example.com/runbooks/payments"),
                new Alert.Link(Alert.Link.MUTE, "https://ops.example.com/mute/" + FINGERPRINT.value()));
        assertThat(links.linksFor(FINGERPRINT, Map.of(), ORDERS)).extracting(Alert.Link::url).containsExactly(
                "https://wiki.example.com/runbooks/" + FINGERPRINT.value(),
                "https://ops.example.com/mute/" + FINGERPRINT.value());
    }

    @Test
    void aTraceIdThatIsNotAPlainIdMakesNoLink() {
        for (String forged : new String[] { "x>|<https://evil.example.com", "a b", "../../admin", "" }) {
            assertThat(links.linksFor(FINGERPRINT, Map.of("traceId", forged), ORDERS))
                    .extracting(Alert.Link::label).as(forged).doesNotContain(Alert.Link.TRACE);
        }
    }

    @Test
    void aTemplateThatIsNotAnAbsoluteHttpUrlOrLacksItsPlaceholderIsRefusedByName() {
        assertThatThrownBy(() -> new AlertLinks("javascript:alert(1)/{traceId}", null, Map.of(), null, "traceId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace link template")
                .hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> new AlertLinks("https://tempo.example.com/trace", null, Map.of(), null, "traceId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must contain {traceId}");
        assertThatThrownBy(() -> new AlertLinks(null, null, Map.of("payments", "wiki/payments"), null, "traceId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runbook of route payments");
        assertThatThrownBy(() -> new AlertLinks(null, null, Map.of(), "https://ops.example.com/mute|x", "traceId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mute link template");
    }

    @Test
    void withoutTemplatesThereAreNoLinks() {
        assertThat(AlertLinks.NONE.linksFor(FINGERPRINT, Map.of("traceId", "abc"), PAYMENTS)).isEmpty();
    }
}
