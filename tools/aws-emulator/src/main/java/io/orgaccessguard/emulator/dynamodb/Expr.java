package io.orgaccessguard.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The syntax tree of DynamoDB condition, filter and key condition expressions
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html), with
 * {@code #name} placeholders already resolved and {@code :value} placeholders bound to their values.
 */
final class Expr {

    private Expr() {
    }

    /** A document path: top-level name, then map keys (String) and list indexes (Integer). */
    record Path(List<Object> elements) {
        Path {
            elements = List.copyOf(elements);
        }

        String topLevel() {
            return (String) elements.getFirst();
        }

        @Override
        public String toString() {
            var sb = new StringBuilder();
            for (Object e : elements) {
                if (e instanceof Integer i) {
                    sb.append('[').append(i).append(']');
                } else {
                    if (!sb.isEmpty()) {
                        sb.append('.');
                    }
                    sb.append(e);
                }
            }
            return sb.toString();
        }
    }

    sealed interface Operand permits PathOperand, ValueOperand, SizeOperand {
    }

    record PathOperand(Path path) implements Operand {
    }

    /** A {@code :placeholder} and the value it stands for. */
    record ValueOperand(String placeholder, JsonNode value) implements Operand {
    }

    record SizeOperand(Path path) implements Operand {
    }

    sealed interface Condition permits Comparison, Between, In, Function, And, Or, Not {
    }

    /** {@code =, <>, <, <=, >, >=}. */
    record Comparison(String operator, Operand left, Operand right) implements Condition {
    }

    record Between(Operand value, Operand lower, Operand upper) implements Condition {
    }

    record In(Operand value, List<Operand> candidates) implements Condition {
        In {
            candidates = List.copyOf(candidates);
        }
    }

    /** {@code attribute_exists, attribute_not_exists, attribute_type, begins_with, contains}. */
    record Function(String name, List<Operand> arguments) implements Condition {
        Function {
            arguments = List.copyOf(arguments);
        }
    }

    record And(Condition left, Condition right) implements Condition {
    }

    record Or(Condition left, Condition right) implements Condition {
    }

    record Not(Condition condition) implements Condition {
    }
}
