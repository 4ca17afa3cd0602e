package io.communitypulse.infra.kibana;

/**
 * One place a saved object uses a document field: which object, through which data view, which
 * field, and how ({@code use} is a Lens operation type such as {@code sum} or {@code
 * date_histogram}, or one of the {@code USE_*} constants).
 */
record FieldUse(String objectId, String dataViewId, String field, String use) {

  /** A data view's time field, which Kibana filters every panel on. */
  static final String USE_TIME_FIELD = "time field";

  /** A field named in a KQL query or filter. */
  static final String USE_QUERY = "query";

  /** The field a {@code last_value} column sorts by. */
  static final String USE_SORT = "sort";

  /** A field given a format or a label in a data view. */
  static final String USE_DISPLAY = "display";

  @Override
  public String toString() {
    return objectId + " uses " + field + " (" + use + ") of data view " + dataViewId;
  }
}
