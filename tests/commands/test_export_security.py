"""Untrusted Markdown and front matter stay inert in the exported page (issue 4, "Safe").

A table of known XSS vectors (OWASP XSS Filter Evasion Cheat Sheet, PortSwigger's XSS cheat
sheet, mutation XSS through foreign content) and hypothesis-generated Markdown built from the
same dangerous pieces. The judge, :func:`executable_constructs`, reads the page the way a
browser does (html5lib; URL schemes after removing tabs, newlines and leading control
characters, as the WHATWG URL parser does) and lists anything that could run script.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.commands.export import render
from healthlint.config import Config
from healthlint.parse.document import parse

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base",
    "style", "svg", "math", "input", "button", "textarea", "select", "template", "noscript",
    "audio", "video", "source", "track", "portal", "xmp", "plaintext", "noembed", "param",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcset", "cite", "ping", "lowsrc", "dynsrc", "codebase"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
TEMPLATE_HEAD = {("meta", "charset"), ("meta", "viewport"), ("meta", "description"),
                 ("meta", "referrer"), ("link", "stylesheet"), ("link", "canonical")}


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def url_scheme_of(value: str) -> str:
    """The scheme a browser would see: C0 controls and spaces trimmed, tabs/newlines removed."""
    trimmed = value.strip("".join(chr(c) for c in range(0x21)))
    cleaned = re.sub(r"[\t\n\r]", "", trimmed).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(0) if match else ""


def executable_constructs(page: str) -> list[str]:
    """Everything in ``page`` that could run script or load active content."""
    root = html5lib.parse(page, namespaceHTMLElements=False)
    problems: list[str] = []
    scripts = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = local_name(element.tag)
        attrs = {local_name(k): v for k, v in element.attrib.items()}
        if tag == "script" and attrs == {"type": "application/ld+json"}:
            scripts += 1
            body = element.text or ""
            if re.search(r"(?i)</script|<!--", body):
                problems.append("JSON-LD that can close its script element")
            json.loads(body)
        elif tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attrs:
            problems.append("<meta http-equiv>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>")
            if name == "srcdoc":
                problems.append(f"<{tag} srcdoc>")
            if name in URL_ATTRIBUTES and url_scheme_of(value) in UNSAFE_SCHEMES:
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"(?i)url\(|expression|javascript", value):
                problems.append(f"<{tag} style={value!r}>")
    if scripts > 1:
        problems.append(f"{scripts} JSON-LD blocks (one expected)")
    return problems


def page_for(markdown_text: str, tmp_path: Path) -> str:
    doc = parse(markdown_text, "article.md")
    config = Config.default(tmp_path)
    images = render.plan_images(doc, tmp_path / "article.md", tmp_path, config)
    return render.render_article(doc, "article", config, images,
                                 "https://h.example.org/").html


def article_with(body: str) -> str:
    return ("---\ntitle: Test\ntype: wellness\n---\n\n# Test\n\n## Overview\n\n" + body
            + "\n\nThis article gives general information only. It is not a substitute for "
            "professional medical advice. Talk to your doctor.\n\n## Sources\n\n"
            "- [CDC](https://www.cdc.gov/)\n")


def test_the_judge_sees_what_a_browser_would_run() -> None:
    """The checker itself must catch the constructs it is meant to catch."""
    assert executable_constructs("<p><script>alert(1)</script></p>") == ["<script>"]
    assert executable_constructs('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert executable_constructs('<a href=" \x01javascript:alert(1)">x</a>')
    assert executable_constructs('<img src=x onerror="alert(1)">') == ["<img onerror>"]
    assert executable_constructs("<svg><a xlink:href='javascript:alert(1)'>x</a></svg>")
    assert executable_constructs('<meta http-equiv="refresh" content="0">')
    assert executable_constructs("<p>javascript:alert(1) as text is fine</p>") == []
    assert executable_constructs('<a href="jav%09ascript:x">relative, not a scheme</a>') == []


XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    '<img src="x` `<script>alert(1)</script>"` `>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>Go</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"jav&#9;ascript:alert(1)\">x</a>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<a href=\"java\nscript:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
    "<a href=\"&#0000106avascript:alert(1)\">x</a>",
    "<a href=\" &#14; javascript:alert(1)\">x</a>",
    "<a href=\"\x01javascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"width:expression(alert(1))\">x</p>",
    "<p onclick=\"alert(1)\">x</p>",
    "<details open ontoggle=alert(1)>x</details>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<body onload=alert(1)>",
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<div>\n<script>\nalert(1)\n</script>\n</div>",
    "<a href=\"https://ok.example\" onmouseover=\"alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](https://ok.example \"a\\\" onmouseover=\\\"alert(1)\")",
    "`<script>alert(1)</script>`",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "| a |\n| - |\n| <img src=x onerror=alert(1)> |",
    "> <iframe src=https://evil.example></iframe>",
    "* <svg/onload=alert(1)>",
    "Text[^1]\n\n[^1]: <script>alert(1)</script>",
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_known_xss_vectors_stay_inert(vector: str, tmp_path: Path) -> None:
    page = page_for(article_with(vector), tmp_path)
    assert executable_constructs(page) == [], page
    html5lib.HTMLParser(strict=True).parse(page)


@pytest.mark.parametrize("field", ["title", "description", "author", "reviewer", "type"])
def test_front_matter_is_escaped_everywhere(field: str, tmp_path: Path) -> None:
    evil = "</script><script>alert(1)</script><!-- \" ' & <b>"
    fields = {"title": "Test", "type": "wellness", "description": "d", "author": "a",
              "reviewer": "r", "last_reviewed": "2026-01-01"}
    fields[field] = evil
    front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())
    page = page_for(f"---\n{front}---\n\n## Overview\n\nText.\n", tmp_path)
    assert executable_constructs(page) == []
    html5lib.HTMLParser(strict=True).parse(page)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page,
                                re.DOTALL).group(1))
    json_key = {"title": "name", "description": "description", "author": "author",
                "reviewer": "reviewedBy", "type": None}[field]
    if json_key == "name":
        assert data["name"] == evil
    elif json_key in ("author", "reviewedBy"):
        assert data[json_key]["name"] == evil
    elif json_key:
        assert data[json_key] == evil
    assert "</script><script>" not in page


def test_title_stays_text_in_the_title_element_and_heading(tmp_path: Path) -> None:
    evil = "</script><script>alert(1)</script>"
    page = page_for(f"---\ntitle: {json.dumps(evil)}\ntype: wellness\n---\n\nText.\n", tmp_path)
    root = html5lib.parse(page, namespaceHTMLElements=False)
    assert root.findtext("head/title") == f"{evil} · Health information"
    assert root.findtext("body/main/article/header/h1") == evil
    assert len(list(root.iter("script"))) == 1


def test_language_and_dates_cannot_break_attributes(tmp_path: Path) -> None:
    page = page_for('---\ntitle: T\nlang: "en\\" onload=\\"alert(1)"\n'
                    'last_reviewed: "2026-01-01\\"><script>alert(1)</script>"\n---\n\nText.\n',
                    tmp_path)
    assert '<html lang="en">' in page and executable_constructs(page) == []
    assert "<time" not in page


def test_external_links_from_raw_html_get_rel(tmp_path: Path) -> None:
    page = page_for(article_with('<a href="https://evil.example/">x</a> and '
                                 '<a href="#overview">in page</a> and [md](https://ok.example)'),
                    tmp_path)
    root = html5lib.parse(page, namespaceHTMLElements=False)
    anchors = {a.get("href"): a.get("rel") for a in root.iter("a")}
    assert anchors["https://evil.example/"] == "noopener noreferrer"
    assert anchors["https://ok.example"] == "noopener noreferrer"
    assert anchors["#overview"] is None


def test_raw_html_cannot_take_heading_ids_or_local_images(tmp_path: Path) -> None:
    page = page_for(article_with('<p id="x1">a</p><img src="../../etc/passwd">'), tmp_path)
    assert 'id="x1"' not in page and "passwd" not in page


# ---- generated Markdown ----------------------------------------------------------------------
PIECES = [
    "<", ">", "</", "/>", "script", "SCRIPT", "iframe", "svg", "math", "style", "img", "a",
    "object", "embed", "form", "base", "meta", "template", "noscript", "textarea", "details",
    " src=", " href=", " onerror=", " onload=", " ontoggle=", " style=", " http-equiv=",
    " formaction=", " xlink:href=", " srcdoc=", "=", '"', "'", "`", "javascript:", "JaVaScRiPt:",
    "vbscript:", "data:", "data:text/html,", "jav&#x09;ascript:", "&#106;", "&#x6A;", "&#58;",
    "&#0000106", "java\tscript:", "java\nscript:", "\x01", "alert(1)", "(", ")", "[", "]", "!",
    "](", "<!--", "-->", "<![CDATA[", "]]>", "&", ";", "\\", "*", "_", "#", "## ", "- ", "> ",
    "| ", "|\n| - |\n", "```\n", "\n", "\n\n", " ", "\t", "[^1]", "[^1]: ", "[r]: ", "[r]",
    "https://ok.example/", "//evil.example/", "x", "Text", "é", "\u2028", "</script>",
]
markdown_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)),
                         max_size=40).map("".join)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=markdown_text, title=markdown_text)
def test_generated_markdown_never_yields_executable_html(body: str, title: str,
                                                         tmp_path: Path) -> None:
    front = f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(body[:40])}\n---\n\n"
    page = page_for(front + body, tmp_path)
    assert executable_constructs(page) == []
    html5lib.HTMLParser(strict=True).parse(page)


# ---- more vectors: CSS in the one style property tables keep -----------------------------------
@pytest.mark.parametrize("vector", [
    '<table><tr><td style="text-align: expression(alert(1))">x</td></tr></table>',
    '<table><tr><th style="text-align:url(javascript:alert(1))">x</th></tr></table>',
    '<table><tr><td style="text-align:left;behavior:url(x.htc)">x</td></tr></table>',
])
def test_table_alignment_style_takes_only_alignment_words(vector: str, tmp_path: Path) -> None:
    # IE's CSS expression() ran script (OWASP XSS Filter Evasion Cheat Sheet); the only style
    # a page needs is the alignment markdown-it writes for tables
    page = page_for(article_with(vector), tmp_path)
    assert executable_constructs(page) == [], page
    assert "expression" not in page and "url(" not in page and "behavior" not in page
    aligned = page_for(article_with("| a | b |\n| :-: | --: |\n| 1 | 2 |"), tmp_path)
    assert 'style="text-align:center"' in aligned and 'style="text-align:right"' in aligned


# Every element the sanitizer drops, keeping its text or not (WHATWG HTML element index, the
# obsolete elements browsers still parse, and a made-up one).
HTML_ELEMENTS = """
a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big
blink blockquote body br button canvas caption center cite code col colgroup data datalist dd
del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form
frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins
isindex kbd keygen label legend li link listing main map mark marquee math menu menuitem meta
meter multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p
param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section select
slot small source spacer span strike strong style sub summary sup svg table tbody td template
textarea tfoot th thead time title tr track tt u ul var video wbr xmp made-up-element
""".split()
REMOVED_TAGS = sorted(set(HTML_ELEMENTS) - render.ALLOWED_TAGS)


@pytest.mark.parametrize("tag", REMOVED_TAGS)
def test_a_removed_element_never_leaves_invalid_html(tag: str, tmp_path: Path) -> None:
    """``<applet>x`` once gave ``<p>x<p></p></p>``: html5lib's strict parser must read every
    page without an error, whatever removed element the Markdown holds and wherever."""
    strict = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for shape in (f"<{tag}>x", f"<{tag}>x</{tag}> y", f"<{tag}><p>x"):
        for context in ("{}", "- {}", "> {}"):
            page = page_for(article_with(context.format(shape)), tmp_path)
            try:
                strict.parse(page)
            except Exception as exc:  # noqa: BLE001 - the parse error is the failure shown
                pytest.fail(f"{context.format(shape)!r}: {exc}")
