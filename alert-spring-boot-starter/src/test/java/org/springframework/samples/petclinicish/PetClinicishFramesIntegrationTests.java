package org.springframework.samples.petclinicish;

import java.util.List;

import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With no in-app packages set, an application under {@code org.springframework} gets its own frames on its alerts
 * (and in its fingerprints), never error-alert's or the proxy's; a repository is named by its interface.
 */
class PetClinicishFramesIntegrationTests {

    private SlackStandIn slack;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() {
        slack = SlackStandIn.start();
        context = new SpringApplicationBuilder(PetClinicish.class).web(WebApplicationType.NONE)
                .properties("spring.application.name=petclinic",
                        "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
                        "spring.autoconfigure.exclude="
                                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
                .run();
    }

    @AfterEach
    void stop() {
        context.close();
        slack.close();
    }

    private String onlyAlert() throws InterruptedException {
        slack.awaitRequests(1, java.time.Duration.ofSeconds(15));
        context.close();
        List<String> bodies = slack.requests().stream().map(SlackStandIn.RecordedRequest::body).toList();
        assertThat(bodies).hasSize(1);
        return bodies.get(0);
    }

    /** The lines of the alert's "Top in-app frames" section, as the JSON payload writes them (escaped newlines). */
    private static List<String> topFrames(String body) {
        String section = body.substring(body.indexOf("*Top in-app frames*"));
        section = section.substring(section.indexOf("```") + 3, section.indexOf("```", section.indexOf("```") + 3));
        return java.util.Arrays.stream(section.split("\\\\n")).map(String::strip)
                .filter(line -> line.startsWith("at ")).toList();
    }

    @Test
    void theApplicationsOwnFramesAreTheTopFramesNeverErrorAlertsOrTheProxys() throws InterruptedException {
        PetClinicish.OwnerService owners = context.getBean(PetClinicish.OwnerService.class);

        assertThatThrownBy(() -> owners.register("george")).hasMessage("owner george has no telephone");

        List<String> frames = topFrames(onlyAlert());
        assertThat(frames).isNotEmpty()
                .allMatch(frame -> frame.startsWith("at org.springframework.samples.petclinicish."))
                .noneMatch(frame -> frame.contains("SpringCGLIB"));
        assertThat(frames.get(0)).contains("PetClinicish$OwnerValidator.validate");
    }

    @Test
    void aRepositoryAlertNamesTheInterfaceMethodNotTheFrameworksImplementation() throws InterruptedException {
        PetClinicish.OwnerRepository repository = context.getBean(PetClinicish.OwnerRepository.class);

        assertThatThrownBy(() -> repository.save("george")).hasMessageContaining("owners_pkey");

        String alert = onlyAlert();
        assertThat(alert).contains("PetClinicish$OwnerRepository#save").doesNotContain("SimpleRepositoryStandIn#save");
    }
}
