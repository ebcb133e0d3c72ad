"""The newspaper-page parser: raw page text → ParsedPage. Pure Python, no Django."""

from .page import parse_page
from .result import EventInfo, ParsedArticle, ParsedPage, ParseError, PersonMention, Reporter

__all__ = ["EventInfo", "ParsedArticle", "ParsedPage", "ParseError", "PersonMention", "Reporter", "parse_page"]
