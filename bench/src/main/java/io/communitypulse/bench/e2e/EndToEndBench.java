package io.communitypulse.bench.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.bench.BenchCluster;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.setup.RunningInfrastructure;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The end-to-end part of {@code ./pulse bench}: the engagement job (J) with its production wiring
 * (Kafka sources, the Elasticsearch sink that writes after each checkpoint, {@link
 * JobEnvironment}'s settings) in a local mini-cluster, against a real Kafka broker and a real
 * Elasticsearch node on this machine's loopback interface, fed by the simulator with every event
 * dated when it is produced. It measures two figures: the highest input rate the job sustains
 * without its consumer lag growing (steps of rising rate, judged by {@link SustainRule}, chosen by
 * {@link StepSearch}), and at half that rate the freshness from producing an event to finding its
 * session in a search ({@link FreshnessProbes}). Everything is bounded in time and stops by itself;
 * the job, the broker and the node are stopped whatever happens.
 */
public final class EndToEndBench {

  /** Elasticsearch's JIT and heap for a benchmark, unless PULSE_ES_JAVA_OPTS says otherwise. */
  static final String ES_JAVA_OPTS = "-Xms1g -Xmx1g -XX:-AlwaysPreTouch";

  private static final String ES_JAVA_OPTS_SETTING = "PULSE_ES_JAVA_OPTS";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final EndToEndSettings settings;
  private final PrintStream out;
  private final CpuMeter cpu = new CpuMeter();

  public EndToEndBench(EndToEndSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /** Starts everything, measures, stops everything. */
  public EndToEndResult run() throws Exception {
    String previousEsOptions = System.getProperty(ES_JAVA_OPTS_SETTING);
    boolean ownEsOptions =
        previousEsOptions == null
            && (System.getenv(ES_JAVA_OPTS_SETTING) == null
                || System.getenv(ES_JAVA_OPTS_SETTING).isBlank());
    if (ownEsOptions) {
      // The local node's default (C1 only, 512 MiB) suits tests; a benchmark wants the full JIT.
      System.setProperty(ES_JAVA_OPTS_SETTING, ES_JAVA_OPTS);
    }
    PulseConfig requested =
        PulseConfig.from(
            Configuration.fromMap(
                Map.of(PulseOptions.PARALLELISM.key(), Integer.toString(settings.parallelism()))));
    out.printf(
        Locale.ROOT,
        "e2e: starting a real Kafka broker (in this JVM) and Elasticsearch node (ES_JAVA_OPTS %s)"
            + " on loopback...%n",
        ownEsOptions ? ES_JAVA_OPTS : "from " + ES_JAVA_OPTS_SETTING);
    long began = System.nanoTime();
    try (RunningInfrastructure infra = RunningInfrastructure.startMissing(requested)) {
      PulseConfig config = infra.config();
      out.printf(
          Locale.ROOT,
          "e2e: Kafka %s and Elasticsearch %s up in %.1f s%n",
          config.kafka().requireBootstrapServers(),
          config.elasticsearch().requireUrl(),
          (System.nanoTime() - began) / 1e9);
      return runJob(config);
    } finally {
      if (ownEsOptions) {
        System.clearProperty(ES_JAVA_OPTS_SETTING);
      }
    }
  }

  private EndToEndResult runJob(PulseConfig config) throws Exception {
    Configuration clusterConf = new Configuration();
    SourceReadCounter.register(clusterConf);
    try (BenchCluster cluster = new BenchCluster(settings.parallelism(), clusterConf);
        KafkaProducer<byte[], byte[]> producer = KafkaOffsets.producer(config);
        ConsumerLag lag = new ConsumerLag(config);
        ElasticsearchClient es = ElasticsearchClients.create(config.elasticsearch().connection())) {
      Configuration flink = JobEnvironment.flinkConfiguration(config);
      settings.stateBackend().applyTo(flink);
      StreamExecutionEnvironment env = cluster.environment(flink, settings.parallelism());
      ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);
      JobClient job = env.executeAsync("pulse-bench-e2e");
      try {
        awaitFirstCheckpoint(cluster, job);
        Phases phases =
            new Phases(
                config, producer, lag, es, new CheckpointWatch(cluster, job.getJobID()), job);
        return phases.measure();
      } finally {
        try {
          job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          // Already failed or finished; closing the mini-cluster stops whatever is left.
        }
      }
    }
  }

  /** Checkpoints start only once every task runs: the first completed one means the job is up. */
  private void awaitFirstCheckpoint(BenchCluster cluster, JobClient job) throws Exception {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
      if (status.isGloballyTerminalState()) {
        throw new IllegalStateException("the job ended before it started: " + status);
      }
      if (status == JobStatus.RUNNING) {
        CheckpointStatsSnapshot stats = cluster.checkpointStats(job.getJobID());
        if (stats != null && stats.getCounts().getNumberOfCompletedCheckpoints() > 0) {
          if (SourceReadCounter.sources() == 0) {
            throw new IllegalStateException(
                "no record counters of the Kafka sources (clicks-source, posts-source) reported");
          }
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the job completed no checkpoint within " + STARTUP_TIMEOUT);
  }

  /** The measuring phases over one running job. */
  private final class Phases {
    private final PulseConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ConsumerLag lag;
    private final ElasticsearchClient es;
    private final CheckpointWatch checkpoints;
    private final JobClient job;
    private final SimulatedFeed feed = new SimulatedFeed(settings.simulation());

    Phases(
        PulseConfig config,
        KafkaProducer<byte[], byte[]> producer,
        ConsumerLag lag,
        ElasticsearchClient es,
        CheckpointWatch checkpoints,
        JobClient job) {
      this.config = config;
      this.producer = producer;
      this.lag = lag;
      this.es = es;
      this.checkpoints = checkpoints;
      this.job = job;
    }

    EndToEndResult measure() throws Exception {
      out.printf(
          Locale.ROOT,
          "e2e: job running (parallelism %d, state %s, checkpoints every %.1f s, %d partitions"
              + " per topic); machine: %d cores, load average %.1f%n",
          settings.parallelism(),
          settings.stateBackend().description(),
          config.job().checkpointInterval().toMillis() / 1000.0,
          config.kafka().topicPartitions(),
          Runtime.getRuntime().availableProcessors(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      SustainRule rule = new SustainRule(SustainRule.DEFAULT_ALLOWED_GROWTH);
      StepSearch search =
          new StepSearch(settings.rates(), EndToEndSettings.DESCENTS, EndToEndSettings.REFINEMENTS);
      Map<Integer, Double> produced = new HashMap<>();
      int lowestTried = Integer.MAX_VALUE;
      long searchStart = System.nanoTime();
      for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
        int rate = next.getAsInt();
        Duration left = settings.searchBudget().minusNanos(System.nanoTime() - searchStart);
        if (left.compareTo(settings.step().plus(EndToEndSettings.DRAIN_TIMEOUT)) < 0) {
          out.printf(
              Locale.ROOT,
              "e2e: the search stops here (%,d events/s would be next): its %d s are spent%n",
              rate,
              settings.searchBudget().toSeconds());
          break;
        }
        lowestTried = Math.min(lowestTried, rate);
        SustainRule.StepVerdict verdict = step(search.steps() + 1, rate, rule);
        search.record(rate, verdict.held());
        produced.put(rate, verdict.producedRate());
        drain(LagSample::readLag, "read");
      }
      int held = search.highestHeld();
      double sustained = held == 0 ? 0 : produced.get(held);
      if (held == 0) {
        out.printf(Locale.ROOT, "e2e: sustained: no step held%n");
      } else {
        out.printf(
            Locale.ROOT,
            "e2e: sustained %s%,.0f events/s (the step at %,d held%s)%n",
            search.topOfLadderHeld() ? ">= " : "",
            sustained,
            held,
            search.topOfLadderHeld() ? "; it was the highest tried" : "");
      }
      int freshnessRate = Math.max(1, (held == 0 ? lowestTried : held) / 2);
      if (held == 0) {
        out.printf(
            Locale.ROOT,
            "e2e: no step held; freshness is measured at half the lowest rate tried%n");
      }
      drain(LagSample::committedLag, "committed");
      Freshness freshness = freshness(freshnessRate);
      return new EndToEndResult(sustained, search.topOfLadderHeld(), freshnessRate, freshness);
    }

    /** One step at {@code rate}: produce for the step's duration, sampling the lag. */
    private SustainRule.StepVerdict step(int index, int rate, SustainRule rule) throws Exception {
      long stepMillis = settings.step().toMillis();
      SimulatedFeed.EventChunk chunk =
          feed.next((int) Math.ceil(rate * stepMillis / 1000.0 * 1.05));
      Sending sending = new Sending(chunk, rate, null, Duration.ofSeconds(1));
      try {
        sampleUntil(
            sending.start, stepMillis, sending.samples, sending.sender, null, null, rule, rate);
      } finally {
        sending.stop();
      }
      checkpoints.poll();
      SustainRule.StepVerdict v = rule.judge(rate, stepMillis, sending.samples);
      out.printf(
          Locale.ROOT,
          "e2e step %d: %,d events/s for %.0f s -> %s (%s); produced %,.0f/s, read ~%,.0f/s%n",
          index,
          rate,
          sending.samples.get(sending.samples.size() - 1).atMillis() / 1000.0,
          v.held() ? "HELD" : "NOT HELD",
          v.reason(),
          v.producedRate(),
          v.readRate());
      out.printf(
          Locale.ROOT,
          "  not yet read (records), every second: %s%n"
              + "  not yet committed (Kafka consumer lag), every second: %s%n"
              + "  middle read lag %,d, end read lag %,d (may grow by %,d)%n"
              + "  %s; %s%n",
          lagLine(sending.samples, LagSample::readLag),
          lagLine(sending.samples, LagSample::committedLag),
          v.midLag(),
          v.endLag(),
          v.allowedGrowth(),
          checkpoints.summary(sending.wallStart, System.currentTimeMillis()),
          cpu.read().coresUsedSince(sending.cpuAtStart));
      return v;
    }

    /** The half-rate phase: load plus probes, until every probe is searchable or time is up. */
    private Freshness freshness(int rate) throws Exception {
      long probeMillis = settings.freshness().toMillis();
      long endMillis = probeMillis + EndToEndSettings.PROBE_GRACE.toMillis();
      SimulatedFeed.EventChunk chunk = feed.next((int) Math.ceil(rate * endMillis / 1000.0 * 1.05));
      FreshnessProbes probes = new FreshnessProbes(config.kafka().clicksTopic());
      Sending sending = new Sending(chunk, rate, probes, settings.probeEvery());
      long sentFor;
      try {
        sentFor =
            sampleUntil(
                sending.start,
                endMillis,
                sending.samples,
                sending.sender,
                probes,
                probeMillis,
                null,
                rate);
      } finally {
        sending.stop();
      }
      checkpoints.poll();
      Freshness f = probes.freshness();
      out.printf(
          Locale.ROOT,
          "e2e freshness at %,d events/s: %d probes in %d s (one every %d ms), %d searchable;"
              + " produce -> searchable p50 %s, p90 %s, p99 %s, max %s%n",
          rate,
          f.probes(),
          probeMillis / 1000,
          settings.probeEvery().toMillis(),
          f.seen(),
          f.describe(0.5),
          f.describe(0.9),
          f.describe(0.99),
          f.describe(1.0));
      out.printf(
          Locale.ROOT,
          "  load for %.0f s; not yet read (records), every second: %s%n"
              + "  not yet committed, every second: %s%n  %s; %s%n",
          sentFor / 1000.0,
          lagLine(sending.samples, LagSample::readLag),
          lagLine(sending.samples, LagSample::committedLag),
          checkpoints.summary(sending.wallStart, System.currentTimeMillis()),
          cpu.read().coresUsedSince(sending.cpuAtStart));
      return f;
    }

    /**
     * A paced producer sending one phase's events, started with what the phase's report measures
     * from: the first lag sample, the CPU reading and the clocks.
     */
    private final class Sending {
      final List<LagSample> samples = new ArrayList<>();
      final CpuMeter.Reading cpuAtStart = cpu.read();
      final long wallStart = System.currentTimeMillis();
      final long start = System.nanoTime();
      final PacedProducer sender;
      private final Thread thread;

      Sending(SimulatedFeed.EventChunk chunk, int rate, FreshnessProbes probes, Duration probeEvery)
          throws Exception {
        samples.add(relative(lag.sample(0), start));
        sender =
            new PacedProducer(
                producer,
                config.kafka().clicksTopic(),
                config.kafka().postsTopic(),
                chunk,
                rate,
                probes,
                probeEvery);
        thread = start(sender);
      }

      void stop() throws InterruptedException {
        sender.stop();
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
    }

    /**
     * Samples lag every {@link EndToEndSettings#SAMPLE_EVERY} (and, with probes, searches for them
     * every {@link EndToEndSettings#POLL_EVERY}) until {@code untilMillis}; with probes, stops
     * sending them at {@code probeMillis} and ends early once all are searchable; with a rule, ends
     * early once the job is clearly behind. Returns how long it ran, in milliseconds.
     */
    private long sampleUntil(
        long start,
        long untilMillis,
        List<LagSample> samples,
        PacedProducer sender,
        FreshnessProbes probes,
        Long probeMillis,
        SustainRule rule,
        int rate)
        throws Exception {
      long tick =
          (probes == null ? EndToEndSettings.SAMPLE_EVERY : EndToEndSettings.POLL_EVERY).toMillis();
      long nextSample = EndToEndSettings.SAMPLE_EVERY.toMillis();
      long nextCheckpointPoll = 1000;
      long elapsed = 0;
      int searchFailures = 0;
      int notRunning = 0;
      for (long t = tick; t <= untilMillis; t += tick) {
        long wait = start + TimeUnit.MILLISECONDS.toNanos(t) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        elapsed = (System.nanoTime() - start) / 1_000_000;
        if (sender.failure() != null) {
          throw new IOException("Kafka refused a record", sender.failure());
        }
        if (t >= nextSample) {
          JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
          if (status.isGloballyTerminalState()) {
            throw new IllegalStateException("the job ended during the benchmark: " + status);
          }
          if (status != JobStatus.RUNNING) {
            notRunning++;
          }
          samples.add(relative(lag.sample(0), start));
          nextSample += EndToEndSettings.SAMPLE_EVERY.toMillis();
          if (rule != null
              && rule.clearlyBehind(rate, untilMillis, samples.get(samples.size() - 1))) {
            break;
          }
        }
        if (t >= nextCheckpointPoll) {
          checkpoints.poll();
          nextCheckpointPoll += 1000;
        }
        if (probes != null) {
          if (t >= probeMillis) {
            sender.stopProbes();
          }
          try {
            probes.poll(es, config.elasticsearch().alias(Aliases.SESSIONS));
          } catch (IOException | RuntimeException e) {
            // A search that timed out under load: the probe is found by the next one.
            searchFailures++;
          }
          if (t >= probeMillis && probes.allSeen()) {
            break;
          }
        }
      }
      if (notRunning > 0) {
        out.printf(
            Locale.ROOT, "  the job was not running (restarting) at %d samples%n", notRunning);
      }
      if (searchFailures > 0) {
        out.printf(Locale.ROOT, "  (%d probe searches failed and were retried)%n", searchFailures);
      }
      return elapsed;
    }

    /**
     * Waits (bounded) until {@code behind} reads 0: every record read ({@link LagSample#readLag})
     * before the next step, every record committed ({@link LagSample#committedLag}) before the
     * freshness phase, so probes do not queue behind a backlog.
     */
    private void drain(ToLongFunction<LagSample> behind, String what) throws Exception {
      long start = System.nanoTime();
      long deadline = start + EndToEndSettings.DRAIN_TIMEOUT.toNanos();
      long left = behind.applyAsLong(lag.sample(0));
      while (left > 0 && System.nanoTime() < deadline) {
        Thread.sleep(EndToEndSettings.SAMPLE_EVERY.toMillis());
        left = behind.applyAsLong(lag.sample(0));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (left > 0) {
        out.printf(
            Locale.ROOT,
            "  still %,d records not %s after %.0f s without input; going on%n",
            left,
            what,
            seconds);
      } else {
        out.printf(Locale.ROOT, "  all %s %.1f s after the input stopped%n", what, seconds);
      }
    }

    private Thread start(PacedProducer sender) {
      Thread thread = new Thread(sender, "pulse-e2e-producer");
      thread.setDaemon(true);
      thread.start();
      return thread;
    }
  }

  private static LagSample relative(LagSample sample, long startNanos) {
    return new LagSample(
        (System.nanoTime() - startNanos) / 1_000_000,
        sample.endOffsets(),
        sample.readRecords(),
        sample.committedOffsets());
  }

  /** Every second sample (one per second), compactly: 850 12.3k 1.20M. */
  static String lagLine(List<LagSample> samples, ToLongFunction<LagSample> lag) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < samples.size(); i += 2) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(compact(lag.applyAsLong(samples.get(i))));
    }
    return line.toString();
  }

  static String compact(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1000.0);
    }
    return String.format(Locale.ROOT, "%.2fM", n / 1e6);
  }
}
