"""The broker's page end to end: headless Debian Chromium, driven by Playwright, against a real server.

What a broker does with the page — paste lines, upload a CSV, read the verdicts, download them — plus the
states that must never lose their input (empty, too long, server error, offline), the XSS guard, keyboard
use, a narrow window and the CSP. The screenshot it takes lands in the test's temporary folder, so a test run
leaves the tree clean; copy it to docs/screenshots/page.png to refresh the README picture.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.batch import BATCH_COLUMNS, spreadsheet_safe
from tests.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
REPO = Path(__file__).resolve().parents[3]
LINES = ["Gallium oxide 99.999% powder", "men's cotton t-shirt", "ammonium paratungstate APT 88.5%"]
SUMMARY = re.compile(r"(\d+) controlled, (\d+) needs? review, (\d+) not controlled")
# Records CSP violations the console might not show; injected by CDP, so the CSP itself does not block it.
CSP_PROBE = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian chromium (make browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Session:
    """One page plus everything it reported: console errors, dialogs, /v1/classify requests."""

    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    classify_requests: list[str] = field(default_factory=list)

    def open(self) -> None:
        self.page.goto(self.url + "/")
        # /v1/limits has answered once the hint shows the server's number (loaded asynchronously).
        # Waits use selectors, not wait_for_function: string predicates need eval, which the CSP forbids.
        self.page.wait_for_selector("#max-chars[data-loaded='true']", state="attached")

    def classify(self, text: str, key: str = "Control+Enter") -> None:
        self.page.fill("#descriptions", text)
        self.page.focus("#descriptions")
        self.page.keyboard.press(key)

    def rows(self) -> list[dict[str, Any]]:
        self.page.wait_for_selector("#results-rows tr[data-status]", state="attached")
        rows: list[dict[str, Any]] = self.page.eval_on_selector_all(
            "#results-rows tr[data-status]",
            """rows => rows.map(r => ({
                id: r.querySelector('.col-id').textContent,
                description: r.querySelector('.col-description').textContent,
                status: r.dataset.status,
                verdict: r.querySelector('.badge-text').textContent,
                code: (r.querySelector('code.hs-code') || {textContent: ''}).textContent,
                confidence: r.querySelector('.col-confidence').textContent,
            }))""",
        )
        return rows

    def alert(self) -> str:
        self.page.wait_for_selector("#alert.alert--shown")
        return str(self.page.inner_text("#alert"))

    def assert_no_csp_violation(self) -> None:
        csp_console = [e for e in self.errors if "Content Security Policy" in e]
        assert csp_console == [], csp_console
        assert self.page.evaluate("window.__csp") == []


@pytest.fixture
def session(browser: Any, live_server: LiveServer) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.add_init_script(CSP_PROBE)
    s = Session(page, live_server.url)
    page.on("console", lambda m: s.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: s.errors.append(f"pageerror: {e}"))

    def on_dialog(dialog: Any) -> None:
        s.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda r: s.classify_requests.append(r.url) if r.url.endswith("/v1/classify") else None)
    s.open()
    yield s
    s.assert_no_csp_violation()
    context.close()


def api_classify(server: LiveServer, descriptions: list[str]) -> dict[str, Any]:
    items = [{"id": str(i), "description": d} for i, d in enumerate(descriptions)]
    response = httpx.post(server.url + "/v1/classify", json={"items": items}, timeout=15)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def expected_csv_row(item_id: str, description: str, result: dict[str, Any]) -> list[str]:
    """service.batch.prediction_row() applied to the API's answer."""
    matches = result["matches"]
    first = matches[0] if matches else None
    row = {
        "id": item_id,
        "description": description,
        "status": result["status"],
        "hs_code": result["hs_code"] or "",
        "item": "; ".join(dict.fromkeys(m["item"] for m in matches)),
        "confidence": str(round(result["confidence"], 4)),
        "group": "; ".join(dict.fromkeys(m["group"] for m in matches)),
        "control_code": "; ".join(dict.fromkeys(m["control_code"] or "" for m in matches)).strip("; "),
        "measure": first["measure"] if first else "",
        "announcement": first["announcement_id"] if first else "",
        "candidates": "; ".join(f"{c['label']} {c['probability']:.3f}" for c in result["candidates"]),
        "reasons": " | ".join(result["reasons"]),
        "decided_by": result["decided_by"],
        "notices": " | ".join(result["notices"]),
    }
    return [str(spreadsheet_safe(row[c])) for c in BATCH_COLUMNS]


