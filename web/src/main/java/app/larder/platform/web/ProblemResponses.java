package app.larder.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an API call documents in OpenAPI, each as an RFC 9457 problem+json with the offending fields
 * under {@code errors} ({@link OpenApiConfiguration}). A call without it documents a generic 4XX problem.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemResponses {

    /** HTTP statuses, such as 400, 401, 413, 415, 422, 429. */
    int[] value();
}
