package io.communitypulse.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.communitypulse.collector.StubCollector.Answer;
import io.communitypulse.collector.StubCollector.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * pulse.js in headless Chromium against a stub collector that records every request: the event
 * shape, batching, retries and back-off, the queue kept across pages, sendBeacon, single-page-app
 * page views, identify, track, share links, Do Not Track / GPC and consent, as
 * docs/producing-events.md ("From a web page") describes them. Each test has a site of its own on a
 * new port, so its storage starts empty (cookies, which ignore the port, are deleted).
 */
class PulseJsITCase {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String UUID =
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private static ChromeDriver browser;

  private TrackerSite site;
  private StubCollector collector;

  @BeforeAll
  static void startBrowser() {
    HeadlessChromium.assumeInstalled();
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void startSite() {
    site = new TrackerSite(Map.of("community", "acme", "key", "k-test", "collector", ""));
    collector = StubCollector.on(site);
    browser.get(site.url("/other.html"));
    browser.manage().deleteAllCookies();
  }

  @AfterEach
  void stopSite() {
    browser.get("about:blank"); // leaves the page now, so its beacons do not reach a later test
    site.close();
  }

  @Test
  void aPageViewOnLoadCarriesTheEventFieldsTheWriteKeyAndTheSendTime() throws Exception {
    long before = System.currentTimeMillis();
    open("");
    Request request = collector.next(WAIT);
    long after = System.currentTimeMillis();

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).startsWith("application/json");
    assertThat(request.header("X-Pulse-Key")).isEqualTo("k-test");
    assertThat(Long.parseLong(request.header("X-Pulse-Sent-At"))).isBetween(before, after);
    assertThat(request.events()).hasSize(1);
    JsonNode view = request.events().get(0);
    assertThat(view.get("event_id").asText()).matches(UUID);
    assertThat(view.get("anonymous_id").asText()).matches(UUID);
    assertThat(view.get("kind").asText()).isEqualTo("click");
    assertThat(view.get("type").asText()).isEqualTo("PAGE_VIEW");
    assertThat(view.get("community_id").asText()).isEqualTo("acme");
    assertThat(view.get("occurred_at").asLong()).isBetween(before, after);
    assertThat(view.get("url").asText()).isEqualTo(site.url("/unit.html"));
    assertThat(view.get("content_id").asText()).isEqualTo("t-1");
    assertThat(view.has("member_id")).isFalse();
    assertThat(view.has("referred_by")).isFalse();
    assertThat(view.has("referrer")).as("typed into the address bar").isFalse();

    Cookie id = browser.manage().getCookieNamed("_pulse_id");
    assertThat(id.getValue()).isEqualTo(view.get("anonymous_id").asText());
    assertThat(id.getExpiry())
        .isAfter(new java.util.Date(before + Duration.ofDays(364).toMillis()));
    assertThat(storedQueue()).as("nothing left to send").isEmpty();
  }

  @Test
  void oneScriptTagWithDataAttributesIsEnoughAndCallsMadeBeforeLoadAreRun() throws Exception {
    browser.get(site.url("/tag.html"));
    Request request = collector.next(WAIT);
    assertThat(request.header("X-Pulse-Key")).isEqualTo("k-test");
    assertThat(types(request)).containsExactly("PAGE_VIEW", "SEARCH");
    assertThat(request.events())
        .extracting(e -> e.get("community_id").asText())
        .containsOnly("acme");
  }

  @Test
  void eventsWaitForAFullBatchOrTheFlushInterval() throws Exception {
    open("?o=" + options("{\"batchSize\":3,\"flushInterval\":60000}"));
    for (int i = 0; i < 4; i++) {
      script("pulse.track('SEARCH', {query: 'q' + arguments[0]})", i);
    }
    Request full = collector.next(WAIT);
    assertThat(types(full)).containsExactly("PAGE_VIEW", "SEARCH", "SEARCH");

    waitUntil(() -> storedQueue().size() == 2);
    assertThat(collector.drain()).as("two events wait for the interval").isEmpty();
    flush();
    Request rest = collector.next(WAIT);
    assertThat(rest.events())
        .extracting(e -> e.get("properties").get("query").asText())
        .containsExactly("q2", "q3");
  }

