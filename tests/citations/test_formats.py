"""Each citation format on its own (archive.citations is pure): read back by a reference parser,
CSL-JSON validated against the CSL data schema's shape, GB/T 7714 by string equality."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy

from archive import citations
from archive.citations import Citation

SCHEMA = json.loads((Path(__file__).parent / "csl-data-subset.json").read_text(encoding="utf-8"))
URL = "https://archive.example/articles/k7m2p9q4rs/"


def printed(**changes) -> Citation:
    values = dict(
        title="衡阳算力中心建设项目签约仪式举行", title_printed=True, subtitle="刘越高出席并致辞 朱健出席",
        newspaper="衡阳晚报", date=datetime.date(2023, 3, 23), page="1", url=URL, key="k7m2p9q4rs",
        authors=["陈润"], section="", accessed=datetime.date(2026, 12, 1),
    )
    return Citation(**{**values, **changes})


def untitled_photo() -> Citation:
    return printed(title=citations.supplied_title("图片，无题"), title_printed=False, subtitle="", authors=[],
                   section="")


def test_gbt7714_print_and_online():
    assert citations.gbt7714(printed()) == (
        "陈润.衡阳算力中心建设项目签约仪式举行:刘越高出席并致辞 朱健出席[N].衡阳晚报,2023-03-23(1)."
    )
    assert citations.gbt7714_online(printed()) == (
        "陈润.衡阳算力中心建设项目签约仪式举行:刘越高出席并致辞 朱健出席[N/OL].衡阳晚报,2023-03-23(1)"
        f"[2026-12-01].{URL}."
    )


def test_gbt7714_without_author_and_with_more_than_three():
    no_author = printed(authors=[], subtitle="")
    assert citations.gbt7714(no_author) == "衡阳算力中心建设项目签约仪式举行[N].衡阳晚报,2023-03-23(1)."
    many = printed(authors=["甲", "乙", "丙", "丁"], subtitle="")
    assert citations.gbt7714(many).startswith("甲,乙,丙,等.衡阳算力中心")


def test_untitled_items_are_cited_under_a_supplied_title():
    photo = untitled_photo()
    assert citations.gbt7714(photo) == "[图片，无题][N].衡阳晚报,2023-03-23(1)."
    assert "图片新闻：" not in citations.ris(photo) + citations.bibtex(photo) + citations.csl_json(photo)
    assert citations.csl_item(photo)["note"] == "原文无标题，题名为档案馆所加"


def test_ris_reads_back_as_a_newspaper_article():
    entries = rispy.loads(citations.ris(printed(section="要闻")))
    assert len(entries) == 1
    entry = entries[0]
    assert entry["type_of_reference"] == "NEWS"
    assert entry["title"] == "衡阳算力中心建设项目签约仪式举行:刘越高出席并致辞 朱健出席"
    assert entry["authors"] == ["陈润"]
    assert entry["secondary_title"] == "衡阳晚报"
    assert entry["date"] == "2023/03/23" and entry["year"] == "2023"
    assert entry["start_page"] == "1" and entry["section"] == "要闻"
    assert entry["urls"] == [URL]


def test_bibtex_reads_back_with_every_field():
    text = citations.bibtex(printed(title="100% 达标 & {括号}_下划线", subtitle=""))
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "article" and entry.key == "hy20230323k7m2p9q4rs"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == r"100\% 达标 \& \{括号\}\_下划线"
    assert fields["author"] == "{陈润}"
    assert fields["journal"] == "衡阳晚报" and fields["entrysubtype"] == "newspaper"
    assert fields["date"] == "2023-03-23" and fields["pages"] == "1" and fields["url"] == URL


@pytest.mark.parametrize("citation", [printed(), printed(section="要闻", authors=["甲", "乙"]), untitled_photo()],
                         ids=["printed", "section-two-authors", "untitled"])
def test_csl_json_is_valid_csl_data(citation):
    data = json.loads(citations.csl_json(citation))
    jsonschema.validate(data, SCHEMA)
    item = data[0]
    assert item["type"] == "article-newspaper"
    assert item["container-title"] == "衡阳晚报"
    assert item["issued"] == {"date-parts": [[2023, 3, 23]]}
    assert item["page"] == "1" and item["URL"] == URL


def test_csl_json_has_the_fields_reference_managers_need():
    item = citations.csl_item(printed(section="要闻"))
    assert item["title"].startswith("衡阳算力中心建设项目签约仪式举行")
    assert item["author"] == [{"literal": "陈润"}] and item["section"] == "要闻"


def test_control_characters_never_reach_a_format():
    dirty = printed(title="标题\n第二行\x07", authors=["陈\t润"], subtitle="")
    assert citations.gbt7714(dirty) == "陈 润.标题 第二行[N].衡阳晚报,2023-03-23(1)."
    assert rispy.loads(citations.ris(dirty))[0]["title"] == "标题 第二行"
    fields = {f.key: f.value for f in bibtexparser.parse_string(citations.bibtex(dirty)).entries[0].fields}
    assert fields["title"] == "标题 第二行" and fields["author"] == "{陈 润}"
    assert citations.csl_item(dirty)["title"] == "标题 第二行"


def test_meta_tags_say_newspaper_article():
    tags = citations.meta_tags(printed())
    names = dict(tags)
    assert names["DC.type"] == "newspaperArticle"
    assert names["citation_journal_title"] == "衡阳晚报"
    assert names["citation_publication_date"] == "2023/03/23"
    assert ("citation_author", "陈润") in tags and ("DC.creator", "陈润") in tags
