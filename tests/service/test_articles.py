"""Finished articles made with a listed material: which word of a description names the goods."""

from __future__ import annotations

import pytest

from service.articles import ArticleFinder, Articles, first_use
from service.naming import NamingIndex, naming_index


@pytest.fixture(scope="module")
def ix() -> NamingIndex:
    return naming_index()


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("CdTe thin film solar panel 420 W", "solar panel"),  # the listed name modifies the article
        ("SmCo servo motor, 200 W", "servo motor"),
        ("Brushless motor 48V 2000rpm with sintered NdFeB magnets (Dy 4%)", "Brushless motor"),  # parts after "with"
        ("Thermal imaging camera with germanium lens, 640x512", "Thermal imaging camera"),
        ("伺服电机 750W（内置钐钴磁钢）", "伺服电机"),
        ("碲化镉光伏组件 功率450W 20块", "光伏组件"),  # "20块" counts pieces
        ("品名：永磁发电机；含钕铁硼磁体", "发电机"),  # after a field label
        ("GaAs triple-junction solar cell for satellites", "solar cell"),  # a use word ends the phrase
        # lasers, sporting goods, vehicles' frames and assemblies are articles too
        ("InGaAsP DFB laser 1310 nm, TO-can, InP based", "DFB laser"),
        ("Badminton racket, graphite", "racket"),
        ("钪铝合金山地车车架 29寸", "车架"),
        ("电动大巴动力总成 内置含铽磁钢", "总成"),
    ],
)
def test_the_article_names_the_goods(ix: NamingIndex, text: str, article: str) -> None:
    assert ix.find_article(text) == article


@pytest.mark.parametrize(
    "text",
    [
        "NdFeB magnets N42SH for servo motors",  # the article is the goods' use
        "用于伺服电机的钐钴磁钢",
        "钕铁硼磁钢 电机用 N38UH",  # 电机用: for motors
        "Sm2Co17 arc magnets, motor grade",  # the article is in a later clause
        "SmCo motor magnets 2:17",  # the article modifies the goods
        "graphite pump seal ring",
        "电机转子 钕铁硼",  # 电机转子: a motor's rotor, the goods are the rotor
        "球形石墨 锂电池负极材料",  # anode material for batteries: graphite
        "Solar panel scrap containing CdTe",  # a form word after the article
        "CdTe sputtering target for solar module production",
        "Gallium oxide Ga2O3 5N powder",  # no article at all
        "InP substrate for DFB lasers",
        "Nd:YAG laser rod 6 x 100 mm",  # a form word after the article
    ],
)
def test_no_article_when_the_listed_material_is_the_goods(ix: NamingIndex, text: str) -> None:
    assert ix.find_article(text) is None


def test_no_article_word_holds_a_name(ix: NamingIndex) -> None:
    """The scan finds article words with the names, the longest at each place: an article word holding a name
    ("lithium ion battery" holds the unlisted element lithium) would hide that name from every other rule."""
    without_articles = NamingIndex(ix.naming.model_copy(update={"articles": Articles()}))
    holding = {w: without_articles.find_names(w) for w in ix.naming.articles.words}
    assert {w: names for w, names in holding.items() if names != ({}, {})} == {}


def test_what_follows_the_article_decides() -> None:
    finder = ArticleFinder(Articles(words=["module"]), forms=["powder", "块"])
    assert finder.find("cdte module", [(5, 11)], [0], lambda part: False) == "module"
    # what follows names listed goods: by the scan's hits, by a formula, by a form word (not after a number)
    assert finder.find("cdte module cdte", [(5, 11)], [0, 12], lambda part: False) is None
    assert finder.find("module ga2o3", [(0, 6)], [], lambda part: "ga2o3" in part) is None
    assert finder.find("module powder", [(0, 6)], [], lambda part: False) is None
    assert finder.find("module 20块", [(0, 6)], [], lambda part: False) == "module"  # a count of pieces
    assert finder.find("module frame", [(0, 6)], [], lambda part: False) is None  # the article modifies "frame"


@pytest.mark.parametrize(
    ("text", "use"),
    [
        ("Quartz crucible for GaAs VGF growth", "for"),
        ("Quartz crucible FOR GaAs", "FOR"),  # any case
        ("石英坩埚 用于砷化镓晶体生长", "用于"),
        ("RFQ for germanium ingot for IR optics", "for IR"),  # the first "for" follows a word of trade only
        ("Quotation for gallium metal 4N", None),
        ("Best price for Ga2O3 powder", None),
        ("询价 用于 氮化镓", None),
        ("厂家直供 氧化镓", None),  # "供" alone is no use word: also "supply"
    ],
)
def test_the_goods_use_starts_at_a_use_word_after_some_goods(text: str, use: str | None) -> None:
    data = naming_index().naming.articles
    found = first_use(tuple(data.uses), tuple(data.trade))(text)
    assert (None if found is None else text[found : found + len(use or "")]) == use
