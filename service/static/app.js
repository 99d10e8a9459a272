// The broker's page: paste or upload descriptions, classify them through /v1/classify, read, filter and
// export the verdicts. Plain script, no dependencies, no build step.
//
// Safety rule for this file: text from the user or the server goes into the page only through
// textContent / createTextNode (see el()), never innerHTML, so a description like
// <img src=x onerror=alert(1)> shows literally. The CSP (script-src 'self', no inline) backs this up.
"use strict";

(() => {
  // Columns and value formats of the command-line batch output (service/batch.py: BATCH_COLUMNS and
  // prediction_row()), so a file from the page and a file from `hscc classify` read the same.
  const BATCH_COLUMNS = [
    "id",
    "description",
    "status",
    "hs_code",
    "item",
    "confidence",
    "group",
    "control_code",
    "measure",
    "announcement",
    "candidates",
    "reasons",
    "decided_by",
    "notices",
  ];
  const CLIENT_MAX_LINES = 5000; // one page load; bigger files belong to `hscc classify`
  const PAGE_ROWS = 500; // rows drawn at once; "show more" draws the next ones (exports always take all)
  const MAX_FILE_BYTES = 20 * 1024 * 1024;
  const REQUEST_TIMEOUT_MS = 60000;
  const DEFAULT_LIMITS = { max_items: 1000, max_description_chars: 2000, max_body_bytes: 4000000 };
  const STATUS_LABEL = { controlled: "Controlled", review: "Review", not_controlled: "Not controlled" };
  const STATUS_ICON = { controlled: "■", review: "▲", not_controlled: "○" };
  const OUTCOME_LABEL = {
    met: "thresholds met",
    unknown: "thresholds undecided: the description lacks a fact they need",
    not_met: "thresholds not met",
  };

  const $ = (id) => document.getElementById(id);
  const numberFormat = new Intl.NumberFormat("en");
  const fmt = (n) => numberFormat.format(n);

  const state = {
    limits: null, // from GET /v1/limits
    file: null, // {name, items, idLabel, note} while an uploaded file is the input
    rows: [], // [{item, result}] in input order
    rowElements: [], // the <tr> of each row, built when first shown
    pageLimit: 500,
    idLabel: "Line",
    filter: "all",
    busy: false,
    sent: false, // a request of the current run has gone out
    meta: null, // the last successful run's response metadata
  };

  // ---------------------------------------------------------------- DOM helpers (text only, never HTML)

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function setText(id, text) {
    $(id).textContent = text;
  }

  // ---------------------------------------------------------------- messages

  function showAlert(title, ...lines) {
    const box = $("alert");
    box.replaceChildren(el("p", { class: "alert-title" }, title), ...lines.filter(Boolean).map((l) =>
      typeof l === "string" ? el("p", {}, l) : l));
    box.classList.add("alert--shown");
    box.scrollIntoView({ block: "nearest" });
  }

  function clearAlert() {
    const box = $("alert");
    box.replaceChildren();
    box.classList.remove("alert--shown");
  }

  function setProgress(text) {
    setText("progress", text);
  }

  // ---------------------------------------------------------------- limits and versions

  async function loadLimits() {
    try {
      const response = await fetch("/v1/limits", { headers: { Accept: "application/json" } });
      if (!response.ok) return null;
      const body = await response.json();
      const limits = {};
      for (const key of Object.keys(DEFAULT_LIMITS)) {
        limits[key] = Number.isInteger(body[key]) && body[key] > 0 ? body[key] : DEFAULT_LIMITS[key];
      }
      state.limits = limits;
      setText("max-chars", fmt(limits.max_description_chars));
      $("max-chars").dataset.loaded = "true";
      return limits;
    } catch {
      return null;
    }
  }

  async function currentLimits() {
    return state.limits || (await loadLimits()) || DEFAULT_LIMITS;
  }

  // Versions for the footer before the first classification; every classify response then updates them.
  async function loadVersions() {
    try {
      const response = await fetch("/v1/limits", { headers: { Accept: "application/json" } });
      const body = await response.json();
      setText("model-version", body.model_version || "loading…");
      if (typeof body.controls_version === "string") setText("controls-version", body.controls_version);
    } catch {
      /* the footer keeps its dash; classify will fill it */
    }
  }

  function showVersions(meta) {
    setText("model-version", meta.model_version);
    setText("controls-version", meta.controls_version);
    setText("run-info", `· measures as of ${meta.as_of}` +
      (meta.destination ? ` · destination ${meta.destination}` : " · no destination given"));
  }

  // ---------------------------------------------------------------- input: text box

  function codePoints(text) {
    // The server counts characters as Python does (code points), not UTF-16 units.
    let n = 0;
    for (const _ of text) n += 1;
    return n;
  }

  function itemsFromText(text) {
    const items = [];
    text.split(/\r\n|\n|\r/).forEach((line, index) => {
      const description = line.trim();
      if (description) items.push({ id: String(index + 1), place: index + 1, description });
    });
    return items;
  }

  // ---------------------------------------------------------------- input: CSV file (RFC 4180)

  // Returns {rows, unclosedFrom}: rows of fields; quoted fields may hold the delimiter, doubled quotes
  // and line breaks. A quote inside an unquoted field is kept literally. unclosedFrom is the 1-based row
  // where a quoted field never closes (null when the file is well formed).
  function parseDelimited(text, delimiter) {
    const rows = [];
    let row = [];
    let field = "";
    let inQuotes = false;
    let quoteRow = 0;
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text[i];
      if (inQuotes) {
        const close = text.indexOf('"', i);
        if (close === -1) {
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, close);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
        } else {
          inQuotes = false;
          i = close + 1;
        }
        continue;
      }
      if (c === '"' && field === "") {
        inQuotes = true;
        quoteRow = rows.length + 1;
        i += 1;
      } else if (c === delimiter) {
        row.push(field);
        field = "";
        i += 1;
      } else if (c === "\n" || c === "\r") {
        row.push(field);
        rows.push(row);
        row = [];
        field = "";
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      } else {
        field += c;
        i += 1;
      }
    }
    if (field !== "" || row.length > 0 || inQuotes) {
      row.push(field);
      rows.push(row);
    }
    return { rows, unclosedFrom: inQuotes ? quoteRow : null };
  }

  function guessDelimiter(name, text) {
    if (/\.tsv$/i.test(name)) return "\t";
    const firstLine = text.slice(0, text.search(/\r|\n|$/));
    const tabs = firstLine.split("\t").length;
    const commas = firstLine.split(",").length;
    const semicolons = firstLine.split(";").length;
    if (tabs > commas && tabs > semicolons) return "\t";
    if (semicolons > commas) return ";"; // Excel in many European locales
    return ",";
  }

  function pickColumns(header, body) {
    const names = header.map((h) => h.trim().toLowerCase());
    const idColumn = names.indexOf("id");
    let column = names.indexOf("description");
    if (column === -1) {
      // The first column whose values are mostly text (contain a letter), skipping the id column.
      const sample = body.slice(0, 200);
      for (let c = 0; c < header.length && column === -1; c += 1) {
        if (c === idColumn) continue;
        const values = sample.map((r) => (r[c] || "").trim()).filter(Boolean);
        const texty = values.filter((v) => /\p{L}/u.test(v)).length;
        if (values.length > 0 && texty * 2 > values.length) column = c;
      }
      if (column === -1) column = idColumn === 0 && header.length > 1 ? 1 : 0;
    }
    return { column, idColumn };
  }

  function decode(buffer) {
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(buffer), note: "" };
    } catch {
      // Excel on Chinese Windows saves CSV in GBK; GB18030 is its superset.
      return { text: new TextDecoder("gb18030").decode(buffer), note: " Read as GB18030 (not UTF-8)." };
    }
  }

  async function loadFile(file) {
    clearAlert();
    if (file.size > MAX_FILE_BYTES) {
      throw new PageError(`${file.name} is ${fmt(Math.round(file.size / 1048576))} MB; the page reads files up to ` +
        "20 MB.", "Split the file, or classify it with the command-line tool (hscc classify).");
    }
    const { text, note } = decode(await file.arrayBuffer());
    const delimiter = guessDelimiter(file.name, text);
    const { rows, unclosedFrom } = parseDelimited(text.replace(/^\uFEFF/, ""), delimiter);
    if (unclosedFrom !== null) {
      const where = unclosedFrom === 1 ? "the header row" : `data row ${fmt(unclosedFrom - 1)}`;
      throw new PageError(`${file.name}: a quoted field that starts in ${where} is never closed.`,
        "Check the quotes there (a quote inside a quoted field must be doubled: \"\"), " +
        "then choose the file again.");
    }
    if (rows.length < 2) {
      throw new PageError(`${file.name} has no data rows.`,
        "The first row is read as the header; descriptions start in the second row. " +
        "Choose another file or paste the descriptions into the text box.");
    }
    const [header, ...body] = rows;
    // A row with more non-empty fields than the header has a value that holds the delimiter unquoted: its
    // description would be read cut there ("W bar 99.95%" of "W bar 99.95%, dia 150 mm"), so the file is refused
    // naming the rows, as the command-line tool does. Empty fields past the header's lose nothing.
    const overfull = [];
    body.forEach((r, index) => {
      if (r.slice(header.length).some((v) => v.trim())) overfull.push(index + 1);
    });
    if (overfull.length) {
      const shown = overfull.slice(0, 10).map(fmt).join(", ") + (overfull.length > 10 ? " …" : "");
      const name = { ",": "a comma", ";": "a semicolon", "\t": "a tab" }[delimiter];
      throw new PageError(`${file.name}: data row${overfull.length === 1 ? "" : "s"} ${shown} ` +
        `${overfull.length === 1 ? "has" : "have"} more fields than the header (${fmt(header.length)}).`,
        `A value that holds ${name} must be in double quotes, as spreadsheet programs save it. ` +
        "Fix those rows, then choose the file again.");
    }
    const { column, idColumn } = pickColumns(header, body);
    const items = [];
    let blank = 0;
    body.forEach((r, index) => {
      const description = (r[column] || "").trim();
      const place = index + 1; // data row, 1-based, header not counted
      if (!description) {
        if (r.some((v) => v.trim())) blank += 1;
        return;
      }
      const csvId = idColumn >= 0 ? (r[idColumn] || "").trim() : "";
      items.push({ id: csvId || String(place), place, description });
    });
    const columnName = header[column].trim() || `column ${column + 1}`;
    const skipped = blank ? ` ${fmt(blank)} row${blank === 1 ? "" : "s"} with an empty description skipped.` : "";
    state.file = {
      name: file.name,
      items,
      idLabel: idColumn >= 0 ? "ID" : "Row",
      note: `Using ${fmt(items.length)} description${items.length === 1 ? "" : "s"} from ${file.name} ` +
        `(column “${columnName}”).${skipped}${note} The text box is ignored while a file is loaded.`,
    };
    setText("file-status-text", state.file.note);
    $("file-status").hidden = false;
  }

  function clearFile() {
    state.file = null;
    $("csv-file").value = "";
    $("file-status").hidden = true;
    setText("file-status-text", "");
  }

  // ---------------------------------------------------------------- requests

  class PageError extends Error {
    constructor(title, ...advice) {
      super(title);
      this.title = title;
      this.advice = advice;
    }
  }

  // Split into requests the server accepts: at most max_items items and well under max_body_bytes each.
  function chunk(items, limits) {
    const encoder = new TextEncoder();
    const budget = Math.max(1024, Math.floor(limits.max_body_bytes * 0.9) - 512);
    const chunks = [];
    let current = [];
    let bytes = 0;
    items.forEach((item, index) => {
      const size = encoder.encode(JSON.stringify({ id: String(index), description: item.description })).length + 1;
      if (current.length > 0 && (current.length >= limits.max_items || bytes + size > budget)) {
        chunks.push(current);
        current = [];
        bytes = 0;
      }
      current.push(index);
      bytes += size;
    });
    if (current.length > 0) chunks.push(current);
    return chunks;
  }

  function placeName(item, idLabel) {
    return `${idLabel === "Line" ? "line" : "row"} ${fmt(item.place)}`;
  }

  // "items[3].description" -> "row 1,004 (items[3].description)", using the request's own items.
  function describeField(field, sent, idLabel) {
    const match = /^items\[(\d+)\](.*)$/.exec(field || "");
    if (!match) return field || "";
    const item = sent[Number(match[1])];
    return item ? `${placeName(item, idLabel)} (${field})` : field;
  }

  function adviceFor(status, code) {
    if (status === 401 || status === 403) {
      return "This deployment requires an API key, which this page cannot send. Ask your administrator.";
    }
    if (status === 413) return "The request was larger than the server accepts. Classify fewer lines at a time.";
    if (status === 429) return "Too many requests at once. Wait a moment, then press Classify again.";
    if (status === 503) return "The service is starting or reloading its model. Try again in a few seconds.";
    if (status >= 500) return "This is a problem on the service’s side. Your input is kept; try again in a moment.";
    if (code === "invalid_request") return "Fix the line or option named above, then press Classify again.";
    return "Check the input and press Classify again.";
  }

  async function apiError(response, sent, idLabel) {
    let error = null;
    try {
      const body = await response.json();
      if (body && typeof body.error === "object" && body.error) error = body.error;
    } catch {
      /* not JSON: e.g. a proxy's HTML error page */
    }
    const requestId = response.headers.get("x-request-id");
    const status = `${response.status}${response.statusText ? " " + response.statusText : ""}`;
    if (!error) {
      return new PageError(`The service answered ${status} without an explanation.`,
        adviceFor(response.status, ""), requestId ? `Request id: ${requestId}.` : "");
    }
    const details = Array.isArray(error.details) ? error.details : [];
    const list = details.length > 1 || (details.length === 1 && details[0].field)
      ? el("ul", { class: "alert-details" }, ...details.slice(0, 10).map((d) =>
        el("li", {}, d.field ? `${describeField(d.field, sent, idLabel)}: ${d.message}` : String(d.message))))
      : null;
    return new PageError(`The service could not classify the input (${status}, ${error.code}): ${error.message}`,
      list, adviceFor(response.status, error.code),
      requestId && response.status >= 500 ? `If it keeps failing, give your administrator the request id ${requestId}.` : "");
  }

  async function post(payload, sent, idLabel) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let response;
    try {
      response = await fetch("/v1/classify", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
    } catch (err) {
      if (controller.signal.aborted) {
        throw new PageError(`The service did not answer within ${REQUEST_TIMEOUT_MS / 1000} seconds.`,
          "Your input is kept. Try again, or classify fewer lines at a time.");
      }
      throw new PageError("Could not reach the service.",
        "Check your network connection (or whether the service is running); your input is kept — try again.");
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) throw await apiError(response, sent, idLabel);
    try {
      const body = await response.json();
      if (!Array.isArray(body.results) || body.results.length !== sent.length) throw new Error("shape");
      return body;
    } catch {
      throw new PageError("The service sent an answer this page cannot read.",
        "Your input is kept; try again. If it keeps happening, the page and the service may be out of date.");
    }
  }

  // ---------------------------------------------------------------- validation and submit

  function gatherItems() {
    if (state.file) return { items: state.file.items, idLabel: state.file.idLabel, source: state.file.name };
    return { items: itemsFromText($("descriptions").value), idLabel: "Line", source: "" };
  }

  function listPlaces(items, word) {
    const shown = items.slice(0, 10).map((it) => fmt(it.place));
    const more = items.length > 10 ? ` and ${fmt(items.length - 10)} more` : "";
    const noun = items.length === 1 ? word : `${word}s`;
    return `${noun} ${shown.join(", ")}${more}`;
  }

  function validate(items, idLabel, limits) {
    const word = idLabel === "Line" ? "line" : "row";
    if (items.length === 0) {
      throw new PageError(state.file ? `${state.file.name} has no descriptions.` : "Paste at least one description.",
        state.file ? "Choose another file, or use the text box instead."
          : "Paste at least one description, one per line (or upload a CSV), then press Classify.");
    }
    if (items.length > CLIENT_MAX_LINES) {
      throw new PageError(`That is ${fmt(items.length)} ${word}s; this page classifies at most ` +
        `${fmt(CLIENT_MAX_LINES)} at a time.`,
        `Split the list into parts of up to ${fmt(CLIENT_MAX_LINES)} ${word}s, or classify the whole file with ` +
        "the command-line tool (hscc classify input.csv output.csv). Nothing was sent.");
    }
    const max = limits.max_description_chars;
    const long = items.filter((it) => it.description.length > max && codePoints(it.description) > max);
    if (long.length > 0) {
      const longest = long.reduce((a, b) => (codePoints(b.description) > codePoints(a.description) ? b : a));
      throw new PageError(`${listPlaces(long, word).replace(/^./, (c) => c.toUpperCase())} ` +
        `${long.length === 1 ? "is" : "are"} longer than ${fmt(max)} characters ` +
        `(${word} ${fmt(longest.place)} has ${fmt(codePoints(longest.description))}).`,
        "Shorten them — keep the product name, material, grade and form — then press Classify again. " +
        "Nothing was sent.");
    }
    const destination = $("destination").value.trim();
    if (destination && !/^[A-Za-z]{2}$/.test(destination)) {
      throw new PageError(`“${destination}” is not a two-letter country code.`,
        "Enter an ISO code such as US, JP or DE in Destination country, or leave it empty.");
    }
    const asOf = $("as-of");
    if (asOf.validity && asOf.validity.badInput) {
      throw new PageError("The date is incomplete.", "Complete the date (year, month, day) or clear it.");
    }
    return { destination: destination ? destination.toUpperCase() : null, asOf: asOf.value || null };
  }

  async function classify() {
    if (state.busy) return;
    clearAlert();
    const button = $("classify");
    state.busy = true;
    state.sent = false;
    button.setAttribute("aria-disabled", "true");
    document.body.classList.add("is-busy");
    try {
      const limits = await currentLimits();
      const { items, idLabel } = gatherItems();
      const options = validate(items, idLabel, limits);
      const batches = chunk(items, limits);
      const results = new Array(items.length);
      let meta = null;
      let done = 0;
      // From here on the shown results would not match the input: hide them until this run succeeds.
      state.sent = true;
      hideResults("No results: classifying…");
      setProgress(`Classifying ${fmt(items.length)} ${idLabel === "Line" ? "line" : "row"}` +
        `${items.length === 1 ? "" : "s"}…`);
      for (const indexes of batches) {
        const sent = indexes.map((i) => items[i]);
        const payload = {
          items: sent.map((item, k) => ({ id: String(k), description: item.description })),
          top_k: 3,
          destination: options.destination,
          // Every request of one run is judged on the same day, even across midnight UTC.
          as_of: meta ? meta.as_of : options.asOf,
        };
        const body = await post(payload, sent, idLabel);
        if (meta && meta.model_version !== body.model_version) {
          throw new PageError(`The service changed its model during this run (${meta.model_version} → ` +
            `${body.model_version}).`, "Press Classify again so that every line is judged by the same model.");
        }
        meta = meta || body;
        body.results.forEach((result, k) => {
          results[indexes[k]] = result;
        });
        done += indexes.length;
        if (batches.length > 1) setProgress(`Classified ${fmt(done)} of ${fmt(items.length)}…`);
      }
      state.rows = items.map((item, i) => ({ item, result: results[i] }));
      state.idLabel = idLabel;
      state.meta = meta;
      showVersions(meta);
      renderResults(meta);
      setProgress("");
    } catch (err) {
      setProgress("");
      if (state.sent) hideResults("No results: the last run did not finish.");
      if (err instanceof PageError) showAlert(err.title, ...err.advice);
      else showAlert("Something went wrong in the page.", String(err && err.message ? err.message : err),
        "Your input is kept; reload the page and try again.");
    } finally {
      state.busy = false;
      button.removeAttribute("aria-disabled");
      document.body.classList.remove("is-busy");
    }
  }

  // ---------------------------------------------------------------- results table

  function percent(p) {
    if (p > 0 && p < 0.01) return "<1%";
    if (p < 1 && p >= 0.995) return ">99%"; // never round a doubt away
    return `${Math.round(p * 100)}%`;
  }

  function counts() {
    const c = { all: state.rows.length, controlled: 0, review: 0, not_controlled: 0 };
    for (const row of state.rows) c[row.result.status] += 1;
    return c;
  }

  function summaryText(c) {
    return `${fmt(c.controlled)} controlled, ${fmt(c.review)} ${c.review === 1 ? "needs" : "need"} review, ` +
      `${fmt(c.not_controlled)} not controlled`;
  }

  function badge(status) {
    return el("span", { class: `badge badge--${status}` },
      el("span", { class: "badge-icon", "aria-hidden": "true" }, STATUS_ICON[status] || "?"),
      el("span", { class: "badge-text" }, STATUS_LABEL[status] || status));
  }

  function codeCell(result) {
    const cell = el("td", { class: "col-code", "data-label": "Code and item" });
    const best = result.candidates[0];
    const chosen = result.candidates.find((c) => c.hs_code && c.hs_code === result.hs_code) || best;
    // Not on the list, and no entry to judge: the model's first reading, which the text's words overruled
    // ("Cr sputtering target" read as a rare-earth target), is no item of the answer.
    const offList = !result.hs_code && result.matches.length === 0 && result.status === "not_controlled";
    if (result.hs_code) {
      cell.append(el("code", { class: "hs-code" }, result.hs_code));
    } else if (!offList && (result.matches.length > 0 || (best && best.label.startsWith("NOCODE:")))) {
      cell.append(el("span", { class: "hs-code hs-code--none" }, "no code on the list"));
    } else {
      cell.append(el("span", { class: "hs-code hs-code--none" }, "not on the list"));
    }
    const itemText = offList ? null : (chosen && chosen.item) || (result.matches[0] && result.matches[0].item);
    if (itemText) cell.append(el("span", { class: "item-text" }, itemText));
    return cell;
  }

  function matchBlock(match) {
    const head = [match.group, match.control_code ? `control code ${match.control_code}` : "no control code"];
    const block = el("div", { class: "match" },
      el("p", { class: "match-head" }, el("strong", {}, head[0]), ` · ${head[1]}`),
      el("p", { class: `match-outcome outcome--${match.outcome}` }, OUTCOME_LABEL[match.outcome] || match.outcome),
      el("p", { class: "match-measure" }, match.measure),
      el("p", { class: "match-announcement" }, `${match.announcement} (effective ${match.effective})`));
    if (match.destination_measures.length > 0) {
      // With a destination the API lists only the measures that apply to it; without one, every
      // destination-specific measure, each worded "applies if destination is …".
      const destination = state.meta && state.meta.destination;
      block.append(el("p", { class: "match-sub" }, destination ? `Measures for ${destination}` : "Destination measures"),
        el("ul", { class: destination ? "match-list match-list--applies" : "match-list" },
          ...match.destination_measures.map((m) => el("li", {}, m))));
    }
    if (match.upcoming.length > 0) {
      block.append(el("p", { class: "match-sub" }, "Coming up"),
        el("ul", { class: "match-list" }, ...match.upcoming.map((m) => el("li", {}, m))));
    }
    return block;
  }

  // The reasons list is built when a row's <details> first opens: thousands of rows then lay out quickly.
  // Notices (announcements outside the control list that name the goods) stay in view: the verdict does not
  // include them, and a broker must not miss them behind "not controlled".
  function reasonsCell(result, index) {
    const cell = el("td", { class: "col-reasons", "data-label": "Reasons" });
    const reasons = result.reasons.length > 0 ? result.reasons : ["(no reasons given)"];
    cell.append(el("details", { "data-index": index },
      el("summary", {}, el("span", { class: "reason-first" }, reasons[0]),
        el("span", { class: "reason-more" }, reasons.length > 1 ? ` +${reasons.length - 1} more` : " · candidates"))));
    for (const notice of result.notices || []) {
      cell.append(el("p", { class: "notice", role: "note" }, el("strong", {}, "Notice: "), notice));
    }
    return cell;
  }

  function fillReasons(details) {
    if (details.dataset.filled) return;
    const row = state.rows[Number(details.dataset.index)];
    if (!row) return;
    const { result } = row;
    const reasons = result.reasons.length > 0 ? result.reasons : ["(no reasons given)"];
    const candidates = result.candidates.map((c) => {
      const name = c.label === "NOT_LISTED" ? "not on the list" : c.hs_code || c.item || c.label;
      const short = c.item && c.item.length > 60 ? `${c.item.slice(0, 57).trimEnd()}…` : c.item;
      const item = c.hs_code && c.item ? ` (${short})` : "";
      return `${name}${item} ${percent(c.probability)}`;
    });
    details.append(
      el("ol", { class: "reason-list" }, ...reasons.map((r) => el("li", {}, r))),
      el("p", { class: "candidates" }, el("strong", {}, "Candidates: "), candidates.join("; ")));
    details.dataset.filled = "true";
  }

  // The model's probability of the answer; when the text's words chose the answer over the model's first
  // reading (decided_by "text"), that probability can be low, and the cell says who decided.
  function confidenceCell(result) {
    const byText = result.decided_by === "text";
    return el("td", {
      class: "col-confidence",
      "data-label": "Confidence",
      "data-decided-by": result.decided_by,
      title: byText ? "The text's words chose this answer over the model's first reading; " +
        "the figure is the model's own probability of it (see the reasons)." : null,
    }, percent(result.confidence));
  }

  function rowElement(row, index) {
    const { item, result } = row;
    const entryCell = el("td", { class: "col-entry", "data-label": "Control entry" });
    if (result.matches.length > 0) entryCell.append(...result.matches.map(matchBlock));
    else entryCell.append(el("span", { class: "muted" }, "—"));
    return el("tr", { "data-status": result.status, class: `row row--${result.status}` },
      el("th", { scope: "row", class: "col-id", "data-label": state.idLabel }, item.id),
      el("td", { class: "col-description", "data-label": "Description" }, item.description),
      el("td", { class: "col-verdict", "data-label": "Verdict" }, badge(result.status)),
      codeCell(result),
      confidenceCell(result),
      entryCell,
      reasonsCell(result, index));
  }

  function hideResults(summary) {
    state.rows = [];
    state.rowElements = [];
    $("results-body").hidden = true;
    $("results-rows").replaceChildren();
    setText("summary", summary);
  }

  function renderResults(meta) {
    state.rowElements = new Array(state.rows.length);
    state.pageLimit = PAGE_ROWS;
    setText("col-id", state.idLabel);
    const c = counts();
    for (const key of Object.keys(c)) setText(`count-${key}`, fmt(c[key]));
    setText("summary", `${summaryText(c)} — ${fmt(c.all)} ${state.idLabel === "Line" ? "line" : "row"}` +
      `${c.all === 1 ? "" : "s"}, measures as of ${meta.as_of}` +
      `${meta.destination ? `, destination ${meta.destination}` : ""}.`);
    $("results-body").hidden = false;
    setText("copy-status", "");
    renderRows();
  }

  // Rows of the chosen verdict, in input order, PAGE_ROWS at a time (row elements are built once, on demand).
  function renderRows() {
    const filter = state.filter;
    const indexes = [];
    state.rows.forEach((row, i) => {
      if (filter === "all" || row.result.status === filter) indexes.push(i);
    });
    const shown = indexes.slice(0, state.pageLimit);
    const fragment = document.createDocumentFragment();
    for (const i of shown) {
      if (!state.rowElements[i]) state.rowElements[i] = rowElement(state.rows[i], i);
      fragment.appendChild(state.rowElements[i]);
    }
    if (indexes.length === 0 && state.rows.length > 0) {
      fragment.appendChild(el("tr", { id: "empty-filter-row" },
        el("td", { colspan: "7", class: "muted" },
          `No ${STATUS_LABEL[filter].toLowerCase()} rows. Choose “All” to see every row.`)));
    }
    $("results-rows").replaceChildren(fragment);

    const word = state.idLabel === "Line" ? "line" : "row";
    const what = filter === "all" ? "all verdicts" : STATUS_LABEL[filter].toLowerCase();
    const partial = shown.length < indexes.length;
    setText("results-caption", `Classification of ${fmt(state.rows.length)} ${word}` +
      `${state.rows.length === 1 ? "" : "s"} in input order; showing ${what}: ` +
      (partial ? `the first ${fmt(shown.length)} of ${fmt(indexes.length)}.` : `${fmt(indexes.length)}.`));
    $("more-rows").hidden = !partial;
    if (partial) {
      const rest = indexes.length - shown.length;
      setText("more-text", `Showing ${fmt(shown.length)} of ${fmt(indexes.length)} rows.`);
      setText("show-more", `Show ${fmt(Math.min(PAGE_ROWS, rest))} more`);
      setText("show-all", `Show all ${fmt(indexes.length)}`);
    }
    setText("export-note", `Copy and download take all ${fmt(indexes.length)} row` +
      `${indexes.length === 1 ? "" : "s"} of this filter, in the columns of the command-line batch output.`);
  }

  function visibleRows() {
    return state.rows.filter((r) => state.filter === "all" || r.result.status === state.filter);
  }

  // ---------------------------------------------------------------- export (CLI batch format)

  // Python's format(x, ".{d}f") / round(x, d): correctly rounded on the exact binary value, ties to even.
  // toFixed also rounds the exact value but sends exact ties (e.g. 0.0625 -> 3 places) up.
  function pyFixed(x, digits) {
    const text = x.toFixed(digits);
    const exact = x.toFixed(Math.min(100, digits + 60));
    const tail = exact.slice(exact.indexOf(".") + 1 + digits);
    if (/^50*$/.test(tail)) {
      const scaled = Math.trunc(Math.abs(x) * 10 ** digits);
      if (scaled % 2 === 0) return (Math.sign(x) * scaled / 10 ** digits).toFixed(digits);
    }
    return text;
  }

  function pyFloatRepr(value) {
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  }

  function unique(values) {
    return [...new Set(values)];
  }

  function stripChars(text, chars) {
    let start = 0;
    let end = text.length;
    while (start < end && chars.includes(text[start])) start += 1;
    while (end > start && chars.includes(text[end - 1])) end -= 1;
    return text.slice(start, end);
  }

  // One row as service/batch.py prediction_row() writes it. Differences, all from what the API returns:
  // - confidence: the API rounds to 6 places before the page rounds to 4; the CLI rounds the raw value
  //   once, so a value within 5e-7 of a 4-place tie can differ in the last digit.
  // - id: the CSV's id column when the upload has one (as the CLI); otherwise the 1-based line or data-row
  //   number, where the CLI writes the 0-based row index.
  function exportRow(row) {
    const { item, result } = row;
    const matches = result.matches;
    const first = matches[0];
    return {
      id: item.id,
      description: item.description,
      status: result.status,
      hs_code: result.hs_code || "",
      item: unique(matches.map((m) => m.item)).join("; "),
      confidence: pyFloatRepr(Number(pyFixed(result.confidence, 4))),
      group: unique(matches.map((m) => m.group)).join("; "),
      control_code: stripChars(unique(matches.map((m) => m.control_code || "")).join("; "), "; "),
      measure: first ? first.measure : "",
      announcement: first ? first.announcement_id : "",
      candidates: result.candidates.map((c) => `${c.label} ${pyFixed(c.probability, 3)}`).join("; "),
      reasons: result.reasons.join(" | "),
      decided_by: result.decided_by,
      notices: (result.notices || []).join(" | "),
    };
  }

  // As service/batch.py spreadsheet_safe(): a cell a spreadsheet would run as a formula (= + - @, or a tab or
  // carriage return hiding one) starts with an apostrophe, so a description cannot become a formula.
  function spreadsheetSafe(value) {
    const text = String(value);
    return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
  }

  function csvField(value) {
    const text = spreadsheetSafe(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function toCsv(rows) {
    const lines = [BATCH_COLUMNS.join(",")];
    for (const row of rows) {
      const record = exportRow(row);
      lines.push(BATCH_COLUMNS.map((c) => csvField(record[c])).join(","));
    }
    return lines.join("\r\n") + "\r\n";
  }

  // TSV for pasting into a spreadsheet: tabs and line breaks inside a value become spaces.
  function toTsv(rows) {
    const clean = (v) => spreadsheetSafe(v).replace(/[\t\r\n]+/g, " ");
    const lines = [BATCH_COLUMNS.join("\t")];
    for (const row of rows) {
      const record = exportRow(row);
      lines.push(BATCH_COLUMNS.map((c) => clean(record[c])).join("\t"));
    }
    return lines.join("\n") + "\n";
  }

  function copyWithTextarea(text) {
    const area = el("textarea", { class: "clipboard-helper", readonly: true, "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    const focused = document.activeElement;
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    if (focused && typeof focused.focus === "function") focused.focus();
    return ok;
  }

  async function copyTsv() {
    const rows = visibleRows();
    const text = toTsv(rows);
    let ok = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        ok = true;
      } catch {
        ok = false;
      }
    }
    if (!ok) ok = copyWithTextarea(text);
    setText("copy-status", ok
      ? `Copied ${fmt(rows.length)} row${rows.length === 1 ? "" : "s"} and a header row. Paste into a spreadsheet.`
      : "The browser blocked copying. Use Download CSV instead.");
  }

  function downloadCsv() {
    const rows = visibleRows();
    // The BOM makes Excel read the file as UTF-8, so Chinese descriptions survive a double-click.
    const blob = new Blob(["\uFEFF", toCsv(rows)], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const asOf = state.meta ? state.meta.as_of : "";
    const link = el("a", { href: url, download: `export-control-check${asOf ? "-" + asOf : ""}.csv`, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setText("copy-status", `Downloaded ${fmt(rows.length)} row${rows.length === 1 ? "" : "s"} as CSV.`);
  }

  // ---------------------------------------------------------------- wiring

  function init() {
    const form = $("classify-form");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      classify();
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        classify();
      }
    });
    $("csv-file").addEventListener("change", async (event) => {
      const file = event.target.files && event.target.files[0];
      if (!file) return;
      try {
        await loadFile(file);
      } catch (err) {
        clearFile();
        if (err instanceof PageError) showAlert(err.title, ...err.advice);
        else showAlert(`Could not read ${file.name}.`, String(err && err.message ? err.message : err));
      }
    });
    $("file-clear").addEventListener("click", () => {
      clearFile();
      $("descriptions").focus();
    });
    for (const radio of document.querySelectorAll('input[name="filter"]')) {
      radio.addEventListener("change", () => {
        if (!radio.checked) return;
        state.filter = radio.value;
        state.pageLimit = PAGE_ROWS;
        setText("copy-status", "");
        renderRows();
      });
    }
    const showMore = (limit) => {
      state.pageLimit = limit;
      renderRows();
      if ($("more-rows").hidden) $("table-wrap").focus(); // the button is gone: keep focus in the results
    };
    $("show-more").addEventListener("click", () => showMore(state.pageLimit + PAGE_ROWS));
    $("show-all").addEventListener("click", () => showMore(Infinity));
    // <details> "toggle" does not bubble; capture it on the table body for every row.
    $("results-rows").addEventListener("toggle", (event) => {
      if (event.target instanceof HTMLDetailsElement && event.target.open) fillReasons(event.target);
    }, true);
    $("copy-tsv").addEventListener("click", copyTsv);
    $("download-csv").addEventListener("click", downloadCsv);
    loadLimits();
    loadVersions();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
