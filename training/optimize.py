"""Rewrite skl2onnx's text-classifier graph so that it works on the non-zero features only.

skl2onnx converts ``FeatureUnion(TfidfVectorizer...) -> LogisticRegression`` into
``Tokenizer -> TfIdfVectorizer -> Mul(idf) -> Normalizer(L2) -> Concat -> LinearClassifier -> Normalizer(L1)``.
Every node after the tokenizers works on a dense, vocabulary-wide row per text (24k floats, a few hundred of
them non-zero), and ``LinearClassifier`` multiplies that row with the whole coefficient matrix.

``sparsify`` keeps the Tokenizers and replaces the rest with standard ONNX ops. Three ways to find the
non-zero features (``strategy``); the first two share the front: tokens -> integer codes (one ``LabelEncoder``
per vectorizer: the tokens of its vocabulary get 1..A, anything else A+1), an n-gram is the base-(A+2) number
of its codes (one Pad, then Slice/Mul/Add per order), and a ``LabelEncoder`` maps those keys to columns.
Nothing vocabulary-wide is built: the cost follows the length of the text, not the size of the vocabulary.

- ``"occurrence"`` (default): no sort. Every n-gram occurrence gets its column, or F (an all-zero row) when
  it is not a feature; per row the feature occurrences are packed to the front of a padded [N, slots] layout
  (exclusive CumSum = slot, ScatterElements(min)), cut to the longest row's count rounded up to a
  multiple of ``SLOT_ALIGN`` (a row's scores do not depend on its batch). Without L2 norms each
  occurrence weighs idf (times the int16 scale), so an n-gram seen k times adds its coefficient row k times
  in the MatMul. With an L2 block the norm needs each distinct column's tf: a count and the last position of
  every column are scattered into dense [N, F + 1] rows (exact, but ~10 more nodes and two vocabulary-wide
  rows per text), and only a column's last occurrence is kept, weighing tf * idf / norm.
- ``"lookup"`` (previous default, kept for comparison): per row the columns are sorted (``TopK``), equal
  columns form runs whose lengths are the counts (tf), and every distinct column lands in one slot.
- ``"nonzero"``: keeps the TfIdfVectorizer (exact n-gram counts, but hierarchical string look-ups and a
  dense output) and takes ``NonZero`` of its output, then works on a flat (row, col, tf) list.

Then::

    w = tf * idf[col]  (per distinct column; "occurrence" without L2: idf per occurrence)
    norm[row, vectorizer] = sqrt(sum of w^2)  (ScatterElements add);   w /= norm
    scores[N, C] = intercept + sum of w * coef_T[col, :]   (Gather rows; a batched MatMul, or a scatter-add)
    probabilities = Softmax(scores);   label = labels[ArgMax(scores)]

Float32 and repeated n-grams: counting before weighting ("lookup", and "occurrence" with L2) multiplies a
coefficient by an exact count; adding it once per occurrence ("occurrence" without L2) rounds once per
addition, so a text repeating an n-gram hundreds of times drifts from scikit-learn. Measured once, by a
script that was not kept, on the shipped configuration of 2026-11-22 (bundle 20261122-87169c21) with texts
repeating one vocabulary n-gram (150 word and 150 char n-grams, max |dp|):
30 / 300 / 3,000 repeats, float32 coefficients: "occurrence" 3.1e-5 / 1.4e-3 / 0.099, "lookup" all < 4e-5;
int16: "occurrence" 5.1e-4 / 5.3e-3 / 0.12, "lookup" 5.1e-4 / 3.2e-3 / 0.019 (int16's 15 bits are
multiplied by the count either way). Top-1 agreed on all 1,200; on ordinary texts both give the same max |dp|.

The graph keeps its input and output names, types and meaning (``text`` [N, 1] string in; ``label`` [N] and
``probabilities`` [N, C] float out). The coefficients can be stored as float16, or as int16 or int8 with one
scale per feature (int16: half the size of float32, 15 bits relative to each feature's largest weight, within
1e-4 of scikit-learn's probabilities on the 2026-11-22 model; int8: a quarter, exact only for a classifier
quantised to 8 bits before export, ``training.quantize``); the caller checks parity with scikit-learn on the
final graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CoefDtype = Literal["float32", "float16", "int16", "int8"]
# Largest stored magnitude of the integer layouts: every row keeps its bits relative to its largest weight.
_INT_TOP = {"int16": (np.int16, 32767.0), "int8": (np.int8, 127.0)}
Strategy = Literal["occurrence", "lookup", "nonzero"]
NONZERO_MIN_OPSET = 16  # ScatterElements with reduction="add"
LOOKUP_OPSET = 18  # ScatterElements reduction="max", ReduceMax with axes as an input
# Padding token for rows shorter than the longest in a batch. A private-use character: service.text.normalize
# maps it to a space, so no vocabulary n-gram contains it and no n-gram touching the padding can match.
PAD = "\ue000"
# A row's slots are padded to a multiple of this. onnxruntime's MatMul (MLAS) sums its inner dimension in groups
# of four, with the remainder summed apart, so a row's scores depended on how many empty slots its batch gave it
# (the longest row's count): 567 of 2,400 benchmark texts, run in chunks of 24, got probabilities up to 2.4e-7
# off their own when run alone, enough to change a sixth decimal (``python -m benchmarks.invariance`` on the bundle
# exported before this). Padded to a multiple of 16, the empty slots a batch
# adds come in whole groups and add exact zeros: a text's scores are its own, whatever it is run with.
SLOT_ALIGN = 16
_POST_TRANSFORMS = {"NONE", "SOFTMAX", "LOGISTIC"}


class UnsupportedGraph(ValueError):
    """The graph is not the text-vectorizer -> linear-classifier shape that ``sparsify`` rewrites."""


@dataclass(frozen=True)
class _Branch:
    vectorizer: onnx.NodeProto
    tokens: str  # the vectorizer's input: tokens [N, T]
    tokenizer: onnx.NodeProto | None  # the Tokenizer the tokens come from
    width: int  # columns of this block
    idf: np.ndarray | None  # per-column weight (Mul by a constant), None for plain counts
    l2: bool  # followed by Normalizer(norm='L2')
    removed: tuple[str, ...]  # names of the nodes between the vectorizer and the classifier input


def _attr(node: onnx.NodeProto, name: str, default: Any = None) -> Any:
    for a in node.attribute:
        if a.name == name:
            value = helper.get_attribute_value(a)
            return value.decode() if isinstance(value, bytes) else value
    return default


def _set_attr(node: onnx.NodeProto, name: str, value: object) -> None:
    kept = [a for a in node.attribute if a.name != name]
    del node.attribute[:]
    node.attribute.extend(kept)
    if value is not None:
        node.attribute.append(helper.make_attribute(name, value))


def _node_name(node: onnx.NodeProto, index: int) -> str:
    return node.name or f"{node.op_type}_{index}"


def _set_opset(model: onnx.ModelProto, domain: str, version: int | None = None) -> int:
    for imp in model.opset_import:
        if imp.domain in ({"", "ai.onnx"} if domain == "" else {domain}):
            if version is not None:
                imp.version = max(int(imp.version), version)
            return int(imp.version)
    raise UnsupportedGraph(f"model imports no {domain or 'default'} opset")


def _is_char_tokenizer(node: onnx.NodeProto | None) -> bool:
    return node is not None and (_attr(node, "tokenexp") == "." or _attr(node, "separators") == [""])


def vectorizer_ngrams(node: onnx.NodeProto) -> list[tuple[str, ...]]:
    """The n-gram (a tuple of tokens) of every output column of a TfIdfVectorizer node, by column."""
    pool = [s.decode() if isinstance(s, bytes) else str(s) for s in _attr(node, "pool_strings") or []]
    if not pool:
        raise UnsupportedGraph(f"TfIdfVectorizer {node.name!r} has no pool_strings (integer n-grams?)")
    starts = [int(x) for x in _attr(node, "ngram_counts")]
    indexes = [int(x) for x in _attr(node, "ngram_indexes")]
    grams: list[tuple[str, ...]] = []
    for n, start in enumerate(starts, start=1):
        end = starts[n] if n < len(starts) else len(pool)
        grams.extend(tuple(pool[i : i + n]) for i in range(start, end, n))
    if len(grams) != len(indexes):
        raise UnsupportedGraph(f"TfIdfVectorizer {node.name!r}: {len(grams)} n-grams, {len(indexes)} indexes")
    by_col: list[tuple[str, ...]] = [()] * (max(indexes) + 1)
    for gram, col in zip(grams, indexes, strict=True):
        by_col[col] = gram
    if any(not g for g in by_col) or len(set(by_col)) != len(by_col):
        raise UnsupportedGraph(f"TfIdfVectorizer {node.name!r}: columns are not one n-gram each")
    return by_col


def _trace_branch(
    start: onnx.NodeProto,
    consumers: dict[str, list[tuple[int, onnx.NodeProto]]],
    producer: dict[str, tuple[int, onnx.NodeProto]],
    inits: dict[str, np.ndarray],
    stop: str,
) -> _Branch:
    """Follow a vectorizer's output through Mul(idf) / Normalizer(L2) to ``stop`` (the classifier's input
    or one input of the Concat feeding it)."""
    mode = _attr(start, "mode", "TF")
    if mode != "TF" or int(_attr(start, "max_skip_count", 0)):
        raise UnsupportedGraph(f"TfIdfVectorizer {start.name!r}: only mode 'TF' without skips is handled")
    indexes = _attr(start, "ngram_indexes")
    if not isinstance(indexes, list) or not indexes:
        raise UnsupportedGraph(f"TfIdfVectorizer {start.name!r} has no ngram_indexes")
    width = int(max(indexes)) + 1
    idf: np.ndarray | None = None
    l2 = False
    removed: list[str] = []
    current = start.output[0]
    while current != stop:
        users = consumers.get(current, [])
        if len(users) != 1:
            raise UnsupportedGraph(f"{current!r} has {len(users)} consumers; expected a single chain")
        index, node = users[0]
        if node.op_type == "Mul" and idf is None and not l2:
            other = node.input[1] if node.input[0] == current else node.input[0]
            if other not in inits:
                raise UnsupportedGraph(f"Mul {node.name!r} does not multiply by a constant")
            weights = np.asarray(inits[other], dtype=np.float64).reshape(-1)
            if weights.size != width or not np.isfinite(weights).all():
                raise UnsupportedGraph(f"Mul {node.name!r}: expected {width} finite idf weights")
            idf = weights
        elif node.op_type == "Normalizer" and node.domain == "ai.onnx.ml" and not l2:
            if _attr(node, "norm") != "L2":
                raise UnsupportedGraph(f"Normalizer {node.name!r} norm {_attr(node, 'norm')!r}; only L2")
            l2 = True
        else:
            raise UnsupportedGraph(f"unexpected {node.op_type} {node.name!r} after a TfIdfVectorizer")
        removed.append(_node_name(node, index))
        current = node.output[0]
    # the tokens: Tokenizer -> (Flatten) -> vectorizer
    tokenizer: onnx.NodeProto | None = None
    name = start.input[0]
    while name in producer and tokenizer is None:
        node = producer[name][1]
        if node.op_type == "Tokenizer":
            tokenizer = node
        elif node.op_type in ("Flatten", "Reshape", "Identity", "Squeeze"):
            name = node.input[0]
        else:
            break
    return _Branch(start, start.input[0], tokenizer, width, idf, l2, tuple(removed))


class _Builder:
    """Collects new nodes and initializers with unique, prefixed names."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self._n = 0

    def name(self, hint: str) -> str:
        self._n += 1
        return f"{self.prefix}{hint}_{self._n}"

    def const(self, hint: str, value: np.ndarray) -> str:
        name = self.name(hint)
        self.inits.append(numpy_helper.from_array(value, name))
        return name

    def i64(self, hint: str, *values: int) -> str:
        return self.const(hint, np.array(values, dtype=np.int64))

    def op(
        self,
        op_type: str,
        inputs: Sequence[str],
        hint: str = "",
        outputs: Sequence[str] | None = None,
        domain: str = "",
        **attrs: Any,
    ) -> str:
        outs = list(outputs) if outputs is not None else [self.name(hint or op_type.lower())]
        node = helper.make_node(op_type, list(inputs), outs, name=self.name(op_type), domain=domain or None, **attrs)
        self.nodes.append(node)
        return outs[0]


