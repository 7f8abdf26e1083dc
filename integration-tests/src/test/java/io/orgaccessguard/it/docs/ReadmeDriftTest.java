package io.orgaccessguard.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.it.support.Repo;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.notify.RecheckCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README and docs say what the code and the template do: commands as printed, variables, retries, links. */
class ReadmeDriftTest {

    private static final Path ROOT = Repo.root();

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    @Test
    void readme_printsTheRecheckCommandExactlyAsAlertsPrintIt() throws IOException {
        String command = RecheckCommand.of("org-access-guard-check", "us-east-1",
                "{\"accountIds\":[\"111122223333\"]}");

        assertThat(read("README.md")).contains("\n" + command + "\n");
    }

    @Test
    void readme_documentsEveryVariableTheFunctionReads() throws IOException {
        String readme = read("README.md");

        for (String variable : GuardConfig.VARIABLES) {
            assertThat(readme).as(variable).contains("| `" + variable + "` |");
        }
    }

    /** Defect 7 of issue 10: the README's retry sentence and the template's retry settings say the same. */
    @Test
    @SuppressWarnings("unchecked")
    void readme_retriesAreTheTemplates() throws IOException {
        Map<String, Object> join = SamTemplate.load(ROOT.resolve("template.yaml")).resource("JoinEventFunction");
        Map<String, Object> properties = (Map<String, Object>) join.get("Properties");
        Map<String, Object> invokeConfig = (Map<String, Object>) properties.get("EventInvokeConfig");
        Map<String, Object> rule = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                properties.get("Events")).get("AccountJoined")).get("Properties");
        Map<String, Object> retryPolicy = (Map<String, Object>) rule.get("RetryPolicy");
        String readme = read("README.md").replaceAll("\\s+", " ");

        long eventBridgeHours = Long.parseLong(retryPolicy.get("MaximumEventAgeInSeconds").toString()) / 3600;
        assertThat(readme).contains("retries for up to " + eventBridgeHours + " hours and "
                + retryPolicy.get("MaximumRetryAttempts") + " attempts");
        String times = switch (Integer.parseInt(invokeConfig.get("MaximumRetryAttempts").toString())) {
            case 0 -> "not retried";
            case 1 -> "retried once";
            default -> "retried twice";
        };
        long lambdaHours = Long.parseLong(invokeConfig.get("MaximumEventAgeInSeconds").toString()) / 3600;
        assertThat(readme).contains("a run that fails is " + times).contains("within " + lambdaHours + " hours");
    }

    @Test
    void readmeAndDocs_linkOnlyToFilesThatExist() throws IOException {
        var broken = new ArrayList<String>();
        var files = new ArrayList<String>(List.of("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.map(doc -> "docs/" + doc.getFileName()).filter(doc -> doc.endsWith(".md")).sorted().forEach(files::add);
        }
        for (String file : files) {
            Matcher link = Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)").matcher(read(file));
            while (link.find()) {
                String target = link.group(1);
                if (!target.startsWith("http") && !Files.exists(ROOT.resolve(file).getParent().resolve(target))) {
                    broken.add(file + " -> " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** The README's file map names every top-level entry of the repository, every tool and every page of docs/. */
    @Test
    void readmeFileMap_matchesTheTree() throws IOException, InterruptedException {
        String readme = read("README.md");
        String map = readme.substring(readme.indexOf("## Files"), readme.indexOf("\n## ", readme.indexOf("## Files") + 1));
        var mapped = new ArrayList<String>();
        Matcher path = Pattern.compile("`([^`\\s]+)`").matcher(map.lines()
                .filter(line -> line.startsWith("| `")).map(line -> line.substring(0, line.indexOf(" |", 2)))
                .reduce("", String::concat));
        while (path.find()) {
            mapped.add(path.group(1).replaceAll("/$", ""));
        }

        assertThat(mapped).allSatisfy(entry -> assertThat(ROOT.resolve(entry)).as(entry).exists());
        var expected = new ArrayList<String>(topLevelEntries());
        expected.removeAll(List.of("README.md", ".gitignore", "functions", "tools"));
        for (String modules : List.of("functions", "tools")) {
            try (Stream<Path> module = Files.list(ROOT.resolve(modules))) {
                module.filter(Files::isDirectory).map(dir -> modules + "/" + dir.getFileName()).forEach(expected::add);
            }
        }
        assertThat(mapped).containsAll(expected);
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.map(doc -> "(docs/" + doc.getFileName() + ")").forEach(link -> assertThat(map).as(link).contains(link));
        }
    }

    /** What git tracks at the top (a clean clone); the folder's own entries, less build output, where git is not. */
    private static List<String> topLevelEntries() throws IOException, InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "ls-files").directory(ROOT.toFile()).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes());
            if (git.waitFor() == 0 && !out.isBlank()) {
                return out.lines().map(file -> file.split("/")[0]).distinct().toList();
            }
        } catch (IOException noGit) {
            // a source archive: fall through to the folder's listing
        }
        try (Stream<Path> entries = Files.list(ROOT)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> !name.equals(".git") && !name.equals("target")).toList();
        }
    }
}