  @Test
  void singlePageAppNavigationIsAPageViewWithThePreviousPageAsReferrer() throws Exception {
    open("");
    script("history.pushState({}, '', '/app/a')");
    script("history.replaceState({}, '', '/app/a')"); // same URL: no page view
    script("history.pushState({}, '', '/app/b')");
    script("history.back()");
    waitUntil(() -> browser.getCurrentUrl().endsWith("/app/a"));
    script("location.hash = 'comments'"); // an anchor: no page view
    script("location.hash = '/inbox'"); // a hash route: a page view
    flush();

    List<JsonNode> views = events(5);
    assertThat(views).extracting(e -> e.get("type").asText()).containsOnly("PAGE_VIEW").hasSize(5);
    assertThat(views)
        .extracting(e -> e.get("url").asText().substring(site.origin().length()))
        .containsExactly("/unit.html", "/app/a", "/app/b", "/app/a", "/app/a#/inbox");
    assertThat(views)
        .extracting(e -> e.path("referrer").asText("-").replace(site.origin(), ""))
        .containsExactly("-", "/unit.html", "/app/a", "/app/b", "/app/a");
    assertThat(views).extracting(e -> e.get("anonymous_id").asText()).containsOnly(deviceId());
  }

  @Test
  void aFollowedLinkIsAClickThatLeavesByBeaconWhenThePageIsHidden() throws Exception {
    open("?o=" + options("{\"flushInterval\":60000}"));
    String device = deviceId();
    browser.findElement(By.id("next")).click();

    Request beacon = collector.next(WAIT);
    assertThat(beacon.header("Content-Type")).startsWith("text/plain");
    assertThat(beacon.header("X-Pulse-Key")).as("no custom header: no preflight").isNull();
    assertThat(beacon.query()).containsEntry("key", "k-test").containsKey("sent_at");
    assertThat(Long.parseLong(beacon.query().get("sent_at")))
        .isGreaterThanOrEqualTo(beacon.events().get(1).get("occurred_at").asLong());
    assertThat(types(beacon)).containsExactly("PAGE_VIEW", "CLICK");
    JsonNode click = beacon.events().get(1);
    assertThat(click.get("url").asText()).startsWith(site.url("/unit.html"));
    assertThat(click.get("properties").get("element").asText()).isEqualTo("link");
    assertThat(click.get("properties").get("href").asText()).isEqualTo(site.url("/other.html"));
    assertThat(click.get("anonymous_id").asText()).isEqualTo(device);

    open("");
    Request next = collector.next(WAIT);
    assertThat(types(next))
        .as("what the beacon took is not sent again")
        .containsExactly("PAGE_VIEW");
    assertThat(next.events().get(0).get("anonymous_id").asText()).isEqualTo(device);
  }

  @Test
  void identifyBindsTheDeviceAndSignsInOnlyWhenTheMemberChanges() throws Exception {
    open("");
    collector.next(WAIT);
    String device = deviceId();
    script("pulse.identify('m-7'); pulse.identify('m-7'); pulse.track('SEARCH', {query: 'k'})");
    flush();
    Request signedIn = collector.next(WAIT);
    assertThat(types(signedIn)).containsExactly("SIGN_IN", "SEARCH");
    assertThat(signedIn.events()).extracting(e -> e.get("member_id").asText()).containsOnly("m-7");

    open("");
    script("pulse.identify('m-7')"); // on every page of a signed-in member: no new SIGN_IN
    flush();
    Request nextPage = collector.next(WAIT);
    assertThat(types(nextPage)).containsExactly("PAGE_VIEW");
    assertThat(nextPage.events().get(0).get("member_id").asText()).isEqualTo("m-7");
    assertThat(nextPage.events().get(0).get("anonymous_id").asText()).isEqualTo(device);

    script("pulse.reset(); pulse.track('SEARCH', {query: 'k'})");
    flush();
    JsonNode afterReset = collector.next(WAIT).events().get(0);
    assertThat(afterReset.has("member_id")).isFalse();
    assertThat(afterReset.get("anonymous_id").asText()).isNotEqualTo(device);
  }

  @Test
  void trackSendsSearchesSignUpsAndConversionsWithStringProperties() throws Exception {
    open("");
    collector.next(WAIT);
    script(
        "pulse.track('SEARCH', {query: 'kafka streams', properties: {page: 2}});"
            + "pulse.track('CONVERSION', {conversion_value: '49.5', product: 'pro'});"
            + "pulse.track('PAGE_VIEW');" // not a track type: refused with a warning
            + "pulse.track('sign_up', {member_id: 'm-new', plan: 'free'});"
            + "pulse.track('SEARCH', {query: 'after'});");
    flush();
    List<JsonNode> events = collector.next(WAIT).events();
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly("SEARCH", "CONVERSION", "SIGN_UP", "SEARCH");
    assertThat(events.get(0).get("properties").get("query").asText()).isEqualTo("kafka streams");
    assertThat(events.get(0).get("properties").get("page").isTextual()).isTrue();
    assertThat(events.get(0).has("member_id")).isFalse();
    assertThat(events.get(1).get("conversion_value").isNumber()).isTrue();
    assertThat(events.get(1).get("conversion_value").asDouble()).isEqualTo(49.5);
    assertThat(events.get(1).get("properties").get("product").asText()).isEqualTo("pro");
    assertThat(events.get(2).get("member_id").asText()).isEqualTo("m-new");
    assertThat(events.get(2).get("properties").has("member_id")).isFalse();
    assertThat(events.get(3).get("member_id").asText()).as("SIGN_UP binds").isEqualTo("m-new");
  }

