package io.orgaccessguard.json;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records as JSON trees and back, typed: a value kept between invocations (a result staged for a run's digest) is
 * stored as the record it is, its sealed alternatives named by class, and read back as that record, never as words
 * to be parsed. Records of {@code allowedPackage}, strings, numbers, booleans, enums, {@link Instant},
 * {@link Duration}, {@link Optional} and {@link List} are supported: what the domain's records are made of.
 */
public final class RecordJson {

    private static final String TYPE = "@type";

    private final String allowedPackage;

    /** @param allowedPackage only records of this package (and below) are made from what is read */
    public RecordJson(String allowedPackage) {
        this.allowedPackage = allowedPackage + ".";
    }

    public Object tree(Object value) {
        return switch (value) {
            case null -> null;
            case Record record -> {
                var json = new LinkedHashMap<String, Object>();
                json.put(TYPE, record.getClass().getName());
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    json.put(component.getName(), tree(read(component, record)));
                }
                yield json;
            }
            case Optional<?> optional -> optional.map(this::tree).orElse(null);
            case List<?> list -> new ArrayList<>(list.stream().map(this::tree).toList());
            case Enum<?> constant -> constant.name();
            case Instant instant -> instant.toString();
            case Duration duration -> duration.toString();
            case String text -> text;
            case Number number -> number;
            case Boolean bool -> bool;
            default -> throw new IllegalArgumentException("not a value RecordJson keeps: " + value.getClass());
        };
    }

    public <T> T value(Object tree, Class<T> type) {
        return type.cast(value(tree, (Type) type));
    }

    private Object value(Object tree, Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type argument = parameterized.getActualTypeArguments()[0];
            if (parameterized.getRawType() == Optional.class) {
                return tree == null ? Optional.empty() : Optional.of(value(tree, argument));
            }
            if (parameterized.getRawType() == List.class) {
                return ((List<?>) tree).stream().map(item -> value(item, argument)).toList();
            }
            throw new IllegalArgumentException("not a type RecordJson reads: " + type);
        }
        Class<?> raw = (Class<?>) type;
        if (tree == null) {
            return null;
        }
        if (raw == String.class) {
            return tree.toString();
        }
        if (raw == int.class || raw == Integer.class) {
            return ((Number) tree).intValue();
        }
        if (raw == long.class || raw == Long.class) {
            return ((Number) tree).longValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return tree;
        }
        if (raw == Instant.class) {
            return Instant.parse(tree.toString());
        }
        if (raw == Duration.class) {
            return Duration.parse(tree.toString());
        }
        if (raw.isEnum()) {
            return Arrays.stream(raw.getEnumConstants()).filter(c -> ((Enum<?>) c).name().equals(tree))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(tree + " is not a " + raw));
        }
        return record((Map<?, ?>) tree, raw);
    }

    private Object record(Map<?, ?> json, Class<?> expected) {
        String name = String.valueOf(json.get(TYPE));
        if (!name.startsWith(allowedPackage)) {
            throw new IllegalArgumentException("not a record RecordJson makes: " + name);
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, expected.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown record " + name, e);
        }
        if (!type.isRecord() || !expected.isAssignableFrom(type)) {
            throw new IllegalArgumentException(name + " is not a " + expected.getName());
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            arguments[i] = value(json.get(components[i].getName()), components[i].getGenericType());
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("record " + name + " refused what was read: " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("record " + name + " cannot be made", e);
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
