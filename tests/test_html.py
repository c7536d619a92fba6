import json
import re

import pytest

from geo.render.html import css_token, esc, md_text, safe_json, safe_url


def test_esc_neutralises_html_and_template_literals():
    out = esc("<img src=x onerror=alert(1)> ${alert(1)} `x` \\ 'q' \"d\" &")
    for raw in ("<", ">", "${", "`", "\\", "'", '"'):
        assert raw not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out and "&#36;&#123;alert(1)&#125;" in out


@pytest.mark.parametrize("text", ["{{7*7}}", "{% for x in y %}", "{#c#}", "{{ lipsum.__globals__ }}"])
def test_escaped_text_and_json_hold_no_jinja_tag(text):
    """branca compiles rendered map scripts as templates again: no tag may survive."""
    assert not re.search(r"\{[{%#]", esc(text))
    encoded = safe_json({"a": text, "b": [text, {"c": text}]})
    assert not re.search(r"\{[{%#]", encoded)
    assert json.loads(encoded) == {"a": text, "b": [text, {"c": text}]}


def test_safe_json_cannot_end_a_script():
    encoded = safe_json(["</script><script>alert(1)</script>", "a&b"])
    assert "</" not in encoded and "<script" not in encoded
    assert json.loads(encoded) == ["</script><script>alert(1)</script>", "a&b"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "/relative",
                                 "http://", "", None, 42])
def test_unsafe_urls_are_refused(url):
    assert safe_url(url) is None


def test_http_urls_are_kept_and_escaped():
    assert safe_url('https://example.org/a?b=1&c="x"') == "https://example.org/a?b=1&amp;c=&quot;x&quot;"


def test_css_token_keeps_plain_ids_and_hashes_others():
    assert css_token("ab12-cd_3") == "ab12-cd_3"
    hostile = css_token('x" onmouseover="alert(1)')
    assert re.fullmatch(r"[A-Za-z0-9_-]+", hostile) and hostile == css_token('x" onmouseover="alert(1)')
    assert css_token("a b") != css_token("a c")


@pytest.mark.parametrize("text", ["![b](http://host/b.png)", "[click](javascript:alert(1))", "**bold** _it_",
                                  ":red[alarm]", "$x^2$", "<img src=x onerror=alert(1)>", "# heading\n- item"])
def test_md_text_escapes_every_markdown_sign(text):
    out, shown, i = md_text(text), [], 0
    # read as CommonMark does: each ASCII punctuation sign must come escaped by a backslash
    while i < len(out):
        if out[i] == "\\":
            assert re.fullmatch(r"[!-/:-@\[-`{-~]", out[i + 1])
            shown.append(out[i + 1])
            i += 2
        else:
            assert not re.fullmatch(r"[!-/:-@\[-`{-~]", out[i]), out
            shown.append(out[i])
            i += 1
    assert "".join(shown) == text.replace("\n", " ")
