"""Sliding-window rate limiters and where Kazi applies them."""