class _Tables:
    """Per-column constants: idf, which block (vectorizer) a column belongs to, coefficients [F + 1, C].

    Row F (one past the last feature) stands for "not a feature": idf 0 and all-zero coefficients."""

    def __init__(self, branches: list[_Branch], coef_t: np.ndarray, coef_dtype: CoefDtype) -> None:
        idf = np.concatenate([br.idf if br.idf is not None else np.ones(br.width) for br in branches] + [np.zeros(1)])
        self.n_features = idf.size - 1
        self.idf = idf.astype(np.float32)
        block_of = np.repeat(np.arange(len(branches), dtype=np.int64), [br.width for br in branches])
        self.block_of = np.append(block_of, 0)
        coef_t = np.concatenate([coef_t, np.zeros((1, coef_t.shape[1]), coef_t.dtype)])
        no_l2 = np.array([0.0 if br.l2 else 1.0 for br in branches], dtype=np.float32)
        self.no_l2 = no_l2 if no_l2.any() else None  # [B] 1.0 where a block has no L2 norm (its "norm" is 1)
        self.scale: np.ndarray | None = None
        if coef_dtype in _INT_TOP:  # one scale per feature (row), relative to the row's largest weight
            dtype, top = _INT_TOP[coef_dtype]
            peak = np.abs(coef_t).max(axis=1).astype(np.float64)
            scale = np.where(peak > 0, peak / top, 1.0)
            self.coef_t = np.round(coef_t / scale[:, None]).astype(dtype)
            self.scale = scale.astype(np.float32)
        else:
            self.coef_t = coef_t.astype(np.float16 if coef_dtype == "float16" else np.float32)

    def weight(self) -> np.ndarray:
        """idf times the quantisation scale per column: the weight of one occurrence, scale included."""
        scale = self.scale if self.scale is not None else np.ones_like(self.idf)
        return (self.idf.astype(np.float64) * scale).astype(np.float32)

    def coef_rows(self, b: _Builder, cols: str, vals: str, scaled: bool = False) -> tuple[str, str]:
        """(coefficient rows of ``cols`` as float32, ``vals`` times the rows' scale when quantised, unless
        ``scaled`` says the values already include it)."""
        picked = b.op("Gather", [b.const("coef_T", self.coef_t), cols], "coef_rows", axis=0)
        if self.coef_t.dtype != np.float32:
            picked = b.op("Cast", [picked], "coef_rows32", to=TensorProto.FLOAT)
        if self.scale is not None and not scaled:
            vals = b.op(
                "Mul",
                [vals, b.op("Gather", [b.const("coef_scale", self.scale), cols], "scale_c", axis=0)],
                "vals_scaled",
            )
        return picked, vals


