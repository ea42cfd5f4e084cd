package aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * SDK model objects to and from JSON in the services' own wire shape (field names as on the wire,
 * timestamps as epoch seconds), driven by the models' field metadata. This is how histories are
 * saved (renders/N<N>-history.json reads like GetExecutionHistory's response), and how local runs'
 * histories and recorded test fixtures become the same SDK objects the AWS path gets.
 */
public final class ModelJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ModelJson() {}

    public static ObjectNode write(SdkPojo pojo) {
        ObjectNode node = F.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            JsonNode json = toJson(field, value);
            if (json != null) {
                node.set(field.locationName(), json);
            }
        }
        return node;
    }

    /** @param builder e.g. {@code GetExecutionHistoryResponse::builder} */
    @SuppressWarnings("unchecked")
    public static <T> T read(JsonNode node, Supplier<? extends SdkPojo> builder) {
        SdkPojo b = builder.get();
        for (SdkField<?> field : b.sdkFields()) {
            JsonNode value = node.get(field.locationName());
            if (value != null && !value.isNull()) {
                field.set(b, fromJson(field, value));
            }
        }
        return (T) ((Buildable) b).build();
    }

    private static JsonNode toJson(SdkField<?> field, Object value) {
        if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
            return null;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            return write((SdkPojo) value);
        }
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            ArrayNode array = F.arrayNode();
            for (Object item : (Collection<?>) value) {
                array.add(toJson(member, item));
            }
            return array;
        }
        if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            ObjectNode map = F.objectNode();
            ((Map<?, ?>) value).forEach((k, v) -> map.set(String.valueOf(k), toJson(member, v)));
            return map;
        }
        if (type == MarshallingType.INSTANT) {
            Instant t = (Instant) value;
            return F.numberNode(BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros());
        }
        if (value instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return F.numberNode(i);
        }
        if (value instanceof Long l) {
            return F.numberNode(l);
        }
        if (value instanceof Double d) {
            return F.numberNode(d);
        }
        if (value instanceof Float f) {
            return F.numberNode(f);
        }
        if (value instanceof BigDecimal d) {
            return F.numberNode(d);
        }
        return F.textNode(String.valueOf(value));
    }

    private static Object fromJson(SdkField<?> field, JsonNode value) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            return read(value, field.constructor());
        }
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            value.forEach(item -> list.add(fromJson(member, item)));
            return list;
        }
        if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            value.properties().forEach(e -> map.put(e.getKey(), fromJson(member, e.getValue())));
            return map;
        }
        if (type == MarshallingType.INSTANT) {
            // The wire sends epoch seconds; the aws CLI and people write ISO-8601. Accept both.
            if (value.isNumber()) {
                BigDecimal seconds = value.decimalValue();
                long whole = seconds.longValue();
                return Instant.ofEpochSecond(whole, seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
            }
            return OffsetDateTime.parse(value.asText()).toInstant();
        }
        if (type == MarshallingType.BOOLEAN) {
            return value.asBoolean();
        }
        if (type == MarshallingType.INTEGER) {
            return value.asInt();
        }
        if (type == MarshallingType.LONG) {
            return value.asLong();
        }
        if (type == MarshallingType.DOUBLE) {
            return value.asDouble();
        }
        if (type == MarshallingType.FLOAT) {
            return (float) value.asDouble();
        }
        if (type == MarshallingType.BIG_DECIMAL) {
            return value.decimalValue();
        }
        if (type == MarshallingType.STRING) {
            return value.isTextual() ? value.asText() : value.toString();
        }
        throw new IllegalArgumentException("unsupported field type " + type + " for " + field.locationName());
    }
}
