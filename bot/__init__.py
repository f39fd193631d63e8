"""Brief: reads articles, summarises them and answers questions about them."""

__version__ = "0.1.0"