def _nonzero_scores(b: _Builder, branches: list[_Branch], t: _Tables, n_rows: str, intercepts: np.ndarray) -> str:
    """Scores [N, C] from NonZero over each TfIdfVectorizer's dense counts: a flat list of (row, col, tf)."""
    one = b.i64("one", 1)
    offsets = np.cumsum([0] + [br.width for br in branches])[:-1]
    rows_k, cols_k, tf_k = [], [], []
    for k, br in enumerate(branches):
        counts = br.vectorizer.output[0]
        nz = b.op("NonZero", [counts], f"nz{k}")  # [2, nnz] (row, col)
        rows_k.append(b.op("Gather", [nz, b.const("i0", np.array(0, np.int64))], f"row{k}", axis=0))
        col = b.op("Gather", [nz, b.const("i1", np.array(1, np.int64))], f"col{k}", axis=0)
        cols_k.append(b.op("Add", [col, b.i64("off", int(offsets[k]))], f"colg{k}") if k else col)
        tf_k.append(b.op("GatherND", [counts, b.op("Transpose", [nz], f"nzT{k}", perm=[1, 0])], f"tf{k}"))
    rows, cols, tf = (
        x[0] if len(x) == 1 else b.op("Concat", x, hint, axis=0)
        for x, hint in ((rows_k, "rows"), (cols_k, "cols"), (tf_k, "tf"))
    )
    vals = b.op("Mul", [tf, b.op("Gather", [b.const("idf", t.idf), cols], "idf_c", axis=0)], "tfidf")
    if any(br.l2 for br in branches):  # one norm per (row, block)
        n_blocks = len(branches)
        seg = (
            rows
            if n_blocks == 1
            else b.op(
                "Add",
                [
                    b.op("Mul", [rows, b.i64("B", n_blocks)], "rowsB"),
                    b.op("Gather", [b.const("block_of", t.block_of), cols], "block", axis=0),
                ],
                "seg",
            )
        )
        zeros = b.op(
            "ConstantOfShape",
            [b.op("Mul", [n_rows, b.i64("B", n_blocks)], "nB")],
            "zeros",
            value=numpy_helper.from_array(np.zeros(1, np.float32)),
        )
        sumsq = b.op("ScatterElements", [zeros, seg, b.op("Mul", [vals, vals], "sq")], "sumsq", axis=0, reduction="add")
        norm = b.op("Sqrt", [sumsq], "norm")
        if t.no_l2 is not None:  # blocks without L2 divide by 1: max(norm * 0, 1)
            keep = b.op("Tile", [b.const("l2_mask", 1.0 - t.no_l2), n_rows], "l2_mask_rows")
            ones = b.op("Tile", [b.const("no_l2", t.no_l2), n_rows], "no_l2_rows")
            norm = b.op("Max", [b.op("Mul", [norm, keep], "norm_l2only"), ones], "norm1")
        norm = b.op("Max", [norm, b.const("tiny", np.array(1e-30, np.float32))], "norm_safe")  # all-zero rows
        vals = b.op("Div", [vals, b.op("Gather", [norm, seg], "norm_nz", axis=0)], "l2")
    picked, vals = t.coef_rows(b, cols, vals)
    weighted = b.op("Mul", [picked, b.op("Unsqueeze", [vals, one], "vals_col")], "weighted")
    n_classes = intercepts.size
    init = b.op(
        "Expand",
        [
            b.const("intercepts", intercepts.reshape(1, n_classes)),
            b.op("Concat", [n_rows, b.i64("C", n_classes)], "shape_nc", axis=0),
        ],
        "init",
    )
    # ScatterElements, not ScatterND: onnxruntime runs ScatterND(reduction="add") on several threads, and rows
    # repeat in `rows`, so concurrent adds to one row race (measured: results vary from run to run).
    index = b.op("Expand", [b.op("Unsqueeze", [rows, one], "rows_col"), b.op("Shape", [weighted], "nc")], "rows_nc")
    return b.op("ScatterElements", [init, index, weighted], "raw", axis=0, reduction="add")


