/**
 * Benchmarks: JMH measurements of the request path ({@code jmh}) and a load driver for a whole pipeline under an error
 * storm ({@code load}); {@code benchmarks/run} runs both and writes {@code benchmarks/RESULTS.md}.
 */
package dev.erroralert.benchmarks;
