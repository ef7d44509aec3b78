"""Whatever an official typed is shown as text: no HTML, no Markdown surprises, no unsafe links."""

from __future__ import annotations

import markdown

from generator.core.text import attr, clean, markdown_text, md


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables"])


def test_html_in_a_plain_string_is_shown_as_text() -> None:
    html = render(str(md("<script>alert(1)</script> <img src=x onerror=alert(1)>")))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_markdown_syntax_in_a_plain_string_is_literal() -> None:
    html = render(str(md("*жирный* [ссылка](javascript:alert(1)) # заголовок {: onclick=alert(1) }")))
    assert "<em>" not in html and "<a" not in html and "onclick=" not in html.replace("onclick=alert", "")
    assert "*жирный*" in html


def test_control_and_invisible_characters_are_dropped() -> None:
    assert clean("а\x00б\x07в\u200bг\u202eд") == "абвгд"
    assert "\x00" not in attr("x\x00y")


def test_a_number_and_its_percent_sign_stay_on_one_line() -> None:
    """An official types «не ниже 65 %» with a plain space; a phone broke the line between «65» and «%»."""
    assert clean("охват не ниже 65 % обучающихся, 100 %") == "охват не ниже 65\u00a0% обучающихся, 100\u00a0%"
    assert clean("школа № 5") == "школа №\u00a05"
    assert md("65 %") == "65\u00a0%" and attr("65 %") == "65\u00a0%"
    assert "65\u00a0%" in markdown_text("**Охват** 65 %")
    assert clean("текст % без числа, 5 процентов") == "текст % без числа, 5 процентов"  # nothing else changes


def test_analysis_keeps_markdown_but_not_html_or_unsafe_links() -> None:
    text = (
        "Охват **вырос**.\n\n- пункт\n- [сайт](https://example.ru/a)\n- [плохая](javascript:alert(1))\n"
        "- [данные](data:text/html;base64,PHNjcmlwdD4=)\n\n<script>alert(1)</script>\n\n"
        "# Заголовок\n\nТекст {: #x onclick=y }"
    )
    html = render(markdown_text(text))
    assert "<strong>вырос</strong>" in html
    assert '<a href="https://example.ru/a">сайт</a>' in html
    assert "javascript:" not in html.split("&lt;script&gt;")[0] or 'href="javascript' not in html
    assert 'href="javascript' not in html and 'href="data:' not in html
    assert "<script>" not in html
    assert "<h1" not in html and "<strong>Заголовок</strong>" in html
    assert "onclick" not in html or 'onclick="' not in html


def test_an_image_in_the_analysis_becomes_a_link_so_no_other_host_is_requested() -> None:
    html = render(markdown_text("Схема: ![маршрут](https://example.org/route.png)"))
    assert "<img" not in html
    assert '<a href="https://example.org/route.png">маршрут</a>' in html


def test_a_markdown_link_with_a_javascript_target_in_a_name_is_text_escaped_once() -> None:
    name = "Область [клик](javascript:alert(document.domain)) «Труд & профессия»"
    html = render(f"Мониторинг ({md(name)}): [Методика](methodology/)")
    assert 'href="javascript' not in html and "<a" in html  # the page's own link stays a link
    assert "[клик](javascript:alert(document.domain))" in html
    assert "«Труд &amp; профессия»" in html and "&amp;amp;" not in html


def test_an_escaped_string_is_not_escaped_again_by_the_templates() -> None:
    from generator.site.render import environment

    env = environment()
    rendered = env.from_string("{{ name | md }} {{ title | yaml }}").render(name="А & Б <b>", title="А & Б")
    assert rendered == 'А &amp; Б &lt;b&gt; "А &amp; Б"'


def test_a_phrase_changes_only_its_first_letter_when_it_starts_or_joins_a_sentence() -> None:
    from generator.core.text import lower_first, upper_first

    assert upper_first("поступили в ПОО по Приказу № 327") == "Поступили в ПОО по Приказу № 327"
    assert lower_first("Данные по школам ОО") == "данные по школам ОО"
    assert upper_first("") == "" and lower_first("") == ""
