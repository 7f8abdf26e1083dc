package io.orgaccessguard.it.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.SamFunction.HandlerRef;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every function of {@code template.yaml} names a handler that exists in its {@code CodeUri} module and that Lambda's
 * Java runtime can call, on the Java release the module compiles for.
 */
class HandlerDriftTest {

    static Stream<String> functions() {
        return Templates.load().functions().stream().map(SamFunction::logicalId);
    }

    @Test
    void theTemplateHasBothFunctions() {
        assertThat(functions()).containsExactlyInAnyOrder("JoinEventFunction", "ManualCheckFunction");
    }

    @ParameterizedTest
    @MethodSource("functions")
    void handler_isAPublicClassAndMethodOfTheCodeUriModule_implementingALambdaHandlerInterface(String id)
            throws Exception {
        SamFunction function = Templates.load().function(id);
        HandlerRef handler = function.handlerRef().orElseThrow(() -> new AssertionError(id + " has no Handler"));
        Path module = function.codeDirectory().orElseThrow(() -> new AssertionError(id + " has no local CodeUri"));
        assertThat(module.resolve("pom.xml")).as("%s's CodeUri is a Maven module", id).isRegularFile();

        Path source = module.resolve("src/main/java").resolve(handler.className().replace('.', '/') + ".java");
        assertThat(source).as("Handler of %s: the class %s is a source of its CodeUri %s", id, handler.className(),
                module).isRegularFile();

        Class<?> type = Class.forName(handler.className(), false, getClass().getClassLoader());
        assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()))
                .as("%s is a public concrete class", type.getName()).isTrue();
        assertThat(Arrays.stream(type.getConstructors()).filter(c -> c.getParameterCount() == 0))
                .as("%s has the public no-argument constructor Lambda instantiates it with", type.getName())
                .hasSize(1);

        String methodName = handler.methodName().orElse("handleRequest");
        Method method;
        if (RequestStreamHandler.class.isAssignableFrom(type)) {
            assertThat(methodName).as("Handler of %s: %s implements RequestStreamHandler, whose method Lambda calls"
                    + " is handleRequest", id, type.getName()).isEqualTo("handleRequest");
            method = type.getMethod(methodName, InputStream.class, OutputStream.class, Context.class);
        } else if (RequestHandler.class.isAssignableFrom(type)) {
            Type input = requestHandlerInput(type);
            method = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(methodName))
                    .filter(m -> m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class)
                    .filter(m -> !m.isBridge() && m.getGenericParameterTypes()[0].equals(input)).findFirst()
                    .orElseThrow(() -> new AssertionError(type.getName() + " has no " + methodName + "(" + input
                            + ", Context)"));
        } else {
            throw new AssertionError(type.getName() + " (Handler of " + id + ") implements neither RequestStreamHandler"
                    + " nor RequestHandler");
        }
        assertThat(Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers()))
                .as("%s.%s is a public instance method", type.getName(), methodName).isTrue();
    }

    @ParameterizedTest
    @MethodSource("functions")
    void runtime_isTheJavaReleaseTheCodeUriModuleCompilesFor(String id) throws Exception {
        SamFunction function = Templates.load().function(id);
        Path pom = function.codeDirectory().orElseThrow().resolve("pom.xml");
        String release = compilerRelease(pom);

        assertThat(function.runtime()).as("Runtime of %s vs maven.compiler.release %s of %s", id, release, pom)
                .hasValue("java" + release);
    }

    private static Type requestHandlerInput(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return p.getActualTypeArguments()[0];
                }
            }
        }
        return Object.class;
    }

    /** {@code maven.compiler.release} of a pom's own properties (the function module has no parent). */
    private static String compilerRelease(Path pom) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        var document = factory.newDocumentBuilder().parse(Files.newInputStream(pom));
        NodeList properties = document.getDocumentElement().getElementsByTagName("properties");
        for (int i = 0; i < properties.getLength(); i++) {
            var element = (Element) properties.item(i);
            if (element.getParentNode() == document.getDocumentElement()) {
                NodeList release = element.getElementsByTagName("maven.compiler.release");
                if (release.getLength() == 1) {
                    return release.item(0).getTextContent().strip();
                }
            }
        }
        throw new AssertionError(pom + " sets no maven.compiler.release in its <properties>");
    }
}
