package io.communitypulse.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./pulse demo}: the main job on the embedded default, fed by the site simulator. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs the job on an embedded Kafka broker and Elasticsearch node, fed by a simulator of"
            + " several communities, with the Flink web UI and a live summary.")
public final class DemoCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println(
        "pulse: demo is not available yet (it needs the community simulator, issue 5)."
            + " Try: ./pulse replay FILE.jsonl");
    return 3;
  }
}
