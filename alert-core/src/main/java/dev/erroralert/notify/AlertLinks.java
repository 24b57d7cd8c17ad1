package dev.erroralert.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * The links an alert carries, from templates the application configures: its trace in the tracing tool
 * ({@code https://tempo.example.com/trace/{traceId}}), the runbook of its delivery route, and where to mute it.
 * <p>
 * A template is an absolute http(s) URL; what is put into it is percent-encoded, and a trace id that is not a plain
 * id (letters, digits, {@code -} and {@code _}, as tracers write them) makes no link: the id comes from the thread's
 * diagnostic context, which anyone's code can write.
 */
public final class AlertLinks {

    /** No links. */
    public static final AlertLinks NONE = new AlertLinks(null, null, Map.of(), null, "traceId");

    private static final Pattern TRACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private static final String TRACE_ID_PLACEHOLDER = "{traceId}";

    private static final String FINGERPRINT_PLACEHOLDER = "{fingerprint}";

    private final @Nullable String trace;
    private final @Nullable String runbook;
    private final Map<String, String> runbooksByRoute;
    private final @Nullable String mute;
    private final String traceIdKey;

    /**
     * @param trace the trace link's template, with {@code {traceId}}; {@code null} for none
     * @param runbook the runbook link's template (may use {@code {fingerprint}}) for alerts of every route without one
     *        of its own; {@code null} for none
     * @param runbooksByRoute runbook templates by delivery route name
     * @param mute the template of a link that mutes the error, with {@code {fingerprint}}; {@code null} to show how to
     *        mute it through the {@code erroralerts} endpoint instead
     * @param traceIdKey the context (MDC) key that holds the trace id
     * @throws IllegalArgumentException naming the template that is not an absolute http(s) URL or lacks its
     *         placeholder
     */
    public AlertLinks(@Nullable String trace, @Nullable String runbook, Map<String, String> runbooksByRoute,
            @Nullable String mute, String traceIdKey) {
        this.trace = template("trace", trace, TRACE_ID_PLACEHOLDER);
        this.runbook = template("runbook", runbook, null);
        runbooksByRoute.forEach((route, template) -> template("runbook of route " + route, template, null));
        this.runbooksByRoute = Map.copyOf(runbooksByRoute);
        this.mute = template("mute", mute, FINGERPRINT_PLACEHOLDER);
        this.traceIdKey = Objects.requireNonNull(traceIdKey, "traceIdKey");
    }

    /** The links of an alert of {@code fingerprint}, captured at {@code site} with {@code context}. */
    public List<Alert.Link> linksFor(Fingerprint fingerprint, Map<String, String> context, CaptureSite site) {
        if (trace == null && runbook == null && runbooksByRoute.isEmpty() && mute == null) {
            return List.of();
        }
        List<Alert.Link> links = new ArrayList<>(3);
        String traceId = context.get(traceIdKey);
        if (trace != null && traceId != null && TRACE_ID.matcher(traceId).matches()) {
            links.add(new Alert.Link(Alert.Link.TRACE, trace.replace(TRACE_ID_PLACEHOLDER, encode(traceId))));
        }
        String runbookTemplate = site.route() != null ? runbooksByRoute.getOrDefault(site.route(), runbook) : runbook;
        if (runbookTemplate != null) {
            links.add(new Alert.Link(Alert.Link.RUNBOOK,
                    runbookTemplate.replace(FINGERPRINT_PLACEHOLDER, fingerprint.value())));
        }
        if (mute != null) {
            links.add(new Alert.Link(Alert.Link.MUTE, mute.replace(FINGERPRINT_PLACEHOLDER, fingerprint.value())));
        }
        return links;
    }

    private static @Nullable String template(String name, @Nullable String template,
            @Nullable String placeholder) {
        if (template == null || template.isBlank()) {
            return null;
        }
        String trimmed = template.strip();
        URI uri;
        try {
            // Placeholders are not valid in a URI; checked with a stand-in value.
            uri = URI.create(trimmed.replace("{traceId}", "x").replace("{fingerprint}", "x"));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("The " + name + " link template is not a URL: " + ex.getMessage());
        }
        if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("The " + name + " link template must be an absolute http(s) URL, got '"
                    + trimmed + "'");
        }
        if (placeholder != null && !trimmed.contains(placeholder)) {
            throw new IllegalArgumentException("The " + name + " link template must contain " + placeholder
                    + ", got '" + trimmed + "'");
        }
        return trimmed;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
