"""Rewrite skl2onnx's text-classifier graph so that it works on the non-zero features only.

skl2onnx converts ``FeatureUnion(TfidfVectorizer...) -> LogisticRegression`` into
``Tokenizer -> TfIdfVectorizer -> Mul(idf) -> Normalizer(L2) -> Concat -> LinearClassifier -> Normalizer(L1)``.
Every node after the tokenizers then works on a dense, vocabulary-wide row per text (24k floats, of which a
few hundred are non-zero), and ``LinearClassifier`` multiplies that row with the whole coefficient matrix.

``sparsify`` keeps the Tokenizers and replaces the rest with standard ONNX ops over the non-zeros. Two ways
to find the non-zero features (``strategy``):

- ``"nonzero"`` keeps the TfIdfVectorizer (it counts n-grams exactly) and takes ``NonZero`` of its dense
  output: no dense matrix product any more, but the vectorizer's hierarchical n-gram lookups and the scan
  of its vocabulary-wide output remain.
- ``"lookup"`` (default) builds the n-gram strings in the graph (``StringConcat`` of shifted token slices),
  maps them to columns with one hash lookup each (``LabelEncoder``), and counts them with ``Unique`` over
  ``row * n_features + column`` keys. Nothing vocabulary-wide is ever materialised, so the cost follows the
  length of the text, not the size of the vocabulary. Needs opset 20 (StringConcat), which onnxruntime has.

Both then do the same::

    tf per (row, col);  w = tf * idf[col];  norm[row, block] = sqrt(sum w^2)  (ScatterElements add);  w /= norm
    scores[N, C] = intercept + sum over non-zeros of w * coef_T[col, :]      (Gather rows, ScatterND add)
    probabilities = Softmax(scores);  label = labels[ArgMax(scores)]

The graph keeps its input and output names, types and meaning (``text`` [N, 1] string in; ``label`` [N] and
``probabilities`` [N, C] float out). The coefficient matrix can be stored as float16 (a Cast follows the
Gather) to halve the bundle; the caller checks parity with scikit-learn on the final graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CoefDtype = Literal["float32", "float16"]
Strategy = Literal["lookup", "nonzero"]
NONZERO_MIN_OPSET = 16  # ScatterElements / ScatterND with reduction="add"
LOOKUP_OPSET = 20  # StringConcat
LOOKUP_IR_VERSION = 9  # opset 20 needs IR 9; onnxruntime 1.31 rejects onnx's newest IR
# Padding token for rows shorter than the longest in a batch. A private-use character: service.text.normalize
# maps it to a space, so no vocabulary n-gram contains it and no n-gram touching the padding can match.
PAD = "\ue000"
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


def _attr(node: onnx.NodeProto, name: str, default: object = None) -> object:
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


def vectorizer_vocabulary(node: onnx.NodeProto, joiner: str) -> list[str]:
    """The n-gram of every output column of a TfIdfVectorizer node, tokens joined by ``joiner``."""
    pool = [s.decode() if isinstance(s, bytes) else str(s) for s in _attr(node, "pool_strings") or []]  # type: ignore[attr-defined]
    if not pool:
        raise UnsupportedGraph(f"TfIdfVectorizer {node.name!r} has no pool_strings (integer n-grams?)")
    starts = [int(x) for x in _attr(node, "ngram_counts")]  # type: ignore[attr-defined]
    indexes = [int(x) for x in _attr(node, "ngram_indexes")]  # type: ignore[attr-defined]
    grams: list[str] = []
    for n, start in enumerate(starts, start=1):
        end = starts[n] if n < len(starts) else len(pool)
        grams.extend(joiner.join(pool[i : i + n]) for i in range(start, end, n))
    if len(grams) != len(indexes):
        raise UnsupportedGraph(f"TfIdfVectorizer {node.name!r}: {len(grams)} n-grams, {len(indexes)} indexes")
    vocab = [""] * (max(indexes) + 1)
    for gram, col in zip(grams, indexes, strict=True):
        vocab[col] = gram
    if any(not g for g in vocab) or len(set(vocab)) != len(vocab):
        raise UnsupportedGraph(f"TfIdfVectorizer {node.name!r}: columns are not one n-gram each")
    return vocab


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
    if mode != "TF" or int(_attr(start, "max_skip_count", 0)):  # type: ignore[call-overload]
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
            if weights.size != width or (weights <= 0).any():
                raise UnsupportedGraph(f"Mul {node.name!r}: expected {width} positive idf weights")
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

    def op(self, op_type: str, inputs: Sequence[str], hint: str = "", outputs: Sequence[str] | None = None,
           domain: str = "", **attrs: object) -> str:
        outs = list(outputs) if outputs is not None else [self.name(hint or op_type.lower())]
        node = helper.make_node(op_type, list(inputs), outs, name=self.name(op_type), domain=domain or None, **attrs)
        self.nodes.append(node)
        return outs[0]


def _ngram_keys(b: _Builder, tokens: str, n_max: int, n_min: int, joiner: str) -> str:
    """[N, T] tokens -> [N, M] strings: every n-gram (n_min..n_max) of consecutive tokens, row by row."""
    big = b.i64("big", 2**62)
    one_ax = b.i64("axis1", 1)
    sep = b.const("sep", np.array([joiner], dtype=object)) if joiner else None
    grams = [tokens]
    for n in range(2, n_max + 1):
        head = b.op("Slice", [grams[-1], b.i64("s0", 0), b.i64("e", -1), one_ax], "head")
        if sep is not None:
            head = b.op("StringConcat", [head, sep], "head_sep")
        tail = b.op("Slice", [tokens, b.i64("s", n - 1), big, one_ax], "tail")
        grams.append(b.op("StringConcat", [head, tail], f"g{n}"))
    used = grams[n_min - 1 :]
    return used[0] if len(used) == 1 else b.op("Concat", used, "grams", axis=1)


def sparsify(
    model: onnx.ModelProto,
    *,
    strategy: Strategy = "lookup",
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
    if strategy not in ("lookup", "nonzero"):
        raise ValueError(f"unknown strategy {strategy!r}")
    if _set_opset(model, "") < NONZERO_MIN_OPSET:
        raise UnsupportedGraph(f"default opset < {NONZERO_MIN_OPSET} (ScatterND with reduction)")
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
    n_labels = len(labels_s or labels_i or [])  # type: ignore[arg-type]
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
        if int(_attr(concat[1], "axis", 0)) not in (1, -1):  # type: ignore[call-overload]
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
    if strategy == "lookup":
        if any(br.tokenizer is None for br in branches):
            raise UnsupportedGraph("strategy 'lookup' needs every vectorizer fed by a Tokenizer")
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
    one = b.i64("one", 1)
    n_rows = b.op("Shape", [graph.input[0].name], "n", start=0, end=1)  # [1]
    n_blocks = len(branches)
    offsets = np.cumsum([0] + [br.width for br in branches])[:-1]
    idf_all = np.concatenate([br.idf if br.idf is not None else np.ones(br.width) for br in branches])
    idf_table = b.const("idf", idf_all.astype(np.float32))
    f_const = b.i64("F", n_features)
    # Both strategies end with one entry per non-zero (row, col): `lin` = tf * idf, `sq` = lin ** 2.
    if strategy == "nonzero":
        rows_k, cols_k, tf_k = [], [], []
        for k, br in enumerate(branches):
            counts = br.vectorizer.output[0]
            nz = b.op("NonZero", [counts], f"nz{k}")  # [2, nnz] (row, col)
            rows_k.append(b.op("Gather", [nz, b.const("i0", np.array(0, np.int64))], f"row{k}", axis=0))
            col = b.op("Gather", [nz, b.const("i1", np.array(1, np.int64))], f"col{k}", axis=0)
            cols_k.append(b.op("Add", [col, b.i64("off", int(offsets[k]))], f"colg{k}") if k else col)
            tf_k.append(b.op("GatherND", [counts, b.op("Transpose", [nz], f"nzT{k}", perm=[1, 0])], f"tf{k}"))
        rows = rows_k[0] if n_blocks == 1 else b.op("Concat", rows_k, "rows", axis=0)
        cols = cols_k[0] if n_blocks == 1 else b.op("Concat", cols_k, "cols", axis=0)
        tf = tf_k[0] if n_blocks == 1 else b.op("Concat", tf_k, "tf", axis=0)
        lin = b.op("Mul", [tf, b.op("Gather", [idf_table, cols], "idf_c", axis=0)], "tfidf")
        sq = b.op("Mul", [lin, lin], "sq")
    else:
        # column of every n-gram occurrence (-1: not in the vocabulary), sorted within each row
        ids_k = []
        for k, br in enumerate(branches):
            assert br.tokenizer is not None
            joiner = "" if _is_char_tokenizer(br.tokenizer) else " "
            _set_attr(br.tokenizer, "pad_value", PAD)
            grams = _ngram_keys(b, br.tokens, int(_attr(br.vectorizer, "max_gram_length")),  # type: ignore[call-overload]
                                int(_attr(br.vectorizer, "min_gram_length")), joiner)  # type: ignore[call-overload]
            vocab = vectorizer_vocabulary(br.vectorizer, joiner)
            ids_k.append(b.op("LabelEncoder", [grams], f"ids{k}", domain="ai.onnx.ml", keys_strings=vocab,
                              values_int64s=list(range(int(offsets[k]), int(offsets[k]) + len(vocab))),
                              default_int64=-1))
        ids = ids_k[0] if n_blocks == 1 else b.op("Concat", ids_k, "ids", axis=1)
        width = b.op("Shape", [ids], "m", start=1, end=2)
        ordered = b.name("ordered")
        b.op("TopK", [ids, width], outputs=[ordered, b.name("order")], axis=1, largest=0, sorted=1)
        rows_n = b.op("Range", [b.const("r0", np.array(0, np.int64)), b.op("Squeeze", [n_rows], "n0"),
                                b.const("r1", np.array(1, np.int64))], "range")
        row_base = b.op("Mul", [b.op("Unsqueeze", [rows_n, one], "row_col"), f_const], "row_base")  # [N, 1]
        flat = b.i64("flat", -1)
        keys = b.op("Compress", [b.op("Reshape", [b.op("Add", [ordered, row_base], "key2d"), flat], "keyf"),
                                 b.op("Reshape", [b.op("GreaterOrEqual", [ordered, b.const("z", np.array(0, np.int64))],
                                                       "hit"), flat], "hitf")],
                    "keys", axis=0)  # row * F + col, ascending
        # equal keys are adjacent: one run per distinct (row, col); its length is the n-gram's count (tf).
        # Counting first (rather than adding every occurrence's weight) keeps float32 sums exact for long texts.
        prev = b.op("Concat", [b.i64("before", -2), b.op("Slice", [keys, b.i64("s0", 0), b.i64("e", -1)], "head")],
                    "prev", axis=0)
        is_new = b.op("Not", [b.op("Equal", [keys, prev], "same")], "new")
        run = b.op("Sub", [b.op("CumSum", [b.op("Cast", [is_new], "new64", to=TensorProto.INT64),
                                           b.const("ax0", np.array(0, np.int64))], "runs1"), one], "run")
        n_keys = b.op("Shape", [keys], "n_keys")
        ones = b.op("ConstantOfShape", [n_keys], "ones", value=numpy_helper.from_array(np.ones(1, np.float32)))
        zeros_k = b.op("ConstantOfShape", [n_keys], "zeros_k", value=numpy_helper.from_array(np.zeros(1, np.float32)))
        run_tf = b.op("ScatterElements", [zeros_k, run, ones], "run_tf", axis=0, reduction="add")
        tf = b.op("Compress", [run_tf, b.op("Greater", [run_tf, b.const("zf", np.array(0, np.float32))], "used")],
                  "tf", axis=0)  # the first (number of runs) entries, in key order
        uniq = b.op("Compress", [keys, is_new], "uniq", axis=0)
        rows = b.op("Div", [uniq, f_const], "rows")
        cols = b.op("Sub", [uniq, b.op("Mul", [rows, f_const], "rowsF")], "cols")
        lin = b.op("Mul", [tf, b.op("Gather", [idf_table, cols], "idf_c", axis=0)], "tfidf")
        sq = b.op("Mul", [lin, lin], "sq")

    vals = lin
    if any(br.l2 for br in branches):
        # one norm per (row, block); blocks without L2 get a norm of 1
        block_of = np.repeat(np.arange(n_blocks, dtype=np.int64), [br.width for br in branches])
        seg = rows
        if n_blocks > 1:
            seg = b.op("Add", [b.op("Mul", [rows, b.i64("B", n_blocks)], "rowsB"),
                               b.op("Gather", [b.const("block_of", block_of), cols], "block", axis=0)], "seg")
        zeros = b.op("ConstantOfShape", [b.op("Mul", [n_rows, b.i64("B", n_blocks)], "nB")], "zeros",
                     value=numpy_helper.from_array(np.zeros(1, np.float32)))
        norm = b.op("Sqrt", [b.op("ScatterElements", [zeros, seg, sq], "sumsq", axis=0, reduction="add")], "norm")
        if not all(br.l2 for br in branches):
            no_l2 = np.array([0.0 if br.l2 else 1.0 for br in branches], dtype=np.float32)
            norm = b.op("Max", [norm, b.op("Tile", [b.const("no_l2", no_l2), n_rows], "no_l2_rows")], "norm1")
        vals = b.op("Div", [lin, b.op("Gather", [norm, seg], "norm_nz", axis=0)], "l2")  # norms > 0 here

    table = b.const("coef_T", coef_t.astype(np.float16 if coef_dtype == "float16" else np.float32))
    picked = b.op("Gather", [table, cols], "coef_rows", axis=0)  # [nnz, C]
    if coef_dtype == "float16":
        picked = b.op("Cast", [picked], "coef_rows32", to=TensorProto.FLOAT)
    weighted = b.op("Mul", [picked, b.op("Unsqueeze", [vals, one], "vals_col")], "weighted")
    init_scores = b.op("Expand", [b.const("intercepts", intercepts.reshape(1, n_classes)),
                                  b.op("Concat", [n_rows, b.i64("C", n_classes)], "shape_nc", axis=0)], "init")
    raw = b.op("ScatterND", [init_scores, b.op("Unsqueeze", [rows, one], "rows_col"), weighted], "raw",
               reduction="add")
    post_op = {"SOFTMAX": "Softmax", "LOGISTIC": "Sigmoid", "NONE": "Identity"}[post]
    b.op(post_op, [raw], outputs=[final_out], **({"axis": 1} if post == "SOFTMAX" else {}))
    best = b.op("ArgMax", [raw], "best", axis=1, keepdims=0)
    labels = np.array(list(labels_s), dtype=object) if labels_s else np.array(list(labels_i), dtype=np.int64)  # type: ignore[call-overload]
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
    if strategy == "lookup":
        _set_opset(out, "", LOOKUP_OPSET)
        _set_opset(out, "ai.onnx.ml", 2)  # LabelEncoder with keys_strings / values_int64s
        out.ir_version = max(out.ir_version, LOOKUP_IR_VERSION)
    del graph.value_info[:]
    onnx.checker.check_model(out)
    return out
