package io.communitypulse.community;

import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.at;
import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.community.CommunitySignal.Kind;
import io.communitypulse.content.Credit;
import io.communitypulse.content.CreditType;
import io.communitypulse.content.FirstResponse;
import io.communitypulse.indicators.MemberSignal;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The community stage's types are Kryo-free POJOs, and its factories follow SPEC §5. */
class CommunityTypesTest {

  @Test
  void inputAndStateTypesAreKryoFreePojos() {
    assertSerializedAsPojoWithoutKryo(CommunitySignal.class);
    assertSerializedAsPojoWithoutKryo(CommunityDay.class);
    assertSerializedAsPojoWithoutKryo(MemberDay.class);
    assertSerializedAsPojoWithoutKryo(CommunityState.class);
  }

  @Test
  void mapsTheMemberSignalsThatDecideActivityAndLevels() {
    long t = at(DAY0, 23);
    CommunitySignal own =
        CommunitySignal.fromMemberSignal(MemberSignal.ownEvent("makers", "m-ada", t, -1));
    assertThat(own.kind).isEqualTo(Kind.ACTIVE);
    assertThat(own.day).isEqualTo(DAY0);
    assertThat(own.member).isEqualTo("m-ada");
    assertThat(own.sign).isEqualTo(-1);
    assertThat(own.count).isEqualTo(1);
    assertThat(own.key()).isEqualTo("makers");

    assertThat(
            CommunitySignal.fromMemberSignal(
                    MemberSignal.of("makers", "m-ada", DAY0, Field.ANSWERS_ACCEPTED, 1))
                .kind)
        .isEqualTo(Kind.ANSWER_ACCEPTED);
    assertThat(
            CommunitySignal.fromMemberSignal(
                MemberSignal.of("makers", "m-ada", DAY0, Field.SESSIONS, 1)))
        .as("not a community figure")
        .isNull();
  }

  @Test
  void turnsAReplyCreditIntoAPairButNotASelfReply() {
    Credit reply = new Credit();
    reply.communityId = "makers";
    reply.giver = "m-bo";
    reply.receiver = "m-ada";
    reply.type = CreditType.REPLY;
    reply.occurredAt = at(DAY0, 5);

    CommunitySignal pair = CommunitySignal.fromCredit(reply);
    assertThat(pair.kind).isEqualTo(Kind.REPLY_PAIR);
    assertThat(pair.member).isEqualTo("m-bo");
    assertThat(pair.other).isEqualTo("m-ada");
    assertThat(pair.day).isEqualTo(DAY0);

    reply.receiver = "m-bo";
    reply.self = true;
    assertThat(CommunitySignal.fromCredit(reply)).isNull();
    reply.type = CreditType.REACTION;
    reply.self = false;
    reply.receiver = "m-ada";
    assertThat(CommunitySignal.fromCredit(reply)).isNull();
  }

  @Test
  void datesAFirstResponseOnThePostsDay() {
    FirstResponse r =
        new FirstResponse("makers", "c-1", "e-1", at(DAY0, 23), at(DAY0 + 1, 1) + 30_000);

    CommunitySignal s = CommunitySignal.fromFirstResponse(r);

    assertThat(s.day).isEqualTo(DAY0);
    assertThat(s.postId).isEqualTo("e-1");
    assertThat(s.value).isEqualTo(2 * 3_600_000 + 30_000);
  }

  @Test
  void countsOnlySessionsReferredBySomeoneElse() {
    Session s = new Session();
    s.communityId = "makers";
    s.actor = "anon:d1";
    s.start = at(DAY0, 23);
    s.referredBy = "m-ada";
    s.conversions = 2;
    s.conversionValue = 30;

    List<CommunitySignal> signals = CommunitySignal.fromSession(s, -1);
    assertThat(signals)
        .extracting(x -> x.kind)
        .containsExactly(Kind.REFERRAL_VISIT, Kind.REFERRAL_CONVERSION);
    assertThat(signals).allSatisfy(x -> assertThat(x.day).isEqualTo(DAY0));
    assertThat(signals).allSatisfy(x -> assertThat(x.sign).isEqualTo(-1));
    assertThat(signals.get(1).count).isEqualTo(2);
    assertThat(signals.get(1).value).isEqualTo(30);

    s.actor = "m-ada";
    s.memberId = "m-ada";
    assertThat(CommunitySignal.fromSession(s, 1)).as("self-referral").isEmpty();
    s.referredBy = null;
    assertThat(CommunitySignal.fromSession(s, 1)).isEmpty();
  }
}