def summary_counts(text: str) -> tuple[int, int, int]:
    match = SUMMARY.search(text)
    assert match, text
    controlled, review, not_controlled = (int(g.replace(",", "")) for g in match.groups())
    return controlled, review, not_controlled


def test_an_answer_the_text_decided_is_marked_beside_its_confidence(session: Session) -> None:
    session.classify("Copper sputtering target 99.99%, 3 inch\nsamarium metal ingot 99.9%")
    session.rows()
    cells = session.page.eval_on_selector_all(
        "#results-rows td.col-confidence",
        "cells => cells.map(c => [c.dataset.decidedBy, c.title, getComputedStyle(c, '::after').content])",
    )
    (copper_by, copper_title, copper_after), (metal_by, metal_title, metal_after) = cells
    assert copper_by == "text" and "model's own probability" in copper_title and "by text" in copper_after
    assert metal_by == "model" and metal_title == "" and metal_after in ("none", "normal")
    # The reading the text overruled is no item of the answer: the copper target shows none beside "not on the list".
    codes = session.page.eval_on_selector_all("#results-rows td.col-code", "cells => cells.map(c => c.innerText)")
    assert codes[0].strip() == "not on the list"
    assert "samarium" in codes[1].lower()  # a listed answer keeps its item


def test_a_notice_of_an_announcement_outside_the_list_stays_in_view(session: Session) -> None:
    """2025 No. 57 controls erbium items that the control list does not: its notice shows under the verdict
    without opening the reasons, and only on the row whose goods it names."""
    session.classify("Erbium oxide Er2O3 99.99%, 1 kg\nsamarium metal ingot 99.9%")
    session.rows()
    notices = session.page.eval_on_selector_all(
        "#results-rows tr[data-status]",
        "rows => rows.map(r => [...r.querySelectorAll('.col-reasons .notice')].map(n => [n.textContent, "
        "n.checkVisibility()]))",
    )
    (erbium,), samarium = notices
    text, visible = erbium
    assert text.startswith("Notice: ") and "2025 No. 57" in text and "'Erbium'" in text and visible
    assert samarium == []


def test_paste_three_lines_keeps_order_and_counts(session: Session, live_server: LiveServer, tmp_path: Path) -> None:
    page = session.page
    session.classify("\n".join(LINES))
    rows = session.rows()

    assert len(rows) == 3
    assert [r["description"] for r in rows] == LINES
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[1]["status"] == "not_controlled"
    assert rows[1]["verdict"].lower() == "not controlled"
    for r in rows:
        assert r["verdict"].lower() == {"controlled": "controlled", "review": "review"}.get(
            r["status"], "not controlled"
        )
        assert r["code"] == "" or re.fullmatch(r"\d{10}", r["code"]), r
        assert re.fullmatch(r"[<>]?\d{1,3}%", r["confidence"]), r
    # The page shows what the API says, line for line.
    api = api_classify(live_server, LINES)
    assert [r["status"] for r in rows] == [x["status"] for x in api["results"]]
    assert [r["code"] for r in rows] == [x["hs_code"] or "" for x in api["results"]]

    statuses = [r["status"] for r in rows]
    counts = summary_counts(page.inner_text("#summary"))
    assert counts == (statuses.count("controlled"), statuses.count("review"), statuses.count("not_controlled"))
    assert page.inner_text("#count-all") == "3"
    assert page.inner_text("#model-version") == api["model_version"]
    assert page.inner_text("#controls-version") == api["controls_version"]
    assert page.get_attribute("#summary", "aria-live") == "polite"

    # The filter shows only the chosen verdict, still in input order.
    page.check("#filter-not_controlled")
    page.wait_for_selector("#results-caption:has-text('showing not controlled')")
    shown = session.rows()
    assert [r["description"] for r in shown] == [r["description"] for r in rows if r["status"] == "not_controlled"]
    page.check("#filter-all")
    page.wait_for_selector("#results-caption:has-text('showing all')")
    assert [r["description"] for r in session.rows()] == LINES

    assert session.errors == []
    page.click("#results-rows tr:first-child summary")  # one open reasons cell in the picture
    picture = tmp_path / "page.png"
    page.screenshot(path=str(picture), full_page=True)
    assert picture.stat().st_size > 10_000


