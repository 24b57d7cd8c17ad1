package dev.erroralert.spring.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator's {@code /env} and {@code /configprops} over HTTP on a real Tomcat, with values shown to everyone:
 * error-alert's webhook URL and bot token, set in every form an application sets them, never appear, nor does any
 * other secret a value carries (a URL with credentials, a JDBC URL with a password).
 */
class ActuatorSecretsWebIntegrationTests {

    private static final String WEBHOOK = "https://hooks.slack.com/services/T0ENV/B0ENV/EnvWebhookSecret1";

    private static final String ROUTE_WEBHOOK = "https://hooks.slack.com/services/T0RT/B0RT/RouteWebhookSecret2";

    private static final String JSON_WEBHOOK = "https://hooks.slack.com/services/T0JS/B0JS/JsonWebhookSecret3";

    private static final String BOT_TOKEN = "xoxb-1111-2222-EnvBotTokenSecret4";

    private static final String COMMAND_TOKEN = "xoxb-3333-4444-CommandBotTokenSecret5";

    private static final String REDIS_PASSWORD = "RedisPasswordSecret6";

    private static final String JDBC_PASSWORD = "JdbcPasswordSecret7";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private ConfigurableApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    private String start() {
        // The operating system's environment as Spring Boot reads it, and the JVM's system properties.
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource("testEnvironment",
                Map.of("ERROR_ALERT_SLACK_BOT_TOKEN", BOT_TOKEN, "SLACK_WEBHOOK_URL", WEBHOOK,
                        "SPRING_APPLICATION_JSON", "{\"error-alert\":{\"slack\":{\"routes\":{\"json\":"
                                + "{\"webhook-url\":\"" + JSON_WEBHOOK + "\"}}}}}"));
        MapPropertySource systemProperties = new MapPropertySource("testSystemProperties", Map.of("sun.java.command",
                "shop.jar --server.port=8080 --error-alert.slack.bot-token=" + COMMAND_TOKEN));
        context = new SpringApplicationBuilder(ShopApplication.class)
                .initializers(app -> {
                    app.getEnvironment().getPropertySources().addFirst(systemProperties);
                    app.getEnvironment().getPropertySources().addFirst(environment);
                })
                .properties("server.port=0",
                        "spring.autoconfigure.exclude=" + String.join(",",
                                ErrorAlertsEndpointWebIntegrationTests.EXCLUDED),
                        "management.endpoints.web.exposure.include=env,configprops",
                        "management.endpoint.env.show-values=always",
                        "management.endpoint.configprops.show-values=always",
                        "error-alert.slack.webhook-url=${SLACK_WEBHOOK_URL}", "error-alert.slack.channel=C0123456789",
                        "error-alert.slack.routes.ops.webhook-url=" + ROUTE_WEBHOOK,
                        "error-alert.redis.enabled=false",
                        "error-alert.redis.url=redis://app:" + REDIS_PASSWORD + "@localhost:1",
                        "app.reports.url=jdbc:postgresql://db:5432/reports?user=app&password=" + JDBC_PASSWORD,
                        "app.reports.name=quarterly")
                .run();
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void envShowsValuesButNoSecret() throws Exception {
        String env = get(start() + "/actuator/env");

        // Values are shown, and every key the secrets were set under is there: the test would see them.
        assertThat(env).contains("\"app.reports.name\"", "quarterly", "ERROR_ALERT_SLACK_BOT_TOKEN",
                "SLACK_WEBHOOK_URL", "SPRING_APPLICATION_JSON", "sun.java.command", "error-alert.slack.routes.ops",
                "app.reports.url", "error-alert.redis.url");
        assertThat(env).doesNotContain("WebhookSecret", "BotTokenSecret", REDIS_PASSWORD, JDBC_PASSWORD);
    }

    @Test
    void configpropsShowsValuesButNoSecret() throws Exception {
        String configprops = get(start() + "/actuator/configprops");

        assertThat(configprops).contains("error-alert", "C0123456789", "botToken", "webhookUrl");
        assertThat(configprops).doesNotContain("WebhookSecret", "BotTokenSecret", REDIS_PASSWORD, JDBC_PASSWORD);
    }
}
