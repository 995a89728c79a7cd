"""Tests that drive a real Chromium against a running app (marker `browser`)."""
