package com.ridecounts.pipeline.options;

import org.apache.beam.sdk.options.StreamingOptions;

/**
 * All options of the ride-counts job, composed from one interface per concern. Parse with {@code
 * PipelineOptionsFactory.fromArgs(args).withValidation().as(RideCountsOptions.class)}; {@code --help=RideCountsOptions}
 * lists them with their descriptions and defaults.
 */
public interface RideCountsOptions
    extends KafkaOptions, EventTimeOptions, SinkOptions, BackPressureOptions, StreamingOptions {}
