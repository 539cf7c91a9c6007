"""Wire-compatible fake vendor servers (OpenAI, Anthropic, Gemini) for tests.

Script answers on a FakeVendor, serve its app in-process (`in_process_client`) or over
HTTP (`serve_app`, or the `fake_fleet` fixture from `fakes.plugin`), then inspect
`vendor.requests` to see exactly what reached the vendor.
"""

from .anthropic_fake import anthropic_app
from .fleet import FakeFleet, FleetUrls
from .gemini_fake import gemini_app
from .openai_fake import openai_app
from .script import FakeVendor, RecordedRequest, Reply
from .server import IN_PROCESS_ORIGIN, in_process_client, serve_app

__all__ = [
    "IN_PROCESS_ORIGIN",
    "FakeFleet",
    "FakeVendor",
    "FleetUrls",
    "RecordedRequest",
    "Reply",
    "anthropic_app",
    "gemini_app",
    "in_process_client",
    "openai_app",
    "serve_app",
]
