package dev.erroralert.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.notify.AlertLinks;
import dev.erroralert.pipeline.PipelineSettings;
import dev.erroralert.silence.MuteTarget;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * Configuration of error-alert, under {@code error-alert}. Every setter checks its value, so a bad value fails
 * start-up with the name of the property in the message.
 */
@ConfigurationProperties("error-alert")
public class ErrorAlertProperties {

    /**
     * Whether error-alert is enabled.
     */
    private boolean enabled = true;

    /**
     * Application name shown on alerts. Defaults to 'spring.application.name'.
     */
    private @Nullable String application;

    /**
     * Environment shown on alerts. Defaults to the active profiles.
     */
    private @Nullable String environment;

    /**
     * The instance shown on alerts. Defaults to the host name (the HOSTNAME environment variable, else the local host's
     * name).
     */
    private @Nullable String instance;

    /**
     * The application's version shown on alerts. Defaults to the version in the build info (BuildProperties), if any.
     */
    private @Nullable String version;

    /**
     * MDC keys whose values are copied onto each alert, read on the thread that threw.
     */
    private List<String> mdcKeys = new ArrayList<>(List.of("traceId", "spanId"));

    /**
     * Package prefixes of the application's own code, for the frames that identify and show an error. Empty: every
     * frame outside well-known framework packages.
     */
    private List<String> inAppPackages = new ArrayList<>();

    private final Policy policy = new Policy();

    private final Chain chain = new Chain();

    private final Pipeline pipeline = new Pipeline();

    private final Aop aop = new Aop();

    private final Masking masking = new Masking();

    private final Metrics metrics = new Metrics();

    private final QuietSummary quietSummary = new QuietSummary();

    private final Reminder reminder = new Reminder();

    private final Mutes mutes = new Mutes();

    private final Capture capture = new Capture();

    private final Links links = new Links();

    public @Nullable String getInstance() {
        return instance;
    }

    public void setInstance(@Nullable String instance) {
        this.instance = instance;
    }

    public @Nullable String getVersion() {
        return version;
    }

    public void setVersion(@Nullable String version) {
        this.version = version;
    }

    public Links getLinks() {
        return links;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getApplication() {
        return application;
    }

    public void setApplication(@Nullable String application) {
        this.application = application;
    }

    public @Nullable String getEnvironment() {
        return environment;
    }

    public void setEnvironment(@Nullable String environment) {
        this.environment = environment;
    }

    public List<String> getMdcKeys() {
        return mdcKeys;
    }

    public void setMdcKeys(List<String> mdcKeys) {
        this.mdcKeys = mdcKeys;
    }

    public List<String> getInAppPackages() {
        return inAppPackages;
    }

    public void setInAppPackages(List<String> inAppPackages) {
        this.inAppPackages = inAppPackages;
    }

    public Policy getPolicy() {
        return policy;
    }

    public Chain getChain() {
        return chain;
    }

    public Pipeline getPipeline() {
        return pipeline;
    }

    public Aop getAop() {
        return aop;
    }

    public Capture getCapture() {
        return capture;
    }

    public Masking getMasking() {
        return masking;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public QuietSummary getQuietSummary() {
        return quietSummary;
    }

    public Reminder getReminder() {
        return reminder;
    }

    public Mutes getMutes() {
        return mutes;
    }

    static Duration requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.toMillis() < 1) {
            throw new IllegalArgumentException(what + " must be at least 1ms, got " + value);
        }
        return value;
    }

