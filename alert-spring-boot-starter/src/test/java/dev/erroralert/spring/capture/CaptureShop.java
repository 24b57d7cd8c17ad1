package dev.erroralert.spring.capture;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.erroralert.spring.AlertOnError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import reactor.core.publisher.Mono;

/**
 * An application whose failures mostly pass through no annotated bean: an unannotated controller, PetClinic's locale
 * interceptor, {@code @Async} and {@code @Scheduled} methods with the application's own error handlers, an error it
 * logs, and an annotated bean returning a {@code Mono}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@EnableScheduling
class CaptureShop implements AsyncConfigurer {

    /** What the application's own error handlers were given. */
    static final List<Throwable> handledByTheApplication = new CopyOnWriteArrayList<>();

    static class HandledFailure extends RuntimeException {
        HandledFailure(String message) {
            super(message);
        }
    }

    @RestController
    static class OrderController {

        private final Ledger ledger;

        OrderController(Ledger ledger) {
            this.ledger = ledger;
        }

        @GetMapping("/orders/{id}")
        String order(@PathVariable String id) {
            throw new IllegalStateException("order " + id + " lost");
        }

        @GetMapping("/handled")
        String handled() {
            throw new HandledFailure("handled by the controller");
        }

        @GetMapping("/missing")
        String missing() {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such order, a 404");
        }

        @GetMapping("/unavailable")
        String unavailable() {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "warehouse unavailable, a 503");
        }

        @GetMapping("/locale")
        String locale() {
            return "ok";
        }

        @GetMapping("/logged")
        String logged() {
            LoggerFactory.getLogger("com.example.Reconciliation").error("reconciliation failed",
                    new IllegalStateException("reconciliation of batch 12 failed"));
            return "logged";
        }

        @GetMapping("/logged-and-thrown")
        String loggedAndThrown() {
            try {
                ledger.post("ledger entry 3 rejected");
            }
            catch (RuntimeException ex) {
                LoggerFactory.getLogger("com.example.Ledger").error("posting failed", ex);
            }
            return "logged";
        }

        @ExceptionHandler(HandledFailure.class)
        ResponseEntity<String> onHandled(HandledFailure failure) {
            handledByTheApplication.add(failure);
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("sorry");
        }
    }

    /** PetClinic's owners: two routes the on-call must tell apart, one failing in an annotated service. */
    @RestController
    static class OwnerController {

        private final Ledger ledger;

        OwnerController(Ledger ledger) {
            this.ledger = ledger;
        }

        @GetMapping("/owners/{ownerId}")
        String owner(@PathVariable String ownerId) {
            throw new IllegalStateException("owner lookup failed");
        }

        @GetMapping("/owners/{ownerId}/edit")
        String edit(@PathVariable String ownerId) {
            ledger.post("owner form could not be loaded");
            return "edit";
        }
    }

    /** Stands in for a tracer: every request's trace id in the MDC, as Micrometer Tracing puts it there. */
    @Bean
    org.springframework.web.filter.OncePerRequestFilter traceIds() {
        return new org.springframework.web.filter.OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response, jakarta.servlet.FilterChain chain)
                    throws jakarta.servlet.ServletException, java.io.IOException {
                org.slf4j.MDC.put("traceId", TRACE_ID);
                try {
                    chain.doFilter(request, response);
                }
                finally {
                    org.slf4j.MDC.remove("traceId");
                }
            }
        };
    }

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** A page whose view fails while it renders, after the controller returned. */
    @org.springframework.stereotype.Controller
    static class ReceiptPage {

        @GetMapping("/receipts/{id}")
        org.springframework.web.servlet.View receipt(@PathVariable String id) {
            // The view the receipt renders with: its template is broken.
            return (model, request, response) -> {
                throw new IllegalStateException("receipt template " + id + " is broken");
            };
        }
    }

    @AlertOnError
    static class Ledger {
        public void post(String message) {
            throw new IllegalArgumentException(message);
        }
    }

    @AlertOnError
    static class Quotes {
        private static final Logger logger = LoggerFactory.getLogger(Quotes.class);

        public Mono<String> quote(String message) {
            logger.debug("assembling a quote");
            return Mono.defer(() -> Mono.error(new IllegalStateException(message)));
        }
    }

    static class Mailer {
        @Async
        public void send(String message) {
            throw new IllegalStateException(message);
        }

        @Async
        public CompletableFuture<String> sendLater(String message) {
            return CompletableFuture.failedFuture(new IllegalStateException(message));
        }
    }

    static class NightlyJob {
        @Scheduled(initialDelay = 0, fixedDelay = 3_600_000)
        public void run() {
            throw new IllegalStateException("nightly export failed");
        }
    }

    @Bean
    Ledger ledger() {
        return new Ledger();
    }

    @Bean
    Quotes quotes() {
        return new Quotes();
    }

    @Bean
    Mailer mailer() {
        return new Mailer();
    }

    @Bean
    @ConditionalOnProperty(name = "shop.nightly-job", havingValue = "true")
    NightlyJob nightlyJob() {
        return new NightlyJob();
    }

    /** The application's own scheduler, with its own error handler. */
    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setErrorHandler(handledByTheApplication::add);
        return scheduler;
    }

    @Override
    public Executor getAsyncExecutor() {
        return new SimpleAsyncTaskExecutor("shop-async-");
    }

    @Override
    public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return (error, method, params) -> handledByTheApplication.add(error);
    }

    @Configuration(proxyBeanMethods = false)
    static class Web implements WebMvcConfigurer {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            // PetClinic's: '?lang=@@' makes it throw, a 500 the controller never sees.
            registry.addInterceptor(new LocaleChangeInterceptor());
        }

        @Bean
        org.springframework.web.servlet.LocaleResolver localeResolver() {
            return new org.springframework.web.servlet.i18n.SessionLocaleResolver();
        }
    }
}
