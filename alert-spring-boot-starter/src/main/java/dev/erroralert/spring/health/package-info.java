/**
 * The {@code errorAlert} health contributor: each store of the chain, and delivery to each destination. The checks
 * ({@link dev.erroralert.spring.health.StoreHealth}, {@link dev.erroralert.spring.health.DeliveryHealth}) know no
 * Spring Boot line; the indicators here tell them in Spring Boot 4's health types, those in {@code boot3} in Spring
 * Boot 3.5's.
 */
@NullMarked
package dev.erroralert.spring.health;

import org.jspecify.annotations.NullMarked;
