package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.notify.AccountFix;
import io.orgaccessguard.notify.ArtifactLocations;
import io.orgaccessguard.notify.SwitchRoleLink;
import java.net.URLEncoder;
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
 * {@code access-directory.html}: one self-contained page listing every active account, the management account
 * included (name, ID, e-mail, OU path, how it joined, access status and since when, switch-role link, CLI profile),
 * with a search (name, ID, e-mail, OU path, status), status and OU filters that combine (an OU shows the accounts of
 * its sub-OUs too), the count of what is shown, and keyboard navigation ({@code /} to search, arrow keys to choose an
 * account, Enter to reach its switch-role link, Escape to clear). A chosen account without a working way in shows
 * what its alert shows: the outcome, what it means, since when, the quick-create link(s) and the re-check command.
 *
 * <p>Fast at the largest organization: the accounts are one compact JSON document in a
 * {@code <script type="application/json">} element (about 100 bytes an account: 10,000 accounts come to about 1 MB),
 * and the page's script builds only the rows in view, {@value #ROWS_AT_A_TIME} at a time as the reader scrolls, in a
 * table of fixed layout; a search runs over lower-cased keys, made once the first rows are shown. DirectoryBenchmark
 * measures size, first rows and keystrokes.
 *
 * <p>Nothing is fetched from anywhere: the style and the script are inline, and the page's Content-Security-Policy
 * ({@code default-src 'none'}) admits exactly those two by their SHA-256 hashes (a JSON data block is not run, so the
 * policy need not admit it), so even markup that slipped through could load, run or send nothing. Account and OU
 * names reach the page only as JSON strings whose {@code < > &} are escaped, and the script puts them into the page
 * as text ({@code textContent}), never as markup; each name is isolated with {@code <bdi>}.
 */
public final class AccessDirectoryPage {

