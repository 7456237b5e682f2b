package com.ridecounts.launcher;

/** A known, explained reason why a runner's result for a (window, event type) differs; ids as in evaluation.json. */
enum Cause {
  MALFORMED_TO_NULL("malformed_to_null", "Malformed lines the reference counts"),
  REFERENCE_LATE_DATA("reference_late_data", "Late data the reference keeps"),
  REFERENCE_WATERMARK_DROPS("reference_watermark_drops", "Data only the reference drops as late"),
  SPARK_MAX_WATERMARK("spark_max_watermark", "SparkRunner watermark is the max across partitions"),
  WINDOWS_STILL_OPEN("windows_still_open", "Reference window still open at the end (note)");

  final String id;
  final String title;

  Cause(String id, String title) {
    this.id = id;
    this.title = title;
  }
}
