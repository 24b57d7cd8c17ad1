package dev.erroralert.spring.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.erroralert.event.MdcContext;
import dev.erroralert.event.Origin;
import dev.erroralert.event.RequestInfo;
import dev.erroralert.fingerprint.DefaultFingerprinter;
import dev.erroralert.fingerprint.Fingerprinter;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.delivery.DeliveryObserver;
import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.LogDestination;
import dev.erroralert.delivery.Outbox;
import dev.erroralert.history.HistoryStore;
import dev.erroralert.history.BurningErrors;
import dev.erroralert.history.QuietEpisodes;
import dev.erroralert.pipeline.QuietSummaries;
import dev.erroralert.pipeline.Reminders;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.DecisionObserver;
import dev.erroralert.pipeline.Housekeeping;
import dev.erroralert.policy.AlertPolicy;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.silence.MuteStore;
import dev.erroralert.silence.Silences;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.spring.capture.web.CurrentServletRequest;
import dev.erroralert.store.StoreThreads;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The core of error-alert: the rule, the fingerprint, the chain of whatever stores the other auto-configurations
 * contributed (Redis, then the database), delivery, and the pipeline. Without Slack settings alerts go to the log.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({ ErrorAlertProperties.class, ErrorAlertSlackProperties.class,
        ErrorAlertDeliveryProperties.class })
