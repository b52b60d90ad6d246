"""Data files shipped with Reflect: name lists for the identifier scanner."""
