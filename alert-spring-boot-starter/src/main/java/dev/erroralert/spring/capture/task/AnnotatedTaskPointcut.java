package dev.erroralert.spring.capture.task;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Matches the methods carrying one of some task annotations ({@code @Async} also on the class), in classes that can
 * be proxied: a final class is left alone rather than failing the application's start.
 */
public final class AnnotatedTaskPointcut extends StaticMethodMatcherPointcut {

    private final List<Class<? extends Annotation>> annotations;
    private final boolean classLevel;

    /**
     * @param annotations the task annotations, any of which marks a method
     * @param classLevel whether the annotation on a class marks every public method, as {@code @Async}'s does
     */
    public AnnotatedTaskPointcut(List<Class<? extends Annotation>> annotations, boolean classLevel) {
        this.annotations = List.copyOf(annotations);
        this.classLevel = classLevel;
        setClassFilter(new ClassFilter() {
            @Override
            public boolean matches(Class<?> clazz) {
                return !Modifier.isFinal(clazz.getModifiers())
                        && annotations.stream().anyMatch(type -> AnnotationUtils.isCandidateClass(clazz, type));
            }
        });
    }

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        if (method.getDeclaringClass() == Object.class) {
            return false;
        }
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        for (Class<? extends Annotation> type : annotations) {
            if (AnnotatedElementUtils.hasAnnotation(specific, type)
                    || (classLevel && Modifier.isPublic(method.getModifiers())
                            && AnnotatedElementUtils.hasAnnotation(targetClass, type))) {
                return true;
            }
        }
        return false;
    }
}
