package io.orgaccessguard.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgaccessguard.emulator.http.AwsException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks parsed expressions against DynamoDB's operand rules, evaluates them on an item, and applies projections.
 * Semantics (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html):
 * a comparison with a missing attribute is false, except {@code <>}, which is true; ordering comparisons and BETWEEN
 * apply to two values of one type among N, S and B, and are false otherwise.
 */
final class ItemExpressions {

    private static final Set<String> TYPE_NAMES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    private ItemExpressions() {
    }

    // ---------------------------------------------------------------- static checks

    /** Operand rules DynamoDB enforces before touching any item. */
    static void check(Expr.Condition condition, String member) {
        switch (condition) {
            case Expr.And and -> {
                check(and.left(), member);
                check(and.right(), member);
            }
            case Expr.Or or -> {
                check(or.left(), member);
                check(or.right(), member);
            }
            case Expr.Not not -> check(not.condition(), member);
            case Expr.Comparison c -> {
                if (!"=".equals(c.operator()) && !"<>".equals(c.operator())) {
                    requireOrderedValue(c.left(), c.operator(), member);
                    requireOrderedValue(c.right(), c.operator(), member);
                }
            }
            case Expr.Between b -> {
                requireOrderedValue(b.value(), "BETWEEN", member);
                requireOrderedValue(b.lower(), "BETWEEN", member);
                requireOrderedValue(b.upper(), "BETWEEN", member);
                if (b.lower() instanceof Expr.ValueOperand lower && b.upper() instanceof Expr.ValueOperand upper) {
                    Integer order = AttributeValues.compare(lower.value(), upper.value());
                    if (order == null) {
                        throw invalid(member, "The BETWEEN operator requires same data type for lower and upper "
                                + "bounds; lower bound operand: AttributeValue: " + AttributeValues.render(lower.value())
                                + ", upper bound operand: AttributeValue: " + AttributeValues.render(upper.value()));
                    }
                    if (order > 0) {
                        throw invalid(member, "The BETWEEN operator requires upper bound to be greater than or equal to "
                                + "lower bound; lower bound operand: AttributeValue: "
                                + AttributeValues.render(lower.value()) + ", upper bound operand: AttributeValue: "
                                + AttributeValues.render(upper.value()));
                    }
                }
            }
            case Expr.In in -> {
                // any types
            }
            case Expr.Function f -> checkFunction(f, member);
        }
    }

    private static void checkFunction(Expr.Function f, String member) {
        Expr.Operand first = f.arguments().getFirst();
        if (!(first instanceof Expr.PathOperand)) {
            throw invalid(member, "Operator or function requires a document path; operator or function: " + f.name());
        }
        switch (f.name()) {
            case "attribute_type" -> {
                if (!(f.arguments().get(1) instanceof Expr.ValueOperand type)) {
                    throw invalid(member, "Incorrect operand type for operator or function; operator or function: "
                            + "attribute_type, operand type: path");
                }
                String valueType = AttributeValues.type(type.value());
                if (!"S".equals(valueType)) {
                    throw invalid(member, "Incorrect operand type for operator or function; operator or function: "
                            + "attribute_type, operand type: " + valueType);
                }
                if (!TYPE_NAMES.contains(type.value().get("S").textValue())) {
                    throw invalid(member, "Invalid attribute type name found in type function; function: "
                            + "attribute_type, type: " + type.value().get("S").textValue());
                }
            }
            case "begins_with" -> {
                if (f.arguments().get(1) instanceof Expr.ValueOperand prefix) {
                    String valueType = AttributeValues.type(prefix.value());
                    if (!"S".equals(valueType) && !"B".equals(valueType)) {
                        throw invalid(member, "Incorrect operand type for operator or function; operator or "
                                + "function: begins_with, operand type: " + valueType);
                    }
                }
            }
            default -> {
                // attribute_exists, attribute_not_exists, contains: a path is all they need
            }
        }
    }

    private static void requireOrderedValue(Expr.Operand operand, String operator, String member) {
        if (operand instanceof Expr.ValueOperand v && !AttributeValues.ordered(AttributeValues.type(v.value()))) {
            throw invalid(member, "Incorrect operand type for operator or function; operator or function: " + operator
                    + ", operand type: " + AttributeValues.type(v.value()));
        }
    }

