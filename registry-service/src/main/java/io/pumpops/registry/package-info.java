/**
 * registry-service: model versions with lineage, aliases ({@code champion}, {@code challenger},
 * custom), content-addressed artifacts and a hash-chained audit trail. The state is event-sourced
 * on {@code mlops.registry-log} and rebuilt from it on start; the REST API is in {@code api}.
 */
package io.pumpops.registry;
