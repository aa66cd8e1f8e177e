/**
 * The JUnit 5 fixture that gives integration tests a real stack: annotate the test class with
 * {@code @ExtendWith(LocalStackExtension.class)} and take a {@link
 * io.pumpops.localstack.StackAddresses} (or the {@link io.pumpops.localstack.Stack}) as a
 * parameter. Test code of local-stack, shared as its test-jar: other modules take it in test scope
 * ({@code <type>test-jar</type>}).
 */
package io.pumpops.localstack.junit;
