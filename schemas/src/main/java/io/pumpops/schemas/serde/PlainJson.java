package io.pumpops.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * Our records as plain JSON for people and browsers: unions unwrapped (Avro's own JSON encoding
 * wraps them as {@code {"string": "x"}}), timestamps as ISO-8601 strings, enums as their names and
 * NaN or infinities as {@code null}, so that any JSON parser reads the result. It is one-way, for
 * display and scripts: the wire stays Avro binary, and {@link AvroJson} is the round-trippable
 * form.
 */
public final class PlainJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PlainJson() {}

  public static ObjectNode toTree(IndexedRecord record) {
    return (ObjectNode) value(record, record.getSchema());
  }

  public static String toJson(IndexedRecord record) {
    try {
      return MAPPER.writeValueAsString(toTree(record));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(
          "Could not write " + record.getSchema().getName() + " as JSON", e);
    }
  }

  private static JsonNode value(Object datum, Schema schema) {
    if (datum == null) {
      return NODES.nullNode();
    }
    switch (schema.getType()) {
      case UNION:
        return value(datum, branch(schema, datum));
      case RECORD:
        ObjectNode object = NODES.objectNode();
        GenericRecord record = (GenericRecord) datum;
        for (Schema.Field field : schema.getFields()) {
          object.set(field.name(), value(record.get(field.pos()), field.schema()));
        }
        return object;
      case ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (Object item : (Collection<?>) datum) {
          array.add(value(item, schema.getElementType()));
        }
        return array;
      case MAP:
        ObjectNode map = NODES.objectNode();
        // Sorted keys: the same record always prints the same line.
        new java.util.TreeMap<>((Map<?, ?>) datum)
            .forEach((key, item) -> map.set(key.toString(), value(item, schema.getValueType())));
        return map;
      case LONG:
        if (datum instanceof Instant instant) {
          return NODES.textNode(instant.toString());
        }
        if ("timestamp-millis".equals(logicalType(schema))) {
          return NODES.textNode(Instant.ofEpochMilli((Long) datum).toString());
        }
        return NODES.numberNode(((Number) datum).longValue());
      case INT:
        return NODES.numberNode(((Number) datum).intValue());
      case DOUBLE:
      case FLOAT:
        double d = ((Number) datum).doubleValue();
        return Double.isFinite(d) ? NODES.numberNode(d) : NODES.nullNode();
      case BOOLEAN:
        return NODES.booleanNode((Boolean) datum);
      case BYTES:
        ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
      case NULL:
        return NODES.nullNode();
      default: // STRING, ENUM, FIXED
        return NODES.textNode(datum.toString());
    }
  }

  /**
   * The union branch a value belongs to. Generated classes hold logical types converted ({@code
   * java.time.Instant} for timestamp-millis), which GenericData cannot place; they go to the branch
   * of their logical type.
   */
  private static Schema branch(Schema union, Object datum) {
    if (datum instanceof Instant) {
      for (Schema type : union.getTypes()) {
        if (type.getType() == Schema.Type.LONG && "timestamp-millis".equals(logicalType(type))) {
          return type;
        }
      }
    }
    return union.getTypes().get(GenericData.get().resolveUnion(union, datum));
  }

  private static String logicalType(Schema schema) {
    return schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
  }
}