def test_csv_upload_and_download_match_the_table(session: Session, live_server: LiveServer, tmp_path: Path) -> None:
    page = session.page
    descriptions = [
        "Gallium oxide, 99.999% powder",
        "men's cotton t-shirt",
        'ammonium paratungstate "APT"\n88.5%',
        "Holmium oxide Ho2O3 99.9%",  # a notice: an announcement outside the list names it
    ]
    upload = tmp_path / "invoice.csv"
    with upload.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "description", "qty"])
        writer.writerows([f"A-{i + 1}", d, str(i + 5)] for i, d in enumerate(descriptions))
    page.set_input_files("#csv-file", str(upload))
    page.wait_for_selector("#file-status:not([hidden])")
    assert "4 descriptions" in page.inner_text("#file-status")
    assert "description" in page.inner_text("#file-status")
    page.click("#classify")
    rows = session.rows()
    assert [r["id"] for r in rows] == ["A-1", "A-2", "A-3", "A-4"]
    assert [r["description"] for r in rows] == descriptions
    assert page.inner_text("#col-id") == "ID"

    with page.expect_download() as download_info:
        page.click("#download-csv")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads the UTF-8 correctly
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert records[0] == BATCH_COLUMNS
    body = records[1:]
    assert len(body) == len(rows)
    for record, row in zip(body, rows, strict=True):
        got = dict(zip(BATCH_COLUMNS, record, strict=True))
        assert (got["id"], got["description"], got["status"], got["hs_code"]) == (
            row["id"],
            row["description"],
            row["status"],
            row["code"],
        )
    # Value formats are prediction_row()'s, computed from the same API answer.
    api = api_classify(live_server, descriptions)
    expected = [
        expected_csv_row(f"A-{i + 1}", d, r) for i, (d, r) in enumerate(zip(descriptions, api["results"], strict=True))
    ]
    assert body == expected

    # Copy as TSV: the same records, tab-separated, line breaks inside values turned into spaces.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.click("#copy-tsv")
    page.wait_for_selector("#copy-status:has-text('Copied')")
    tsv = page.evaluate("navigator.clipboard.readText()")
    tsv_rows = [line.split("\t") for line in tsv.rstrip("\n").split("\n")]
    assert tsv_rows[0] == BATCH_COLUMNS
    assert tsv_rows[1:] == [[re.sub(r"[\t\r\n]+", " ", v) for v in rec] for rec in expected]


def test_an_upload_with_unquoted_commas_is_refused_naming_the_rows(session: Session, tmp_path: Path) -> None:
    """Read as it was, "W bar 99.95%, dia 150 mm" would be classified as "W bar 99.95%": the deciding size lost."""
    page = session.page
    upload = tmp_path / "invoice.csv"
    upload.write_text("description\nindium ingot 5N,\nW bar 99.95%, dia 150 mm\ncotton shirt\n", encoding="utf-8")
    page.set_input_files("#csv-file", str(upload))
    message = session.alert()
    assert "invoice.csv: data row 2 has more fields than the header (1)." in message, message
    assert "must be in double quotes" in message
    assert page.is_hidden("#file-status")
    assert session.classify_requests == []

    upload.write_text('description\nindium ingot 5N,\n"W bar 99.95%, dia 150 mm"\ncotton shirt\n', encoding="utf-8")
    page.set_input_files("#csv-file", str(upload))
    page.wait_for_selector("#file-status:not([hidden])")
    assert "3 descriptions" in page.inner_text("#file-status")  # the trailing empty field of row 1 loses nothing
    page.click("#classify")
    assert [r["description"] for r in session.rows()] == ["indium ingot 5N", "W bar 99.95%, dia 150 mm", "cotton shirt"]


