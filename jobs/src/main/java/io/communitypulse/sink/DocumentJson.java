package io.communitypulse.sink;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of every document the job writes. Each document is a record whose components are its
 * fields, in the order they are written (session/SessionDocument, indicators/MemberDocument,
 * community/CommunityDocument): the record is the one place a document's field list lives. This
 * writer names the components in snake_case ({@code @JsonProperty} where a name has digits) and
 * leaves null fields out unless the record says otherwise. Its output is deterministic, which the
 * member and community stages rely on: they skip a write whose bytes hash as before.
 */
public final class DocumentJson {

  // Thread-safe once configured; one per JVM rather than one per record or per operator.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private static final ObjectWriter WRITER = MAPPER.writer();

  private DocumentJson() {}

  /** The document's UTF-8 JSON. */
  public static byte[] bytes(Record document) {
    try {
      return WRITER.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      // Records of strings, numbers and lists always serialise.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The JSON field names of a document record, in the order they are written, each with the name of
   * its record component: what the mapping tests compare with the index templates.
   */
  public static Map<String, String> fields(Class<? extends Record> document) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<BeanPropertyDefinition> properties =
        MAPPER.getSerializationConfig().introspect(MAPPER.constructType(document)).findProperties();
    for (BeanPropertyDefinition p : properties) {
      fields.put(p.getName(), p.getInternalName());
    }
    return fields;
  }
}
