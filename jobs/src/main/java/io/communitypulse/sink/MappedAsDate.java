package io.communitypulse.sink;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a document field that the index template maps as an Elasticsearch {@code date} (epoch
 * milliseconds or {@code yyyy-mm-dd}) rather than by its Java type. The mapping tests read it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface MappedAsDate {}
