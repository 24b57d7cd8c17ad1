/**
 * The {@code errorAlert} health contributor on Spring Boot 3.5, whose health types live in
 * {@code org.springframework.boot.actuate.health}. Compiled against Spring Boot 3.5's actuator, apart from the rest of
 * the starter, and used only when those types are on the classpath.
 */
@NullMarked
package dev.erroralert.spring.health.boot3;

import org.jspecify.annotations.NullMarked;
