package io.communitypulse.bench;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.SimulatedEvent;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.wire.WireCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's input: simulated events in the wire format (Avro with the magic header, exactly
 * what Kafka would carry), generated once per JVM from a fixed seed and reused by every run, so J
 * and B decode the very same bytes.
 *
 * <p>It is the simulator's output with two edits that make the job's identity stitching
 * (docs/semantics.md, "Identity stitching") a no-op, so a plain SQL session window keyed by {@code
 * member_id} or {@code anon:<anonymous_id>} must find exactly the job's sessions: the anonymous
 * (pre-sign-in) clicks of every device that signs in at some point are left out, and so are
 * duplicates, late and malformed records (the simulator is asked for none). The job still runs its
 * whole pipeline over every event — the stitcher, the dedup filter, the content join — it only
 * never has to re-attribute a click.
 *
 * <p>Held in a static field because the sources run inside this JVM's mini-cluster from serialized
 * copies: the bytes must not travel with the job graph.
 */
public final class BenchInput {

  /** A fixed start in the past, so no event is ever rejected as from the future. */
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private static volatile BenchInput current;

  private final byte[][] clicks;
  private final byte[][] posts;
  private final long asOfDay;
  private final int members;
  private final SimulatorSettings settings;

  private BenchInput(
      byte[][] clicks, byte[][] posts, long asOfDay, int members, SimulatorSettings settings) {
    this.clicks = clicks;
    this.posts = posts;
    this.asOfDay = asOfDay;
    this.members = members;
    this.settings = settings;
  }

  /** The input the sources of this JVM read. */
  public static BenchInput current() {
    BenchInput input = current;
    if (input == null) {
      throw new IllegalStateException("no benchmark input generated in this JVM");
    }
    return input;
  }

  static void use(BenchInput input) {
    current = input;
  }

  /** The simulator settings for at least {@code events} events from {@code seed}. */
  static SimulatorSettings settings(long seed, int communities, int members, int visitors) {
    return SimulatorSettings.defaults()
        .withSeed(seed)
        .withCommunities(communities)
        .withMembersPerCommunity(members)
        .withVisitorsPerCommunity(visitors)
        .withStart(START)
        .withDays(SimulatorSettings.MAX_DAYS)
        .withDuplicateShare(0.0)
        .withMalformedShare(0.0)
        .withLateShare(0.0);
  }

  /**
   * Generates the first {@code events} kept events of the simulation, in one pass: every event is
   * encoded as it comes, anonymous clicks are remembered by device, and those of devices that sign
   * in by the end are dropped afterwards.
   */
  static BenchInput generate(SimulatorSettings settings, long events) {
    WireCodec<ClickEvent> clickCodec = WireCodec.clicks();
    WireCodec<PostEvent> postCodec = WireCodec.posts();
    List<byte[]> clicks = new ArrayList<>();
    List<String> anonymousDevice = new ArrayList<>(); // per click: its device if unbound, else null
    List<byte[]> posts = new ArrayList<>();
    Set<String> signedIn = new HashSet<>();
    Map<String, Integer> anonymousClicks = new HashMap<>();
    Set<String> members = new HashSet<>();
    long kept = 0;
    long latest = Long.MIN_VALUE;
    Iterator<SimulatedEvent> run = new CommunitySimulator(settings).iterator();
    while (kept < events && run.hasNext()) {
      SimulatedEvent e = run.next();
      if (e.event() instanceof ClickEvent click) {
        String device = device(click);
        if (click.getMemberId() != null) {
          members.add(click.getCommunityId() + "/" + click.getMemberId());
          if (signedIn.add(device)) {
            kept -= anonymousClicks.getOrDefault(device, 0);
          }
          anonymousDevice.add(null);
          kept++;
        } else {
          if (!signedIn.contains(device)) {
            anonymousClicks.merge(device, 1, Integer::sum);
            kept++;
          }
          anonymousDevice.add(device);
        }
        clicks.add(clickCodec.encode(click));
      } else {
        PostEvent post = (PostEvent) e.event();
        members.add(post.getCommunityId() + "/" + post.getMemberId());
        posts.add(postCodec.encode(post));
        kept++;
      }
      latest = Math.max(latest, e.occurredAtMillis());
    }
    List<byte[]> keptClicks = new ArrayList<>(clicks.size());
    for (int i = 0; i < clicks.size(); i++) {
      String device = anonymousDevice.get(i);
      if (device == null || !signedIn.contains(device)) {
        keptClicks.add(clicks.get(i));
      }
    }
    return new BenchInput(
        keptClicks.toArray(new byte[0][]),
        posts.toArray(new byte[0][]),
        Math.floorDiv(latest, 86_400_000L),
        members.size(),
        settings);
  }

