package dev.erroralert.spring.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.erroralert.silence.MuteTarget;
import dev.erroralert.silence.Silences;
import dev.erroralert.testsupport.InMemoryMuteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code erroralerts} endpoint behind Spring Security, like any actuator endpoint: Spring Boot's defaults, then
 * an application's own rules written with {@link EndpointRequest}.
 */
class ErrorAlertsEndpointSecurityIntegrationTests {

    private static final MuteTarget ORDERS = MuteTarget.exceptionType("com.example.OrderFailure");

    private static final String MUTE_ORDERS = "{\"target\":\"" + ORDERS.key() + "\",\"duration\":\"30m\"}";

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
    static class ShopApplication {

        @Bean
        Silences silences() {
            return new Silences(List.of(new InMemoryMuteStore("redis")), List.of(), Clock.systemUTC());
        }
    }

    /** Reading for operators, muting for administrators, as an application might decide. */
    @Configuration(proxyBeanMethods = false)
    static class ShopSecurity {

        @Bean
        SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
            return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                    .authorizeHttpRequests((requests) -> requests
                            .requestMatchers(EndpointRequest.to(ErrorAlertsEndpoint.class)
                                    .withHttpMethod(HttpMethod.GET)).hasAnyRole("OPS", "ADMIN")
                            .requestMatchers(EndpointRequest.to(ErrorAlertsEndpoint.class)).hasRole("ADMIN")
                            .anyRequest().permitAll())
                    .httpBasic(Customizer.withDefaults())
                    // Basic authentication, no session or form: nothing for a forged request to ride on.
                    .csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()))
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ops").password("{noop}ops-pass").roles("OPS").build(),
                    User.withUsername("admin").password("{noop}admin-pass").roles("ADMIN").build());
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private ConfigurableApplicationContext context;

    private String base;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    private void start(Class<?>[] sources, String... properties) {
        context = new SpringApplicationBuilder(sources)
                .properties("server.port=0", "management.endpoints.web.exposure.include=health,erroralerts",
                        "management.endpoint.erroralerts.access=unrestricted")
                .properties(properties)
                .run();
        base = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private boolean ordersMuted() {
        return context.getBean(Silences.class).active().stream().anyMatch((mute) -> mute.target().equals(ORDERS));
    }

    private HttpResponse<String> get(String path, String... credentials) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), credentials);
    }

    private HttpResponse<String> post(String body, String... credentials) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/actuator/erroralerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
                credentials);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String... credentials)
            throws IOException, InterruptedException {
        if (credentials.length == 2) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withSpringBootsDefaultSecurityTheEndpointNeedsCredentialsAndWritesNeedCsrfRulesToo() throws Exception {
        start(new Class<?>[] { ShopApplication.class }, "spring.security.user.name=ops",
                "spring.security.user.password=ops-pass");

        assertThat(get("/actuator/health").statusCode()).as("health stays open").isEqualTo(200);
        assertThat(get("/actuator/erroralerts").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/erroralerts", "ops", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/erroralerts", "ops", "ops-pass").statusCode()).isEqualTo(200);
        assertThat(post(MUTE_ORDERS).statusCode()).isEqualTo(401);
        // Spring Security's CSRF protection refuses writes to every actuator endpoint, whoever asks, until the
        // application says otherwise, as Spring Boot's documentation warns. It refuses before the credentials are
        // read, so the refusal comes back as a 401 here.
        assertThat(post(MUTE_ORDERS, "ops", "ops-pass").statusCode()).isIn(401, 403);
        assertThat(ordersMuted()).isFalse();
    }

    @Test
    void withTheApplicationsOwnRulesOnlyWhoMayWriteCanMute() throws Exception {
        start(new Class<?>[] { ShopApplication.class, ShopSecurity.class });

        assertThat(get("/actuator/erroralerts").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/erroralerts", "ops", "ops-pass").statusCode()).isEqualTo(200);
        assertThat(post(MUTE_ORDERS).statusCode()).isEqualTo(401);
        assertThat(post(MUTE_ORDERS, "ops", "ops-pass").statusCode()).isEqualTo(403);
        assertThat(ordersMuted()).isFalse();

        assertThat(post(MUTE_ORDERS, "admin", "admin-pass").statusCode()).isEqualTo(200);
        assertThat(ordersMuted()).isTrue();
    }
}