    static AwsException invalid(String member, String detail) {
        return AttributeValues.validation("Invalid " + member + ": " + detail);
    }

    /** Every top-level attribute name a condition reads (FilterExpression may not read key attributes). */
    static void topLevelNames(Expr.Condition condition, java.util.Collection<String> out) {
        switch (condition) {
            case Expr.And and -> {
                topLevelNames(and.left(), out);
                topLevelNames(and.right(), out);
            }
            case Expr.Or or -> {
                topLevelNames(or.left(), out);
                topLevelNames(or.right(), out);
            }
            case Expr.Not not -> topLevelNames(not.condition(), out);
            case Expr.Comparison c -> {
                operandName(c.left(), out);
                operandName(c.right(), out);
            }
            case Expr.Between b -> {
                operandName(b.value(), out);
                operandName(b.lower(), out);
                operandName(b.upper(), out);
            }
            case Expr.In in -> {
                operandName(in.value(), out);
                in.candidates().forEach(o -> operandName(o, out));
            }
            case Expr.Function f -> f.arguments().forEach(o -> operandName(o, out));
        }
    }

    private static void operandName(Expr.Operand operand, java.util.Collection<String> out) {
        switch (operand) {
            case Expr.PathOperand p -> out.add(p.path().topLevel());
            case Expr.SizeOperand s -> out.add(s.path().topLevel());
            case Expr.ValueOperand v -> {
                // constants name no attribute
            }
        }
    }

    // ---------------------------------------------------------------- evaluation

    /** Whether the condition holds for an item (an absent item is an empty one). */
    static boolean evaluate(Expr.Condition condition, ObjectNode item) {
        return switch (condition) {
            case Expr.And and -> evaluate(and.left(), item) && evaluate(and.right(), item);
            case Expr.Or or -> evaluate(or.left(), item) || evaluate(or.right(), item);
            case Expr.Not not -> !evaluate(not.condition(), item);
            case Expr.Comparison c -> compare(c.operator(), resolve(c.left(), item), resolve(c.right(), item));
            case Expr.Between b -> {
                JsonNode value = resolve(b.value(), item);
                Integer low = AttributeValues.compare(value, resolve(b.lower(), item));
                Integer high = AttributeValues.compare(value, resolve(b.upper(), item));
                yield low != null && high != null && low >= 0 && high <= 0;
            }
            case Expr.In in -> {
                JsonNode value = resolve(in.value(), item);
                yield in.candidates().stream().anyMatch(c -> AttributeValues.equal(value, resolve(c, item)));
            }
            case Expr.Function f -> function(f, item);
        };
    }

    private static boolean compare(String operator, JsonNode left, JsonNode right) {
        if ("=".equals(operator)) {
            return AttributeValues.equal(left, right);
        }
        if ("<>".equals(operator)) {
            return !AttributeValues.equal(left, right);
        }
        Integer order = AttributeValues.compare(left, right);
        if (order == null) {
            return false;
        }
        return switch (operator) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }

