/**
 * What the modules' tests share: embedded servers, store contracts, a Slack stand-in.
 */
@NullMarked
package dev.erroralert.testsupport;

import org.jspecify.annotations.NullMarked;
