package io.communitypulse.session;

import static io.communitypulse.session.SessionFixtures.T0;
import static io.communitypulse.session.SessionFixtures.pageView;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityEventSerializer;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The types that cross operators or live in state are Flink POJOs, never Kryo. */
class SessionTypesTest {

  private static <T> TypeSerializer<T> serializerWithoutKryo(Class<T> type) {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    TypeInformation<T> info = TypeInformation.of(type);
    assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    // Throws if any field, however deep, would fall back to Kryo.
    return info.createSerializer(config);
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @Test
  void sessionIsAPojoThatSurvivesSerialization() throws Exception {
    SessionTally tally = SessionTally.of(pageView("a", T0, "/a"));
    Session emitted = tally.emit(Session.Status.LIVE, 7L);

    assertThat(roundTrip(serializerWithoutKryo(Session.class), emitted)).isEqualTo(emitted);
  }

  @Test
  void assemblerStateIsAPojoThatSurvivesSerialization() throws Exception {
    SessionBook book = new SessionBook("makers", "m-ada");
    ActivityEvent first = pageView("a", T0, "/a");
    first.referrer = "https://r.example";
    SessionTally tally = SessionTally.of(first);
    tally.add(pageView("b", T0 + 1_000, "/b"));
    book.sessions.add(tally);
    book.pendingDeletes.add("gone");
    book.nextRevision(1_000);

    SessionBook copy = roundTrip(serializerWithoutKryo(SessionBook.class), book);

    assertThat(copy).usingRecursiveComparison().isEqualTo(book);
    assertThat(copy.sessions.get(0).session.anonymousIds).isEqualTo(List.of("d1"));
    // The held events have their own serializer (ActivityEventSerializerTest).
    assertThat(roundTrip(ActivityEventSerializer.INSTANCE, first)).isEqualTo(first);
  }
}
