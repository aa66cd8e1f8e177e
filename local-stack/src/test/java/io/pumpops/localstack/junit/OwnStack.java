package io.pumpops.localstack.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class a stack of its own, started before its first test and closed after its last,
 * instead of the one stack the test run shares.
 *
 * <p>For tests whose outcome depends on everything in a topic rather than on their own records:
 * feature-stream's fleet time, for one, is the median of every pump seen on pump.features, so
 * another test's pumps, a month ahead or behind, would make this test's drift windows late or hold
 * them open (CatchUpIT, now SiteBacklogIT, failed that way when failsafe ran ScaleOutIT first).
 * Costs one more stack start (about 9 s embedded).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnStack {}