def _aligned(b: _Builder, width: str) -> str:
    """``width`` [1] rounded up to a multiple of ``SLOT_ALIGN``."""
    align = b.i64("align", SLOT_ALIGN)
    up = b.op("Add", [width, b.i64("align_less1", SLOT_ALIGN - 1)], "width_up")
    return b.op("Mul", [b.op("Div", [up, align], "groups"), align], "width_aligned")


def _widened(b: _Builder, shape: str) -> str:
    """An [N, M] shape with room for an aligned width: ``SLOT_ALIGN - 1`` more columns."""
    return b.op("Add", [shape, b.i64("more_cols", 0, SLOT_ALIGN - 1)], "nm_wide")


def _lookup_scores(b: _Builder, branches: list[_Branch], t: _Tables, n_rows: str, intercepts: np.ndarray) -> str:
    """Scores [N, C] from n-gram strings looked up in the vocabulary, kept in a padded [N, slots] layout.

    Per row: the column of every n-gram occurrence (-1 if not in the vocabulary) is sorted (TopK), equal
    columns form runs, and each run is scattered to slot ``run number``: one slot per distinct column with its
    count (tf). Unused slots hold tf 0 and add nothing. The weighted sum over a row's slots is one batched
    MatMul ([N, 1, R] x [N, R, C])."""
    keys_k: list[str] = []
    vocab_keys: list[int] = []
    vocab_cols: list[int] = []
    offset, first_col = 0, 0
    for br in branches:
        assert br.tokenizer is not None
        _set_attr(br.tokenizer, "pad_value", PAD)  # never a vocabulary token: codes as unknown
        ngrams = vectorizer_ngrams(br.vectorizer)
        codes = _IntCodes.of(ngrams)
        keys_k.append(codes.graph_keys(b, br.tokens, offset))
        for j, gram in enumerate(ngrams):
            if br.idf is None or br.idf[j] != 0:  # zero-weight (masked) n-grams: as if not in the vocabulary
                vocab_keys.append(offset + codes.key(gram))
                vocab_cols.append(first_col + j)
        offset += codes.span
        first_col += br.width
    if offset >= 2**62:
        raise UnsupportedGraph("n-gram keys do not fit in int64 (alphabet too large for the n-gram order)")
    keys = keys_k[0] if len(keys_k) == 1 else b.op("Concat", keys_k, "all_keys", axis=1)  # [N, M]
    ids = b.op(
        "LabelEncoder",
        [keys],
        "ids",
        domain="ai.onnx.ml",
        keys_int64s=vocab_keys,
        values_int64s=vocab_cols,
        default_int64=-1,
    )  # global column or -1
    one, zero = b.i64("one", 1), b.i64("zero", 0)
    ordered = b.name("ordered")
    b.op(
        "TopK",
        [ids, b.op("Shape", [ids], "m", start=1, end=2)],
        outputs=[ordered, b.name("order")],
        axis=1,
        largest=0,
        sorted=1,
    )
    prev = b.op(
        "Pad",
        [
            b.op("Slice", [ordered, zero, b.i64("e", -1), one], "head"),
            b.i64("pads", 0, 1, 0, 0),
            b.const("fill", np.array(-2, np.int64)),
        ],
        "prev",
    )
    is_new = b.op("Cast", [b.op("Not", [b.op("Equal", [ordered, prev], "same")], "new")], "new64", to=TensorProto.INT64)
    run = b.op("Sub", [b.op("CumSum", [is_new, b.const("ax1", np.array(1, np.int64))], "runs1"), one], "run")
    found = b.op(
        "Cast",
        [b.op("GreaterOrEqual", [ordered, b.const("z", np.array(0, np.int64))], "hit")],
        "hitf",
        to=TensorProto.FLOAT,
    )
    wide = _widened(b, b.op("Shape", [ids], "nm"))
    zeros_f = b.op("ConstantOfShape", [wide], "zeros_f", value=numpy_helper.from_array(np.zeros(1, np.float32)))
    zeros_i = b.op("ConstantOfShape", [wide], "zeros_i", value=numpy_helper.from_array(np.zeros(1, np.int64)))
    # slots beyond the longest row's number of distinct columns are dropped, up to a multiple of SLOT_ALIGN
    most = b.op("ReduceMax", [b.op("ReduceSum", [is_new, one], "runs_per_row", keepdims=0)], "slots", keepdims=1)
    width = _aligned(b, most)
    tf = b.op(
        "Slice",
        [b.op("ScatterElements", [zeros_f, run, found], "tf_all", axis=1, reduction="add"), zero, width, one],
        "tf",
    )
    cols = b.op(
        "Slice",
        [b.op("ScatterElements", [zeros_i, run, ordered], "cols_all", axis=1, reduction="max"), zero, width, one],
        "cols",
    )  # max(0, -1) = 0 for the not-found run: its tf is 0
    vals = b.op("Mul", [tf, b.op("Gather", [b.const("idf", t.idf), cols], "idf_c", axis=0)], "tfidf")  # [N, R]
    if any(br.l2 for br in branches):
        vals = _l2_normalised(b, branches, t, n_rows, cols, vals)
    rows3, vals = t.coef_rows(b, cols, vals)  # [N, R, C]
    summed = b.op("MatMul", [b.op("Unsqueeze", [vals, one], "vals3"), rows3], "summed")  # [N, 1, C]
    flat = b.op("Squeeze", [summed, one], "summed2")
    return b.op("Add", [flat, b.const("intercepts", intercepts.reshape(1, -1))], "raw")


