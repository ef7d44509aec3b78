"""The hostile-input corpus (tests/hostile_corpus.py), one parametrized test: every case gets its exit status
and its Russian message, no traceback and no English error, and not a byte under the data folder changes.
Text accepted as data is built into pages, which must hold it as inert text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.utils.meta import get_data

from . import hostile_corpus as corpus

ENGLISH = ("Traceback", "Error:", "error:", "usage:", "Exception", "invalid ", "required")
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "form", "base", "meta"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
INVISIBLE = ("\u202e", "\u200b", "\u2066")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The starting data folder, and the catalogue read once for the cases that leave it as it is.

    Reading the project's catalogue (2 000 lines) is most of a command's time; a case that does not touch
    ``indicators.yaml`` gets the catalogue read from the same bytes before. A changed or broken catalogue
    is read as always (the memo keeps only clean reads, by the file's bytes).
    """
    import generator.build.validate
    import generator.cli
    import generator.inputs.load
    import generator.officials.importer

    read = generator.inputs.load.load_catalogue
    memo: dict[bytes, tuple[Any, Any]] = {}

    def load_catalogue(path: Path, problems: list[Any]) -> tuple[Any, Any]:
        key = path.read_bytes() if path.is_file() else b""
        if key in memo:
            return memo[key]
        found: list[Any] = []
        result = read(path, found)
        problems.extend(found)
        if not found and result[0] is not None:
            memo[key] = result
        return result

    modules = (generator.inputs.load, generator.build.validate, generator.cli, generator.officials.importer)
    with pytest.MonkeyPatch.context() as patch:
        for module in modules:
            patch.setattr(module, "load_catalogue", load_catalogue)
        yield corpus.make_data(tmp_path_factory.mktemp("corpus") / "data")


class _Active(HTMLParser):
    """Collects what would run or leave the site: active elements, event attributes, unsafe link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            target = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in ("href", "src", "action", "formaction", "xlink:href") and target.startswith(BAD_SCHEMES):
                self.found.append(f'<{tag} {name}="{value}">')


def _pages(root: Path) -> dict[str, str]:
    """The site's pages as HTML, rendered from their Markdown with the site's Markdown extensions."""
    from generator.build.site_pages import build_site_content
    from generator.build.validate import validate
    from generator.publish.public_table import public_table
    from generator.recommend.evaluate import recommend
    from generator.site.context import SiteInfo

    report = validate(root)
    assert report.dataset is not None and report.table is not None
    ds, table = report.dataset, report.table
    info = SiteInfo(name="Профориентир", region=ds.registry.region.name, demo=True, site_url="")
    recommendations = recommend(report.rules, table, ds) if report.rules is not None else []
    content = build_site_content(
        ds, table, public_table(table, ds), info, rules=report.rules, recommendations=recommendations
    )
    extensions = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "pymdownx.details"]
    # the front matter is page metadata, as MkDocs reads it: its text reaches the page escaped by the theme
    return {path: markdown.markdown(get_data(text)[0], extensions=extensions) for path, text in content.pages.items()}


def _inert(pages: dict[str, str]) -> dict[str, list[str]]:
    offences: dict[str, list[str]] = {}
    for path, page in pages.items():
        parser = _Active()
        parser.feed(page)
        found = parser.found + [f"U+{ord(c):04X}" for c in INVISIBLE if c in page]
        found += ["Jinja evaluated {{ 7*7 }}"] if "Ж49Ж" in page else []
        if found:
            offences[path] = found[:5]
    return offences


# Under `pytest -n 2 --dist loadgroup` the corpus is shared by the two workers (a module's tests stay together
# otherwise, see conftest.py): half each.
CASES = [
    pytest.param(c, id=c.id, marks=pytest.mark.xdist_group(f"hostile-corpus-{i % 2}"))
    for i, c in enumerate(corpus.CASES)
]


@pytest.mark.parametrize("case", CASES)
def test_hostile_input_gets_its_russian_message_and_changes_no_file(
    case: corpus.Case, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(template, data)
    if case.pages:  # one edition is enough to show every name, and builds in half the time
        shutil.rmtree(data / "2023")
    argv = case.make(tmp_path)
    before = corpus.snapshot(data)
    capsys.readouterr()
    code = corpus.run(argv)
    out, err = capsys.readouterr()
    said = out + err
    assert case.says, "every case states the message the user reads"
    assert code == case.code, said
    assert case.says in said, said
    assert not [word for word in ENGLISH if word in said], said
    assert corpus.snapshot(data) == before, "a file under the data folder changed"
    if case.pages:
        assert _inert(_pages(data)) == {}


def test_the_corpus_is_at_least_two_hundred_cases_of_every_kind() -> None:
    kinds = {c.id.split("/")[0] for c in corpus.CASES}
    assert {"yaml", "types", "forms", "names", "paths", "cli", "editions"} <= kinds
    assert len(corpus.CASES) >= 200
    assert len({c.id for c in corpus.CASES}) == len(corpus.CASES), "case names are unique"


def test_the_inertness_check_finds_what_it_looks_for() -> None:
    page = markdown.markdown('<script>x</script> <a href=" JaVa script:x">a</a> <b onclick="x">b</b> Ж49Ж \u202e')
    offences = _inert({"p": page})["p"]
    assert offences == ["<script>", '<a href=" JaVa script:x">', "<b onclick=…>", "U+202E", "Jinja evaluated {{ 7*7 }}"]
