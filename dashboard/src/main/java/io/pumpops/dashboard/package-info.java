/**
 * The operator web page, fed live from the topics.
 *
 * <p>Not built yet: issue 7 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.dashboard;
