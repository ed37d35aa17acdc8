"""Synthetic reports for a whole country: plausible figures for load tests, demos and the dashboard."""
