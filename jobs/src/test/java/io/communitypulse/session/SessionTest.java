package io.communitypulse.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Session}'s field-by-field methods against its fields, read by reflection: a field added to
 * the session (and so to the stage's state) cannot be forgotten by {@code copy} or {@code
 * sameContent}.
 */
class SessionTest {

  /** Not content: the phase of the session and of its document. */
  private static final Set<String> NOT_CONTENT = Set.of("status", "deleted", "version");

  private static List<Field> fields() {
    List<Field> fields = new ArrayList<>();
    for (Field f : Session.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        fields.add(f);
      }
    }
    return fields;
  }

  /** A session whose every field is set, each to a value of its own (but deleted: false). */
  private static Session full() throws IllegalAccessException {
    Session s = new Session();
    int n = 1;
    for (Field f : fields()) {
      Class<?> type = f.getType();
      if (type == long.class) {
        f.setLong(s, n++);
      } else if (type == double.class) {
        f.setDouble(s, n++ + 0.25);
      } else if (type == String.class) {
        f.set(s, f.getName());
      } else if (type == List.class) {
        f.set(s, new ArrayList<>(List.of("d1")));
      } else if (type == Session.Status.class) {
        f.set(s, Session.Status.LIVE);
      } else if (type != boolean.class) {
        throw new AssertionError("no value for " + f);
      }
    }
    return s;
  }

  /** Another value for the field: a different one of its type. */
  private static void change(Session s, Field f) throws IllegalAccessException {
    Class<?> type = f.getType();
    if (type == long.class) {
      f.setLong(s, f.getLong(s) + 100);
    } else if (type == double.class) {
      f.setDouble(s, f.getDouble(s) + 0.5);
    } else if (type == boolean.class) {
      f.setBoolean(s, !f.getBoolean(s));
    } else if (type == String.class) {
      f.set(s, f.get(s) + "-other");
    } else if (type == List.class) {
      f.set(s, new ArrayList<>(List.of("d1", "d2")));
    } else if (type == Session.Status.class) {
      f.set(s, Session.Status.CLOSED);
    } else {
      throw new AssertionError("no other value for " + f);
    }
  }

  @Test
  void sameContentSeesEveryFieldButStatusDeletedAndVersion() throws Exception {
    for (Field f : fields()) {
      Session other = full();
      change(other, f);

      assertThat(full().sameContent(other))
          .as(f.getName())
          .isEqualTo(NOT_CONTENT.contains(f.getName()));
      assertThat(full()).as(f.getName()).isNotEqualTo(other);
    }
  }

  @Test
  void aCopyHasEveryFieldAndItsOwnDeviceList() throws Exception {
    Session original = full();

    Session copy = original.copy();

    for (Field f : fields()) {
      assertThat(f.get(copy)).as(f.getName()).isEqualTo(f.get(original));
    }
    assertThat(copy.anonymousIds).isNotSameAs(original.anonymousIds);
  }
}
