/**
 * Drift policy: thresholds, persistence and cool-down turn drift statistics into drift-detected events.
 *
 * <p>Not built yet: issue 4 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.drift;
