package io.pumpops.ingest.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/** {@code pumpops.ingest.channels.<name>.{min,max,unit}}: a known channel and its physical range. */
@EachProperty("pumpops.ingest.channels")
public record ChannelProperties(@Parameter String name, double min, double max, String unit) {
}
