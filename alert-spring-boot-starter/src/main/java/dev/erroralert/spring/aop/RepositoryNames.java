package dev.erroralert.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.AopProxyUtils;

/**
 * Names a repository by the interface the application wrote ({@code OwnerRepository#save}), not by the framework
 * class that implements it for every repository ({@code SimpleJpaRepository#save}), which would make every
 * repository's failures look alike.
 */
final class RepositoryNames {

    private RepositoryNames() {
    }

    /**
     * The application's interface to name for a call whose target is a framework class behind an interface proxy
     * (a Spring Data repository), or null to name the target class as usual.
     */
    static @Nullable Class<?> userInterface(MethodInvocation invocation, Class<?> targetClass) {
        Method method = invocation.getMethod();
        if (!method.getDeclaringClass().isInterface() || !isFrameworkClass(targetClass.getName())
                || !(invocation instanceof ProxyMethodInvocation proxied)
                || !Proxy.isProxyClass(proxied.getProxy().getClass())) {
            return null;
        }
        for (Class<?> candidate : AopProxyUtils.proxiedUserInterfaces(proxied.getProxy())) {
            if (!isFrameworkClass(candidate.getName()) && method.getDeclaringClass().isAssignableFrom(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isFrameworkClass(String className) {
        return className.startsWith("org.springframework.data.") || className.startsWith("java.");
    }
}