def _l2_normalised(b: _Builder, branches: list[_Branch], t: _Tables, n_rows: str, cols: str, vals: str) -> str:
    """``vals`` [N, R] divided by the L2 norm of their (row, block); ``cols`` [N, R] must be distinct per row
    (or F, whose value is 0). Blocks without L2 divide by 1."""
    one = b.i64("one", 1)
    sq = b.op("Mul", [vals, vals], "sq")
    if len(branches) == 1:
        norm = b.op("Sqrt", [b.op("ReduceSum", [sq, one], "sumsq", keepdims=1)], "norm")  # [N, 1]
    else:
        block = b.op("Gather", [b.const("block_of", t.block_of), cols], "block", axis=0)  # [N, R]
        zeros_b = b.op(
            "ConstantOfShape",
            [b.op("Concat", [n_rows, b.i64("B", len(branches))], "nb", axis=0)],
            "zeros_b",
            value=numpy_helper.from_array(np.zeros(1, np.float32)),
        )
        sumsq = b.op("ScatterElements", [zeros_b, block, sq], "sumsq", axis=1, reduction="add")  # [N, B]
        norm_b = b.op("Sqrt", [sumsq], "norm_b")
        if t.no_l2 is not None:  # blocks without L2 divide by 1: max(norm * 0, 1)
            masked = b.op("Mul", [norm_b, b.const("l2_mask", 1.0 - t.no_l2)], "norm_l2only")
            norm_b = b.op("Max", [masked, b.const("no_l2", t.no_l2)], "norm_b1")
        norm = b.op("GatherElements", [norm_b, block], "norm", axis=1)  # [N, R]
    # empty slots and empty rows: 0 / tiny = 0, as scikit-learn leaves an all-zero row at zero
    return b.op("Div", [vals, b.op("Max", [norm, b.const("tiny", np.array(1e-30, np.float32))], "norm_safe")], "l2")