def test_exports_neutralise_spreadsheet_formulas(session: Session, live_server: LiveServer) -> None:
    page = session.page
    hostile = ['=HYPERLINK("http://example.invalid","gallium")', "@SUM(1+1) germanium", "-325 mesh graphite powder"]
    session.classify("\n".join(hostile))
    assert [r["description"] for r in session.rows()] == hostile  # the table shows the text as written
    with page.expect_download() as download_info:
        page.click("#download-csv")
    raw = Path(download_info.value.path()).read_bytes().decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(raw, newline="")))[1:]
    assert [dict(zip(BATCH_COLUMNS, r, strict=True))["description"] for r in records] == ["'" + t for t in hostile]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.click("#copy-tsv")
    page.wait_for_selector("#copy-status:has-text('Copied')")
    tsv = page.evaluate("navigator.clipboard.readText()")
    assert [line.split("\t")[1] for line in tsv.rstrip("\n").split("\n")[1:]] == ["'" + t for t in hostile]


def test_markup_in_a_description_renders_as_text(session: Session) -> None:
    page = session.page
    hostile = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>", '"><svg onload=alert(3)>']
    session.classify("\n".join(hostile))
    rows = session.rows()
    assert [r["description"] for r in rows] == hostile
    page.wait_for_timeout(300)  # time for an onerror/onload to fire, if anything had been parsed as HTML
    assert session.dialogs == []
    assert page.locator("#results-table img, #results-table script, #results-table svg").count() == 0
    assert page.locator("img").count() == 0


def test_empty_and_over_long_input_are_refused_without_a_request(session: Session, live_server: LiveServer) -> None:
    page = session.page
    page.click("#classify")
    assert "Paste at least one description" in session.alert()

    page.fill("#descriptions", "   \n\n  ")
    page.click("#classify")
    assert "Paste at least one description" in session.alert()

    limit = httpx.get(live_server.url + "/v1/limits", timeout=5).json()["max_description_chars"]
    text = "tungsten carbide powder\n\n" + "x" * (limit + 1) + "\nbismuth ingot"
    session.classify(text)
    message = session.alert()
    assert "Line 3 is longer than" in message, message
    assert f"{limit:,} characters" in message
    assert "Shorten" in message
    assert page.input_value("#descriptions") == text
    assert session.classify_requests == []
    assert page.is_hidden("#results-body")


def test_server_error_and_offline_keep_the_input(session: Session) -> None:
    page = session.page
    failures = [
        {
            "status": 500,
            "content_type": "application/json",
            "body": json.dumps(
                {
                    "error": {
                        "code": "internal_error",
                        "message": "internal error; the request id is in the logs",
                        "details": [{"field": None, "message": "internal error; the request id is in the logs"}],
                    }
                }
            ),
        },
        "offline",
        {
            "status": 422,
            "content_type": "application/json",
            "body": json.dumps(
                {
                    "error": {
                        "code": "invalid_request",
                        "message": "items[1].description is empty",
                        "details": [{"field": "items[1].description", "message": "is empty"}],
                    }
                }
            ),
        },
    ]

    def handler(route: Any) -> None:
        failure = failures.pop(0) if failures else None
        if failure is None:
            route.continue_()
        elif failure == "offline":
            route.abort("internetdisconnected")
        else:
            route.fulfill(**failure)

    page.route("**/v1/classify", handler)
    text = "\n".join(LINES)

    session.classify(text)
    message = session.alert()
    assert "internal error; the request id is in the logs" in message
    assert "500" in message and "try again" in message
    assert page.input_value("#descriptions") == text

    page.click("#classify")
    page.wait_for_selector("#alert:has-text('Could not reach the service')")
    message = session.alert()
    assert "your input is kept" in message.lower()
    assert page.input_value("#descriptions") == text

    page.click("#classify")
    page.wait_for_selector("#alert:has-text('items[1].description')")
    message = session.alert()
    assert "line 2 (items[1].description): is empty" in message, message
    assert page.input_value("#descriptions") == text
    assert page.is_hidden("#results-body")

    # The fault clears: the same input classifies and the alert goes away.
    page.click("#classify")
    assert len(session.rows()) == 3
    assert page.inner_text("#alert") == ""
    assert len(session.classify_requests) == 4


