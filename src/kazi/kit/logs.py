"""Logging set-up: one line per record, each carrying its request id."""

import logging
import sys

from kazi.kit.http import RequestIdFilter

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Request lines are logged by Kazi itself with the request id; silence duplicates.
    logging.getLogger("uvicorn.access").disabled = True
    # fpdf2's font subsetting logs a dozen INFO lines per exported PDF.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
