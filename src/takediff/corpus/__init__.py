"""Corpus scale: many records, many events, compared in a stream, resumably, exactly once.

>>> from takediff.corpus import corpus
>>> result = corpus("news.jsonl", "reports.parquet", workers=4)
"""

from takediff.corpus.grouping import GroupingOptions
from takediff.corpus.output import read_rows
from takediff.corpus.runner import CorpusResult, corpus

__all__ = ["CorpusResult", "GroupingOptions", "corpus", "read_rows"]
