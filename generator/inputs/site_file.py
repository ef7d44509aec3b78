"""``data/site.yaml``: what the deployment says about itself, beside the data.

The file is optional. Each key is one block with its own model inside :class:`SiteFile`; other blocks
will join ``publisher`` here, so a block is added as a field of :class:`SiteFile` and nothing else.

``publisher`` — who publishes the open data (the «владелец набора» and the «ответственное лицо» of the
passports of the Methodological recommendations on open data, see :mod:`generator.publish.opendata`)::

    publisher:
      owner: Министерство образования Демонстрационной области   # владелец наборов: организация
      responsible: начальник отдела мониторинга качества образования   # должность, не фамилия
      phone: "+7 (000) 000-00-00"    # необязательно
      email: opendata@example.org    # необязательно
      inn: "0000000000"              # необязательно: ИНН владельца, начало идентификатора набора

Names of people are never written: the responsible person is a role. A contact the file does not give
is not made up: the passport leaves its value empty and the data page says it is not given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from generator.inputs.load import _read, parse_model
from generator.inputs.models import ShortText, Strict
from generator.inputs.problems import Problem

SITE_FILE = "site.yaml"

Phone = Annotated[
    str,
    Field(
        pattern=r"^\+?[0-9][0-9 ()\-]{4,30}$",
        description="Телефон ответственного: цифры, при необходимости «+», пробелы, скобки и дефисы",
    ),
]
Email = Annotated[
    str,
    Field(
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        max_length=254,
        description="Адрес электронной почты ответственного",
    ),
]
Inn = Annotated[
    str,
    Field(
        pattern=r"^([0-9]{10}|[0-9]{12})$",
        description="ИНН владельца наборов (10 цифр у организации): начало идентификатора каждого набора",
    ),
]


class PublisherSpec(Strict):
    """The owner of the open data sets and the person responsible for them, by role."""

    owner: ShortText = Field(description="Владелец наборов открытых данных: организация, которая их публикует")
    responsible: ShortText | None = Field(
        default=None,
        description="Ответственное лицо — должность (например, «начальник отдела мониторинга»), не фамилия",
    )
    phone: Phone | None = None
    email: Email | None = None
    inn: Inn | None = None


class SiteFile(Strict):
    """``data/site.yaml``: one block per key."""

    publisher: PublisherSpec | None = Field(
        default=None, description="Владелец открытых данных и ответственный за них (паспорта наборов)"
    )


def load_site(root: Path, problems: list[Problem]) -> SiteFile | None:
    """The deployment's ``site.yaml`` (an empty :class:`SiteFile` without one); None and ``problems`` —
    with file, line and column — when it is broken."""
    path = root / SITE_FILE
    if not path.is_file():
        return SiteFile()
    doc = _read(path, problems)
    if doc is None:
        return None
    if doc.data is None:
        return SiteFile()
    return parse_model(doc, SiteFile, problems)
