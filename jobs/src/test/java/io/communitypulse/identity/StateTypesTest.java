package io.communitypulse.identity;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import org.junit.jupiter.api.Test;

/**
 * Every type the identity stage keeps in state or emits is a Flink POJO, serialized without Kryo
 * (ActivityEvent has its own serializer: {@link ActivityEventSerializerTest}).
 */
class StateTypesTest {

  @Test
  void stateAndOutputTypesAreKryoFreePojos() {
    assertSerializedAsPojoWithoutKryo(StitchedClick.class);
    assertSerializedAsPojoWithoutKryo(ClickBucket.class);
    assertSerializedAsPojoWithoutKryo(BucketIndex.class);
    assertSerializedAsPojoWithoutKryo(Binding.class);
  }
}
