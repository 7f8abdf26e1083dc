package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.notify.ArtifactLocations;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.notify.SwitchRoleLink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code access-directory.html}: one self-contained page listing every active account (name, ID, OU path, joined
 * method, access status and since when, switch-role link, CLI profile), with a text filter (name or ID), a status
 * filter and an OU filter (an OU shows the accounts of its sub-OUs too).
 *
 * <p>Nothing is fetched from anywhere: the style and the script are inline, and the page's Content-Security-Policy
 * ({@code default-src 'none'}) admits exactly those two by their SHA-256 hashes, so even markup that slipped through
 * could load, run or send nothing. Every account and OU name is HTML-escaped and each name is isolated with
 * {@code <bdi>} (right-to-left marks cannot reorder the row). The rows are rendered here, so the page reads without
 * script; the script only hides rows. About 600 bytes a row with long names and three OU levels: 1,000 accounts come to
 * about 0.6 MB (AccessDirectoryPageTest measures it).
 */
public final class AccessDirectoryPage {

    /** Its object key in the bucket. */
    public static final String OBJECT_KEY = ArtifactLocations.DIRECTORY_PAGE;

    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            :root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
            body{margin:0 1.5rem 2rem}
            h1{font-size:1.4rem;margin:1rem 0 .2rem}
            .meta{margin:0 0 .6rem;opacity:.75}
            .filters{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:flex-end;position:sticky;top:0;\
            background:Canvas;padding:.6rem 0;border-bottom:2px solid #8884}
            .filters label{display:flex;flex-direction:column;font-size:.8rem;gap:.15rem}
            input,select{font:inherit;font-size:.95rem;padding:.25rem .4rem;min-width:13rem}
            output{font-size:.9rem;padding-bottom:.3rem}
            table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:.4rem}
            th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #8883;vertical-align:top}
            th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
            td:nth-child(2),td:nth-child(8){font-family:ui-monospace,Menlo,Consolas,monospace}
            td:nth-child(6),td:nth-child(7){white-space:nowrap}
            .st{font-size:.78rem;font-weight:600;padding:.1rem .4rem;border-radius:.3rem;white-space:nowrap}
            .ok{background:#d9f2de;color:#135e26}
            .bad{background:#fadcdc;color:#8a1c1c}
            .mid{background:#fdefd0;color:#6b4a00}
            .none{opacity:.6}
            [hidden]{display:none!important}
            """;

    private static final String SCRIPT = """
            (function () {
              var text = document.getElementById('q');
              var status = document.getElementById('status');
              var ou = document.getElementById('ou');
              var shown = document.getElementById('shown');
              var rows = Array.prototype.slice.call(document.querySelectorAll('#accounts tbody tr'));
              var keys = rows.map(function (row) {
                return (row.cells[0].textContent + ' ' + row.cells[1].textContent).toLowerCase();
              });
              function apply() {
                var wanted = text.value.trim().toLowerCase();
                var count = 0;
                for (var i = 0; i < rows.length; i++) {
                  var row = rows[i];
                  var show = (!wanted || keys[i].indexOf(wanted) >= 0)
                    && (!status.value || row.getAttribute('data-s') === status.value)
                    && (!ou.value || (' ' + row.getAttribute('data-o') + ' ').indexOf(' ' + ou.value + ' ') >= 0);
                  row.hidden = !show;
                  if (show) { count++; }
                }
                shown.textContent = count + ' of ' + rows.length + ' accounts';
              }
              text.addEventListener('input', apply);
              status.addEventListener('change', apply);
              ou.addEventListener('change', apply);
              apply();
            })();
            """;

    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'sha256-" + sha256(SCRIPT)
            + "'; style-src 'sha256-" + sha256(STYLE) + "'; base-uri 'none'; form-action 'none'";

    /** Parents before their children, siblings by name (case-insensitively, then exactly). */
    private static final Comparator<List<String>> PATH_ORDER = (left, right) -> {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int names = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder())
                    .compare(left.get(i), right.get(i));
            if (names != 0) {
                return names;
            }
        }
        return Integer.compare(left.size(), right.size());
    };

    private AccessDirectoryPage() {
    }

    /** The page for {@code entries}, sorted by name (then ID). */
    public static String render(DirectoryInfo info, List<DirectoryEntry> entries) {
        Organization organization = info.organization();
        List<DirectoryEntry> rows = entries.stream()
                .sorted(Comparator.comparing((DirectoryEntry entry) -> entry.name().toLowerCase(Locale.ROOT))
                        .thenComparing(DirectoryEntry::accountId))
                .toList();
        Map<String, String> profiles = ProfileNames.assign(rows);
        Map<List<String>, Integer> ous = ouOptions(rows);
        Map<String, Long> statuses = rows.stream()
                .collect(Collectors.groupingBy(DirectoryEntry::status, TreeMap::new, Collectors.counting()));
        long enterable = profiles.size();

        var page = new StringBuilder(4096 + rows.size() * 420);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY)
                .append("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Access directory · ").append(Html.escape(organization.id())).append("</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Access directory</h1>\n<p class=\"meta\">Organization ")
                .append(Html.escape(organization.id())).append(" · management account ")
                .append(Html.escape(organization.managementAccountId())).append(" · role ")
                .append(Html.escape(info.accessRoleName())).append(" · generated ")
                .append(SHOWN_TIME.format(info.generatedAt())).append(" UTC · ").append(rows.size())
                .append(" accounts, ").append(enterable).append(" can be entered</p>\n")
                .append("<div class=\"filters\">\n")
                .append("<label for=\"q\">Name or account ID<input id=\"q\" type=\"search\" autocomplete=\"off\"")
                .append(" placeholder=\"Filter\"></label>\n")
                .append("<label for=\"status\">Status<select id=\"status\"><option value=\"\">All statuses</option>");
        statuses.forEach((status, count) -> page.append("<option value=\"").append(Html.escape(status)).append("\">")
                .append(Html.escape(status)).append(" (").append(count).append(")</option>"));
        page.append("</select></label>\n<label for=\"ou\">Organizational unit<select id=\"ou\">")
                .append("<option value=\"\">All OUs</option>");
        ous.forEach((path, index) -> page.append("<option value=\"").append(index).append("\">")
                .append(Html.escape(ouLabel(path))).append("</option>"));
        page.append("</select></label>\n<output id=\"shown\">").append(rows.size()).append(" of ").append(rows.size())
                .append(" accounts</output>\n</div>\n")
                .append("<table id=\"accounts\">\n<thead><tr><th>Account</th><th>ID</th><th>OU</th><th>Joined</th>")
                .append("<th>Status</th><th>Since (UTC)</th><th>Switch role</th><th>CLI profile</th></tr></thead>\n")
                .append("<tbody>\n");
        for (DirectoryEntry entry : rows) {
            row(page, entry, organization, info.accessRoleName(), ous, profiles.get(entry.accountId()));
        }
        page.append("</tbody>\n</table>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    /** How an OU path reads: its names from the root down, or {@code (root)}. */
    static String ouLabel(List<String> ouPath) {
        return ouPath.isEmpty() ? "(root)" : String.join(" / ", ouPath);
    }

    private static void row(StringBuilder page, DirectoryEntry entry, Organization organization, String roleName,
                            Map<List<String>, Integer> ous, String profile) {
        page.append("<tr data-s=\"").append(Html.escape(entry.status())).append("\" data-o=\"")
                .append(prefixes(entry.ouPath()).stream().map(ous::get).map(String::valueOf)
                        .collect(Collectors.joining(" ")))
                .append("\"><td><bdi>").append(Html.escape(entry.name())).append("</bdi></td><td>")
                .append(entry.accountId()).append("</td><td><bdi>").append(Html.escape(ouLabel(entry.ouPath())))
                .append("</bdi></td><td>").append(Html.escape(entry.joinedMethod())).append("</td><td><span class=\"st ")
                .append(statusClass(entry)).append("\">").append(Html.escape(entry.status())).append("</span></td>")
                .append("<td><time datetime=\"").append(entry.since()).append("\">")
                .append(SHOWN_TIME.format(entry.since())).append("</time></td>");
        if (entry.enterable()) {
            page.append("<td><a href=\"")
                    .append(Html.escape(SwitchRoleLink.of(organization, entry.accountId(), roleName, entry.name())))
                    .append("\" target=\"_blank\" rel=\"noopener noreferrer\">Switch role</a>")
                    .append(entry.restricted() ? " (restricted)" : "").append("</td><td>")
                    .append(Html.escape(profile)).append("</td></tr>\n");
        } else {
            page.append("<td class=\"none\">no access</td><td></td></tr>\n");
        }
    }

    /** Every OU path and every ancestor of one, numbered in label order: the OU filter's options. */
    private static Map<List<String>, Integer> ouOptions(List<DirectoryEntry> rows) {
        var paths = new TreeSet<List<String>>(PATH_ORDER);
        rows.forEach(entry -> paths.addAll(prefixes(entry.ouPath())));
        var options = new LinkedHashMap<List<String>, Integer>();
        paths.forEach(path -> options.put(path, options.size()));
        return options;
    }

    /** The path and each of its ancestors (not the root itself). */
    private static List<List<String>> prefixes(List<String> ouPath) {
        var prefixes = new ArrayList<List<String>>(ouPath.size());
        for (int depth = 1; depth <= ouPath.size(); depth++) {
            prefixes.add(List.copyOf(ouPath.subList(0, depth)));
        }
        return prefixes;
    }

    private static String statusClass(DirectoryEntry entry) {
        if (entry.restricted()) {
            return "mid";
        }
        if (entry.enterable()) {
            return "ok";
        }
        try {
            return Outcome.valueOf(entry.status()).needsPerson() ? "bad" : "mid";
        } catch (IllegalArgumentException unknown) {
            return "mid";
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
