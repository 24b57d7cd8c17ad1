/**
 * Capture of the exceptions a web request ends with that the application did not handle itself: Spring MVC (a
 * handler exception resolver and a servlet filter) and WebFlux (a web exception handler).
 */
@NullMarked
package dev.erroralert.spring.capture.web;

import org.jspecify.annotations.NullMarked;
