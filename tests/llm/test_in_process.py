"""The in-process way to the fakes: an httpx2 client on the ASGI app, shared by adapters."""

from collections.abc import AsyncIterator

import httpx2
import pytest
from openai import AsyncOpenAI, AuthenticationError

from kazi.llm.registry import build
from kazi.llm.types import ImagePart, Prompt
from tests.fakes import IN_PROCESS_ORIGIN, FakeFleet, FleetUrls, Reply, in_process_client
from tests.llm.calls import collect
from tests.llm.conftest import API_KEY
from tests.llm.wire import VendorCase


@pytest.fixture
def fleet() -> FakeFleet:
    return FakeFleet()


@pytest.fixture
async def shared_client(fleet: FakeFleet) -> AsyncIterator[httpx2.AsyncClient]:
    async with in_process_client(fleet.app()) as client:
        yield client


async def test_adapters_work_through_a_shared_in_process_client(
    case: VendorCase, fleet: FakeFleet, shared_client: httpx2.AsyncClient
) -> None:
    fake = case.fake(fleet)
    fake.script(Reply(text="in process", model="m-1"), Reply(text="streamed in process"))
    settings = {"api_key": API_KEY, "base_url": case.base_url(FleetUrls(IN_PROCESS_ORIGIN))}
    provider = build(case.provider_type, settings, http_client=shared_client)
    image = ImagePart(b"GIF89a-tiny", "image/gif")
    completion = await provider.generate(
        Prompt(user="hi", system="sys", images=(image,)), model=case.model, timeout=5
    )
    streamed = await collect(provider, Prompt(user="again"), case.model)
    await provider.aclose()

    assert (completion.text, completion.model) == ("in process", "m-1")
    assert streamed.completion.text == "streamed in process"
    assert case.images_sent(fake.requests[0].body) == [("image/gif", b"GIF89a-tiny")]
    assert case.key_sent(fake.requests[0]) == API_KEY
    # Closing the adapter left the caller's client open for the next one.
    assert not shared_client.is_closed
    again = build(case.provider_type, settings, http_client=shared_client)
    assert (await again.generate(Prompt(user="x"), model=case.model, timeout=5)).text
    await again.aclose()


async def test_openai_fake_lists_its_models_and_checks_keys(
    fleet: FakeFleet, shared_client: httpx2.AsyncClient
) -> None:
    base_url = FleetUrls(IN_PROCESS_ORIGIN).compatible
    sdk = AsyncOpenAI(api_key="right", base_url=base_url, http_client=shared_client, max_retries=0)
    listed = await sdk.models.list()
    assert [m.id for m in listed.data] == ["llama-fake"]
    fleet.compatible.accepted_keys = {"other"}
    with pytest.raises(AuthenticationError):
        await sdk.models.list()
    assert fleet.compatible.requests[-1].headers["authorization"] == "Bearer right"
