package io.communitypulse.ingest;

import io.communitypulse.state.BulkWritingSerializer;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer checks for the dedup state, in the bulk wrapper the filter uses. */
class SeenEventIdsSerializerTest extends SerializerTestBase<SeenEventIds> {

  @Override
  protected TypeSerializer<SeenEventIds> createSerializer() {
    return new BulkWritingSerializer<>(SeenEventIdsSerializer.INSTANCE);
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<SeenEventIds> getTypeClass() {
    return SeenEventIds.class;
  }

  @Override
  protected SeenEventIds[] getTestData() {
    SeenEventIds empty = new SeenEventIds();
    SeenEventIds one = new SeenEventIds();
    one.put(EventIdHash.of("acme", "e1"), 1_700_000_000_000L);
    one.pruneAt(1_700_086_400_000L);
    SeenEventIds many = new SeenEventIds();
    for (int i = 0; i < 5_000; i++) {
      many.put(EventIdHash.of("acme", "e" + i), 1_700_000_000_000L + i);
    }
    many.forgetSeenUpTo(1_700_000_000_000L + 999);
    return new SeenEventIds[] {empty, one, many};
  }
}