def test_batches_above_max_items_are_split_in_order(browser: Any, live_server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.add_init_script(CSP_PROBE)
    s = Session(page, live_server.url)
    page.on("request", lambda r: s.classify_requests.append(r.post_data or "") if "/v1/classify" in r.url else None)
    # This deployment "accepts" two items per request: seven lines need four requests.
    limits = {"max_items": 2, "max_description_chars": 2000, "max_body_bytes": 4_000_000}
    page.route("**/v1/limits", lambda route: route.fulfill(json=limits))
    try:
        s.open()
        lines = [*LINES, "bismuth ingot 99.99%", "", "indium phosphide wafer", "steel bolts M8", "氧化镓 99.99%"]
        s.classify("\n".join(lines))
        rows = s.rows()
        kept = [(i + 1, line) for i, line in enumerate(lines) if line]
        assert [(int(r["id"]), r["description"]) for r in rows] == kept
        sent = [json.loads(body) for body in s.classify_requests]
        assert [len(b["items"]) for b in sent] == [2, 2, 2, 1]
        assert [i["description"] for b in sent for i in b["items"]] == [line for _, line in kept]
        assert len({b["as_of"] for b in sent[1:]}) == 1  # every request after the first pins the same day
        s.assert_no_csp_violation()
    finally:
        context.close()


def test_keyboard_and_narrow_window(browser: Any, live_server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 400, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.add_init_script(CSP_PROBE)
    s = Session(page, live_server.url)
    page.on("console", lambda m: s.errors.append(m.text) if m.type == "error" else None)
    try:
        s.open()
        reached: list[str] = []
        for _ in range(12):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "(() => { const a = document.activeElement; const st = getComputedStyle(a);"
                " return [a.id, st.outlineStyle, st.outlineWidth]; })()"
            )
            reached.append(focused[0])
            if focused[0] in ("descriptions", "classify"):
                assert focused[1] != "none" and focused[2] != "0px", f"no visible focus on #{focused[0]}"
            if focused[0] == "classify":
                break
        assert "descriptions" in reached and "classify" in reached, reached
        assert reached.index("descriptions") < reached.index("classify")

        # Cmd+Enter (macOS) submits as Ctrl+Enter does; the button submits on Enter.
        s.classify("\n".join(LINES), key="Meta+Enter")
        assert len(s.rows()) == 3
        overflow = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth, document.body.scrollWidth]"
        )
        assert overflow[0] <= overflow[1] and overflow[2] <= overflow[1], overflow
        wrap = page.evaluate(
            "(() => { const w = document.querySelector('.table-wrap').getBoundingClientRect();"
            " return [w.left, w.right]; })()"
        )
        assert wrap[0] >= 0 and wrap[1] <= 400, wrap
        page.fill("#descriptions", "tungsten carbide powder")
        page.focus("#classify")
        page.keyboard.press("Enter")
        page.wait_for_selector("#summary:has-text('— 1 line,')")
        s.assert_no_csp_violation()
    finally:
        context.close()


def test_hundreds_of_lines_render_in_pages(session: Session) -> None:
    page = session.page
    kinds = ["tungsten carbide powder WC", "men's cotton t-shirt", "bismuth ingot 99.99%", "steel bolts M8"]
    lines = [f"{kinds[i % len(kinds)]} lot {i}" for i in range(600)]
    # Set the value directly: typing 600 lines key by key would take most of the time budget.
    page.eval_on_selector("#descriptions", "(el, text) => { el.value = text; }", "\n".join(lines))
    page.click("#classify")
    page.wait_for_selector("#summary:has-text('600 lines')")
    assert sum(summary_counts(page.inner_text("#summary"))) == 600
    first_page = session.rows()
    assert len(first_page) == 500
    assert [r["description"] for r in first_page] == lines[:500]
    assert page.is_visible("#more-rows")
    page.click("#show-all")
    page.wait_for_selector("#more-rows", state="hidden")
    rows = session.rows()
    assert [r["description"] for r in rows] == lines
    assert page.evaluate("() => document.activeElement.id") == "table-wrap"

    with page.expect_download() as download_info:
        page.click("#download-csv")
    raw = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(raw, newline="")))
    assert len(records) == 601
    assert [r[1] for r in records[1:]] == lines
