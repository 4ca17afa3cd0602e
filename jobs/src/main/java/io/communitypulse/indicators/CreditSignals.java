package io.communitypulse.indicators;

import io.communitypulse.content.Credit;
import io.communitypulse.indicators.MemberSignal.Field;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Credits from the content join as member signals: what the receiver got (replies, reactions,
 * accepted answers, mentions) and, for a reply, whom the giver helped. Credits a member gives to
 * themself count for nobody (docs/indicators.md, "Counting rules").
 */
public final class CreditSignals implements FlatMapFunction<Credit, MemberSignal> {

  @Override
  public void flatMap(Credit credit, Collector<MemberSignal> out) {
    if (credit.self || credit.receiver == null) {
      return;
    }
    long day = MemberSignal.epochDay(credit.occurredAt);
    Field received =
        switch (credit.type) {
          case REPLY -> Field.REPLIES_RECEIVED;
          case REACTION -> Field.REACTIONS_RECEIVED;
          case ACCEPTED_ANSWER -> Field.ANSWERS_ACCEPTED;
          case MENTION -> Field.MENTIONS_RECEIVED;
        };
    out.collect(MemberSignal.of(credit.communityId, credit.receiver, day, received, 1));
    if (credit.type == io.communitypulse.content.CreditType.REPLY) {
      out.collect(MemberSignal.helped(credit.communityId, credit.giver, day, credit.receiver, 1));
    }
  }
}
