/**
 * The starter's start-up cost: one small application booted again and again in fresh JVMs, with and without the
 * starter on its class path, side by side ({@link dev.erroralert.benchmarks.startup.StartupBenchmark}).
 */
@NullMarked
package dev.erroralert.benchmarks.startup;

import org.jspecify.annotations.NullMarked;
