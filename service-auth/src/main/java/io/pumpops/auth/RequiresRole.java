package io.pumpops.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles of which a caller needs one to use a write endpoint. A write endpoint without it is
 * refused to everyone ({@link WriteAuthorizationFilter}): forgetting it fails closed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {
  Role[] value();
}
