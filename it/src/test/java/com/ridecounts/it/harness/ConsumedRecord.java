package com.ridecounts.it.harness;

/** One record read back from a topic, with its position; key and value are UTF-8 strings (either may be null). */
public record ConsumedRecord(String topic, int partition, long offset, long timestamp, String key, String value) {}
