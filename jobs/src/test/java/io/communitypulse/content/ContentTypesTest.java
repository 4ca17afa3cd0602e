package io.communitypulse.content;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import org.junit.jupiter.api.Test;

/**
 * Every type the content stage keeps in state or emits is a Flink POJO, serialized without Kryo.
 */
class ContentTypesTest {

  @Test
  void stateAndOutputTypesAreKryoFreePojos() {
    assertSerializedAsPojoWithoutKryo(ContentRef.class);
    assertSerializedAsPojoWithoutKryo(Credit.class);
    assertSerializedAsPojoWithoutKryo(FirstResponse.class);
    assertSerializedAsPojoWithoutKryo(ContentBook.class);
  }
}
