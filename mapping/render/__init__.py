"""Builders that turn a map into figures and pages: data in, HTML or plotly figures out."""
