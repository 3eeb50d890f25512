"""Rendering: content texts to safe HTML, and the pages of each locale."""
