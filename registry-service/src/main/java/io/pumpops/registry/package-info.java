/**
 * Model versions, aliases, lineage, content-addressed artifacts and a hash-chained audit log.
 *
 * <p>Not built yet: issue 5 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.registry;
