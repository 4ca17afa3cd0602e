package io.communitypulse.wire;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** Reads a string field of any Avro record by name, tolerating records that lack it. */
final class RecordIds {

  private RecordIds() {}

  /** The value of field {@code name} when the record has it and it is a string, else null. */
  static String string(IndexedRecord record, String name) {
    if (record == null) {
      return null;
    }
    Schema.Field field = record.getSchema().getField(name);
    if (field == null) {
      return null;
    }
    Object value = record.get(field.pos());
    return value instanceof CharSequence text ? text.toString() : null;
  }
}
