/**
 * Benchmarks and load harnesses with their reports.
 *
 * <p>Not built yet: issue 8 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.bench;