  @Test
  void aShareLinkLandingSetsReferredByForTheVisitAndShareLinkBuildsThem() throws Exception {
    open("?ref=m-sharer");
    JsonNode landing = collector.next(WAIT).events().get(0);
    assertThat(landing.get("referred_by").asText()).isEqualTo("m-sharer");
    assertThat(landing.get("url").asText()).isEqualTo(site.url("/unit.html?ref=m-sharer"));

    open(""); // the next page of the same visit, in the same tab
    assertThat(collector.next(WAIT).events().get(0).get("referred_by").asText())
        .isEqualTo("m-sharer");

    // Half an hour without an event ends the visit, and its referral with it.
    script(
        "const real = Date.now; Date.now = () => real.call(Date) + 31 * 60 * 1000;"
            + "pulse.track('SEARCH', {query: 'later'})");
    flush();
    assertThat(collector.next(WAIT).events().get(0).has("referred_by")).isFalse();

    assertThat(script("return pulse.shareLink('/t/1?ref=m-other&x=1#top', 'm-2')"))
        .isEqualTo(site.url("/t/1?x=1&ref=m-2#top"));
    script("pulse.identify('m-3')");
    assertThat(script("return pulse.shareLink()")).isEqualTo(site.url("/unit.html?ref=m-3"));
  }

  @Test
  void theShareParameterCanBeRenamed() throws Exception {
    open("?via=m-9&o=" + options("{\"shareParam\":\"via\"}"));
    assertThat(collector.next(WAIT).events().get(0).get("referred_by").asText()).isEqualTo("m-9");
    assertThat(script("return pulse.shareLink('/t/1', 'm-2')")).isEqualTo(site.url("/t/1?via=m-2"));
  }

