package io.orgaccessguard.localinvoke.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CfnYamlTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = CfnYamlTest.class.getResourceAsStream("/templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyShortFormTagBecomesItsLongForm() {
        Object tree = CfnYaml.parse("""
                a: !Ref Stage
                b: !Sub "x-${Stage}"
                c: !Sub ["${N}", {N: !Ref Stage}]
                d: !GetAtt Table.Arn
                e: !GetAtt [Table, StreamArn]
                f: !If [IsProd, 1, 2]
                g: !Join ["-", [a, b]]
                h: !Select [0, [a, b]]
                i: !Split [",", "a,b"]
                j: !Equals [a, b]
                k: !Not [!Condition C]
                l: !And [!Condition C, !Condition D]
                m: !Or [!Condition C, !Condition D]
                n: !FindInMap [M, k1, k2]
                o: !ImportValue exported
                p: !Base64 text
                q: !Condition C
                r: !GetAZs ""
                s: !Cidr ["10.0.0.0/16", 4, 8]
                t: !GetAtt Res.Nested.Attr
                """);
        Map<String, Object> m = map(tree);
        assertThat(m.get("a")).isEqualTo(Map.of("Ref", "Stage"));
        assertThat(m.get("b")).isEqualTo(Map.of("Fn::Sub", "x-${Stage}"));
        assertThat(m.get("c")).isEqualTo(Map.of("Fn::Sub", List.of("${N}", Map.of("N", Map.of("Ref", "Stage")))));
        assertThat(m.get("d")).isEqualTo(Map.of("Fn::GetAtt", List.of("Table", "Arn")));
        assertThat(m.get("e")).isEqualTo(Map.of("Fn::GetAtt", List.of("Table", "StreamArn")));
        assertThat(m.get("f")).isEqualTo(Map.of("Fn::If", List.of("IsProd", 1, 2)));
        assertThat(m.get("g")).isEqualTo(Map.of("Fn::Join", List.of("-", List.of("a", "b"))));
        assertThat(m.get("h")).isEqualTo(Map.of("Fn::Select", List.of(0, List.of("a", "b"))));
        assertThat(m.get("i")).isEqualTo(Map.of("Fn::Split", List.of(",", "a,b")));
        assertThat(m.get("j")).isEqualTo(Map.of("Fn::Equals", List.of("a", "b")));
        assertThat(m.get("k")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Condition", "C"))));
        assertThat(m.get("l")).isEqualTo(Map.of("Fn::And", List.of(Map.of("Condition", "C"), Map.of("Condition", "D"))));
        assertThat(m.get("m")).isEqualTo(Map.of("Fn::Or", List.of(Map.of("Condition", "C"), Map.of("Condition", "D"))));
        assertThat(m.get("n")).isEqualTo(Map.of("Fn::FindInMap", List.of("M", "k1", "k2")));
        assertThat(m.get("o")).isEqualTo(Map.of("Fn::ImportValue", "exported"));
        assertThat(m.get("p")).isEqualTo(Map.of("Fn::Base64", "text"));
        assertThat(m.get("q")).isEqualTo(Map.of("Condition", "C"));
        assertThat(m.get("r")).isEqualTo(Map.of("Fn::GetAZs", ""));
        assertThat(m.get("s")).isEqualTo(Map.of("Fn::Cidr", List.of("10.0.0.0/16", 4, 8)));
        assertThat(m.get("t")).isEqualTo(Map.of("Fn::GetAtt", List.of("Res", "Nested.Attr")));
    }

    @Test
    void parsesTheFixtureTemplateWithAllTags() throws IOException {
        Map<String, Object> tree = map(CfnYaml.parse(resource("all-tags.yaml")));
        Map<String, Object> vars = map(map(map(map(map(tree.get("Resources")).get("Fn")).get("Properties"))
                .get("Environment")).get("Variables"));
        assertThat(vars).hasSize(19);
        assertThat(vars.get("IMPORT")).isEqualTo(Map.of("Fn::ImportValue", "shared-vpc-id"));
        assertThat(vars.get("AZ")).isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))));
        assertThat(map(map(tree.get("Conditions"))).get("IsDev"))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Condition", "IsProd"))));
    }

    @Test
    void datesStayStringsAsInCloudFormation() {
        Map<String, Object> m = map(CfnYaml.parse("Version: 2012-10-17\nWhen: 2024-01-02T03:04:05Z\n"));
        assertThat(m.get("Version")).isEqualTo("2012-10-17");
        assertThat(m.get("When")).isEqualTo("2024-01-02T03:04:05Z");
    }

    @Test
    void keepsScalarTypesAndOrder() {
        Map<String, Object> m = map(CfnYaml.parse("z: 1\ny: true\nx: 1.5\nw: null\nv: '042'\n"));
        assertThat(m.keySet()).containsExactly("z", "y", "x", "w", "v");
        assertThat(m.get("z")).isEqualTo(1);
        assertThat(m.get("y")).isEqualTo(true);
        assertThat(m.get("x")).isEqualTo(1.5);
        assertThat(m.get("w")).isNull();
        assertThat(m.get("v")).isEqualTo("042");
    }

    @Test
    void treesAreUnmodifiable() {
        Map<String, Object> m = map(CfnYaml.parse("a: [1, 2]\n"));
        assertThatThrownBy(() -> m.put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) m.get("a")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readsJsonTemplates() {
        Map<String, Object> m = map(CfnYaml.parse("{\"a\": {\"Fn::GetAtt\": [\"T\", \"Arn\"]}}"));
        assertThat(m.get("a")).isEqualTo(Map.of("Fn::GetAtt", List.of("T", "Arn")));
    }

    @Test
    void rejectsDuplicateKeysAndBadGetAtt() {
        assertThatThrownBy(() -> CfnYaml.parse("a: 1\na: 2\n")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> CfnYaml.parse("a: !GetAtt NoDot\n")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("LogicalId.Attribute");
        assertThatThrownBy(() -> CfnYaml.parse("a: [\n")).isInstanceOf(TemplateException.class);
    }
}
