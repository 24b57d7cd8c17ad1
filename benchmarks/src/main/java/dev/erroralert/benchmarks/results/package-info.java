/**
 * Turns what the JMH benchmarks and the load driver measured into {@code benchmarks/RESULTS.md}: the machine, the
 * versions, a table per item and each target met or missed, computed from the figures.
 */
@NullMarked
package dev.erroralert.benchmarks.results;

import org.jspecify.annotations.NullMarked;