  @Test
  void a503IsRetriedNoEarlierThanRetryAfterWithTheSameEventIds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    collector.answer(r -> calls.incrementAndGet() == 1 ? new Answer(503, "2") : Answer.ok());
    open("");
    Request refused = collector.next(WAIT);
    Request retried = collector.next(WAIT);
    assertThat(retried.eventIds()).isEqualTo(refused.eventIds());
    assertThat(retried.receivedAt() - refused.receivedAt()).isGreaterThanOrEqualTo(2000);
    assertThat(Long.parseLong(retried.header("X-Pulse-Sent-At")))
        .as("the send time of the retry, for the collector's clock-skew correction")
        .isGreaterThanOrEqualTo(Long.parseLong(refused.header("X-Pulse-Sent-At")) + 2000);
  }

  @Test
  void serverErrorsBackOffExponentially() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    collector.answer(r -> calls.incrementAndGet() <= 3 ? new Answer(500, null) : Answer.ok());
    open("");
    List<Request> attempts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      attempts.add(collector.next(WAIT));
    }
    // 1 s, 2 s, 4 s, each with up to half of it taken off as jitter.
    assertThat(attempts.get(1).receivedAt() - attempts.get(0).receivedAt()).isGreaterThan(450);
    assertThat(attempts.get(2).receivedAt() - attempts.get(1).receivedAt()).isGreaterThan(950);
    assertThat(attempts.get(3).receivedAt() - attempts.get(2).receivedAt()).isGreaterThan(1950);
    assertThat(attempts).extracting(Request::eventIds).containsOnly(attempts.get(0).eventIds());
  }

  @Test
  void unsentEventsSurviveThePageAndTheNextPageHonoursTheBackOff() throws Exception {
    AtomicBoolean up = new AtomicBoolean();
    collector.answer(r -> up.get() ? Answer.ok() : new Answer(503, "3"));
    open("");
    Request refused = collector.next(WAIT);
    String firstView = refused.eventIds().get(0);

    open("?page=2"); // backing off: the first page keeps its event on the device, no beacon
    List<String> waiting = storedQueue();
    assertThat(waiting).hasSize(2).contains(firstView);
    up.set(true);
    Request sent = collector.next(WAIT);
    assertThat(sent.eventIds()).containsExactlyElementsOf(waiting);
    assertThat(sent.receivedAt() - refused.receivedAt()).isGreaterThanOrEqualTo(3000);
    waitUntil(() -> storedQueue().isEmpty());
  }

  @Test
  void theQueueKeptOnTheDeviceIsBoundedToTheNewestEvents() throws Exception {
    collector.answer(r -> new Answer(503, "3600"));
    open("?o=" + options("{\"maxQueue\":5}"));
    collector.next(WAIT);
    for (int i = 0; i < 20; i++) {
      script("pulse.track('SEARCH', {query: 'q' + arguments[0]})", i);
    }
    @SuppressWarnings("unchecked")
    List<String> queries =
        (List<String>)
            script(
                "return JSON.parse(localStorage.getItem('_pulse_q_acme'))"
                    + ".map(e => e.properties.query)");
    assertThat(queries).containsExactly("q15", "q16", "q17", "q18", "q19");
  }

  @Test
  void refusedRequestsAreDroppedAndTooLargeOnesSplit() throws Exception {
    collector.answer(r -> r.events().size() > 2 ? new Answer(413, null) : Answer.ok());
    open("?o=" + options("{\"batchSize\":6,\"flushInterval\":60000}"));
    for (int i = 0; i < 5; i++) {
      script("pulse.track('SEARCH', {query: 'q' + arguments[0]})", i);
    }
    List<Integer> sizes = new ArrayList<>();
    List<String> delivered = new ArrayList<>();
    while (delivered.size() < 6) {
      Request request = collector.next(WAIT);
      sizes.add(request.events().size());
      if (request.events().size() <= 2) {
        delivered.addAll(request.eventIds());
      }
    }
    assertThat(sizes).containsExactly(6, 3, 2, 2, 2);
    assertThat(delivered).doesNotHaveDuplicates();

    collector.answer(r -> new Answer(401, null));
    script("pulse.track('SEARCH', {query: 'refused'})");
    flush();
    collector.next(WAIT);
    waitUntil(() -> storedQueue().isEmpty()); // a bad key is not retried
  }

  @Test
  void doNotTrackAndGlobalPrivacyControlSendAndStoreNothing() throws Exception {
    for (String signal : List.of("gpc", "dnt")) {
      open("?" + signal);
      script("pulse.identify('m-1'); pulse.track('SEARCH', {query: 'private'})");
      flush();
      assertThat(browser.manage().getCookies()).isEmpty();
      assertThat(script("return localStorage.length + sessionStorage.length")).isEqualTo(0L);
    }
    open("?gpc&o=" + options("{\"respectDoNotTrack\":false}"));
    // Requests arrive in order: the first one is this page's, so the others sent nothing.
    assertThat(types(collector.next(WAIT))).containsExactly("PAGE_VIEW");
    assertThat(collector.drain()).isEmpty();
  }

  @Test
  void withRequireConsentNothingIsSentOrStoredBeforeConsentAndARefusalForgetsTheDevice()
      throws Exception {
    String consent = "?o=" + options("{\"requireConsent\":true}");
    open(consent);
    script("pulse.track('SEARCH', {query: 'before consent'})");
    flush();
    assertThat(browser.manage().getCookies()).isEmpty();
    assertThat(script("return localStorage.length + sessionStorage.length")).isEqualTo(0L);

    script("pulse.consent(true)");
    Request granted = collector.next(WAIT);
    assertThat(types(granted)).as("what waited in memory").containsExactly("PAGE_VIEW", "SEARCH");
    assertThat(browser.manage().getCookieNamed("_pulse_id").getValue()).isEqualTo(deviceId());

    script("pulse.consent(false)");
    assertThat(browser.manage().getCookieNamed("_pulse_id")).isNull();
    open(consent); // the refusal is remembered: this page sends nothing...
    script("pulse.track('SEARCH', {query: 'refused'})");
    script("pulse.consent(true); pulse.track('SEARCH', {query: 'granted again'})");
    flush();
    // ...so the next request holds only what came after the new consent.
    List<JsonNode> events = collector.next(WAIT).events();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("properties").get("query").asText()).isEqualTo("granted again");
    assertThat(events.get(0).get("anonymous_id").asText())
        .isNotEqualTo(granted.events().get(0).get("anonymous_id").asText());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private void open(String query) {
    browser.get(site.url("/unit.html" + query));
    waitUntil(() -> Boolean.TRUE.equals(script("return !!(window.pulse && pulse.version)")));
  }

  private static String options(String json) {
    return URLEncoder.encode(json, StandardCharsets.UTF_8);
  }

  private static Object script(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private static void flush() {
    browser.executeAsyncScript("pulse.flush().then(arguments[arguments.length - 1])");
  }

  private static String deviceId() {
    return (String) script("return pulse.anonymousId()");
  }

  @SuppressWarnings("unchecked")
  private static List<String> storedQueue() {
    Object ids =
        script(
            "const q = localStorage.getItem('_pulse_q_acme');"
                + "return q ? JSON.parse(q).map(e => e.event_id) : [];");
    return (List<String>) ids;
  }

  private List<JsonNode> events(int count) throws InterruptedException {
    List<JsonNode> events = new ArrayList<>();
    while (events.size() < count) {
      events.addAll(collector.next(WAIT).events());
    }
    return events;
  }

  private static List<String> types(Request request) {
    return request.events().stream().map(e -> e.get("type").asText()).toList();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, WAIT).until(driver -> condition.getAsBoolean());
  }
}
