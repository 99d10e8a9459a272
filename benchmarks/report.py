"""results.json -> the target check and the Markdown tables of results.md."""

from __future__ import annotations

from typing import Any

BUNDLE_MB_TARGET = 5.0


def _get(d: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def find_scenario(results: dict[str, Any], name: str, workers: int, conc: int) -> dict[str, Any] | None:
    """The HTTP scenario of a results.json by name, workers and concurrency; None when the run had none."""
    for s in _get(results, "http", "scenarios") or []:
        if s["scenario"] == name and s["workers"] == workers and s["concurrency"] == conc:
            return dict(s)
    return None


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured figure and whether it was met (None: not measured in this run)."""
    onnx, sk = _get(results, "model_only", "onnx"), _get(results, "model_only", "sklearn")
    rows: list[tuple[str, Any, str, bool | None]] = []

    def add(name: str, value: Any, target: str, ok: Any) -> None:
        rows.append((name, value, target, None if value is None else bool(ok)))

    p50, p99 = _get(onnx, "single", "median_us"), _get(onnx, "single", "p99_us")
    add("model: single item p50 (µs)", p50, "≤ 100", p50 is not None and p50 <= 100)
    add("model: single item p99 (µs)", p99, "≤ 250", p99 is not None and p99 <= 250)
    t256 = _get(onnx, "batches", "256", "items_per_s_median")
    add("model: batch 256 items/s", t256, "≥ 20,000", t256 is not None and t256 >= 20_000)
    for b, factor, label in (("1", 5.0, "≥ 5× scikit-learn"), ("1024", 1.0, "≥ 1× scikit-learn")):
        o, s = _get(onnx, "batches", b, "items_per_s_median"), _get(sk, "batches", b, "items_per_s_median")
        ratio = round(o / s, 2) if o and s else None
        add(f"model: speed-up over scikit-learn at batch {b}", ratio, label, ratio is not None and ratio >= factor)
    c1 = find_scenario(results, "single", 1, 1)
    add(
        "HTTP: single item p50, c=1 (µs)",
        _get(c1, "latency_p50_us"),
        "≤ 600",
        c1 is not None and c1["latency_p50_us"] <= 600,
    )
    add(
        "HTTP: single item p99, c=1 (µs)",
        _get(c1, "latency_p99_us"),
        "≤ 1,500",
        c1 is not None and c1["latency_p99_us"] <= 1500,
    )
    c32 = find_scenario(results, "single", 1, 32)
    errors = sum(c32["errors"].values()) if c32 else None
    add(
        "HTTP: req/s at c=32 (1 worker)",
        _get(c32, "req_per_s_median"),
        "≥ 1,500",
        c32 is not None and c32["req_per_s_median"] >= 1500,
    )
    add("HTTP: errors + non-2xx at c=32", errors, "0", errors == 0)
    b100 = find_scenario(results, "batch100", 1, 1)
    add(
        "HTTP: 100-item batch p50 (µs)",
        _get(b100, "latency_p50_us"),
        "≤ 10,000",
        b100 is not None and b100["latency_p50_us"] <= 10_000,
    )
    ready = _get(results, "startup", "ready_s", "median")
    add("start-up to ready (s)", ready, "≤ 1", ready is not None and ready <= 1.0)
    rss = _get(results, "startup", "rss_after_load")
    worst = max((mb for w in rss.values() for mb in w["per_worker_mb"]), default=None) if rss else None
    # a worker's resident set plus its batch helper's private pages (benchmarks.http_bench.memory_mb)
    add("RSS per worker after load, helper included (MB)", worst, "≤ 200", worst is not None and worst <= 200)
    size = _get(results, "model", "model_bytes")
    mb = round(size / 1e6, 2) if size else None
    add("bundle model.onnx (MB)", mb, f"≤ {BUNDLE_MB_TARGET:g} (a few MB)", mb is not None and mb <= BUNDLE_MB_TARGET)
    return [{"target": n, "value": v, "wanted": t, "met": ok} for n, v, t, ok in rows]


def _fmt(x: Any, digits: int = 0) -> str:
    if x is None:
        return "–"
    if isinstance(x, float | int) and not isinstance(x, bool):
        return f"{x:,.{digits}f}"
    return str(x)


def _kb(n_bytes: float | None) -> str:
    return _fmt(None if n_bytes is None else n_bytes / 1000, 1)


def _model_rows(results: dict[str, Any]) -> list[str]:
    out = [
        "| engine | single p50 µs | single p99 µs | "
        + " | ".join(f"batch {b}: items/s (p99-call items/s)" for b in ("1", "32", "256", "1024"))
        + " | steal % |",
        "|---|---:|---:|" + "---:|" * 5,
    ]
    for key, label in (("onnx", "ONNX bundle (onnxruntime, 1 thread)"), ("sklearn", "scikit-learn pipeline")):
        row = _get(results, "model_only", key) or {}
        if "skipped" in row:
            out.append(f"| {label} | skipped: {row['skipped']} | | | | | | |")
            continue
        cells = [
            f"{_fmt(_get(row, 'batches', b, 'items_per_s_median'))} "
            f"({_fmt(_get(row, 'batches', b, 'items_per_s_p99'))})"
            for b in ("1", "32", "256", "1024")
        ]
        single = f"{_fmt(_get(row, 'single', 'median_us'), 1)} | {_fmt(_get(row, 'single', 'p99_us'), 1)}"
        out.append(f"| {label} | {single} | " + " | ".join(cells) + f" | {_fmt(row.get('steal_pct'), 1)} |")
    return out


def _two_processes_line(figures: dict[str, Any] | None, after_http: dict[str, Any] | None = None) -> list[str]:
    """What two busy processes got out of the two cores at the start of the run (``benchmarks.cores``), and again
    after the HTTP scenarios (runs before the thirty-first session measured only the first)."""
    if not figures:
        return []
    line = (
        f"Two cores (`python -m benchmarks.cores`): a pure-Python loop took {figures['alone_ms']} ms alone and "
        f"{figures['together_ms']} ms each with two at once, so two processes did {figures['speed_up']}x the work "
        f"of one (2.0 = two independent cores; steal {_fmt(figures.get('steal_pct'), 1)} %)."
    )
    if after_http:
        line += (
            f" After the HTTP scenarios: {after_http['alone_ms']} ms alone, {after_http['together_ms']} ms each "
            f"with two, {after_http['speed_up']}x (steal {_fmt(after_http.get('steal_pct'), 1)} %)."
        )
    return [line]


def _build(build: dict[str, Any] | None) -> str:
    """The interpreter's build, as ``benchmarks.machine.python_build`` found it (runs before it recorded none)."""
    if not build:
        return ""
    flags = (("PGO", "configured_with_optimizations"), ("LTO", "configured_with_lto"))
    said = [name for name, key in flags if build[key]]
    linked = {True: "libpython shared", False: "libpython static", None: "libpython unknown"}[build["libpython_loaded"]]
    return f" ({build['executable']}; configure flags: {', '.join(said) or 'no PGO/LTO'}; {linked})"


def _service_code_line(code: dict[str, Any] | None) -> list[str]:
    """How the service's decision modules ran (runs before the thirtieth session recorded nothing: from source)."""
    if not code:
        return []
    how = "compiled with mypyc (scripts/build_native.py)" if code["compiled"] else f"from source ({code['reason']})"
    return [f"Service code: {how}."]


def markdown(results: dict[str, Any]) -> str:
    m, model = results["machine"], results["model"]
    lines = [
        f"# Benchmark results ({results['mode']}, {results['created']})",
        "",
        f"Command: `{results['command']}`. Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, "
        f"{m['os']}, Python {m['python']}{_build(m.get('python_build'))}, load average at start "
        f"{m.get('load_average_at_start')}.",
        "Libraries: " + ", ".join(f"{k} {v}" for k, v in m["libraries"].items()) + ".",
        *_service_code_line(m.get("service_code")),
        *_two_processes_line(m.get("two_processes"), m.get("two_processes_after_http")),
        f"Model {model['version']}: {_fmt(model['n_features'])} features, {model['labels']} labels, "
        f"model.onnx {model['model_bytes'] / 1e6:.2f} MB. Texts: {results['texts']['count']} generated "
        f"descriptions ({results['texts']['source']}).",
        "",
        "Every figure: median and p99 over repeated runs. *steal %*: the share of CPU time the hypervisor gave to "
        "other guests while a part ran (/proc/stat); this machine is a shared virtual machine, and figures taken "
        "under heavy steal are the host's slow phase, not the code's. *server CPU ms a request*: what the serving "
        "workers and their batch helpers spent on a core per request, the client left out. It moves with the code "
        "and with the host: the same code has cost up to a third more in the host's slow phases, some of which "
        "the readings above do not show.",
        *_rerun_lines(results.get("reruns")),
        "",
        "## Model only",
        "",
        *_model_rows(results),
        "",
    ]
    par = _get(results, "model_only", "parity_served_vs_refit")
    if par:
        lines += [f"Served graph vs the refitted pipeline: {par}", ""]
    if "http" in results:
        lines += [
            "## HTTP (uvicorn + uvloop + httptools on 127.0.0.1, client: " + results["http"]["client"] + ")",
            "",
            *_threads_line(results["http"]),
            "| workers | scenario | concurrency | items/request | req/s (median; min) | p50 µs | p99 µs | kB an answer "
            "| server CPU ms a request | errors | steal % | runs |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
        ]
        for s in results["http"]["scenarios"]:
            errs = sum(s["errors"].values())
            lines.append(
                f"| {s['workers']} | {s['scenario']} | {s['concurrency']} | {s['items_per_request']} | "
                f"{_fmt(s['req_per_s_median'])}; {_fmt(s['req_per_s_min'])} | {_fmt(s['latency_p50_us'])} | "
                f"{_fmt(s['latency_p99_us'])} | {_kb(s.get('bytes_per_request'))} | "
                f"{_fmt(s.get('server_cpu_ms'), 2)} | {errs} | "
                f"{_fmt(s.get('steal_pct_median'), 1)} | "
                f"{s.get('runs_made', len(s.get('runs', [])))} |"
            )
        st = results["startup"]
        lines += [
            "",
            f"Start-up to ready: median {st['ready_s']['median']} s, p99 {st['ready_s']['p99']} s "
            f"(n={st['ready_s']['n']}{_made(st)}; steal {_fmt(st.get('steal_pct'), 1)} %). RSS after load: "
            + "; ".join(_memory(k, v) for k, v in st["rss_after_load"].items()),
            "",
        ]
    if "peers" in results:
        lines += [
            "## Peers (dev eval file " + results["peers"]["eval_file"] + ")",
            "",
            "| system | single p50 µs | single p99 µs | batch 32 items/s | controlled recall | code top-1 | "
            "code top-3 | near-miss spec. | ordinary spec. | ambiguous flagged | review rate |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for key in ("classifier", "keyword", "minilm"):
            row = results["peers"].get(key, {})
            if "skipped" in row or "error" in row:
                why = f"skipped: {row['skipped']}" if "skipped" in row else f"error: {row['error']}"
                lines.append(f"| {key} | {why} |" + " |" * 10)
                continue
            f = _get(row, "dev_eval", "figures") or {}
            single = f"{_fmt(_get(row, 'single', 'median_us'))} | {_fmt(_get(row, 'single', 'p99_us'))}"
            lines.append(
                f"| {key} | {single} | "
                f"{_fmt(_get(row, 'batch', 'items_per_s_median'))} | "
                + " | ".join(
                    _fmt(f.get(k), 3)
                    for k in (
                        "controlled_recall",
                        "code_top1",
                        "code_top3",
                        "near_miss_specificity",
                        "ordinary_specificity",
                        "ambiguous_flagged",
                        "review_rate",
                    )
                )
                + " |"
            )
        lines.append("")
    lines += ["## Targets", "", "| target | measured | wanted | met |", "|---|---:|---|---|"]
    for t in results.get("targets", []):
        met = "–" if t["met"] is None else ("yes" if t["met"] else "**no**")
        value = _fmt(t["value"], 2 if isinstance(t["value"], float) else 0)
        lines.append(f"| {t['target']} | {value} | {t['wanted']} | {met} |")
    return "\n".join(lines) + "\n"


def _threads_line(http: dict[str, Any]) -> list[str]:
    """Which onnxruntime threads each worker had (results written before the setting existed have none)."""
    threads = http.get("model_threads")
    if not threads:
        return []
    shares = ", ".join(f"{w} worker(s): {n}" for w, n in threads.items())
    return [
        f"Model threads per worker (`HSCC_MODEL_THREADS`): {shares}.",
        "",
    ]


def _memory(workers: str, figures: dict[str, Any]) -> str:
    """``2_workers: [150.2, 149.8] MB``, and, with batch helpers, what that is made of."""
    text = f"{workers}: {figures['per_worker_mb']} MB"
    if figures.get("helper_rss_mb"):
        text += (
            f" (workers' resident sets {figures['worker_rss_mb']} MB plus their batch helpers' private pages "
            f"{figures['helper_private_mb']} MB"
            + (f" and their spares' {figures['spare_private_mb']} MB" if figures.get("spare_private_mb") else "")
            + f"; the helpers' resident sets {figures['helper_rss_mb']} MB, mostly pages shared with their worker)"
        )
    return text


def _made(startup: dict[str, Any]) -> str:
    """ ", of n made" when start-ups were made again for their steal (results without ``set_aside``: none)."""
    aside = len(startup.get("set_aside", []))
    return f", of {startup['ready_s']['n'] + aside} made" if aside else ""


def _rerun_lines(reruns: dict[str, Any] | None) -> list[str]:
    """How runs taken under steal were made again (``benchmarks.quiet_runs``); nothing when none could be."""
    if not reruns or reruns.get("max_steal_pct") is None:
        return []
    return [
        f"*runs*: an HTTP run or a start-up measured at {reruns['max_steal_pct']:g} % steal or more was made again "
        f"(up to {reruns['max_factor']}× the wanted runs, {reruns['budget_s']:g} s in all; {reruns['spent_s']:g} s "
        "spent), and each figure is the median of the wanted runs with the least steal: *k of n* means n were "
        "made. Every run is in results.json.",
    ]
