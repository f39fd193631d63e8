"""Reading links and files into plain article text (contract; the ingest helper implements it).

``Fetcher.fetch(url)`` and ``extract_file(name, data)`` both return an
``ExtractedArticle`` or raise a ``bot.errors.FetchError`` subclass whose
``user_message`` says what went wrong in words a user can act on.
"""

from bot.ingest.types import ExtractedArticle

__all__ = ["ExtractedArticle"]
