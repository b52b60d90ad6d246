"""Reflect: a reflective practice journal for child and family social workers."""

__version__ = "0.1.0"
