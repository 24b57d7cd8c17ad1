/**
 * The load driver: an application using the starter as a user would, driven through an error storm (item 3 of the
 * benchmark issue), a latency run from throw to Slack request on each path of the chain (item 4), and the cost of a
 * store dying under it (item 5). {@link dev.erroralert.benchmarks.load.LoadDriver} runs them and writes JSON.
 */
@NullMarked
package dev.erroralert.benchmarks.load;

import org.jspecify.annotations.NullMarked;
