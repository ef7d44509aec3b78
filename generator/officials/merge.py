"""Writing a form's values into the text of a year file, editing an existing file in place.

Why a module of its own: the file officials and developers also edit by hand must survive an import.
With a round-trip YAML library (ruamel.yaml) its comments, its key order, its texts (analysis, goals) and
everything the form does not hold stay; a value the form did not change is not touched; a list (events,
measures, decisions) is rewritten only when the form changed it. A new file gets the schema line and the
catalogue's section headings, as the hand-written files have.
"""

from __future__ import annotations

import io
from typing import Any

from pydantic import BaseModel

from generator.inputs.catalogue import Catalogue
from generator.inputs.models import Decision, ReportedTarget
from generator.inputs.source import round_trip_yaml
from generator.officials.form_reader import FormData
from generator.officials.forms import section_groups

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/municipality-year.schema.json\n"


def _update_map(target: Any, values: dict[str, Any], order: list[str]) -> None:
    """Set, add (in catalogue order) and remove the keys the form holds; leave every other key as it is."""
    rank = {name: i for i, name in enumerate(order)}
    for name in order:
        if name not in values:
            continue
        value = values[name]
        if value is None:
            if name in target:
                _delete_keeping_comments(target, name)
            continue
        if name in target:
            if target[name] != value:  # an equal value keeps its spelling (65.0, 65)
                target[name] = value
            continue
        keys = list(target.keys())
        before = [i for i, k in enumerate(keys) if rank.get(k, -1) < rank[name] and k in rank]
        target.insert(before[-1] + 1 if before else 0, name, value)


def _target_entries(values: dict[str, Any], existing: Any) -> dict[str, Any]:
    """The form's targets as the file writes them. A target reported met or not (the form holds its word only)
    whose status is unchanged stays the file's own entry, with its source and note, untouched; a new or
    changed one is ``{reached: …}`` — the source and note said the other status, and no longer apply."""
    from ruamel.yaml.comments import CommentedMap

    entries: dict[str, Any] = {}
    for name, value in values.items():
        if not isinstance(value, ReportedTarget):
            entries[name] = value
            continue
        old = existing.get(name)
        if isinstance(old, dict) and old.get("reached") is value.reached:
            entries[name] = old
            continue
        entry = CommentedMap(reached=value.reached)
        entry.fa.set_flow_style()
        entries[name] = entry
    return entries


def dropped_texts(form: dict[str, Any], existing: dict[str, Any]) -> list[str]:
    """The targets whose source and note the merge does not keep: a reported target with either whose status
    the form changed, or that it replaced by a planned value or cleared. The import tells the official so
    (the text is not lost silently); :func:`_target_entries` is the rule it mirrors."""
    dropped = []
    for name, value in form.items():
        old = existing.get(name)
        if not isinstance(old, ReportedTarget) or not (old.source or old.note):
            continue
        if not (isinstance(value, ReportedTarget) and value.reached is old.reached):
            dropped.append(name)
    return dropped


def _headings(counts: Any, catalogue: Catalogue, indent: int) -> None:
    """In a new file, the title of each form section above its first count, as the hand-written files have."""
    for _, title, names in section_groups(catalogue, [n for n in catalogue.counts if n in counts]):
        counts.yaml_set_comment_before_after_key(names[0], before=title, indent=indent)


def _delete_keeping_comments(target: Any, name: str) -> None:
    """Remove a key; the comment lines that followed it (a section heading above the next key) stay.

    ruamel.yaml keeps the comment lines between two keys with the first of them, so deleting that key would
    delete the heading of the next group as well.
    """
    from ruamel.yaml.tokens import CommentToken

    keys = list(target.keys())
    index = keys.index(name)
    token = target.ca.items.get(name, [None, None, None, None])[2]
    del target[name]
    target.ca.items.pop(name, None)
    if token is None:
        return
    # Only full comment lines after the key are worth keeping; its end-of-line comment went with it.
    text = token.value
    lines = text.split("\n", 1)[1] if not text.startswith("\n") and "\n" in text else text.lstrip("\n")
    if not lines.strip():
        return
    if index == 0:
        return  # the heading stays lost rather than moving above the parent key
    previous = keys[index - 1]
    slot = target.ca.items.setdefault(previous, [None, None, None, None])
    before = slot[2].value if slot[2] is not None else "\n"
    slot[2] = CommentToken(before + lines, token.start_mark, None)


