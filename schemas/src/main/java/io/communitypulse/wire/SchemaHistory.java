package io.communitypulse.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of each event schema, read from the classpath at {@code
 * schemas/history/<RecordName>/v1.avsc}, {@code v2.avsc}, ... up to the first missing number. A
 * version, once released, is never edited or removed: old producers keep writing it, and the
 * decoder finds it here by the CRC-64-AVRO fingerprint carried in each message (this class is the
 * {@link SchemaStore} given to Avro's {@code BinaryMessageDecoder}) and resolves it into the
 * current generated record. Instances are immutable and thread-safe.
 */
public final class SchemaHistory implements SchemaStore {

  /** Where released versions live on the classpath. */
  public static final String DEFAULT_BASE_PATH = "schemas/history";

  /** The records whose versions the default history holds (simple names). */
  public static final List<String> RECORD_NAMES =
      List.of("ClickEvent", "PostEvent", "DeadLetter", "ErasureRequest");

  private static volatile SchemaHistory defaultHistory;

  private final Map<String, List<Schema>> versionsByName;
  private final Map<Long, Version> byFingerprint;

  /** One released version of a record: its name, version number and schema. */
  public record Version(String recordName, int number, Schema schema, long fingerprint) {

    @Override
    public String toString() {
      return recordName
          + " v"
          + number
          + " (fingerprint "
          + Excerpts.fingerprint(fingerprint)
          + ")";
    }
  }

  private SchemaHistory(Map<String, List<Schema>> versionsByName) {
    Map<String, List<Schema>> copy = new LinkedHashMap<>();
    Map<Long, Version> fingerprints = new ConcurrentHashMap<>();
    versionsByName.forEach(
        (name, versions) -> {
          copy.put(name, List.copyOf(versions));
          for (int i = 0; i < versions.size(); i++) {
            Schema schema = versions.get(i);
            long fp = SchemaNormalization.parsingFingerprint64(schema);
            // Two versions that differ only in defaults or docs share a fingerprint; either
            // decodes the bytes identically, the newest is kept.
            fingerprints.put(fp, new Version(name, i + 1, schema, fp));
          }
        });
    this.versionsByName = Collections.unmodifiableMap(copy);
    this.byFingerprint = fingerprints;
  }

  /** The history of {@link #RECORD_NAMES} from this library's classpath, loaded once. */
  public static SchemaHistory get() {
    SchemaHistory history = defaultHistory;
    if (history == null) {
      synchronized (SchemaHistory.class) {
        history = defaultHistory;
        if (history == null) {
          history = load(SchemaHistory.class.getClassLoader(), DEFAULT_BASE_PATH, RECORD_NAMES);
          defaultHistory = history;
        }
      }
    }
    return history;
  }

  /**
   * Loads the released versions of {@code recordNames} under {@code basePath}.
   *
   * @throws IllegalStateException when a record has no {@code v1.avsc}, a file does not parse, or a
   *     file defines a record of another name
   */
  public static SchemaHistory load(
      ClassLoader classLoader, String basePath, List<String> recordNames) {
    Objects.requireNonNull(classLoader, "classLoader");
    Map<String, List<Schema>> versions = new LinkedHashMap<>();
    for (String name : recordNames) {
      List<Schema> schemas = new ArrayList<>();
      for (int v = 1; ; v++) {
        String path = basePath + "/" + name + "/v" + v + ".avsc";
        Optional<Schema> schema = read(classLoader, path);
        if (schema.isEmpty()) {
          break;
        }
        if (!schema.get().getName().equals(name)) {
          throw new IllegalStateException(
              path + " defines record " + schema.get().getFullName() + ", expected " + name);
        }
        schemas.add(schema.get());
      }
      if (schemas.isEmpty()) {
        throw new IllegalStateException(
            "no released version of "
                + name
                + " on the classpath ("
                + basePath
                + "/"
                + name
                + "/v1.avsc)");
      }
      versions.put(name, schemas);
    }
    return new SchemaHistory(versions);
  }

  private static Optional<Schema> read(ClassLoader classLoader, String path) {
    try (InputStream in = classLoader.getResourceAsStream(path)) {
      if (in == null) {
        return Optional.empty();
      }
      // A fresh parser per file: every version redefines the same names.
      return Optional.of(new Schema.Parser().parse(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot parse " + path + ": " + e.getMessage(), e);
    }
  }

  /** The record names this history holds, in load order. */
  public Set<String> recordNames() {
    return versionsByName.keySet();
  }

  /**
   * Every released version of {@code recordName} in release order (index 0 is v1).
   *
   * @throws IllegalArgumentException for a record this history does not hold
   */
  public List<Schema> versions(String recordName) {
    List<Schema> versions = versionsByName.get(recordName);
    if (versions == null) {
      throw new IllegalArgumentException(
          "no history for " + recordName + "; known: " + versionsByName.keySet());
    }
    return versions;
  }

  /** The newest released version of {@code recordName}. */
  public Schema latest(String recordName) {
    List<Schema> versions = versions(recordName);
    return versions.get(versions.size() - 1);
  }

  /** The released version with this CRC-64-AVRO fingerprint, if any. */
  public Optional<Version> version(long fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    Version version = byFingerprint.get(fingerprint);
    return version == null ? null : version.schema();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("SchemaHistory[");
    versionsByName.forEach(
        (name, versions) -> out.append(name).append(": v1..v").append(versions.size()).append(' '));
    return out.toString().trim() + "]";
  }
}
