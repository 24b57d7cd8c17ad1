/**
 * What the modules' tests share: embedded servers, the contract of every store port, in-memory fakes, a Slack
 * stand-in.
 */
@NullMarked
package dev.erroralert.testsupport;

import org.jspecify.annotations.NullMarked;
