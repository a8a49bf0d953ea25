"""Ingest: bytes of any report format -> Document(text, grids, meta, source).

Contract (other stages rely on it):
- ``Ingest(settings)(path, data=None) -> Document``; raises GongkaiError only for
  input that cannot be read at all (unreadable, encrypted, no_text_layer, ...).
- ``Document.text`` is normalised (see ``normalize.py``): half-width digits/ASCII,
  CJK sentence punctuation kept, NBSP -> space, markup such as
  ``[bookmark: _GoBack]`` and ``**`` removed, ``\\n`` line ends.
- Tables of docx/html/pdf arrive as ``Grid`` objects whose cells point into text.
"""

from .stage import Ingest

__all__ = ["Ingest"]
