package dev.erroralert.slack;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Digest;
import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.Message;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.notify.Alert;
import dev.erroralert.store.ThreadStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Slack channel reached as a bot ({@code chat.postMessage} with a bot token), where the alerts of one error gather
 * in a thread under its first alert.
 * <p>
 * The first alert of a fingerprint (a new error, or one whose thread is not known) goes to the channel, and the
 * {@code ts} Slack answers is remembered in the {@link ThreadStore}, so every instance and every restart finds it.
 * Later alerts of the fingerprint are replies in that thread; the last one before the cap is also shown in the
 * channel ({@code reply_broadcast}), so the channel learns the error is being muted. A reminder of an error still
 * occurring is a reply in its thread too. The quiet summary of an error goes to the thread its episode's alerts went
 * to, and the thread's first message is then edited ({@code chat.update}) to say the error was resolved, and after how
 * long. A digest of several alerts goes to the channel. When the thread store fails, alerts go to the channel
 * without a thread, and that is logged once.
 * <p>
 * Where a message goes is decided when it is rendered, and the payload carries it, because an outbox may deliver the
 * message much later. The payload is a small JSON envelope:
 * <pre>{@code
 * {
 *   "version": 1,
 *   "opens_thread_for": "0123456789abcdef0123456789abcdef",  // only when the message starts a fingerprint's thread
 *   "body": {                                                 // the JSON body of chat.postMessage, as sent
 *     "channel": "C0123456789", "text": "…", "blocks": [ … ], "unfurl_links": false, "unfurl_media": false,
 *     "thread_ts": "1700000000.000100", "reply_broadcast": true  // only for a reply; broadcast only on the capped one
 *   },
 *   "resolves": {                                             // only for a quiet summary in its error's thread
 *     "ts": "1700000000.000100", "text": "…", "blocks": [ … ]  // the thread's first message, as it is to read now
 *   }
 * }
 * }</pre>
 * After a successful post of a message with {@code opens_thread_for}, the {@code ts} of the posted message is
 * remembered as that fingerprint's thread; after one with {@code resolves}, that message is updated (a failed update
 * is logged: the summary itself was delivered, and sending it again would post it twice).
 * <p>
 * The token is a secret: it never appears in an exception message, a message (payload or summary),
 * {@link #toString()} or a log line; only its kind ({@code xoxb-}) is shown.
 */
public final class SlackBotDestination implements Destination, AutoCloseable {

    /** The version of the payload envelope this class writes and reads. */
    static final int PAYLOAD_VERSION = 1;

    private static final Logger logger = LoggerFactory.getLogger(SlackBotDestination.class);

    private static final Gson JSON = GsonFactory.createSnakeCase();

    private static final Set<String> RATE_LIMITED = Set.of("ratelimited", "rate_limited");

    // Slack's own trouble, worth another try. Every other error is about the request (auth, channel, content) and
    // would be refused again the same way: not_authed, invalid_auth, token_revoked, channel_not_found, is_archived…
    private static final Set<String> TRANSIENT = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout");

    private final String name;
    private final String token;
    private final String channel;
    private final ThreadStore threads;
    private final Slack slack;
    private final boolean ownsSlack;
    private final MethodsClient methods;
    private final AtomicBoolean threadStoreDown = new AtomicBoolean();

    /**
     * A destination named {@code name} posting to {@code channel} with bot {@code token}, remembering threads in
     * {@code threads}, with its own {@link SlackClients#create Slack client} and the
     * {@linkplain SlackClients#DEFAULT_TIMEOUT default timeout}; {@link #close()} releases the client.
     *
     * @param channel a channel id ({@code C0123456789}) or name; the bot must be a member of it
     * @throws IllegalArgumentException if {@code name}, {@code token} or {@code channel} is blank
     */
    public SlackBotDestination(String name, String token, String channel, ThreadStore threads) {
        this(name, token, channel, threads, null, true);
    }

    /**
     * A destination named {@code name} posting to {@code channel} with bot {@code token} through {@code slack}
     * (which stays the caller's to close, and whose {@code methodsEndpointUrlPrefix} says where the Web API is),
     * remembering threads in {@code threads}.
     *
     * @param channel a channel id ({@code C0123456789}) or name; the bot must be a member of it
     * @throws IllegalArgumentException if {@code name}, {@code token} or {@code channel} is blank
     */
    public SlackBotDestination(String name, String token, String channel, ThreadStore threads, Slack slack) {
        this(name, token, channel, threads, Objects.requireNonNull(slack, "slack"), false);
    }

    // The client is made last, once the arguments are known to be good, so a bad one leaks no client.
    private SlackBotDestination(String name, String token, String channel, ThreadStore threads,
            @Nullable Slack slack, boolean ownsSlack) {
        this.name = SlackWebhookDestination.requireName(name);
        Objects.requireNonNull(token, "token");
        if (token.isBlank() || !token.strip().equals(token)) {
            // Never quote it, not even a wrong one: it may be the right token with a stray space.
            throw new IllegalArgumentException("The Slack bot token must not be blank or padded with spaces");
        }
        this.token = token;
        Objects.requireNonNull(channel, "channel");
        if (channel.isBlank()) {
            throw new IllegalArgumentException("The Slack channel must not be blank");
        }
        this.channel = channel;
        this.threads = Objects.requireNonNull(threads, "threads");
        this.ownsSlack = ownsSlack;
        this.slack = slack != null ? slack : SlackClients.create(SlackClients.DEFAULT_TIMEOUT);
        // Made once: a client per call would, with the SDK's statistics on, look the team up per call.
        this.methods = this.slack.methods(token);
    }

    /** The name given at construction. */
    @Override
    public String name() {
        return name;
    }

    /**
     * The message for {@code digest}, addressed: a single error to its fingerprint's thread when one is known (and
     * broadcast to the channel when it is the capped one), else to the channel as the thread's first message; a
     * digest of several to the channel. Looks the thread up in the thread store.
     */
    @Override
    public Message render(Digest digest) {
        SlackMessage rendered = SlackMessage.of(digest);
        JsonObject body = JSON.toJsonTree(rendered.toWebhookPayload()).getAsJsonObject();
        body.addProperty("channel", channel);
        JsonObject envelope = new JsonObject();
        envelope.addProperty("version", PAYLOAD_VERSION);
        if (digest.isSingle()) {
            address(digest.lines().get(0).alert(), body, envelope);
        }
        envelope.add("body", body);
        return new Message(name, JSON.toJson(envelope), SlackMessage.summary(digest), digest.alerts());
    }

    /** Errors one digest names: {@value SlackMessage#MAX_ERRORS_PER_DIGEST}, each with its message. */
    @Override
    public int maxAlertsPerMessage() {
        return SlackMessage.MAX_ERRORS_PER_DIGEST;
    }

    /**
     * Post {@code message} with {@code chat.postMessage}, and when it opens a fingerprint's thread, remember the
     * posted message's {@code ts} as that thread (a failing thread store is logged once, and does not fail delivery).
     *
     * @throws DeliveryException rate limited for HTTP 429 or {@code ratelimited} (with its {@code Retry-After});
     * retryable for a 5xx, an I/O error, a timeout or Slack's internal errors; permanent for a refusal
     * ({@code invalid_auth}, {@code channel_not_found}, {@code not_in_channel}, {@code is_archived},
     * {@code msg_too_long}, {@code invalid_blocks}, …) or a payload this class did not write
     */
    @Override
    public void deliver(Message message) throws DeliveryException {
        Envelope envelope = Envelope.read(message.payload());
        if (envelope == null) {
            throw DeliveryException.permanent(where(channel) + ": the message is not a Slack bot message of version "
                    + PAYLOAD_VERSION);
        }
        // The channel the message was rendered for, which a message from the outbox keeps.
        String where = where(string(envelope.body(), "channel"));
        ChatPostMessageResponse response;
        try {
            response = methods.chatPostMessage(request(envelope.body()));
        }
        catch (SlackApiException ex) {
            throw failed(where, ex);
        }
        catch (IOException ex) {
            throw DeliveryException.retryable(where + " could not be reached: " + redact(SlackFailure.describe(ex)));
        }
        catch (RuntimeException ex) {
            // A 2xx answer that is not the Web API's JSON: a proxy in the way, most likely, and maybe gone later.
            throw DeliveryException.retryable(where + " gave an answer that is not Slack's: "
                    + redact(SlackFailure.describe(ex)));
        }
        if (!response.isOk()) {
            throw refused(where, response);
        }
        if (envelope.opensThreadFor() != null && response.getTs() != null) {
            rememberThread(envelope.opensThreadFor(), response.getTs());
        }
        if (envelope.resolves() != null) {
            resolveThread(envelope.resolves(), response.getChannel(), string(envelope.body(), "channel"));
        }
    }

    /** Release the Slack client if this destination made it; one passed in stays open. */
    @Override
    public void close() throws Exception {
        if (ownsSlack) {
            slack.close();
        }
    }

    /** The name, the channel and the kind of token; never the token. */
    @Override
    public String toString() {
        return "SlackBotDestination[name=" + name + ", channel=" + channel + ", token=" + maskedToken() + "]";
    }

    /** Address a single alert: a reply in its fingerprint's thread, or the first message of a new one. */
    private void address(Alert alert, JsonObject body, JsonObject envelope) {
        if (alert.quiet() != null) {
            addressQuietSummary(alert, body, envelope);
            return;
        }
        Optional<String> thread = Optional.empty();
        // A new error starts a new thread; the old one, if any, belongs to an episode that ended.
        if (!alert.decision().tally().isNew()) {
            try {
                thread = threads.threadOf(alert.fingerprint(), name);
                threadStoreAnswered();
            }
            catch (RuntimeException ex) {
                threadStoreFailed(ex);
                // To the channel, but not as a thread's first message: a live thread may exist, and would be replaced.
                return;
            }
        }
        if (thread.isPresent()) {
            body.addProperty("thread_ts", thread.get());
            if (alert.decision().capped()) {
                body.addProperty("reply_broadcast", true);
            }
        }
        else {
            envelope.addProperty("opens_thread_for", alert.fingerprint().value());
        }
    }

    /**
     * A quiet summary goes to the thread its episode's alerts went to, when the store kept it, and marks that thread's
     * first message resolved; else to the channel, opening no thread, since the episode is over.
     */
    private void addressQuietSummary(Alert summary, JsonObject body, JsonObject envelope) {
        QuietEpisode episode = summary.quiet();
        String thread = episode == null ? null : episode.threads().get(name);
        if (thread == null) {
            return;
        }
        body.addProperty("thread_ts", thread);
        SlackMessage rendered = SlackMessage.of(summary);
        List<LayoutBlock> blocks = new ArrayList<>(rendered.blocks().size() + 1);
        blocks.add(SlackMessage.section(":white_check_mark: *" + SlackText.escape(summary.resolvedText()) + "*"));
        blocks.addAll(rendered.blocks());
        SlackMessage resolved = new SlackMessage(summary.resolvedText() + " — " + rendered.text(), blocks);
        JsonObject parent = JSON.toJsonTree(resolved.toWebhookPayload()).getAsJsonObject();
        JsonObject resolves = new JsonObject();
        resolves.addProperty("ts", thread);
        resolves.add("text", parent.get("text"));
        resolves.add("blocks", parent.get("blocks"));
        envelope.add("resolves", resolves);
    }

    /**
     * Edit the first message of a thread to read as resolved, in the channel the summary was posted to (Slack answers
     * with its id, which {@code chat.update} needs, where the configured channel may be a name).
     */
    private void resolveThread(JsonObject resolves, @Nullable String channelId, @Nullable String fallbackChannel) {
        String where = "Slack chat.update in " + SlackFailure.answer(channelId != null ? channelId : fallbackChannel);
        JsonElement blocks = resolves.get("blocks");
        try {
            ChatUpdateResponse response = methods.chatUpdate(ChatUpdateRequest.builder()
                    .channel(channelId != null ? channelId : fallbackChannel)
                    .ts(string(resolves, "ts"))
                    .text(string(resolves, "text"))
                    .blocksAsString(blocks == null ? null : blocks.toString())
                    .build());
            if (!response.isOk()) {
                logger.warn("error-alert: {} refused to mark an error's thread resolved: {}", where,
                        redact(SlackFailure.answer(response.getError())));
            }
        }
        catch (IOException | SlackApiException | RuntimeException ex) {
            logger.warn("error-alert: {} could not mark an error's thread resolved: {}", where,
                    redact(SlackFailure.describe(ex)));
        }
    }

    private void rememberThread(Fingerprint fingerprint, String ts) {
        try {
            threads.rememberThread(fingerprint, name, ts);
            threadStoreAnswered();
        }
        catch (RuntimeException ex) {
            threadStoreFailed(ex);
        }
    }

    private void threadStoreFailed(RuntimeException ex) {
        if (threadStoreDown.compareAndSet(false, true)) {
            logger.warn("error-alert: the thread store of Slack destination {} failed ({}); alerts go to the channel "
                    + "without threads until it answers again", name, redact(SlackFailure.describe(ex)));
        }
    }

    private void threadStoreAnswered() {
        if (threadStoreDown.compareAndSet(true, false)) {
            logger.info("error-alert: the thread store of Slack destination {} answers again", name);
        }
    }

    private static ChatPostMessageRequest request(JsonObject body) {
        JsonElement blocks = body.get("blocks");
        return ChatPostMessageRequest.builder()
                .channel(string(body, "channel"))
                .text(string(body, "text"))
                .blocksAsString(blocks == null ? null : blocks.toString())
                .threadTs(string(body, "thread_ts"))
                .replyBroadcast(flag(body, "reply_broadcast"))
                .unfurlLinks(flag(body, "unfurl_links"))
                .unfurlMedia(flag(body, "unfurl_media"))
                .build();
    }

    private DeliveryException failed(String where, SlackApiException ex) {
        int status = ex.getResponse() == null ? 0 : ex.getResponse().code();
        String error = ex.getError() != null && ex.getError().getError() != null ? ex.getError().getError()
                : ex.getResponseBody();
        String answer = SlackFailure.answer(error);
        String message = where + " answered " + status + (answer.isEmpty() ? "" : ": " + redact(answer));
        if (status == 429) {
            Duration retryAfter = SlackFailure.retryAfter(ex.getResponse().header("Retry-After"));
            return DeliveryException.rateLimited(message + retryAfterText(retryAfter), retryAfter);
        }
        if (status == 408 || status >= 500) {
            return DeliveryException.retryable(message);
        }
        return DeliveryException.permanent(message);
    }

    private DeliveryException refused(String where, ChatPostMessageResponse response) {
        String error = response.getError() == null ? "unknown_error" : response.getError();
        String message = where + " refused the message: " + redact(SlackFailure.answer(error))
                + (response.getNeeded() == null ? "" : " (needs " + redact(SlackFailure.answer(response.getNeeded()))
                + ")");
        if (RATE_LIMITED.contains(error)) {
            Duration retryAfter = SlackFailure.retryAfter(response.getHttpResponseHeaders());
            return DeliveryException.rateLimited(message + retryAfterText(retryAfter), retryAfter);
        }
        if (TRANSIENT.contains(error)) {
            return DeliveryException.retryable(message);
        }
        return DeliveryException.permanent(message);
    }

    private static String where(@Nullable String channel) {
        return "Slack chat.postMessage to " + SlackFailure.answer(channel);
    }

    private static String retryAfterText(@Nullable Duration retryAfter) {
        return retryAfter == null ? "" : " (retry after " + retryAfter.toSeconds() + " s)";
    }

    /** {@code text} with the token masked however it was written: as it is, URL-encoded or JSON-escaped. */
    private String redact(String text) {
        return SecretForms.redact(text, token, maskedToken());
    }

    /** "xoxb-***" for a bot token: its kind says which token is meant, and nothing of the secret part. */
    private String maskedToken() {
        int dash = token.indexOf('-');
        return token.startsWith("xox") && dash == 4 ? token.substring(0, 5) + "***" : "***";
    }

    private static @Nullable String string(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value == null || !value.isJsonPrimitive() ? null : value.getAsString();
    }

    private static boolean flag(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value != null && value.isJsonPrimitive() && value.getAsBoolean();
    }

    /**
     * A payload as {@link #render} wrote it.
     *
     * @param body the JSON body of {@code chat.postMessage}
     * @param opensThreadFor the fingerprint whose thread the message starts, or {@code null}
     * @param resolves the thread's first message to update once the message is posted, or {@code null}
     */
    private record Envelope(JsonObject body, @Nullable Fingerprint opensThreadFor, @Nullable JsonObject resolves) {

        /** The envelope in {@code payload}, or {@code null} when this class did not write it (or wrote another version). */
        static @Nullable Envelope read(String payload) {
            try {
                JsonObject envelope = JsonParser.parseString(payload).getAsJsonObject();
                JsonElement version = envelope.get("version");
                if (version == null || version.getAsInt() != PAYLOAD_VERSION
                        || !(envelope.get("body") instanceof JsonObject body) || string(body, "channel") == null) {
                    return null;
                }
                String opens = string(envelope, "opens_thread_for");
                JsonObject resolves = envelope.get("resolves") instanceof JsonObject update
                        && string(update, "ts") != null ? update : null;
                return new Envelope(body, opens == null ? null : new Fingerprint(opens), resolves);
            }
            catch (RuntimeException ex) {
                // Not JSON, or not shaped as written: nothing to send.
                return null;
            }
        }
    }
}
