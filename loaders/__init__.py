"""Loaders: sources (files, pages, feeds, dumps, URLs) into articles, articles into extractions."""
