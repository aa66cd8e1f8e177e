/**
 * The operator dashboard: {@code feed} reads the topics, {@code view} folds them into what the page
 * shows, {@code api} serves the page, a snapshot and the live updates as server-sent events.
 */
package io.pumpops.dashboard;
