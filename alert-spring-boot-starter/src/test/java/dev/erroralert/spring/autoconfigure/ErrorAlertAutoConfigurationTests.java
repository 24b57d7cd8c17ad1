package dev.erroralert.spring.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.LogDestination;
import dev.erroralert.fingerprint.Fingerprinter;
import dev.erroralert.history.HistoryStore;
import dev.erroralert.pipeline.QuietSummaries;
import dev.erroralert.pipeline.Reminders;
import dev.erroralert.history.WriteBack;
import dev.erroralert.jdbc.JdbcDedupStore;
import dev.erroralert.jdbc.JdbcHistoryStore;
import dev.erroralert.jdbc.JdbcMuteStore;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.Housekeeping;
import dev.erroralert.policy.AlertPolicy;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.redis.RedisDedupStore;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.silence.Silences;
import dev.erroralert.slack.SlackBotDestination;
import dev.erroralert.slack.SlackWebhookDestination;
import dev.erroralert.store.DecisionChain;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ErrorAlertAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertRedisAutoConfiguration.class, ErrorAlertJdbcAutoConfiguration.class,
                    ErrorAlertSlackAutoConfiguration.class, ErrorAlertAopAutoConfiguration.class,
                    AopAutoConfiguration.class));

    private static List<String> storesOf(DecisionChain chain) {
        return chain.storeStates().stream().map(DecisionChain.StoreState::store).toList();
    }

    @Test
    void runWithDefaultsShouldCreateAPipelineThatAlertsToTheLogWithoutStores() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(AlertPipeline.class).hasSingleBean(DefaultPointcutAdvisor.class);
            assertThat(context.getBean(Destination.class)).isInstanceOf(LogDestination.class);
            assertThat(storesOf(context.getBean(DecisionChain.class))).isEmpty();
            assertThat(context.getBean(AlertPolicy.class)).isInstanceOf(SeedAlertPolicy.class);
        });
    }

    @Test
    void runWithDefaultsShouldMaskSecretsButNotPersonalData() {
        this.contextRunner.run(context -> {
            SecretMasker masker = context.getBean(SecretMasker.class);
            assertThat(masker.mask("password=hunter2 for ann@example.com"))
                    .isEqualTo("password=*** for ann@example.com");
        });
    }

    @Test
    void runWithPersonalDataMaskingShouldMaskPersonalDataToo() {
        this.contextRunner.withPropertyValues("error-alert.masking.personal-data=true",
                "error-alert.masking.patterns=ORD-[0-9]+").run(context -> {
                    SecretMasker masker = context.getBean(SecretMasker.class);
                    assertThat(masker.mask("password=hunter2 for ann@example.com in ORD-42"))
                            .isEqualTo("password=*** for ***@example.com in ***");
                });
    }

    @Test
    void runWithAnInvalidApiUrlShouldFailNamingThePropertyWithoutShowingIt() {
        this.contextRunner.withPropertyValues("error-alert.slack.bot-token=xoxb-1-2-secret",
                "error-alert.slack.channel=C123", "error-alert.slack.api-url=ftp://user:Zq7pw@proxy/api/")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("error-alert.slack.api-url")
                            .hasMessageNotContaining("Zq7");
                });
    }

    @Test
    void runWhenDisabledShouldNotCreateAnything() {
        this.contextRunner.withPropertyValues("error-alert.enabled=false", "error-alert.redis.url=redis://localhost:1",
                "error-alert.slack.webhook-url=https://hooks.slack.com/services/T/B/X").run(context -> {
                    assertThat(context).doesNotHaveBean(AlertPipeline.class)
                            .doesNotHaveBean(DefaultPointcutAdvisor.class)
                            .doesNotHaveBean(RedisDedupStore.class)
                            .doesNotHaveBean(SlackWebhookDestination.class);
                });
    }

    @Test
    void runWithPolicyPropertiesShouldApplyThem() {
        this.contextRunner.withPropertyValues("error-alert.policy.first-window=1m",
                "error-alert.policy.repeat-window=2h", "error-alert.policy.suppress-after=2").run(context -> {
                    SeedAlertPolicy policy = context.getBean(SeedAlertPolicy.class);
                    assertThat(policy.windows().first()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(policy.windows().repeat()).isEqualTo(Duration.ofHours(2));
                    assertThat(policy.suppressAfter()).isEqualTo(2);
                });
    }

    @Test
    void runWithRedisUrlShouldPutARedisStoreInTheChain() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://localhost:1").run(context -> {
            assertThat(context).hasSingleBean(RedisDedupStore.class);
            assertThat(storesOf(context.getBean(DecisionChain.class))).containsExactly("redis");
        });
    }

    @Test
    void runWithTheApplicationsRedisHostShouldFollowIt() {
        this.contextRunner.withPropertyValues("spring.data.redis.host=redis.internal", "spring.data.redis.port=6380")
                .run(context -> assertThat(context.getBean(RedisDedupStore.class).toString())
                        .contains("redis.internal:6380"));
    }

    @Test
    void runWithoutRedisSettingsShouldNotCreateARedisStore() {
        this.contextRunner.run(context -> assertThat(context).doesNotHaveBean(RedisDedupStore.class));
    }

    @Test
    void runWithoutLettuceShouldNotCreateARedisStore() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(RedisClient.class))
                .withPropertyValues("error-alert.redis.url=redis://localhost:1")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RedisDedupStore.class);
                    assertThat(context).hasSingleBean(AlertPipeline.class);
                });
    }

    @Test
    void runWithRedisDisabledShouldNotCreateARedisStore() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://localhost:1",
                "error-alert.redis.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RedisDedupStore.class));
    }

    @Test
    void runWithAnUnreachableRedisShouldStartAndFallThrough() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://127.0.0.1:1").run(context -> {
            assertThat(context).hasNotFailed();
            DecisionChain chain = context.getBean(DecisionChain.class);
            assertThat(chain.decide(new dev.erroralert.fingerprint.Fingerprint("0123456789abcdef0123456789abcdef"), 1,
                    System.currentTimeMillis()).tally().countedBy()).isEqualTo("memory");
        });
    }

    @Test
    void runWithADataSourceShouldPutAJdbcStoreAfterRedis() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig;DB_CLOSE_DELAY=-1",
                        "error-alert.redis.url=redis://localhost:1")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcDedupStore.class);
                    assertThat(storesOf(context.getBean(DecisionChain.class))).containsExactly("redis", "jdbc");
                });
    }

    @Test
    void runWithADataSourceShouldKeepAHistoryWrittenBackFromRedisAndShareMutesThroughBoth() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:history;DB_CLOSE_DELAY=-1",
                        "error-alert.redis.url=redis://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcHistoryStore.class).hasSingleBean(WriteBack.class)
                            .hasSingleBean(JdbcMuteStore.class).hasSingleBean(QuietSummaries.class)
                            .hasSingleBean(Housekeeping.class);
                    assertThat(context.getBean(RedisDedupStore.class).settings().writeBack()).isTrue();
                    assertThat(context.getBean(RedisDedupStore.class).settings().quietEpisodes()).isTrue();
                    // Redis first, then the database: the unreachable Redis refuses the mute, the database takes it.
                    Silences.Change change = context.getBean(Silences.class).mute(
                            MuteTarget.exceptionType("java.lang.IllegalStateException"), Long.MAX_VALUE);
                    assertThat(change.failedStores()).containsExactly("redis");
                    assertThat(change.stores()).containsExactly("jdbc");
                    assertThat(context.getBeansOfType(HousekeepingTask.class).values())
                            .extracting(HousekeepingTask::name).contains("write-back", "purge old history",
                                    "purge expired records", "refresh mutes", "quiet summaries");
                });
    }

    @Test
    void runWithTheHistoryOffShouldNeitherKeepNorWriteBackOne() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:nohistory;DB_CLOSE_DELAY=-1",
                        "error-alert.redis.url=redis://127.0.0.1:1", "error-alert.history.enabled=false",
                        "error-alert.quiet-summary.enabled=false", "error-alert.reminder.interval=0")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcDedupStore.class).doesNotHaveBean(HistoryStore.class)
                            .doesNotHaveBean(WriteBack.class).doesNotHaveBean(QuietSummaries.class)
                            .doesNotHaveBean(Reminders.class);
                    // Nothing would take what Redis kept pending or its episodes, so it keeps neither.
                    assertThat(context.getBean(RedisDedupStore.class).settings().writeBack()).isFalse();
                    assertThat(context.getBean(RedisDedupStore.class).settings().quietEpisodes()).isFalse();
                });
    }

    @Test
    void runWithRedisAloneShouldShareMutesAndSummariseThroughRedisWithoutAHistory() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://127.0.0.1:1").run(context -> {
            assertThat(context).doesNotHaveBean(HistoryStore.class).doesNotHaveBean(WriteBack.class)
                    .hasSingleBean(QuietSummaries.class);
            assertThat(context.getBean(RedisDedupStore.class).settings().writeBack()).isFalse();
            assertThat(context.getBean(Silences.class).mute(MuteTarget.exceptionType("java.lang.Error"), 1)
                    .failedStores()).containsExactly("redis");
        });
    }

    @Test
    void runWithRedisShouldRemindOfErrorsStillOccurringEveryHourThroughRedis() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://127.0.0.1:1",
                "error-alert.quiet-summary.enabled=false").run(context -> {
                    assertThat(context).hasSingleBean(Reminders.class);
                    assertThat(context.getBean(ErrorAlertProperties.class).getReminder().getInterval())
                            .isEqualTo(Duration.ofHours(1));
                    // The episodes a reminder reads are kept for reminders too, without quiet summaries.
                    assertThat(context.getBean(RedisDedupStore.class).settings().quietEpisodes()).isTrue();
                    // Without summaries to take them, ended episodes are dropped rather than piling up in Redis.
                    assertThat(context.getBeansOfType(HousekeepingTask.class).values())
                            .extracting(HousekeepingTask::name).contains("reminders", "drop ended episodes");
                });
    }

    @Test
    void runWithReminderIntervalZeroShouldSendNoReminders() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://127.0.0.1:1",
                "error-alert.reminder.interval=0s").run(context -> {
                    assertThat(context).doesNotHaveBean(Reminders.class);
                    assertThat(context.getBeansOfType(HousekeepingTask.class).values())
                            .extracting(HousekeepingTask::name).contains("quiet summaries")
                            .doesNotContain("reminders", "drop ended episodes");
                });
    }

    @Test
    void runWithANegativeReminderIntervalShouldFailNamingTheProperty() {
        this.contextRunner.withPropertyValues("error-alert.reminder.interval=-5m").run(context -> {
            assertThat(context).hasFailed();
            assertThat(causeChainText(context.getStartupFailure())).contains("error-alert.reminder.interval");
        });
    }

    @Test
    void runWithAReminderIntervalBeyondAYearShouldFailNamingTheProperty() {
        this.contextRunner.withPropertyValues("error-alert.reminder.interval=400d").run(context -> {
            assertThat(context).hasFailed();
            assertThat(causeChainText(context.getStartupFailure())).contains("error-alert.reminder.interval");
        });
    }

    @Test
    void runWithoutADataSourceShouldNotCreateAJdbcStore() {
        this.contextRunner.run(context -> assertThat(context).doesNotHaveBean(JdbcDedupStore.class));
    }

    @Test
    void runWithJdbcDisabledShouldNotCreateAJdbcStore() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:disabled", "error-alert.jdbc.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(JdbcDedupStore.class));
    }

    @Test
    void runWithAnUnreachableDatabaseShouldStart() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere",
                        "spring.datasource.hikari.initialization-fail-timeout=-1",
                        "error-alert.jdbc.initialize-schema=always")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcDedupStore.class);
                    assertThat(storesOf(context.getBean(DecisionChain.class))).containsExactly("jdbc");
                });
    }

    @Test
    void runWithAWebhookUrlShouldDeliverToSlack() {
        this.contextRunner.withPropertyValues("error-alert.slack.webhook-url=https://hooks.slack.com/services/T/B/X")
                .run(context -> assertThat(context.getBean(Destination.class)).isInstanceOf(SlackWebhookDestination.class));
    }

    @Test
    void runWithABotTokenAndChannelShouldPostWithThreads() {
        this.contextRunner.withPropertyValues("error-alert.slack.bot-token=xoxb-1-2-secret", "error-alert.slack.channel=#alerts")
                .run(context -> {
                    assertThat(context.getBean(Destination.class)).isInstanceOf(SlackBotDestination.class);
                    assertThat(context.getBean(Destination.class).toString()).doesNotContain("secret");
                });
    }

    @Test
    void runWithABotTokenButNoChannelShouldFailNamingTheProperty() {
        this.contextRunner.withPropertyValues("error-alert.slack.bot-token=xoxb-1-2-secret").run(context -> {
            assertThat(context).hasFailed();
            assertThat(causeChainText(context.getStartupFailure())).contains("error-alert.slack.channel")
                    .doesNotContain("secret");
        });
    }

    @Test
    void runWithRoutesShouldBuildADestinationPerRoute() {
        this.contextRunner.withPropertyValues("error-alert.slack.webhook-url=https://hooks.slack.com/services/T/B/X",
                "error-alert.slack.routes.payments.webhook-url=https://hooks.slack.com/services/T/B/PAY",
                "error-alert.slack.route-by-exception.java.sql.SQLException=payments")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(DeliveryRoutes.class).destinations()).containsOnlyKeys("payments");
                });
    }

    @Test
    void runWithARuleToAnUnknownRouteShouldFailNamingIt() {
        this.contextRunner.withPropertyValues("error-alert.slack.route-by-exception.java.sql.SQLException=nowhere")
                .run(context -> assertThat(causeChainText(context.getStartupFailure()))
                        .contains("error-alert.slack.route-by-exception", "nowhere"));
    }

    @Test
    void runWithUserBeansShouldBackOff() {
        this.contextRunner.withUserConfiguration(UserBeans.class)
                .withPropertyValues("error-alert.slack.webhook-url=https://hooks.slack.com/services/T/B/X",
                        "error-alert.redis.url=redis://localhost:1")
                .run(context -> {
                    assertThat(context.getBean(Destination.class)).isSameAs(UserBeans.DESTINATION);
                    assertThat(context.getBean(AlertPolicy.class)).isSameAs(UserBeans.POLICY);
                    assertThat(context.getBean(Fingerprinter.class)).isSameAs(UserBeans.FINGERPRINTER);
                    assertThat(context.getBean(RedisDedupStore.class)).isSameAs(context.getBean("userRedisStore"));
                });
    }

    @Test
    void runWithAnApplicationNameAndProfilesShouldShowThemOnAlerts() {
        this.contextRunner.withPropertyValues("spring.application.name=shop", "spring.profiles.active=prod,eu")
                .run(context -> assertThat(ErrorAlertAutoConfiguration
                        .origin(context.getBean(ErrorAlertProperties.class), context.getEnvironment(), context))
                        .isEqualTo(new dev.erroralert.event.Origin("shop", "prod,eu", "", InstanceName.ofThisHost())));
    }

    @Test
    void runWithAVersionAndAnInstanceShouldShowThemOnAlertsAndWithBuildInfoItsVersion() {
        this.contextRunner.withPropertyValues("spring.application.name=shop", "error-alert.version=1.4.2",
                "error-alert.instance=web-7")
                .run(context -> assertThat(ErrorAlertAutoConfiguration
                        .origin(context.getBean(ErrorAlertProperties.class), context.getEnvironment(), context))
                        .isEqualTo(new dev.erroralert.event.Origin("shop", "", "1.4.2", "web-7")));
        java.util.Properties build = new java.util.Properties();
        build.setProperty("version", "2.7.1");
        this.contextRunner.withPropertyValues("spring.application.name=shop")
                .withBean(org.springframework.boot.info.BuildProperties.class,
                        () -> new org.springframework.boot.info.BuildProperties(build))
                .run(context -> assertThat(ErrorAlertAutoConfiguration
                        .origin(context.getBean(ErrorAlertProperties.class), context.getEnvironment(), context)
                        .version()).isEqualTo("2.7.1"));
    }

    @Test
    void runWithALinkTemplateThatIsNotAUrlShouldFailNamingIt() {
        this.contextRunner.withPropertyValues("error-alert.links.trace=tempo/{traceId}")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("error-alert.links.trace is invalid")
                        .hasStackTraceContaining("must be an absolute http(s) URL, got 'tempo/{traceId}'"));
    }

    @SpringBootConfiguration
    static class PetClinicApplication {
    }

    @Test
    void runWithoutAnApplicationNameShouldNameItAfterItsSpringBootApplicationClass() {
        this.contextRunner.withUserConfiguration(PetClinicApplication.class)
                .run(context -> assertThat(ErrorAlertAutoConfiguration
                        .origin(context.getBean(ErrorAlertProperties.class), context.getEnvironment(), context)
                        .application()).isEqualTo("pet-clinic"));
    }

    @Test
    void runWithoutAnyNameShouldCallItApplication() {
        this.contextRunner.run(context -> assertThat(ErrorAlertAutoConfiguration
                .origin(context.getBean(ErrorAlertProperties.class), context.getEnvironment(), context)
                .application()).isEqualTo("application"));
    }

    @Test
    void runWithTheQuickStartsWebhookVariableUnsetShouldStartAndAlertToTheLog(CapturedOutput output) {
        this.contextRunner.withPropertyValues("error-alert.slack.webhook-url=${ERROR_ALERT_TESTS_UNSET_WEBHOOK}")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Destination.class)).isInstanceOf(LogDestination.class);
                    assertThat(output).contains("error-alert.slack.webhook-url refers to a variable that is not set");
                });
        this.contextRunner.withPropertyValues("error-alert.slack.webhook-url=${ERROR_ALERT_TESTS_UNSET_WEBHOOK:}")
                .run(context -> assertThat(context.getBean(Destination.class)).isInstanceOf(LogDestination.class));
    }

    @Test
    void runShouldSayOnceAtStartupWhereAlertsGoWhichStoresDecideAndWhetherAHistoryIsKept(CapturedOutput output) {
        this.contextRunner.run(context -> assertThat(output).contains("error-alert: alerts go to the application log")
                .contains("decided by this instance's memory; no history (needs a DataSource)"));
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("error-alert.slack.webhook-url=https://hooks.slack.com/services/T0/B0/s3cr3tPath",
                        "error-alert.redis.url=redis://127.0.0.1:1")
                .run(context -> {
                    String line = output.getAll().lines()
                            .filter(l -> l.contains("error-alert: alerts go to SlackWebhookDestination")).findFirst()
                            .orElseThrow();
                    assertThat(line).contains("hooks.slack.com").doesNotContain("s3cr3tPath")
                            .contains("decided by redis, then jdbc, then this instance's memory")
                            .contains("history kept in the database");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            error-alert.policy.first-window=-5m                     | error-alert.policy.first-window
            error-alert.policy.repeat-window=0s                     | error-alert.policy.repeat-window
            error-alert.policy.suppress-after=-1                    | error-alert.policy.suppress-after
            error-alert.chain.cool-down=-1s                         | error-alert.chain.cool-down
            error-alert.pipeline.max-fingerprints=0                 | error-alert.pipeline.max-fingerprints
            error-alert.pipeline.suppressed-sync-interval=0s        | error-alert.pipeline.suppressed-sync-interval
            error-alert.redis.url=http://localhost:6379             | error-alert.redis.url
            error-alert.redis.key-prefix=app{1}                     | error-alert.redis.key-prefix
            error-alert.redis.command-timeout=-200ms                | error-alert.redis.command-timeout
            error-alert.jdbc.table-name=alerts; drop table users    | error-alert.jdbc.table-name
            error-alert.jdbc.timeout=0ms                            | error-alert.jdbc.timeout
            error-alert.slack.webhook-url=hooks.slack.com/T/B/X     | error-alert.slack.webhook-url
            error-alert.slack.webhook-url=ftp://hooks.slack.com/T/B | error-alert.slack.webhook-url
            """)
    void runWithABadValueShouldFailNamingTheProperty(String setting, String property) {
        // With both stores in use: their properties are bound (and checked) when their store is configured.
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("error-alert.redis.url=redis://localhost:1", setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(causeChainText(context.getStartupFailure())).contains(property + " ");
        });
    }

    @Test
    void runWithAMalformedWebhookUrlShouldNotEchoItsSecretPart() {
        this.contextRunner.withPropertyValues("error-alert.slack.webhook-url=hooks.slack.com/services/T/B/secret")
                .run(context -> assertThat(causeChainText(context.getStartupFailure())).doesNotContain("secret"));
    }

    private static String causeChainText(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable current = failure; current != null; current = current.getCause()) {
            text.append(current).append('\n');
        }
        return text.toString();
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {

        static final Destination DESTINATION = new LogDestination("mine");

        static final AlertPolicy POLICY = new SeedAlertPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 1);

        static final Fingerprinter FINGERPRINTER = event -> new dev.erroralert.fingerprint.Fingerprint(
                "0123456789abcdef0123456789abcdef");

        @Bean
        Destination userDestination() {
            return DESTINATION;
        }

        @Bean
        AlertPolicy userPolicy() {
            return POLICY;
        }

        @Bean
        Fingerprinter userFingerprinter() {
            return FINGERPRINTER;
        }

        @Bean(destroyMethod = "close")
        RedisDedupStore userRedisStore() {
            return new RedisDedupStore(RedisURI.create("redis://localhost:2"));
        }
    }
}
