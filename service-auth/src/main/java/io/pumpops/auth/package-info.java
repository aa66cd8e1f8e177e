/**
 * Who may write to a PumpOps service. Every Micronaut service depends on this module; its {@link
 * io.pumpops.auth.WriteAuthorizationFilter} checks every write against the configured {@link
 * io.pumpops.auth.AccessTokens} and the endpoint's {@link io.pumpops.auth.RequiresRole}. See
 * docs/adr/0003-write-authorization.md.
 */
package io.pumpops.auth;
