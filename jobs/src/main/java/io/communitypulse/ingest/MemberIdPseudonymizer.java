package io.communitypulse.ingest;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Replaces every member id of an accepted event (who acted, who was targeted, whose share link
 * brought the visit, and where {@link UrlMemberIds} finds one inside a page or referrer URL) by its
 * keyed HMAC-SHA256, before any stage keeps it in state or writes it to Elasticsearch
 * (docs/operations.md, "Privacy"). The same id always maps to the same pseudonym, so every
 * indicator is unchanged; without the key nobody can go back. Off unless a key is configured.
 */
public final class MemberIdPseudonymizer extends RichMapFunction<DecodedInput, DecodedInput> {

  /** Pseudonyms are the first 16 bytes of the HMAC, in hex: collisions are negligible. */
  private static final int BYTES = 16;

  private final String key;
  private final UrlMemberIds urls;
  private transient Mac mac;

  public MemberIdPseudonymizer(String key, UrlMemberIds urls) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("the HMAC key must not be blank");
    }
    this.key = key;
    this.urls = urls;
  }

  @Override
  public void open(OpenContext openContext) throws GeneralSecurityException {
    mac = newMac(key);
  }

  @Override
  public DecodedInput map(DecodedInput input) {
    if (input.click != null) {
      ClickEvent c = input.click;
      c.setMemberId(pseudonym(c.getMemberId()));
      c.setReferredBy(pseudonym(c.getReferredBy()));
      c.setUrl(urls.rewrite(c.getUrl(), this::pseudonym));
      c.setReferrer(urls.rewrite(c.getReferrer(), this::pseudonym));
    } else if (input.post != null) {
      PostEvent p = input.post;
      p.setMemberId(pseudonym(p.getMemberId()));
      p.setTargetMemberId(pseudonym(p.getTargetMemberId()));
    }
    return input;
  }

  /** The pseudonym of {@code memberId}; null stays null. */
  String pseudonym(String memberId) {
    return pseudonym(mac, memberId);
  }

  /**
   * The pseudonym the job gives {@code memberId} under {@code key}, for tools outside the pipeline
   * that must name a member as the job stores it ({@code ./pulse forget}); null stays null.
   *
   * @throws IllegalArgumentException when the key is blank
   */
  public static String pseudonymOf(String key, String memberId) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("the HMAC key must not be blank");
    }
    try {
      return pseudonym(newMac(key), memberId);
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is a mandatory algorithm of every Java platform.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static Mac newMac(String key) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac;
  }

  private static String pseudonym(Mac mac, String memberId) {
    if (memberId == null) {
      return null;
    }
    byte[] digest = mac.doFinal(memberId.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, BYTES);
  }

  /** A pass-through for when pseudonymisation is off, so the pipeline keeps one shape. */
  public static MapFunction<DecodedInput, DecodedInput> off() {
    return input -> input;
  }
}
