"""Kazi: backend of an AI job-application assistant."""
