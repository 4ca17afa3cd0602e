package io.communitypulse.bench.e2e;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps the record counters of the job's two Kafka sources ({@code
 * numRecordsOut} of the operators named {@code clicks-source} and {@code posts-source}), so the
 * benchmark can tell, at any moment and to the record, how much of the input the job has read.
 * Committed offsets tell the same only once per checkpoint. The mini-cluster runs in this JVM, so
 * the counters are the live objects, kept in a static map.
 */
public final class SourceReadCounter implements MetricReporter {

  private static final String NAME = "pulse-e2e-reads";
  private static final Map<String, Counter> SOURCES = new ConcurrentHashMap<>();

  /** Registers this reporter in a mini-cluster's configuration. */
  public static void register(Configuration conf) {
    conf.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
  }

  /** Records the sources of running jobs have emitted (since they started). */
  public static long recordsRead() {
    long n = 0;
    for (Counter c : SOURCES.values()) {
      n += c.getCount();
    }
    return n;
  }

  /** How many source subtasks report. */
  static int sources() {
    return SOURCES.size();
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {
    SOURCES.clear();
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (isSourceRecordsOut(metric, name, group)) {
      SOURCES.put(group.getMetricIdentifier(name), (Counter) metric);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    if (isSourceRecordsOut(metric, name, group)) {
      SOURCES.remove(group.getMetricIdentifier(name));
    }
  }

  private static boolean isSourceRecordsOut(Metric metric, String name, MetricGroup group) {
    if (!(metric instanceof Counter) || !name.equals("numRecordsOut")) {
      return false;
    }
    // Operator scope only: the task scope has a numRecordsOut of its own.
    String operator = group.getAllVariables().get("<operator_name>");
    return operator != null && isInputSource(operator);
  }

  /**
   * Whether an operator is one of the job's Kafka sources, by the names KafkaEventSources gives
   * them (Flink shows them as {@code Source: clicks-source}).
   */
  static boolean isInputSource(String operatorName) {
    return operatorName.endsWith("clicks-source") || operatorName.endsWith("posts-source");
  }

  /** Found by Flink through {@code META-INF/services}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new SourceReadCounter();
    }
  }
}