  /**
   * This input with every event's ids made unique across communities and, when {@code community} is
   * not null, every event moved into that one community. Member ids ({@code member_id}, {@code
   * referred_by}, {@code target_member_id}) and content ids ({@code content_id}, {@code
   * parent_content_id}) are numbered per community by the simulator ({@code m00001}, {@code p1}),
   * so each gets its original community as a prefix; event and anonymous ids are random already.
   * Everything else — members, devices, times, order — stays as it is, so two variants of one input
   * differ only in {@code community_id}.
   */
  BenchInput withCommunity(String community) {
    WireCodec<ClickEvent> clickCodec = WireCodec.clicks();
    WireCodec<PostEvent> postCodec = WireCodec.posts();
    byte[][] movedClicks = new byte[clicks.length][];
    for (int i = 0; i < clicks.length; i++) {
      ClickEvent c = clickCodec.decode(clicks[i]).value();
      String from = c.getCommunityId();
      c.setMemberId(unique(from, c.getMemberId()));
      c.setReferredBy(unique(from, c.getReferredBy()));
      c.setContentId(unique(from, c.getContentId()));
      c.setCommunityId(community != null ? community : from);
      movedClicks[i] = clickCodec.encode(c);
    }
    byte[][] movedPosts = new byte[posts.length][];
    for (int i = 0; i < posts.length; i++) {
      PostEvent p = postCodec.decode(posts[i]).value();
      String from = p.getCommunityId();
      p.setMemberId(unique(from, p.getMemberId()));
      p.setTargetMemberId(unique(from, p.getTargetMemberId()));
      p.setContentId(unique(from, p.getContentId()));
      p.setParentContentId(unique(from, p.getParentContentId()));
      p.setCommunityId(community != null ? community : from);
      movedPosts[i] = postCodec.encode(p);
    }
    return new BenchInput(movedClicks, movedPosts, asOfDay, members, settings);
  }

  private static String unique(String community, String id) {
    return id == null ? null : community + "." + id;
  }

  /** The input from {@code cache} if it holds these settings and size, else generated and saved. */
  static BenchInput cachedOrGenerate(SimulatorSettings settings, long events, Path cacheDir)
      throws IOException {
    Path file =
        cacheDir.resolve(
            "bench-input-v"
                + CommunitySimulator.BEHAVIOUR_VERSION
                + "-"
                + Integer.toHexString(settings.hashCode())
                + "-"
                + events
                + ".bin");
    if (Files.isRegularFile(file)) {
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
        long asOf = in.readLong();
        int members = in.readInt();
        byte[][] clicks = readAll(in);
        byte[][] posts = readAll(in);
        return new BenchInput(clicks, posts, asOf, members, settings);
      }
    }
    BenchInput input = generate(settings, events);
    Files.createDirectories(cacheDir);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20))) {
      out.writeLong(input.asOfDay);
      out.writeInt(input.members);
      writeAll(out, input.clicks);
      writeAll(out, input.posts);
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    return input;
  }

  private static byte[][] readAll(DataInputStream in) throws IOException {
    byte[][] records = new byte[in.readInt()][];
    for (int i = 0; i < records.length; i++) {
      records[i] = new byte[in.readInt()];
      in.readFully(records[i]);
    }
    return records;
  }

  private static void writeAll(DataOutputStream out, byte[][] records) throws IOException {
    out.writeInt(records.length);
    for (byte[] r : records) {
      out.writeInt(r.length);
      out.write(r);
    }
  }

  private static String device(ClickEvent click) {
    return click.getCommunityId() + "/" + click.getAnonymousId();
  }

  public byte[][] clicks() {
    return clicks;
  }

  public byte[][] posts() {
    return posts;
  }

  public long events() {
    return (long) clicks.length + posts.length;
  }

  /**
   * The UTC day of the latest event: the as-of day of the indicators at the end (docs/semantics.md,
   * "Event time, for every day of any history").
   */
  public long asOfDay() {
    return asOfDay;
  }

  public LocalDate asOfDate() {
    return LocalDate.ofEpochDay(asOfDay);
  }

  /** Distinct (community, member) pairs with an own event in the input. */
  public int members() {
    return members;
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /** Total size of the encoded events. */
  public long bytes() {
    long n = 0;
    for (byte[] b : clicks) {
      n += b.length;
    }
    for (byte[] b : posts) {
      n += b.length;
    }
    return n;
  }
}
