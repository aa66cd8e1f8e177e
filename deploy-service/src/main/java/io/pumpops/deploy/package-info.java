/**
 * Signed model packages per target and staged rollout to edge gateways.
 *
 * <p>Not built yet: issue 6 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.deploy;
