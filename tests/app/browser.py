"""What the app's browser test checks on every page it walks: a screenshot, axe-core's
accessibility rules (the script ships in the pinned axe-playwright-python package) and
the bytes a first visit transfers."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import axe_playwright_python
from playwright.async_api import Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "app"
AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
MAX_PAGE_BYTES = 100 * 1024
VIEWPORT = {"width": 360, "height": 740}
BLOCKING_IMPACTS = {"serious", "critical"}


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE_SCRIPT))
    result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert len(result["passes"]) > 10, "axe-core checked next to nothing"
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


class WireBytes:
    """Bytes on the wire (headers and bodies) of the page now shown: counting restarts at
    each top-level document request. With the cache off, every page load is a first one."""

    def __init__(self) -> None:
        self.sizes: dict[str, float] = {}
        self.page_requests: set[str] = set()

    def sent(self, event: dict[str, Any]) -> None:
        if event.get("type") == "Document":
            self.page_requests = set()
        if event.get("type") != "Fetch":  # streamed answers are used by the page, not loaded
            self.page_requests.add(event["requestId"])

    def finished(self, event: dict[str, Any]) -> None:
        self.sizes[event["requestId"]] = event["encodedDataLength"]

    def total(self) -> int:
        return int(sum(self.sizes.get(request, 0) for request in self.page_requests))


async def watch_bytes(page: Page) -> WireBytes:
    counter = WireBytes()
    cdp = await page.context.new_cdp_session(page)
    cdp.on("Network.requestWillBeSent", counter.sent)
    cdp.on("Network.loadingFinished", counter.finished)
    await cdp.send("Network.enable")
    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return counter


@dataclass
class Walk:
    """One walk through the app in one language: checks each page it is shown."""

    page: Page
    wire: WireBytes
    language: str
    weights: dict[str, int] = field(default_factory=dict)
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    async def check(self, name: str) -> None:
        await self.page.wait_for_load_state("networkidle")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        number = len(self.weights) + 1
        shot = ARTIFACTS / f"{self.language}-{number:02d}-{name}.png"
        await self.page.screenshot(path=shot, full_page=True)
        self.violations[name] = await axe_violations(self.page)
        self.weights[name] = self.wire.total()

    def clear_old_artifacts(self) -> None:
        for old in ARTIFACTS.glob(f"{self.language}-*"):
            old.unlink()

    def report(self) -> str:
        lines = [f"page weights ({self.language}), bytes transferred on first load:"]
        lines += [f"  {name:<24} {size:>7,} B" for name, size in self.weights.items()]
        return "\n".join(lines)