    private static boolean function(Expr.Function f, ObjectNode item) {
        JsonNode subject = resolve(f.arguments().getFirst(), item);
        return switch (f.name()) {
            case "attribute_exists" -> subject != null;
            case "attribute_not_exists" -> subject == null;
            case "attribute_type" -> subject != null && AttributeValues.type(subject)
                    .equals(resolve(f.arguments().get(1), item).get("S").textValue());
            case "begins_with" -> {
                JsonNode prefix = resolve(f.arguments().get(1), item);
                if (subject == null || prefix == null || !AttributeValues.type(subject).equals(AttributeValues.type(prefix))) {
                    yield false;
                }
                yield switch (AttributeValues.type(subject)) {
                    case "S" -> subject.get("S").textValue().startsWith(prefix.get("S").textValue());
                    case "B" -> startsWith(Base64.getDecoder().decode(subject.get("B").textValue()),
                            Base64.getDecoder().decode(prefix.get("B").textValue()));
                    default -> false;
                };
            }
            case "contains" -> {
                JsonNode operand = resolve(f.arguments().get(1), item);
                if (subject == null || operand == null) {
                    yield false;
                }
                String type = AttributeValues.type(subject);
                if ("S".equals(type)) {
                    yield "S".equals(AttributeValues.type(operand))
                            && subject.get("S").textValue().contains(operand.get("S").textValue());
                }
                if ("B".equals(type)) {
                    yield "B".equals(AttributeValues.type(operand)) && indexOf(
                            Base64.getDecoder().decode(subject.get("B").textValue()),
                            Base64.getDecoder().decode(operand.get("B").textValue())) >= 0;
                }
                yield AttributeValues.elements(subject).stream().anyMatch(e -> AttributeValues.equal(e, operand));
            }
            default -> throw new IllegalStateException(f.name());
        };
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** An operand's value for an item, or null when its path is missing. */
    static JsonNode resolve(Expr.Operand operand, ObjectNode item) {
        return switch (operand) {
            case Expr.ValueOperand v -> v.value();
            case Expr.PathOperand p -> get(item, p.path());
            case Expr.SizeOperand s -> {
                JsonNode value = get(item, s.path());
                if (value == null) {
                    yield null;
                }
                String type = AttributeValues.type(value);
                JsonNode v = value.get(type);
                Long size = switch (type) {
                    case "S" -> (long) v.textValue().codePointCount(0, v.textValue().length());
                    case "B" -> (long) Base64.getDecoder().decode(v.textValue()).length;
                    case "SS", "NS", "BS", "L", "M" -> (long) v.size();
                    default -> null;
                };
                yield size == null ? null : AttributeValues.NODES.objectNode().put("N", Long.toString(size));
            }
        };
    }

    /** The value at a document path, or null. */
    static JsonNode get(ObjectNode item, Expr.Path path) {
        if (item == null) {
            return null;
        }
        JsonNode current = item.get(path.topLevel());
        for (Object element : path.elements().subList(1, path.elements().size())) {
            if (current == null) {
                return null;
            }
            if (element instanceof Integer index) {
                JsonNode list = current.get("L");
                current = list == null || index >= list.size() ? null : list.get(index);
            } else {
                JsonNode map = current.get("M");
                current = map == null ? null : map.get((String) element);
            }
        }
        return current;
    }

    // ---------------------------------------------------------------- projection

    /** The item reduced to the projected paths (nested maps and lists keep only what was asked for). */
    static ObjectNode project(ObjectNode item, List<Expr.Path> paths) {
        var root = new LinkedHashMap<String, Object>();
        for (Expr.Path path : paths) {
            JsonNode value = get(item, path);
            if (value != null) {
                insert(root, path.elements(), 0, value);
            }
        }
        ObjectNode out = AttributeValues.NODES.objectNode();
        root.forEach((name, node) -> out.set(name, toAttributeValue(node)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void insert(Object container, List<Object> elements, int index, JsonNode value) {
        Object key = elements.get(index);
        boolean last = index == elements.size() - 1;
        Object next = last ? null : (elements.get(index + 1) instanceof Integer ? new TreeMap<Integer, Object>()
                : new LinkedHashMap<String, Object>());
        Object child;
        if (container instanceof TreeMap<?, ?> list) {
            child = last ? value : ((TreeMap<Integer, Object>) list).computeIfAbsent((Integer) key, k -> next);
            if (last) {
                ((TreeMap<Integer, Object>) list).put((Integer) key, value);
            }
        } else {
            var map = (Map<String, Object>) container;
            child = last ? value : map.computeIfAbsent((String) key, k -> next);
            if (last) {
                map.put((String) key, value);
            }
        }
        if (!last) {
            insert(child, elements, index + 1, value);
        }
    }

    private static JsonNode toAttributeValue(Object node) {
        if (node instanceof JsonNode value) {
            return value;
        }
        if (node instanceof TreeMap<?, ?> list) {
            ObjectNode out = AttributeValues.NODES.objectNode();
            ArrayNode array = out.putArray("L");
            list.values().forEach(v -> array.add(toAttributeValue(v)));
            return out;
        }
        ObjectNode out = AttributeValues.NODES.objectNode();
        ObjectNode map = out.putObject("M");
        ((Map<?, ?>) node).forEach((k, v) -> map.set((String) k, toAttributeValue(v)));
        return out;
    }
}
