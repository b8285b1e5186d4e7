"""Asahi Desk: the budget plan and meeting packet of a Yokohama ward."""