def _occurrence_scores(b: _Builder, branches: list[_Branch], t: _Tables, n_rows: str, intercepts: np.ndarray) -> str:
    """Scores [N, C] from the column of every n-gram occurrence, without sorting.

    One ``LabelEncoder`` per vectorizer maps n-gram keys to global columns, F (the all-zero row) when not in
    the vocabulary. Per row, the occurrences that are features are packed to the front (exclusive CumSum of
    "found" = slot; ScatterElements(min) into an [N, M] row of F: a not-found occurrence writes F, which
    never wins against a column) and the layout is cut to the longest row's count, rounded up to a multiple
    of ``SLOT_ALIGN``. Without L2 norms every
    occurrence weighs idf·scale and the batched MatMul adds repeated n-grams once per occurrence. With an
    L2 block the norm needs each distinct column's tf: counts and the last position of every column are
    scattered into dense [N, F + 1] rows, and only a column's last occurrence is kept, with weight tf·idf."""
    n_features = t.n_features
    ids_k: list[str] = []
    first_col = 0
    for br in branches:
        assert br.tokenizer is not None
        _set_attr(br.tokenizer, "pad_value", PAD)  # never a vocabulary token: codes as unknown
        ngrams = vectorizer_ngrams(br.vectorizer)
        codes = _IntCodes.of(ngrams)
        kept = [j for j in range(br.width) if br.idf is None or br.idf[j] != 0]  # zero idf: not a feature
        ids_k.append(
            b.op(
                "LabelEncoder",
                [codes.graph_keys(b, br.tokens)],
                "ids",
                domain="ai.onnx.ml",
                keys_int64s=[codes.key(ngrams[j]) for j in kept],
                values_int64s=[first_col + j for j in kept],
                default_int64=n_features,
            )
        )
        first_col += br.width
    ids = ids_k[0] if len(ids_k) == 1 else b.op("Concat", ids_k, "ids_all", axis=1)  # [N, M]
    one, zero = b.i64("one", 1), b.i64("zero", 0)
    absent = b.const("F", np.array(n_features, np.int64))
    shape = b.op("Shape", [ids], "nm")
    l2 = any(br.l2 for br in branches)
    tf: str | None = None
    if l2:
        dense = b.op("Concat", [n_rows, b.i64("F1", n_features + 1)], "nf", axis=0)
        zeros = numpy_helper.from_array(np.zeros(1, np.float32))
        ones = b.op("ConstantOfShape", [shape], "ones", value=numpy_helper.from_array(np.ones(1, np.float32)))
        pos = b.op("CumSum", [ones, one], "pos")  # 1, 2, ... (exact in float32 up to 2^24)

        def per_column(values: str, reduction: str, name: str) -> str:
            """A dense [N, F + 1] row per text: ``values`` of each occurrence reduced into its column."""
            init = b.op("ConstantOfShape", [dense], f"zeros_{name}", value=zeros)
            return b.op("ScatterElements", [init, ids, values], name, axis=1, reduction=reduction)

        counts = per_column(ones, "add", "counts")
        last = per_column(pos, "max", "last")
        is_last = b.op("Equal", [b.op("GatherElements", [last, ids], "last_pos", axis=1), pos], "is_last")
        found = b.op("And", [is_last, b.op("Less", [ids, absent], "hit")], "found")
        tf = b.op("GatherElements", [counts, ids], "tf_occ", axis=1)
        ids = b.op("Where", [found, ids, absent], "ids_once")
    else:
        found = b.op("Less", [ids, absent], "found")
    found_i = b.op("Cast", [found], "found_i", to=TensorProto.INT64)
    slot = b.op("CumSum", [found_i, one], "slot", exclusive=1)
    most = b.op("ReduceMax", [b.op("ReduceSum", [found_i, one], "per_row", keepdims=0)], "slots", keepdims=1)
    width = _aligned(b, most)  # the longest row's count, up to a multiple of SLOT_ALIGN
    wide = _widened(b, shape)
    packed = b.op(
        "ScatterElements", [b.op("Expand", [absent, wide], "all_absent"), slot, ids], "packed", axis=1, reduction="min"
    )
    cols = b.op("Slice", [packed, zero, width, one], "cols")  # [N, R]
    if tf is None:
        vals = b.op("Gather", [b.const("weight", t.weight()), cols], "weight_c", axis=0)
    else:
        tf_kept = b.op("Where", [found, tf, b.const("zero_f", np.array(0, np.float32))], "tf_kept")
        zeros_nm = b.op("ConstantOfShape", [wide], "zeros_nm", value=numpy_helper.from_array(np.zeros(1, np.float32)))
        tf_packed = b.op("ScatterElements", [zeros_nm, slot, tf_kept], "tf_packed", axis=1, reduction="add")
        vals = b.op(
            "Mul",
            [
                b.op("Slice", [tf_packed, zero, width, one], "tf"),
                b.op("Gather", [b.const("idf", t.idf), cols], "idf_c", axis=0),
            ],
            "tfidf",
        )
        vals = _l2_normalised(b, branches, t, n_rows, cols, vals)
    rows3, vals = t.coef_rows(b, cols, vals, scaled=tf is None)  # [N, R, C]
    summed = b.op("MatMul", [b.op("Unsqueeze", [vals, one], "vals3"), rows3], "summed")  # [N, 1, C]
    flat = b.op("Squeeze", [summed, one], "summed2")
    return b.op("Add", [flat, b.const("intercepts", intercepts.reshape(1, -1))], "raw")


