/**
 * The annotation users put on their beans.
 */
@NullMarked
package dev.erroralert.spring;

import org.jspecify.annotations.NullMarked;
