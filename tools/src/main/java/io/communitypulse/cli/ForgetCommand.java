package io.communitypulse.cli;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.forget.Forget;
import io.communitypulse.forget.Forget.Outcome;
import io.communitypulse.forget.Forget.Status;
import io.communitypulse.forget.MemberList;
import io.communitypulse.forget.MemberRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./pulse forget}: asks the job to forget members (GDPR Art. 17, docs/privacy.md) through
 * the erasure topic, and watches Elasticsearch until what named them is gone ({@link Forget}).
 */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "pulse forget (--community=C --member=M | --file=FILE) [--no-wait]",
      "                    [--timeout=DURATION] [--kafka=HOST:PORT] [--es=URL]",
      "                    [--config=FILE] [--set=KEY=VALUE]... [-hV]"
    },
    description = {
      "Forgets members (GDPR erasure): sends one erasure request per member to the running job,"
          + " which purges its state, deletes their documents and drops their later events; then"
          + " waits until Elasticsearch holds neither their member document nor their sessions,"
          + " and no other session names them.",
      "Member ids are the raw ids the site sends; with privacy.member-id-hmac-key set they are"
          + " turned into the job's pseudonyms. Needs Kafka and Elasticsearch (--kafka, --es).",
      "Exit status: 0 when every member is forgotten (or sent, with --no-wait), 1 when the wait"
          + " timed out (the requests stay in the topic), 2 when nothing could be sent."
    })
public final class ForgetCommand implements Callable<Integer> {

  @Option(names = "--community", paramLabel = "C", description = "The community id.")
  String community;

  @Option(
      names = "--member",
      paramLabel = "M",
      description = "The member id, as the site sends it in events.")
  String member;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description =
          "One community/member per line instead; blank lines and lines starting with # are"
              + " ignored. One malformed line and nothing is sent.")
  Path file;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2 min",
      converter = DurationConverter.class,
      description =
          "How long to wait for the job to remove the documents, e.g. 90s, 5 min (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--no-wait",
      description = "Send the requests and report what was found, without waiting for the job.")
  boolean noWait;

  @Mixin CommonOptions options;

  @Override
  public Integer call() throws IOException {
    List<MemberRef> targets = targets();
    PulseConfig config = options.load();
    config.kafka().requireBootstrapServers();
    config.elasticsearch().requireUrl();
    List<Outcome> outcomes =
        new Forget(config, Clock.systemUTC(), System.err)
            .run(targets, noWait ? Optional.empty() : Optional.of(timeout));
    long timedOut = 0;
    for (Outcome outcome : outcomes) {
      System.out.println(outcome.report(config.kafka().erasureTopic(), timeout));
      if (outcome.status() == Status.TIMED_OUT) {
        timedOut++;
      }
    }
    System.out.flush();
    if (timedOut > 0) {
      System.err.println(
          "pulse: "
              + timedOut
              + " of "
              + outcomes.size()
              + " members not forgotten within "
              + TimeUtils.formatWithHighestUnit(timeout)
              + "; is the job running? Their requests stay in "
              + config.kafka().erasureTopic()
              + " and the job processes them when it runs.");
      return 1;
    }
    return 0;
  }

  private List<MemberRef> targets() {
    if (file != null) {
      if (community != null || member != null) {
        throw new UserFacingException(
            "give either --file or --community and --member, not both; nothing was sent");
      }
      if (!Files.isReadable(file)) {
        throw new UserFacingException("cannot read " + file);
      }
      try {
        return MemberList.read(file);
      } catch (IOException e) {
        throw new UserFacingException("cannot read " + file + " as UTF-8 text (" + e + ")", e);
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(e.getMessage(), e);
      }
    }
    if (community == null || member == null) {
      throw new UserFacingException(
          "name the member: --community C --member M, or --file FILE of community/member lines");
    }
    try {
      return List.of(new MemberRef(community, member));
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage() + "; nothing was sent", e);
    }
  }

  /** Durations as in the settings: {@code 90s}, {@code 2 min}, {@code 1h}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = TimeUtils.parseDuration(value);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    }
  }
}
