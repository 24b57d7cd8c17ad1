package dev.erroralert.slack;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link Slack} clients fit for alerting: every call ends within a short timeout, no request URL is logged,
 * and no call is made that was not asked for.
 */
public final class SlackClients {

    /** How long one call to Slack may take by default, connecting included: a slow Slack must not hold up delivery. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private SlackClients() {
    }

    /**
     * A Slack client whose every call (connecting, sending, waiting for the answer) ends within {@code timeout},
     * which logs no request URL and keeps no call statistics. Close it when done.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive or longer than 24 days
     */
    public static Slack create(Duration timeout) {
        return create(timeout, null);
    }

    /**
     * As {@link #create(Duration)}, with the Web API at {@code apiUrl} (such as {@code https://slack.com/api/}) instead
     * of Slack's own: for a proxy, or a stand-in in tests; {@code null} for Slack's.
     *
     * @throws IllegalArgumentException if {@code apiUrl} is not an absolute http or https URL with a host; the
     * message does not show it (a proxy's URL may hold credentials)
     */
    public static Slack create(Duration timeout, @Nullable String apiUrl) {
        if (apiUrl != null && !apiUrl.isBlank() && !isHttpUrlWithHost(apiUrl)) {
            throw new IllegalArgumentException("The Slack API URL must be an absolute http or https URL with a host "
                    + "(not shown: it may hold credentials)");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive and at most 24 days, got " + timeout);
        }
        int millis = (int) Math.max(1, timeout.toMillis());
        SlackConfig config = new SlackConfig();
        // The SDK's default response listeners log the request URL at DEBUG, and a webhook's URL is the secret.
        config.setHttpClientResponseHandlers(new ArrayList<>());
        // With statistics on, the first Web API call per token asks auth.test for the team first: a second request
        // per delivery attempt, and statistics nobody reads. The lanes pace and count on their own.
        config.setStatsEnabled(false);
        config.setHttpClientCallTimeoutMillis(millis);
        config.setHttpClientReadTimeoutMillis(millis);
        config.setHttpClientWriteTimeoutMillis(millis);
        if (apiUrl != null && !apiUrl.isBlank()) {
            config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        }
        return Slack.getInstance(config);
    }

    private static boolean isHttpUrlWithHost(String url) {
        try {
            URI uri = new URI(url.strip());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }
}
