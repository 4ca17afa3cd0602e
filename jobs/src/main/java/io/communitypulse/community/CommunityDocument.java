package io.communitypulse.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.communitypulse.sink.DocumentJson;
import io.communitypulse.sink.MappedAsDate;
import java.time.LocalDate;

/**
 * The community document of one UTC day (docs/indicators.md defines each figure): one component per
 * field, in the order {@link DocumentJson} writes them, snake_case, {@code day} as yyyy-mm-dd.
 * Unlike the other documents every field is written: a figure that is undefined on the day (a ratio
 * of nothing) is written as JSON null. {@link CommunityFigures} computes it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CommunityDocument(
    String communityId,
    @MappedAsDate String day,
    @JsonProperty("active_members_1d") long activeMembers1d,
    @JsonProperty("active_members_7d") long activeMembers7d,
    @JsonProperty("active_members_28d") long activeMembers28d,
    @JsonProperty("visitors_1d") long visitors1d,
    @JsonProperty("new_members_1d") long newMembers1d,
    Double stickiness,
    long creators,
    long contributors,
    long lurkers,
    @JsonProperty("promoted_28d") long promoted28d,
    @JsonProperty("demoted_28d") long demoted28d,
    @JsonProperty("newcomer_retention_28d") Double newcomerRetention28d,
    @JsonProperty("pay_it_forward_28d") Double payItForward28d,
    long posts,
    long replies,
    long shares,
    @JsonProperty("response_rate_24h") Double responseRate24h,
    Double medianFirstResponseMinutes,
    @JsonProperty("response_rate_24h_7d") Double responseRate24h7d,
    @JsonProperty("median_first_response_minutes_7d") Double medianFirstResponseMinutes7d,
    @JsonProperty("reciprocity_28d") Double reciprocity28d,
    long referralVisits,
    long referralConversions,
    double referralConversionValue,
    @JsonProperty("referral_conversions_28d") long referralConversions28d,
    @JsonProperty("referral_conversion_value_28d") double referralConversionValue28d,
    Double healthIndex,
    String valueQuadrant,
    @JsonProperty("final") boolean isFinal) {

  /** The document id: {@code <community_id>/<yyyy-mm-dd>}. */
  public static String documentId(String communityId, long day) {
    return communityId + "/" + LocalDate.ofEpochDay(day);
  }

  /** The document as UTF-8 JSON. */
  public byte[] toJson() {
    return DocumentJson.bytes(this);
  }
}