    /** Its object key in the bucket. */
    public static final String OBJECT_KEY = ArtifactLocations.DIRECTORY_PAGE;
    /** How many rows the page builds at a time. */
    public static final int ROWS_AT_A_TIME = 60;

    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What each status means, in a sentence: the page's "why" for an account without a working way in. */
    static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry(Outcome.ACCESS_VERIFIED.name(), "The management account assumed the access role, and the role"
                    + " carries the configured policies."),
            Map.entry(Outcome.ROLE_MISSING.name(), "The access role cannot be assumed (AccessDenied: the role is"
                    + " missing or does not trust the management account) and no bootstrap role could create it: a"
                    + " person in the account must create it."),
            Map.entry(Outcome.TRUST_MISMATCH.name(), "The access role exists, but its trust policy does not admit the"
                    + " management account, and repairing trust is off or impossible."),
            Map.entry(Outcome.ROLE_INCOMPLETE.name(), "The access role can be assumed but lacks configured policies,"
                    + " and no bootstrap role can attach them."),
            Map.entry(Outcome.ROLE_CREATED_UNVERIFIED.name(), "The access role was created but could not be assumed"
                    + " before the propagation wait ran out: re-check it."),
            Map.entry(Outcome.REPAIRED_UNVERIFIED.name(), "The access role was repaired but could not be assumed before"
                    + " the propagation wait ran out: re-check it."),
            Map.entry(Outcome.FAILED.name(), "The last check failed unexpectedly; the alert has the error."),
            Map.entry(DirectoryPublisher.NOT_RECORDED, "No check of this account has finished yet."),
            Map.entry(DirectoryEntry.MANAGEMENT, "The management account: where people sign in. The other accounts are"
                    + " entered from it; it has no access role and no profile of its own here."));

    private static final String STYLE = """
            :root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
            body{margin:0 1.5rem 2rem}
            h1{font-size:1.4rem;margin:1rem 0 .2rem}
            .meta{margin:0 0 .6rem;opacity:.75}
            .filters{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:flex-end;position:sticky;top:0;\
            background:Canvas;padding:.6rem 0;border-bottom:2px solid #8884;z-index:1}
            .filters label{display:flex;flex-direction:column;font-size:.8rem;gap:.15rem}
            input,select{font:inherit;font-size:.95rem;padding:.25rem .4rem;min-width:13rem}
            output{font-size:.9rem;padding-bottom:.3rem}
            .keys{font-size:.8rem;opacity:.7;padding-bottom:.3rem}
            table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:.4rem;table-layout:fixed}
            th:nth-child(1){width:14%}
            th:nth-child(3),th:nth-child(4),th:nth-child(9){width:12%}
            th:nth-child(2){width:9em}
            th:nth-child(5){width:5.5em}
            th:nth-child(6){width:13.5em}
            th:nth-child(7){width:8.5em}
            th:nth-child(8){width:7em}
            td{overflow-wrap:anywhere}
            th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #8883;vertical-align:top}
            th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
            td:nth-child(2),td:nth-child(9),code,pre{font-family:ui-monospace,Menlo,Consolas,monospace}
            td:nth-child(7){white-space:nowrap}
            tbody tr{cursor:pointer}
            tr.sel{background:#8882;outline:2px solid Highlight}
            tr.detail{cursor:auto}
            tr.detail td{padding:.6rem 1rem 1rem;background:#8881}
            tr.detail p{margin:.3rem 0}
            pre{white-space:pre-wrap;word-break:break-all;background:#8882;padding:.5rem;margin:.3rem 0}
            .st{font-size:.78rem;font-weight:600;padding:.1rem .4rem;border-radius:.3rem;white-space:nowrap}
            .ok{background:#d9f2de;color:#135e26}
            .bad{background:#fadcdc;color:#8a1c1c}
            .mid{background:#fdefd0;color:#6b4a00}
            .mgmt{background:#dde6f7;color:#1d3a73}
            .none{opacity:.6}
            details{margin:.4rem 0}
            [hidden]{display:none!important}
            """;

    private static final String SCRIPT = """
            (function () {
              'use strict';
              function byId(id) { return document.getElementById(id); }
              var data = JSON.parse(byId('data').textContent);
              var A = data.accounts, n = A.length, ous = data.ous;
              var q = byId('q'), statusFilter = byId('status'), ouFilter = byId('ou'), shown = byId('shown');
              var body = byId('rows'), more = byId('more');
              var PAGE = data.page, matches = [], rendered = 0, selected = -1, detail = null;
              function enc(s) {
                return encodeURIComponent(s).replace(/[!'()~]/g, function (c) {
                  return '%' + c.charCodeAt(0).toString(16).toUpperCase();
                });
              }
              function slug(s) {
                var x = s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
                if (x.length > 48) { x = x.substring(0, 48).replace(/-+$/, ''); }
                return x;
              }
              function ouLabel(i) { return i < 0 ? '(root)' : ous[i][0]; }
              function under(i, wanted) {
                for (; i >= 0; i = ous[i][1]) { if (i === wanted) { return true; } }
                return false;
              }
              function status(a) { return data.statuses[a[4]]; }
              function profile(a) { return a[7] === 0 ? null : a[7] === 1 ? (slug(a[1]) || a[0]) : a[7]; }
              function switchLink(a) {
                return 'https://' + data.host + '/switchrole?account=' + a[0] + '&roleName=' + data.role
                  + '&displayName=' + (a.length > 8 ? a[8] : enc(a[1]));
              }
              function since(a) { return new Date(a[5] * 60000).toISOString().substring(0, 16).replace('T', ' '); }
              var keys = null;
              function key(i) {
                var a = A[i];
                return [a[1], a[0], a[2], ouLabel(a[3]), status(a)].join('\\u0000').toLowerCase();
              }
              function el(tag, text, cls) {
                var e = document.createElement(tag);
                if (text !== undefined && text !== null) { e.textContent = text; }
                if (cls) { e.className = cls; }
                return e;
              }
              function link(href, text) {
                var a = el('a', text);
                a.href = href;
                a.target = '_blank';
                a.rel = 'noopener noreferrer';
                return a;
              }
              function cell(tr, child) {
                var td = el('td');
                if (typeof child === 'string') { td.textContent = child; } else if (child) { td.appendChild(child); }
                tr.appendChild(td);
                return td;
              }
              function bdi(text) { return el('bdi', text); }
              function row(position) {
                var a = A[matches[position]], s = status(a), tr = el('tr');
                tr.setAttribute('data-row', position);
                tr.setAttribute('data-id', a[0]);
                cell(tr, bdi(a[1]));
                cell(tr, a[0]);
                cell(tr, bdi(a[2]));
                cell(tr, bdi(ouLabel(a[3])));
                cell(tr, data.joins[a[6]]);
                var badge = el('span', s, 'st ' + (profile(a) ? (data.restricted.indexOf(s) >= 0 ? 'mid' : 'ok')
                  : s === data.management ? 'mgmt'
                  : data.help[s] && data.help[s].person ? 'bad' : 'mid'));
                cell(tr, badge);
                var time = el('time', since(a));
                time.setAttribute('datetime', new Date(a[5] * 60000).toISOString());
                cell(tr, time);
                var help = data.help[s];
                if (profile(a)) {
                  cell(tr, link(switchLink(a), 'Switch role'));
                } else if (s === data.management) {
                  cell(tr, 'sign in here').className = 'none';
                } else if (help && help.links.length) {
                  cell(tr, link(help.links[0][2], 'Fix in one click'));
                } else {
                  cell(tr, 'no access').className = 'none';
                }
                cell(tr, profile(a) || '');
                return tr;
              }
              function renderMore() {
                var end = Math.min(matches.length, rendered + PAGE), rows = document.createDocumentFragment();
                for (; rendered < end; rendered++) { rows.appendChild(row(rendered)); }
                body.appendChild(rows);
                more.hidden = rendered >= matches.length;
                more.textContent = 'Show ' + Math.min(PAGE, matches.length - rendered) + ' more';
              }
              function apply() {
                var wanted = q.value.trim().toLowerCase();
                var st = statusFilter.value ? data.statuses.indexOf(statusFilter.value) : -1;
                var ou = ouFilter.value === '' ? -1 : +ouFilter.value;
                matches = [];
                if (wanted && !keys) { keys = A.map(function (a, i) { return key(i); }); }
                for (var i = 0; i < n; i++) {
                  var a = A[i];
                  if ((st < 0 || a[4] === st) && (ou < 0 || under(a[3], ou))
                      && (!wanted || keys[i].indexOf(wanted) >= 0)) {
                    matches.push(i);
                  }
                }
                selected = -1;
                detail = null;
                rendered = 0;
                body.textContent = '';
                renderMore();
                shown.textContent = matches.length + ' of ' + n + ' accounts';
              }
              function para(parent, label, child) {
                var p = el('p');
                if (label) { p.appendChild(el('strong', label + ' ')); }
                if (typeof child === 'string') { p.appendChild(document.createTextNode(child)); }
                else if (child) { p.appendChild(child); }
                parent.appendChild(p);
                return p;
              }
              function describe(a) {
                var s = status(a), help = data.help[s], td = el('td'), p = profile(a);
                td.colSpan = 9;
                var title = para(td, null, bdi(a[1]));
                title.appendChild(document.createTextNode(' \\u00b7 ' + a[0] + ' \\u00b7 ' + s + ' since '
                  + since(a) + ' UTC'));
                if (p) {
                  var go = link(switchLink(a), 'Switch role into this account');
                  go.id = 'go';
                  para(td, null, go);
                  para(td, 'CLI profile:', el('code', p));
                  td.appendChild(el('pre', 'aws sts get-caller-identity --profile ' + p));
                  return td;
                }
                para(td, 'Outcome:', s);
                para(td, 'Why:', data.meaning[s] || '');
                para(td, 'Since:', since(a) + ' UTC');
                if (help) {
                  if (help.unavailable) {
                    para(td, 'No quick-create link:', help.unavailable);
                  }
                  help.links.forEach(function (l, i) {
                    var fix = link(l[2], (i === 0 ? '' : 'Or: ') + l[0] + ' (stack ' + l[1] + ')');
                    if (i === 0) { fix.id = 'go'; }
                    para(td, null, fix);
                  });
                  if (help.links.length) {
                    para(td, null, 'Sign in to account ' + a[0] + ' as someone who may create IAM roles, and open'
                      + ' the link: CloudFormation shows one page with everything filled in.');
                  }
                  help.notes.forEach(function (note) { para(td, null, note); });
                  para(td, 'Re-check it then, with management-account credentials:', null);
                  td.appendChild(el('pre', help.recheck[0] + a[0] + help.recheck[1]));
                }
                return td;
              }
              function select(position) {
                if (position < 0 || position >= matches.length) { return; }
                while (position >= rendered) { renderMore(); }
                var old = body.querySelector('tr.sel');
                if (old) { old.classList.remove('sel'); old.removeAttribute('aria-selected'); }
                if (detail) { detail.remove(); }
                selected = position;
                var tr = body.querySelector('tr[data-row="' + position + '"]');
                tr.classList.add('sel');
                tr.setAttribute('aria-selected', 'true');
                detail = el('tr', null, 'detail');
                detail.appendChild(describe(A[matches[position]]));
                tr.after(detail);
                tr.scrollIntoView({block: 'nearest'});
              }
              body.addEventListener('click', function (event) {
                if (event.target.closest('a') || event.target.closest('tr.detail')) { return; }
                var tr = event.target.closest('tr[data-row]');
                if (tr) { select(+tr.getAttribute('data-row')); }
              });
              document.addEventListener('keydown', function (event) {
                var typing = event.target === q || event.target.tagName === 'SELECT';
                if (event.key === '/' && !typing) { event.preventDefault(); q.focus(); return; }
                if (event.key === 'ArrowDown' || event.key === 'ArrowUp' || event.key === 'PageDown'
                    || event.key === 'PageUp') {
                  if (event.target.tagName === 'SELECT') { return; }
                  var step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1
                    : event.key === 'PageDown' ? 10 : -10;
                  event.preventDefault();
                  select(Math.max(0, Math.min(matches.length - 1, selected < 0 ? 0 : selected + step)));
                } else if (event.key === 'Enter' && selected >= 0 && event.target.tagName !== 'A') {
                  var go = byId('go');
                  if (go) { event.preventDefault(); go.focus(); }
                } else if (event.key === 'Escape') {
                  if (q.value) { q.value = ''; apply(); } else if (detail) { apply(); }
                  q.focus();
                }
              });
              q.addEventListener('input', apply);
              statusFilter.addEventListener('change', apply);
              ouFilter.addEventListener('change', apply);
              more.addEventListener('click', renderMore);
              window.addEventListener('scroll', function () {
                if (rendered < matches.length
                    && window.innerHeight + window.scrollY > document.body.offsetHeight - 800) {
                  renderMore();
                }
              }, {passive: true});
              apply();
              setTimeout(function () { if (!keys) { keys = A.map(function (a, i) { return key(i); }); } }, 50);
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
        List<DirectoryEntry> rows = sorted(entries);
        Map<String, String> profiles = ProfileNames.assign(rows, info.profileNames());
        Map<List<String>, Integer> ous = ouOptions(rows);
        Map<String, Long> statuses = rows.stream()
                .collect(Collectors.groupingBy(DirectoryEntry::status, TreeMap::new, Collectors.counting()));
        List<String> statusNames = List.copyOf(statuses.keySet());
        List<String> joins = rows.stream().map(DirectoryEntry::joinedMethod).distinct().sorted().toList();
        long enterable = profiles.size();

        var page = new StringBuilder(8192 + rows.size() * 110);
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
                .append(" accounts, ").append(enterable).append(" can be entered</p>\n");
        formats(page, info);
        page.append("<noscript><p>This page lists the accounts with its script, which your browser does not run. The")
                .append(" same data is in accounts.json next to it.</p></noscript>\n")
                .append("<div class=\"filters\">\n")
                .append("<label for=\"q\">Search: name, ID, e-mail, OU, status<input id=\"q\" type=\"search\"")
                .append(" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"Search (press /)\"")
                .append(" aria-controls=\"accounts\"></label>\n")
                .append("<label for=\"status\">Status<select id=\"status\"><option value=\"\">All statuses</option>");
        statuses.forEach((status, count) -> page.append("<option value=\"").append(Html.escape(status)).append("\">")
                .append(Html.escape(status)).append(" (").append(count).append(")</option>"));
        page.append("</select></label>\n<label for=\"ou\">Organizational unit<select id=\"ou\">")
                .append("<option value=\"\">All OUs</option>");
        ous.forEach((path, index) -> page.append("<option value=\"").append(index).append("\">")
                .append(Html.escape(ouLabel(path))).append("</option>"));
        page.append("</select></label>\n<output id=\"shown\" aria-live=\"polite\">").append(rows.size())
                .append(" of ").append(rows.size()).append(" accounts</output>\n")
                .append("<span class=\"keys\">/ search · ↑ ↓ choose · Enter switch role or fix · Esc clear</span>\n")
                .append("</div>\n")
                .append("<table id=\"accounts\">\n<thead><tr><th>Account</th><th>ID</th><th>E-mail</th><th>OU</th>")
                .append("<th>Joined</th><th>Status</th><th>Since (UTC)</th><th>Way in</th><th>CLI profile</th></tr>")
                .append("</thead>\n<tbody id=\"rows\"></tbody>\n</table>\n")
                .append("<p><button type=\"button\" id=\"more\" hidden>Show more</button></p>\n")
                .append("<script type=\"application/json\" id=\"data\">");
        data(page, info, rows, profiles, ous, statusNames, joins);
        page.append("</script>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    /** The entries in the page's order: by name, case-insensitively, then by ID. */
    public static List<DirectoryEntry> sorted(List<DirectoryEntry> entries) {
        return entries.stream().sorted(Comparator.comparing((DirectoryEntry entry) -> entry.name()
                .toLowerCase(Locale.ROOT)).thenComparing(DirectoryEntry::accountId)).toList();
    }

    /** How an OU path reads: its names from the root down, or {@code (root)}. */
    static String ouLabel(List<String> ouPath) {
        return ouPath.isEmpty() ? "(root)" : String.join(" / ", ouPath);
    }

    /** Where the other formats are, and the command that installs the profiles. */
    private static void formats(StringBuilder page, DirectoryInfo info) {
        page.append("<details><summary>CLI profiles, browser extension, JSON</summary>\n");
        if (info.bucket().isPresent()) {
            String bucket = info.bucket().get();
            page.append("<p>Install or refresh the CLI profiles in ~/.aws/config (replaces this organization's block,")
                    .append(" nothing else), with credentials that can read the bucket:</p>\n<pre>")
                    .append(Html.escape(AwsConfigFile.installCommand(bucket))).append("</pre>\n<p>")
                    .append("aws-extend-switch-roles configuration: <code>")
                    .append(Html.escape(ArtifactLocations.s3Uri(bucket, SwitchRolesConfig.OBJECT_KEY)))
                    .append("</code> · accounts for scripts: <code>")
                    .append(Html.escape(ArtifactLocations.s3Uri(bucket, AccountsJson.OBJECT_KEY)))
                    .append("</code></p>\n");
        } else {
            page.append("<p>Next to this page: ").append(AwsConfigFile.OBJECT_KEY).append(" (CLI profiles), ")
                    .append(SwitchRolesConfig.OBJECT_KEY).append(" (aws-extend-switch-roles), ")
                    .append(AccountsJson.OBJECT_KEY).append(" (for scripts).</p>\n");
        }
        page.append("</details>\n");
    }

    private static void data(StringBuilder page, DirectoryInfo info, List<DirectoryEntry> rows,
                             Map<String, String> profiles, Map<List<String>, Integer> ous, List<String> statuses,
                             List<String> joins) {
        Organization organization = info.organization();
        String role = urlEncode(info.accessRoleName());
        page.append("{\"page\":").append(ROWS_AT_A_TIME).append(",\"host\":");
        PageData.string(page, organization.consoleHost()).append(",\"role\":");
        PageData.string(page, role).append(",\"management\":");
        PageData.string(page, DirectoryEntry.MANAGEMENT).append(",\"restricted\":");
        strings(page, DirectoryEntry.RESTRICTED).append(",\"statuses\":");
        strings(page, statuses).append(",\"joins\":");
        strings(page, joins).append(",\"ous\":[");
        boolean first = true;
        for (Map.Entry<List<String>, Integer> ou : ous.entrySet()) {
            List<String> path = ou.getKey();
            page.append(first ? "" : ",").append('[');
            PageData.string(page, ouLabel(path)).append(',')
                    .append(path.size() == 1 ? -1 : ous.get(path.subList(0, path.size() - 1))).append(']');
            first = false;
        }
        page.append("],\"meaning\":{");
        first = true;
        for (String status : statuses) {
            if (MEANING.containsKey(status)) {
                page.append(first ? "" : ",");
                PageData.string(page, status).append(':');
                PageData.string(page, MEANING.get(status));
                first = false;
            }
        }
        page.append("},\"help\":{");
        first = true;
        for (String status : statuses) {
            AccountFix fix = info.fixes().get(status);
            boolean person = isPersonNeeded(status);
            if (fix == null && !person) {
                continue;
            }
            page.append(first ? "" : ",");
            first = false;
            PageData.string(page, status).append(":{\"person\":").append(person).append(",\"links\":[");
            List<AccountFix.Link> links = fix == null ? List.of() : fix.links();
            for (int i = 0; i < links.size(); i++) {
                page.append(i == 0 ? "[" : ",[");
                PageData.string(page, links.get(i).label()).append(',');
                PageData.string(page, links.get(i).stackName()).append(',');
                PageData.string(page, links.get(i).url()).append(']');
            }
            page.append("],\"notes\":");
            strings(page, fix == null ? List.of() : fix.notes());
            if (fix != null && fix.linksUnavailable().isPresent()) {
                page.append(",\"unavailable\":");
                PageData.string(page, fix.linksUnavailable().get());
            }
            if (fix != null) {
                page.append(",\"recheck\":");
                strings(page, List.of(fix.recheckBefore(), fix.recheckAfter()));
            }
            page.append('}');
        }
        page.append("},\"accounts\":[");
        Map<String, Integer> statusIndex = index(statuses);
        Map<String, Integer> joinIndex = index(joins);
        String linkStart = "https://" + organization.consoleHost() + "/switchrole?account=";
        for (int i = 0; i < rows.size(); i++) {
            DirectoryEntry entry = rows.get(i);
            page.append(i == 0 ? "\n[" : ",\n[");
            PageData.string(page, entry.accountId()).append(',');
            PageData.string(page, entry.name()).append(',');
            PageData.string(page, entry.email()).append(',')
                    .append(entry.ouPath().isEmpty() ? -1 : ous.get(entry.ouPath())).append(',')
                    .append(statusIndex.get(entry.status())).append(',')
                    .append(entry.since().getEpochSecond() / 60).append(',')
                    .append(joinIndex.get(entry.joinedMethod())).append(',');
            String profile = profiles.get(entry.accountId());
            if (profile == null) {
                page.append('0');
            } else if (profile.equals(scriptSlug(entry))) {
                page.append('1');
            } else {
                PageData.string(page, profile);
            }
            if (profile != null) {
                String link = SwitchRoleLink.of(organization, entry.accountId(), info.accessRoleName(), entry.name());
                String start = linkStart + entry.accountId() + "&roleName=" + role + "&displayName=";
                if (!link.startsWith(start)) {
                    throw new IllegalStateException("a switch-role link of another form: " + link);
                }
                String displayName = link.substring(start.length());
                if (!displayName.equals(urlEncode(entry.name()))) {
                    page.append(',');
                    PageData.string(page, displayName);
                }
            }
            page.append(']');
        }
        page.append("]}");
    }

    /**
     * The profile name the page's script makes from an account's name ({@code slug}): the one the default template
     * gives, for names of ASCII alone; null for other names, whose profile name the page then carries.
     */
    private static String scriptSlug(DirectoryEntry entry) {
        if (!entry.name().chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        String slug = entry.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? entry.accountId() : slug;
    }

    /** As the page's script encodes ({@code encodeURIComponent}, then {@code ! ' ( ) ~}) and as SwitchRoleLink does. */
    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean isPersonNeeded(String status) {
        try {
            return Outcome.valueOf(status).needsPerson();
        } catch (IllegalArgumentException notAnOutcome) {
            return status.equals(DirectoryPublisher.NOT_RECORDED);
        }
    }

    private static StringBuilder strings(StringBuilder page, List<String> values) {
        page.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                page.append(',');
            }
            PageData.string(page, values.get(i));
        }
        return page.append(']');
    }

    private static Map<String, Integer> index(List<String> values) {
        var index = new LinkedHashMap<String, Integer>();
        values.forEach(value -> index.put(value, index.size()));
        return index;
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

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
