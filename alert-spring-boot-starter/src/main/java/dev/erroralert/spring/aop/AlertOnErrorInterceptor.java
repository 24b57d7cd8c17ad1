package dev.erroralert.spring.aop;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.AlertOnError;
import dev.erroralert.spring.capture.ErrorReporter;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * The advice: proceeds, and when the method throws, hands the exception to the pipeline and rethrows the very same
 * exception. Nothing else happens on the way — no I/O, no exception of its own. An exception that passes through
 * several annotated beans, or is wrapped as a cause on the way out, is reported once: by the innermost bean. A
 * returned {@code CompletionStage}, {@code Mono} or {@code Flux} is reported when it fails, not when it is returned.
 * The same advice serves {@code @Async} and {@code @Scheduled} methods, where no annotation of ours is present.
 */
public class AlertOnErrorInterceptor implements MethodInterceptor {

    private static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", AlertOnErrorInterceptor.class.getClassLoader());

    private final ErrorReporter reporter;
    private final Map<MethodClassKey, Site> sites = new ConcurrentHashMap<>();

    /** @param pipeline looked up on the first exception, so the advice does not pull the pipeline in early */
    public AlertOnErrorInterceptor(Supplier<@Nullable AlertPipeline> pipeline) {
        this(new ErrorReporter(pipeline));
    }

    /** @param reporter shared with the other capture points, so that an exception is reported once by them all */
    public AlertOnErrorInterceptor(ErrorReporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object result;
        try {
            result = invocation.proceed();
        }
        catch (Throwable ex) {
            report(ex, invocation);
            throw ex;
        }
        return watched(result, invocation);
    }

    /** The result, as returned, or for a deferred result the same result reporting its failure when it fails. */
    private @Nullable Object watched(@Nullable Object result, MethodInvocation invocation) {
        try {
            // The healthy path of most methods: nothing deferred can come back, so not even a type check is paid.
            if (result == null || invocation.getMethod().getReturnType().isPrimitive()) {
                return result;
            }
            if (result instanceof CompletionStage<?> stage) {
                // A callback on the stage, not a new stage: the caller keeps the very future the method returned.
                stage.whenComplete((value, failure) -> {
                    if (failure != null) {
                        report(unwrapped(failure), invocation);
                    }
                });
            }
            else if (REACTOR_PRESENT && ReactorResults.isReactive(result)) {
                return ReactorResults.reportingErrors(result, failure -> report(failure, invocation));
            }
        }
        catch (Throwable ignored) {
            // Alerting must never change what the caller sees.
        }
        return result;
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private void report(Throwable error, MethodInvocation invocation) {
        try {
            Site site = siteOf(invocation);
            if (!site.ignores(error)) {
                reporter.report(error, site.captureSite());
            }
        }
        catch (Throwable ignored) {
            // Alerting must never change what the caller sees: the original exception is rethrown as it is.
        }
    }

    private Site siteOf(MethodInvocation invocation) {
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
        return sites.computeIfAbsent(new MethodClassKey(method, targetClass),
                key -> Site.of(method, targetClass, RepositoryNames.userInterface(invocation, targetClass)));
    }

    /** What the annotation says for one method of one class, resolved once. */
    private record Site(CaptureSite captureSite, Class<? extends Throwable>[] ignored) {

        /** @param shownClass the class to name instead of the target's, a repository's interface, or null */
        static Site of(Method method, Class<?> targetClass, @Nullable Class<?> shownClass) {
            Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
            AlertOnError annotation = AnnotatedElementUtils.findMergedAnnotation(specific, AlertOnError.class);
            if (annotation == null) {
                annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, AlertOnError.class);
            }
            if (annotation == null && shownClass != null) {
                annotation = AnnotatedElementUtils.findMergedAnnotation(shownClass, AlertOnError.class);
            }
            String className = (shownClass != null ? shownClass : ClassUtils.getUserClass(targetClass)).getName();
            if (annotation == null) {
                return new Site(CaptureSite.of(className, method.getName()), emptyIgnored());
            }
            return new Site(new CaptureSite(className, method.getName(), annotation.group(), annotation.route()),
                    annotation.ignore());
        }

        @SuppressWarnings("unchecked")
        private static Class<? extends Throwable>[] emptyIgnored() {
            return new Class[0];
        }

        boolean ignores(Throwable error) {
            for (Class<? extends Throwable> type : ignored) {
                if (type.isInstance(error)) {
                    return true;
                }
            }
            return false;
        }
    }
}
