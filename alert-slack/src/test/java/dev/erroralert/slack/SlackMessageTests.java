package dev.erroralert.slack;

import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.util.json.GsonFactory;
import dev.erroralert.notify.Alert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlackMessageTests {

    @Test
    void readsTopToBottomAsWhatWhenWhereWhyAndWhichTrace() {
        JsonArray blocks = payload(new SampleAlert().build()).getAsJsonArray("blocks");

        assertThat(blocks).extracting(block -> block.getAsJsonObject().get("type").getAsString())
                .containsExactly("header", "section", "context", "section", "section", "section", "context");
        assertThat(text(blocks, 0)).isEqualTo("IllegalStateException in OrderService#place");
        assertThat(text(blocks, 1)).isEqualTo("*3rd occurrence in 5 min*");
        assertThat(text(blocks, 2)).isEqualTo("*app* shop  ·  *env* prod  ·  *at* com.example.OrderService#place"
                + "  ·  *thread* http-nio-8080-exec-1");
        assertThat(text(blocks, 3)).isEqualTo("```\njava.lang.IllegalStateException: Order 42 could not be placed\n```");
        assertThat(text(blocks, 4)).startsWith("*Caused by*\n```\njava.sql.SQLTransientConnectionException");
        assertThat(text(blocks, 5)).isEqualTo("*Top in-app frames*\n```\n"
                + "at com.example.OrderService.place(OrderService.java:42)\n"
                + "at com.example.OrderController.post(OrderController.java:17)\n```");
        assertThat(text(blocks, 6)).isEqualTo("*fingerprint* 01234567  ·  *traceId* " + SampleAlert.TRACE_ID);
    }

    @Test
    void leavesOutWhatTheAlertDoesNotHave() {
        JsonArray blocks = payload(new SampleAlert().environment("").message(null).causes().build())
                .getAsJsonArray("blocks");

        assertThat(blocks).hasSize(6);
        assertThat(text(blocks, 2)).doesNotContain("*env*");
        assertThat(text(blocks, 3)).isEqualTo("```\njava.lang.IllegalStateException\n```");
    }

    @Test
    void showsContextValuesInTheSameOrderEveryTime() {
        JsonArray blocks = payload(new SampleAlert()
                .context(Map.of("traceId", "t1", "spanId", "s1", "user", "u1")).build()).getAsJsonArray("blocks");

        assertThat(text(blocks, blocks.size() - 1))
                .isEqualTo("*fingerprint* 01234567  ·  *spanId* s1  ·  *traceId* t1  ·  *user* u1");
    }

    @Test
    void theFallbackIsOneLineForNotifications() {
        JsonObject payload = payload(new SampleAlert().message("first line\nsecond line").build());

        assertThat(payload.get("text").getAsString()).isEqualTo("IllegalStateException in OrderService#place"
                + " — 3rd occurrence in 5 min — shop (prod): first line second line");
        assertThat(payload.get("unfurl_links").getAsBoolean()).isFalse();
        assertThat(payload.get("unfurl_media").getAsBoolean()).isFalse();
    }

    @Test
    void markdownIsSentVerbatimSoSlackLinksNothingOnItsOwn() {
        JsonArray blocks = payload(new SampleAlert().build()).getAsJsonArray("blocks");

        for (int i = 1; i < blocks.size(); i++) {
            JsonObject block = blocks.get(i).getAsJsonObject();
            JsonObject text = block.has("text") ? block.getAsJsonObject("text")
                    : block.getAsJsonArray("elements").get(0).getAsJsonObject();
            assertThat(text.get("verbatim").getAsBoolean()).as("block %d", i).isTrue();
        }
    }

    static JsonObject payload(Alert alert) {
        String json = GsonFactory.createSnakeCase().toJson(SlackMessage.of(alert).toWebhookPayload());
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** The text of block {@code index}: its own, or its first element's for a context block. */
    static String text(JsonArray blocks, int index) {
        JsonObject block = blocks.get(index).getAsJsonObject();
        if (block.has("text")) {
            return block.getAsJsonObject("text").get("text").getAsString();
        }
        return block.getAsJsonArray("elements").get(0).getAsJsonObject().get("text").getAsString();
    }
}
