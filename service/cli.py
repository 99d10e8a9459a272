"""Command line: ``hscc serve | classify | train | evaluate | promote | build-data``.

Serving and batch classification import only the runtime (onnxruntime); training commands import
scikit-learn lazily so that ``hscc serve`` starts fast and runs where only the runtime is installed.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from service.config import LATEST_AS_OF, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

DEV_EVAL = Path("training/data/eval/real_descriptions_dev.csv")


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="bind address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="port (env PORT)")] = 8000,
    workers: Annotated[int, typer.Option(envvar="WORKERS", min=1, help="worker processes")] = 1,
    model_dir: Annotated[Path | None, typer.Option(help="folder with bundles and `current`")] = None,
) -> None:
    """Serve the API and the page with uvicorn (uvloop + httptools)."""
    import gc
    import os
    import signal

    if workers > 1:
        # ``hscc serve`` started with the collector off (service/__main__.py), for the app to turn it on when it
        # is ready. With several workers this process only supervises them (each worker is a new interpreter,
        # whose collector runs while it starts): it never serves, so it turns its own collector on now.
        gc.enable()
    import uvicorn

    def _stopped(signum: int, frame: object) -> None:
        raise SystemExit(0)

    # SIGTERM is how an orchestrator asks for a stop. uvicorn drains in-flight requests (up to the graceful
    # timeout) and then re-raises the signal so that the process "dies of" it, with exit status -15, which
    # supervisors report as a crash. A drained stop is a clean exit: this handler (which uvicorn restores
    # before re-raising) ends the process with status 0. A SIGTERM before uvicorn starts also exits 0.
    signal.signal(signal.SIGTERM, _stopped)
    if model_dir is not None:
        os.environ["HSCC_MODEL_DIR"] = str(model_dir)  # workers are new processes: pass settings by env
    uvicorn.run(
        "service.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        access_log=False,  # the app writes one structured line per request itself
        ws="none",  # no WebSocket routes: skips importing a WebSocket implementation at start-up
        timeout_graceful_shutdown=20,
    )


@app.command()
def classify(
    input_file: Annotated[Path, typer.Argument(help="CSV, TSV or JSONL with a 'description' column/key")],
    output_file: Annotated[Path, typer.Argument(help="CSV, TSV or JSONL (by extension)")],
    destination: Annotated[str | None, typer.Option(help="ISO country code")] = None,
    as_of: Annotated[str | None, typer.Option(help="date YYYY-MM-DD (default today)")] = None,
    column: Annotated[str, typer.Option(help="text column")] = "description",
    top_k: Annotated[int, typer.Option(min=1, max=20)] = 3,
    invalid_rows: Annotated[
        str,
        typer.Option(
            help="a row that cannot be classified (no description, one longer than the API accepts, a CSV line "
            "with more fields than the header): 'reject' stops the run naming every such row; 'report' "
            "writes it with status 'error' and classifies the others",
        ),
    ] = "reject",
    encoding: Annotated[
        str, typer.Option(help="the input file's text encoding, e.g. gb18030 for a CSV saved by Excel in Chinese")
    ] = "utf-8",
) -> None:
    """Classify a file of descriptions; every input row gets an output row (or the run stops naming the row)."""
    from service.batch import classify_file

    try:
        day = date.fromisoformat(as_of) if as_of else None
        if day is not None and day > LATEST_AS_OF:
            raise ValueError(f"--as-of {day} is after the latest supported date {LATEST_AS_OF}")
        n = classify_file(Settings(), input_file, output_file, column, destination, day, top_k, invalid_rows, encoding)
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(f"classified {n} rows -> {output_file}")


@app.command("build-data")
def build_data(
    output: Annotated[Path, typer.Argument(help="CSV to write")] = Path("training/data/generated/train.csv"),
    seed: Annotated[int, typer.Option()] = 13,
) -> None:
    """Write the generated, labelled training set (deterministic for a seed)."""
    from training.dataset import write_dataset

    output.parent.mkdir(parents=True, exist_ok=True)
    write_dataset(output, seed)
    typer.echo(f"wrote {output}")


@app.command()
def train(
    data: Annotated[list[Path], typer.Option("--data", help="your labelled CSV/JSONL/Parquet (repeatable)")] = [],  # noqa: B006
    base: Annotated[bool, typer.Option("--base/--no-base", help="merge with the built-in training set")] = True,
    eval_files: Annotated[list[Path], typer.Option("--eval", help="evaluation file(s), dev-set format")] = [],  # noqa: B006
    seed: Annotated[int, typer.Option()] = 13,
    models_dir: Annotated[Path, typer.Option()] = Path("models"),
    promote_after: Annotated[bool, typer.Option("--promote", help="promote if the gate passes")] = False,
) -> None:
    """Train a new bundle models/<date>-<hash>/ from the built-in data and/or yours."""
    from training.pipeline import run_train

    try:
        bundle = run_train(data, base, eval_files, seed, models_dir)
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(f"new bundle: {bundle}")
    if promote_after:
        promote(bundle.name, eval_files or [DEV_EVAL], models_dir=models_dir)


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option("--data", help="dev-set format CSV")] = DEV_EVAL,
    model: Annotated[Path | None, typer.Option(help="bundle folder (default: models/current)")] = None,
    misses: Annotated[Path | None, typer.Option(help="write every miss (Markdown)")] = None,
    report: Annotated[Path | None, typer.Option(help="write a full report (Markdown)")] = None,
    as_of: Annotated[str | None, typer.Option(help="date YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print figures as JSON")] = False,
    heldout: Annotated[
        int | None,
        typer.Option(
            help="also, on the held-out split of built-in data SEED: name arbitration, reviews for other elements "
            "named, and model-label figures on terse lines and the other rows"
        ),
    ] = None,
) -> None:
    """Print controlled recall, code top-1/top-3, near-miss and ordinary specificity, review rate."""
    from training.evaluate import evaluate_file, format_misses, format_report
    from training.report import write_report

    settings = Settings()
    from service.api.state import ClassifierHolder

    holder = ClassifierHolder(settings)
    try:
        classifier = holder.build(model)
        result = evaluate_file(classifier, data, date.fromisoformat(as_of) if as_of else None)
    except (ValueError, RuntimeError) as exc:
        _fail(str(exc))
    typer.echo(json.dumps(result.as_dict(), indent=2) if as_json else format_report(result))
    if misses:
        misses.write_text(format_misses(result), encoding="utf-8")
        typer.echo(f"misses -> {misses}")
    if report:
        write_report(classifier, [data], report)
        typer.echo(f"report -> {report}")
    if heldout is not None:
        from training.dataset import build_dataset
        from training.evaluate import arbitration_effect, heldout_by_style, heldout_verdicts
        from training.train import HELDOUT_FRACTION, split_frame

        _, frame = split_frame(build_dataset(heldout), HELDOUT_FRACTION, heldout)
        predictions = classifier.predict(frame["description"].tolist())
        effect = arbitration_effect(predictions, frame["label"].tolist())
        typer.echo(
            f"name arbitration on the held-out split (seed {heldout}): changed {effect['changed']} of "
            f"{effect['rows']} labels, {effect['wrong_to_right']} wrong -> right, "
            f"{effect['right_to_wrong']} right -> wrong"
        )
        typer.echo(
            f"other elements named than the label's (-> review): {effect['other_elements']} of {effect['rows']}, "
            f"label right in {effect['other_elements_label_right']}"
        )
        typer.echo(
            f"listed names only as the goods' use (-> review): {effect['uses']} of {effect['rows']}, labelled not "
            f"listed in {effect['uses_not_listed']}"
        )
        typer.echo(
            f"cleared as goods of an unlisted element (-> not controlled): {effect['foreign_goods']} of "
            f"{effect['rows']}, labelled not listed in {effect['foreign_goods_not_listed']}"
        )
        typer.echo(
            f"cleared as a compound the list does not name (-> not controlled): {effect['unlisted_compounds']} of "
            f"{effect['rows']}, labelled not listed in {effect['unlisted_compounds_not_listed']}"
        )
        typer.echo(
            f"cleared as a listed name used only as a colour (-> not controlled): {effect['colours']} of "
            f"{effect['rows']}, labelled not listed in {effect['colours_not_listed']}"
        )
        typer.echo(
            f"cleared as an alloy with the listed metal under half (-> not controlled): "
            f"{effect['minor_constituent']} of {effect['rows']}, labelled not listed in "
            f"{effect['minor_constituent_not_listed']}"
        )
        typer.echo(
            f"cleared as a finished article made with a listed material (-> not controlled): {effect['articles']} "
            f"of {effect['rows']}, labelled not listed in {effect['articles_not_listed']}"
        )
        typer.echo(
            f"cleared as an ore or a concentrate the list does not name (-> not controlled): {effect['ores']} "
            f"of {effect['rows']}, labelled not listed in {effect['ores_not_listed']}"
        )
        typer.echo(
            f"cleared as a symbol written as a unit (-> not controlled): {effect['units']} of {effect['rows']}, "
            f"labelled not listed in {effect['units_not_listed']}"
        )
        typer.echo(
            f"cleared as listed names the text only denies (-> not controlled): {effect['denials']} of "
            f"{effect['rows']}, labelled not listed in {effect['denials_not_listed']}"
        )
        typer.echo(
            f"unbacked (controlled on the model's word alone -> review): {effect['unbacked']} of {effect['rows']}, "
            f"labelled not listed in {effect['unbacked_not_listed']}, label right in {effect['unbacked_label_right']}"
        )
        typer.echo(
            f"unnamed (flagged on the model's word alone, nothing like a listed name -> not controlled): "
            f"{effect['unnamed']} of {effect['rows']}, labelled not listed in {effect['unnamed_not_listed']}"
        )
        typer.echo(
            "respelled (read again: a misspelt listed name spelled right, a purity fraction as a %, a symbol or a "
            f"listed item's formula as its name, amounts left out): "
            f"{effect['respelled']} of {effect['rows']}, labelled not listed in {effect['respelled_not_listed']}, "
            f"label right in {effect['respelled_label_right']}"
        )
        verdicts = heldout_verdicts(predictions, frame["label"].tolist())
        typer.echo(
            f"verdicts: listed flagged {verdicts['listed_flagged']} of {verdicts['listed']}, "
            f"not listed cleared {verdicts['not_listed_cleared']} of {verdicts['not_listed']}"
        )
        for style, figures in heldout_by_style(predictions, frame).items():
            typer.echo(f"model label on {style} rows: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


@app.command()
def promote(
    version: Annotated[str, typer.Argument(help="bundle folder name under models/")],
    eval_files: Annotated[list[Path], typer.Option("--eval", help="eval set(s) for the gate")] = [DEV_EVAL],  # noqa: B006
    margin: Annotated[
        float, typer.Option(help="allowed drop in controlled recall, code top-1 or rows right, per eval file")
    ] = 0.02,
    models_dir: Annotated[Path, typer.Option()] = Path("models"),
    force: Annotated[bool, typer.Option(help="skip the comparison (parity is still required)")] = False,
) -> None:
    """Make a bundle current if it is not worse than the current one (then reload the service)."""
    from training.promote import GateRefused, promote_bundle

    try:
        verdict = promote_bundle(models_dir, version, eval_files, margin, force)
    except GateRefused as exc:
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1) from exc
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(verdict)


@app.command("compare")
def compare_models(
    eval_files: Annotated[list[Path], typer.Option("--eval", help="eval set(s)")] = [DEV_EVAL],  # noqa: B006
    seed: Annotated[int, typer.Option()] = 13,
    out: Annotated[
        Path, typer.Option(help="Markdown table (docs/model-comparison.md is written by hand from such tables)")
    ] = Path("benchmarks/out/model-comparison.md"),
    only: Annotated[list[str], typer.Option(help="variant names (default: all)")] = [],  # noqa: B006
) -> None:
    """Fit every model variant on the same split; write held-out and eval figures side by side."""
    from training.compare import VARIANTS, compare, to_markdown

    names = only or list(VARIANTS)
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        _fail(f"unknown variant(s) {unknown}; choose from {list(VARIANTS)}")
    typer.echo(to_markdown(compare(names, eval_files, seed, out)))


def main() -> None:  # pragma: no cover - console entry
    app(sys.argv[1:])
