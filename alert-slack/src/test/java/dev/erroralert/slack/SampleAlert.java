package dev.erroralert.slack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.Origin;
import dev.erroralert.event.RequestInfo;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import org.jspecify.annotations.Nullable;

/** An alert as the pipeline would hand it over, with each part replaceable by a test. */
final class SampleAlert {

    static final String FINGERPRINT = "0123456789abcdef0123456789abcdef";

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private String application = "shop";
    private String environment = "prod";
    private @Nullable String message = "Order 42 could not be placed";
    private List<ErrorSnapshot.Cause> causes =
            List.of(new ErrorSnapshot.Cause("java.sql.SQLTransientConnectionException", "pool exhausted"));
    private List<String> frames = List.of("com.example.OrderService.place(OrderService.java:42)",
            "com.example.OrderController.post(OrderController.java:17)");
    private Map<String, String> context = Map.of("traceId", TRACE_ID);
    private String threadName = "http-nio-8080-exec-1";
    private String type = "java.lang.IllegalStateException";
    private CaptureSite site = CaptureSite.of("com.example.OrderService", "place");
    private String fingerprint = FINGERPRINT;
    private @Nullable Long epochMillis;
    private boolean first;
    private boolean capped;
    private String version = "";
    private String instance = "";
    private @Nullable RequestInfo request;
    private List<Alert.Link> links = List.of();

    SampleAlert release(String version, String instance) {
        this.version = version;
        this.instance = instance;
        return this;
    }

    SampleAlert request(String method, @Nullable String route, int status) {
        this.request = new RequestInfo(method, route, status);
        return this;
    }

    SampleAlert links(Alert.Link... links) {
        this.links = List.of(links);
        return this;
    }

    SampleAlert application(String application) {
        this.application = application;
        return this;
    }

    SampleAlert environment(String environment) {
        this.environment = environment;
        return this;
    }

    SampleAlert message(@Nullable String message) {
        this.message = message;
        return this;
    }

    SampleAlert causes(ErrorSnapshot.Cause... causes) {
        this.causes = List.of(causes);
        return this;
    }

    SampleAlert context(Map<String, String> context) {
        this.context = context;
        return this;
    }

    SampleAlert type(String type) {
        this.type = type;
        return this;
    }

    SampleAlert site(String className, String methodName) {
        this.site = CaptureSite.of(className, methodName);
        return this;
    }

    SampleAlert threadName(String threadName) {
        this.threadName = threadName;
        return this;
    }

    SampleAlert fingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
        return this;
    }

    /** The fingerprint whose short id is {@code index} in hex: {@code 0000002a} for 42. */
    SampleAlert fingerprint(int index) {
        return fingerprint(String.format("%08x", index) + "0".repeat(24));
    }

    /** Captured at {@code epochMillis} rather than 5 (or 12) minutes after the first occurrence. */
    SampleAlert at(long epochMillis) {
        this.epochMillis = epochMillis;
        return this;
    }

    /** The 1st occurrence of a new error; otherwise the 3rd, in 5 min. */
    SampleAlert first() {
        this.first = true;
        return this;
    }

    /** The 6th occurrence, the last alerted before the cap; otherwise the 3rd, in 5 min. */
    SampleAlert capped() {
        this.capped = true;
        return this;
    }

    Alert build() {
        Tally tally = first ? new Tally(0, 1, 0, "redis")
                : capped ? new Tally(5, 6, 0, "redis") : new Tally(2, 3, 0, "redis");
        long now = epochMillis != null ? epochMillis : Duration.ofMinutes(capped ? 12 : 5).toMillis();
        return new Alert(new Fingerprint(fingerprint), new Decision.Send(tally, capped),
                new ErrorSnapshot(type, message, causes, frames), site,
                new Origin(application, environment, version, instance), threadName, context,
                new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)), now, null, request, links);
    }
}
