/**
 * The decision rule: given what a store counted, send an alert or suppress it.
 */
@NullMarked
package dev.erroralert.policy;

import org.jspecify.annotations.NullMarked;