@dataclass(frozen=True)
class _IntCodes:
    """Tokens -> codes 1..A (A = number of distinct tokens in the block's n-grams); anything else (unknown
    tokens, padding) -> A + 1. An n-gram is the base-K number of its codes (K = A + 2): a different value
    for every token sequence, and one that no vocabulary n-gram has as soon as it holds an unknown token."""

    alphabet: list[str]
    base: int
    n_min: int
    n_max: int

    @classmethod
    def of(cls, ngrams: list[tuple[str, ...]]) -> _IntCodes:
        alphabet = sorted({tok for gram in ngrams for tok in gram})
        lengths = {len(g) for g in ngrams}
        return cls(alphabet, len(alphabet) + 2, min(lengths), max(lengths))

    @property
    def unknown(self) -> int:
        return len(self.alphabet) + 1

    @property
    def span(self) -> int:  # all keys of this block are < span
        return int(self.base**self.n_max)

    @cached_property
    def code(self) -> dict[str, int]:
        return {tok: i + 1 for i, tok in enumerate(self.alphabet)}

    def key(self, gram: tuple[str, ...]) -> int:
        value = 0
        for tok in gram:
            value = value * self.base + self.code[tok]
        return value

    def graph_keys(self, b: _Builder, tokens: str, offset: int = 0) -> str:
        """[N, T] tokens -> [N, M] int64 keys (+ ``offset``) of every n-gram of consecutive tokens, per row."""
        codes = b.op(
            "LabelEncoder",
            [tokens],
            "codes",
            domain="ai.onnx.ml",
            keys_strings=self.alphabet,
            values_int64s=list(range(1, len(self.alphabet) + 1)),
            default_int64=self.unknown,
        )
        grams = [codes]
        if self.n_max > 1:  # n-grams at every position; those running into the padding hold an unknown code
            one, base, extra = b.i64("axis1", 1), b.const("base", np.array(self.base, np.int64)), self.n_max - 1
            padded = b.op(
                "Pad",
                [codes, b.i64("pads", 0, 0, 0, extra), b.const("unknown", np.array(self.unknown, np.int64))],
                "padded",
            )
            for k in range(1, self.n_max):  # codes shifted left by k: one Slice, the same width as ``codes``
                end = b.i64("e", k - extra if k < extra else 2**62)
                shifted = b.op("Slice", [padded, b.i64("s", k), end, one], f"shift{k}")
                grams.append(b.op("Add", [b.op("Mul", [grams[-1], base], "times_base"), shifted], f"g{k + 1}"))
        used = grams[self.n_min - 1 :]
        keys = used[0] if len(used) == 1 else b.op("Concat", used, "grams", axis=1)
        return b.op("Add", [keys, b.const("key_offset", np.array(offset, np.int64))], "keys") if offset else keys


