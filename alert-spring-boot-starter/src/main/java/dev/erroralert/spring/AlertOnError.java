package dev.erroralert.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Alert on exceptions thrown out of this method, or out of every public method of this class. The exception
 * reaches the caller unchanged; the alert is decided and delivered in the background.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface AlertOnError {

    /** Exception types (and their subtypes) that are part of normal operation: never alerted. */
    Class<? extends Throwable>[] ignore() default {};

    /**
     * A fixed group key: every exception from here counts as one problem, whatever its type or message. Empty to
     * let the fingerprint tell problems apart.
     */
    String group() default "";

    /** The delivery route for these alerts, as configured under {@code error-alert.slack.routes}; empty for the default. */
    String route() default "";
}
