package dev.erroralert.spring.aop;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.AlertOnError;
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
 * several annotated beans, or is wrapped as a cause on the way out, is reported once: by the innermost bean.
 */
public class AlertOnErrorInterceptor implements MethodInterceptor {

    /** How far down a cause chain an earlier report is looked for. */
    private static final int CAUSES_LOOKED_AT = 16;

    /**
     * The last exception reported on this thread. Nested annotated beans rethrow on the thread that threw, so this
     * is enough to recognise the same exception on its way out; it is weak so it never keeps an exception alive.
     */
    private static final ThreadLocal<WeakReference<Throwable>> lastReported = new ThreadLocal<>();

    private final Supplier<@Nullable AlertPipeline> pipeline;
    private volatile @Nullable AlertPipeline resolvedPipeline;
    private final Map<MethodClassKey, Site> sites = new ConcurrentHashMap<>();

    /** @param pipeline looked up on the first exception, so the advice does not pull the pipeline in early */
    public AlertOnErrorInterceptor(Supplier<@Nullable AlertPipeline> pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        try {
            return invocation.proceed();
        }
        catch (Throwable ex) {
            report(ex, invocation);
            throw ex;
        }
    }

    private void report(Throwable error, MethodInvocation invocation) {
        try {
            Site site = siteOf(invocation);
            if (site.ignores(error) || reportedAlready(error)) {
                return;
            }
            lastReported.set(new WeakReference<>(error));
            AlertPipeline target = resolvedPipeline;
            if (target == null) {
                // Looked up once: a bean lookup per exception would cost the caller microseconds.
                target = pipeline.get();
                resolvedPipeline = target;
            }
            if (target != null) {
                target.capture(error, site.captureSite());
            }
        }
        catch (Throwable ignored) {
            // Alerting must never change what the caller sees: the original exception is rethrown as it is.
        }
    }

    private static boolean reportedAlready(Throwable error) {
        WeakReference<Throwable> reference = lastReported.get();
        Throwable last = reference == null ? null : reference.get();
        if (last == null) {
            return false;
        }
        // Bounded by CAUSES_LOOKED_AT, which also ends a cyclic chain: no set of the causes seen, so nothing is
        // allocated on the caller's thread for this.
        Throwable current = error;
        for (int i = 0; current != null && i < CAUSES_LOOKED_AT; i++) {
            if (current == last) {
                return true;
            }
            current = causeOf(current);
        }
        return false;
    }

    private static @Nullable Throwable causeOf(Throwable error) {
        try {
            return error.getCause();
        }
        catch (Throwable ex) {
            // A getCause() that throws ends the search; it must not cost the report.
            return null;
        }
    }

    private Site siteOf(MethodInvocation invocation) {
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
        return sites.computeIfAbsent(new MethodClassKey(method, targetClass), key -> Site.of(method, targetClass));
    }

    /** What the annotation says for one method of one class, resolved once. */
    private record Site(CaptureSite captureSite, Class<? extends Throwable>[] ignored) {

        static Site of(Method method, Class<?> targetClass) {
            Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
            AlertOnError annotation = AnnotatedElementUtils.findMergedAnnotation(specific, AlertOnError.class);
            if (annotation == null) {
                annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, AlertOnError.class);
            }
            String className = ClassUtils.getUserClass(targetClass).getName();
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
