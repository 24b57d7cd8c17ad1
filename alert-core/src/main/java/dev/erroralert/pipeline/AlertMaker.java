package dev.erroralert.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.erroralert.event.ErrorEvent;
import dev.erroralert.event.Origin;
import dev.erroralert.event.RequestInfo;
import dev.erroralert.event.ThrownError;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.AlertLinks;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;

/**
 * Turns a decision to send into the alert people read: the exception read and masked once per error and episode, the
 * occurrence's context values and web request masked, the origin, and the links configured. Everything from the
 * exception or the thread is masked here, so every destination, the log and the outbox only ever see masked text.
 */
final class AlertMaker {

    private final InAppFrames inAppFrames;
    private final SecretMasker masker;
    private final Origin origin;
    private final AlertLinks links;
    private final DedupWindows windows;

    AlertMaker(InAppFrames inAppFrames, SecretMasker masker, Origin origin, AlertLinks links, DedupWindows windows) {
        this.inAppFrames = inAppFrames;
        this.masker = masker;
        this.origin = origin;
        this.links = links;
        this.windows = windows;
    }

    /** The exception of {@code example}, read, bounded and masked. */
    ErrorSnapshot snapshot(ErrorEvent example) {
        return ErrorSnapshot.of(ThrownError.read(example.error()), inAppFrames, masker);
    }

    /** What the history keeps of an error first seen as {@code example}. */
    ErrorDetails details(ErrorSnapshot snapshot, ErrorEvent example) {
        return new ErrorDetails(snapshot.type(), snapshot.message(), example.site().location(), origin.application(),
                origin.environment());
    }

    Alert alert(Fingerprint fingerprint, ErrorEvent example, Decision.Send decision, ErrorSnapshot snapshot) {
        Map<String, String> context = new LinkedHashMap<>();
        example.context().forEach((key, value) -> context.put(key, masker.mask(value)));
        RequestInfo request = example.request();
        if (request != null && request.route() != null) {
            // A template has no ids, but an application may put anything in one: it is masked like the rest.
            request = new RequestInfo(request.method(), masker.mask(request.route()), request.status());
        }
        return new Alert(fingerprint, decision, snapshot, example.site(), origin, example.threadName(), context,
                windows, example.epochMillis(), null, request, links.linksFor(fingerprint, context, example.site()));
    }
}
