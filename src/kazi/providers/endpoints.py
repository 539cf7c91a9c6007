"""Admin API for provider configurations: /api/v1/admin/providers."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from kazi.kit.deps import SessionDep
from kazi.kit.http import Envelope, RowId, error_response, ok
from kazi.llm import registry
from kazi.providers.clients import ProviderClients
from kazi.providers.schemas import (
    ProviderCreate,
    ProviderOut,
    ProviderTestResult,
    ProviderTypeInfo,
    ProviderUpdate,
)
from kazi.providers.service import ProviderService
from kazi.security.crypto import SecretBox
from kazi.users.dependencies import AdminUser

router = APIRouter(prefix="/api/v1/admin/providers", tags=["admin: providers"])


def _service(request: Request, session: SessionDep) -> ProviderService:
    box: SecretBox = request.app.state.key_box
    return ProviderService(session, box)


def _clients(request: Request) -> ProviderClients:
    clients: ProviderClients = request.app.state.provider_clients
    return clients


Service = Annotated[ProviderService, Depends(_service)]
Clients = Annotated[ProviderClients, Depends(_clients)]


@router.get("/types")
async def provider_types(_admin: AdminUser) -> Envelope[list[ProviderTypeInfo]]:
    """Each provider type's settings as JSON schema (the key is write-only)."""
    return ok(
        [
            ProviderTypeInfo(
                provider_type=t, settings_schema=registry.settings_model(t).model_json_schema()
            )
            for t in registry.ProviderType
        ]
    )


@router.post("", status_code=201)
async def create_provider(
    body: ProviderCreate, admin: AdminUser, service: Service
) -> Envelope[ProviderOut]:
    return ok(await service.describe(await service.create(body, admin)))


@router.get("")
async def list_providers(_admin: AdminUser, service: Service) -> Envelope[list[ProviderOut]]:
    return ok(await service.describe_all())


@router.get("/{provider_id}")
async def get_provider(
    provider_id: RowId, _admin: AdminUser, service: Service
) -> Envelope[ProviderOut]:
    return ok(await service.describe(await service.get(provider_id)))


@router.patch("/{provider_id}")
async def update_provider(
    provider_id: RowId, body: ProviderUpdate, admin: AdminUser, service: Service
) -> Envelope[ProviderOut]:
    return ok(await service.describe(await service.update(provider_id, body, admin)))


@router.post("/{provider_id}/deactivate")
async def deactivate_provider(
    provider_id: RowId, admin: AdminUser, service: Service
) -> Envelope[ProviderOut]:
    return ok(await service.describe(await service.set_active(provider_id, False, admin)))


@router.delete("/{provider_id}")
async def delete_provider(
    provider_id: RowId, admin: AdminUser, service: Service
) -> Envelope[dict[str, int]]:
    await service.delete(provider_id, admin)
    return ok({"deleted": provider_id})


@router.post(
    "/{provider_id}/test",
    response_model=Envelope[ProviderTestResult],
    responses={502: {"description": "The provider refused or failed the test call."}},
)
async def run_provider_test(
    provider_id: RowId, request: Request, _admin: AdminUser, service: Service, clients: Clients
) -> Envelope[ProviderTestResult] | JSONResponse:
    """One minimal real call. A failure answers 502 with the vendor's clean error code."""
    result = await service.test(provider_id, clients)
    if result.ok:
        return ok(result)
    # Returned rather than raised, so the stored test result is committed.
    return error_response(
        502,
        f"provider_{result.error_code}",
        result.message or "The test call failed.",
        request.state.request_id,
    )
