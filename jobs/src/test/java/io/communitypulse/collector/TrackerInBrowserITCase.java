package io.communitypulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.testing.RunTopicsAndIndices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole path from a browser to Elasticsearch: a test site on a port of its own loads pulse.js
 * from the real collector (another origin, so CORS is real), the collector produces to the real
 * Kafka broker, and the engagement job, running, writes to the real Elasticsearch node.
 *
 * <p>A member, m-sharer, signs in and takes a share link with {@code pulse.shareLink}. A visitor on
 * another device lands through it, reads two pages, signs in as m-reader, opens the single-page
 * app, moves to one of its views (pushState) and closes the tab, so the last events leave by
 * sendBeacon. Elasticsearch must then hold one session of m-reader with the pages read before the
 * sign-in stitched to it (docs/semantics.md, "Identity stitching"), its entry and exit URLs and
 * referred_by = m-sharer, no visitor session of the device, and m-sharer's member document must
 * count one referral visit.
 */
@ExtendWith(SharedInfrastructure.class)
class TrackerInBrowserITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final Logger LOG = LoggerFactory.getLogger(TrackerInBrowserITCase.class);
  private static final String COMMUNITY = "acme";
  private static final String KEY = "k-acme-browser-test";
  private static final Duration PAGE_WAIT = Duration.ofSeconds(15);
  private static final Duration RESULT_WAIT = Duration.ofMinutes(3);

  @Test
  void aVisitThroughAShareLinkBecomesOneMemberSessionCreditedToTheSharer() throws Exception {
    HeadlessChromium.assumeInstalled();
    String name = SharedInfrastructure.uniqueName("tracker");
    Map<String, String> settings = RunTopicsAndIndices.settings(name);
    settings.put(PulseOptions.PARALLELISM.key(), "1");
    settings.put(PulseOptions.KAFKA_GROUP_ID.key(), name);
    // Once the visit is over its partition goes quiet and the watermark follows the wall clock.
    settings.put(PulseOptions.IDLE_TIMEOUT.key(), "2 s");
    PulseConfig config = PulseConfig.from(Configuration.fromMap(settings));
    RunTopicsAndIndices.create(config, 1);

    try (TrackerSite site = new TrackerSite(Map.of("community", COMMUNITY, "key", KEY));
        CollectorServer collector = CollectorServer.start(collectorSettings(config, site))) {
      site.define("collector", "http://127.0.0.1:" + collector.port());

      StreamExecutionEnvironment env = JobEnvironment.create(config);
      ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);
      JobClient job = env.executeAsync("tracker-in-browser-itcase");
      try {
        String shareLink = sharerSignsInAndTakesAShareLink(site);
        assertThat(shareLink).isEqualTo(site.url("/?ref=m-sharer"));
        String device = readerVisits(site, shareLink);

        Documents found;
        try {
          found =
              await("the reader's session and the sharer's referral in Elasticsearch")
                  .atMost(RESULT_WAIT)
                  .pollInterval(Duration.ofMillis(500))
                  .until(() -> Documents.read(config), d -> d.settled(device));
        } catch (ConditionTimeoutException e) {
          found = Documents.read(config); // the assertions below say what is missing
        }
        List<Map<String, Object>> sessions = found.sessions();
        List<Map<String, Object>> members = found.members();
        LOG.info("sessions: {}; members: {}", sessions, members);

        assertThat(sessions)
            .extracting(d -> d.get("actor"))
            .as("one session of each member, none of the reader's device as a visitor")
            .containsExactlyInAnyOrder("m-reader", "m-sharer");
        Map<String, Object> session = byField(sessions, "actor", "m-reader");
        assertThat(session)
            .containsEntry("member_id", "m-reader")
            .containsEntry("anonymous_ids", List.of(device))
            .containsEntry("entry_url", site.url("/?ref=m-sharer"))
            .containsEntry("exit_url", site.url("/app/profile"))
            .containsEntry("referred_by", "m-sharer");
        // Landing, guide, app, app/profile; three followed links; the sign-in.
        assertThat(number(session, "page_views")).isEqualTo(4);
        assertThat(number(session, "clicks")).isEqualTo(3);
        assertThat(number(session, "events")).isEqualTo(8);
        assertThat(members).extracting(d -> d.get("member_id")).doesNotHaveDuplicates();
        @SuppressWarnings("unchecked")
        Map<String, Object> d28 =
            (Map<String, Object>) byField(members, "member_id", "m-sharer").get("d28");
        assertThat(number(d28, "referral_visits")).isEqualTo(1);
      } finally {
        job.cancel().get();
      }
    }
  }

  private static CollectorSettings collectorSettings(PulseConfig config, TrackerSite site) {
    Map<String, String> values = new HashMap<>();
    values.put(
        CollectorOption.KAFKA_BOOTSTRAP_SERVERS.key(), config.kafka().requireBootstrapServers());
    values.put(CollectorOption.TOPIC_CLICKS.key(), config.kafka().clicksTopic());
    values.put(CollectorOption.TOPIC_POSTS.key(), config.kafka().postsTopic());
    values.put(CollectorOption.TOPIC_DEAD_LETTER.key(), config.kafka().deadLetterTopic());
    values.put(CollectorOption.HOST.key(), "127.0.0.1");
    values.put(CollectorOption.PORT.key(), "0");
    values.put(CollectorOption.WRITE_KEYS.key(), COMMUNITY + ":" + KEY);
    values.put(CollectorOption.ORIGINS.key(), COMMUNITY + ":" + site.origin());
    values.put(CollectorOption.EVENT_LOOPS.key(), "1");
    return CollectorSettings.from(values);
  }

  /** m-sharer signs in on the guide and presses Share, which calls pulse.shareLink. */
  private static String sharerSignsInAndTakesAShareLink(TrackerSite site) {
    ChromeDriver browser = HeadlessChromium.start();
    try {
      open(browser, site.url("/guide.html"));
      browser.findElement(By.id("member")).sendKeys("m-sharer");
      browser.findElement(By.id("sign-in")).click();
      browser.findElement(By.id("share")).click();
      String link = browser.findElement(By.id("share-link")).getText();
      sent(browser);
      return link;
    } finally {
      browser.quit();
    }
  }

  /** The reader's visit, on a device of its own; returns the device's anonymous id. */
  private static String readerVisits(TrackerSite site, String shareLink) {
    ChromeDriver browser = HeadlessChromium.start();
    try {
      open(browser, shareLink);
      String device = (String) browser.executeScript("return pulse.anonymousId()");
      browser.findElement(By.id("guide")).click();
      awaitTracker(browser, site.url("/guide.html"));
      browser.findElement(By.id("member")).sendKeys("m-reader");
      browser.findElement(By.id("sign-in")).click();
      browser.findElement(By.id("app")).click();
      awaitTracker(browser, site.url("/app.html"));
      browser.findElement(By.id("route-profile")).click();
      new WebDriverWait(browser, PAGE_WAIT)
          .until(d -> d.getCurrentUrl().equals(site.url("/app/profile")));
      assertThat(queued(browser))
          .as("the app's events wait for its long flush interval")
          .isGreaterThanOrEqualTo(3);

      // Leave: close the app's tab (a blank one keeps the browser open), so they go by beacon.
      String app = browser.getWindowHandle();
      String blank = browser.switchTo().newWindow(WindowType.TAB).getWindowHandle();
      browser.switchTo().window(app).close();
      browser.switchTo().window(blank);
      assertThat(device).isNotNull();
      return device;
    } finally {
      browser.quit();
    }
  }

  private static void open(ChromeDriver browser, String url) {
    browser.get(url);
    awaitTracker(browser, url);
  }

  private static void awaitTracker(ChromeDriver browser, String url) {
    new WebDriverWait(browser, PAGE_WAIT)
        .until(
            d ->
                d.getCurrentUrl().equals(url)
                    && Boolean.TRUE.equals(
                        browser.executeScript("return !!(window.pulse && pulse.version)")));
  }

  /** Waits until the collector has taken every event of this page. */
  private static void sent(ChromeDriver browser) {
    new WebDriverWait(browser, PAGE_WAIT)
        .until(
            d -> {
              browser.executeAsyncScript("pulse.flush().then(arguments[arguments.length - 1])");
              return queued(browser) == 0;
            });
  }

  private static long queued(ChromeDriver browser) {
    return (Long)
        browser.executeScript(
            "const q = localStorage.getItem('_pulse_q_"
                + COMMUNITY
                + "');"
                + "return q ? JSON.parse(q).length : 0;");
  }

  /** The session and member documents Elasticsearch holds at one moment. */
  private record Documents(List<Map<String, Object>> sessions, List<Map<String, Object>> members) {

    static Documents read(PulseConfig config) throws Exception {
      return new Documents(documents(config, Aliases.SESSIONS), documents(config, Aliases.MEMBERS));
    }

    /** The reader's whole session is in, none as a visitor, and the sharer got the referral. */
    boolean settled(String device) {
      Map<String, Object> reader = byField(sessions, "actor", "m-reader");
      Map<String, Object> sharer = byField(members, "member_id", "m-sharer");
      return number(reader, "events") == 8
          && byField(sessions, "actor", "anon:" + device).isEmpty()
          && sharer.get("d28") instanceof Map<?, ?> d28
          && d28.get("referral_visits") instanceof Number visits
          && visits.longValue() == 1;
    }
  }

  /** The first document whose {@code field} is {@code value}; empty if none. */
  private static Map<String, Object> byField(
      List<Map<String, Object>> documents, String field, String value) {
    return documents.stream().filter(d -> value.equals(d.get(field))).findFirst().orElse(Map.of());
  }

  private static long number(Map<String, Object> document, String field) {
    Object value = document.get(field);
    return value instanceof Number n ? n.longValue() : -1;
  }

  /** Every document of the run's alias. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Map<String, Object>> documents(PulseConfig config, String unprefixedAlias)
      throws Exception {
    String alias = config.elasticsearch().alias(unprefixedAlias);
    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().requireUrl())) {
      es.indices().refresh(r -> r.index(alias));
      List<Map<String, Object>> documents = new ArrayList<>();
      for (Hit<Map> hit :
          es.search(s -> s.index(alias).size(1000).query(q -> q.matchAll(m -> m)), Map.class)
              .hits()
              .hits()) {
        documents.add(hit.source());
      }
      return documents;
    }
  }
}