def sparsify(
    model: onnx.ModelProto,
    *,
    strategy: Strategy = "occurrence",
    coef_dtype: CoefDtype = "float32",
    fast_char_tokenizer: bool = True,
    drop_final_l1: bool = True,
) -> onnx.ModelProto:
    """Return a copy of ``model`` whose classifier works on the non-zero tf-idf features only.

    ``strategy`` chooses how the non-zeros are found (see the module doc); ``coef_dtype='float16'`` stores
    the coefficient matrix in half precision; ``fast_char_tokenizer`` swaps a per-character regex Tokenizer
    (``tokenexp='.'``) for onnxruntime's built-in character split (``separators=['']``, same tokens);
    ``drop_final_l1`` removes the L1 Normalizer skl2onnx puts after a Softmax (a no-op up to rounding).
    Raises ``UnsupportedGraph`` when the graph is not Tokenizer -> TfIdfVectorizer(s) -> LinearClassifier.
    """
    if strategy not in ("occurrence", "lookup", "nonzero"):
        raise ValueError(f"unknown strategy {strategy!r}")
    if _set_opset(model, "") < NONZERO_MIN_OPSET:
        raise UnsupportedGraph(f"default opset < {NONZERO_MIN_OPSET} (ScatterElements with reduction)")
    out = onnx.ModelProto()
    out.CopyFrom(model)
    graph = out.graph
    inits = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    consumers: dict[str, list[tuple[int, onnx.NodeProto]]] = {}
    for i, node in enumerate(graph.node):
        for name in node.input:
            consumers.setdefault(name, []).append((i, node))
    producer = {o: (i, n) for i, n in enumerate(graph.node) for o in n.output}

    classifiers = [(i, n) for i, n in enumerate(graph.node) if n.op_type == "LinearClassifier"]
    if len(classifiers) != 1:
        raise UnsupportedGraph(f"expected one LinearClassifier, found {len(classifiers)}")
    clf_index, clf = classifiers[0]
    post = str(_attr(clf, "post_transform", "NONE"))
    if post not in _POST_TRANSFORMS:
        raise UnsupportedGraph(f"LinearClassifier post_transform {post!r} not handled")
    labels_s = _attr(clf, "classlabels_strings")
    labels_i = _attr(clf, "classlabels_ints")
    intercepts = np.asarray(_attr(clf, "intercepts"), dtype=np.float32)
    n_classes = intercepts.size
    n_labels = len(labels_s or labels_i or [])
    if n_labels != n_classes or n_classes < 3:
        raise UnsupportedGraph(f"{n_labels} labels for {n_classes} score rows (binary models not handled)")
    coef = np.asarray(_attr(clf, "coefficients"), dtype=np.float32)
    if coef.size % n_classes:
        raise UnsupportedGraph("coefficient count is not a multiple of the class count")
    coef_t = coef.reshape(n_classes, -1).T  # [F, C]: one row per feature, gathered per non-zero

    # The classifier reads either one block or the Concat(axis=1) of several.
    removed: set[str] = {_node_name(clf, clf_index)}
    concat = producer.get(clf.input[0])
    if concat is not None and concat[1].op_type == "Concat":
        if int(_attr(concat[1], "axis", 0)) not in (1, -1):
            raise UnsupportedGraph("features are concatenated on an axis other than 1")
        stops = list(concat[1].input)
        removed.add(_node_name(concat[1], concat[0]))
    else:
        stops = [clf.input[0]]
    vectorizers = {n.output[0]: n for n in graph.node if n.op_type == "TfIdfVectorizer"}
    branches: list[_Branch] = []
    for stop in stops:
        name = stop
        while name not in vectorizers:  # walk back to the vectorizer this block descends from
            if name not in producer:
                raise UnsupportedGraph(f"feature block {stop!r} does not come from a TfIdfVectorizer")
            name = producer[name][1].input[0]
        branch = _trace_branch(vectorizers[name], consumers, producer, inits, stop)
        branches.append(branch)
        removed.update(branch.removed)
    n_features = sum(br.width for br in branches)
    if n_features != coef_t.shape[0]:
        raise UnsupportedGraph(f"vectorizers give {n_features} columns, classifier has {coef_t.shape[0]}")
    if strategy != "nonzero":
        if any(br.tokenizer is None for br in branches):
            raise UnsupportedGraph(f"strategy {strategy!r} needs every vectorizer fed by a Tokenizer")
        for br in branches:
            removed.add(_node_name(br.vectorizer, producer[br.vectorizer.output[0]][0]))

    label_out, scores_out = clf.output[0], clf.output[1]
    final_out = scores_out
    users = consumers.get(scores_out, [])
    if drop_final_l1 and post == "SOFTMAX" and len(users) == 1:
        j, user = users[0]
        if user.op_type == "Normalizer" and _attr(user, "norm") == "L1":
            final_out = user.output[0]
            removed.add(_node_name(user, j))

    b = _Builder("sparse/")
    tables = _Tables(branches, coef_t, coef_dtype)
    n_rows = b.op("Shape", [graph.input[0].name], "n", start=0, end=1)  # [1]
    if strategy == "nonzero":
        raw = _nonzero_scores(b, branches, tables, n_rows, intercepts)
    elif strategy == "lookup":
        raw = _lookup_scores(b, branches, tables, n_rows, intercepts)
    else:
        raw = _occurrence_scores(b, branches, tables, n_rows, intercepts)
    post_op = {"SOFTMAX": "Softmax", "LOGISTIC": "Sigmoid", "NONE": "Identity"}[post]
    softmax_axis: dict[str, Any] = {"axis": 1} if post == "SOFTMAX" else {}
    b.op(post_op, [raw], outputs=[final_out], **softmax_axis)
    best = b.op("ArgMax", [raw], "best", axis=1, keepdims=0)
    labels: np.ndarray = (
        np.array([x.decode() if isinstance(x, bytes) else str(x) for x in labels_s], dtype=np.object_)
        if labels_s
        else np.array(labels_i, dtype=np.int64)
    )
    b.op("Gather", [b.const("labels", labels), best], outputs=[label_out], axis=0)

    kept = [n for i, n in enumerate(graph.node) if _node_name(n, i) not in removed]
    front = {br.tokens for br in branches} | {br.vectorizer.output[0] for br in branches}
    last_front = max(i for i, n in enumerate(kept) if set(n.output) & front)
    del graph.node[:]
    graph.node.extend(kept[: last_front + 1] + b.nodes + kept[last_front + 1 :])
    used = {name for n in graph.node for name in n.input}
    fresh = [t for t in graph.initializer if t.name in used] + [t for t in b.inits if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(fresh)
    if fast_char_tokenizer:
        for node in graph.node:
            if node.op_type == "Tokenizer" and _attr(node, "tokenexp") == ".":
                _set_attr(node, "tokenexp", None)
                _set_attr(node, "separators", [""])
    if strategy != "nonzero":
        _set_opset(out, "", LOOKUP_OPSET)
        _set_opset(out, "ai.onnx.ml", 2)  # LabelEncoder with keys_strings / values_int64s
    del graph.value_info[:]
    onnx.checker.check_model(out)
    return out
