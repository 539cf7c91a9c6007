"""Kazi's error tree and the single envelope every error answer uses."""

from http import HTTPStatus


class KaziError(Exception):
    """An error a client may see: a stable code, a human message and an HTTP status."""

    code = "error"
    status = HTTPStatus.BAD_REQUEST
    message = "The request could not be completed."

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.headers = headers or {}


class NotFound(KaziError):
    code = "not_found"
    status = HTTPStatus.NOT_FOUND
    message = "Not found."


class Unauthorized(KaziError):
    code = "unauthorized"
    status = HTTPStatus.UNAUTHORIZED
    message = "Authentication required."


class Forbidden(KaziError):
    code = "forbidden"
    status = HTTPStatus.FORBIDDEN
    message = "You are not allowed to do this."


class Conflict(KaziError):
    code = "conflict"
    status = HTTPStatus.CONFLICT


class InvalidInput(KaziError):
    code = "invalid_input"
    status = HTTPStatus.UNPROCESSABLE_ENTITY


class TooManyRequests(KaziError):
    code = "rate_limited"
    status = HTTPStatus.TOO_MANY_REQUESTS
    message = "Too many requests."


class ServiceUnavailable(KaziError):
    code = "unavailable"
    status = HTTPStatus.SERVICE_UNAVAILABLE
    message = "The service is temporarily unavailable."


class DatabaseUnavailable(ServiceUnavailable):
    code = "database_unavailable"
    message = "The database cannot be reached right now. Try again in a few seconds."

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "5"})