    /** Runs a check of the store modules, naming the property in its message. */
    static <T> T named(String property, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(property + " is invalid: " + ex.getMessage(), ex);
        }
    }

    static int requireAtLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
        return value;
    }

    /**
     * Links on alerts: absolute http(s) URL templates.
     */
    public static class Links {

        /**
         * The trace of the occurrence in your tracing tool, with '{traceId}' where the trace id (the MDC key
         * 'traceId') goes, such as 'https://tempo.example.com/trace/{traceId}'.
         */
        private @Nullable String trace;

        /**
         * The runbook of alerts without a route of their own in 'runbooks'; may use '{fingerprint}'.
         */
        private @Nullable String runbook;

        /**
         * Runbooks by delivery route (the 'route' of '@AlertOnError'); may use '{fingerprint}'.
         */
        private Map<String, String> runbooks = new LinkedHashMap<>();

        /**
         * A page that mutes the error, with '{fingerprint}'. Without it, alerts show the erroralerts endpoint call
         * that mutes the error for an hour.
         */
        private @Nullable String mute;

        public @Nullable String getTrace() {
            return trace;
        }

        public void setTrace(@Nullable String trace) {
            this.trace = trace;
        }

        public @Nullable String getRunbook() {
            return runbook;
        }

        public void setRunbook(@Nullable String runbook) {
            this.runbook = runbook;
        }

        public Map<String, String> getRunbooks() {
            return runbooks;
        }

        public void setRunbooks(Map<String, String> runbooks) {
            this.runbooks = runbooks;
        }

        public @Nullable String getMute() {
            return mute;
        }

        public void setMute(@Nullable String mute) {
            this.mute = mute;
        }

        /** The links, checked: a template that is not an absolute http(s) URL, or lacks its placeholder, is named. */
        AlertLinks toLinks() {
            // Each checked alone first, so that the error names the very property that is wrong.
            named("error-alert.links.trace", () -> new AlertLinks(trace, null, Map.of(), null, "traceId"));
            named("error-alert.links.runbook", () -> new AlertLinks(null, runbook, Map.of(), null, "traceId"));
            runbooks.forEach((route, template) -> named("error-alert.links.runbooks." + route,
                    () -> new AlertLinks(null, null, Map.of(route, template), null, "traceId")));
            named("error-alert.links.mute", () -> new AlertLinks(null, null, Map.of(), mute, "traceId"));
            return new AlertLinks(trace, runbook, runbooks, mute, "traceId");
        }
    }

    /**
     * The decision rule: when an error is alerted, and for how long it is remembered.
     */
    public static class Policy {

        /**
         * How long a new error is remembered when it does not repeat.
         */
        private Duration firstWindow = Duration.ofMinutes(5);

        /**
         * How long an error is remembered after each repeat (sliding); quiet for this long, it is new again.
         */
        private Duration repeatWindow = Duration.ofMinutes(30);

        /**
         * Occurrences are alerted while the count before them is at most this; with 5, occurrences 1 to 6 alert.
         */
        private int suppressAfter = 5;

        public Duration getFirstWindow() {
            return firstWindow;
        }

        public void setFirstWindow(Duration firstWindow) {
            this.firstWindow = requirePositive(firstWindow, "error-alert.policy.first-window");
        }

        public Duration getRepeatWindow() {
            return repeatWindow;
        }

        public void setRepeatWindow(Duration repeatWindow) {
            this.repeatWindow = requirePositive(repeatWindow, "error-alert.policy.repeat-window");
        }

        public int getSuppressAfter() {
            return suppressAfter;
        }

        public void setSuppressAfter(int suppressAfter) {
            if (suppressAfter < 0) {
                throw new IllegalArgumentException("error-alert.policy.suppress-after must be 0 or more, got " + suppressAfter);
            }
            this.suppressAfter = suppressAfter;
        }
    }

    /**
     * The chain of stores: Redis, then the database, then the direct link.
     */
    public static class Chain {

        /**
         * How long a store that failed is skipped before one call probes it again.
         */
        private Duration coolDown = Duration.ofSeconds(10);

        /**
         * Whether the direct link (every store down) applies the rule per instance. When false, every occurrence
         * is sent, as long as no store answers.
         */
        private boolean directGuard = true;

        public Duration getCoolDown() {
            return coolDown;
        }

        public void setCoolDown(Duration coolDown) {
            this.coolDown = requirePositive(coolDown, "error-alert.chain.cool-down");
        }

        public boolean isDirectGuard() {
            return directGuard;
        }

        public void setDirectGuard(boolean directGuard) {
            this.directGuard = directGuard;
        }
    }

    /**
     * The bounds and pace of the background pipeline.
     */
    public static class Pipeline {

        /**
         * How often repeats are judged; new errors are judged at once.
         */
        private Duration flushInterval = Duration.ofMillis(5);

        /**
         * How many occurrences may wait for the dispatcher; past it they are counted per exception type, site and
         * message.
         */
        private int handOffCapacity = 2048;

        /**
         * How many distinct errors are aggregated locally; memory is bounded by this.
         */
        private int maxFingerprints = 10000;

        /**
         * How long shutdown may take to judge and deliver pending alerts.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        /**
         * How often the repeats of an error known to stay suppressed are sent to the store, to slide its record and
         * feed the history, instead of being judged every flush. Capped at a quarter of the repeat window.
         */
        private Duration suppressedSyncInterval = Duration.ofSeconds(10);

        public Duration getSuppressedSyncInterval() {
            return suppressedSyncInterval;
        }

        public void setSuppressedSyncInterval(Duration suppressedSyncInterval) {
            this.suppressedSyncInterval = requirePositive(suppressedSyncInterval,
                    "error-alert.pipeline.suppressed-sync-interval");
        }

        public Duration getFlushInterval() {
            return flushInterval;
        }

        public void setFlushInterval(Duration flushInterval) {
            this.flushInterval = requirePositive(flushInterval, "error-alert.pipeline.flush-interval");
        }

        public int getHandOffCapacity() {
            return handOffCapacity;
        }

        public void setHandOffCapacity(int handOffCapacity) {
            this.handOffCapacity = requireAtLeastOne(handOffCapacity, "error-alert.pipeline.hand-off-capacity");
        }

        public int getMaxFingerprints() {
            return maxFingerprints;
        }

        public void setMaxFingerprints(int maxFingerprints) {
            this.maxFingerprints = requireAtLeastOne(maxFingerprints, "error-alert.pipeline.max-fingerprints");
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("error-alert.pipeline.shutdown-timeout must not be negative, got " + shutdownTimeout);
            }
            this.shutdownTimeout = shutdownTimeout;
        }

        PipelineSettings toSettings() {
            return new PipelineSettings(handOffCapacity, maxFingerprints, flushInterval, shutdownTimeout,
                    suppressedSyncInterval);
        }
    }

    /**
     * The interception of {@code @AlertOnError} beans.
     */
    public static class Aop {

        /**
         * Order of the advisor. The default runs it outside other advice, so failures of transaction commits are
         * caught too.
         */
        private int order = Ordered.HIGHEST_PRECEDENCE;

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }
    }

    /**
     * Masking of secrets in exception text before anything leaves the process (Slack, the log, the outbox).
     */
    public static class Masking {

        /**
         * Extra regular expressions whose matches are masked, on top of the built-in ones (passwords, tokens,
         * Authorization values, JWTs, API keys, card numbers).
         */
        private List<String> patterns = new ArrayList<>();

        /**
         * Whether to mask personal data too: e-mail addresses, phone numbers, IBANs and Korean resident registration
         * numbers. Off by default: numbers of another kind written in one of these shapes are masked as well.
         */
        private boolean personalData = false;

        public boolean isPersonalData() {
            return personalData;
        }

        public void setPersonalData(boolean personalData) {
            this.personalData = personalData;
        }

        public List<String> getPatterns() {
            return patterns;
        }

        public void setPatterns(List<String> patterns) {
            for (String pattern : patterns) {
                named("error-alert.masking.patterns", () -> Pattern.compile(pattern));
            }
            this.patterns = patterns;
        }
    }

    /**
     * The Micrometer meters under 'error.alert', when the application has a MeterRegistry.
     */
    public static class Metrics {

        /**
         * Whether to tag decisions with the class name of the exception. Off by default: it multiplies the time series
         * by the number of exception types, so at most 50 distinct types are tagged and the rest are tagged 'other'.
         */
        private boolean exceptionTypeTag = false;

        public boolean isExceptionTypeTag() {
            return exceptionTypeTag;
        }

        public void setExceptionTypeTag(boolean exceptionTypeTag) {
            this.exceptionTypeTag = exceptionTypeTag;
        }
    }

    /**
     * The summary sent once when an error that had suppressed occurrences goes quiet for its window.
     */
    public static class QuietSummary {

        /**
         * Whether to send a summary when an error with suppressed occurrences goes quiet.
         */
        private boolean enabled = true;

        /**
         * How often to look for errors that went quiet.
         */
        private Duration checkInterval = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getCheckInterval() {
            return checkInterval;
        }

        public void setCheckInterval(Duration checkInterval) {
            this.checkInterval = requirePositive(checkInterval, "error-alert.quiet-summary.check-interval");
        }
    }

    /**
     * The reminder sent, once per fleet and interval, for an error that keeps occurring after its alerts were capped:
     * "still happening: 48,120 occurrences in the last hour, 1,203,004 since 09:12 UTC".
     */
    public static class Reminder {

        /** The longest reminder interval: a longer one would never come before an error goes quiet. */
        static final Duration MAX_INTERVAL = Duration.ofDays(365);

        /**
         * How long after an error's first occurrence, and then after each reminder, another reminder is sent while
         * the error keeps occurring past its cap. 0 turns reminders off.
         */
        private Duration interval = Duration.ofHours(1);

        /**
         * How often to look for errors due a reminder; a reminder comes at most this much after it is due.
         */
        private Duration checkInterval = Duration.ofSeconds(30);

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            String property = "error-alert.reminder.interval";
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException(property + " must be 0 (off) or positive, got " + interval);
            }
            if (interval.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException(property + " must be at most " + MAX_INTERVAL.toDays()
                        + "d, got " + interval);
            }
            if (!interval.isZero() && interval.toMillis() < 1) {
                throw new IllegalArgumentException(property + " must be 0 (off) or at least 1ms, got " + interval);
            }
            this.interval = interval;
        }

        /** Whether reminders are sent: an interval other than 0. */
        public boolean isEnabled() {
            return !interval.isZero();
        }

        public Duration getCheckInterval() {
            return checkInterval;
        }

        public void setCheckInterval(Duration checkInterval) {
            this.checkInterval = requirePositive(checkInterval, "error-alert.reminder.check-interval");
        }
    }

    /**
     * Silences: errors counted but not alerted. Temporary ones are set through the 'erroralerts' actuator endpoint and
     * shared by every instance through Redis and the database; permanent ones are set here.
     */
    public static class Mutes {

        /**
         * Fingerprints muted for good (32 hex characters, as the endpoint and the alerts show them).
         */
        private List<String> fingerprints = new ArrayList<>();

        /**
         * Exception class names muted for good, such as 'com.example.ClientAbortException'.
         */
        private List<String> exceptionTypes = new ArrayList<>();

        /**
         * How often mutes set on other instances are read from the stores.
         */
        private Duration refreshInterval = Duration.ofSeconds(2);

        public List<String> getFingerprints() {
            return fingerprints;
        }

        public void setFingerprints(List<String> fingerprints) {
            fingerprints.forEach((value) -> named("error-alert.mutes.fingerprints",
                    () -> MuteTarget.fingerprint(new Fingerprint(value))));
            this.fingerprints = new ArrayList<>(fingerprints);
        }

        public List<String> getExceptionTypes() {
            return exceptionTypes;
        }

        public void setExceptionTypes(List<String> exceptionTypes) {
            exceptionTypes.forEach((value) -> named("error-alert.mutes.exception-types",
                    () -> MuteTarget.exceptionType(value)));
            this.exceptionTypes = new ArrayList<>(exceptionTypes);
        }

        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = requirePositive(refreshInterval, "error-alert.mutes.refresh-interval");
        }

        List<MuteTarget> targets() {
            List<MuteTarget> targets = new ArrayList<>();
            fingerprints.forEach((value) -> targets.add(MuteTarget.fingerprint(new Fingerprint(value))));
            exceptionTypes.forEach((value) -> targets.add(MuteTarget.exceptionType(value)));
            return targets;
        }
    }

    /**
     * The capture points besides the annotation, each with its own switch. Self-contained, so that it can move to a
     * properties class of its own.
     */
    public static class Capture {

        private final Mvc mvc = new Mvc();

        private final WebFlux webflux = new WebFlux();

        private final Async async = new Async();

        private final Scheduled scheduled = new Scheduled();

        private final Logging logging = new Logging();

        private final Uncaught uncaught = new Uncaught();

        public Mvc getMvc() {
            return mvc;
        }

        public WebFlux getWebflux() {
            return webflux;
        }

        public Async getAsync() {
            return async;
        }

        public Scheduled getScheduled() {
            return scheduled;
        }

        public Logging getLogging() {
            return logging;
        }

        public Uncaught getUncaught() {
            return uncaught;
        }

        /** A web capture point: on by default, for the response statuses listed. */
        public abstract static class Web {

            private static final Pattern STATUS = Pattern.compile("[1-5](xx|\\d\\d)");

            private final String prefix;

            /**
             * Whether unhandled failures of this web stack are alerted.
             */
            private boolean enabled = true;

            /**
             * Response statuses an unhandled exception is alerted for: codes ('503') or classes ('5xx').
             */
            private List<String> statuses = new ArrayList<>(List.of("5xx"));

            protected Web(String prefix) {
                this.prefix = prefix;
            }

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public List<String> getStatuses() {
                return statuses;
            }

            public void setStatuses(List<String> statuses) {
                List<String> normalised = new ArrayList<>();
                for (String status : statuses) {
                    String value = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
                    if (!STATUS.matcher(value).matches()) {
                        throw new IllegalArgumentException(prefix + ".statuses must list status codes ('503') or "
                                + "classes ('5xx'), got '" + status + "'");
                    }
                    normalised.add(value);
                }
                this.statuses = normalised;
            }

            /** Whether an exception ending with {@code status} is alerted. */
            public boolean alerts(int status) {
                String code = Integer.toString(status);
                for (String listed : statuses) {
                    if (listed.equals(code) || (listed.endsWith("xx") && code.charAt(0) == listed.charAt(0))) {
                        return true;
                    }
                }
                return false;
            }
        }

        /** Exceptions a Spring MVC request ends with that the application's own handlers did not handle. */
        public static class Mvc extends Web {

            public Mvc() {
                super("error-alert.capture.mvc");
            }
        }

        /** Exceptions a WebFlux request ends with that the application's own handlers did not handle. */
        public static class WebFlux extends Web {

            public WebFlux() {
                super("error-alert.capture.webflux");
            }
        }

        /** Exceptions thrown by @Async methods, or the futures they return failing. */
        public static class Async {

            /**
             * Whether failing @Async methods, and the futures they return failing, are alerted.
             */
            private boolean enabled = true;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }

        /** Exceptions thrown by @Scheduled methods. */
        public static class Scheduled {

            /**
             * Whether failing @Scheduled methods are alerted.
             */
            private boolean enabled = true;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }

        /** ERROR log events carrying an exception (opt-in). */
        public static class Logging {

            /**
             * Whether ERROR log events carrying an exception are alerted, through Logback or Log4j2.
             */
            private boolean enabled;

            /**
             * Logger name prefixes whose ERROR events are alerted. Empty: every logger's (error-alert's own never).
             */
            private List<String> loggers = new ArrayList<>();

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public List<String> getLoggers() {
                return loggers;
            }

            public void setLoggers(List<String> loggers) {
                this.loggers = loggers;
            }
        }

        /** Exceptions no code caught, ending an application thread (opt-in). */
        public static class Uncaught {

            /**
             * Whether exceptions ending an application thread are alerted.
             */
            private boolean enabled;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }
    }
}
