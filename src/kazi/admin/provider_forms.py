"""The provider add/edit form, generated from the adapter's settings model.

Every field of the settings model becomes an input; the API key is the one write-only
field: it is never put back into a form, and an empty key on edit keeps the stored one.
"""

import inspect
import types
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, SecretStr, ValidationError

from kazi.admin.auth import AdminForm
from kazi.enums import TaskType
from kazi.kit.errors import InvalidInput
from kazi.kit.http import describe_validation
from kazi.llm import registry
from kazi.providers.schemas import TIMEOUT_FIELDS, ProviderCreate, ProviderOut, ProviderUpdate

KEY_FIELD = "api_key"
TIMEOUT_LABELS = {
    "connect_timeout_s": "Connect",
    "first_byte_timeout_s": "First byte",
    "total_timeout_s": "Whole attempt",
}
M = TypeVar("M", bound=BaseModel)
_SETTING_PREFIX = "setting_"


@dataclass(frozen=True, slots=True)
class SettingField:
    name: str
    label: str
    input_type: str  # text, url, number, checkbox or password (the key)
    required: bool
    input_name: str


@dataclass
class ProviderFormValues:
    """What the form shows: never the key."""

    provider_type: str
    name: str = ""
    model_name: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    is_active: bool = True
    is_default: bool = False
    default_for: list[str] = field(default_factory=list)
    key_hint: str | None = None
    timeouts: dict[str, str] = field(default_factory=dict)  # as typed; empty: the default

    @classmethod
    def of(cls, provider: ProviderOut) -> "ProviderFormValues":
        return cls(
            provider_type=str(provider.provider_type),
            name=provider.name,
            model_name=provider.model_name,
            settings=dict(provider.settings),
            is_active=provider.is_active,
            is_default=provider.is_default,
            default_for=[str(task) for task in provider.default_for],
            key_hint=provider.api_key_hint,
            timeouts={
                name: _seconds(value)
                for name in TIMEOUT_LABELS
                if (value := getattr(provider, name)) is not None
            },
        )


def _seconds(value: float) -> str:
    return f"{value:g}"


def provider_type_or_none(value: str) -> registry.ProviderType | None:
    try:
        return registry.ProviderType(value)
    except ValueError:
        return None


def _mentions(annotation: Any, wanted: type) -> bool:
    if annotation is wanted:
        return True
    return any(_mentions(arg, wanted) for arg in get_args(annotation))


def _input_type(name: str, annotation: Any) -> str:
    if _mentions(annotation, SecretStr):
        return "password"
    if _mentions(annotation, bool):
        return "checkbox"
    if _mentions(annotation, int) or _mentions(annotation, float):
        return "number"
    return "url" if name.endswith("url") else "text"


def _optional(annotation: Any) -> bool:
    origin = get_origin(annotation)
    return origin in (Union, types.UnionType) and type(None) in get_args(annotation)


_ACRONYMS = {"url": "URL", "api": "API", "id": "ID"}


def _label(name: str) -> str:
    words = [_ACRONYMS.get(word, word) for word in name.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def setting_fields(provider_type: registry.ProviderType) -> list[SettingField]:
    model: type[BaseModel] = registry.settings_model(provider_type)
    fields = []
    for name, info in model.model_fields.items():
        if name in TIMEOUT_FIELDS:  # the provider's own fields, in their own fieldset
            continue
        kind = _input_type(name, info.annotation)
        fields.append(
            SettingField(
                name=name,
                label=_label(name),
                input_type=kind,
                required=info.is_required() and not _optional(info.annotation),
                input_name=KEY_FIELD if name == KEY_FIELD else _SETTING_PREFIX + name,
            )
        )
    return fields


def settings_help(provider_type: registry.ProviderType) -> str:
    """The settings model's own description, shown above its fields."""
    doc = inspect.getdoc(registry.settings_model(provider_type)) or ""
    return " ".join(doc.replace("`", "").split())


def values_from_form(form: AdminForm, provider_type: registry.ProviderType) -> ProviderFormValues:
    settings: dict[str, Any] = {}
    for setting in setting_fields(provider_type):
        if setting.input_type == "password":
            continue
        if setting.input_type == "checkbox":
            settings[setting.name] = form.checked(setting.input_name)
        elif value := form.text(setting.input_name):
            settings[setting.name] = value
    return ProviderFormValues(
        provider_type=str(provider_type),
        name=form.text("name"),
        model_name=form.text("model_name"),
        settings=settings,
        is_active=form.checked("is_active"),
        is_default=form.checked("is_default"),
        default_for=[t for t in form.texts("default_for") if t in set(TaskType)],
        timeouts={name: text for name in TIMEOUT_LABELS if (text := form.text(name))},
    )


def _key(form: AdminForm) -> SecretStr | None:
    raw = form.raw(KEY_FIELD)
    return SecretStr(raw) if raw.strip() else None


def create_request(form: AdminForm, values: ProviderFormValues) -> ProviderCreate:
    return _validated(ProviderCreate, provider_type=values.provider_type, **_fields(form, values))


def update_request(form: AdminForm, values: ProviderFormValues) -> ProviderUpdate:
    return _validated(ProviderUpdate, **_fields(form, values))


def _fields(form: AdminForm, values: ProviderFormValues) -> dict[str, Any]:
    """What the add and edit forms both submit."""
    return {
        "name": values.name,
        "model_name": values.model_name,
        "api_key": _key(form),
        "settings": values.settings,
        "is_active": values.is_active,
        "is_default": values.is_default,
        "default_for": values.default_for,
        **{name: values.timeouts.get(name) for name in TIMEOUT_LABELS},
    }


def _validated(model: type[M], **data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(describe_validation(exc.errors())) from None