public class ErrorAlertAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AlertPolicy errorAlertPolicy(ErrorAlertProperties properties) {
        ErrorAlertProperties.Policy policy = properties.getPolicy();
        return new SeedAlertPolicy(policy.getFirstWindow(), policy.getRepeatWindow(), policy.getSuppressAfter());
    }

    @Bean
    @ConditionalOnMissingBean
    Fingerprinter errorAlertFingerprinter(ErrorAlertProperties properties, BeanFactory beanFactory) {
        return new DefaultFingerprinter(inAppFrames(properties, beanFactory), DefaultFingerprinter.DEFAULT_FRAMES);
    }

    /** Where unrouted alerts go when no Slack setting names a destination: the application log. */
    @Bean
    @ConditionalOnMissingBean(Destination.class)
    Destination errorAlertDestination() {
        return new LogDestination();
    }

    @Bean
    @ConditionalOnMissingBean
    SecretMasker errorAlertMasker(ErrorAlertProperties properties) {
        SecretMasker masker = SecretMasker.withDefaults();
        if (properties.getMasking().isPersonalData()) {
            masker = masker.withPersonalData();
        }
        return masker.and(properties.getMasking().getPatterns().stream().map(Pattern::compile).toList());
    }

    /**
     * Started and closed by the pipeline, which owns it: it must outlive the pipeline's last judgement. Tells the
     * observers there are (the meters, when the application has Micrometer) what happens to each message.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    DeliveryEngine errorAlertDelivery(Destination destination, Optional<DeliveryRoutes> routes,
            Optional<Outbox> outbox, ErrorAlertSlackProperties slack, ErrorAlertDeliveryProperties delivery,
            ObjectProvider<DeliveryObserver> observers) {
        // Optional rather than ObjectProvider: a real dependency, so the outbox (and its DataSource) outlive delivery.
        Map<String, Destination> routed = routes.map(DeliveryRoutes::destinations).orElse(Map.of());
        Map<String, String> byException = slack.getRouteByException();
        byException.forEach((type, route) -> {
            if (!routed.containsKey(route)) {
                throw new IllegalStateException("error-alert.slack.route-by-exception." + type + " names route '" + route
                        + "', which is not configured under error-alert.slack.routes");
            }
        });
        return new DeliveryEngine(destination, routed, byException, outbox.orElse(null),
                delivery.toSettings(), DeliveryObserver.allOf(observers.orderedStream().toList()));
    }

    @Bean
    @ConditionalOnMissingBean
    DecisionChain errorAlertDecisionChain(Optional<List<DedupStore>> stores, Optional<List<StoreThreads>> threads,
            AlertPolicy policy, ErrorAlertProperties properties, ObjectProvider<HistoryStore> history) {
        ErrorAlertProperties.Chain chain = properties.getChain();
        // With a history, the guard also keeps a ledger of what it decided while every store was down, for the
        // write-back.
        boolean writeBack = history.getIfAvailable() != null;
        // Stores come in their @Order: Redis first, then the database, then any of the application's own. Injected
        // as a list (not looked up) so each is a dependency: none is closed before the pipeline's last judgement. The
        // threads kept with them (Redis, the database) are asked through their store's circuit.
        return new DecisionChain(stores.orElse(List.of()), threads.orElse(List.of()), policy,
                chain.isDirectGuard() ? new InMemoryDedupStore(InMemoryDedupStore.DEFAULT_MAX_ENTRIES, writeBack)
                        : null,
                chain.getCoolDown());
    }

    /**
     * The mutes: permanent ones from the properties, and those shared through every store that keeps mutes (Redis,
     * then the database, in their @Order), set through the actuator endpoint.
     */
    @Bean
    @ConditionalOnMissingBean
    Silences errorAlertSilences(Optional<List<MuteStore>> stores, ErrorAlertProperties properties) {
        return new Silences(stores.orElse(List.of()), properties.getMutes().targets(), Clock.systemUTC());
    }

    @Bean
    HousekeepingTask errorAlertMuteRefresh(Silences silences, ErrorAlertProperties properties) {
        return new HousekeepingTask("refresh mutes", properties.getMutes().getRefreshInterval(), silences::refresh,
                false);
    }

    /** Summaries of quiet errors, from every store that keeps episodes (Redis, the database). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "error-alert.quiet-summary", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    QuietSummaries errorAlertQuietSummaries(DecisionChain chain, Silences silences, SecretMasker masker,
            DeliveryEngine delivery, AlertPolicy policy, ErrorAlertProperties properties, Environment environment,
            ListableBeanFactory beans) {
        List<QuietEpisodes> sources = chain.stores().stream()
                .filter(QuietEpisodes.class::isInstance).map(QuietEpisodes.class::cast).toList();
        return new QuietSummaries(sources, silences, masker, delivery, origin(properties, environment, beans),
                policy.windows(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBean(QuietSummaries.class)
    HousekeepingTask errorAlertQuietCheck(QuietSummaries summaries, ErrorAlertProperties properties) {
        return new HousekeepingTask("quiet summaries", properties.getQuietSummary().getCheckInterval(),
                summaries::checkNow, false);
    }

    /**
     * Reminders of errors that keep occurring past their cap, from every store that can claim them (Redis, the
     * database); off with {@code error-alert.reminder.interval=0}.
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(RemindersEnabledCondition.class)
    Reminders errorAlertReminders(DecisionChain chain, Silences silences, SecretMasker masker,
            DeliveryEngine delivery, AlertPolicy policy, ErrorAlertProperties properties, Environment environment,
            ListableBeanFactory beans) {
        List<BurningErrors> sources = chain.stores().stream()
                .filter(BurningErrors.class::isInstance).map(BurningErrors.class::cast).toList();
        return new Reminders(sources, properties.getReminder().getInterval(), silences, masker, delivery,
                origin(properties, environment, beans), policy.windows(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBean(Reminders.class)
    HousekeepingTask errorAlertReminderCheck(Reminders reminders, ErrorAlertProperties properties) {
        return new HousekeepingTask("reminders", properties.getReminder().getCheckInterval(), reminders::checkNow,
                false);
    }

    /**
     * Reminders read the episodes the stores keep, which only taking them for their summary forgets: with reminders
     * on and quiet summaries off, ended episodes are taken and dropped, so that none piles up in Redis.
     */
    @Bean
    @ConditionalOnBean(Reminders.class)
    @ConditionalOnMissingBean(QuietSummaries.class)
    HousekeepingTask errorAlertEndedEpisodesDropped(DecisionChain chain, ErrorAlertProperties properties) {
        List<QuietEpisodes> sources = chain.stores().stream()
                .filter(QuietEpisodes.class::isInstance).map(QuietEpisodes.class::cast).toList();
        return new HousekeepingTask("drop ended episodes", properties.getQuietSummary().getCheckInterval(), () -> {
            for (QuietEpisodes source : sources) {
                try {
                    source.takeQuiet(System.currentTimeMillis(), 1_000);
                }
                catch (RuntimeException ex) {
                    // Left for the next turn: the episodes stay until then.
                }
            }
        }, false);
    }

    /**
     * The thread of the periodic tasks the modules contributed. Started and closed by the pipeline, which owns it:
     * its last write-back must follow the pipeline's last judgement. The tasks are injected as a list, so whatever
     * they use outlives it.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    Housekeeping errorAlertHousekeeping(Optional<List<HousekeepingTask>> tasks, ErrorAlertProperties properties) {
        Housekeeping housekeeping = new Housekeeping(properties.getPipeline().getShutdownTimeout());
        for (HousekeepingTask task : tasks.orElse(List.of())) {
            housekeeping.every(task.name(), task.interval(), task.task());
            if (task.alsoAtClose()) {
                housekeeping.atClose(task.name(), task.task());
            }
        }
        return housekeeping;
    }

    @Bean
    StartupReport errorAlertStartupReport(Destination destination, Optional<DeliveryRoutes> routes,
            DecisionChain chain, ObjectProvider<HistoryStore> history, ErrorAlertProperties properties) {
        return new StartupReport(destination, routes.map(DeliveryRoutes::destinations).orElse(Map.of()), chain,
                properties.getChain().isDirectGuard(), history.getIfAvailable() != null);
    }

    @Bean
    StoreStartupCheck errorAlertStoreStartupCheck(Optional<List<DedupStore>> stores) {
        return new StoreStartupCheck(stores.orElse(List.of()));
    }

    /** Masks error-alert's secrets in actuator output ({@code /env}, {@code /configprops}) when values are shown. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static class ActuatorSanitizing {

        @Bean
        SecretPropertiesSanitizer errorAlertSecretsSanitizer(SecretMasker masker) {
            return new SecretPropertiesSanitizer(masker);
        }
    }

    /** Tells the observers there are (the meters, when the application has Micrometer) of every judgement. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    AlertPipeline errorAlertPipeline(DecisionChain chain, Fingerprinter fingerprinter, DeliveryEngine delivery,
            SecretMasker masker, ErrorAlertProperties properties, Environment environment,
            ObjectProvider<DecisionObserver> observers, Silences silences, Housekeeping housekeeping,
            ListableBeanFactory beans) {
        return AlertPipeline.builder(chain)
                .fingerprinter(fingerprinter)
                .delivery(delivery)
                .masker(masker)
                .inAppFrames(inAppFrames(properties, beans))
                .origin(origin(properties, environment, beans))
                .links(properties.getLinks().toLinks())
                .context(new MdcContext(properties.getMdcKeys()))
                .request(currentRequest())
                .settings(properties.getPipeline().toSettings())
                .decisionObserver(DecisionObserver.allOf(observers.orderedStream().toList()))
                .silences(silences)
                .housekeeping(housekeeping)
                .build()
                .start();
    }

    /**
     * The configured in-app packages; without them, the application's base packages (where its
     * {@code @SpringBootApplication} is) count as in-app, even under a framework's package.
     */
    private static InAppFrames inAppFrames(ErrorAlertProperties properties, BeanFactory beanFactory) {
        List<String> basePackages = AutoConfigurationPackages.has(beanFactory)
                ? AutoConfigurationPackages.get(beanFactory) : List.of();
        return new InAppFrames(properties.getInAppPackages(), basePackages);
    }

    /** The servlet request bound to the capturing thread, in an application that has Spring MVC's servlet API. */
    private static Supplier<@Nullable RequestInfo> currentRequest() {
        ClassLoader loader = ErrorAlertAutoConfiguration.class.getClassLoader();
        if (ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", loader)
                && ClassUtils.isPresent("org.springframework.web.context.request.RequestContextHolder", loader)) {
            return new CurrentServletRequest();
        }
        return () -> null;
    }

    static Origin origin(ErrorAlertProperties properties, Environment environment, ListableBeanFactory beans) {
        String application = StringUtils.hasText(properties.getApplication()) ? properties.getApplication()
                : ApplicationName.of(environment, beans);
        String env = StringUtils.hasText(properties.getEnvironment()) ? properties.getEnvironment()
                : String.join(",", List.of(environment.getActiveProfiles()));
        BuildProperties build = beans.getBeanProvider(BuildProperties.class).getIfAvailable();
        String version = StringUtils.hasText(properties.getVersion()) ? properties.getVersion()
                : build != null && build.getVersion() != null ? build.getVersion() : "";
        String instance = StringUtils.hasText(properties.getInstance()) ? properties.getInstance()
                : InstanceName.ofThisHost();
        return new Origin(application, env, version, instance);
    }
}