def _list_value(item: BaseModel) -> Any:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    out = CommentedMap()
    for name, value in item.model_dump(exclude_none=True).items():
        if value == [] or (name == "kind" and value == "приказ" and isinstance(item, Decision)):
            continue
        value = value.value if hasattr(value, "value") else value
        # Numbers of measures and decisions are text; the hand-written files quote them with double quotes.
        out[name] = DoubleQuotedScalarString(value) if name == "number" else value
    return out


def merge(
    existing: str | None,
    form: FormData,
    catalogue: Catalogue,
    current: Any | None,
    summed: dict[str, int] | None = None,
) -> str:
    """The text of the yearly file after the form: ``existing`` edited in place, or a new file.

    ``summed``: the municipal totals the file does not give but sums from its schools. A municipal form
    shows them; left as they were, they stay sums and are not written as municipal counts.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = round_trip_yaml()
    doc = yaml.load(existing) if existing else None
    if not isinstance(doc, CommentedMap):
        doc = CommentedMap()
        doc["municipality"] = form.slug
        doc["year"] = form.year
    count_order = list(catalogue.counts)

    def section(key: str, after: tuple[str, ...]) -> Any:
        if key not in doc:
            keys = list(doc.keys())
            position = max([keys.index(k) + 1 for k in after if k in doc], default=len(keys))
            doc.insert(position, key, CommentedMap() if key in {"counts", "targets"} else CommentedSeq())
        return doc[key]

    fresh = "counts" not in doc
    if any(v is not None and not (summed and summed.get(n) == v) for n, v in form.counts.items()) or "counts" in doc:
        counts = {
            name: value
            for name, value in form.counts.items()
            if not (summed and name in summed and value == summed[name])
        }
        _update_map(section("counts", ("year",)), counts, count_order)
        if fresh:
            _headings(doc["counts"], catalogue, indent=2)
    any_school_value = any(v is not None for c in form.school_counts.values() for v in c.values())
    if form.schools and form.school_counts and (any_school_value or "schools" in doc):
        schools = section("schools", ("counts", "year"))
        for school, values in form.school_counts.items():
            item = next((s for s in schools if isinstance(s, dict) and s.get("school") == school), None)
            if item is None:
                if all(v is None for v in values.values()):
                    continue
                item = CommentedMap()
                item["school"] = school
                item["counts"] = CommentedMap()
                schools.append(item)
                _update_map(item["counts"], values, count_order)
                _headings(item["counts"], catalogue, indent=6)
            if "counts" not in item:
                item["counts"] = CommentedMap()
            _update_map(item["counts"], values, count_order)
            if not item["counts"]:
                schools.remove(item)
        if not schools:
            del doc["schools"]
    if any(v is not None for v in form.targets.values()) or "targets" in doc:
        targets = section("targets", ("schools", "counts", "year"))
        _update_map(targets, _target_entries(form.targets, targets), list(catalogue.indicators))
    for key in ("counts", "targets"):
        if key in doc and not doc[key]:
            del doc[key]
    anchors = {"events": ("goals", "targets", "schools", "counts", "year")}
    anchors["measures"] = ("events", *anchors["events"])
    anchors["decisions"] = ("measures", *anchors["measures"])
    for role, items in form.lists.items():
        before = list(getattr(current, role)) if current is not None else []
        if [i.model_dump() for i in items] == [i.model_dump() for i in before] and (items or role not in doc):
            continue
        if not items:
            doc.pop(role, None)
            continue
        seq = CommentedSeq(_list_value(i) for i in items)
        if role in doc:
            doc[role] = seq
        else:
            keys = list(doc.keys())
            position = max([keys.index(k) + 1 for k in anchors[role] if k in doc], default=len(keys))
            doc.insert(position, role, seq)
    out = io.StringIO()
    yaml.dump(doc, out)
    text = out.getvalue()
    if not existing or not existing.startswith("# yaml-language-server:"):
        text = SCHEMA_LINE + text
    return text
