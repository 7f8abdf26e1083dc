package io.orgaccessguard.localinvoke.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses CloudFormation / SAM YAML (or JSON) into plain Java trees.
 *
 * <p>The result is made of {@code Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String},
 * {@code Number}, {@code Boolean} and {@code null}; every map and list is unmodifiable. The CloudFormation short-form
 * tags become their long form, exactly as CloudFormation reads them:
 * <ul>
 *   <li>{@code !Ref X} → {@code {"Ref": "X"}} and {@code !Condition X} → {@code {"Condition": "X"}};</li>
 *   <li>{@code !GetAtt A.B.C} → {@code {"Fn::GetAtt": ["A", "B.C"]}} (the list form is kept as is);</li>
 *   <li>every other tag {@code !Name v} ({@code !Sub}, {@code !If}, {@code !Join}, {@code !Select}, {@code !Split},
 *       {@code !Equals}, {@code !Not}, {@code !And}, {@code !Or}, {@code !FindInMap}, {@code !ImportValue},
 *       {@code !Base64}, {@code !GetAZs}, {@code !Cidr}, {@code !Transform}, {@code !ToJsonString}, {@code !Length})
 *       → {@code {"Fn::Name": v}} where {@code v} is the scalar, list or map under the tag. So does any other
 *       {@code !Name} tag, e.g. the {@code Rules} functions {@code !Contains}, {@code !EachMemberIn},
 *       {@code !ValueOf}.</li>
 * </ul>
 * Unlike plain YAML 1.1, dates such as {@code 2012-10-17} (IAM policy versions) stay strings, as in CloudFormation.
 * Duplicate keys are rejected.
 */
public final class CfnYaml {

    private static final List<String> FN_TAGS = List.of(
            "Sub", "If", "Join", "Select", "Split", "Equals", "Not", "And", "Or", "FindInMap", "ImportValue",
            "Base64", "GetAZs", "Cidr", "Transform", "ToJsonString", "Length");

    private CfnYaml() {
    }

    /**
     * Parses one YAML (or JSON) document.
     *
     * @param text the document
     * @return the tree (a map for a template); {@code null} for an empty document
     * @throws TemplateException when the text is not valid YAML
     */
    public static Object parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(50 * 1024 * 1024);
        Yaml yaml = new Yaml(new CfnConstructor(options));
        try {
            return freeze(yaml.load(text));
        } catch (YAMLException e) {
            throw new TemplateException("invalid YAML: " + e.getMessage(), e);
        }
    }

    /** Deep copy into unmodifiable, insertion-ordered maps and lists with string keys. */
    static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(String.valueOf(e.getKey()), freeze(e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(Tag.TIMESTAMP, new AsString());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref", false));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition", false));
            yamlConstructors.put(new Tag("!GetAtt"), new Intrinsic("Fn::GetAtt", true));
            for (String name : FN_TAGS) {
                yamlConstructors.put(new Tag("!" + name), new Intrinsic("Fn::" + name, false));
            }
            // any other local tag (e.g. the Rules functions !Contains, !EachMemberEquals, !ValueOf) is Fn::<Name> too
            yamlMultiConstructors.put("!", new AnyIntrinsic());
        }

        private final class AnyIntrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String name = node.getTag().getValue().substring(1);
                return new Intrinsic("Fn::" + name, false).construct(node);
            }
        }

        private final class AsString extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                return constructScalar((ScalarNode) node);
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;
            private final boolean getAtt;

            Intrinsic(String key, boolean getAtt) {
                this.key = key;
                this.getAtt = getAtt;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    if (getAtt) {
                        int dot = text.indexOf('.');
                        if (dot <= 0 || dot == text.length() - 1) {
                            throw new YAMLException("!GetAtt needs LogicalId.Attribute, got '" + text + "'"
                                    + node.getStartMark());
                        }
                        value = List.of(text.substring(0, dot), text.substring(dot + 1));
                    } else {
                        value = text;
                    }
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<Object, Object> map = new LinkedHashMap<>();
                map.put(key, value);
                return map;
            }
        }
    }
}
