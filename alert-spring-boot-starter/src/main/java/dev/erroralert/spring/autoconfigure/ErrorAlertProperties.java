package dev.erroralert.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.erroralert.delivery.DeliverySettings;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.jdbc.JdbcStoreSettings;
import dev.erroralert.jdbc.SchemaInitialization;
import dev.erroralert.pipeline.PipelineSettings;
import dev.erroralert.redis.RedisStoreSettings;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.store.ThreadStore;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

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

    private final Redis redis = new Redis();

    private final Jdbc jdbc = new Jdbc();

    private final Slack slack = new Slack();

    private final Delivery delivery = new Delivery();

    private final Masking masking = new Masking();

    private final Metrics metrics = new Metrics();

    private final History history = new History();

    private final QuietSummary quietSummary = new QuietSummary();

    private final Mutes mutes = new Mutes();

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

    public Redis getRedis() {
        return redis;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public Slack getSlack() {
        return slack;
    }

    public Delivery getDelivery() {
        return delivery;
    }

    public Masking getMasking() {
        return masking;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public History getHistory() {
        return history;
    }

    public QuietSummary getQuietSummary() {
        return quietSummary;
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
         * How many occurrences may wait for the dispatcher; past it they are counted per exception type and site.
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
            return new PipelineSettings(handOffCapacity, maxFingerprints, flushInterval, shutdownTimeout);
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
     * The Redis store, first in the chain: standalone, Sentinel or Cluster.
     */
    public static class Redis {

        /**
         * Whether to use a Redis store when Redis is configured.
         */
        private boolean enabled = true;

        /**
         * Redis URL, such as 'redis://user:secret@host:6379/0', 'rediss://...' for TLS, or
         * 'redis-sentinel://:secret@sentinel-1:26379,sentinel-2:26379/0#mymaster' for a master found through
         * Sentinel. Defaults to the application's own 'spring.data.redis.*' settings when present.
         */
        private @Nullable String url;

        /**
         * Redis Cluster nodes to start from, as 'host:port' or as URIs such as 'rediss://user:secret@host:6379'
         * ('host:port' nodes take the credentials and TLS of the first URI); the other nodes are discovered.
         * Instead of 'url'. Defaults to 'spring.data.redis.cluster.nodes' when neither is set.
         */
        private List<String> clusterNodes = new ArrayList<>();

        /**
         * Put before every key, so that several applications can share one Redis.
         */
        private String keyPrefix = "error-alert:";

        /**
         * How long a decision may wait for Redis before the next store decides.
         */
        private Duration commandTimeout = Duration.ofMillis(200);

        /**
         * How long connecting to Redis may take.
         */
        private Duration connectTimeout = Duration.ofMillis(500);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            // Checked when the store is built, never here: a binding failure report prints the value, and a Redis
            // URL may hold a password.
            this.url = url;
        }

        public List<String> getClusterNodes() {
            return clusterNodes;
        }

        public void setClusterNodes(List<String> clusterNodes) {
            // Checked when the store is built, for the same reason as the URL.
            this.clusterNodes = clusterNodes;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = named("error-alert.redis.key-prefix",
                    () -> RedisStoreSettings.ofDefaults().withKeyPrefix(keyPrefix).keyPrefix());
        }

        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = requirePositive(commandTimeout, "error-alert.redis.command-timeout");
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = requirePositive(connectTimeout, "error-alert.redis.connect-timeout");
        }

        /** The settings, keeping what the write-back and the quiet summaries need when they run. */
        RedisStoreSettings toSettings(boolean writeBack, boolean quietEpisodes) {
            return new RedisStoreSettings(keyPrefix, commandTimeout, connectTimeout, writeBack, quietEpisodes);
        }

        @Override
        public String toString() {
            return "Redis[enabled=" + enabled + ", url=" + (url == null ? null : "***") + ", clusterNodes="
                    + clusterNodes.size() + ", keyPrefix=" + keyPrefix + "]";
        }
    }

    /**
     * The database store, second in the chain, on the application's DataSource.
     */
    public static class Jdbc {

        /**
         * Whether to use a database store when the application has a DataSource.
         */
        private boolean enabled = true;

        /**
         * Table of the deduplication state, optionally schema-qualified.
         */
        private String tableName = "error_alert_state";

        /**
         * How long a decision may wait for the database before the next link decides.
         */
        private Duration timeout = Duration.ofMillis(500);

        /**
         * When to create the table: 'embedded' (only in an embedded database such as H2), 'always' or 'never'.
         */
        private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

        /**
         * Table of the error history, optionally schema-qualified.
         */
        private String historyTableName = JdbcStoreSettings.DEFAULT_HISTORY_TABLE_NAME;

        /**
         * Table of the write-back batches applied to the history, optionally schema-qualified.
         */
        private String historyBatchTableName = JdbcStoreSettings.DEFAULT_HISTORY_BATCH_TABLE_NAME;

        /**
         * Table of the mutes shared by every instance, optionally schema-qualified.
         */
        private String muteTableName = JdbcStoreSettings.DEFAULT_MUTE_TABLE_NAME;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getTableName() {
            return tableName;
        }

        public void setTableName(String tableName) {
            this.tableName = named("error-alert.jdbc.table-name",
                    () -> JdbcStoreSettings.ofDefaults().withTableName(tableName).tableName());
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = requirePositive(timeout, "error-alert.jdbc.timeout");
        }

        public SchemaInitialization getInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(SchemaInitialization initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        public String getHistoryTableName() {
            return historyTableName;
        }

        public void setHistoryTableName(String historyTableName) {
            this.historyTableName = named("error-alert.jdbc.history-table-name",
                    () -> JdbcStoreSettings.ofDefaults().withHistoryTableName(historyTableName).historyTableName());
        }

        public String getHistoryBatchTableName() {
            return historyBatchTableName;
        }

        public void setHistoryBatchTableName(String historyBatchTableName) {
            this.historyBatchTableName = named("error-alert.jdbc.history-batch-table-name",
                    () -> JdbcStoreSettings.ofDefaults().withHistoryBatchTableName(historyBatchTableName)
                            .historyBatchTableName());
        }

        public String getMuteTableName() {
            return muteTableName;
        }

        public void setMuteTableName(String muteTableName) {
            this.muteTableName = named("error-alert.jdbc.mute-table-name",
                    () -> JdbcStoreSettings.ofDefaults().withMuteTableName(muteTableName).muteTableName());
        }

        /** The settings, with the history written by the store's steps or not. */
        JdbcStoreSettings toSettings(boolean historyEnabled) {
            return named("error-alert.jdbc", () -> new JdbcStoreSettings(tableName, timeout, null, historyTableName,
                    historyBatchTableName, muteTableName, historyEnabled, JdbcStoreSettings.DEFAULT_QUIET_GRACE));
        }
    }

    /**
     * Delivery to Slack: an incoming webhook, or a bot token and a channel (alerts of one error then share a thread).
     * Without either, alerts go to the application log.
     */
    public static class Slack {

        /**
         * Incoming webhook URL, such as 'https://hooks.slack.com/services/T000/B000/XXXX'. A secret: never logged.
         */
        private @Nullable String webhookUrl;

        /**
         * Bot token ('xoxb-...') for posting with chat.postMessage, with threads per error. A secret: never logged.
         */
        private @Nullable String botToken;

        /**
         * Channel the bot posts to, such as '#alerts' or a channel id; required with a bot token.
         */
        private @Nullable String channel;

        /**
         * How long one call to Slack may take, connecting included.
         */
        private Duration timeout = Duration.ofSeconds(5);

        /**
         * Base URL of Slack's Web API for the bot, such as 'https://slack.com/api/'. Empty for Slack's own; set it
         * for a proxy.
         */
        private @Nullable String apiUrl;

        /**
         * Named destinations that '@AlertOnError(route = ...)' or an exception-type rule select.
         */
        private Map<String, Route> routes = new LinkedHashMap<>();

        /**
         * Route by exception class name, for alerts whose capture site names no route.
         */
        private Map<String, String> routeByException = new LinkedHashMap<>();

        public @Nullable String getWebhookUrl() {
            return webhookUrl;
        }

        public void setWebhookUrl(@Nullable String webhookUrl) {
            // Checked when the destination is built, never here: a binding failure report prints the value.
            this.webhookUrl = webhookUrl;
        }

        public @Nullable String getBotToken() {
            return botToken;
        }

        public void setBotToken(@Nullable String botToken) {
            this.botToken = botToken;
        }

        public @Nullable String getChannel() {
            return channel;
        }

        public void setChannel(@Nullable String channel) {
            this.channel = channel;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = requirePositive(timeout, "error-alert.slack.timeout");
        }

        public @Nullable String getApiUrl() {
            return apiUrl;
        }

        public void setApiUrl(@Nullable String apiUrl) {
            // Checked when the bot's client is built, never here: a binding failure report prints the value, and a
            // proxy's URL may hold credentials.
            this.apiUrl = apiUrl;
        }

        public Map<String, Route> getRoutes() {
            return routes;
        }

        public void setRoutes(Map<String, Route> routes) {
            routes.keySet().forEach(name -> {
                if (!ThreadStore.DESTINATION_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("error-alert.slack.routes." + name
                            + " is not a valid route name: letters, digits, '-' and '_', at most 64");
                }
            });
            this.routes = routes;
        }

        public Map<String, String> getRouteByException() {
            return routeByException;
        }

        public void setRouteByException(Map<String, String> routeByException) {
            this.routeByException = routeByException;
        }

        /** Whether a bot token is set (then threads are used). */
        boolean hasBot() {
            return StringUtils.hasText(botToken);
        }

        @Override
        public String toString() {
            return "Slack[webhookUrl=" + (webhookUrl == null ? null : "***") + ", botToken="
                    + (botToken == null ? null : "***") + ", channel=" + channel + ", routes=" + routes.keySet() + "]";
        }
    }

    /**
     * A named Slack destination: its own webhook, or a channel for the bot.
     */
    public static class Route {

        /**
         * Incoming webhook URL of this route. A secret: never logged.
         */
        private @Nullable String webhookUrl;

        /**
         * Channel of this route, posted to with the bot token.
         */
        private @Nullable String channel;

        public @Nullable String getWebhookUrl() {
            return webhookUrl;
        }

        public void setWebhookUrl(@Nullable String webhookUrl) {
            // Checked when the destination is built, never here: a binding failure report prints the value.
            this.webhookUrl = webhookUrl;
        }

        public @Nullable String getChannel() {
            return channel;
        }

        public void setChannel(@Nullable String channel) {
            this.channel = channel;
        }

        @Override
        public String toString() {
            return "Route[webhookUrl=" + (webhookUrl == null ? null : "***") + ", channel=" + channel + "]";
        }
    }

    /**
     * How each destination is paced, retried and, when it stays down, parked in the outbox.
     */
    public static class Delivery {

        /**
         * Steady pace per destination, in messages a second; alerts queued behind it are coalesced into one digest.
         */
        private double messagesPerSecond = 1.0;

        /**
         * How many messages may go at once before the pace applies.
         */
        private int burst = 3;

        /**
         * How many times a message is tried before it is parked in the outbox.
         */
        private int maxAttempts = 4;

        /**
         * Wait before the second attempt; it doubles, with jitter, up to max-backoff.
         */
        private Duration initialBackoff = Duration.ofMillis(500);

        /**
         * Longest wait between two attempts.
         */
        private Duration maxBackoff = Duration.ofSeconds(30);

        /**
         * How long a destination that answered 429 without Retry-After is left alone.
         */
        private Duration defaultRetryAfter = Duration.ofSeconds(30);

        /**
         * How many alerts may wait for one destination; past it they are parked at once.
         */
        private int queueCapacity = 1000;

        /**
         * How often parked messages are looked for and redelivered.
         */
        private Duration outboxCheckInterval = Duration.ofSeconds(30);

        /**
         * Whether to park messages a destination would not take in a table of the application's database.
         */
        private boolean outboxEnabled = true;

        /**
         * Table of the outbox, optionally schema-qualified.
         */
        private String outboxTableName = "error_alert_outbox";

        public double getMessagesPerSecond() {
            return messagesPerSecond;
        }

        public void setMessagesPerSecond(double messagesPerSecond) {
            if (!(messagesPerSecond > 0)) {
                throw new IllegalArgumentException(
                        "error-alert.delivery.messages-per-second must be positive, got " + messagesPerSecond);
            }
            this.messagesPerSecond = messagesPerSecond;
        }

        public int getBurst() {
            return burst;
        }

        public void setBurst(int burst) {
            this.burst = requireAtLeastOne(burst, "error-alert.delivery.burst");
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = requireAtLeastOne(maxAttempts, "error-alert.delivery.max-attempts");
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = requirePositive(initialBackoff, "error-alert.delivery.initial-backoff");
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = requirePositive(maxBackoff, "error-alert.delivery.max-backoff");
        }

        public Duration getDefaultRetryAfter() {
            return defaultRetryAfter;
        }

        public void setDefaultRetryAfter(Duration defaultRetryAfter) {
            this.defaultRetryAfter = requirePositive(defaultRetryAfter, "error-alert.delivery.default-retry-after");
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = requireAtLeastOne(queueCapacity, "error-alert.delivery.queue-capacity");
        }

        public Duration getOutboxCheckInterval() {
            return outboxCheckInterval;
        }

        public void setOutboxCheckInterval(Duration outboxCheckInterval) {
            this.outboxCheckInterval = requirePositive(outboxCheckInterval,
                    "error-alert.delivery.outbox-check-interval");
        }

        public boolean isOutboxEnabled() {
            return outboxEnabled;
        }

        public void setOutboxEnabled(boolean outboxEnabled) {
            this.outboxEnabled = outboxEnabled;
        }

        public String getOutboxTableName() {
            return outboxTableName;
        }

        public void setOutboxTableName(String outboxTableName) {
            this.outboxTableName = named("error-alert.delivery.outbox-table-name",
                    () -> JdbcStoreSettings.ofDefaults().withTableName(outboxTableName).tableName());
        }

        DeliverySettings toSettings() {
            return new DeliverySettings(messagesPerSecond, burst, maxAttempts, initialBackoff, maxBackoff,
                    defaultRetryAfter, queueCapacity, outboxCheckInterval);
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
     * The error history in the database: exact totals per error, moved from Redis by a scheduled write-back.
     */
    public static class History {

        /**
         * Whether to keep the error history when the application has a DataSource.
         */
        private boolean enabled = true;

        /**
         * How often what Redis counted is written back into the history table.
         */
        private Duration writeBackInterval = Duration.ofSeconds(10);

        /**
         * How long a batch claimed by an instance stays with it before another instance may write it back.
         */
        private Duration writeBackLease = Duration.ofSeconds(30);

        /**
         * How long a history row is kept after the error was last seen.
         */
        private Duration retention = Duration.ofDays(30);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getWriteBackInterval() {
            return writeBackInterval;
        }

        public void setWriteBackInterval(Duration writeBackInterval) {
            this.writeBackInterval = requirePositive(writeBackInterval, "error-alert.history.write-back-interval");
        }

        public Duration getWriteBackLease() {
            return writeBackLease;
        }

        public void setWriteBackLease(Duration writeBackLease) {
            this.writeBackLease = requirePositive(writeBackLease, "error-alert.history.write-back-lease");
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0) {
                // Batch ids are kept as long as history rows; shorter than a day would risk counting a batch twice.
                throw new IllegalArgumentException(
                        "error-alert.history.retention must be at least 1d, got " + retention);
            }
            this.retention = retention;
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
}
