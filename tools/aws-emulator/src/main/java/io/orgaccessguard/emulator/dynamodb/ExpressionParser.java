package io.orgaccessguard.emulator.dynamodb;

import io.orgaccessguard.emulator.http.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses condition, filter and key condition expressions and projection expressions with DynamoDB's grammar and
 * precedence (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html:
 * comparisons, then IN, BETWEEN, functions, parentheses, NOT, AND, OR), and with DynamoDB's error wording
 * ({@code Invalid ConditionExpression: Syntax error; token: "x", near: "a x b"}).
 */
final class ExpressionParser {

    private enum Kind { WORD, NAME_PLACEHOLDER, VALUE_PLACEHOLDER, SYMBOL, EOF }

    private record Token(Kind kind, String text, int start, int end) {
    }

    /** Functions that are conditions; {@code size} is the only operand function. Names are case-sensitive. */
    private static final Set<String> CONDITION_FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists",
            "attribute_type", "begins_with", "contains");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final int MAX_IN_OPERANDS = 100;

    private final String text;
    private final String member;
    private final ExpressionAttributes attributes;
    private final List<Token> tokens;
    private int position;

    private ExpressionParser(String text, String member, ExpressionAttributes attributes) {
        this.text = text;
        this.member = member;
        this.attributes = attributes;
        this.tokens = tokenize();
    }

    /** A condition, filter or key condition expression. */
    static Expr.Condition condition(String text, String member, ExpressionAttributes attributes) {
        var parser = new ExpressionParser(requireNonEmpty(text, member), member, attributes);
        Expr.Condition condition = parser.or();
        parser.expectEnd();
        return condition;
    }

    /** A projection expression: comma-separated document paths. */
    static List<Expr.Path> projection(String text, ExpressionAttributes attributes) {
        String member = "ProjectionExpression";
        var parser = new ExpressionParser(requireNonEmpty(text, member), member, attributes);
        var paths = new ArrayList<Expr.Path>();
        paths.add(parser.path());
        while (parser.peekSymbol(",")) {
            parser.position++;
            paths.add(parser.path());
        }
        parser.expectEnd();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (overlap(paths.get(i), paths.get(j))) {
                    throw AttributeValues.validation("Invalid ProjectionExpression: Two document paths overlap with "
                            + "each other; must remove or rewrite one of these paths; path one: "
                            + render(paths.get(i)) + ", path two: " + render(paths.get(j)));
                }
            }
        }
        return paths;
    }

    private static boolean overlap(Expr.Path a, Expr.Path b) {
        int n = Math.min(a.elements().size(), b.elements().size());
        return a.elements().subList(0, n).equals(b.elements().subList(0, n));
    }

    private static String render(Expr.Path path) {
        var parts = new ArrayList<String>();
        path.elements().forEach(e -> parts.add(e instanceof Integer i ? "[" + i + "]" : e.toString()));
        return "[" + String.join(", ", parts) + "]";
    }

    private static String requireNonEmpty(String text, String member) {
        if (text.isBlank()) {
            throw AttributeValues.validation("Invalid " + member + ": The expression can not be empty;");
        }
        return text;
    }

    // ---------------------------------------------------------------- grammar

    private Expr.Condition or() {
        Expr.Condition left = and();
        while (peekKeyword("OR")) {
            position++;
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr.Condition and() {
        Expr.Condition left = not();
        while (peekKeyword("AND")) {
            position++;
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr.Condition not() {
        if (peekKeyword("NOT")) {
            position++;
            return new Expr.Not(not());
        }
        return primary();
    }

    private Expr.Condition primary() {
        Token t = peek();
        if (t.kind() == Kind.SYMBOL && "(".equals(t.text())) {
            position++;
            Expr.Condition inner = or();
            expectSymbol(")");
            return inner;
        }
        if (t.kind() == Kind.WORD && peekAt(1).text().equals("(") && !"size".equals(t.text())) {
            return function();
        }
        Expr.Operand left = operand();
        Token next = peek();
        if (next.kind() == Kind.SYMBOL && COMPARATORS.contains(next.text())) {
            position++;
            return new Expr.Comparison(next.text(), left, operand());
        }
        if (peekKeyword("BETWEEN")) {
            position++;
            Expr.Operand lower = operand();
            expectKeyword("AND");
            return new Expr.Between(left, lower, operand());
        }
        if (peekKeyword("IN")) {
            position++;
            expectSymbol("(");
            var candidates = new ArrayList<Expr.Operand>();
            candidates.add(operand());
            while (peekSymbol(",")) {
                position++;
                candidates.add(operand());
            }
            expectSymbol(")");
            if (candidates.size() > MAX_IN_OPERANDS) {
                throw invalid("The IN operator is provided with too many operands; number of operands: "
                        + candidates.size());
            }
            return new Expr.In(left, candidates);
        }
        throw syntaxError(next);
    }

    private Expr.Condition function() {
        Token name = next();
        if (!CONDITION_FUNCTIONS.contains(name.text())) {
            throw invalid("Invalid function name; function: " + name.text());
        }
        expectSymbol("(");
        var arguments = new ArrayList<Expr.Operand>();
        arguments.add(operand());
        while (peekSymbol(",")) {
            position++;
            arguments.add(operand());
        }
        expectSymbol(")");
        int expected = name.text().startsWith("attribute_") && !"attribute_type".equals(name.text()) ? 1 : 2;
        if (arguments.size() != expected) {
            throw invalid("Incorrect number of operands for operator or function; operator or function: "
                    + name.text() + ", number of operands: " + arguments.size());
        }
        return new Expr.Function(name.text(), arguments);
    }

    private Expr.Operand operand() {
        Token t = peek();
        if (t.kind() == Kind.VALUE_PLACEHOLDER) {
            position++;
            return new Expr.ValueOperand(t.text(), attributes.value(t.text(), member));
        }
        if (t.kind() == Kind.WORD && peekAt(1).text().equals("(")) {
            if (!"size".equals(t.text())) {
                throw CONDITION_FUNCTIONS.contains(t.text())
                        ? invalid("The function is not allowed to be used this way in an expression; function: "
                                + t.text())
                        : invalid("Invalid function name; function: " + t.text());
            }
            position += 2;
            Expr.Path path = path();
            expectSymbol(")");
            return new Expr.SizeOperand(path);
        }
        return new Expr.PathOperand(path());
    }

    private Expr.Path path() {
        var elements = new ArrayList<Object>();
        elements.add(pathName());
        while (true) {
            if (peekSymbol(".")) {
                position++;
                elements.add(pathName());
            } else if (peekSymbol("[")) {
                position++;
                Token index = next();
                if (index.kind() != Kind.WORD || !index.text().chars().allMatch(Character::isDigit)) {
                    throw syntaxError(index);
                }
                elements.add(Integer.parseInt(index.text()));
                expectSymbol("]");
            } else {
                return new Expr.Path(elements);
            }
        }
    }

    private String pathName() {
        Token t = next();
        if (t.kind() == Kind.NAME_PLACEHOLDER) {
            return attributes.name(t.text(), member);
        }
        if (t.kind() != Kind.WORD || Character.isDigit(t.text().charAt(0)) || isKeyword(t.text())) {
            throw syntaxError(t);
        }
        return ExpressionAttributes.literalName(t.text(), member);
    }

    // ---------------------------------------------------------------- tokens

    private List<Token> tokenize() {
        var out = new ArrayList<Token>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':' || isWordChar(c)) {
                i++;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                Kind kind = c == '#' ? Kind.NAME_PLACEHOLDER : c == ':' ? Kind.VALUE_PLACEHOLDER : Kind.WORD;
                if (kind != Kind.WORD && i == start + 1) {
                    throw syntaxError(new Token(Kind.SYMBOL, String.valueOf(c), start, i));
                }
                out.add(new Token(kind, text.substring(start, i), start, i));
                continue;
            }
            String symbol = switch (c) {
                case '<' -> i + 1 < text.length() && (text.charAt(i + 1) == '=' || text.charAt(i + 1) == '>')
                        ? text.substring(i, i + 2) : "<";
                case '>' -> i + 1 < text.length() && text.charAt(i + 1) == '=' ? ">=" : ">";
                case '=', '(', ')', '[', ']', ',', '.' -> String.valueOf(c);
                default -> throw invalid("Invalid character encountered; character: " + c);
            };
            i += symbol.length();
            out.add(new Token(Kind.SYMBOL, symbol, start, i));
        }
        out.add(new Token(Kind.EOF, "<EOF>", text.length(), text.length()));
        return out;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isKeyword(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "AND", "OR", "NOT", "BETWEEN", "IN" -> true;
            default -> false;
        };
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token peekAt(int offset) {
        return tokens.get(Math.min(position + offset, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        if (t.kind() != Kind.EOF) {
            position++;
        }
        return t;
    }

    private boolean peekKeyword(String keyword) {
        Token t = peek();
        return t.kind() == Kind.WORD && t.text().equalsIgnoreCase(keyword);
    }

    private boolean peekSymbol(String symbol) {
        Token t = peek();
        return t.kind() == Kind.SYMBOL && t.text().equals(symbol);
    }

    private void expectKeyword(String keyword) {
        if (!peekKeyword(keyword)) {
            throw syntaxError(peek());
        }
        position++;
    }

    private void expectSymbol(String symbol) {
        if (!peekSymbol(symbol)) {
            throw syntaxError(peek());
        }
        position++;
    }

    private void expectEnd() {
        if (peek().kind() != Kind.EOF) {
            throw syntaxError(peek());
        }
    }

    /** DynamoDB quotes the offending token and the text from the token before it to the token after it. */
    private AwsException syntaxError(Token t) {
        int index = tokens.indexOf(t);
        int from = index > 0 ? tokens.get(index - 1).start() : t.start();
        int to = index >= 0 && index + 1 < tokens.size() ? tokens.get(index + 1).end() : t.end();
        return invalid("Syntax error; token: \"" + t.text() + "\", near: \""
                + text.substring(Math.max(0, from), Math.min(text.length(), Math.max(from, to))) + "\"");
    }

    private AwsException invalid(String detail) {
        return AttributeValues.validation("Invalid " + member + ": " + detail);
    }
}
