import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from service.text import normalize


def test_folds_full_width_and_case() -> None:
    assert normalize("ＧＡ２Ｏ３ ９９．９９９％") == "ga2o3 99.999%"


def test_keeps_formula_and_grade_punctuation() -> None:
    assert (
        normalize("Gallium(III) oxide, 99.999% (4N5) Ag/W W-Ni-Fe") == "gallium(iii) oxide, 99.999% (4n5) ag/w w-ni-fe"
    )


def test_collapses_whitespace_and_drops_symbols() -> None:
    assert normalize("  GaAs\twafer\n\n★ 4\u3000inch ") == "gaas wafer 4 inch"


def test_keeps_chinese() -> None:
    assert normalize("氧化镓 5N 粉末") == "氧化镓 5n 粉末"


@given(st.text())
def test_output_has_only_letters_numbers_kept_marks_and_single_spaces(text: str) -> None:
    out = normalize(text)
    assert out == out.strip()
    assert "  " not in out
    for ch in out:
        assert ch == " " or ch in "%.,()/-+:#&" or unicodedata.category(ch)[0] in "LN", repr(ch)


@given(st.text())
def test_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)
