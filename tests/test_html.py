import pytest

from geo.html import esc, safe_url


def test_esc_neutralises_html_and_template_literals():
    out = esc("<img src=x onerror=alert(1)> ${alert(1)} `x` \\ 'q' \"d\" &")
    for raw in ("<", ">", "${", "`", "\\", "'", '"'):
        assert raw not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out and "&#36;{alert(1)}" in out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "/relative",
                                 "http://", "", None, 42])
def test_unsafe_urls_are_refused(url):
    assert safe_url(url) is None


def test_http_urls_are_kept_and_escaped():
    assert safe_url('https://example.org/a?b=1&c="x"') == "https://example.org/a?b=1&amp;c=&quot;x&quot;"
