package dev.erroralert.benchmarks.jmh;

import java.util.Arrays;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;

/**
 * The proxies the benchmarks compare with the {@code @AlertOnError} bean, and the check that they differ from it in
 * their advice only.
 * <p>
 * The plain proxy is the fairest un-advised proxy: the same kind Spring Boot gives the annotated bean (CGLIB, with
 * {@code proxyTargetClass} as Boot's auto-proxying sets it), and each call takes the same road — the advice chain
 * looked up in the proxy's method cache, a method invocation object, one interceptor, the target called by
 * reflection. A proxy with no advice at all would take CGLIB's shortcut that skips the chain, and the difference would
 * then measure having any advice rather than what error-alert's advice costs; a context bean proxied by some unrelated
 * advisor would add that advisor's own pointcut and advice.
 */
final class ComparedProxies {

    private ComparedProxies() {
    }

    /** {@code target} behind a CGLIB proxy whose one advice only proceeds. */
    static <T> T plain(T target) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> invocation.proceed());
        @SuppressWarnings("unchecked")
        T proxy = (T) factory.getProxy();
        requireOneAdvice(proxy, MethodInterceptor.class);
        return proxy;
    }

    /** Fail unless {@code proxy} is a CGLIB proxy with exactly one advisor, whose advice is an {@code adviceType}. */
    static void requireOneAdvice(Object proxy, Class<?> adviceType) {
        if (!AopUtils.isCglibProxy(proxy)) {
            throw new IllegalStateException("Expected a CGLIB proxy, got " + proxy.getClass().getName());
        }
        Advisor[] advisors = ((Advised) proxy).getAdvisors();
        if (advisors.length != 1 || !adviceType.isInstance(advisors[0].getAdvice())) {
            throw new IllegalStateException("Expected one " + adviceType.getSimpleName() + " on the proxy, got "
                    + Arrays.toString(advisors));
        }
    }
}
