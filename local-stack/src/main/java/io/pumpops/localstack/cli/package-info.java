/**
 * The {@code pumpops} command line: {@code pumpops stack} now; later issues add demo, simulate and
 * more.
 */
package io.pumpops.localstack.cli;
