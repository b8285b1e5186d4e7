"""Asahi Desk: the budget plan and meeting packet of a Yokohama ward."""

__version__ = "0.1.0"
