package dev.erroralert.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import dev.erroralert.spring.AlertOnError;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Matches methods annotated with {@link AlertOnError}, and every public method of a class annotated with it
 * (annotations on interfaces and superclasses count).
 */
public class AlertOnErrorPointcut extends StaticMethodMatcherPointcut {

    public AlertOnErrorPointcut() {
        // Cheap first cut: classes that cannot carry the annotation anywhere are never looked at method by method.
        setClassFilter(new ClassFilter() {
            @Override
            public boolean matches(Class<?> clazz) {
                return AnnotationUtils.isCandidateClass(clazz, AlertOnError.class);
            }
        });
    }

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        if (method.getDeclaringClass() == Object.class) {
            return false;
        }
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        if (AnnotatedElementUtils.hasAnnotation(specific, AlertOnError.class)) {
            return true;
        }
        return Modifier.isPublic(method.getModifiers())
                && AnnotatedElementUtils.hasAnnotation(targetClass, AlertOnError.class);
    }
}
